#!/usr/bin/env node
// Builds what is missing before `npm start` (and the CLI) run from dist/: a fresh clone has no
// build. TypeScript is always handed to `tsc -b`, whose own incremental check makes an unchanged
// tree cost about a second; the Prisma client and the web pages are built only when absent
// (`npm run build` rebuilds everything).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

function step(what, args) {
  const res = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`build: ${what} failed`);
    process.exit(res.status ?? 1);
  }
}

function ensureBuilt({ web = true } = {}) {
  if (!fs.existsSync(path.join(root, 'src', 'generated', 'prisma', 'client.ts'))) step('prisma generate', [path.join(__dirname, 'prisma-generate.js')]);
  step('tsc -b', [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.json']);
  if (web && !fs.existsSync(path.join(root, 'dist', 'web', 'manifest.json'))) step('the web build', [path.join(__dirname, 'build-web.js')]);
}

module.exports = { ensureBuilt };

if (require.main === module) ensureBuilt({ web: !process.argv.includes('--no-web') });
