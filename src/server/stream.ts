/**
 * The streamed transfers — `GET /libraries/{id}/export` and `POST /libraries/{id}/import`,
 * newline-delimited JSON (services/stream.service.ts) — as the GraphQL thread runs them. The main
 * thread (graphql-thread.ts) carries the bytes with flow control both ways: an export's next chunk
 * is read from the database only once the client has taken the last one, and an import's next
 * chunk of body is read from the socket only once the last one is checked. Neither side holds
 * more than a chunk, whatever the library's size.
 *
 * Same keys and roles as the GraphQL mutations (`Authorization: Bearer <key>`); at most
 * `streamsPerKey` transfers per key (per address without one) and `streamsTotal` in all, since each
 * holds a database connection for its transaction (429 RATE_LIMITED past them); each stopped
 * at `streamTimeoutMs`. An import answers one JSON object — `{"scenarios","skipped","hardware"}` or
 * `{"errors":[…]}` with the status of its code — or, when the client accepts
 * application/x-ndjson, progress lines `{"progress":{…}}` and a last line `{"result":{…}}` or
 * `{"errors":[…]}`.
 */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Config } from '../config';
import type { Db } from '../db/prisma';
import type { Logger } from '../logger';
import { authenticate } from '../services/auth.service';
import { exportLibraryStream, importLibraryStream, type Duplicates } from '../services/stream.service';
import { DomainError } from '../services/errors';
import type { Viewer } from '../services/viewer';
import { makeFormatError } from './errors';
import { LIMITS } from './limits';
import { LineTooLong, ndjsonLines } from './ndjson';

export interface StreamRequest {
  kind: 'export' | 'import';
  libraryId: string;
  headers: Record<string, string>;
  search: string;
  address: string;
  requestId: string;
}

/** What the thread sends the main thread about one transfer. */
export type StreamOut =
  | { type: 'stream-head'; id: number; status: number; headers: Record<string, string> }
  | { type: 'stream-chunk'; id: number; bytes: Uint8Array }
  | { type: 'stream-pull'; id: number }
  /** The answer is complete; `cut`: it is not, and the connection is closed so the client sees an incomplete transfer. */
  | { type: 'stream-end'; id: number; cut?: boolean };

/** What the main thread sends about one transfer: the client's body, its end, and room for more of the answer. */
export type StreamIn =
  | { type: 'stream'; id: number; request: StreamRequest }
  | { type: 'stream-data'; id: number; bytes: Uint8Array }
  | { type: 'stream-body-end'; id: number }
  | { type: 'stream-drained'; id: number };

/** One HTTP status per code, for answers made outside GraphQL (whose own answers are 200 with errors). */
const STATUS: Record<string, number> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 503,
};

const JSON_TYPE = 'application/json; charset=utf-8';
const NDJSON_TYPE = 'application/x-ndjson; charset=utf-8';

class Transfer {
  readonly abort = new AbortController();
  private body: Uint8Array[] = [];
  private bodyEnded = false;
  private wake: (() => void) | null = null;
  /** One per chunk sent and not yet taken by the main thread, oldest first. */
  private roomWaiters: (() => void)[] = [];
  headSent = false;

  constructor(
    readonly id: number,
    private readonly send: (m: StreamOut, transfer?: ArrayBuffer[]) => void,
    private readonly timeoutMs: number,
  ) {}

  head(status: number, headers: Record<string, string>) {
    this.headSent = true;
    this.send({ type: 'stream-head', id: this.id, status, headers });
  }

  /** Sends text; resolves when the main thread has room for more. */
  write(text: string): Promise<void> {
    const bytes = new TextEncoder().encode(text);
    return new Promise<void>((resolve, reject) => {
      // A client that went away takes nothing more; one past the deadline still gets the answer that says so.
      if (this.gone()) return reject(new Error('the client went away'));
      this.roomWaiters.push(resolve);
      this.send({ type: 'stream-chunk', id: this.id, bytes }, [bytes.buffer as ArrayBuffer]);
    });
  }

