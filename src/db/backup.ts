/**
 * A backup of the whole store while the server serves: one REPEATABLE READ READ ONLY transaction
 * (one snapshot: every table as of the same instant), each table streamed out with COPY TO STDOUT
 * through gzip into a file (backup-format.ts), a chunk at a time — memory does not grow with the
 * store. Writers are not blocked (MVCC); the tables are held in ACCESS SHARE mode, which only
 * holds off DDL (a migration waits for the backup to finish).
 *
 * The file is written as FILE.partial and renamed when complete, so a FILE is always a whole backup.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import {
  appliedMigrations,
  appSequences,
  appTables,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupHeader,
  BackupTrailer,
  COPY_SETTINGS,
  copySql,
  quoteIdent,
} from './backup-format';

export interface BackupResult {
  file: string;
  bytes: number;
  migration: string;
  rows: Record<string, number>;
  ms: number;
}

export interface BackupProgress {
  table: string;
  rows: number;
  bytes: number;
}

/** Writes a backup of the database at `databaseUrl` to `file`. */
export async function writeBackup(databaseUrl: string, file: string, onProgress?: (p: BackupProgress) => void): Promise<BackupResult> {
  const started = Date.now();
  const client = new Client({ connectionString: databaseUrl, application_name: 'flopscope backup' });
  client.on('error', () => undefined); // a lost connection fails the pending query
  await client.connect();
  const partial = `${file}.partial`;
  const out = fs.createWriteStream(partial, { mode: 0o600 });
  const gzip = zlib.createGzip({ level: 6 });
  gzip.pipe(out);
  const written = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  written.catch(() => undefined);
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  const put = async (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
    if (!gzip.write(chunk)) await Promise.race([once(gzip, 'drain'), written]);
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const s of COPY_SETTINGS) await client.query(s);
    await client.query("SET LOCAL lock_timeout = '60s'");
    // The snapshot is taken by the first statement: from here on every read sees the same instant.
    const migrations = await appliedMigrations(client);
    if (!migrations || migrations.length === 0) throw new Error('this database has no flopscope schema (no applied migrations): nothing to back up');
    const tables = await appTables(client);
    if (tables.length) await client.query(`LOCK TABLE ${tables.map((t) => quoteIdent(t.name)).join(', ')} IN ACCESS SHARE MODE`);
    const version = (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v;
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      postgres: version,
      migrations,
      tables,
    };
    await put(Buffer.from(`${JSON.stringify(header)}\n`));
    const rows: Record<string, number> = {};
    for (const t of tables) {
      const stream = client.query(copyTo(copySql(t, 'TO STDOUT')));
      let n = 0;
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
        await put(chunk);
        onProgress?.({ table: t.name, rows: n, bytes });
      }
      rows[t.name] = n;
      await put(Buffer.from('\\.\n'));
    }
    const sequences = await appSequences(client);
    await client.query('COMMIT');
    const trailer: BackupTrailer = { end: BACKUP_FORMAT, rows, sequences, sha256: hash.digest('hex') };
    gzip.end(`${JSON.stringify(trailer)}\n`);
    await written;
    const fd = fs.openSync(partial, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(partial, file);
    return { file, bytes: fs.statSync(file).size, migration: migrations[migrations.length - 1], rows, ms: Date.now() - started };
  } catch (e) {
    gzip.destroy();
    out.destroy();
    fs.rmSync(partial, { force: true });
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}
