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
// it and compile it with `new WebAssembly.Module` (~30 ms); without the file it falls back to
// Prisma's own module. A Prisma version that generates this part differently is left unpatched,
// with a warning.
//
// Compiled synchronously on purpose. With WebAssembly.compile (Node 20, V8 11.3), a process that
// queried as soon as it had created the client waited ~0.5 s with its main thread idle: the first
// connection's SCRAM key derivation (WebCrypto PBKDF2, normally ~2 ms) took 450-540 ms
// (PostgreSQL's log put 540 ms between "connection received" and "authenticated"); ~4 ms with the
// synchronous compile. The server's start hid most of it behind loading its modules.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { hashFiles } = require('./hash-files');

const root = path.join(__dirname, '..');
const out = path.join(root, 'src', 'generated', 'prisma');
const stamp = path.join(out, '.inputs-hash');

const inputsHash = () =>
  hashFiles(root, ['prisma/schema.prisma', 'prisma.config.ts', 'scripts/prisma-generate.js', 'scripts/hash-files.js', 'node_modules/prisma/package.json', 'node_modules/@prisma/client/package.json']);

/** Where the query compiler's .wasm goes: beside the generated client, in src/ and in dist/. */
const wasmDirs = [out, path.join(root, 'dist', 'src', 'generated', 'prisma')];
const classFile = path.join(out, 'internal', 'class.ts');

/** The generated loader: the base64 module, decoded and compiled synchronously. */
const BASE64_LOADER = /( *)getQueryCompilerWasmModule: async \(\) => \{\n\s*const \{ wasm \} = await import\("([^"]+)\.wasm-base64\.js"\)\n\s*return await decodeBase64AsWasm\(wasm\)\n\s*\},?/;
/** The patched loader: its file name, and the module it falls back to. */
const PATCHED_LOADER = /const wasmFile = '([^']+\.wasm)'[\s\S]*?await import\("([^"]+)\.wasm-base64\.js"\)/;

/** Writes the compiler's .wasm (decoded from Prisma's base64 module) into `dirs`. */
function writeWasm(specifier, file, dirs) {
  const bytes = Buffer.from(require(require.resolve(`${specifier}.wasm-base64.js`, { paths: [root] })).wasm, 'base64');
  for (const dir of dirs) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, file), bytes);
  }
}

/**
 * The client loads its compiler from the .wasm file (see the top): patches a freshly generated
 * client, and puts back a .wasm that is missing (dist/ deleted, say) beside a patched one.
 */
function useWasmFile() {
  const source = fs.readFileSync(classFile, 'utf8');
  const generated = BASE64_LOADER.exec(source);
  if (generated) {
    const [, indent, specifier] = generated;
    const file = `${path.basename(specifier)}.wasm`;
    writeWasm(specifier, file, wasmDirs);
    const loader = [
      `getQueryCompilerWasmModule: async () => {`,
      `  // Patched by scripts/prisma-generate.js: the compiler from the .wasm file written beside this`,
      `  // client, compiled synchronously (see there why); Prisma's base64 module when the file is`,
      `  // missing or does not compile.`,
      `  const wasmFile = '${file}'`,
      `  const { readFileSync } = await import('node:fs')`,
      `  const { join } = await import('node:path')`,
      `  let compiled: WebAssembly.Module | null = null`,
      `  try {`,
      `    compiled = new WebAssembly.Module(readFileSync(join(__dirname, '..', wasmFile)))`,
      `  } catch {`,
      `    // no file, or not a module this runtime compiles`,
      `  }`,
      `  if (compiled) return compiled`,
      `  const { wasm } = await import("${specifier}.wasm-base64.js")`,
      `  return await decodeBase64AsWasm(wasm)`,
      `},`,
    ].map((l) => indent + l).join('\n');
    fs.writeFileSync(classFile, source.replace(BASE64_LOADER, () => loader));
    return;
  }
  const patched = PATCHED_LOADER.exec(source);
  if (patched) {
    const [, file, specifier] = patched;
    const missing = wasmDirs.filter((d) => !fs.existsSync(path.join(d, file)));
    if (missing.length) writeWasm(specifier, file, missing);
    return;
  }
  console.warn('prisma-generate: the generated client does not load its query compiler as expected; left as generated (it still works, only slower to start)');
}

/** The client was generated from these inputs (the stamp says so) and is there. */
function generated(hash = inputsHash()) {
  try {
    return fs.readFileSync(stamp, 'utf8').trim() === hash && fs.existsSync(path.join(out, 'client.ts')) && fs.existsSync(classFile);
  } catch {
    return false;
  }
}

/** Nothing for generate() to do: the client is generated, patched, and its .wasm is in place. */
function upToDate() {
  if (!generated()) return false;
  const patched = PATCHED_LOADER.exec(fs.readFileSync(classFile, 'utf8'));
  return patched !== null && wasmDirs.every((d) => fs.existsSync(path.join(d, patched[1])));
}

/** Generates the client when its inputs changed (or `force`), then makes sure it loads the .wasm. */
function generate({ force = false } = {}) {
  const hash = inputsHash();
  if (force || !generated(hash)) {
    const cli = require.resolve('prisma/build/index.js');
    const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
    const res = spawnSync(process.execPath, [cli, 'generate'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    if (res.status !== 0) {
      process.stdout.write(res.stdout || '');
      process.stderr.write(res.stderr || '');
      process.exit(res.status ?? 1);
    }
    fs.writeFileSync(stamp, `${hash}\n`);
  }
  // Every time: a client generated by other means (`npx prisma generate`) gets patched too.
  useWasmFile();
}

module.exports = { generate, upToDate };

if (require.main === module) generate({ force: process.argv.includes('--force') });
