/**
 * Streamed export and import (target; issue 19, item 4): a library of 1,000,000 scenarios (100,000
 * with --quick) seeded straight into PostgreSQL, exported through GET /libraries/{id}/export and
 * imported back into an empty library through POST /libraries/{id}/import, each beside what
 * PostgreSQL itself does with the same rows in the same run:
 *
 * - export: `COPY (SELECT <each scenario's export line> … ORDER BY id) TO STDOUT` — the same lines,
 *   built the same way, with no server, no HTTP and no client between;
 * - import: `COPY scenarios (…) FROM STDIN` of the same rows (fresh ids, into a scratch library),
 *   with the table's indexes — PostgreSQL's own bulk load, without the checks, the revisions or
 *   the duplicate lookup an import does.
 *
 * It passes with the server's RSS below 300 MB at every sample (every 100 ms) during each transfer,
 * the export's rate at least 1/5 of COPY TO's and the import's at least 1/10 of COPY FROM's.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { seedScenarios } from '../../test/support/seed';
import { check } from '../lib/load';
import { AS_ADMIN, Q } from '../lib/queries';
import type { StepDef } from '../lib/report';
import { rss } from '../lib/server';
import { fig, int, log, mb, now, round } from '../lib/stats';

const RSS_LIMIT_MB = 300;
const EXPORT_RATIO = 1 / 5;
const IMPORT_RATIO = 1 / 10;

/** The export line of each live scenario of a library, as src/store/stream.store.ts builds it. */
const LINES_SQL = (libraryId: string) =>
  `SELECT json_build_object('name', name, 'description', description, 'tags', tags, 'input', input)::text
   FROM scenarios WHERE library_id = '${libraryId}' AND deleted_at IS NULL ORDER BY id`;

/** Samples the server's RSS every 100 ms until stopped; the peak in MB. */
function sampleRss(pid: number) {
  let peak = 0;
  const take = () => (peak = Math.max(peak, mb(rss(pid))));
  take();
  const timer = setInterval(take, 100);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}

/** Counts the lines and bytes going through. */
function counter() {
  const c = { lines: 0, bytes: 0 };
  const stream = new Transform({
    transform(chunk: Buffer, _e, done) {
      c.bytes += chunk.length;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) c.lines++;
      done(null, chunk);
    },
  });
  return { c, stream };
}

function request(url: string, method: string, headers: Record<string, string>, body?: fs.ReadStream): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, resolve);
    req.on('error', reject);
    if (body) body.pipe(req);
    else req.end();
  });
}

