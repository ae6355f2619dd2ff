/**
 * A library of any size to a file and back, through a running server's streamed endpoints
 * (`GET /libraries/{id}/export`, `POST /libraries/{id}/import`, newline-delimited JSON):
 *
 *   npm run export -- LIBRARY_ID [FILE]            (FILE defaults to the library's name .ndjson; "-" is stdout)
 *   npm run import -- LIBRARY_ID FILE [--copy]     (duplicates are skipped unless --copy)
 *
 * The server is FLOPSCOPE_URL (default http://localhost:4000) and the key FLOPSCOPE_API_KEY (an
 * export of a public library needs none). A progress line on stderr while it runs — scenarios and
 * bytes, and the share done when the size is known — and one line at the end.
 *
 * Exit codes: 0 done, 2 bad arguments, 1 refused or failed (the server's message is printed).
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export const USAGE = `usage: npm run export -- LIBRARY_ID [FILE]
       npm run import -- LIBRARY_ID FILE [--copy]

  export   streams the library's live scenarios to FILE (default: <library name>.ndjson;
           "-" writes to stdout)
  import   streams FILE (an export) into the library, in one transaction: all of it or,
           at the first bad line, nothing; scenarios the library already holds (same name,
           same input) are skipped, unless --copy
  FLOPSCOPE_URL      the server (default http://localhost:4000)
  FLOPSCOPE_API_KEY  your API key (needed to import, and to export a private library)`;

export interface TransferArgs {
  command: 'export' | 'import';
  libraryId: string;
  file: string | null;
  copy: boolean;
}

/** Parses argv (the command first); throws a message string on bad usage. */
export function parseTransferArgs(argv: string[]): TransferArgs {
  const [command, ...rest] = argv;
  if (command !== 'export' && command !== 'import') throw 'the command is export or import';
  const copy = rest.includes('--copy');
  const unknown = rest.filter((a) => a.startsWith('--') && a !== '--copy');
  if (unknown.length) throw `unknown option ${unknown[0]}`;
  if (copy && command === 'export') throw '--copy is an import option';
  const positional = rest.filter((a) => !a.startsWith('--'));
  if (positional.length < 1) throw 'the library id is missing';
  if (command === 'import' && positional.length < 2) throw 'the file to import is missing';
  if (positional.length > 2) throw `one library and one file; not ${positional.slice(2).join(' ')}`;
  return { command, libraryId: positional[0], file: positional[1] ?? null, copy };
}

const fmtBytes = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`);
const fmtInt = (n: number) => n.toLocaleString('en-US');

/** One progress line on stderr, redrawn in place on a terminal (a line every few seconds otherwise). */
function progressLine() {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    show(text: string, force = false) {
      const now = Date.now();
      if (!force && now - last < (tty ? 100 : 5000)) return;
      last = now;
      if (tty) process.stderr.write(`\r\x1b[K${text}`);
      else process.stderr.write(`${text}\n`);
    },
    done(text: string) {
      process.stderr.write(tty ? `\r\x1b[K${text}\n` : `${text}\n`);
    },
  };
}

const bar = (share: number) => {
  const width = 24;
  const full = Math.max(0, Math.min(width, Math.round(share * width)));
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(share * 100).toFixed(0).padStart(3)}%`;
};

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

function request(url: URL, opts: { method: string; headers: Record<string, string> }, body?: NodeJS.ReadableStream): Promise<Answer> {
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method: opts.method, headers: opts.headers }, (res) =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
    );
    req.on('error', reject);
    if (body) body.pipe(req);
    else req.end();
  });
}

async function readAll(body: http.IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of body) text += chunk;
  return text;
}

/** The server's refusal in one sentence: its message and code, and the line of an import. */
function refusal(status: number, text: string): string {
  try {
    const e = (JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] }).errors?.[0];
    if (e) return `${e.message} (${e.extensions?.code ?? status})`;
  } catch {
    // not JSON: said as it came
  }
  return `the server answered ${status}: ${text.slice(0, 200)}`;
}

/** How many scenarios the library holds (for the export's share done), or null when it cannot say. */
async function totalOf(base: URL, libraryId: string, headers: Record<string, string>): Promise<number | null> {
  try {
    const res = await fetch(new URL('/graphql', base), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($id: ID!) { library(id: $id) { scenarios(first: 1) { totalCount } } }', variables: { id: libraryId } }),
    });
    const body = (await res.json()) as { data?: { library?: { scenarios?: { totalCount?: number } } } };
    return body.data?.library?.scenarios?.totalCount ?? null;
  } catch {
    return null;
  }
}

