/**
 * Crashes lose nothing acknowledged, and SIGTERM finishes what is in flight. Real processes on
 * the real embedded PostgreSQL: the API is killed with SIGKILL in the middle of a burst of
 * concurrent writes — and PostgreSQL with it, as in a power cut — then restarted on the same data.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Client } from 'pg';
import { ADMIN_KEY, gql } from './harness';
import { clusterRoot, removeDataDir, spawnServer, tempDataDir } from './process';

const INPUT = (name: string) => ({ name, model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 1e9 }], tags: ['burst'] });

test('SIGKILL (API and PostgreSQL) mid-burst: every acknowledged write is there, whole, and nothing partial is', async () => {
  const dataDir = tempDataDir('flopscope-crash-');
  const env = { FLOPSCOPE_DATA_DIR: dataDir, FLOPSCOPE_ADMIN_KEY: ADMIN_KEY, DATABASE_URL: '' };
  const first = await spawnServer(env);
  const lib = (await gql(first.url, `mutation { createLibrary(input: { name: "crash" }) { id } }`, undefined, ADMIN_KEY)).data.createLibrary.id;

  const TOTAL = 400;
  const KILL_AFTER = 80;
  const acked = new Set<string>();
  let next = 0;
  let killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    first.child.kill('SIGKILL');
    const pid = Number(fs.readFileSync(path.join(clusterRoot(dataDir), 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
  };
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < TOTAL && !killed) {
        const name = `c${next++}`;
        try {
          const r = await gql(
            first.url,
            `mutation($i: CreateScenarioInput!) { createScenario(input: $i) { id } }`,
            { i: { libraryId: lib, ...INPUT(name) } },
            ADMIN_KEY,
          );
          if (!r.errors && r.data?.createScenario?.id) acked.add(name);
          if (acked.size >= KILL_AFTER) kill();
        } catch {
          // the connection died with the server: not acknowledged
        }
      }
    }),
  );
  expect(killed).toBe(true);
  await first.exited;
  expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER);

  const second = await spawnServer(env);
  try {
    const r = await gql(
      second.url,
      `query($l: ID!) { scenarios(libraryId: $l, first: 1000) { edges { node { name version tags history { version } } } } }`,
      { l: lib },
      ADMIN_KEY,
    );
    expect(r.errors).toBeUndefined();
    const nodes = r.data.scenarios.edges.map((e: any) => e.node);
    const names = nodes.map((n: any) => n.name);
    for (const name of acked) expect(names).toContain(name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of nodes) {
      expect(n.name).toMatch(/^c\d+$/); // only what we sent
      expect(n).toMatchObject({ version: 1, tags: ['burst'], history: [{ version: 1 }] });
    }
    // and below the API: no revision without its scenario, no scenario without its revisions
    const root = clusterRoot(dataDir);
    const port = Number(fs.readFileSync(path.join(root, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
    const password = fs.readFileSync(path.join(root, 'pg-password'), 'utf8').trim();
    const c = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'flopscope' });
    await c.connect();
    const orphans = await c.query('SELECT count(*)::int AS n FROM scenario_revisions r LEFT JOIN scenarios s ON s.id = r.scenario_id WHERE s.id IS NULL');
    const partial = await c.query(
      'SELECT count(*)::int AS n FROM scenarios s WHERE s.version <> (SELECT count(*) FROM scenario_revisions r WHERE r.scenario_id = s.id)',
    );
    await c.end();
    expect(orphans.rows[0].n).toBe(0);
    expect(partial.rows[0].n).toBe(0);
  } finally {
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    removeDataDir(dataDir);
  }
});

test('SIGTERM: in-flight requests finish, new connections are refused, logs carry request ids and no keys', async () => {
  const dataDir = tempDataDir('flopscope-drain-');
  const server = await spawnServer({ FLOPSCOPE_DATA_DIR: dataDir, FLOPSCOPE_ADMIN_KEY: ADMIN_KEY, DATABASE_URL: '' });
  const { port } = new URL(server.url);
  const body = JSON.stringify({ query: 'mutation { createLibrary(input: { name: "in flight" }) { id name } }' });
  // A request whose body is still arriving when SIGTERM comes.
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${ADMIN_KEY}`,
          'x-request-id': 'drain-test-1',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 20), () => {
      // give the server a moment to read the headers, so the request is in flight, not just queued
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 300);
      }, 150);
    });
  });
  const r = await response;
  expect(r.status).toBe(200);
  expect(JSON.parse(r.text).data.createLibrary.name).toBe('in flight');
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  expect(await server.exited).toBe(0);

  const logs = server
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  const request = logs.find((l) => l.msg === 'request' && l.requestId === 'drain-test-1');
  expect(request).toMatchObject({ method: 'POST', path: '/graphql', status: 200 });
  expect(server.output()).not.toContain(ADMIN_KEY);
  expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['HTTP server closed', 'embedded PostgreSQL stopped']));
  removeDataDir(dataDir);
});
