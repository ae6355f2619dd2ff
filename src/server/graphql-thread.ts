/**
 * /graphql answered by a thread of its own (graphql.worker.ts), so that no request's work — rows,
 * estimates, JSON, garbage collection — can hold the main event loop, which serves /healthz,
 * /readyz, the pages and every new connection. The main thread reads the request body and writes
 * the answer; the thread does all the rest. Its heap is bounded (FLOPSCOPE_GRAPHQL_HEAP_MB,
 * compute/heap.ts). A thread that dies (a bug, or live data that reached the bound) answers its
 * requests in flight 503 SERVICE_UNAVAILABLE and is started again.
 */
import path from 'node:path';
import type http from 'node:http';
import { Worker } from 'node:worker_threads';
import { GRAPHQL_HEAP_MB, heapLimits, outOfMemory } from '../compute/heap';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { PROJECT_ROOT } from '../paths';
import { FairDispatch } from './dispatch';
import { LIMITS } from './limits';
import { refusalAnswer } from './refusals';
import type { GraphQLAnswer, GraphQLRequest } from './graphql';
import type { ThreadData } from './graphql.worker';
import type { StreamIn, StreamOut, StreamRequest } from './stream';

/** The compiled thread: it runs JavaScript, also when the server itself runs under ts-jest. */
const THREAD = path.join(PROJECT_ROOT, 'dist', 'src', 'server', 'graphql.worker.js');

/** A stop waits this long for the thread to close its pools before it is terminated. */
const STOP_GRACE_MS = 10_000;

export type ToThread = { type: 'request'; id: number; request: GraphQLRequest } | { type: 'gone'; id: number } | { type: 'stop' } | StreamIn;
export type FromThread =
  | StreamOut
  | { type: 'ready'; generatedAdminKey: string | null }
  | { type: 'error'; message: string }
  | { type: 'answer'; id: number; answer: ThreadAnswer }
  | { type: 'failed'; id: number }
  | { type: 'stopped' };

/** An answer as the thread sends it: the JSON's UTF-8 bytes, moved to the main thread rather than copied as a string. */
export type ThreadAnswer = Omit<GraphQLAnswer, 'body'> & { body: Uint8Array };

export interface GraphQLThread {
  /** Answers one request for /graphql whose body has been read (its bytes, moved to the thread: `body` is unusable after). */
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: Uint8Array, requestId: string): Promise<void>;
  /**
   * A streamed export or import (`GET /libraries/{id}/export`, `POST /libraries/{id}/import`,
   * stream.ts): its bytes carried between the socket and the thread a chunk at a time, each way.
   */
  stream(req: http.IncomingMessage, res: http.ServerResponse, url: URL, request: Pick<StreamRequest, 'kind' | 'libraryId' | 'requestId'>): Promise<void>;
  /** False while a thread that stopped is being replaced (/readyz says so). */
  running(): boolean;
  /** The admin key the first thread's seed generated (printed once), or null. */
  generatedAdminKey: string | null;
  stop(): Promise<void>;
}

/** What a request in flight is told when its thread stops: a write it was making is rolled back, unless it had just committed. */
const UNAVAILABLE: GraphQLAnswer = refusalAnswer({
  code: 'SERVICE_UNAVAILABLE',
  message: 'The GraphQL thread stopped while answering and is being started again; retry (a write not yet committed was rolled back: read before retrying one)',
  retryAfterSeconds: 1,
});

/** The same when it stopped because its live data reached FLOPSCOPE_GRAPHQL_HEAP_MB. */
function outOfHeap(heapMb: number): GraphQLAnswer {
  return refusalAnswer({
    code: 'SERVICE_UNAVAILABLE',
    message: `The GraphQL thread ran out of memory (its limit is ${heapMb} MB, FLOPSCOPE_GRAPHQL_HEAP_MB) and is being started again; retry, with smaller pages or imports if this recurs (a write not yet committed was rolled back: read before retrying one)`,
    extensions: { limit: 'graphqlHeapMb', max: heapMb },
    retryAfterSeconds: 1,
  });
}

/** A body read only to be dropped must have arrived this long after, or its connection is closed. */
const DRAIN_TIMEOUT_MS = 30_000;

/** Reads the rest of a request's body and drops it (up to a cap, then the socket is closed), so that an answer given early reaches the client. */
export function drainRequest(req: http.IncomingMessage) {
  if (req.complete) return;
  let dropped = 0;
  const slow = setTimeout(() => req.destroy(), DRAIN_TIMEOUT_MS);
  req.once('end', () => clearTimeout(slow));
  req.once('close', () => clearTimeout(slow));
  req.removeAllListeners('data');
  req.on('data', (c: Buffer) => {
    dropped += c.length;
    if (dropped > 20 * LIMITS.maxBodyBytes) req.destroy();
  });
  req.resume();
}

