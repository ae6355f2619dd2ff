/**
 * Refusals made before or around GraphQL execution — the body and document limits, the compute
 * budget, the fair share, the request's deadline, a database that does not answer — with one HTTP
 * status per code whichever path raises them. errors.ts turns them into the GraphQLErrors that
 * Apollo answers; refusalAnswer() into answers made outside Apollo. No dependencies: the main
 * thread uses it too.
 */

/** One HTTP status for one error code, whichever path raised it. */
export const STATUS = {
  BAD_REQUEST: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  COMPUTE_BUDGET_EXCEEDED: 400,
  RESPONSE_TOO_LARGE: 400,
  UNAUTHENTICATED: 401,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 503,
} as const;

/** The codes of refusals made before or around execution, each with its HTTP status. */
export type RefusalCode = keyof typeof STATUS;

/** What a refusal tells a client: its code, a sentence, and the figures it is about (a limit, a retry delay). */
export interface Refusal {
  code: RefusalCode;
  message: string;
  extensions?: Record<string, unknown>;
  /** Seconds to wait before trying again (429 and 503): sent as Retry-After too. */
  retryAfterSeconds?: number;
}

/** A refusal answered outside Apollo (body and document limits, the request's deadline, a thread that stopped), in the same shape. */
export function refusalAnswer(r: Refusal): { status: number; headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (r.retryAfterSeconds !== undefined) headers['retry-after'] = String(r.retryAfterSeconds);
  const retry = r.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: r.retryAfterSeconds };
  return {
    status: STATUS[r.code],
    headers,
    body: JSON.stringify({ errors: [{ message: r.message, extensions: { code: r.code, ...r.extensions, ...retry } }] }),
  };
}
