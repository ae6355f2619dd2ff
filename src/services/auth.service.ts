import crypto from 'node:crypto';
import type { Db } from '../db/prisma';
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
  if (!match) throw new DomainError('UNAUTHENTICATED', 'The Authorization header is malformed: send "Authorization: Bearer <key>", or no header to read as anonymous');
  // One statement: the key and its user, joined.
  const rows = await db.$queryRaw<{ id: string; user_id: string; name: string; is_admin: boolean }[]>`
    SELECT k.id, k.user_id, u.name, u.is_admin FROM api_keys k JOIN users u ON u.id = k.user_id
    WHERE k.hash = ${hashKey(match[1])} AND k.revoked_at IS NULL`;
  const row = rows[0];
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
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.admin}::bigint)`;
    let admin = await tx.user.findFirst({ where: { isAdmin: true }, orderBy: { createdAt: 'asc' } });
    if (!admin) admin = await tx.user.create({ data: { name: 'admin', isAdmin: true } });
    if (configuredKey) {
      const hash = hashKey(configuredKey);
      const existing = await tx.apiKey.findUnique({ where: { hash } });
      if (!existing) {
        await tx.apiKey.create({ data: { userId: admin.id, name: 'FLOPSCOPE_ADMIN_KEY', prefix: configuredKey.slice(0, 8), hash } });
      } else if (existing.userId !== admin.id || existing.revokedAt) {
        await tx.apiKey.update({ where: { id: existing.id }, data: { userId: admin.id, revokedAt: null } });
      }
      return { generatedKey: null };
    }
    const keys = await tx.apiKey.count({ where: { userId: admin.id, revokedAt: null } });
    if (keys > 0) return { generatedKey: null };
    const key = newKey();
    await tx.apiKey.create({ data: { userId: admin.id, name: 'generated on first start', prefix: key.slice(0, 8), hash: hashKey(key) } });
    return { generatedKey: key };
  });
}

/**
 * Whether ensureAdmin has nothing to do: the first admin holds an active key (FLOPSCOPE_ADMIN_KEY
 * when set). One read, no lock: the answer on almost every start.
 */
async function adminKeyInPlace(db: Db, configuredKey: string | null): Promise<boolean> {
  const hash = configuredKey ? hashKey(configuredKey) : null;
  const rows = await db.$queryRaw<{ ok: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM api_keys k
      WHERE k.user_id = (SELECT id FROM users WHERE is_admin ORDER BY created_at LIMIT 1)
        AND k.revoked_at IS NULL AND (${hash}::text IS NULL OR k.hash = ${hash}::text)
    ) AS ok`;
  return rows[0]?.ok === true;
}
