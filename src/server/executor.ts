/**
 * GraphQL execution for Apollo: documents that come back are compiled (graphql-jit) into plain
 * JavaScript for this schema, so a request pays for its fields and list items, not for graphql-js
 * walking the query per object and per field (argument objects, resolve info, paths, promise
 * checks). Apollo still parses, validates (with the armor rules), formats errors and serves HTTP:
 * this only replaces its `execute`, through Apollo's gateway interface (the documented way to
 * bring one's own executor).
 *
 * - A document is compiled on its second use: a script sending ever-new literal queries must not
 *   pay a compilation per request. Apollo's document cache hands back the same DocumentNode for
 *   the same query text, so compiled queries are held in a WeakMap on it and go when it does.
 * - Variables that do not coerce are answered by graphql-js itself, so their errors (messages,
 *   nodes, the 400 status, the `field` extension in errors.ts) are exactly graphql-js's.
 * - Anything graphql-jit cannot compile runs on graphql-js.
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, execute, ExecutionResult, GraphQLError, GraphQLSchema, printSchema } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';

/**
 * graphql-jit (with fast-json-stringify and ajv, ~70 ms of module loading) is loaded on the first
 * compilation, not at start: until a document comes back, graphql-js runs everything anyway.
 */
let jit: typeof import('graphql-jit') | null = null;
const graphqlJit = () => (jit ??= require('graphql-jit') as typeof import('graphql-jit'));

/** Compiled or not, per document and operation name. */
interface Entry {
  uses: number;
  compiled: CompiledQuery | null;
}

export function compilingExecutor(schema: GraphQLSchema): GatewayExecutor {
  const documents = new WeakMap<DocumentNode, Map<string, Entry>>();

  const compiled = (document: DocumentNode, operationName: string | null): CompiledQuery | null => {
    let byName = documents.get(document);
    if (!byName) documents.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let entry = byName.get(key);
    if (!entry) byName.set(key, (entry = { uses: 0, compiled: null }));
    if (++entry.uses === 2) {
      try {
        const { compileQuery, isCompiledQuery } = graphqlJit();
        const result = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
        entry.compiled = isCompiledQuery(result) ? result : null;
      } catch {
        entry.compiled = null; // graphql-js runs it, as it did the first time
      }
    }
    return entry.compiled;
  };

  const interpreted = (document: DocumentNode, operationName: string | null, contextValue: unknown, variableValues: Record<string, unknown> | undefined) =>
    execute({ schema, document, operationName, contextValue, variableValues }) as Promise<ExecutionResult> | ExecutionResult;

  return async ({ document, operationName, context, request }) => {
    const query = compiled(document, operationName);
    if (!query) return interpreted(document, operationName, context, request.variables);
    const result = await query.query(undefined, context, request.variables ?? {});
    // No `data` at all: the variables did not coerce, and nothing ran. graphql-js says why, in its own words.
    if (!('data' in result)) return interpreted(document, operationName, context, request.variables);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : (result as ExecutionResult);
  };
}

/**
 * graphql-jit's errors as graphql-js's own class: Apollo and its plugins (graphql-armor rewrites
 * messages) treat them as such, and graphql-jit's are frozen.
 */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const error = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions });
  (error as { locations?: GraphQLError['locations'] }).locations = e.locations;
  return error;
}

/** The schema and the executor above, as Apollo's gateway interface wants them. */
export function compilingGateway(schema: GraphQLSchema): GatewayInterface {
  const executor = compilingExecutor(schema);
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    load: async () => ({ executor }),
    stop: async () => undefined,
  };
}
