import 'reflect-metadata';
import { Client } from 'pg';
import { Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { App, startApp } from '../../src/server/app';
import { removeDataDir, tempDataDir } from './process';

export const ADMIN_KEY = 'fsk_test_admin_key_0123456789_abcdefghij';

export interface TestServer {
  app: App;
  url: string;
  dataDir: string;
  databaseUrl: string | null;
  stop(): Promise<void>;
}

/**
 * A real server on a real PostgreSQL: embedded in a fresh temp data dir, or — when DATABASE_URL
 * is set — a fresh database created on that server for this test file.
 */
export async function startTestServer(opts: { dataDir?: string; databaseUrl?: string | null; config?: Partial<Config> } = {}): Promise<TestServer> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? tempDataDir('flopscope-test-');
  let databaseUrl = opts.databaseUrl ?? null;
  if (databaseUrl === null && process.env.DATABASE_URL && opts.databaseUrl === undefined) databaseUrl = await freshDatabase(process.env.DATABASE_URL);
  const config = { ...loadConfig({ NODE_ENV: 'test' }), port: 0, host: '127.0.0.1', dataDir, databaseUrl, adminKey: ADMIN_KEY, ...opts.config };
  const app = await startApp(config, createLogger('silent'));
  return {
    app,
    url: app.url,
    dataDir,
    databaseUrl,
    async stop() {
      await app.stop();
      if (ownDir) removeDataDir(dataDir);
    },
  };
}

async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `flopscope_test_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface GqlResponse<T = any> {
  status: number;
  data: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
  raw: string;
}

/** A GraphQL request over real HTTP. */
export async function gql<T = any>(url: string, query: string, variables?: Record<string, unknown>, key?: string): Promise<GqlResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const raw = await res.text();
  const body = JSON.parse(raw);
  return { status: res.status, data: body.data, errors: body.errors, raw };
}

/** The first error's code, or a failure listing what came back. */
export function errorCode(r: GqlResponse): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}

/** A request maker bound to a server and a key: (query, variables) → its response. */
export type Ask = (query: string, variables?: Record<string, unknown>) => Promise<GqlResponse>;

/** The data of a response that must have succeeded (else the test fails with its errors). */
export function ok(r: GqlResponse) {
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

/** The library and hardware writes many tests start from, through `ask`; each resolves with its response (newLibrary: the id). */
export function libraryWrites(ask: Ask) {
  return {
    newLibrary: async (name: string) =>
      ok(await ask(`mutation($n: String!) { createLibrary(input: { name: $n }) { id } }`, { n: name })).createLibrary.id as string,
    setHardware: (libraryId: string, input: Record<string, unknown>) =>
      ask(`mutation($l: ID!, $i: HardwareInput!) { setLibraryHardware(libraryId: $l, input: $i) { key } }`, { l: libraryId, i: input }),
    deleteHardware: (libraryId: string, key: string) =>
      ask(`mutation($l: ID!, $k: String!) { deleteLibraryHardware(libraryId: $l, key: $k) }`, { l: libraryId, k: key }),
    createScenario: (libraryId: string, input: Record<string, unknown>) =>
      ask(`mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id version } }`, { i: { libraryId, ...input } }),
  };
}
