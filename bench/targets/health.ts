/**
 * /healthz under floods (target): its latency while 20 clients flood the server with 10,000-point
 * sweeps (100 x 100, the 9 outputs per point), and while 4 clients flood it with the histories of
 * every scenario of the 1,000-scenario library, 30 aliases of them per request (LIMITS.maxAliases),
 * or as many as the compute budget admits (BUDGET.maxFieldValues; the 30 are then refused with 400).
 * Each flood runs in a process of its own (bench/flood.ts) for 10 s; this process, idle
 * otherwise, probes /healthz as a load balancer does: one GET at a time on a fresh connection,
 * every 20 ms. The floods alternate over 3 rounds (A B, B A, A B); a figure is the median over
 * rounds. It passes with each flood's p99 under 100 ms, the floods answered without errors.
 */
import { runChild } from '../lib/child';
import type { FloodResult } from '../flood';
import { check, Data, Shape } from '../lib/load';
import { probe, probeSummary, ProbeSample } from '../lib/probe';
import { Q } from '../lib/queries';
import type { StepDef } from '../lib/report';
import { fig, median, round, sleep } from '../lib/stats';

const LIMIT_MS = 100;
const EVERY_MS = 20;
/** LIMITS.maxAliases. */
const MAX_ALIASES = 30;

interface Flood {
  name: string;
  shape: Shape;
  clients: number;
}

/**
 * The most history aliases (up to LIMITS.maxAliases) the compute budget admits: the server prices
 * the answer's values before it runs, and refuses a request over BUDGET.maxFieldValues with 400.
 */
async function historyAliases(base: string, libraryId: string): Promise<{ aliases: number; refused: string | null }> {
  let refused: string | null = null;
  for (let aliases = MAX_ALIASES, tries = 0; tries < 4; tries++) {
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Q.histories(libraryId, aliases) });
    const json = (await res.json()) as { data?: Data; errors?: { extensions?: { code?: string; limit?: string; units?: number; max?: number } }[] };
    const e = json.errors?.[0]?.extensions;
    if (res.status === 200 && !json.errors) {
      if (json.data.h0.edges.length !== 1000) throw new Error(`the history flood reads ${json.data.h0.edges.length} scenarios, not 1,000`);
      return { aliases, refused };
    }
    if (e?.code !== 'COMPUTE_BUDGET_EXCEEDED' || !e.units || !e.max)
      throw new Error(`the history query failed (${res.status}): ${JSON.stringify(json).slice(0, 500)}`);
    refused ??= `${aliases} aliases are refused (400 ${e.limit}: ${e.units.toLocaleString('en-US')} > ${e.max.toLocaleString('en-US')})`;
    aliases = Math.min(aliases - 1, Math.floor((aliases * e.max) / e.units));
  }
  throw new Error('no history query within the budget');
}

async function during(base: string, flood: Flood, seconds: number) {
  const child = runChild<FloodResult>('flood', { base, shape: flood.shape, clients: flood.clients, seconds });
  await child.started;
  const prober = probe(base, EVERY_MS);
  const stats = await child.result.finally(() => prober.stop());
  return { stats, probes: await prober.stop() };
}

export const health: StepDef = {
  step: 'health',
  title: '/healthz latency during a sweep flood and a history flood',
  kind: 'target',
  limit: `p99 < ${LIMIT_MS} ms during each`,
  seeded: true,
  freeExecution: false,
  async run({ s, p }) {
    const base = s.server.base;
    const { aliases, refused } = await historyAliases(base, s.small);
    const floods: Flood[] = [
      { name: 'sweeps', shape: { body: Q.sweep }, clients: 20 },
      { name: 'histories', shape: { body: Q.histories(s.small, aliases) }, clients: 4 },
    ];
    if ((await check(base, floods[0].shape)).sweep.points !== 10_000) throw new Error('the sweep flood is not of 10,000 points');

    const idle = probe(base, EVERY_MS);
    await sleep(2000);
    const quiet = probeSummary(await idle.stop());
    const rounds: Record<string, { stats: FloodResult; probes: ProbeSample[] }[]> = { sweeps: [], histories: [] };
    for (let r = 0; r < p.healthRounds; r++) {
      const order = r % 2 ? [...floods].reverse() : floods;
      for (const f of order) rounds[f.name].push(await during(base, f, p.floodSeconds));
    }
    const figures = floods.map((f) => {
      const rs = rounds[f.name];
      const each = rs.map((x) => probeSummary(x.probes));
      const failed = rs.reduce((n, x) => n + x.stats.failed, 0);
      return {
        flood: f.name,
        clients: f.clients,
        p50Ms: round(median(each.map((x) => x.p50Ms))),
        p99Ms: round(median(each.map((x) => x.p99Ms))),
        maxMs: round(Math.max(...each.map((x) => x.maxMs))),
        probes: each.reduce((n, x) => n + x.probes, 0),
        probesFailed: each.reduce((n, x) => n + x.failed, 0),
        pooled: probeSummary(rs.flatMap((x) => x.probes)),
        rounds: each,
        floodAnswered: rs.reduce((n, x) => n + x.stats.requests, 0),
        floodSeconds: round(rs.reduce((n, x) => n + x.stats.seconds, 0)),
        floodFailed: failed,
        floodStatuses: rs.map((x) => x.stats.statuses),
        floodP50Ms: round(median(rs.map((x) => x.stats.p50Ms))),
      };
    });
    const [sw, hi] = figures;
    const problems = figures.flatMap((f) => [
      ...(f.probesFailed ? [`${f.probesFailed} probes failed during the ${f.flood} flood`] : []),
      ...(f.floodFailed || !f.floodAnswered ? [`the ${f.flood} flood had ${f.floodFailed} errors in ${f.floodAnswered} answers`] : []),
    ]);
    const text = (f: (typeof figures)[number], what: string) =>
      `${what} (${f.clients} clients, ${fig(f.floodAnswered / f.floodSeconds)} answers/s): p50 ${fig(f.p50Ms)} ms, p99 ${fig(f.p99Ms)} ms`;
    return {
      measured: `${text(sw, '10,000-point sweeps')}; ${text(hi, `${aliases}-alias histories of 1,000 scenarios`)} (idle: p99 ${fig(quiet.p99Ms)} ms)`,
      pass: problems.length === 0 && figures.every((f) => f.p99Ms < LIMIT_MS),
      ...(problems.length || refused
        ? { note: [...problems, ...(refused ? [`History flood: ${refused}; the flood sends the most the budget admits.`] : [])].join('; ') }
        : {}),
      details: {
        everyMs: EVERY_MS,
        floodSeconds: p.floodSeconds,
        rounds: p.healthRounds,
        historyAliases: aliases,
        historyRefused: refused,
        idle: quiet,
        floods: figures,
      },
    };
  },
};
