import type { Config } from '../config';
import { Logger, startTrace } from '../logger';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded';
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
  const queries: QueryCounter = { count: 0 };
  // The Prisma client is prepared as soon as the URL is known, while PostgreSQL starts: loading it
  // and its query compiler (WebAssembly) is the heaviest part of a start. It connects on first use.
  let client: Promise<Db> | null = null;
  const prepare = (url: string) => {
    client ??= import('./prisma').then(({ createPrisma }) => {
      const prisma = createPrisma(url, queries);
      void prisma.$connect().catch(() => undefined); // loads the query compiler; a real failure shows on the first query
      return prisma;
    });
    onStarting();
  };
  if (config.databaseUrl) prepare(config.databaseUrl);
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, log, prepare);
  const url = config.databaseUrl ?? embedded!.url;
  prepare(url);
  const prisma = await client!;
  startTrace(log, 'database up');
  const t = Date.now();
  try {
    // Prisma's first query (its pool's first connection) runs while the migrations are checked. If
    // it failed, it is asked again once they are (the database may only now exist), so a real
    // failure (wrong password, say) surfaces from there.
    const warm = prisma.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    await migrateCreatingDatabase(url, log, embedded);
    if (!(await warm)) await prisma.$queryRaw`SELECT 1`;
  } catch (e) {
    await prisma.$disconnect().catch(() => undefined);
    await embedded?.stop();
    throw e;
  }
  queries.count = 0;
  startTrace(log, 'migrations checked, Prisma client ready', { ms: Date.now() - t });
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

/** The migrations, on the embedded cluster creating its database first when it is missing. */
async function migrateCreatingDatabase(url: string, log: Logger, embedded: EmbeddedPostgres | null): Promise<void> {
  const { migrate } = await import('./migrate');
  try {
    await migrate(url, log);
  } catch (e) {
    if (!embedded || (e as { code?: string }).code !== '3D000') throw e;
    await embedded.ensureDatabase();
    await migrate(url, log);
  }
}
