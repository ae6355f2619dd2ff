import { HeaderMap } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { FlopscopeInputError } from '../core';
import { DomainError, raceConflict } from '../services/errors';
import type { Logger } from '../logger';
import { Refusal, STATUS } from './refusals';

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
  'TIMEOUT',
  'COMPUTE_BUDGET_EXCEEDED',
  'RATE_LIMITED',
]);

/** The text of an error and of its causes (driver errors come wrapped by Prisma's adapter). */
function errorText(e: unknown): string {
  const parts: string[] = [];
  for (let cur = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const c = cur as { code?: unknown; message?: unknown; originalCode?: unknown };
    parts.push(String(c.code ?? ''), String(c.originalCode ?? ''), String(c.message ?? ''));
  }
  return parts.join(' ');
}

/**
 * A database failure, as the client should see it: TIMEOUT when a statement or transaction ran out
 * of time (PostgreSQL 57014; Prisma P2024 waiting for a connection, P2028 a transaction past its
 * timeout), SERVICE_UNAVAILABLE when the database cannot be reached or is shutting down; null when
 * `e` is not a database failure.
 */
export function databaseFailure(e: unknown): 'TIMEOUT' | 'SERVICE_UNAVAILABLE' | null {
  const text = errorText(e);
  if (/57014|P2024|P2028|statement timeout|canceling statement|Transaction already closed|transaction .*timeout|Timed out fetching/i.test(text))
    return 'TIMEOUT';
  // Unreachable or shutting down; out of connections (53300); a deadlock or serialization failure (40P01, 40001, P2034): retryable.
  if (
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|57P01|57P03|08006|08001|53300|40P01|40001|P1001|P1017|P2034|Connection terminated|timeout exceeded when trying to connect|Can't reach database|DatabaseNotReachable/i.test(
      text,
    )
  ) {
    return 'SERVICE_UNAVAILABLE';
  }
  return null;
}

const DATABASE_MESSAGE = {
  TIMEOUT: 'The database did not answer in time; try again shortly',
  SERVICE_UNAVAILABLE: 'The database is unavailable; try again shortly',
} as const;

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
  if (e instanceof DomainError) return refusalError({ code: 'UNAUTHENTICATED', message: e.message, extensions: e.extensions });
  log.warn({ err: e }, 'authentication failed: database unavailable');
  const failure = databaseFailure(e) ?? 'SERVICE_UNAVAILABLE';
  return refusalError({ code: failure, message: DATABASE_MESSAGE[failure] });
}

/** graphql-js's "Did you mean …?" hints, which reveal the schema. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * The one place where domain errors become GraphQL error codes (and, below, refusals made before
 * or around execution become answers with one HTTP status per code). Never a stack trace; in
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
    // A write that lost a race (a unique key taken, a row changed or deleted meanwhile) that no service coded.
    const race = raceConflict(original);
    if (race) return { ...base, message: race.message, extensions: { code: race.code, ...race.extensions } };
    const failure = databaseFailure(original);
    if (failure) {
      log.warn({ err: original, path: formatted.path }, 'database failure while serving a request');
      return { ...base, message: DATABASE_MESSAGE[failure], extensions: { code: failure } };
    }
    log.error({ err: original, path: formatted.path }, 'unexpected error while serving a request');
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** A refusal that the plugins throw before execution: Apollo answers it with its status (and Retry-After). */
export function refusalError(r: Refusal): GraphQLError {
  // Apollo merges `http.headers` into the answer's: present only with something in it.
  const http =
    r.retryAfterSeconds === undefined
      ? { status: STATUS[r.code] }
      : { status: STATUS[r.code], headers: new HeaderMap([['retry-after', String(r.retryAfterSeconds)]]) };
  const retry = r.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: r.retryAfterSeconds };
  return new GraphQLError(r.message, { extensions: { code: r.code, ...r.extensions, ...retry, http } });
}

/** Sets a failed answer's status from its errors' codes (formatError cannot): a database failure is a 503 with or without a key. */
export function errorStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || (response.http.status ?? 200) >= 400) return;
          // A partial answer (a page with one row's field error) stays 200: the rest of it stands.
          const data = response.body.singleResult.data;
          if (data && Object.values(data).some((v) => v !== null)) return;
          for (const e of response.body.singleResult.errors ?? []) {
            const status = (STATUS as Record<string, number>)[String(e.extensions?.code)];
            if (status) {
              response.http.status = status;
              // A refusal a service made (an import over the key's budget) says when to come back, as the plugins' do.
              const retry = e.extensions?.retryAfterSeconds;
              if (typeof retry === 'number') response.http.headers.set('retry-after', String(retry));
              return;
            }
          }
        },
      };
    },
  };
}
