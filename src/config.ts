import path from 'node:path';
import { COMPUTE_HEAP_MB, GRAPHQL_HEAP_MB, MIN_HEAP_MB } from './compute/heap';

/** Everything the process reads from its environment, read once, in one place. */
export interface Config {
  port: number;
  host: string;
  /** External Postgres; when unset flopscope runs its own embedded PostgreSQL. */
  databaseUrl: string | null;
  /** Where the embedded PostgreSQL keeps its data (and the admin key file). */
  dataDir: string;
  adminKey: string | null;
  /** production hides stack traces and field suggestions; playground/introspection follow their own switches. */
  production: boolean;
  introspection: boolean;
  /** The GraphiQL playground on GET /graphql from a browser (FLOPSCOPE_PLAYGROUND). */
  playground: boolean;
  /** The team dashboard on /dashboard (FLOPSCOPE_DASHBOARD). */
  dashboard: boolean;
  logLevel: string;
  /** A request still running after this is answered with 503 TIMEOUT (FLOPSCOPE_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** Open HTTP connections at most; more are refused so the process keeps file descriptors for its work (FLOPSCOPE_MAX_CONNECTIONS). */
  maxConnections: number;
  /** Open HTTP connections at most from one network address; more are closed at once (FLOPSCOPE_CONNECTIONS_PER_ADDRESS). */
  connectionsPerAddress: number;
  /** PostgreSQL connections in the pool (FLOPSCOPE_DB_POOL_SIZE). */
  dbPoolSize: number;
  /** /graphql requests in the GraphQL thread at once; the others wait in fair order (FLOPSCOPE_GRAPHQL_SLOTS). */
  graphqlSlots: number;
  /** Of those, at most this many from one network address (FLOPSCOPE_GRAPHQL_SLOTS_PER_ADDRESS; default half the slots). */
  graphqlSlotsPerAddress: number;
  /** Requests with a large body (imports, big documents) in the GraphQL thread at once, half of them at most from one address (FLOPSCOPE_LARGE_REQUEST_SLOTS). */
  largeRequestSlots: number;
  /** A SQL statement running longer is cancelled, and its request answered TIMEOUT (FLOPSCOPE_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
  /** Worker threads for sweeps (FLOPSCOPE_COMPUTE_THREADS; default one core fewer than the machine has). */
  computeThreads: number | undefined;
  /**
   * The GraphQL thread's JavaScript heap at most, in MB (FLOPSCOPE_GRAPHQL_HEAP_MB; V8's old
   * generation). Garbage is collected before the heap grows past it; a thread whose live data reaches
   * it is stopped and started again, its requests in flight answered 503 SERVICE_UNAVAILABLE.
   */
  graphqlHeapMb: number;
  /** Each compute thread's heap at most, in MB (FLOPSCOPE_COMPUTE_HEAP_MB): a sweep that reaches it is refused, 400 COMPUTE_BUDGET_EXCEEDED, and its thread replaced. */
  computeHeapMb: number;
  /** Mutations running at once per API key, or per address without one (FLOPSCOPE_WRITES_PER_KEY). */
  writesPerKey: number;
  /** Imports running at once per API key (FLOPSCOPE_IMPORTS_PER_KEY) and in all (FLOPSCOPE_IMPORTS_TOTAL). */
  importsPerKey: number;
  importsTotal: number;
  /** Scenarios one API key may write by importLibrary in a minute (FLOPSCOPE_IMPORT_ROWS_PER_MINUTE): its share of the database's writes. */
  importRowsPerMinute: number;
  /** Streamed exports and imports (/libraries/{id}/export, /import) at once per API key or address (FLOPSCOPE_STREAMS_PER_KEY) and in all (FLOPSCOPE_STREAMS_TOTAL). */
  streamsPerKey: number;
  streamsTotal: number;
  /** A streamed export or import still running after this is stopped (an import rolled back: nothing written) (FLOPSCOPE_STREAM_TIMEOUT_MS). */
  streamTimeoutMs: number;
}

/** The shortest admin key accepted: 32 characters, ~190 bits of a random base64 key. */
export const MIN_ADMIN_KEY_LENGTH = 32;

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${value}"`);
  return n;
}

