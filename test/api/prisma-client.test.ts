/**
 * The generated Prisma client as scripts/prisma-generate.js patches it: the query compiler
 * (WebAssembly) comes from the .wasm file beside the client, compiled with `new
 * WebAssembly.Module`. Prisma's own loader decodes a 4.5 MB base64 module instead (~100 ms of
 * every start), and WebAssembly.compile stalled the first connection's SCRAM handshake by ~0.5 s.
 * Checked on the built client (dist/), in a fresh process: what `npm start` runs.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

const PROBE = `
let compiles = 0;
let modules = 0;
const compile = WebAssembly.compile;
WebAssembly.compile = (...args) => (compiles++, compile(...args));
const Module = WebAssembly.Module;
WebAssembly.Module = new Proxy(Module, { construct: (target, args) => (modules++, new target(...args)) });
const { createPrisma } = require('./dist/src/db/prisma');
// Nothing listens on port 1: $connect loads the compiler, then fails to connect.
createPrisma('postgresql://nobody:x@127.0.0.1:1/none').$connect().catch(() => undefined).then(() => {
  const loaded = Object.keys(require.cache).map((f) => require('node:path').basename(f)).filter((f) => f.startsWith('query_compiler'));
  console.log(JSON.stringify({ compiles, modules, loaded }));
});`;

test('the query compiler is compiled synchronously from the .wasm beside the client, never from the base64 module', () => {
  const res = spawnSync(process.execPath, ['-e', PROBE], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  expect(res.stderr).toBe('');
  const { compiles, modules, loaded } = JSON.parse(res.stdout.trim().split('\n').pop()!) as { compiles: number; modules: number; loaded: string[] };
  expect(compiles).toBe(0);
  expect(modules).toBe(1);
  expect(loaded).toEqual(['query_compiler_fast_bg.postgresql.js']); // the runtime's glue, not ….wasm-base64.js
});
