import type { Db } from '../store/client';
import type { ApiKey, User } from '../generated/prisma/client';
import * as store from '../store/user.store';
import { isUuid, requireAdmin, requireViewer } from './access';
import { ADMIN_KEY_NAMES, forgetKeyFile, hashKey, keyPrefix, newKey } from './auth.service';
import { badInput, coded, forbidden, notFound } from './errors';
import { ownsALibrary } from '../store/library.store';
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
  const user = await coded(store.insertUserWithKey(db, userName, { name: 'first key', prefix: keyPrefix(apiKey), hash: hashKey(apiKey) }));
  return { user, apiKey };
}

/** A new key for the caller, shown once; stored only as its SHA-256 hash. */
export async function createApiKey(db: Db, viewer: Viewer | null, name: string | null | undefined): Promise<{ id: string; apiKey: string }> {
  const me = requireViewer(viewer, 'Creating an API key');
  const keyName = name == null ? null : checkName(name, 'name');
  // Those names mark the keys a start with FLOPSCOPE_ADMIN_KEY replaces (and revokes).
  if (keyName !== null && (Object.values(ADMIN_KEY_NAMES) as string[]).includes(keyName))
    throw badInput('name', `"${keyName}" is reserved for the keys the server makes itself; choose another name`);
  const apiKey = newKey();
  const row = await coded(store.insertApiKey(db, me.userId, { name: keyName, prefix: keyPrefix(apiKey), hash: hashKey(apiKey) }));
  return { id: row.id, apiKey };
}

/**
 * Users revoke their own keys (the admin any key). It stops working with the next request. When it
 * is the key generated on first start, its file (`adminKeyFile`, see auth.service) is removed:
 * it would only show a dead key.
 */
export async function revokeApiKey(db: Db, viewer: Viewer | null, id: string, opts: { adminKeyFile?: string | null } = {}): Promise<boolean> {
  const me = requireViewer(viewer, 'Revoking an API key');
  if (!isUuid(id)) throw notFound('API key', id);
  // The admin revokes any key; everyone else only their own.
  const ownerId = me.isAdmin ? null : me.userId;
  const revoked = await store.revokeActiveKey(db, id, ownerId);
  if (revoked === null && !(await store.apiKeyExists(db, id, ownerId))) throw notFound('API key', id);
  if (revoked !== null && opts.adminKeyFile) forgetKeyFile(opts.adminKeyFile, revoked);
  return true;
}

export async function myKeys(db: Db, viewer: Viewer): Promise<ApiKey[]> {
  return store.keysOf(db, viewer.userId);
}

/** A user as others see them: id and name. */
export type UserRef = Pick<User, 'id' | 'name'>;

/** Users by id in one statement, in the order asked (null where none). */
export async function usersByIds(db: Db, ids: readonly string[]): Promise<(UserRef | null)[]> {
  const rows = await store.findUsersByIds(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function listUsers(db: Db, viewer: Viewer | null): Promise<User[]> {
  requireAdmin(viewer, 'Listing users');
  return store.listAllUsers(db);
}

export const DIRECTORY = {
  /** Shortest search text (trimmed): a directory is for finding a colleague, not for listing everyone. */
  minSearch: 2,
  defaultFirst: 20,
  maxFirst: 50,
} as const;

/**
 * Finding colleagues to add as members: users whose name contains `search` (any case), id and name
 * only — never keys or key prefixes. For the admin and for anyone who OWNs a live library (who
 * would add members); FORBIDDEN for everyone else, UNAUTHENTICATED without a key.
 */
export async function userDirectory(db: Db, viewer: Viewer | null, search: string, first?: number | null): Promise<UserRef[]> {
  const me = requireViewer(viewer, 'Searching the user directory');
  if (!me.isAdmin && !(await ownsALibrary(db, me.userId))) {
    throw forbidden('The user directory is for library owners and the admin: create a library (you become its OWNER) to add members');
  }
  const text = checkText(search, 'search', TEXT_LIMITS.search, { required: true })!;
  if (text.length < DIRECTORY.minSearch) throw badInput('search', `search must be at least ${DIRECTORY.minSearch} characters`);
  const take = first ?? DIRECTORY.defaultFirst;
  if (!Number.isInteger(take) || take < 1 || take > DIRECTORY.maxFirst) throw badInput('first', `first must be an integer from 1 to ${DIRECTORY.maxFirst}`);
  return store.searchUsersByName(db, text, take);
}
