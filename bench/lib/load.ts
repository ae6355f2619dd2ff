/**
 * Load from autocannon's programmatic API over keep-alive HTTP, with each response's own time
 * (not autocannon's 1 ms histogram); a request checked for errors; rounds alternating between the
 * sides of a comparison.
 */
import autocannon from 'autocannon';
import type { Durations } from './options';
import { median, quantile, round } from './stats';

/** A GraphQL answer's data, read loosely: each step checks the shape it reads at run time. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Data = any;

export interface Shape {
  body: string;
  headers?: Record<string, string>;
  /** What the request is, for per-request figures (LoadOptions.onResponse). */
  label?: string;
}

export interface LoadStats {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  gqlErrors: number;
}

export interface LoadOptions {
  /** Read every answer and count those with GraphQL errors (autocannon buffers bodies only then). */
  checkBodies?: boolean;
  /** Connection i sends clients[i % clients.length] in turn instead of `shapes` (e.g. one API key per group of connections). */
  clients?: Shape[][];
  /** Called with each answer: its shape's label, status, time and whether it held GraphQL errors (with checkBodies). */
  onResponse?: (label: string, status: number, ms: number, gqlError: boolean) => void;
}

const hasErrors = (text: string) => text.startsWith('{"errors"') || text.includes('"errors":[');

/** Closed-loop load: `connections` keep-alive connections sending `shapes` in turn for `seconds`. */
export async function load(base: string, shapes: Shape | Shape[], connections: number, seconds: number, opts: LoadOptions = {}): Promise<LoadStats> {
  const latencies: number[] = [];
  let gqlErrors = 0;
  // The answer autocannon has just read, told by its request's onResponse, which autocannon calls
  // synchronously just before it emits 'response' for that answer.
  let last = { label: '', gqlError: false };
  const requestsOf = (list: Shape[]): autocannon.Request[] =>
    list.map((s) => ({
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', ...s.headers },
      body: s.body,
      ...(opts.checkBodies
        ? {
            onResponse: (_status: number, text: string) => {
              last = { label: s.label ?? '', gqlError: hasErrors(text) };
              if (last.gqlError) gqlErrors++;
            },
          }
        : {}),
    }));
  const groups = (opts.clients ?? [Array.isArray(shapes) ? shapes : [shapes]]).map(requestsOf);
  let next = 0;
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: groups[0],
    timeout: 30,
    ...(groups.length > 1 ? { setupClient: (client: autocannon.Client) => client.setRequests(groups[next++ % groups.length]) } : {}),
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    latencies.push(ms);
    opts.onResponse?.(last.label, status, ms, last.gqlError);
  });
  const result = await instance;
  const elapsed = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    rps: latencies.length / elapsed,
    p50: median(latencies),
    p99: quantile(latencies, 0.99),
    requests: latencies.length,
    errors: result.errors, // autocannon counts its timeouts among its errors
    non2xx: result.non2xx,
    gqlErrors,
  };
}

/** One request, checked: a query the bench measures must answer without errors. Returns its data. */
export async function check(base: string, shape: Shape): Promise<Data> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...shape.headers }, body: shape.body });
  const json = (await res.json()) as { data?: Data; errors?: unknown[] };
  if (res.status !== 200 || json.errors) throw new Error(`query failed (${res.status}): ${JSON.stringify(json.errors ?? json).slice(0, 2000)}`);
  return json.data;
}

export interface Side {
  base: string;
  shape: Shape | Shape[];
}

/**
 * A warm-up of each side, then rounds of every side in turn, the order reversed on odd rounds
 * (A B C, C B A, ...) so that drift hits every side alike. Returns each side's rounds.
 */
export async function alternate(sides: Side[], connections: number, seconds: number, p: Pick<Durations, 'rounds' | 'warmup'>): Promise<LoadStats[][]> {
  for (const s of sides) await load(s.base, s.shape, connections, p.warmup);
  const out: LoadStats[][] = sides.map(() => []);
  for (let r = 0; r < p.rounds; r++) {
    const order = sides.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) out[i].push(await load(sides[i].base, sides[i].shape, connections, seconds));
  }
  return out;
}

/** The median over rounds of each round's figure. */
export const med = (xs: LoadStats[], k: keyof LoadStats) => median(xs.map((x) => x[k]));

export const summary = (xs: LoadStats[]) => ({
  rounds: xs.length,
  rps: round(med(xs, 'rps')),
  p50Ms: round(med(xs, 'p50')),
  p99Ms: round(med(xs, 'p99')),
  requests: xs.reduce((n, x) => n + x.requests, 0),
  errors: xs.reduce((n, x) => n + x.errors + x.non2xx, 0),
});

/**
 * ms for JSON.stringify of an answer, median of 15 after 3 warm-ups, in this process: the least
 * any server spends to answer it (it writes that text at least once), whatever it does before.
 */
export function stringifyMs(answer: unknown): number {
  const times: number[] = [];
  for (let i = 0; i < 18; i++) {
    const t0 = Number(process.hrtime.bigint()) / 1e6;
    JSON.stringify(answer);
    if (i >= 3) times.push(Number(process.hrtime.bigint()) / 1e6 - t0);
  }
  return median(times);
}
