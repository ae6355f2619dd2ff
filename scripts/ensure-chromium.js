#!/usr/bin/env node
// The browser tests (test/browser) drive Debian's Chromium. `npm test` runs this first so that a
// fresh machine needs nothing by hand: as root with apt-get, Chromium is installed when missing
// (quick when present). Elsewhere it only says what to install; the browser tests then fail
// with the same advice rather than being skipped.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');

const chromium = process.env.FLOPSCOPE_CHROMIUM || '/usr/bin/chromium';
if (fs.existsSync(chromium)) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
if (!root || !apt) {
  console.error(`${chromium} is missing: install Chromium (Debian: apt-get install chromium) or set FLOPSCOPE_CHROMIUM; the browser tests need it.`);
  process.exit(0);
}
console.error('installing Debian chromium for the browser tests (apt-get)…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (cmd) => spawnSync('sh', ['-c', cmd], { env, stdio: ['ignore', 'inherit', 'inherit'] }).status;
if (run('apt-get update -qq') !== 0 || run('apt-get install -y -qq --no-install-recommends chromium') !== 0) {
  console.error('apt-get could not install chromium; the browser tests will fail.');
}
