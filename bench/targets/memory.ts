/**
 * RSS under load (target; issue 6's target 6): the server's resident set after each of 3 rounds
 * of a mixed read load at 50 connections (estimates with every field, 50-item pages of both
 * libraries, 40-point sweeps), on a freshly started server on the same data dir, so the figure
 * does not depend on what earlier steps asked of it (what that process had reached is reported).
 */
import { check, load, Shape } from '../lib/load';
import { Q } from '../lib/queries';
import type { StepDef } from '../lib/report';
import { rss, spawnServer, stopServer, waitReady } from '../lib/server';
import { log, mb, now, round } from '../lib/stats';

const LIMIT_MB = 300;
const GROWTH = 0.1;
const CONNECTIONS = 50;

export const memory: StepDef = {
  step: 'memory',
  title: `server RSS after each round of load at ${CONNECTIONS} connections, 3 rounds`,
  kind: 'target',
  limit: `< ${LIMIT_MB} MB, growth ≤ ${GROWTH * 100}%`,
  seeded: true,
  freeExecution: false,
  async run({ s, p }) {
    const mix: Shape[] = [{ body: Q.estimateAll }, { body: Q.page(s.big, null) }, { body: Q.page(s.small, null) }, { body: Q.smallSweep }];
    const earlierMB = mb(rss(s.server.child.pid!));
    await stopServer(s.server);
    s.server = spawnServer(s.dataDir, Number(new URL(s.server.base).port));
    await waitReady(s.server, now());
    const pid = s.server.child.pid!;
    const idle = rss(pid);
    for (const shape of mix) await check(s.server.base, shape);
    await load(s.server.base, mix, CONNECTIONS, p.warmup);
    const rounds: { rssMB: number; peakMB: number; rps: number; p99Ms: number; errors: number }[] = [];
    for (let r = 0; r < p.memoryRounds; r++) {
      let peak = 0;
      const sampler = setInterval(() => void (peak = Math.max(peak, rss(pid))), 500);
      const stats = await load(s.server.base, mix, CONNECTIONS, p.memorySeconds);
      clearInterval(sampler);
      const after = rss(pid);
      rounds.push({ rssMB: mb(after), peakMB: mb(Math.max(peak, after)), rps: round(stats.rps), p99Ms: round(stats.p99), errors: stats.errors + stats.non2xx });
      log(`memory round ${r + 1}: RSS ${mb(after)} MB (peak ${mb(Math.max(peak, after))} MB), ${Math.round(stats.rps)} req/s`);
    }
    const first = rounds[0].rssMB;
    const growth = (rounds[rounds.length - 1].rssMB - first) / first;
    const max = Math.max(...rounds.map((r) => r.rssMB));
    const errors = rounds.reduce((n, r) => n + r.errors, 0);
    return {
      measured: `${rounds.map((r) => r.rssMB).join(' → ')} MB after each ${p.memorySeconds} s (growth ${(growth * 100).toFixed(1)}%, peak ${Math.max(...rounds.map((r) => r.peakMB))} MB)${errors ? `; ${errors} errors` : ''}`,
      pass: max < LIMIT_MB && growth <= GROWTH && errors === 0,
      note: `On a freshly started server; the one that had run the earlier steps was at ${earlierMB} MB.`,
      details: {
        connections: CONNECTIONS,
        secondsPerRound: p.memorySeconds,
        rssOfTheEarlierProcessMB: earlierMB,
        rssFreshIdleMB: mb(idle),
        mix: ['estimate (all fields)', '50-item page, 100k library', '50-item page, 1k library', '40-point sweep'],
        rounds,
      },
    };
  },
};
