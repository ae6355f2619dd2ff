/** Writes schema.graphql from the code (`npm run schema`); test/api/schema.test.ts fails when it is stale. */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../paths';
import { schemaSDL } from '../../resolvers/schema';

schemaSDL().then((sdl) => {
  fs.writeFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), sdl);
  process.stdout.write(`wrote schema.graphql (${sdl.length} bytes)\n`);
});