  end(cut = false) {
    this.send({ type: 'stream-end', id: this.id, ...(cut ? { cut } : {}) });
  }

  drained() {
    this.roomWaiters.shift()?.();
  }

  data(bytes: Uint8Array) {
    this.body.push(bytes);
    this.poke();
  }

  bodyEnd() {
    this.bodyEnded = true;
    this.poke();
  }

  stop(reason: 'timeout' | 'gone') {
    if (this.abort.signal.aborted) return;
    this.abort.abort(reason);
    this.poke();
    if (reason === 'gone') for (const w of this.roomWaiters.splice(0)) w();
  }

  gone(): boolean {
    return this.abort.signal.aborted && this.abort.signal.reason === 'gone';
  }

  /** Why the transfer was stopped, as the client is told (stream.service's words for the same). */
  stoppedError(kind: 'export' | 'import'): DomainError {
    const why = this.gone() ? 'was cancelled (the client went away)' : 'ran out of time';
    return new DomainError('TIMEOUT', kind === 'import' ? `The import ${why} and was rolled back: nothing was written` : `The export ${why}`, {
      timeoutMs: this.timeoutMs,
    });
  }

  private poke() {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** The client's body, a chunk at a time, each asked for when the last is used up. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (this.abort.signal.aborted) throw this.stoppedError('import');
      const next = this.body.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.bodyEnded) return;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.send({ type: 'stream-pull', id: this.id });
      });
    }
  }
}

