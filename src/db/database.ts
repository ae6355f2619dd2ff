import type { Config } from '../config';
import type { Logger } from '../logger';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded';
import { migrate } from './migrate';
import { createPrisma, Db, QueryCounter } from './prisma';

/** Connections of the main thread's pool. */
const MAIN_POOL_SIZE = 2;

export interface Database {
  url: string;
  prisma: Db;
  queries: QueryCounter;
  /** The embedded PostgreSQL when there is no DATABASE_URL (its stop/start serve outage drills). */
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

/** DATABASE_URL when given, else the embedded PostgreSQL; migrated, connected and ready to use. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, log);
  const url = config.databaseUrl ?? embedded!.url;
  const queries = new QueryCounter();
  let prisma: Db | null = null;
  try {
    await migrateCreatingDatabase(url, log, embedded);
    // This thread's pool serves the seed and /readyz; the GraphQL thread has its own (FLOPSCOPE_DB_POOL_SIZE).
    prisma = createPrisma(url, { poolSize: MAIN_POOL_SIZE, statementTimeoutMs: config.statementTimeoutMs, counter: queries });
    await prisma.$queryRaw`SELECT 1`;
  } catch (e) {
    await prisma?.$disconnect().catch(() => undefined);
    await embedded?.stop();
    throw e;
  }
  queries.reset();
  const client = prisma;
  return {
    url,
    prisma: client,
    queries,
    embedded,
    async close() {
      await client.$disconnect();
      log.info('database connections closed');
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
