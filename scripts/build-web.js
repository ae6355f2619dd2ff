#!/usr/bin/env node
// Builds the browser pages (web/) into dist/web with esbuild: the GraphiQL playground (React,
// Monaco and its three workers) and the dashboard (Preact, Chart.js). Everything the pages load
// comes from npm packages bundled here: no CDN, nothing fetched at run time. src/server/pages.ts
// serves dist/web and reads dist/web/manifest.json to know what was built.
//
//   node scripts/build-web.js             type-check web/ (tsc) and build
//   node scripts/build-web.js --no-check  skip the type-check (esbuild itself does not check types)
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.join(__dirname, '..');
const out = path.join(root, 'dist', 'web');
const manifestFile = path.join(out, 'manifest.json');

const common = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  target: ['chrome110', 'firefox110', 'safari16'],
  legalComments: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** The builds: each one an esbuild call. `page` names the HTML page its entry belongs to. */
const builds = [
  {
    name: 'playground',
    options: {
      ...common,
      entryPoints: { playground: 'web/playground/main.tsx' },
      outdir: path.join(out, 'playground'),
      format: 'esm',
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      assetNames: 'assets/[name]-[hash]',
      jsx: 'automatic',
      jsxImportSource: 'react',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
    },
  },
  {
    // Monaco's workers, as classic scripts: new Worker('/assets/playground/<label>.worker.js').
    name: 'playground-workers',
    options: {
      ...common,
      entryPoints: {
        'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
        'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
        'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
      },
      outdir: path.join(out, 'playground'),
      format: 'iife',
    },
  },
  {
    name: 'dashboard',
    options: {
      ...common,
      entryPoints: { dashboard: 'web/dashboard/main.tsx' },
      outdir: path.join(out, 'dashboard'),
      format: 'esm',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
    },
  },
];

/** Every file under `dir`, nested folders included. */
function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

function typeCheck() {
  const { spawnSync } = require('node:child_process');
  const tsc = require.resolve('typescript/bin/tsc');
  for (const project of ['web/tsconfig.json', 'web/playground/tsconfig.json']) {
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, project)], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`build-web: type errors in ${project}`);
      process.exit(r.status ?? 1);
    }
  }
}

/** Type-checks and builds the pages into dist/web. */
async function buildWeb({ check = true } = {}) {
  if (check) typeCheck();
  const esbuild = require('esbuild');
  const started = Date.now();
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const b of builds) await esbuild.build(b.options);
  // Pre-compressed copies, served when the browser accepts gzip.
  const files = [];
  for (const f of listFiles(out)) {
    if (f.endsWith('.gz')) continue;
    const data = fs.readFileSync(f);
    const entry = { path: path.relative(out, f), bytes: data.length, gzipBytes: null };
    if (/\.(js|css|ttf|svg)$/.test(f) && data.length > 1024) {
      const gz = zlib.gzipSync(data, { level: 9 });
      fs.writeFileSync(`${f}.gz`, gz);
      entry.gzipBytes = gz.length;
    }
    files.push(entry);
  }
  const manifest = { builtAt: new Date().toISOString(), files };
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
  if (process.env.FLOPSCOPE_BUILD_QUIET !== '1') {
    const kb = (n) => `${(n / 1024).toFixed(0)} kB`;
    const main = files.filter((f) => /\.(js|css)$/.test(f.path) && !f.path.includes('chunks/'));
    const chunks = files.filter((f) => f.path.includes('chunks/') && f.path.endsWith('.js'));
    const sum = (xs, k) => xs.reduce((s, x) => s + (x[k] ?? x.bytes), 0);
    const lines = main.map((f) => `  ${f.path.padEnd(34)} ${kb(f.bytes).padStart(8)} (${kb(f.gzipBytes ?? f.bytes)} gzip)`);
    if (chunks.length)
      lines.push(`  ${`playground/chunks/*.js (${chunks.length})`.padEnd(34)} ${kb(sum(chunks, 'bytes')).padStart(8)} (${kb(sum(chunks, 'gzipBytes'))} gzip)`);
    process.stdout.write(`web assets built in ${Date.now() - started} ms:\n${lines.join('\n')}\n`);
  }
}

module.exports = { buildWeb };

if (require.main === module) {
  buildWeb({ check: !process.argv.includes('--no-check') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
