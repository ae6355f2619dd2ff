/** flopscope as one running service: database → GraphQL (which seeds) → HTTP, and a stop in reverse. */
import type { Config } from '../config';
import { Database, openDatabase } from '../db/database';
import type { Logger } from '../logger';
import { startGraphQLThread } from './graphql-thread';
import { startHttp } from './http';

export interface App {
  url: string;
  port: number;
  db: Database;
  /** Set when the admin key was generated on this start (printed once). */
  generatedAdminKey: string | null;
  stop(): Promise<void>;
}

export async function startApp(config: Config, log: Logger): Promise<App> {
  const db = await openDatabase(config, log);
  const stops: (() => Promise<void>)[] = [() => db.close()];
  const stopAll = async () => {
    for (const stop of stops) await stop();
  };
  try {
    // The thread seeds the database (the admin, the examples) before it answers.
    const graphql = await startGraphQLThread(config, log, db);
    const { generatedAdminKey } = graphql;
    stops.unshift(() => graphql.stop());
    const http = await startHttp(config, log, db, graphql);
    stops.unshift(() => http.stop());
    log.info({ url: http.url, embeddedDatabase: db.embedded !== null, startMs: Math.round(performance.now()) }, 'flopscope is serving');
    let stopping: Promise<void> | null = null;
    return { url: http.url, port: http.port, db, generatedAdminKey, stop: () => (stopping ??= stopAll()) };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
