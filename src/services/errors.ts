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
  | 'RATE_LIMITED';

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
