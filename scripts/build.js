#!/usr/bin/env node
// `npm run build`, and the first step of `npm start`, `npm test` and `npm run bench`: the Prisma
// client, the TypeScript (tsc -b) and the browser pages, in one process. Each step is skipped when
// its inputs have not changed, so an up-to-date build costs one node start and a few hundred
// file stats (~0.2 s), not three node starts and the compiler's own up-to-date check (~1 s).
//
//   node scripts/build.js           build what changed
//   node scripts/build.js --force   build everything
const { generate } = require('./prisma-generate');
const { buildTs } = require('./build-ts');
const { buildWeb } = require('./build-web');

async function build({ force }) {
  generate({ force });
  const status = buildTs({ force });
  if (status !== 0) process.exit(status);
  await buildWeb({ force });
}

build({ force: process.argv.includes('--force') }).catch((e) => {
  console.error(e);
  process.exit(1);
});
