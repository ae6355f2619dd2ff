import 'reflect-metadata';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { startApp } from './server/app';

async function main() {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const app = await startApp(config, log);
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
