/** The boot recipe: config → database → seed → GraphQL → HTTP (src/server/app.ts) → signals. */
import 'reflect-metadata';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startApp } from './server/app';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const app = await startApp(config, log);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
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
  console.error(`flopscope failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
