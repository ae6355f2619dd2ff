/**
 * The soak's hostile mix (run in a process of its own by bench/hostile.ts), each part from its own
 * connections, until told to stop:
 *
 * - big queries: distinct `{ __typename }` documents padded to ~95 KB, and every tenth one past
 *   LIMITS.maxQueryBytes, which must be refused with 413;
 * - sweeps at the edge of the compute budget (BUDGET.maxSweepUnits: 1,000 sources at 10,000
 *   points, as many aliases as fit; BUDGET.maxSweepValues: 9 outputs at 10,000 points, as many
 *   aliases as fit) and one alias past each, which must be refused with 400 COMPUTE_BUDGET_EXCEEDED;
 * - idle sockets: each sends part of a request line and holds, re-opened when the server drops it
 *   (which it must: its headers timeout is 10 s, checked every second, from its accept);
 * - imports from one key: rounds of a few concurrent importLibrary of a few thousand scenarios,
 *   of which one must run and the others are refused 429 (one import per key at a time) or, having
 *   waited in the server's fair queue until it finished, run after it — unless the key has written
 *   its FLOPSCOPE_IMPORT_ROWS_PER_MINUTE, when all are refused 429; the next round after the
 *   Retry-After (an attacker who does not wait is refused as cheaply).
 *
 * The requests come from 127.0.0.2 and the idle sockets from 127.0.0.3 (loopback answers for all of
 * 127/8): other clients than the normal load's and the probes' 127.0.0.1, as an attacker would be,
 * so that the server's per-address connection limit applies to them as it would in production.
 *
 * Answers are tallied by status and error code; `unexpected` counts what the protections promise
 * otherwise (a refusal not given, a 500, a socket kept past 30 s, a round of imports in which
 * none or several ran).
 */
import http from 'node:http';
import net from 'node:net';
import { DEFAULT_MAX_POINTS, MAX_DATA_SOURCES } from '../../src/core';
import { LIMITS } from '../../src/server/limits';
import { BUDGET } from '../../src/services/budget';
import { GRID_100X100, SWEEP_SPEC } from '../core-sweep';
import { body, ESTIMATE_SCALARS } from './queries';
import { now, quantile, round, sleep } from './stats';

/** The hostile requests' client address, and the idle sockets'. */
const REQUESTS_FROM = '127.0.0.2';
const SOCKETS_FROM = '127.0.0.3';

export interface HostileConfig {
  base: string;
  /** `Bearer <key>` of the one user whose imports these are, an OWNER of `importLibraryId`. */
  importAuthorization: string;
  importLibraryId: string;
  bigClients: number;
  sweepClients: number;
  idleSockets: number;
  importsPerRound: number;
  importScenarios: number;
}

class Tally {
  sent = 0;
  answers: Record<string, number> = {};
  unexpected = 0;
  notes: string[] = [];
  private ms: number[] = [];
  add(answer: string, ms: number, expected: boolean) {
    this.sent++;
    this.answers[answer] = (this.answers[answer] ?? 0) + 1;
    this.ms.push(ms);
    if (!expected) this.fail(answer);
  }
  fail(note: string) {
    this.unexpected++;
    if (this.notes.length < 10) this.notes.push(note);
  }
  summary() {
    return {
      sent: this.sent,
      answers: this.answers,
      unexpected: this.unexpected,
      notes: this.notes,
      p50Ms: round(quantile(this.ms, 0.5)),
      p99Ms: round(quantile(this.ms, 0.99)),
    };
  }
}

