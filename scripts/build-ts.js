#!/usr/bin/env node
// `tsc -b`: compiles only what changed since the last build (~7 s for a full compile).
//
// Up to date, which is every `npm start` after the first, is decided here without loading the
// compiler (tsc -b takes ~0.5 s to say so): dist/.tsbuildinfo exists, no input is newer than it
// (a source, a tsconfig, the lockfile), the sources are the files the last compile saw (none
// added, removed or renamed: dist/.tsbuild-sources lists them), and every output exists and is not
// newer than the build info either. A compile that failed deletes the build info (tsc -b writes
// it, and the outputs, even with type errors), so the next build compiles again rather than
// taking the failed one as up to date.
//
// Otherwise tsc -b runs, and its own check compares the sources with dist/.tsbuildinfo, not with
// the files in dist/. So the build info is dropped first when dist/ is not what it describes:
// an output is missing (dist/ or part of it deleted), an output is newer than the build info
// (something else wrote dist/, e.g. an older commit's build), or package-lock.json is (the
// dependencies, and so their typings, changed).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { listFiles } = require('./hash-files');

const root = path.join(__dirname, '..');
const info = path.join(root, 'dist', '.tsbuildinfo');
const sourceList = path.join(root, 'dist', '.tsbuild-sources');
/** The folders tsconfig.json includes; each .ts compiles to dist/<same path>.js. */
const SOURCES = ['src', 'resolvers', 'bench'];
/** What else the compile reads. */
const CONFIG = ['tsconfig.json', 'package-lock.json'];

const mtime = (f) => {
  try {
    return fs.statSync(f).mtimeMs;
  } catch {
    return null;
  }
};

/** Every source (.ts, declarations included), relative to the project, sorted. */
const listSources = () => SOURCES.flatMap((dir) => listFiles(path.join(root, dir))).filter((f) => f.endsWith('.ts')).map((f) => path.relative(root, f)).sort();

const outputOf = (src) => path.join(root, 'dist', src).replace(/\.ts$/, '.js');

/** dist/ is not what the build info describes: an output missing or written since. */
function outputsChanged(builtAt, srcs) {
  if ((mtime(path.join(root, 'package-lock.json')) ?? 0) > builtAt) return true;
  return srcs.some((src) => {
    if (src.endsWith('.d.ts')) return false;
    const out = mtime(outputOf(src));
    return out === null || out > builtAt;
  });
}

/** Nothing to compile: the same sources, none newer than the build info, and dist/ as it left it. */
function upToDate(builtAt, srcs) {
  if (builtAt === null) return false;
  if (CONFIG.some((f) => (mtime(path.join(root, f)) ?? Infinity) > builtAt)) return false;
  let listed;
  try {
    listed = fs.readFileSync(sourceList, 'utf8');
  } catch {
    return false;
  }
  if (listed !== srcs.join('\n')) return false;
  if (srcs.some((src) => (mtime(path.join(root, src)) ?? Infinity) > builtAt)) return false;
  return !outputsChanged(builtAt, srcs);
}

/** Compiles when needed; returns tsc's exit status (0 when there was nothing to do). */
function buildTs({ force = false, args = [] } = {}) {
  const builtAt = mtime(info);
  const srcs = listSources();
  if (!force && args.length === 0 && upToDate(builtAt, srcs)) return 0;
  if (builtAt !== null && (force || outputsChanged(builtAt, srcs))) fs.rmSync(info);
  const tsc = require.resolve('typescript/bin/tsc');
  const res = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.json', ...args], { cwd: root, stdio: 'inherit' });
  const status = res.status ?? 1;
  // The sources as they are now: one added during the compile has no output yet, which outputsChanged sees.
  if (status === 0) fs.writeFileSync(sourceList, listSources().join('\n'));
  else for (const f of [info, sourceList]) fs.rmSync(f, { force: true });
  return status;
}

/** Nothing for buildTs() to compile. */
const tsUpToDate = () => upToDate(mtime(info), listSources());

module.exports = { buildTs, upToDate: tsUpToDate };

if (require.main === module) {
  const argv = process.argv.slice(2);
  process.exit(buildTs({ force: argv.includes('--force'), args: argv.filter((a) => a !== '--force') }));
}
