/**
 * The soak (target, `npm run bench -- --soak`, run on its own): the normal load — mixed reads and
 * writes at 50 connections — for 300 s alone, then 300 s more with the hostile mix beside it
 * (lib/hostile.ts, from a process of its own): one server process, one continuous normal load
 * (after a 3 s warm-up it is not measured in), 2 × 30 s with --quick. The normal load: estimates
 * with every field, 50-item pages of the 100k library, createScenario and keyed pages of the
 * library it writes to, small sweeps; its writes from 5 users (created with the admin key's
 * createUser, EDITORs of that library), 10 connections each, within FLOPSCOPE_WRITES_PER_KEY's
 * default of 16 mutations at once per key.
 *
 * It passes with: no crash (the server process alive throughout and at the end, every /healthz
 * probe — one a second, on a fresh connection — answered 200 within 10 s); the normal load free of
 * errors (socket, timeout, non-2xx, GraphQL); RSS below 600 MB at every sample (every 5 s) and, in
 * each half, no upward trend (the median of the last third of its samples at most 10% above the
 * first third's); the normal load's p99 beside the hostile mix at most 2× its p99 alone; and the
 * hostile mix answered as the protections promise (its refusals are counted by status and code,
 * not as failures).
 */
import { runChild } from '../lib/child';
import type { HostileConfig, HostileResult } from '../lib/hostile';
import { check, load, Shape } from '../lib/load';
import { Timeline, trend } from '../lib/phases';
import { probe, probeOnce } from '../lib/probe';
import { AS_ADMIN, Q } from '../lib/queries';
import type { Result } from '../lib/report';
import type { Context, Setup } from '../lib/setup';
import { fig, int, log, round, sleep, treeCpuSeconds } from '../lib/stats';

const CONNECTIONS = 50;
const WRITERS = 5;
const RSS_LIMIT_MB = 600;
const TREND = 0.1;
const P99_RATIO = 2;
const HOSTILE = { bigClients: 4, sweepClients: 2, idleSockets: 2000, importsPerRound: 4, importScenarios: 3000 };

type Phase = 'warmup' | 'alone' | 'hostile';

/** A user and their key, created by the admin; an EDITOR of `libraryId` when given. */
async function user(base: string, name: string, libraryId?: string): Promise<{ authorization: string }> {
  const { apiKey, user } = (await check(base, { body: Q.createUser(name), headers: AS_ADMIN })).createUser;
  if (libraryId) await check(base, { body: Q.addMember(libraryId, user.id, 'EDITOR'), headers: AS_ADMIN });
  return { authorization: `Bearer ${apiKey}` };
}

/** The normal load of one writer's connections. */
const mixOf = (s: Setup, key: { authorization: string }): Shape[] => [
  { label: 'estimate', body: Q.estimateAll },
  { label: 'page, 100k library', body: Q.page(s.big, null) },
  { label: 'createScenario', body: Q.createScenario(s.soak), headers: key },
  { label: 'keyed page, soak library', body: Q.page(s.soak, null), headers: key },
  { label: '40-point sweep', body: Q.smallSweep },
];

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const count = (answers: Record<string, number>, word: string) =>
  Object.entries(answers)
    .filter(([k]) => k.includes(word))
    .reduce((n, [, v]) => n + v, 0);

