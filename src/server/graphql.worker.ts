/**
 * The GraphQL thread (graphql-thread.ts starts it): Apollo, the resolvers, the services and their
 * own PostgreSQL pool run here, so that however long a request computes — a page of 1,000 rows,
 * its estimates, a big answer's JSON, the garbage it leaves — the process's main event loop stays
 * free for /healthz, new connections and the pages.
 */
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThisThread, THREAD_NICE } from '../compute/priority';
import type { Config } from '../config';
import { createPrisma, QueryCounter } from '../db/prisma';
import { createLogger } from '../logger';
import { GraphQLEndpoint, startGraphQL } from './graphql';
import { seedDatabase } from './seed';
import { startSummaryQueue, SummaryQueue } from '../services/summary.queue';
import { createStreams } from './stream';
import type { FromThread, ToThread } from './graphql-thread';

export interface ThreadData {
  config: Config;
  databaseUrl: string;
  logLevel: string;
  /** The process's statement counter (QueryCounter's shared memory). */
  statements: SharedArrayBuffer;
  /** Seed the database (the admin, the examples) before serving: the first thread of a process does. */
  seed: boolean;
}

async function main(port: NonNullable<typeof parentPort>, data: ThreadData) {
  lowerThisThread(THREAD_NICE.graphql);
  const log = createLogger(data.logLevel);
  const { config } = data;
  const db = createPrisma(data.databaseUrl, {
    poolSize: config.dbPoolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    counter: new QueryCounter(data.statements),
  });
  const send = (m: FromThread, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const utf8 = new TextEncoder();
  let endpoint: GraphQLEndpoint;
  let generatedAdminKey: string | null = null;
  let summaries: SummaryQueue | null = null;
  try {
    if (data.seed) ({ generatedAdminKey } = await seedDatabase(db, config));
    // The queue's worker (one per process, in its GraphQL thread, also in a thread started again) rebuilds scenario summaries in the background.
    summaries = await startSummaryQueue(db, data.databaseUrl, log, { heapMb: config.computeHeapMb });
    endpoint = await startGraphQL(config, log, db);
  } catch (e) {
    await summaries?.stop().catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    throw e;
  }
  /** Requests in flight, by id: aborted when their client leaves. */
  const gone = new Map<number, AbortController>();
  const streams = createStreams(config, log, db, send);
  port.on('message', (m: ToThread) => {
    if (m.type === 'stream' || m.type === 'stream-data' || m.type === 'stream-body-end' || m.type === 'stream-drained') {
      streams.handle(m);
    } else if (m.type === 'request') {
      const left = new AbortController();
      gone.set(m.id, left);
      endpoint
        .execute(m.request, left.signal)
        .then(
          (answer) => {
            // Its own buffer (TextEncoder's, never a pooled slab), moved to the main thread.
            const body = utf8.encode(answer.body);
            send({ type: 'answer', id: m.id, answer: { ...answer, body } }, [body.buffer]);
          },
          (e: unknown) => {
            log.error({ err: e, requestId: m.request.requestId }, 'request failed');
            send({ type: 'failed', id: m.id });
          },
        )
        .finally(() => gone.delete(m.id));
    } else if (m.type === 'gone') {
      gone.get(m.id)?.abort();
      streams.gone(m.id);
    } else if (m.type === 'stop') {
      void (async () => {
        await endpoint.stop();
        await summaries?.stop().catch((e: unknown) => log.warn({ err: e }, 'the summaries queue did not stop cleanly'));
        await db.$disconnect();
        send({ type: 'stopped' });
        port.close();
      })();
    }
  });
  send({ type: 'ready', generatedAdminKey });
}

if (parentPort) {
  const port = parentPort;
  main(port, workerData as ThreadData).catch((e: unknown) => {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies FromThread);
  });
}
