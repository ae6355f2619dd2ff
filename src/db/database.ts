import type { Config } from '../config';
import type { Logger } from '../logger';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded';
import { migrate } from './migrate';
import { createPrisma, Db, QueryCounter } from './prisma';

export interface Database {
  url: string;
  prisma: Db;
  queries: QueryCounter;
  /** The embedded PostgreSQL when there is no DATABASE_URL (its stop/start serve outage drills). */
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

/** DATABASE_URL when given, else the embedded PostgreSQL; migrated and ready to use. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, log);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    await migrate(url, log);
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
  const queries: QueryCounter = { count: 0 };
  const prisma = createPrisma(url, queries);
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