export async function soak({ s, p }: Context): Promise<Result> {
  const base = s.server.base;
  const server = s.server;
  const keys = [];
  for (let i = 0; i < WRITERS; i++) keys.push(await user(base, `soak writer ${i + 1}`, s.soak));
  const importer = await user(base, 'hostile importer');
  const importLibraryId = (await check(base, { body: Q.createLibrary('hostile imports', 'PRIVATE'), headers: importer })).createLibrary.id;
  const clients = keys.map((k) => mixOf(s, k));
  for (const shape of clients.flat()) await check(base, shape);

  let exited: string | null = null;
  void server.exited.then((code) => (exited = `the server exited (${code ?? server.child.signalCode}) during the soak`));
  const t = new Timeline<Phase>('warmup', server.child.pid!, 5000);
  const failures: string[] = [];
  const onFailure = (e: string) => void failures.push(`${Math.round(t.at() / 1000)} s: ${e}`);
  const fresh = probe(base, 1000, { t0: t.t0, onFailure });
  const kept = probe(base, 1000, { t0: t.t0, keepAlive: true });
  const normal = load(base, [], CONNECTIONS, p.warmup + 2 * p.soakSeconds, {
    checkBodies: true,
    clients,
    onResponse: (label, status, ms, e) => t.answers[t.phase].add(label, status, ms, e),
  });
  await sleep(p.warmup * 1000);
  t.enter('alone');
  // CPU seconds of the server (with its PostgreSQL), of this process (the normal load and probes), and of the attacker's process.
  const own = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const cpu0 = { server: treeCpuSeconds(server.child.pid!), load: own(), at: performance.now() };
  await sleep(p.soakSeconds * 1000);
  const cpu1 = { server: treeCpuSeconds(server.child.pid!), load: own(), at: performance.now() };
  log(`soak: the hostile mix beside the normal load for ${p.soakSeconds} s`);
  const config: HostileConfig = { base, importAuthorization: importer.authorization, importLibraryId, ...HOSTILE };
  const child = runChild<HostileResult>('hostile', config);
  await child.started;
  t.enter('hostile');
  const hostile0 = treeCpuSeconds(child.pid);
  const stats = await normal;
  const cpu2 = { server: treeCpuSeconds(server.child.pid!), load: own(), hostile: treeCpuSeconds(child.pid) - hostile0, at: performance.now() };
  child.stop();
  t.stop();
  const hostile = await child.result;
  const [freshProbes, keptProbes] = [await fresh.stop(), await kept.stop()];
  const last = await probeOnce(base, 10_000);
  if (!last.ok) failures.push(`the last probe: ${last.error}`);
  if (exited) failures.push(exited);

  const alone = t.answers.alone.summary(t.seconds('alone'));
  const beside = t.answers.hostile.summary(t.seconds('hostile'));
  const ratio = beside.p99Ms / alone.p99Ms;
  const rssAlone = t.rssOf('alone');
  const rssBeside = t.rssOf('hostile');
  const rssMB = t.samples.map((x) => x.rssMB);
  const trends = { alone: trend(rssAlone), hostile: trend(rssBeside) };
  const errors = stats.errors + stats.non2xx + stats.gqlErrors;
  const alive = server.child.exitCode === null && !exited && last.ok;
  /** Cores busy on average in each phase (CPU seconds per second), per party. */
  const cores = (a: { server: number; load: number; at: number }, b: typeof a, hostileSeconds = 0) => {
    const s = (b.at - a.at) / 1000;
    return { server: round((b.server - a.server) / s, 2), load: round((b.load - a.load) / s, 2), hostile: round(hostileSeconds / s, 2) };
  };
  const cpu = { alone: cores(cpu0, cpu1), hostile: cores(cpu1, cpu2, cpu2.hostile) };
  const h = hostile;
  const broken = {
    'big queries': h.bigQueries.unexpected,
    sweeps: h.sweeps.unexpected,
    'import rounds': h.imports.unexpected,
    'idle sockets held past 30 s': h.idleSockets.unexpected,
  };
  const unexpected = Object.values(broken).reduce((n, x) => n + x, 0);
  const health = { alone: t.probes(freshProbes, 'alone'), hostile: t.probes(freshProbes, 'hostile') };
  const keptAlive = { alone: t.probes(keptProbes, 'alone'), hostile: t.probes(keptProbes, 'hostile') };
  const missed = freshProbes.filter((x) => !x.ok).length;
  const measured = [
    `${alive ? '0 crashes' : 'the server DOWN'}; /healthz missed ${missed} of ${freshProbes.length} probes`,
    `p99 ${fig(health.alone.p99Ms)} ms alone, ${fig(health.hostile.p99Ms)} ms beside the hostile mix (on a kept-alive connection ${fig(keptAlive.alone.p99Ms)} and ${fig(keptAlive.hostile.p99Ms)} ms)`,
    `normal load ${int(stats.requests)} requests, ${errors} errors; p99 ${fig(alone.p99Ms)} ms alone, ${fig(beside.p99Ms)} ms beside the hostile mix (×${round(ratio, 2)})`,
    `cores busy alone: server ${cpu.alone.server}, load ${cpu.alone.load}; beside: server ${cpu.hostile.server}, load ${cpu.hostile.load}, the attacker's own process ${cpu.hostile.hostile}`,
    `RSS ${Math.min(...rssAlone)}-${Math.max(...rssAlone)} MB alone (trend ${pct(trends.alone)}), ${Math.min(...rssBeside)}-${Math.max(...rssBeside)} MB beside the hostile mix (trend ${pct(trends.hostile)})`,
    `hostile: ${int(h.bigQueries.sent)} big queries (${int(count(h.bigQueries.answers, '413'))} refused 413), ${int(h.sweeps.sent)} budget-edge sweeps (${count(h.sweeps.answers, 'COMPUTE_BUDGET_EXCEEDED')} refused 400), ${h.imports.sent} imports (${count(h.imports.answers, '429')} refused 429, ${count(h.imports.answers, 'importRowsPerMinute')} of them past the key's rows a minute), ${int(h.idleSockets.opened)} idle sockets (held ${fig(h.idleSockets.heldP50Ms / 1000)} s median; ${int(t.overflows.hostile)} listen-queue overflows on the machine, ${int(t.overflows.alone)} alone); unexpected: ${
      unexpected
        ? Object.entries(broken)
            .filter(([, n]) => n)
            .map(([k, n]) => `${int(n)} ${k}`)
            .join(', ')
        : 'none'
    }`,
  ].join('; ');
  const notes = [
    ...(failures.length
      ? [`${failures.length} /healthz failures (${failures.slice(0, 3).join('; ')}${failures.length > 3 ? `; … ${failures[failures.length - 1]}` : ''})`]
      : []),
    ...[h.bigQueries, h.sweeps, h.imports].flatMap((x) => (x.unexpected ? [`${x.notes[0]}${x.unexpected > 1 ? ` (and ${x.unexpected - 1} more)` : ''}`] : [])),
  ].filter(Boolean);
  return {
    step: 'soak',
    title: `soak: ${p.soakSeconds} s of mixed reads and writes at ${CONNECTIONS} connections, then ${p.soakSeconds} s more beside a hostile mix`,
    kind: 'target',
    limit: `0 crashes, no /healthz missed; normal load without errors; RSS < ${RSS_LIMIT_MB} MB, trend ≤ +${TREND * 100}% in each half; p99 beside the hostile mix ≤ ${P99_RATIO}× alone; hostile mix answered as promised`,
    measured,
    pass:
      alive &&
      missed === 0 &&
      errors === 0 &&
      Math.max(...rssMB) < RSS_LIMIT_MB &&
      Math.max(trends.alone, trends.hostile) <= TREND &&
      ratio <= P99_RATIO &&
      !unexpected,
    ...(notes.length ? { note: notes.slice(0, 12).join('; ') } : {}),
    details: {
      seconds: { warmup: p.warmup, alone: round(t.seconds('alone')), hostile: round(t.seconds('hostile')) },
      connections: CONNECTIONS,
      writers: { users: WRITERS, connectionsPerKey: CONNECTIONS / WRITERS },
      mix: mixOf(s, keys[0]).map((x) => x.label),
      normal: {
        requests: stats.requests,
        socketErrorsAndTimeouts: stats.errors,
        non2xx: stats.non2xx,
        graphqlErrors: stats.gqlErrors,
        alone,
        beside,
        p99Ratio: round(ratio),
      },
      serverAlive: alive,
      health,
      healthFailures: failures,
      healthKeptAlive: keptAlive,
      healthProbes: freshProbes.map((x) => ({ atSeconds: round(x.at / 1000), ms: round(x.ms), ok: x.ok })),
      listenOverflowsMachineWide: t.overflows,
      coresBusy: cpu,
      rssLimitMB: RSS_LIMIT_MB,
      rssTrends: { alone: round(trends.alone), hostile: round(trends.hostile) },
      rss: t.samples,
      hostile: { config: HOSTILE, ...hostile },
    },
  };
}
