/**
 * The soak (target, `npm run bench -- --soak`, run on its own): mixed reads and writes at 50
 * connections for 300 s (30 s with --quick): estimates with every field, 50-item pages of the
 * 100k library, createScenario and keyed pages of the library it writes to, small sweeps. It
 * passes with no socket error or timeout, no non-2xx answer, no GraphQL error, and no upward
 * trend in RSS: sampled every 10 s, the median of the last third of the samples at most 10% above
 * the median of the first third.
 */
import { check, load, Shape } from '../lib/load';
import { AS_ADMIN, Q } from '../lib/queries';
import type { Result } from '../lib/report';
import { rss } from '../lib/server';
import type { Context } from '../lib/setup';
import { fig, int, mb, median, now, round } from '../lib/stats';

const CONNECTIONS = 50;
const TREND = 0.1;

export async function soak({ s, p }: Context): Promise<Result> {
  const mix: Shape[] = [
    { body: Q.estimateAll },
    { body: Q.page(s.big, null) },
    { body: Q.createScenario(s.soak), headers: AS_ADMIN },
    { body: Q.page(s.soak, null), headers: AS_ADMIN },
    { body: Q.smallSweep },
  ];
  for (const shape of mix) await check(s.server.base, shape);
  const pid = s.server.child.pid!;
  const samples: { atSeconds: number; rssMB: number }[] = [];
  const t0 = now();
  const sample = () => samples.push({ atSeconds: Math.round((now() - t0) / 1000), rssMB: mb(rss(pid)) });
  const sampler = setInterval(sample, 10_000);
  const stats = await load(s.server.base, mix, CONNECTIONS, p.soakSeconds, true);
  clearInterval(sampler);
  sample();
  const third = Math.max(1, Math.floor(samples.length / 3));
  const early = median(samples.slice(0, third).map((x) => x.rssMB));
  const late = median(samples.slice(-third).map((x) => x.rssMB));
  const trend = (late - early) / early;
  const failures = stats.errors + stats.non2xx + stats.gqlErrors;
  const rssMB = samples.map((x) => x.rssMB);
  return {
    step: 'soak',
    title: `soak: ${p.soakSeconds} s of mixed reads and writes at ${CONNECTIONS} connections`,
    kind: 'target',
    limit: `no errors; RSS trend ≤ +${TREND * 100}%`,
    measured: `${int(stats.requests)} requests, ${failures} errors (${stats.errors} socket/timeouts, ${stats.non2xx} non-2xx, ${stats.gqlErrors} GraphQL); p50 ${fig(stats.p50)} ms, p99 ${fig(stats.p99)} ms; RSS ${Math.min(...rssMB)}-${Math.max(...rssMB)} MB (at the end ${rssMB[rssMB.length - 1]} MB), trend ${trend >= 0 ? '+' : ''}${(trend * 100).toFixed(1)}%`,
    pass: failures === 0 && trend <= TREND,
    details: {
      seconds: p.soakSeconds,
      connections: CONNECTIONS,
      mix: [
        'estimate (all fields)',
        '50-item page, 100k library',
        'createScenario (with a key)',
        '50-item page of the soak library (with a key)',
        '40-point sweep',
      ],
      requests: stats.requests,
      rps: round(stats.rps),
      p50Ms: round(stats.p50),
      p99Ms: round(stats.p99),
      socketErrorsAndTimeouts: stats.errors,
      non2xx: stats.non2xx,
      graphqlErrors: stats.gqlErrors,
      rssTrend: round(trend),
      rss: samples,
    },
  };
}
