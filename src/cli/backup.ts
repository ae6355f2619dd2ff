/**
 * Backup and restore of the whole store, straight to the database (src/db/backup.ts, restore.ts):
 *
 *   npm run backup -- FILE                      a consistent snapshot, while the server serves
 *   npm run restore -- FILE [--force-replace]   into an empty database (the server stopped)
 *   npm run backup -- --verify FILE             checks a file whole, without a database
 *
 * The database is DATABASE_URL when set, else the embedded PostgreSQL of FLOPSCOPE_DATA_DIR
 * (default ./.data), started for the time of the command when no server runs it (a backup shares
 * a running server's). Exit codes: 0 done, 2 bad arguments, 1 refused or failed.
 */
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../config';
import { writeBackup } from '../db/backup';
import { EmbeddedPostgres, startEmbeddedPostgres } from '../db/embedded';
import { BackupError, ParsedBackup, restoreBackup, verifyBackup } from '../db/restore';

export const USAGE = `usage: npm run backup -- FILE
       npm run backup -- --verify FILE
       npm run restore -- FILE [--force-replace]

  backup     writes every table of the store (users and key hashes, libraries, members,
             custom hardware, scenarios and their history) to FILE (gzip), as one consistent
             snapshot; the server may keep serving meanwhile
  --verify   reads FILE whole and checks it (gzip, rows, counts, SHA-256); no database
  restore    loads FILE into an empty database, in one transaction (all or nothing), with
             the migrations of its schema version; stop the server first
  --force-replace  restore into a database that holds data, replacing all of it
  DATABASE_URL        an external PostgreSQL (else the embedded one of FLOPSCOPE_DATA_DIR)
  FLOPSCOPE_DATA_DIR  the embedded database's data directory (default ./.data)`;

export interface BackupArgs {
  command: 'backup' | 'verify' | 'restore';
  file: string;
  forceReplace: boolean;
}

/** Parses argv (the command first: backup or restore); throws a message string on bad usage. */
export function parseBackupArgs(argv: string[]): BackupArgs {
  const [command, ...rest] = argv;
  if (command !== 'backup' && command !== 'restore') throw 'the command is backup or restore';
  const options = rest.filter((a) => a.startsWith('--'));
  const allowed = command === 'backup' ? ['--verify'] : ['--force-replace'];
  const bad = options.find((o) => !allowed.includes(o));
  if (bad) throw `unknown option ${bad} for ${command}`;
  const files = rest.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) throw files.length ? `one file; not ${files.join(' ')}` : 'the backup file is missing';
  return {
    command: command === 'backup' && options.includes('--verify') ? 'verify' : command,
    // npm runs scripts in the package's folder; a relative FILE is relative to where `npm run` was typed.
    file: path.resolve(process.env.INIT_CWD || process.cwd(), files[0]),
    forceReplace: options.includes('--force-replace'),
  };
}

