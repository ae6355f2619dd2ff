/**
 * What this stack spends on a request beyond execution (targets 1, 4 and 5 of the bench):
 * preloaded into a second server (`node --require dist/bench/free-execution.js
 * dist/src/main.js`), it makes GraphQL execution free. Each document is executed once, and its
 * result is handed back for every later request of that document; everything else runs as in the
 * real server: our HTTP layer, Apollo's pipeline (body, query hash, document cache, context), the
 * answer's JSON, its encoding and writing.
 *
 * The bench sends each document with one set of variables, so the result reused is the one the
 * server would compute; it checks that answers match the real server's, and that a result was
 * reused (Apollo hands the same DocumentNode to the executor for the same query text, from its
 * document cache). Results with errors are not reused. Bench only: the server never loads it.
 */
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import type { DocumentNode } from 'graphql';
import * as executor from '../src/server/executor';
import { FREE_EXECUTION_ON, FREE_EXECUTION_REUSED } from './free-execution-marker';

const compilingGateway = executor.compilingGateway;

let reused = false;

function once(execute: GatewayExecutor): GatewayExecutor {
  const results = new WeakMap<DocumentNode, Map<string, Awaited<ReturnType<GatewayExecutor>>>>();
  return async (request) => {
    let byName = results.get(request.document);
    if (!byName) results.set(request.document, (byName = new Map()));
    const key = request.operationName ?? '';
    const known = byName.get(key);
    if (known) {
      if (!reused) process.stderr.write(`${FREE_EXECUTION_REUSED}\n`);
      reused = true;
      return known;
    }
    const result = await execute(request);
    if (!result.errors) byName.set(key, result);
    return result;
  };
}

// app.ts calls `compilingGateway` through the module's exports, so replacing the export is enough.
(executor as { compilingGateway: typeof compilingGateway }).compilingGateway = (schema) => {
  const gateway = compilingGateway(schema);
  return {
    ...gateway,
    load: async (options) => {
      const loaded = await gateway.load(options);
      process.stderr.write(`${FREE_EXECUTION_ON}\n`);
      return { ...loaded, executor: once(loaded.executor!) };
    },
  };
};
