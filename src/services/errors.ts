/**
 * Domain errors: thrown by services, mapped to GraphQL error codes in one place
 * (src/server/errors.ts). Input errors from the core (FlopscopeInputError) map to BAD_USER_INPUT.
 */
export type DomainErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BAD_USER_INPUT'
  | 'SERVICE_UNAVAILABLE'
  | 'TIMEOUT'
  | 'COMPUTE_BUDGET_EXCEEDED'
  | 'RATE_LIMITED'
  /** An answer too large for one GraphQL response (a library past exportLibrary's size: the streamed export serves it). */
  | 'RESPONSE_TOO_LARGE'
  /** A stored row's value that its GraphQL type cannot show (written by no path of the API): that field is null. */
  | 'STORED_INPUT_INVALID';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const unauthenticated = (what: string) => new DomainError('UNAUTHENTICATED', `${what} needs an API key: send "Authorization: Bearer <key>"`);
export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
export const notFound = (what: string, id: string) => new DomainError('NOT_FOUND', `${what} ${id} not found`, { id });
export const badInput = (field: string, message: string) => new DomainError('BAD_USER_INPUT', message, { field });
export const conflict = (message: string, extensions: Record<string, unknown>) => new DomainError('CONFLICT', message, extensions);

/** Whether `e` is this layer's NOT_FOUND (and nothing else: a database failure is never one). */
export const isNotFound = (e: unknown): boolean => e instanceof DomainError && e.code === 'NOT_FOUND';

/** Whether `e` is the NOT_FOUND of a deleted library told to one of its members (accessLibrary). */
export const isDeletedLibrary = (e: unknown): boolean => isNotFound(e) && (e as DomainError).extensions.deleted === true;

/** What Prisma tells of a constraint a write broke: its code and, through the driver adapter, the constraint. */
interface PrismaFailure {
  code?: unknown;
  meta?: {
    target?: unknown;
    modelName?: unknown;
    driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown; table?: unknown; constraint?: { fields?: unknown; index?: unknown } } };
  };
}

/** The unique constraints of prisma/schema.prisma, by the name PostgreSQL gives them: what they keep unique, in the API's words. */
const UNIQUE: Record<string, { what: string; fields: string[] }> = {
  library_hardware_library_id_key_key: { what: 'hardware key in this library', fields: ['libraryId', 'key'] },
  library_members_pkey: { what: 'membership', fields: ['libraryId', 'userId'] },
  libraries_key_key: { what: 'built-in library key', fields: ['key'] },
  scenario_revisions_scenario_id_version_key: { what: 'version of this scenario', fields: ['scenarioId', 'version'] },
  api_keys_hash_key: { what: 'API key', fields: ['hash'] },
};

/**
 * A write that lost a race with another one, as the client should see it — a CONFLICT, to reload
 * and try again (nothing was written: its transaction rolled back) — or null when `e` is no such
 * failure:
 * - P2002, a unique constraint (PostgreSQL 23505, also from raw statements, P2010): `reason`
 *   UNIQUE, with the `fields` it keeps unique and the `constraint`'s name;
 * - P2025, the row to change or delete is gone, and P2003 (23503), a row it refers to is gone:
 *   `reason` CHANGED_MEANWHILE. Where the row itself is missing and that is what the client asked
 *   about, the service says NOT_FOUND instead (it knows which row, and checks).
 */
export function raceConflict(e: unknown): DomainError | null {
  const failure = e as PrismaFailure | null;
  if (!failure || typeof failure !== 'object') return null;
  const cause = failure.meta?.driverAdapterError?.cause;
  if (failure.code === 'P2002' || cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation') {
    const index = cause?.constraint?.index;
    const constraint = typeof index === 'string' ? index : undefined;
    const known = constraint ? UNIQUE[constraint] : undefined;
    const given = cause?.constraint?.fields ?? failure.meta?.target;
    const fields = known?.fields ?? (Array.isArray(given) ? given.map(String) : undefined);
    const what = known?.what ?? (fields ? `(${fields.join(', ')})` : 'unique value');
    return conflict(`Another write stored the same ${what} meanwhile: nothing was written; reload and try again`, {
      reason: 'UNIQUE',
      ...(fields ? { fields } : {}),
      ...(constraint ? { constraint } : {}),
    });
  }
  if (failure.code === 'P2025' || failure.code === 'P2003' || cause?.originalCode === '23503' || cause?.kind === 'ForeignKeyConstraintViolation') {
    const model = typeof failure.meta?.modelName === 'string' ? ` (${failure.meta.modelName})` : '';
    return conflict(`A row this write needs was changed or deleted meanwhile${model}: nothing was written; reload and try again`, {
      reason: 'CHANGED_MEANWHILE',
    });
  }
  return null;
}

/** `work`, with a write that lost a race answered as raceConflict says (anything else unchanged). */
export async function coded<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    throw raceConflict(e) ?? e;
  }
}
