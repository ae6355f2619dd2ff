import crypto from 'node:crypto';
import { advisoryXactLock, type Db } from '../store/client';
import {
  activeKeyWithUser,
  countActiveKeys,
  findApiKeyByHash,
  findFirstAdmin,
  firstAdminHoldsKey,
  insertAdmin,
  insertApiKey,
  reassignApiKey,
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
 * (so the caller prints it once). Returns the key only when it was generated now.
 */
export async function ensureAdmin(db: Db, configuredKey: string | null): Promise<{ generatedKey: string | null }> {
  if (await adminKeyInPlace(db, configuredKey)) return { generatedKey: null };
  return db.$transaction(async (tx) => {
    await advisoryXactLock(tx, ADVISORY_LOCKS.admin);
    const admin = (await findFirstAdmin(tx)) ?? (await insertAdmin(tx, 'admin'));
    if (configuredKey) {
      const hash = hashKey(configuredKey);
      const existing = await findApiKeyByHash(tx, hash);
      if (!existing) {
        await insertApiKey(tx, admin.id, { name: 'FLOPSCOPE_ADMIN_KEY', prefix: configuredKey.slice(0, 8), hash });
      } else if (existing.userId !== admin.id || existing.revokedAt) {
        await reassignApiKey(tx, existing.id, admin.id);
      }
      return { generatedKey: null };
    }
    const keys = await countActiveKeys(tx, admin.id);
    if (keys > 0) return { generatedKey: null };
    const key = newKey();
    await insertApiKey(tx, admin.id, { name: 'generated on first start', prefix: key.slice(0, 8), hash: hashKey(key) });
    return { generatedKey: key };
  });
}

/**
 * Whether ensureAdmin has nothing to do: the first admin holds an active key (FLOPSCOPE_ADMIN_KEY
 * when set). One read, no lock: the answer on almost every start.
 */
async function adminKeyInPlace(db: Db, configuredKey: string | null): Promise<boolean> {
  return firstAdminHoldsKey(db, configuredKey ? hashKey(configuredKey) : null);
}
