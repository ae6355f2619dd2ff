#!/usr/bin/env node
// `prisma generate` without network: Prisma 7's CLI wants a native schema engine from its CDN,
// which generate does not use. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file lets it
// run offline (see DESIGN.md, "Stack facts"). Migrations are applied by src/db/migrate.ts.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const cli = require.resolve('prisma/build/index.js');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const res = spawnSync(process.execPath, [cli, 'generate'], { cwd: path.join(__dirname, '..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
if (res.status !== 0) {
  process.stdout.write(res.stdout || '');
  process.stderr.write(res.stderr || '');
  process.exit(res.status ?? 1);
}
