/**
 * The GraphQL endpoint: Apollo Server over the schema built from resolvers/, with graphql-armor's
 * limits, the one error formatter (errors.ts) and the request timeout.
 */
import { ApolloServer, HeaderMap, HTTPGraphQLResponse } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import type http from 'node:http';
import { Context, createContext } from '../../resolvers/context';
import { getSchema } from '../../resolvers/schema';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { authenticate } from '../services/auth.service';
import { createComputePool } from '../compute/pool';
import { Admission } from './admission';
import { budgetPlugin } from './budget';
import { contextError, errorStatusPlugin, makeFormatError } from './errors';
import { fairSharePlugin } from './fair-share';
import { sendJson } from './http';
import { armor, checkTokens, LIMITS, noSubscriptions } from './limits';

export interface GraphQLEndpoint {
  /** Answers one HTTP request for /graphql whose body has been read (`body`: parsed JSON, or undefined for GET). */
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: unknown, log: Logger): Promise<void>;
  stop(): Promise<void>;
}

/** Sweep requests executing or writing their answer at once (admission.ts). */
const SWEEPS_AT_ONCE = 1;

export async function startGraphQL(config: Config, log: Logger, db: Database): Promise<GraphQLEndpoint> {
  const protection = armor(config);
  const services = { db: db.prisma, compute: createComputePool({ threads: config.computeThreads }) };
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
      budgetPlugin(new Admission(SWEEPS_AT_ONCE)),
      fairSharePlugin(config),
      errorStatusPlugin(),
    ],
  });
  await apollo.start();

  return {
    async handle(req, res, url, body, reqLog) {
      const query = (body as { query?: unknown } | undefined)?.query ?? url.searchParams.get('query');
      if (typeof query === 'string' && Buffer.byteLength(query) > LIMITS.maxQueryBytes) {
        const message = `The query document exceeds ${LIMITS.maxQueryBytes} bytes; send large values as variables`;
        return sendJson(res, 413, { errors: [{ message, extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 'maxQueryBytes', maxBytes: LIMITS.maxQueryBytes } }] });
      }
      const tokens = checkTokens(query);
      if (tokens) return sendJson(res, 400, { errors: [{ message: tokens.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      // At the timeout the request's work is told to stop (sweeps are cancelled, imports roll back).
      // A read is answered TIMEOUT at once; a mutation's answer waits for its work to settle and
      // says what happened (an import cancelled at the deadline is rolled back, and says so).
      const controller = new AbortController();
      let context: Context | null = null;
      res.on('close', () => {
        // A client that went away before its answer stops its work too (it would hold a slot for nothing).
        if (!res.writableFinished) controller.abort();
        if (!context) return;
        context.exchange.answered = true;
        for (const done of context.exchange.afterAnswer.splice(0)) done();
      });
      const execution = apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
        context: async () => {
          try {
            const viewer = await authenticate(db.prisma, req.headers.authorization);
            context = createContext(services, viewer, reqLog, controller.signal, req.socket.remoteAddress ?? 'unknown');
            return context;
          } catch (e) {
            throw contextError(e, reqLog);
          }
        },
      });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), config.requestTimeoutMs)));
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
          return sendJson(res, 503, { errors: [{ message, extensions: { code: 'TIMEOUT', timeoutMs: config.requestTimeoutMs } }] });
        }
      }
      result = result as HTTPGraphQLResponse;
      for (const [k, v] of result.headers) res.setHeader(k, v);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        if (result.body.string.length > LIMITS.maxResponseBytes) {
          reqLog.warn({ bytes: result.body.string.length }, 'answer too large');
          const message = `The answer exceeds ${LIMITS.maxResponseBytes} bytes; ask for fewer fields, rows, points or aliases`;
          return sendJson(res, 400, {
            errors: [{ message, extensions: { code: 'RESPONSE_TOO_LARGE', limit: 'maxResponseBytes', maxBytes: LIMITS.maxResponseBytes } }],
          });
        }
        res.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    },
    async stop() {
      await apollo.stop();
      await services.compute.close();
    },
  };
}
