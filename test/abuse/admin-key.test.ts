/**
 * The admin key rotates: each start with a new FLOPSCOPE_ADMIN_KEY revokes the admin keys it
 * replaces (the generated one, an earlier FLOPSCOPE_ADMIN_KEY), and the generated key's file goes
 * with it. Keys the admin made with createApiKey stay. No stored prefix shows more than 8
 * characters of a key. Revoking the generated key with revokeApiKey removes its file too (it
 * would show a dead key); revoking any other key leaves the file. Real processes on one data
 * directory, as an operator restarts the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gql } from '../api/harness';
import { removeDataDir, ServerProcess, spawnServer, tempDataDir } from '../api/process';

const K1 = 'k1_rotation_test_key_0123456789_abcdefghij';
const K2 = 'k2_rotation_test_key_0123456789_abcdefghij';

let dataDir: string;
let running: ServerProcess | null = null;

async function start(adminKey: string, dir = dataDir): Promise<ServerProcess> {
  running = await spawnServer({ FLOPSCOPE_DATA_DIR: dir, FLOPSCOPE_ADMIN_KEY: adminKey, DATABASE_URL: '' });
  return running;
}
async function stop(): Promise<void> {
  if (!running) return;
  running.child.kill('SIGTERM');
  await running.exited;
  running = null;
}
/** Whether `key` is accepted: the admin's `me`, or UNAUTHENTICATED. */
async function works(url: string, key: string): Promise<boolean> {
  const r = await gql(url, `{ me { isAdmin } }`, undefined, key);
  if (r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') return false;
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.me.isAdmin === true;
}
const keyFile = () => path.join(dataDir, 'admin-key');

beforeAll(() => {
  dataDir = tempDataDir('flopscope-admin-key-');
});
afterAll(async () => {
  await stop();
  removeDataDir(dataDir);
});

test('a generated key, then k1, then k2: only k2 (and the keys the admin made) works afterwards; the key file goes', async () => {
  const first = await start('');
  const generated = /flopscope admin API key[^\n]*\n\s+(fsk_\S+)/.exec(first.output())?.[1];
  expect(generated).toBeDefined();
  expect(fs.readFileSync(keyFile(), 'utf8').trim()).toBe(generated);
  const own = await gql(first.url, `mutation { createApiKey(name: "laptop") { apiKey } }`, undefined, generated);
  const laptop = own.data.createApiKey.apiKey as string;
  // the names that mark the keys a rotation replaces are not for anyone's own keys
  const reserved = await gql(first.url, `mutation { createApiKey(name: "FLOPSCOPE_ADMIN_KEY") { apiKey } }`, undefined, generated);
  expect(reserved.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  await stop();

  const second = await start(K1);
  expect(await works(second.url, K1)).toBe(true);
  expect(await works(second.url, generated!)).toBe(false);
  expect(await works(second.url, laptop)).toBe(true);
  expect(fs.existsSync(keyFile())).toBe(false);
  await stop();

  const third = await start(K2);
  expect(await works(third.url, K2)).toBe(true);
  expect(await works(third.url, K1)).toBe(false);
  expect(await works(third.url, generated!)).toBe(false);
  expect(await works(third.url, laptop)).toBe(true);
  const me = await gql(third.url, `{ me { apiKeys { name prefix revokedAt } } }`, undefined, K2);
  const keys = me.data.me.apiKeys as { name: string; prefix: string; revokedAt: string | null }[];
  expect(keys.map((k) => [k.name, k.revokedAt === null])).toEqual([
    ['generated on first start', false],
    ['laptop', true],
    ['FLOPSCOPE_ADMIN_KEY', false],
    ['FLOPSCOPE_ADMIN_KEY', true],
  ]);
  for (const k of keys) expect(k.prefix.length).toBeLessThanOrEqual(8);
  expect(keys.map((k) => k.prefix)).toEqual([generated!.slice(0, 8), laptop.slice(0, 8), K1.slice(0, 8), K2.slice(0, 8)]);
  await stop();

  // Unset again: the last configured key stays the admin's (it is in the database), nothing is generated.
  const fourth = await start('');
  expect(fourth.output()).not.toMatch(/admin API key/);
  expect(await works(fourth.url, K2)).toBe(true);
  expect(await works(fourth.url, K1)).toBe(false);
  expect(fs.existsSync(keyFile())).toBe(false);
  await stop();
}, 240_000);

test('revoking the generated key removes its file; revoking another key leaves it; a restart generates nothing while another admin key works', async () => {
  const dir = tempDataDir('flopscope-admin-revoke-');
  const file = path.join(dir, 'admin-key');
  try {
    const first = await start('', dir);
    const generated = /flopscope admin API key[^\n]*\n\s+(fsk_\S+)/.exec(first.output())?.[1];
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(generated);
    const make = async (name: string) =>
      (await gql(first.url, `mutation($n: String) { createApiKey(name: $n) { id apiKey } }`, { n: name }, generated)).data.createApiKey as {
        id: string;
        apiKey: string;
      };
    const revoke = (id: string, key: string) => gql(first.url, `mutation($id: ID!) { revokeApiKey(id: $id) }`, { id }, key);
    const spare = await make('spare');
    const laptop = await make('laptop');

    expect((await revoke(spare.id, generated!)).data.revokeApiKey).toBe(true);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(generated);

    const me = await gql(first.url, `{ me { apiKeys { id name } } }`, undefined, laptop.apiKey);
    const generatedId = (me.data.me.apiKeys as { id: string; name: string }[]).find((k) => k.name === 'generated on first start')!.id;
    expect((await revoke(generatedId, laptop.apiKey)).data.revokeApiKey).toBe(true);
    expect(await works(first.url, generated!)).toBe(false);
    expect(fs.existsSync(file)).toBe(false);
    await stop();

    // The admin still holds "laptop": nothing is generated, no file comes back.
    const second = await start('', dir);
    expect(second.output()).not.toMatch(/admin API key/);
    expect(await works(second.url, laptop.apiKey)).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    await stop();
  } finally {
    await stop();
    removeDataDir(dir);
  }
}, 240_000);
