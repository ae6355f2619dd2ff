import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { FlopscopeInputError } from '../core';
import { DomainError } from '../services/errors';
import type { Logger } from '../logger';

/** Codes a client may see; anything else becomes INTERNAL_SERVER_ERROR with no detail. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'SERVICE_UNAVAILABLE',
]);

/** Database failures: the service is unavailable, not broken, and the client may retry. */
function isDatabaseDown(e: unknown): boolean {
  const s = String((e as { code?: string })?.code ?? '') + ' ' + String((e as Error)?.message ?? '');
  // Connections refused or lost, a statement or transaction timed out (57014, Prisma P2024/P2028), the server shutting down.
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P01|57P03|57014|08006|08001|P1001|P1017|P2024|P2028|Connection terminated|timeout exceeded when trying to connect|Can't reach database|DatabaseNotReachable|statement timeout/i.test(
    s,
  );
}

/**
 * The field a variable-coercion error is about, from graphql-js's message:
 * `Variable "$i" got invalid value -1 at "i.data[0].count"; …` → `data[0].count`
 * (the path inside the variable), or the variable's name when the whole value is wrong.
 */
export function coercionField(message: string): string | null {
  const at = /got invalid value .* at "([^"]+)"/.exec(message);
  if (at) {
    const path = at[1];
    const dot = path.search(/[.[]/);
    return dot < 0 ? path : path.slice(path[dot] === '.' ? dot + 1 : dot);
  }
  const variable = /Variable "\$([A-Za-z_][A-Za-z0-9_]*)"/.exec(message);
  return variable ? variable[1] : null;
}

/**
 * An error while building a request's context (authenticating its key), as Apollo answers it: the
 * domain's UNAUTHENTICATED with 401, anything else (the database) as SERVICE_UNAVAILABLE with 503.
 */
export function contextError(e: unknown, log: Logger): GraphQLError {
  if (e instanceof DomainError) return new GraphQLError(e.message, { extensions: { code: e.code, ...e.extensions, http: { status: 401 } } });
  log.warn({ err: e }, 'authentication failed: database unavailable');
  return new GraphQLError(DATABASE_UNAVAILABLE, { extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
}

const DATABASE_UNAVAILABLE = 'The database is unavailable; try again shortly';

/** graphql-js's "Did you mean …?" hints, which reveal the schema. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * The one place where domain errors become GraphQL error codes. Never a stack trace; in
 * production no "Did you mean …?" hints either (introspection is off there too).
 */
export function makeFormatError(log: Logger, opts: { production: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const message = opts.production ? formatted.message.replace(SUGGESTION, '') : formatted.message;
    const base = { message, locations: formatted.locations, path: formatted.path };
    if (original instanceof FlopscopeInputError) {
      return { ...base, message: original.message, extensions: { code: 'BAD_USER_INPUT', field: original.field, issues: original.issues } };
    }
    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { code: original.code, ...original.extensions } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) {
      const { stacktrace: _s, ...ext } = formatted.extensions ?? {};
      if (code === 'BAD_USER_INPUT' && ext.field === undefined) {
        const field = coercionField(formatted.message);
        if (field) ext.field = field;
      }
      return { ...base, extensions: ext };
    }
    if (isDatabaseDown(original)) {
      return { ...base, message: DATABASE_UNAVAILABLE, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    log.error({ err: original, path: formatted.path }, 'unexpected error while serving a request');
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
