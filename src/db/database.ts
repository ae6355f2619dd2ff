import type { Config } from '../config';
import type { Logger } from '../logger';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded';
import { migrate } from './migrate';
import type { Db, QueryCounter } from './prisma';

export interface Database {
  url: string;
  prisma: Db;
  queries: QueryCounter;
  /** The embedded PostgreSQL when there is no DATABASE_URL (its stop/start serve outage drills). */
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when given, else the embedded PostgreSQL; migrated and ready to use.
 * `onStarting` fires as soon as the database is on its way (see startEmbeddedPostgres).
 */
export async function openDatabase(config: Config, log: Logger, onStarting: () => void = () => undefined): Promise<Database> {
  if (config.databaseUrl) onStarting();
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, log, onStarting);
  const url = config.databaseUrl ?? embedded!.url;
  const t = Date.now();
  const queries: QueryCounter = { count: 0 };
  // Loaded here, not at the top: the Prisma client is heavy and PostgreSQL is already starting.
  const { createPrisma } = await import('./prisma');
  const prisma = createPrisma(url, queries);
  try {
    // Prisma's first query (query compiler, pool) warms up while the migrations are checked.
    await Promise.all([migrate(url, log), prisma.$queryRaw`SELECT 1`]);
  } catch (e) {
    await prisma.$disconnect().catch(() => undefined);
    await embedded?.stop();
    throw e;
  }
  queries.count = 0;
  log.debug({ ms: Date.now() - t }, 'start: migrations checked, Prisma client ready');
  return {
    url,
    prisma,
    queries,
    embedded,
    async close() {
      await prisma.$disconnect();
      log.info('database connections closed');
      await embedded?.stop();
    },
  };
}
