/** What a database needs before it serves: the admin's key and the built-in examples library. */
import fs from 'node:fs';
import type { Config } from '../config';
import type { Db } from '../db/prisma';
import { adminKeyFile, ensureAdmin } from '../services/auth.service';
import { ensureExamplesLibrary } from '../services/library.service';

/**
 * Seeds the database; a key generated now is saved to `<dataDir>/admin-key` and printed once, to
 * the terminal, never to the log. Once FLOPSCOPE_ADMIN_KEY is set the generated key is revoked,
 * and its file removed.
 */
export async function seedDatabase(db: Db, config: Config): Promise<{ generatedAdminKey: string | null }> {
  const { generatedKey } = await ensureAdmin(db, config.adminKey);
  await ensureExamplesLibrary(db);
  const keyFile = adminKeyFile(config.dataDir);
  if (config.adminKey) fs.rmSync(keyFile, { force: true });
  if (generatedKey) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(keyFile, `${generatedKey}\n`, { mode: 0o600 });
    process.stdout.write(`\nflopscope admin API key (shown once; also saved to ${keyFile}):\n  ${generatedKey}\n\n`);
  }
  return { generatedAdminKey: generatedKey };
}