const fmtInt = (n: number) => n.toLocaleString('en-US');
const fmtBytes = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`);

/** A progress line on stderr, redrawn on a terminal, every few seconds otherwise. */
function progress() {
  const tty = process.stderr.isTTY;
  let last = Date.now();
  return {
    show(text: string) {
      const now = Date.now();
      if (now - last < (tty ? 200 : 5000)) return;
      last = now;
      process.stderr.write(tty ? `\r\x1b[K${text}` : `${text}\n`);
    },
    clear() {
      if (tty) process.stderr.write('\r\x1b[K');
    },
  };
}

const tablesLine = (rows: Record<string, number>) =>
  Object.entries(rows)
    .map(([t, n]) => `${t} ${fmtInt(n)}`)
    .join(', ');

/** The database to use: DATABASE_URL, or the embedded cluster of the data directory (started if need be). */
async function database(command: 'backup' | 'restore'): Promise<{ url: string; embedded: EmbeddedPostgres | null; dataDir: string | null }> {
  const config = loadConfig();
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: null, dataDir: null };
  const dir = config.dataDir;
  if (command === 'backup') {
    const located = fs.existsSync(path.join(dir, 'postgres-location.txt'));
    if (!located && !fs.existsSync(path.join(dir, 'pg', 'PG_VERSION')))
      throw new BackupError(`no embedded database in ${dir} (FLOPSCOPE_DATA_DIR): nothing to back up (set DATABASE_URL for an external one)`);
  }
  const log = pino({ level: 'warn', base: { service: 'flopscope' } }, pino.destination(2));
  const embedded = await startEmbeddedPostgres(dir, log);
  if (command === 'restore' && !embedded.owned) {
    throw new BackupError(`a flopscope server is running on ${dir}: stop it, then restore (a restore needs the database to itself)`);
  }
  return { url: embedded.url, embedded, dataDir: dir };
}

export async function runBackupCommand(args: BackupArgs): Promise<void> {
  const bar = progress();
  const onRead = (p: { table: string | null; rows: number; fileBytes: number }, total: number) =>
    bar.show(
      `${p.table ?? ''} ${fmtInt(p.rows)} rows · ${fmtBytes(p.fileBytes)} of ${fmtBytes(total)} (${Math.round((100 * p.fileBytes) / Math.max(1, total))}%)`,
    );
  if (args.command === 'verify') {
    const total = fs.existsSync(args.file) ? fs.statSync(args.file).size : 0;
    const { header, trailer } = await verifyBackup(args.file, (p) => onRead(p, total));
    bar.clear();
    process.stdout.write(`${summary(args.file, { header, trailer })}\nthe backup is whole: gzip, rows, counts and SHA-256 check\n`);
    return;
  }
  const db = await database(args.command);
  try {
    if (args.command === 'backup') {
      const r = await writeBackup(db.url, args.file, (p) => bar.show(`${p.table} ${fmtInt(p.rows)} rows · ${fmtBytes(p.bytes)} uncompressed`));
      bar.clear();
      process.stdout.write(`backed up to ${r.file} (${fmtBytes(r.bytes)}, ${(r.ms / 1000).toFixed(1)} s), schema ${r.migration}: ${tablesLine(r.rows)}\n`);
    } else {
      if (!fs.existsSync(args.file)) throw new BackupError(`no backup file ${args.file}`);
      const total = fs.statSync(args.file).size;
      const log = pino({ level: 'warn', base: { service: 'flopscope' } }, pino.destination(2));
      const r = await restoreBackup(db.url, args.file, { forceReplace: args.forceReplace, log, onProgress: (p) => onRead(p, total) });
      bar.clear();
      const upgraded = r.upgraded.length ? `; then migrated to ${r.upgraded[r.upgraded.length - 1]}` : '';
      process.stdout.write(
        `restored ${args.file} (${(r.ms / 1000).toFixed(1)} s${r.replaced ? ', replacing what the database held' : ''}), schema ${r.header.migrations[r.header.migrations.length - 1]}${upgraded}: ${tablesLine(r.trailer.rows)}\n`,
      );
      if (db.dataDir && !fs.existsSync(path.join(db.dataDir, 'admin-key')) && !process.env.FLOPSCOPE_ADMIN_KEY)
        process.stdout.write(
          `note: a backup holds key hashes, not keys: copy the old data directory's admin-key file here, or start with FLOPSCOPE_ADMIN_KEY\n`,
        );
    }
  } finally {
    await db.embedded?.stop();
  }
}

function summary(file: string, { header, trailer }: ParsedBackup): string {
  return `${file}: taken ${header.createdAt} from PostgreSQL ${header.postgres}, schema ${header.migrations[header.migrations.length - 1]}: ${tablesLine(trailer.rows)}`;
}

if (require.main === module) {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  let args: BackupArgs;
  try {
    args = parseBackupArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${String(e)}\n\n${USAGE}\n`);
    process.exit(2);
  }
  runBackupCommand(args).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`\n${e instanceof BackupError ? e.message : `${command(args)} failed: ${e instanceof Error ? e.message : String(e)}`}\n`);
      process.exit(1);
    },
  );
}

function command(a: BackupArgs) {
  return a.command === 'verify' ? 'the check' : `the ${a.command}`;
}
