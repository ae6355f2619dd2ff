/**
 * The free-execution floor's preload: the real server, with its own environment, is started as
 * `node --require .bench/bench/free-execution-preload.js dist/src/main.js`. In each
 * thread it loads into — worker threads inherit the process's `--require`, so the GraphQL thread
 * too — it replaces graphql-js's `execute`, the function Apollo Server calls to execute an
 * operation, in that thread's module cache. The server knows nothing of it: no hook, no flag, no
 * special case.
 *
 * The replacement executes each (document, operation name, variables) once and hands that result
 * back for every later request of it. Everything else runs as in the real server: our HTTP layer,
 * Apollo's pipeline (the body, parsing and validation through its document cache, the context,
 * plugins), the answer's JSON, its encoding and writing. What that server spends on a request is
 * what this stack spends on it however fast the estimates, the resolvers and the database were.
 *
 * Apollo's document cache hands the same DocumentNode to `execute` for the same query text, so a
 * result is found again by identity. Results with errors are not kept. The bench checks that this
 * server answers exactly as the real one does and that results are reused; should the server stop
 * executing through graphql-js's `execute` (as it did with graphql-jit), nothing is reused and the
 * floors say "not measured".
 */
import type { DocumentNode, ExecutionArgs, ExecutionResult } from 'graphql';
import * as graphql from 'graphql';
import * as executeModule from 'graphql/execution/execute';
import { FREE_EXECUTION_ON, FREE_EXECUTION_REUSED } from './lib/free-execution-markers';

type Execute = typeof executeModule.execute;

// graphql's index re-exports `execute` through getters that read this module's export at each
// call, so replacing the export here replaces it for Apollo Server (the project has one graphql).
const original = executeModule.execute;

const results = new WeakMap<DocumentNode, Map<string, ExecutionResult>>();
let called = false;
let reused = false;

const once: Execute = (args: ExecutionArgs) => {
  if (!called) process.stderr.write(`${FREE_EXECUTION_ON}\n`);
  called = true;
  let known = results.get(args.document);
  if (!known) results.set(args.document, (known = new Map()));
  const key = `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? null)}`;
  const hit = known.get(key);
  if (hit) {
    if (!reused) process.stderr.write(`${FREE_EXECUTION_REUSED}\n`);
    reused = true;
    return hit;
  }
  const keep = (r: ExecutionResult) => {
    if (!r.errors) known!.set(key, r);
    return r;
  };
  const result = original(args);
  return result instanceof Promise ? result.then(keep) : keep(result);
};

(executeModule as unknown as { execute: Execute }).execute = once;
if (graphql.execute !== once) throw new Error('free execution: could not replace graphql-js execute');
