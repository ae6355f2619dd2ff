#!/usr/bin/env node
// `prisma generate` without network: Prisma 7's CLI wants a native schema engine from its CDN,
// which generate does not use. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file lets it
// run offline (see DESIGN.md, "Stack facts"). Migrations are applied by src/db/migrate.ts.
//
// Skipped (it takes ~3 s) when src/generated/prisma was generated from the same schema, config,
// Prisma version and script: a stamp file there records the hash of those inputs. --force runs it.
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

const hash = inputsHash();
const upToDate = () => {
  try {
    return fs.readFileSync(stamp, 'utf8').trim() === hash && fs.existsSync(path.join(out, 'client.ts'));
  } catch {
    return false;
  }
};
if (!process.argv.includes('--force') && upToDate()) process.exit(0);

const cli = require.resolve('prisma/build/index.js');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const res = spawnSync(process.execPath, [cli, 'generate'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
if (res.status !== 0) {
  process.stdout.write(res.stdout || '');
  process.stderr.write(res.stderr || '');
  process.exit(res.status ?? 1);
}
fs.writeFileSync(stamp, `${hash}\n`);