/** POSTs `text` to /graphql; resolves with "status" or "status CODE" (the first error's code), or "socket error …". */
function post(base: string, agent: http.Agent, text: string, headers: Record<string, string> = {}): Promise<{ answer: string; retryAfter: number }> {
  return new Promise((resolve) => {
    const req = http.request(
      `${base}/graphql`,
      {
        method: 'POST',
        agent,
        localAddress: REQUESTS_FROM,
        timeout: 60_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const retryAfter = Number(res.headers['retry-after'] ?? 1);
        const chunks: Buffer[] = [];
        // An answer of 200 is not read (a sweep's is megabytes); a refusal is small, its code named.
        res.on('data', (c: Buffer) => void (status !== 200 && chunks.push(c)));
        res.on('end', () => {
          let code = '';
          try {
            // A rate limit is told by which limit it is (one import at a time, or the key's rows a minute).
            const ext = status !== 200 ? JSON.parse(Buffer.concat(chunks).toString()).errors?.[0]?.extensions : undefined;
            code = [ext?.code, ext?.code === 'RATE_LIMITED' ? ext?.limit : undefined].filter(Boolean).join(' ');
          } catch {
            code = 'unreadable';
          }
          resolve({ answer: code ? `${status} ${code}` : String(status), retryAfter });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('ETIMEDOUT')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ answer: `socket error ${e.code ?? e.message}`, retryAfter: 1 }));
    req.end(text);
  });
}

/**
 * A socket that has not sent its headers must be dropped within this: the server's headers timeout
 * is 10 s, checked every second, from when it accepts the connection; held from the client's
 * connect, a socket also waits in the listen queue until the server accepts it (its requestTimeout,
 * 30 s, is the bound here).
 */
const IDLE_DROP_MS = 30_000;

const isServerError = (answer: string) => answer.startsWith('5') && !answer.startsWith('503 TIMEOUT');

/** `clients` loops, each sending next(i) (its body and what it must be answered) until `stop`. */
function loops(base: string, clients: number, stop: () => boolean, tally: Tally, next: (n: number) => { label: string; text: string; must?: string }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  let n = 0;
  const one = async () => {
    while (!stop()) {
      const { label, text, must } = next(n++);
      const t0 = now();
      const { answer } = await post(base, agent, text);
      tally.add(`${label}: ${answer}`, now() - t0, must ? answer === must : !isServerError(answer));
    }
  };
  return Promise.all(Array.from({ length: clients }, one)).finally(() => agent.destroy());
}

/** `{ __typename }` padded with spaces to `bytes` of document, made unique by a comment. */
function bigQuery(bytes: number, unique: string): string {
  const head = '{ __typename }';
  const tail = `# ${unique}`;
  return JSON.stringify({ query: `${head}${' '.repeat(Math.max(0, bytes - head.length - tail.length))}${tail}` });
}

/** The budget-edge sweeps and one alias past each, derived from BUDGET and the grid cap. */
export function budgetSweeps() {
  const points = DEFAULT_MAX_POINTS;
  const outputs = ESTIMATE_SCALARS.split(' ');
  const axes = GRID_100X100;
  const wide = { ...SWEEP_SPEC, data: Array.from({ length: MAX_DATA_SOURCES }, (_, i) => ({ kind: 'TEXT', count: 1e9 + i })), ranges: undefined };
  const unitsAliases = Math.floor(BUDGET.maxSweepUnits / (points * MAX_DATA_SOURCES));
  const valuesAliases = Math.floor(BUDGET.maxSweepValues / (points * outputs.length));
  const sweeps = (aliases: number, series: string, input: unknown) =>
    body(
      `query($i: ScenarioInput!, $a: [SweepAxisInput!]!) { ${Array.from({ length: aliases }, (_, k) => `s${k}: sweep(input: $i, axes: $a) { points series { ${series} } }`).join(' ')} }`,
      { i: input, a: axes },
    );
  return {
    unitsAliases,
    valuesAliases,
    shapes: [
      { label: `units edge (${unitsAliases} × ${points} points × ${MAX_DATA_SOURCES} sources)`, text: sweeps(unitsAliases, 'flops', wide) },
      { label: `values edge (${valuesAliases} × ${points} points × ${outputs.length} outputs)`, text: sweeps(valuesAliases, outputs.join(' '), SWEEP_SPEC) },
      { label: 'units over', text: sweeps(unitsAliases + 1, 'flops', wide), must: '400 COMPUTE_BUDGET_EXCEEDED' },
      { label: 'values over', text: sweeps(valuesAliases + 1, outputs.join(' '), SWEEP_SPEC), must: '400 COMPUTE_BUDGET_EXCEEDED' },
    ],
  };
}

/** `count` sockets that each send part of a request line and hold it, re-opened when dropped. */
function idleSockets(base: string, count: number, stop: () => boolean) {
  const { hostname, port } = new URL(base);
  const held: number[] = [];
  const open = new Map<net.Socket, number>();
  const stats = { opened: 0, droppedByServer: 0, closedAtOnce: 0, connectErrors: 0, maxOpen: 0, firstLines: {} as Record<string, number>, heldTooLong: 0 };
  const connect = () => {
    if (stop()) return;
    const socket = net.connect({ port: Number(port), host: hostname, localAddress: SOCKETS_FROM });
    let failed = false;
    let seen = false;
    socket.on('connect', () => {
      stats.opened++;
      open.set(socket, now());
      stats.maxOpen = Math.max(stats.maxOpen, open.size);
      socket.write('POST /graphql HT'); // and nothing more
    });
    socket.on('data', (d: Buffer) => {
      if (seen) return;
      seen = true;
      const line = d.toString('latin1').split('\r\n')[0].slice(0, 40);
      stats.firstLines[line] = (stats.firstLines[line] ?? 0) + 1;
    });
    socket.on('error', () => void (failed = true));
    socket.on('close', () => {
      const openedAt = open.get(socket);
      open.delete(socket);
      let again = failed ? 200 : 10;
      if (openedAt === undefined) stats.connectErrors++;
      else if (!seen) {
        // Closed without a byte of answer (a dropped one gets 408): the server's per-address
        // connection limit, however late the server got to accept it. Try again later.
        stats.closedAtOnce++;
        again = 200;
      } else if (!stop()) {
        stats.droppedByServer++;
        held.push(now() - openedAt);
        if (now() - openedAt > IDLE_DROP_MS) stats.heldTooLong++;
      }
      setTimeout(connect, again);
    });
  };
  const opening = (async () => {
    for (let i = 0; i < count && !stop(); i++) {
      connect();
      if (i % 100 === 99) await sleep(100); // 1,000 a second, not all at once into the accept queue
    }
  })();
  return {
    async end() {
      await opening;
      const t = now();
      const stillOpen = open.size;
      for (const [socket, openedAt] of open) {
        if (t - openedAt > IDLE_DROP_MS) stats.heldTooLong++;
        socket.destroy();
      }
      return {
        ...stats,
        stillOpenAtStop: stillOpen,
        heldP50Ms: round(quantile(held, 0.5)),
        heldMaxMs: round(held.length ? held.reduce((a, b) => Math.max(a, b), 0) : NaN),
      };
    },
  };
}

/** Rounds of `perRound` concurrent imports from one key; at most one of a round may run. */
async function imports(c: HostileConfig, stop: () => boolean, tally: Tally) {
  const scenarios = Array.from({ length: c.importScenarios }, (_, i) => ({
    name: `hostile import ${i}`,
    description: null,
    tags: [],
    input: { model: { parameters: 1e9 + i }, data: [{ kind: 'TEXT', count: 1e12 }], cluster: { hardware: 'h100-sxm', gpuCount: 64 } },
  }));
  const document = {
    format: 'flopscope.library',
    version: 1,
    exportedAt: new Date().toISOString(),
    library: { name: 'hostile', description: null },
    hardware: [],
    scenarios,
  };
  const text = body('mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d, onDuplicate: COPY) { scenarios } }', {
    l: c.importLibraryId,
    d: document,
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: c.importsPerRound });
  let rounds = 0;
  while (!stop()) {
    rounds++;
    const answers = await Promise.all(
      Array.from({ length: c.importsPerRound }, async () => {
        const t0 = now();
        const r = await post(c.base, agent, text, { authorization: c.importAuthorization });
        tally.add(r.answer, now() - t0, !isServerError(r.answer));
        return r;
      }),
    );
    // None of the key's imports runs as a round begins (the last round's have all answered): one must run now. The
    // others are refused 429 if they reach the server while it runs; one that waited its turn in the server's fair queue
    // (src/server/dispatch.ts) until the first had finished may run after it: one at a time, never two at once.
    // Or the key has written its FLOPSCOPE_IMPORT_ROWS_PER_MINUTE for this minute: then none runs.
    const ran = answers.filter((a) => a.answer === '200').length;
    const other = answers.filter((a) => a.answer !== '200' && !a.answer.startsWith('429'));
    const budgetSpent = answers.some((a) => a.answer === '429 RATE_LIMITED importRowsPerMinute');
    if ((ran < 1 && !budgetSpent) || other.length > 0)
      tally.fail(`round ${rounds}: ${ran} of ${c.importsPerRound} imports of one key ran (${answers.map((a) => a.answer).join(', ')})`);
    if (!stop()) await sleep(1000 * Math.max(...answers.map((a) => a.retryAfter || 1)));
  }
  agent.destroy();
  return { rounds, bodyBytes: Buffer.byteLength(text) };
}

export async function hostile(c: HostileConfig, stopped: Promise<void>, begun: () => void) {
  let stopping = false;
  void stopped.then(() => (stopping = true));
  const stop = () => stopping;
  const t0 = now();
  const big = new Tally();
  const sweeps = new Tally();
  const imported = new Tally();
  const { shapes, unitsAliases, valuesAliases } = budgetSweeps();
  const overBytes = LIMITS.maxQueryBytes + 10_000;
  const idle = idleSockets(c.base, c.idleSockets, stop);
  const running = Promise.all([
    loops(c.base, c.bigClients, stop, big, (n) =>
      n % 10 === 9
        ? { label: `${overBytes / 1000} KB`, text: bigQuery(overBytes, `${process.pid}-${n}`), must: '413 PAYLOAD_TOO_LARGE' }
        : { label: '95 KB', text: bigQuery(95_000, `${process.pid}-${n}`) },
    ),
    loops(c.base, c.sweepClients, stop, sweeps, (n) => shapes[n % shapes.length]),
    imports(c, stop, imported),
  ]);
  begun();
  const [, , importRounds] = await running;
  const idleStats = await idle.end();
  return {
    seconds: round((now() - t0) / 1000),
    /** CPU this process took (user and system): the machine's share the hostile mix's clients used. */
    cpuSeconds: round((process.cpuUsage().user + process.cpuUsage().system) / 1e6),
    bigQueries: { clients: c.bigClients, bytes: 95_000, overLimitBytes: overBytes, ...big.summary() },
    sweeps: { clients: c.sweepClients, unitsAliases, valuesAliases, kinds: shapes.map((s) => s.label), ...sweeps.summary() },
    imports: { perRound: c.importsPerRound, scenariosEach: c.importScenarios, ...importRounds, ...imported.summary() },
    idleSockets: { target: c.idleSockets, ...idleStats, unexpected: idleStats.heldTooLong },
  };
}

export type HostileResult = Awaited<ReturnType<typeof hostile>>;
