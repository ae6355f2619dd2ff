#!/usr/bin/env node
// `prisma generate` offline. Prisma 7's CLI wants a native schema engine from its CDN, which
// `generate` never uses and which this network cannot reach; PRISMA_SCHEMA_ENGINE_BINARY pointing
// at any existing file lets it run (docs/development.md, "The Prisma client"). Migrations are
// applied at start by src/db/migrate.ts, not by the CLI.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const res = spawnSync(process.execPath, [require.resolve('prisma/build/index.js'), 'generate'], { cwd: root, env, stdio: 'inherit' });
process.exit(res.status ?? 1);
