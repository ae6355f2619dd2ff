import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { advisoryXactLock, type Db } from '../store/client';
import {
  activeKeyWithUser,
  countActiveKeys,
  findApiKeyByHash,
  findFirstAdmin,
  firstAdminHoldsKey,
  firstAdminHoldsOnly,
  insertAdmin,
  insertApiKey,
  reassignApiKey,
  revokeKeysNamed,
} from '../store/user.store';
import { DomainError } from './errors';
import { ADVISORY_LOCKS } from '../db/locks';
import type { Viewer } from './viewer';

const KEY_PREFIX = 'fsk_';

export function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

export function newKey(): string {
  return KEY_PREFIX + crypto.randomBytes(32).toString('base64url');
}

/**
 * What is stored of a key to tell it apart from its owner's others: at most 8 characters, and at
 * most a quarter of a short key — never enough to help guess it. Every stored prefix is made here.
 */
export function keyPrefix(key: string): string {
  return key.slice(0, Math.min(8, Math.floor(key.length / 4)));
}

/**
 * The names of the admin keys the server makes itself. Starting with FLOPSCOPE_ADMIN_KEY set
 * revokes every other active key of the admin by these names (the generated key, an earlier
 * FLOPSCOPE_ADMIN_KEY); keys the admin made with createApiKey stay (unless one of them is adopted
 * as FLOPSCOPE_ADMIN_KEY: it takes that name). No one may give a key of their own these names.
 */
export const ADMIN_KEY_NAMES = { configured: 'FLOPSCOPE_ADMIN_KEY', generated: 'generated on first start' } as const;

/** Where a key generated on first start is saved: `<data dir>/admin-key` (mode 600), until it is replaced or revoked. */
export function adminKeyFile(dataDir: string): string {
  return path.join(dataDir, 'admin-key');
}

/**
 * Removes `file` if it holds the key with this hash (a key just revoked: the file would only show a
 * dead key); a file holding any other key, or none, is left alone. Returns whether it was removed.
 */
export function forgetKeyFile(file: string, hash: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (hashKey(text.trim()) !== hash) return false;
  fs.rmSync(file, { force: true });
  return true;
}

/**
 * The viewer behind an `Authorization: Bearer <key>` header. No header: null (anonymous).
 * A header with an unknown or revoked key is UNAUTHENTICATED, so a mistyped key is not
 * silently treated as anonymous.
 */
export async function authenticate(db: Db, header: string | undefined): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match)
    throw new DomainError('UNAUTHENTICATED', 'The Authorization header is malformed: send "Authorization: Bearer <key>", or no header to read as anonymous');
  // One statement: the key and its user, joined.
  const row = await activeKeyWithUser(db, hashKey(match[1]));
  if (!row) throw new DomainError('UNAUTHENTICATED', 'This API key is unknown or revoked: send a valid key, or no Authorization header to read as anonymous');
  return { userId: row.user_id, name: row.name, isAdmin: row.is_admin, apiKeyId: row.id };
}

/**
 * The admin's key: FLOPSCOPE_ADMIN_KEY when set, else one generated on first start and returned
 * (so the caller prints it once). Returns the key only when it was generated now. When
 * FLOPSCOPE_ADMIN_KEY is set it replaces the admin keys the server made before (ADMIN_KEY_NAMES):
 * they are revoked, so only the key configured now works.
 */
export async function ensureAdmin(db: Db, configuredKey: string | null): Promise<{ generatedKey: string | null }> {
  if (await adminKeyInPlace(db, configuredKey)) return { generatedKey: null };
  return db.$transaction(async (tx) => {
    await advisoryXactLock(tx, ADVISORY_LOCKS.admin);
    const admin = (await findFirstAdmin(tx)) ?? (await insertAdmin(tx, 'admin'));
    if (configuredKey) {
      const hash = hashKey(configuredKey);
      const existing = await findApiKeyByHash(tx, hash);
      let keyId: string;
      if (!existing) {
        keyId = (await insertApiKey(tx, admin.id, { name: ADMIN_KEY_NAMES.configured, prefix: keyPrefix(configuredKey), hash })).id;
      } else {
        // A key adopted as FLOPSCOPE_ADMIN_KEY takes its name: the next FLOPSCOPE_ADMIN_KEY replaces it too.
        keyId = existing.id;
        if (existing.userId !== admin.id || existing.revokedAt || existing.name !== ADMIN_KEY_NAMES.configured)
          await reassignApiKey(tx, existing.id, admin.id, ADMIN_KEY_NAMES.configured);
      }
      await revokeKeysNamed(tx, admin.id, Object.values(ADMIN_KEY_NAMES), keyId);
      return { generatedKey: null };
    }
    const keys = await countActiveKeys(tx, admin.id);
    if (keys > 0) return { generatedKey: null };
    const key = newKey();
    await insertApiKey(tx, admin.id, { name: ADMIN_KEY_NAMES.generated, prefix: keyPrefix(key), hash: hashKey(key) });
    return { generatedKey: key };
  });
}

/**
 * Whether ensureAdmin has nothing to do: the first admin holds an active key — FLOPSCOPE_ADMIN_KEY
 * when set, and then no other active key that it replaces. One read, no lock: the answer on
 * almost every start.
 */
async function adminKeyInPlace(db: Db, configuredKey: string | null): Promise<boolean> {
  if (!configuredKey) return firstAdminHoldsKey(db, null);
  return firstAdminHoldsOnly(db, hashKey(configuredKey), ADMIN_KEY_NAMES.configured, Object.values(ADMIN_KEY_NAMES));
}
