/**
 * The HTTP server: request ids and access logs, /healthz and /readyz, the browser pages, /graphql
 * (with the body limit), and a graceful stop that lets in-flight requests finish.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { drainRequest, type GraphQLThread } from './graphql-thread';
import { LIMITS } from './limits';
import { servePage } from './pages';
import { refusalAnswer } from './refusals';

/** A /graphql request's body must have arrived this long after its headers, or its connection is closed. */
const BODY_TIMEOUT_MS = 30_000;

/** How long a stop waits for in-flight requests before closing their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface HttpServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A JSON answer with its length. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

class PayloadTooLarge extends Error {}

/**
 * The request body, refused past `LIMITS.maxBodyBytes` (by Content-Length up front, or while
 * reading). The rest of an oversized body is read and dropped, so the client gets the 413 rather
 * than a reset connection — up to a hard cap, past which the socket is closed.
 */
function readBody(req: http.IncomingMessage): Promise<Uint8Array> {
  const tooLarge = () =>
    new PayloadTooLarge(
      `request body exceeds ${LIMITS.maxBodyBytes} bytes; import a library of any size as newline-delimited JSON with POST /libraries/{id}/import`,
    );
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > LIMITS.maxBodyBytes) {
      drainRequest(req);
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const slow = setTimeout(() => req.destroy(), BODY_TIMEOUT_MS);
    req.once('close', () => clearTimeout(slow));
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > LIMITS.maxBodyBytes) {
        req.off('data', onData);
        drainRequest(req);
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    // The bytes in a buffer of their own, handed to the GraphQL thread without a copy.
    req.on('end', () => {
      clearTimeout(slow);
      const bytes = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.length;
      }
      resolve(bytes);
    });
    req.on('error', reject);
  });
}

export async function startHttp(config: Config, log: Logger, db: Database, graphql: GraphQLThread): Promise<HttpServer> {
  /** Set when a stop begins: requests still finish, their connections do not stay open. */
  let draining = false;
  const inFlight = new Set<http.ServerResponse>();
  let openConnections = 0;

  const route = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL, requestId: string) => {
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      // Not ready near the connection cap: new connections are about to be refused.
      const full = openConnections >= 0.9 * config.maxConnections;
      const restarting = !graphql.running();
      const ok = !draining && !full && !restarting && (await db.ready());
      const status = ok
        ? 'ready'
        : draining
          ? 'shutting down'
          : full
            ? 'at its connection limit'
            : restarting
              ? 'the GraphQL thread is restarting'
              : 'database unavailable';
      return sendJson(res, ok ? 200 : 503, { status });
    }
    if (await servePage(req, res, url, config)) return;
    const transfer = /^\/libraries\/([^/]+)\/(export|import)$/.exec(url.pathname);
    if (transfer) {
      const kind = transfer[2] as 'export' | 'import';
      const method = kind === 'export' ? 'GET' : 'POST';
      if (req.method !== method) {
        drainRequest(req);
        res.setHeader('allow', method);
        return sendJson(res, 405, { errors: [{ message: `${url.pathname} takes ${method}`, extensions: { code: 'BAD_REQUEST' } }] });
      }
      return graphql.stream(req, res, url, { kind, libraryId: decodeURIComponent(transfer[1]), requestId });
    }
    if (url.pathname !== '/graphql') {
      drainRequest(req);
      return sendJson(res, 404, { error: 'not found; the API is at /graphql (and /libraries/{id}/export, /libraries/{id}/import)' });
    }
    const body = req.method === 'POST' ? await readBody(req) : new Uint8Array(0);
    await graphql.handle(req, res, url, body, requestId);
  };

  // Headers must arrive within 10 s, checked every second, and a /graphql body within BODY_TIMEOUT_MS
  // (readBody), so sockets that send a partial request do not hold file descriptors for long; a
  // streamed import's body may take as long as the transfer may (streamTimeoutMs). Past
  // maxConnections new connections are refused.
  const server = http.createServer(
    { headersTimeout: 10_000, requestTimeout: config.streamTimeoutMs, keepAliveTimeout: 5000, connectionsCheckingInterval: 1000 },
    async (req, res) => {
      const started = process.hrtime.bigint();
      const url = new URL(req.url ?? '/', 'http://localhost');
      const given = req.headers['x-request-id'];
      const requestId = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : crypto.randomUUID();
      const reqLog = log.child({ requestId });
      res.setHeader('x-request-id', requestId);
      if (draining) res.setHeader('connection', 'close');
      inFlight.add(res);
      res.on('finish', () => {
        inFlight.delete(res);
        reqLog.info({ method: req.method, path: url.pathname, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
      });
      try {
        await route(req, res, url, requestId);
      } catch (e) {
        if (e instanceof PayloadTooLarge) {
          res.setHeader('connection', 'close');
          const answer = refusalAnswer({ code: 'PAYLOAD_TOO_LARGE', message: e.message, extensions: { limit: 'maxBodyBytes', maxBytes: LIMITS.maxBodyBytes } });
          res.writeHead(answer.status, answer.headers);
          return res.end(answer.body);
        }
        reqLog.error({ err: e }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else res.end();
      }
    },
  );
  server.maxConnections = config.maxConnections;
  // One address may hold at most `connectionsPerAddress` of them: a flood of idle sockets from one
  // client cannot fill the server's connections and lock the others out. Past it, a new
  // connection from that address is closed at once.
  const byAddress = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? '';
    const held = byAddress.get(address) ?? 0;
    if (held >= config.connectionsPerAddress) {
      socket.destroy();
      return;
    }
    byAddress.set(address, held + 1);
    openConnections++;
    socket.once('close', () => {
      openConnections--;
      const n = (byAddress.get(address) ?? 1) - 1;
      if (n > 0) byAddress.set(address, n);
      else byAddress.delete(address);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  let stopping: Promise<void> | null = null;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    stop() {
      stopping ??= (async () => {
        // Stop accepting; idle keep-alive sockets close now, requests in flight answer with
        // `connection: close`, and a client still holding a socket after the grace period is cut off.
        draining = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const deadline = setTimeout(() => {
          log.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'closing connections still open after the grace period');
          server.closeAllConnections();
        }, SHUTDOWN_GRACE_MS);
        await closed;
        clearTimeout(deadline);
        log.info('HTTP server closed');
      })();
      return stopping;
    },
  };
}
