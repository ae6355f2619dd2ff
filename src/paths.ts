import fs from 'node:fs';
import path from 'node:path';

/** The project's root (the folder with package.json), from src/ or from the compiled dist/src/. */
export const PROJECT_ROOT = ((): string => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
})();
