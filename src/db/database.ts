/**
 * The database as the main thread holds it: where it is, its migrations applied, a readiness check
 * and the statement counter. The main thread keeps no Prisma client (about 90 MB of the process's
 * memory): the GraphQL thread has the pool, and seeds the database when it starts.
 */
import { Pool } from 'pg';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded';
import { migrate } from './migrate';
import { QueryCounter } from './query-counter';

/** A readiness answer is reused this long: a flood of /readyz costs the database one statement a second. */
const READY_CACHE_MS = 1000;

export interface Database {
  url: string;
  queries: QueryCounter;
  /** The embedded PostgreSQL when there is no DATABASE_URL (its stop/start serve outage drills). */
  embedded: EmbeddedPostgres | null;
  /** Whether the database answers `SELECT 1` within `ms` (never hangs on a stopped database). */
  ready(ms?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** DATABASE_URL when given, else the embedded PostgreSQL; migrated and answering. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, log);
  const url = config.databaseUrl ?? embedded!.url;
  // One connection, for /readyz alone.
  const pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 2000, idleTimeoutMillis: 30000, statement_timeout: 2000 });
  pool.on('error', (e) => log.warn({ err: e }, 'the readiness connection failed'));
  try {
    await migrateCreatingDatabase(url, log, embedded);
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    await embedded?.stop();
    throw e;
  }
  let last: { at: number; ok: boolean } | null = null;
  let checking: Promise<boolean> | null = null;
  const check = async (ms: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([pool.query('SELECT 1'), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    url,
    queries: new QueryCounter(),
    embedded,
    ready(ms = 2000) {
      if (last && performance.now() - last.at < READY_CACHE_MS) return Promise.resolve(last.ok);
      checking ??= check(ms).then((ok) => {
        last = { at: performance.now(), ok };
        checking = null;
        return ok;
      });
      return checking;
    },
    async close() {
      await pool.end().catch(() => undefined);
      await embedded?.stop();
    },
  };
}

/** The migrations, on the embedded cluster creating its database first when it is missing. */
async function migrateCreatingDatabase(url: string, log: Logger, embedded: EmbeddedPostgres | null): Promise<void> {
  try {
    await migrate(url, log);
  } catch (e) {
    if (!embedded || (e as { code?: string }).code !== '3D000') throw e;
    await embedded.ensureDatabase();
    await migrate(url, log);
  }
}
