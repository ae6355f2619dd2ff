/**
 * `npm start` as users run it: a real process on the embedded PostgreSQL. It prints a generated
 * admin key once, serves /healthz and /readyz, stops cleanly on SIGTERM and SIGINT (embedded
 * PostgreSQL too), and a second start on the same data directory keeps everything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gql } from './harness';
import { clusterRoot, removeDataDir, spawnServer, START, tempDataDir } from './process';

const postmasterRunning = (dataDir: string) => fs.existsSync(path.join(clusterRoot(dataDir), 'pg', 'postmaster.pid'));

test('first start prints an admin key once; SIGTERM stops API and PostgreSQL with exit 0; a restart keeps the data', async () => {
  // mode 700, like a checkout under /root: the cluster goes to the fallback location
  const dataDir = tempDataDir('flopscope-start-', { private: true });
  const env = { FLOPSCOPE_DATA_DIR: dataDir, FLOPSCOPE_ADMIN_KEY: '', DATABASE_URL: '' };

  const first = await spawnServer(env);
  const key = /flopscope admin API key[^\n]*\n\s+(fsk_\S+)/.exec(first.output())?.[1];
  expect(key).toBeDefined();
  expect(fs.readFileSync(path.join(dataDir, 'admin-key'), 'utf8').trim()).toBe(key);
  // the key is never in a structured log line
  expect(
    first
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes(key!)),
  ).toEqual([]);

  const base = first.url.replace('/graphql', '');
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  const lib = await gql(first.url, `mutation { createLibrary(input: { name: "after restart" }) { id } }`, undefined, key);
  expect(lib.errors).toBeUndefined();
  expect(postmasterRunning(dataDir)).toBe(true);

  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect(postmasterRunning(dataDir)).toBe(false);

  // The restart as `npm start` runs it: scripts/start.js finds the build up to date and runs the
  // server in its own process, which SIGINT stops like the first.
  const second = await spawnServer(env, 60000, START);
  try {
    expect(second.output()).not.toMatch(/admin API key/);
    const r = await gql(second.url, `{ libraries { name } }`, undefined, key);
    expect(r.data.libraries.map((l: { name: string }) => l.name)).toEqual(expect.arrayContaining(['examples', 'after restart']));
  } finally {
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }
  expect(postmasterRunning(dataDir)).toBe(false);
  expect(clusterRoot(dataDir)).not.toBe(dataDir);
  removeDataDir(dataDir);
});