export async function runTransfer(args: TransferArgs, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const base = new URL(env.FLOPSCOPE_URL || 'http://localhost:4000');
  const headers: Record<string, string> = env.FLOPSCOPE_API_KEY ? { authorization: `Bearer ${env.FLOPSCOPE_API_KEY}` } : {};
  const id = encodeURIComponent(args.libraryId);
  const progress = progressLine();

  if (args.command === 'export') {
    const total = await totalOf(base, args.libraryId, headers);
    const res = await request(new URL(`/libraries/${id}/export`, base), { method: 'GET', headers });
    if (res.status !== 200) throw new Error(refusal(res.status, await readAll(res.body)));
    const named = /filename="([^"]+)"/.exec(String(res.headers['content-disposition'] ?? ''))?.[1] ?? `${args.libraryId}.ndjson`;
    const file = args.file ?? named;
    let bytes = 0;
    let lines = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
        const scenarios = Math.max(0, lines - 1);
        progress.show(`${total ? `${bar(scenarios / Math.max(1, total))} ` : ''}${fmtInt(scenarios)} scenarios, ${fmtBytes(bytes)}`);
        done(null, chunk);
      },
    });
    const out = file === '-' ? process.stdout : fs.createWriteStream(file);
    try {
      await pipeline(res.body, count, out);
    } catch (e) {
      throw new Error(`the export stopped before its end (${(e as Error).message}); ${file === '-' ? 'the output' : file} is incomplete`);
    }
    progress.done(`exported ${fmtInt(Math.max(0, lines - 1))} scenarios (${fmtBytes(bytes)}) to ${file === '-' ? 'stdout' : path.resolve(file)}`);
    return;
  }

  const file = args.file as string;
  const size = fs.statSync(file).size;
  let sent = 0;
  let serverSays = '';
  const source = fs.createReadStream(file);
  source.on('data', (c) => {
    sent += c.length;
    progress.show(`${bar(sent / Math.max(1, size))} ${fmtBytes(sent)} of ${fmtBytes(size)} sent${serverSays}`);
  });
  const query = args.copy ? '?onDuplicate=copy' : '';
  const res = await request(
    new URL(`/libraries/${id}/import${query}`, base),
    { method: 'POST', headers: { ...headers, 'content-type': 'application/x-ndjson', accept: 'application/x-ndjson', 'content-length': String(size) } },
    source,
  );
  // A refusal before the first progress line: the transaction never committed.
  if (res.status !== 200) throw new Error(`${refusal(res.status, await readAll(res.body))}; nothing was written`);
  // Progress lines, then the last one: the result, or the error (at which line) that rolled it all back.
  let rest = '';
  let last: { result?: { scenarios: number; skipped: number; hardware: number }; errors?: { message: string; extensions?: { code?: string } }[] } | null = null;
  for await (const chunk of res.body) {
    rest += chunk;
    let at: number;
    while ((at = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, at);
      rest = rest.slice(at + 1);
      if (!line) continue;
      const m = JSON.parse(line);
      if (m.progress) {
        serverSays = `; ${fmtInt(m.progress.scenarios)} written, ${fmtInt(m.progress.skipped)} skipped`;
        progress.show(`${bar(sent / Math.max(1, size))} ${fmtBytes(sent)} of ${fmtBytes(size)} sent${serverSays}`, true);
      } else last = m;
    }
  }
  if (!last) throw new Error('the server ended the import without saying how it went: nothing may have been written; look at the library before retrying');
  if (last.errors) throw new Error(`${last.errors[0].message} (${last.errors[0].extensions?.code ?? 'error'}); nothing was written`);
  const r = last.result as { scenarios: number; skipped: number; hardware: number };
  progress.done(`imported ${fmtInt(r.scenarios)} scenarios (${fmtInt(r.skipped)} skipped as already there, ${r.hardware} accelerators added) from ${file}`);
}

if (require.main === module) {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  let args: TransferArgs;
  try {
    args = parseTransferArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${String(e)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  runTransfer(args).catch((e: unknown) => {
    process.stderr.write(`\n${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