export function createStreams(config: Config, log: Logger, db: Db, send: (m: StreamOut, transfer?: ArrayBuffer[]) => void) {
  const perKey = new RateLimiterMemory({ points: config.streamsPerKey, duration: 0 });
  const total = new RateLimiterMemory({ points: config.streamsTotal, duration: 0 });
  const format = makeFormatError(log, { production: config.production });
  const open = new Map<number, Transfer>();

  /** An error as the API states it (one place: errors.ts), with its HTTP status; an import's line and field stay in it. */
  const stated = (e: unknown) => {
    if (e instanceof LineTooLong) {
      const error = { message: e.message, extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 'maxLineBytes', maxBytes: e.maxBytes, line: e.line } };
      return { status: 413, error };
    }
    const f = format({ message: e instanceof Error ? e.message : String(e) }, e);
    const code = String(f.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    return { status: STATUS[code] ?? 500, error: { message: f.message, extensions: f.extensions } };
  };

  /** Takes a transfer's share (per key, and of all), or says which limit refused it. */
  const admit = async (who: string): Promise<'streamsPerKey' | 'streamsTotal' | null> => {
    try {
      await perKey.consume(who, 1);
    } catch {
      await perKey.reward(who, 1);
      return 'streamsPerKey';
    }
    try {
      await total.consume('all', 1);
    } catch {
      await total.reward('all', 1);
      await perKey.reward(who, 1);
      return 'streamsTotal';
    }
    return null;
  };

  const run = async (t: Transfer, r: StreamRequest) => {
    const reqLog = log.child({ requestId: r.requestId });
    const answer = (status: number, body: unknown) => {
      t.head(status, { 'content-type': JSON_TYPE });
      return t.write(JSON.stringify(body)).then(() => t.end());
    };
    let viewer: Viewer | null;
    try {
      viewer = await authenticate(db, r.headers.authorization);
    } catch (e) {
      const { status, error } = stated(e);
      return answer(status === 500 ? 503 : status, { errors: [error] });
    }
    const who = viewer ? `key:${viewer.apiKeyId}` : `address:${r.address}`;
    const refused = await admit(who);
    if (refused) {
      const message =
        refused === 'streamsPerKey'
          ? `${config.streamsPerKey} export(s) or import(s) of this client are already running; try again when they end`
          : `${config.streamsTotal} exports or imports are already running; try again shortly`;
      t.head(429, { 'content-type': JSON_TYPE, 'retry-after': '5' });
      await t.write(JSON.stringify({ errors: [{ message, extensions: { code: 'RATE_LIMITED', limit: refused, retryAfterSeconds: 5 } }] }));
      return t.end();
    }
    const timer = setTimeout(() => t.stop('timeout'), config.streamTimeoutMs);
    const opts = { timeoutMs: config.streamTimeoutMs + 5000, signal: t.abort.signal };
    try {
      if (r.kind === 'export') {
        const sink = {
          begin: (name: string) => {
            const file =
              name
                .replace(/[^\w.-]+/g, '-')
                .replace(/^-+|-+$/g, '')
                .slice(0, 80) || 'library';
            t.head(200, { 'content-type': NDJSON_TYPE, 'content-disposition': `attachment; filename="${file}.ndjson"` });
          },
          write: (text: string) => t.write(text),
        };
        const { scenarios } = await exportLibraryStream(db, viewer, r.libraryId, sink, opts);
        reqLog.info({ libraryId: r.libraryId, scenarios }, 'library exported');
        return t.end();
      }
      const params = new URLSearchParams(r.search);
      const given = (params.get('onDuplicate') ?? 'skip').toUpperCase();
      if (given !== 'SKIP' && given !== 'COPY') {
        const error = { message: 'onDuplicate must be skip or copy', extensions: { code: 'BAD_USER_INPUT', field: 'onDuplicate' } };
        return answer(400, { errors: [error] });
      }
      const progressLines = (r.headers.accept ?? '').includes('application/x-ndjson');
      let lastProgress = 0;
      const progress = progressLines
        ? (p: object) => {
            if (!t.headSent) t.head(200, { 'content-type': NDJSON_TYPE });
            // At most a line a second (and the last one): a client's progress bar, not a log.
            const now = Date.now();
            if (now - lastProgress < 1000) return;
            lastProgress = now;
            // Not waited for (the import goes on); a client gone meanwhile is the import's to notice.
            t.write(`${JSON.stringify({ progress: p })}\n`).catch(() => undefined);
          }
        : undefined;
      const lines = ndjsonLines(t.chunks(), LIMITS.maxLineBytes);
      const result = await importLibraryStream(db, viewer, r.libraryId, lines, { duplicates: given as Duplicates, progress, ...opts });
      reqLog.info({ libraryId: r.libraryId, ...result }, 'library imported');
      if (t.headSent) {
        await t.write(`${JSON.stringify({ result })}\n`);
        return t.end();
      }
      return answer(200, result);
    } catch (caught) {
      // Whatever a stopped transfer threw on its way out (a closed transaction, a cancelled statement), the client is told why it stopped.
      const e = t.abort.signal.aborted ? t.stoppedError(r.kind) : caught;
      const { status, error } = stated(e);
      if (status === 500) reqLog.error({ err: e }, 'transfer failed');
      if (t.abort.signal.aborted && t.abort.signal.reason === 'gone') return t.end();
      if (!t.headSent) return answer(status, { errors: [error] });
      // An import's progress: its last line says what happened. An export half sent cannot say it
      // in band: the main thread cuts the connection, so the client sees an incomplete transfer.
      if (r.kind === 'import') {
        await t.write(`${JSON.stringify({ errors: [error] })}\n`).catch(() => undefined);
        return t.end();
      }
      return t.end(true);
    } finally {
      clearTimeout(timer);
      await perKey.reward(who, 1);
      await total.reward('all', 1);
    }
  };

  return {
    handle(m: StreamIn) {
      if (m.type === 'stream') {
        const t = new Transfer(m.id, send, config.streamTimeoutMs);
        open.set(m.id, t);
        void run(t, m.request)
          .catch((e: unknown) => log.error({ err: e }, 'transfer failed'))
          .finally(() => open.delete(m.id));
        return;
      }
      const t = open.get(m.id);
      if (!t) return;
      if (m.type === 'stream-data') t.data(m.bytes);
      else if (m.type === 'stream-body-end') t.bodyEnd();
      else if (m.type === 'stream-drained') t.drained();
    },
    /** The client went away: its transfer stops (an import rolls back). */
    gone(id: number) {
      open.get(id)?.stop('gone');
    },
  };
}
