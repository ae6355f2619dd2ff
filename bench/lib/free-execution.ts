/**
 * The free-execution floor: a second server (bench/free-execution-preload.ts: the same build and
 * environment, on the first server's PostgreSQL) whose GraphQL execution is free. Started at the
 * first step that needs it, stopped after the last one (or by cleanup). A floor that cannot be
 * measured says why, and leaves its step's own figures as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FREE_EXECUTION_ON, FREE_EXECUTION_REUSED } from './free-execution-markers';
import { check, Data, Shape } from './load';
import { Q } from './queries';
import { Server, spawnServer, stopServer, waitReady } from './server';
import { errorText, freePort, now, sleep } from './stats';

const PRELOAD = path.join(__dirname, '..', 'free-execution-preload.js');

export class FreeExecution {
  private server: Promise<Server> | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly databaseUrl: string,
  ) {}

  /** The free-execution server, started and checked on first use. */
  get(): Promise<Server> {
    this.server ??= this.start();
    return this.server;
  }

  private async start(): Promise<Server> {
    const port = await freePort();
    const dataDir = path.join(this.dataDir, 'free-execution');
    fs.mkdirSync(dataDir, { recursive: true });
    const server = spawnServer(dataDir, port, { preload: PRELOAD, env: { DATABASE_URL: this.databaseUrl } });
    try {
      await waitReady(server, now());
      for (let i = 0; i < 2; i++) await check(server.base, { body: Q.typename });
      const t0 = now();
      while (!server.output().includes(FREE_EXECUTION_REUSED)) {
        if (now() - t0 > 5_000) {
          throw new Error(
            server.output().includes(FREE_EXECUTION_ON)
              ? 'the free-execution server did not reuse a result: every request still executes'
              : "the server does not execute through graphql-js's execute (a custom executor or gateway?): the free-execution server cannot make its execution free",
          );
        }
        await sleep(10);
      }
    } catch (e) {
      await stopServer(server);
      throw e;
    }
    return server;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = null;
    await server.then(stopServer, () => undefined);
  }
}

/** The free-execution server answers `shape` exactly as the real one does (its first request executes it); the answer's data. */
export async function sameAnswer(realBase: string, free: Server, shape: Shape): Promise<Data> {
  const real = await check(realBase, shape);
  for (let i = 0; i < 2; i++) {
    if (JSON.stringify(await check(free.base, shape)) !== JSON.stringify(real))
      throw new Error('the free-execution server answered differently from the real one');
  }
  return real;
}

/** A floor, or why it could not be measured. */
export async function floor<T>(measure: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await measure();
  } catch (e) {
    return { error: errorText(e) };
  }
}

export const measured = <T>(f: T | { error: string }): f is T => !(typeof f === 'object' && f !== null && 'error' in f);
