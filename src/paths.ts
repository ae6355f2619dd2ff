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

/**
 * The node flags the server runs with (package.json `config.nodeFlags`), used by `npm start`, the
 * Docker image, the benchmark and the process tests alike. `--max-semi-space-size=4` caps V8's
 * young generation: under 50 connections it kept RSS ~45 MB lower at the same throughput.
 */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { config?: { nodeFlags?: string } };
  return (pkg.config?.nodeFlags ?? '').split(/\s+/).filter(Boolean);
}
