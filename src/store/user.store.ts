import type { ApiKey, User } from '../generated/prisma/client';
import type { Client } from './client';

/** An API key as written: the key itself is never stored, only its first characters and its hash. */
export interface NewApiKey {
  name: string | null;
  prefix: string;
  hash: string;
}

/** The active key with this hash and its user, in one statement (a join); null when unknown or revoked. */
export async function activeKeyWithUser(db: Client, hash: string): Promise<{ id: string; user_id: string; name: string; is_admin: boolean } | null> {
  const rows = await db.$queryRaw<{ id: string; user_id: string; name: string; is_admin: boolean }[]>`
    SELECT k.id, k.user_id, u.name, u.is_admin FROM api_keys k JOIN users u ON u.id = k.user_id
    WHERE k.hash = ${hash} AND k.revoked_at IS NULL`;
  return rows[0] ?? null;
}

/** Whether the first admin holds an active key (with this hash, unless null): one read, no lock. */
export async function firstAdminHoldsKey(db: Client, hash: string | null): Promise<boolean> {
  const rows = await db.$queryRaw<{ ok: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM api_keys k
      WHERE k.user_id = (SELECT id FROM users WHERE is_admin ORDER BY created_at LIMIT 1)
        AND k.revoked_at IS NULL AND (${hash}::text IS NULL OR k.hash = ${hash}::text)
    ) AS ok`;
  return rows[0]?.ok === true;
}

/**
 * Whether the first admin holds the active key with this hash, named `name`, and no other active
 * key by one of `names`: one read, no lock.
 */
export async function firstAdminHoldsOnly(db: Client, hash: string, name: string, names: readonly string[]): Promise<boolean> {
  const rows = await db.$queryRaw<{ ok: boolean }[]>`
    WITH admin AS (SELECT id FROM users WHERE is_admin ORDER BY created_at LIMIT 1)
    SELECT EXISTS (
         SELECT 1 FROM api_keys k WHERE k.user_id = (SELECT id FROM admin) AND k.revoked_at IS NULL AND k.hash = ${hash} AND k.name = ${name}
       )
       AND NOT EXISTS (
         SELECT 1 FROM api_keys k WHERE k.user_id = (SELECT id FROM admin) AND k.revoked_at IS NULL AND k.hash <> ${hash} AND k.name = ANY(${[...names]}::text[])
       ) AS ok`;
  return rows[0]?.ok === true;
}

/** Revokes the active keys of `userId` named one of `names`, except the key `keepId`; returns how many. */
export async function revokeKeysNamed(db: Client, userId: string, names: readonly string[], keepId: string): Promise<number> {
  const res = await db.apiKey.updateMany({
    where: { userId, revokedAt: null, name: { in: [...names] }, id: { not: keepId } },
    data: { revokedAt: new Date() },
  });
  return res.count;
}

/** The first admin (the oldest), or null. */
export async function findFirstAdmin(db: Client): Promise<User | null> {
  return db.user.findFirst({ where: { isAdmin: true }, orderBy: { createdAt: 'asc' } });
}

export async function insertAdmin(db: Client, name: string): Promise<User> {
  return db.user.create({ data: { name, isAdmin: true } });
}

/** A new user with their first key, in one statement. */
export async function insertUserWithKey(db: Client, name: string, key: NewApiKey): Promise<User> {
  return db.user.create({ data: { name, apiKeys: { create: key } } });
}

export async function userExists(db: Client, id: string): Promise<boolean> {
  return (await db.user.findUnique({ where: { id }, select: { id: true } })) !== null;
}

/** Users by id (id and name), in one statement, in no particular order. */
export async function findUsersByIds(db: Client, ids: readonly string[]): Promise<Pick<User, 'id' | 'name'>[]> {
  return db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
}

/** Up to `take` users whose name contains `search` in any case (id and name only), by name: a plain substring, no wildcards. */
export async function searchUsersByName(db: Client, search: string, take: number): Promise<Pick<User, 'id' | 'name'>[]> {
  return db.$queryRaw<Pick<User, 'id' | 'name'>[]>`
    SELECT id::text AS id, name FROM users WHERE strpos(lower(name), lower(${search})) > 0 ORDER BY lower(name), id LIMIT ${take}::int`;
}

/** Every user, oldest first. */
export async function listAllUsers(db: Client): Promise<User[]> {
  return db.user.findMany({ orderBy: { createdAt: 'asc' } });
}

export async function insertApiKey(db: Client, userId: string, key: NewApiKey): Promise<ApiKey> {
  return db.apiKey.create({ data: { userId, ...key } });
}

/** A key (active or revoked) by its hash, or null. */
export async function findApiKeyByHash(db: Client, hash: string): Promise<ApiKey | null> {
  return db.apiKey.findUnique({ where: { hash } });
}

/** Gives a key to `userId` and makes it active again (named `name`, when given). */
export async function reassignApiKey(db: Client, id: string, userId: string, name?: string): Promise<void> {
  await db.apiKey.update({ where: { id }, data: { userId, revokedAt: null, ...(name === undefined ? {} : { name }) } });
}

export async function countActiveKeys(db: Client, userId: string): Promise<number> {
  return db.apiKey.count({ where: { userId, revokedAt: null } });
}

/** A user's keys, oldest first. */
export async function keysOf(db: Client, userId: string): Promise<ApiKey[]> {
  return db.apiKey.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
}

/**
 * Revokes the active key `id` — of `ownerId` only, unless that is null (any owner). Returns the
 * hash of the key it revoked, or null when it revoked none.
 */
export async function revokeActiveKey(db: Client, id: string, ownerId: string | null): Promise<string | null> {
  const rows = await db.apiKey.updateManyAndReturn({
    where: { id, revokedAt: null, ...(ownerId === null ? {} : { userId: ownerId }) },
    data: { revokedAt: new Date() },
    select: { hash: true },
  });
  return rows[0]?.hash ?? null;
}

/** Whether the key `id` exists (active or revoked) — of `ownerId` only, unless that is null. */
export async function apiKeyExists(db: Client, id: string, ownerId: string | null): Promise<boolean> {
  return (await db.apiKey.findFirst({ where: { id, ...(ownerId === null ? {} : { userId: ownerId }) }, select: { id: true } })) !== null;
}
