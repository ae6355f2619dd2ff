import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError } from 'graphql';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Config } from '../config';
import { Database, openDatabase } from '../db/database';
import { Logger, startTrace } from '../logger';
import { authenticate, ensureAdmin } from '../services/auth.service';
import { DomainError } from '../services/errors';
import { ensureExamplesLibrary } from '../services/library.service';
import { Context, createContext } from './context';
import { makeFormatError } from './errors';
import { compilingGateway } from './executor';
import { armor, checkTokens, LIMITS } from './limits';
import { servePage } from './pages';
import { getSchema } from './schema';


/** How long SIGTERM waits for in-flight requests before closing their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface App {
  url: string;
  port: number;
  db: Database;
  /** Set when the admin key was generated on this start (printed once). */
  generatedAdminKey: string | null;
  stop(): Promise<void>;
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The request body, refused with 413 past `LIMITS.maxBodyBytes` (by Content-Length up front, or
 * while reading). The rest of an oversized body is read and dropped, so the client gets the 413
 * rather than a reset connection — up to a hard cap, past which the socket is closed.
 */
function readBody(req: http.IncomingMessage): Promise<string> {
  const tooLarge = () => Object.assign(new Error(`request body exceeds ${LIMITS.maxBodyBytes} bytes`), { status: 413 });
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > LIMITS.maxBodyBytes) {
      drain(req);
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > LIMITS.maxBodyBytes) {
        req.off('data', onData);
        drain(req);
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function drain(req: http.IncomingMessage) {
  let dropped = 0;
  req.on('data', (c: Buffer) => {
    dropped += c.length;
    if (dropped > 20 * LIMITS.maxBodyBytes) req.destroy();
  });
  req.resume();
}

/** Whether the database answers within `ms`: /readyz must never hang on a stopped database. */
async function databaseReady(db: Database, ms = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.prisma.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), ms);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts flopscope: database (embedded or DATABASE_URL, migrated), admin key, examples library,
 * Apollo, HTTP. `database` lets the caller start opening the database earlier (main.ts does,
 * so PostgreSQL starts while the server's modules load).
 */
export async function startApp(config: Config, log: Logger, database: Promise<Database> = openDatabase(config, log)): Promise<App> {
  // The schema is built and Apollo started while the database starts (and migrates).
  let t = Date.now();
  const protection = armor(config);
  const apollo = new ApolloServer<Context>({
    // Apollo parses, validates and formats; execution is compiled per document (executor.ts).
    gateway: compilingGateway(await getSchema()),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    validationRules: protection.validationRules,
    // main.ts owns the lifecycle: HTTP first, then Apollo, then the database.
    stopOnTerminationSignals: false,
    formatError: makeFormatError(log),
    // No cache hints are set: the cache-control plugin would only wrap every field resolver. Not a
    // federated subgraph: no inline traces (their plugin and its protobuf code are not even loaded).
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), ApolloServerPluginInlineTraceDisabled(), ...protection.plugins],
  });
  await apollo.start();
  startTrace(log, 'schema built, Apollo started', { ms: Date.now() - t });
  let db: Database;
  try {
    db = await database;
  } catch (e) {
    await apollo.stop();
    throw e;
  }
  let server: http.Server | null = null;
  try {
    t = Date.now();
    // One after the other: each is one short read on a restart, and together they would make the
    // pool open a second connection (a SCRAM handshake) while the server is not yet serving.
    const { generatedKey } = await ensureAdmin(db.prisma, config.adminKey);
    await ensureExamplesLibrary(db.prisma);
    startTrace(log, 'admin key and examples library checked', { ms: Date.now() - t });
    if (generatedKey) {
      const keyFile = path.join(config.dataDir, 'admin-key');
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(keyFile, `${generatedKey}\n`, { mode: 0o600 });
      // Printed once, to the terminal, never to the structured log.
      process.stdout.write(`\nflopscope admin API key (shown once; also saved to ${keyFile}):\n  ${generatedKey}\n\n`);
    }


    /** Set when shutdown begins: requests still finish, their connections do not stay open. */
    let draining = false;

    /** One GraphQL request through Apollo, bounded by the request timeout. */
    const graphql = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL, reqLog: Logger) => {
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const raw = req.method === 'POST' ? await readBody(req) : '';
      let body: unknown = undefined;
      if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(res, 400, { errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
        }
      }
      const tokens = checkTokens((body as { query?: unknown } | undefined)?.query ?? url.searchParams.get('query'));
      if (tokens) return send(res, 400, { errors: [{ message: tokens.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), config.requestTimeoutMs);
      });
      const result = await Promise.race([
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
          context: async () => {
            try {
              const viewer = await authenticate(db.prisma, req.headers.authorization);
              return createContext(db.prisma, viewer, reqLog);
            } catch (e) {
              if (e instanceof DomainError) throw new GraphQLError(e.message, { extensions: { code: e.code, http: { status: 401 } } });
              reqLog.warn({ err: e }, 'authentication failed: database unavailable');
              throw new GraphQLError('The database is unavailable; try again shortly', { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
            }
          },
        }),
        timedOut,
      ]).finally(() => clearTimeout(timer));
      if (result === 'timeout') {
        reqLog.warn({ timeoutMs: config.requestTimeoutMs }, 'request timed out');
        return send(res, 503, { errors: [{ message: `The request took longer than ${config.requestTimeoutMs} ms and was abandoned`, extensions: { code: 'TIMEOUT' } }] });
      }
      for (const [k, v] of result.headers) res.setHeader(k, v);
      // A request that was in flight when shutdown began does not keep its connection open.
      if (draining) res.setHeader('connection', 'close');
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        // Encoded once, here: given the string, node would measure its UTF-8 length for
        // Content-Length (~6 ms for a 10,000-point sweep's 1.7 MB) and then encode it again to write it.
        res.end(Buffer.from(result.body.string, 'utf8'));
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    };

    server = http.createServer(async (req, res) => {
      const started = process.hrtime.bigint();
      const url = new URL(req.url ?? '/', 'http://localhost');
      const requestId = (typeof req.headers['x-request-id'] === 'string' && /^[\w.-]{1,100}$/.test(req.headers['x-request-id']) && req.headers['x-request-id']) || crypto.randomUUID();
      const reqLog = log.child({ requestId });
      res.setHeader('x-request-id', requestId);
      // While shutting down, finish this request but do not keep its connection open.
      if (draining) res.setHeader('connection', 'close');
      res.on('finish', () => {
        reqLog.info({ method: req.method, path: url.pathname, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
      });
      try {
        if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' });
        if (url.pathname === '/readyz') {
          const ok = !draining && (await databaseReady(db));
          return send(res, ok ? 200 : 503, { status: ok ? 'ready' : draining ? 'shutting down' : 'database unavailable' });
        }
        // Browser pages (playground on GET /graphql, dashboard, their assets): src/server/pages.ts.
        if (await servePage(req, res, url, config)) return;
        if (url.pathname !== '/graphql') return send(res, 404, { error: 'not found; the API is at /graphql' });
        await graphql(req, res, url, reqLog);
      } catch (e) {
        const status = (e as { status?: number }).status;
        if (status === 413) {
          res.setHeader('connection', 'close');
          return send(res, 413, { errors: [{ message: (e as Error).message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
        }
        reqLog.error({ err: e }, 'request failed');
        if (!res.headersSent) send(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.end();
      }
    });
    server.keepAliveTimeout = 5000;
    server.requestTimeout = 30000;
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.port, config.host, () => resolve());
    });
    const port = (server.address() as { port: number }).port;
    const url = `http://localhost:${port}/graphql`;
    log.info({ url, embeddedDatabase: db.embedded !== null, startMs: Math.round(performance.now()) }, 'flopscope is serving');

    let stopping: Promise<void> | null = null;
    return {
      url,
      port,
      db,
      generatedAdminKey: generatedKey,
      stop() {
        stopping ??= (async () => {
          // Stop accepting, let in-flight requests finish, then drop idle keep-alive sockets.
          draining = true;
          const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
          // Idle keep-alive sockets close now; a request in flight answers with `connection: close`
          // (see graphql()); a client still holding a socket after the grace period is cut off.
          server!.closeIdleConnections();
          const deadline = setTimeout(() => {
            log.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'closing connections still open after the grace period');
            server!.closeAllConnections();
          }, SHUTDOWN_GRACE_MS);
          await closed;
          clearTimeout(deadline);
          log.info('HTTP server closed');
          await apollo.stop();
          await db.close();
        })();
        return stopping;
      },
    };
  } catch (e) {
    server?.close();
    await apollo.stop();
    await db.close();
    throw e;
  }
}
