#!/usr/bin/env node
// `prisma generate` without network: Prisma 7's CLI wants a native schema engine from its CDN,
// which generate does not use. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file lets it
// run offline (see DESIGN.md, "Stack facts"). Migrations are applied by src/db/migrate.ts.
//
// Skipped (it takes ~3 s) when src/generated/prisma was generated from the same schema, config,
// Prisma version and script: a stamp file there records the hash of those inputs. --force runs it.
//
// The client loads its query compiler (WebAssembly) from a JavaScript module holding it as a
// 4.5 MB base64 string: reading and compiling that module, then decoding it, was ~100 ms of every
// start, on the main thread, and the string stayed in the heap. The compiler is written here once
// as a .wasm file beside the client (for src/ and for dist/), and the client is patched to read
// it and compile it with WebAssembly.compile (off the main thread); without the file it falls
// back to Prisma's own module. A Prisma version that generates this part differently is left
// unpatched, with a warning.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const out = path.join(root, 'src', 'generated', 'prisma');
const stamp = path.join(out, '.inputs-hash');

function inputsHash() {
  const h = crypto.createHash('sha256');
  for (const f of ['prisma/schema.prisma', 'prisma.config.ts', 'scripts/prisma-generate.js', 'node_modules/prisma/package.json', 'node_modules/@prisma/client/package.json']) {
    h.update(f);
    try {
      h.update(fs.readFileSync(path.join(root, f)));
    } catch {
      h.update('missing');
    }
  }
  return h.digest('hex');
}

/** Where the query compiler's .wasm goes: beside the generated client, in src/ and in dist/. */
const wasmDirs = [out, path.join(root, 'dist', 'src', 'generated', 'prisma')];

const hash = inputsHash();
const upToDate = () => {
  try {
    const patched = fs.readFileSync(path.join(out, 'internal', 'class.ts'), 'utf8').match(WASM_FILE);
    const wasmInPlace = !patched || wasmDirs.every((d) => fs.existsSync(path.join(d, patched[1])));
    return fs.readFileSync(stamp, 'utf8').trim() === hash && fs.existsSync(path.join(out, 'client.ts')) && wasmInPlace;
  } catch {
    return false;
  }
};

/** The generated loader: the base64 module, decoded and compiled synchronously. */
const BASE64_LOADER = /( *)getQueryCompilerWasmModule: async \(\) => \{\n\s*const \{ wasm \} = await import\("([^"]+)\.wasm-base64\.js"\)\n\s*return await decodeBase64AsWasm\(wasm\)\n\s*\},?/;
/** The patched loader names its file so: */
const WASM_FILE = /const wasmFile = '([^']+\.wasm)'/;

/** Writes the compiler's .wasm beside the client and points the client at it (see the top). */
function useWasmFile() {
  const classFile = path.join(out, 'internal', 'class.ts');
  const source = fs.readFileSync(classFile, 'utf8');
  const m = BASE64_LOADER.exec(source);
  if (!m) {
    if (!WASM_FILE.test(source)) console.warn('prisma-generate: the generated client does not load its query compiler as expected; left as generated (it still works, only slower to start)');
    return;
  }
  const [, indent, specifier] = m;
  const file = `${path.basename(specifier)}.wasm`;
  const bytes = Buffer.from(require(require.resolve(`${specifier}.wasm-base64.js`, { paths: [root] })).wasm, 'base64');
  for (const dir of wasmDirs) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, file), bytes);
  }
  const loader = [
    `getQueryCompilerWasmModule: async () => {`,
    `  // Patched by scripts/prisma-generate.js: the compiler from the .wasm file written beside this`,
    `  // client, compiled off the main thread; Prisma's base64 module when the file is missing.`,
    `  const wasmFile = '${file}'`,
    `  const { readFile } = await import('node:fs/promises')`,
    `  const { join } = await import('node:path')`,
    `  const bytes = await readFile(join(__dirname, '..', wasmFile)).catch(() => null)`,
    `  if (bytes) return await WebAssembly.compile(bytes)`,
    `  const { wasm } = await import("${specifier}.wasm-base64.js")`,
    `  return await decodeBase64AsWasm(wasm)`,
    `},`,
  ].map((l) => indent + l).join('\n');
  fs.writeFileSync(classFile, source.replace(BASE64_LOADER, loader));
}

if (!process.argv.includes('--force') && upToDate()) process.exit(0);

const cli = require.resolve('prisma/build/index.js');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const res = spawnSync(process.execPath, [cli, 'generate'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
if (res.status !== 0) {
  process.stdout.write(res.stdout || '');
  process.stderr.write(res.stderr || '');
  process.exit(res.status ?? 1);
}
useWasmFile();
fs.writeFileSync(stamp, `${hash}\n`);