function write(res: http.ServerResponse, answer: GraphQLAnswer | ThreadAnswer) {
  if (res.headersSent || res.destroyed) return;
  const length = typeof answer.body === 'string' ? Buffer.byteLength(answer.body) : answer.body.byteLength;
  res.writeHead(answer.status, { ...answer.headers, 'content-length': length });
  res.end(answer.body);
}

export async function startGraphQLThread(config: Config, log: Logger, db: Database): Promise<GraphQLThread> {
  const pending = new Map<number, (answer: GraphQLAnswer | ThreadAnswer) => void>();
  /** Streamed transfers in flight, by id: what the thread says of each, and what to do if the thread stops. */
  const transfers = new Map<number, { on: (m: StreamOut) => void; lost: (answer: GraphQLAnswer) => void }>();
  let nextId = 0;
  let stopping = false;
  let running = false;
  let worker: Worker;

  let generatedAdminKey: string | null = null;
  let seeded = false;
  const start = () =>
    new Promise<Worker>((resolve, reject) => {
      const data: ThreadData = { config, databaseUrl: db.url, logLevel: log.level, statements: db.queries.buffer, seed: !seeded };
      const w = new Worker(THREAD, { workerData: data, resourceLimits: heapLimits(config.graphqlHeapMb) });
      let ready = false;
      let ranOutOfMemory = false;
      w.on('message', (m: FromThread) => {
        if (m.type === 'ready') {
          ready = true;
          if (!seeded) generatedAdminKey = m.generatedAdminKey;
          seeded = true;
          resolve(w);
        } else if (m.type === 'error') {
          reject(new Error(`the GraphQL thread failed to start: ${m.message}`));
        } else if (m.type === 'stream-head' || m.type === 'stream-chunk' || m.type === 'stream-pull' || m.type === 'stream-end') {
          transfers.get(m.id)?.on(m);
        } else if (m.type === 'answer' || m.type === 'failed') {
          const done = pending.get(m.id);
          pending.delete(m.id);
          done?.(m.type === 'answer' ? m.answer : UNAVAILABLE);
        }
      });
      w.on('error', (e) => {
        if (!ready)
          reject(
            outOfMemory(e)
              ? new Error(
                  `the GraphQL thread needs more than FLOPSCOPE_GRAPHQL_HEAP_MB=${config.graphqlHeapMb} to start; raise it (the default is ${GRAPHQL_HEAP_MB})`,
                )
              : e,
          );
        else if (outOfMemory(e)) {
          ranOutOfMemory = true;
          log.error(
            { heapMb: config.graphqlHeapMb, inFlight: pending.size + transfers.size },
            'the GraphQL thread reached its heap limit (FLOPSCOPE_GRAPHQL_HEAP_MB)',
          );
        } else log.error({ err: e }, 'the GraphQL thread failed');
      });
      w.on('exit', (code) => {
        if (!ready) return reject(new Error(`the GraphQL thread exited with ${code} before it was ready`));
        if (worker !== w) return;
        const answer = ranOutOfMemory ? outOfHeap(config.graphqlHeapMb) : UNAVAILABLE;
        for (const done of pending.values()) done(answer);
        pending.clear();
        for (const t of transfers.values()) t.lost(answer);
        transfers.clear();
        if (stopping) return;
        log.error({ code }, 'the GraphQL thread stopped; starting another');
        running = false;
        const since = performance.now();
        start().then(
          (next) => {
            worker = next;
            running = true;
            log.info({ ms: Math.round(performance.now() - since) }, 'the GraphQL thread is serving again');
          },
          (e) => log.error({ err: e }, 'the GraphQL thread could not be started again'),
        );
      });
    });
  worker = await start();
  running = true;

  // Two lanes, each fair between clients: requests with a large body, a few at a time and half of
  // them at most from one address, so that one client's big documents and imports cannot fill the thread; and the rest.
  const queues = { maxQueued: LIMITS.maxQueuedPerAddress, maxQueuedBytes: LIMITS.maxQueuedBytesPerAddress };
  const small = new FairDispatch({ slots: config.graphqlSlots, perClient: config.graphqlSlotsPerAddress, ...queues });
  // Large requests yield to the others: while those are busy, at most half of the thread's time.
  const large = new FairDispatch({
    slots: config.largeRequestSlots,
    perClient: Math.ceil(config.largeRequestSlots / 2),
    ...queues,
    yieldsTo: () => small.busy(),
  });

  /** Sends one request to the thread; resolves when its answer is written. */
  const send = (res: http.ServerResponse, request: GraphQLRequest) =>
    new Promise<void>((resolve) => {
      // Between a thread's end and its replacement's start, nothing could answer: say so at once.
      if (!running) {
        write(res, UNAVAILABLE);
        return resolve();
      }
      const id = nextId++;
      const onClose = () => {
        if (pending.has(id)) worker.postMessage({ type: 'gone', id } satisfies ToThread);
      };
      res.on('close', onClose);
      pending.set(id, (answer) => {
        res.off('close', onClose);
        write(res, answer);
        resolve();
      });
      const { body } = request;
      worker.postMessage({ type: 'request', id, request } satisfies ToThread, body.byteLength > 0 ? [body.buffer as ArrayBuffer] : []);
    });

  return {
    handle(req, res, url, body, requestId) {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const address = req.socket.remoteAddress ?? 'unknown';
      const lane = body.byteLength > LIMITS.largeRequestBytes ? large : small;
      const queuedAt = performance.now();
      return new Promise<void>((resolve) => {
        // While it waits: a client that leaves takes its request back; one that waited its whole deadline is told so, nothing of it run.
        const leave = () => {
          if (!entry.queued || !entry.cancel()) return;
          stopWaiting();
          resolve();
        };
        const timer = setTimeout(() => {
          if (!entry.queued || !entry.cancel()) return;
          stopWaiting();
          const message = `The request waited ${config.requestTimeoutMs} ms for the server and was not run; retry later`;
          write(res, refusalAnswer({ code: 'TIMEOUT', message, extensions: { timeoutMs: config.requestTimeoutMs, started: false }, retryAfterSeconds: 1 }));
          resolve();
        }, config.requestTimeoutMs);
        const stopWaiting = () => {
          clearTimeout(timer);
          res.off('close', leave);
        };
        res.on('close', leave);
        // (`leave` and the timer run later, never before `entry` is set.)
        const entry = lane.enqueue({
          client: address,
          key: headers.authorization ?? '',
          bytes: body.byteLength,
          run: (done) => {
            stopWaiting();
            const end = () => {
              done();
              resolve();
            };
            if (res.destroyed) return end();
            void send(res, { method: req.method ?? 'GET', headers, search: url.search, body, address, requestId, queuedMs: performance.now() - queuedAt }).then(
              end,
            );
          },
        });
        if (!entry.queued) {
          stopWaiting();
          const count = entry.reason === 'maxQueued';
          const message = count
            ? `${LIMITS.maxQueuedPerAddress} requests from this address are already waiting; send fewer at once`
            : `the requests from this address already waiting hold ${LIMITS.maxQueuedBytesPerAddress} bytes; send fewer at once`;
          const limit = count ? 'maxQueuedPerAddress' : 'maxQueuedBytesPerAddress';
          write(res, refusalAnswer({ code: 'RATE_LIMITED', message, extensions: { limit }, retryAfterSeconds: 1 }));
          resolve();
        }
      });
    },
    stream(req, res, url, request) {
      return new Promise<void>((resolve) => {
        if (!running) {
          drainRequest(req);
          write(res, UNAVAILABLE);
          return resolve();
        }
        const id = nextId++;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const post = (m: ToThread, transfer: ArrayBuffer[] = []) => worker.postMessage(m, transfer);
        let bodyDone = req.method !== 'POST';
        const finish = () => {
          transfers.delete(id);
          res.off('close', onClose);
          resolve();
        };
        const onClose = () => {
          if (transfers.has(id)) post({ type: 'gone', id });
          finish();
        };
        res.on('close', onClose);
        // The body a chunk at a time: each one moved to the thread, the socket paused until it asks for the next.
        if (!bodyDone) {
          req.on('data', (c: Buffer) => {
            req.pause();
            const bytes = new Uint8Array(c.byteLength);
            bytes.set(c);
            post({ type: 'stream-data', id, bytes }, [bytes.buffer]);
          });
          req.on('end', () => {
            bodyDone = true;
            post({ type: 'stream-body-end', id });
          });
          req.pause();
        }
        transfers.set(id, {
          on: (m) => {
            if (m.type === 'stream-pull') {
              req.resume();
            } else if (m.type === 'stream-head') {
              if (!res.headersSent) res.writeHead(m.status, m.headers);
            } else if (m.type === 'stream-chunk') {
              if (res.write(m.bytes)) post({ type: 'stream-drained', id });
              else res.once('drain', () => post({ type: 'stream-drained', id }));
            } else if (m.type === 'stream-end') {
              transfers.delete(id);
              if (m.cut) {
                res.destroy();
                return;
              }
              // An answer before the body was read through (a refusal, a bad line): the rest is read and dropped, so the client gets it.
              if (!bodyDone) drainRequest(req);
              res.end();
            }
          },
          lost: (answer) => {
            if (res.headersSent) res.destroy();
            else {
              drainRequest(req);
              write(res, answer);
            }
          },
        });
        post({ type: 'stream', id, request: { ...request, headers, search: url.search, address: req.socket.remoteAddress ?? 'unknown' } });
      });
    },
    running: () => running,
    generatedAdminKey,
    async stop() {
      stopping = true;
      const w = worker;
      const stopped = new Promise<void>((resolve) => {
        w.on('message', (m: FromThread) => m.type === 'stopped' && resolve());
        w.once('exit', () => resolve());
      });
      w.postMessage({ type: 'stop' } satisfies ToThread);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopped, new Promise((r) => (timer = setTimeout(r, STOP_GRACE_MS)))]);
      clearTimeout(timer);
      await w.terminate();
    },
  };
}
