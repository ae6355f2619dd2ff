/**
 * The GraphQL endpoint: Apollo Server over the schema built from resolvers/, with graphql-armor's
 * limits, the one error formatter (errors.ts) and the request timeout.
 */
import { ApolloServer, HeaderMap, HTTPGraphQLResponse } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import { setMaxListeners } from 'node:events';
import { Context, createContext } from '../../resolvers/context';
import { getSchema } from '../../resolvers/schema';
import type { Config } from '../config';
import type { Db } from '../db/prisma';
import type { Logger } from '../logger';
import { adminKeyFile, authenticate } from '../services/auth.service';
import { createComputePool } from '../compute/pool';
import { Admission } from './admission';
import { budgetPlugin } from './budget';
import { contextError, errorStatusPlugin, makeFormatError } from './errors';
import { refusalAnswer } from './refusals';
import { createImportBudget } from '../services/import-budget';
import { fairSharePlugin } from './fair-share';
import { armor, checkTokens, noSubscriptions } from './armor';
import { LIMITS } from './limits';

/** One /graphql request as the HTTP layer read it (the body unparsed: it is parsed where it runs). */
export interface GraphQLRequest {
  method: string;
  headers: Record<string, string>;
  /** The URL's query string, `?` included (GET requests carry their query there). */
  search: string;
  /** The body's bytes (none for GET). */
  body: Uint8Array;
  /** The client's network address (the fair share of anonymous clients is kept by it). */
  address: string;
  requestId: string;
  /** How long it waited for the thread (dispatch.ts): its deadline is what is left of the request timeout. */
  queuedMs: number;
}

/** Its answer, whole: status, headers and the JSON text. */
export interface GraphQLAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface GraphQLEndpoint {
  /** Answers one request; `gone` aborts when the client has left before its answer (its work stops). */
  execute(request: GraphQLRequest, gone: AbortSignal): Promise<GraphQLAnswer>;
  stop(): Promise<void>;
}

/** Heavy requests (big sweeps, big answers: budget.ts) executing at once (admission.ts). */
const HEAVY_AT_ONCE = 1;