function atLeast(n: number, min: number, name: string): number {
  if (n < min) throw new Error(`${name} must be at least ${min} (MB), got ${n}: a thread needs about half that to start`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT ? Number(env.PORT) : 4000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${env.PORT}"`);
  }
  const production = env.NODE_ENV === 'production';
  const adminKey = env.FLOPSCOPE_ADMIN_KEY || null;
  if (adminKey !== null && (adminKey.length < MIN_ADMIN_KEY_LENGTH || /\s/.test(adminKey))) {
    throw new Error(
      `FLOPSCOPE_ADMIN_KEY must be at least ${MIN_ADMIN_KEY_LENGTH} characters with no spaces (got ${adminKey.length}); e.g. openssl rand -base64 32`,
    );
  }
  const graphqlSlots = positiveInt(env.FLOPSCOPE_GRAPHQL_SLOTS, 128, 'FLOPSCOPE_GRAPHQL_SLOTS');
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || null,
    dataDir: path.resolve(env.FLOPSCOPE_DATA_DIR || path.join(process.cwd(), '.data')),
    adminKey,
    production,
    introspection: flag(env.FLOPSCOPE_INTROSPECTION, !production),
    playground: flag(env.FLOPSCOPE_PLAYGROUND, !production),
    dashboard: flag(env.FLOPSCOPE_DASHBOARD, true),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    requestTimeoutMs: positiveInt(env.FLOPSCOPE_REQUEST_TIMEOUT_MS, 15000, 'FLOPSCOPE_REQUEST_TIMEOUT_MS'),
    maxConnections: positiveInt(env.FLOPSCOPE_MAX_CONNECTIONS, 10000, 'FLOPSCOPE_MAX_CONNECTIONS'),
    connectionsPerAddress: positiveInt(env.FLOPSCOPE_CONNECTIONS_PER_ADDRESS, 1000, 'FLOPSCOPE_CONNECTIONS_PER_ADDRESS'),
    dbPoolSize: positiveInt(env.FLOPSCOPE_DB_POOL_SIZE, 10, 'FLOPSCOPE_DB_POOL_SIZE'),
    graphqlSlots,
    graphqlSlotsPerAddress: positiveInt(env.FLOPSCOPE_GRAPHQL_SLOTS_PER_ADDRESS, Math.ceil(graphqlSlots / 2), 'FLOPSCOPE_GRAPHQL_SLOTS_PER_ADDRESS'),
    largeRequestSlots: positiveInt(env.FLOPSCOPE_LARGE_REQUEST_SLOTS, 4, 'FLOPSCOPE_LARGE_REQUEST_SLOTS'),
    statementTimeoutMs: positiveInt(env.FLOPSCOPE_STATEMENT_TIMEOUT_MS, 10000, 'FLOPSCOPE_STATEMENT_TIMEOUT_MS'),
    computeThreads: env.FLOPSCOPE_COMPUTE_THREADS ? positiveInt(env.FLOPSCOPE_COMPUTE_THREADS, 1, 'FLOPSCOPE_COMPUTE_THREADS') : undefined,
    graphqlHeapMb: atLeast(
      positiveInt(env.FLOPSCOPE_GRAPHQL_HEAP_MB, GRAPHQL_HEAP_MB, 'FLOPSCOPE_GRAPHQL_HEAP_MB'),
      MIN_HEAP_MB.graphql,
      'FLOPSCOPE_GRAPHQL_HEAP_MB',
    ),
    computeHeapMb: atLeast(
      positiveInt(env.FLOPSCOPE_COMPUTE_HEAP_MB, COMPUTE_HEAP_MB, 'FLOPSCOPE_COMPUTE_HEAP_MB'),
      MIN_HEAP_MB.compute,
      'FLOPSCOPE_COMPUTE_HEAP_MB',
    ),
    writesPerKey: positiveInt(env.FLOPSCOPE_WRITES_PER_KEY, 16, 'FLOPSCOPE_WRITES_PER_KEY'),
    importsPerKey: positiveInt(env.FLOPSCOPE_IMPORTS_PER_KEY, 1, 'FLOPSCOPE_IMPORTS_PER_KEY'),
    importsTotal: positiveInt(env.FLOPSCOPE_IMPORTS_TOTAL, 2, 'FLOPSCOPE_IMPORTS_TOTAL'),
    importRowsPerMinute: positiveInt(env.FLOPSCOPE_IMPORT_ROWS_PER_MINUTE, 30_000, 'FLOPSCOPE_IMPORT_ROWS_PER_MINUTE'),
    streamsPerKey: positiveInt(env.FLOPSCOPE_STREAMS_PER_KEY, 1, 'FLOPSCOPE_STREAMS_PER_KEY'),
    streamsTotal: positiveInt(env.FLOPSCOPE_STREAMS_TOTAL, 2, 'FLOPSCOPE_STREAMS_TOTAL'),
    streamTimeoutMs: positiveInt(env.FLOPSCOPE_STREAM_TIMEOUT_MS, 900_000, 'FLOPSCOPE_STREAM_TIMEOUT_MS'),
  };
}