export const transfer: StepDef = {
  step: 'transfer',
  title: 'streamed export and import of a 1,000,000-scenario library, beside PostgreSQL’s COPY of the same rows',
  kind: 'target',
  limit: `server RSS < ${RSS_LIMIT_MB} MB throughout each; export ≥ 1/5 of COPY TO's rate, import ≥ 1/10 of COPY FROM's`,
  seeded: false,
  freeExecution: false,
  async run({ s, p }) {
    const rows = p.transferRows;
    const base = s.server.base;
    const pid = s.server.child.pid!;
    const source = (await check(base, { body: Q.createLibrary('bench transfer source'), headers: AS_ADMIN })).createLibrary.id;
    const target = (await check(base, { body: Q.createLibrary('bench transfer target'), headers: AS_ADMIN })).createLibrary.id;
    const scratch = (await check(base, { body: Q.createLibrary('bench transfer COPY FROM'), headers: AS_ADMIN })).createLibrary.id;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flopscope-transfer-'));
    const file = path.join(dir, 'library.ndjson');
    const client = new Client({ connectionString: s.databaseUrl });
    await client.connect();
    try {
      let t = now();
      await seedScenarios(client, { libraryId: source, count: rows, baseMs: Date.now() - 20 * 86_400_000 });
      await client.query('VACUUM ANALYZE scenarios');
      log(`  seeded ${int(rows)} scenarios in ${Math.round(now() - t)} ms`);

      // PostgreSQL's own export of the same lines.
      t = now();
      const toCount = counter();
      await pipeline(client.query(copyTo(`COPY (${LINES_SQL(source)}) TO STDOUT`)), toCount.stream, fs.createWriteStream(path.join(dir, 'copy.txt')));
      const copyToMs = now() - t;
      fs.rmSync(path.join(dir, 'copy.txt'));

      // The streamed export, written to a file (the import's input).
      const exportRss = sampleRss(pid);
      t = now();
      const res = await request(`${base}/libraries/${source}/export`, 'GET', AS_ADMIN);
      if (res.statusCode !== 200) throw new Error(`the export answered ${res.statusCode}`);
      const exported = counter();
      await pipeline(res, exported.stream, fs.createWriteStream(file));
      const exportMs = now() - t;
      const exportPeak = exportRss.stop();
      if (exported.c.lines !== rows + 1) throw new Error(`the export has ${exported.c.lines} lines, not ${rows + 1}`);

      // PostgreSQL's own bulk load of the same rows (fresh ids, into the scratch library).
      const rowsFile = path.join(dir, 'rows.txt');
      await pipeline(
        client.query(
          copyTo(
            `COPY (SELECT gen_random_uuid(), '${scratch}'::uuid, name, description, tags, input, tokenizer_method FROM scenarios WHERE library_id = '${source}' ORDER BY id) TO STDOUT`,
          ),
        ),
        fs.createWriteStream(rowsFile),
      );
      t = now();
      await client.query('BEGIN');
      await pipeline(
        fs.createReadStream(rowsFile),
        client.query(copyFrom('COPY scenarios (id, library_id, name, description, tags, input, tokenizer_method) FROM STDIN')),
      );
      await client.query('COMMIT');
      const copyFromMs = now() - t;
      fs.rmSync(rowsFile);

      // The streamed import of the export, into an empty library.
      const importRss = sampleRss(pid);
      t = now();
      const size = fs.statSync(file).size;
      const answer = await request(
        `${base}/libraries/${target}/import`,
        'POST',
        { ...AS_ADMIN, 'content-type': 'application/x-ndjson', 'content-length': String(size) },
        fs.createReadStream(file),
      );
      let text = '';
      for await (const chunk of answer) text += chunk;
      const importMs = now() - t;
      const importPeak = importRss.stop();
      if (answer.statusCode !== 200) throw new Error(`the import answered ${answer.statusCode}: ${text.slice(0, 300)}`);
      const result = JSON.parse(text) as { scenarios: number };
      if (result.scenarios !== rows) throw new Error(`the import wrote ${result.scenarios} scenarios, not ${rows}`);

      const rate = (ms: number) => rows / (ms / 1000);
      const exportRatio = rate(exportMs) / rate(copyToMs);
      const importRatio = rate(importMs) / rate(copyFromMs);
      const measured =
        `${int(rows)} scenarios (${fig(exported.c.bytes / 1e6)} MB): export ${int(rate(exportMs))}/s (${fig(exportMs / 1000)} s), ` +
        `COPY TO ${int(rate(copyToMs))}/s: ${round(exportRatio, 2)} of it; import ${int(rate(importMs))}/s (${fig(importMs / 1000)} s), ` +
        `COPY FROM ${int(rate(copyFromMs))}/s: ${round(importRatio, 2)} of it; server RSS peak ${exportPeak} MB exporting, ${importPeak} MB importing`;
      return {
        measured,
        pass: exportPeak < RSS_LIMIT_MB && importPeak < RSS_LIMIT_MB && exportRatio >= EXPORT_RATIO && importRatio >= IMPORT_RATIO,
        details: {
          rows,
          bytes: exported.c.bytes,
          copyToBytes: toCount.c.bytes,
          ms: { copyTo: round(copyToMs), export: round(exportMs), copyFrom: round(copyFromMs), import: round(importMs) },
          ratios: { export: round(exportRatio), import: round(importRatio) },
          rssPeakMB: { export: exportPeak, import: importPeak, limit: RSS_LIMIT_MB },
        },
      };
    } finally {
      await client.end();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
