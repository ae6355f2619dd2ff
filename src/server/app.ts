import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError } from 'graphql';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Config } from '../config';
import { Database, openDatabase } from '../db/database';
import type { Logger } from '../logger';
import { authenticate, ensureAdmin } from '../services/auth.service';
import { DomainError } from '../services/errors';
import { ensureExamplesLibrary } from '../services/library.service';
import { Context, createContext } from './context';
import { makeFormatError } from './errors';
import { getSchema } from './schema';

export const MAX_BODY_BYTES = 1_000_000;

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

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error(`request body exceeds ${MAX_BODY_BYTES} bytes`), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
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

const PLAYGROUND_PLACEHOLDER = `<!doctype html><meta charset="utf-8"><title>flopscope</title>
<body style="font-family: system-ui; max-width: 40rem; margin: 3rem auto">
<h1>flopscope GraphQL API</h1>
<p>POST GraphQL requests to this URL, e.g.</p>
<pre>curl -s localhost:4000/graphql -H 'content-type: application/json' \\
  -d '{"query":"{ hardware { key name } }"}'</pre>
</body>`;

export async function startApp(config: Config, log: Logger): Promise<App> {
  const db = await openDatabase(config, log);
  let server: http.Server | null = null;
  try {
    const { generatedKey } = await ensureAdmin(db.prisma, config.adminKey);
    if (generatedKey) {
      const keyFile = path.join(config.dataDir, 'admin-key');
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(keyFile, `${generatedKey}\n`, { mode: 0o600 });
      // Printed once, to the terminal, never to the structured log.
      process.stdout.write(`\nflopscope admin API key (shown once; also saved to ${keyFile}):\n  ${generatedKey}\n\n`);
    }
    await ensureExamplesLibrary(db.prisma);

    const apollo = new ApolloServer<Context>({
      schema: await getSchema(),
      introspection: config.introspection,
      includeStacktraceInErrorResponses: false,
      allowBatchedHttpRequests: false,
      // main.ts owns the lifecycle: HTTP first, then Apollo, then the database.
      stopOnTerminationSignals: false,
      formatError: makeFormatError(log),
      plugins: [ApolloServerPluginLandingPageDisabled()],
    });
    await apollo.start();

    server = http.createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const requestId = (req.headers['x-request-id'] as string) || crypto.randomUUID();
      res.setHeader('x-request-id', requestId);
      try {
        if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' });
        if (url.pathname === '/readyz') {
          const ok = await databaseReady(db);
          return send(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unavailable' });
        }
        if (url.pathname !== '/graphql') return send(res, 404, { error: 'not found; the API is at /graphql' });
        if (req.method === 'GET' && !url.search && (req.headers.accept ?? '').includes('text/html')) {
          return send(res, 200, PLAYGROUND_PLACEHOLDER, 'text/html; charset=utf-8');
        }
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
        const reqLog = log.child({ requestId });
        const result = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
          context: async () => {
            try {
              const viewer = await authenticate(db.prisma, req.headers.authorization);
              return createContext(db.prisma, viewer, reqLog);
            } catch (e) {
              if (e instanceof DomainError) throw new GraphQLError(e.message, { extensions: { code: e.code, http: { status: 401 } } });
              throw new GraphQLError('The database is unavailable; try again shortly', { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
            }
          },
        });
        for (const [k, v] of result.headers) res.setHeader(k, v);
        res.statusCode = result.status ?? 200;
        if (result.body.kind === 'complete') {
          res.end(result.body.string);
        } else {
          for await (const chunk of result.body.asyncIterator) res.write(chunk);
          res.end();
        }
      } catch (e) {
        const status = (e as { status?: number }).status;
        if (status === 413) return send(res, 413, { errors: [{ message: (e as Error).message, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
        log.error({ err: e, requestId }, 'request failed');
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
    log.info({ url, embeddedDatabase: db.embedded }, 'flopscope is serving');

    let stopping: Promise<void> | null = null;
    return {
      url,
      port,
      db,
      generatedAdminKey: generatedKey,
      stop() {
        stopping ??= (async () => {
          // Stop accepting, let in-flight requests finish, then drop idle keep-alive sockets.
          const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
          server!.closeIdleConnections();
          await closed;
          log.info('HTTP server closed');
          await apollo.stop();
          await db.close();
        })();
        return stopping;
      },
    };
  } catch (e) {
    server?.close();
    await db.close();
    throw e;
  }
}
