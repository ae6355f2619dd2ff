import type { Db } from '../db/prisma';
import type { ApiKey, User } from '../generated/prisma/client';
import { isUuid, requireAdmin, requireViewer } from './access';
import { hashKey, newKey } from './auth.service';
import { notFound } from './errors';
import { checkText, TEXT_LIMITS } from './text';
import type { Viewer } from './viewer';

function checkName(name: unknown, field: string): string {
  return checkText(name, field, TEXT_LIMITS.name, { required: true })!;
}

/** The admin creates users; each comes with a first API key, shown once. */
export async function createUser(db: Db, viewer: Viewer | null, name: string): Promise<{ user: User; apiKey: string }> {
  requireAdmin(viewer, 'Creating users');
  const userName = checkName(name, 'name');
  const apiKey = newKey();
  const user = await db.user.create({
    data: { name: userName, apiKeys: { create: { name: 'first key', prefix: apiKey.slice(0, 8), hash: hashKey(apiKey) } } },
  });
  return { user, apiKey };
}

/** A new key for the caller, shown once; stored only as its SHA-256 hash. */
export async function createApiKey(db: Db, viewer: Viewer | null, name: string | null | undefined): Promise<{ id: string; apiKey: string }> {
  const me = requireViewer(viewer, 'Creating an API key');
  const keyName = name == null ? null : checkName(name, 'name');
  const apiKey = newKey();
  const row = await db.apiKey.create({ data: { userId: me.userId, name: keyName, prefix: apiKey.slice(0, 8), hash: hashKey(apiKey) } });
  return { id: row.id, apiKey };
}

/** Users revoke their own keys (the admin any key). It stops working with the next request. */
export async function revokeApiKey(db: Db, viewer: Viewer | null, id: string): Promise<boolean> {
  const me = requireViewer(viewer, 'Revoking an API key');
  if (!isUuid(id)) throw notFound('API key', id);
  const res = await db.apiKey.updateMany({ where: { id, revokedAt: null, ...(me.isAdmin ? {} : { userId: me.userId }) }, data: { revokedAt: new Date() } });
  if (res.count === 0) {
    const exists = await db.apiKey.findFirst({ where: { id, ...(me.isAdmin ? {} : { userId: me.userId }) }, select: { id: true } });
    if (!exists) throw notFound('API key', id);
  }
  return true;
}

export async function myKeys(db: Db, viewer: Viewer): Promise<ApiKey[]> {
  return db.apiKey.findMany({ where: { userId: viewer.userId }, orderBy: { createdAt: 'asc' } });
}

/** A user as others see them: id and name. */
export type UserRef = Pick<User, 'id' | 'name'>;

/** Users by id in one statement, in the order asked (null where none). */
export async function usersByIds(db: Db, ids: readonly string[]): Promise<(UserRef | null)[]> {
  const rows = await db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function listUsers(db: Db, viewer: Viewer | null): Promise<User[]> {
  requireAdmin(viewer, 'Listing users');
  return db.user.findMany({ orderBy: { createdAt: 'asc' } });
}