export async function startGraphQL(config: Config, log: Logger, db: Db): Promise<GraphQLEndpoint> {
  const protection = armor(config);
  // The generated admin key's file: revoking that key deletes it (auth.service).
  const services = {
    db,
    compute: createComputePool({
      threads: config.computeThreads,
      heapMb: config.computeHeapMb,
      onError: (e) => log.error({ err: e }, 'a compute thread failed between tasks; it is replaced'),
    }),
    importBudget: createImportBudget(config.importRowsPerMinute),
    adminKeyFile: adminKeyFile(config.dataDir),
  };
  const apollo = new ApolloServer<Context>({
    schema: await getSchema(),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    validationRules: [...protection.validationRules, noSubscriptions],
    // src/main.ts owns the lifecycle: HTTP first, then Apollo, then the database.
    stopOnTerminationSignals: false,
    formatError: makeFormatError(log, { production: config.production }),
    // Apollo's default store sizes a document by its JSON, which leaves out the source text every
    // parsed document keeps (loc.source): a flood of distinct padded queries grew the heap unbounded.
    documentStore: new InMemoryLRUCache<DocumentNode>({
      maxSize: LIMITS.documentCacheBytes,
      sizeCalculation: (doc) => InMemoryLRUCache.sizeCalculation(doc) + (doc.loc?.source.body.length ?? 0),
    }),
    // The playground is served by pages.ts from local assets (Apollo's landing page loads from a
    // CDN); no field sets cache hints, so no Cache-Control is computed.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...protection.plugins,
      budgetPlugin(new Admission(HEAVY_AT_ONCE)),
      fairSharePlugin(config),
      errorStatusPlugin(),
    ],
  });
  await apollo.start();

  return {
    async execute(request, gone) {
      const reqLog = log.child({ requestId: request.requestId });
      let body: unknown = undefined;
      if (request.body.length > 0) {
        try {
          body = JSON.parse(Buffer.from(request.body.buffer, request.body.byteOffset, request.body.length).toString('utf8'));
        } catch {
          return refusalAnswer({ code: 'BAD_REQUEST', message: 'The request body is not valid JSON' });
        }
      }
      const query = (body as { query?: unknown } | undefined)?.query ?? new URLSearchParams(request.search).get('query');
      if (typeof query === 'string' && Buffer.byteLength(query) > LIMITS.maxQueryBytes) {
        const message = `The query document exceeds ${LIMITS.maxQueryBytes} bytes; send large values as variables`;
        return refusalAnswer({ code: 'PAYLOAD_TOO_LARGE', message, extensions: { limit: 'maxQueryBytes', maxBytes: LIMITS.maxQueryBytes } });
      }
      const tokens = checkTokens(query);
      if (tokens) return refusalAnswer({ code: 'GRAPHQL_VALIDATION_FAILED', message: tokens.message });
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(request.headers)) headers.set(k, v);
      // At the timeout the request's work is told to stop (sweeps are cancelled, imports roll back).
      // A read is answered TIMEOUT at once; a mutation's answer waits for its work to settle and
      // says what happened (an import cancelled at the deadline is rolled back, and says so).
      const controller = new AbortController();
      // Each sweep alias and each statement in flight listens for it: up to LIMITS.maxAliases at once.
      setMaxListeners(2 * LIMITS.maxAliases, controller.signal);
      let context: Context | null = null;
      // A client that went away before its answer stops its work too (it would hold a slot for nothing).
      const leave = () => controller.abort();
      gone.addEventListener('abort', leave, { once: true });
      const execution = apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method, headers, search: request.search, body },
        context: async () => {
          try {
            const viewer = await authenticate(db, request.headers.authorization);
            context = createContext(services, viewer, reqLog, controller.signal, request.address);
            return context;
          } catch (e) {
            throw contextError(e, reqLog);
          }
        },
      });
      try {
        let timer: NodeJS.Timeout | undefined;
        const remaining = Math.max(1, config.requestTimeoutMs - request.queuedMs);
        const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), remaining)));
        let result = await Promise.race([execution, deadline]).finally(() => clearTimeout(timer));
        if (result === 'timeout') {
          controller.abort();
          if ((context as Context | null)?.exchange.operation === 'mutation') {
            // Its own answer says what happened: done, or cancelled and rolled back (the import says so).
            result = await execution;
          } else {
            execution.catch(() => undefined);
            reqLog.warn({ timeoutMs: config.requestTimeoutMs }, 'request timed out');
            const message = `The request took longer than ${config.requestTimeoutMs} ms and was cancelled`;
            return refusalAnswer({ code: 'TIMEOUT', message, extensions: { timeoutMs: config.requestTimeoutMs } });
          }
        }
        result = result as HTTPGraphQLResponse;
        let text = '';
        if (result.body.kind === 'complete') text = result.body.string;
        else for await (const chunk of result.body.asyncIterator) text += chunk;
        if (text.length > LIMITS.maxResponseBytes) {
          reqLog.warn({ bytes: text.length }, 'answer too large');
          const message = `The answer exceeds ${LIMITS.maxResponseBytes} bytes; ask for fewer fields, rows, points or aliases`;
          return refusalAnswer({ code: 'RESPONSE_TOO_LARGE', message, extensions: { limit: 'maxResponseBytes', maxBytes: LIMITS.maxResponseBytes } });
        }
        return { status: result.status ?? 200, headers: Object.fromEntries(result.headers), body: text };
      } finally {
        gone.removeEventListener('abort', leave);
        // The answer is made: what the request held (an admission slot) is released.
        const held = context as Context | null;
        if (held) {
          held.exchange.answered = true;
          for (const done of held.exchange.afterAnswer.splice(0)) done();
        }
      }
    },
    async stop() {
      await apollo.stop();
      await services.compute.close();
    },
  };
}
