#!/usr/bin/env node
// `npm run build`, and the first step of `npm test` and `npm run bench` (`npm start` asks
// upToDate() first, see start.js): the Prisma client, the TypeScript (tsc -b) and the browser
// pages, in one process. Each step is skipped when its inputs have not changed, so an up-to-date
// build costs one node start and ~2,000 file stats (~0.2 s), not three node starts and the
// compiler's own up-to-date check (~1 s).
//
//   node scripts/build.js           build what changed
//   node scripts/build.js --force   build everything
const prismaClient = require('./prisma-generate');
const ts = require('./build-ts');
const web = require('./build-web');

async function build({ force }) {
  prismaClient.generate({ force });
  const status = ts.buildTs({ force });
  if (status !== 0) process.exit(status);
  await web.buildWeb({ force });
}

/** Nothing to build: every step would skip (file stats and one small hash; no compiler loaded). */
const upToDate = () => prismaClient.upToDate() && ts.upToDate() && web.upToDate();

module.exports = { upToDate };

if (require.main === module) {
  build({ force: process.argv.includes('--force') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
