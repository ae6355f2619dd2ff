import 'reflect-metadata';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { createLogger, startTrace } from './logger';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  startTrace(log, 'node ready');
  // PostgreSQL starts first; the server's modules (Apollo, type-graphql, Prisma) load meanwhile.
  let starting!: () => void;
  const started = new Promise<void>((resolve) => (starting = resolve));
  const database = openDatabase(config, log, starting);
  await Promise.race([started, database.then(() => undefined, () => undefined)]);
  const { startApp } = await import('./server/app');
  startTrace(log, 'server modules loaded');
  const app = await startApp(config, log, database);
  let signals = 0;
  const shutdown = (signal: string) => {
    if (signals++ > 0) return;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    app.stop().then(
      () => process.exit(0),
      (e) => {
        log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e) => {
  // eslint-disable-next-line no-console
  console.error(`flopscope failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
