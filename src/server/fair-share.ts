/**
 * Fair share of the server between clients (rate-limiter-flexible, in memory, per process): how
 * many mutations one API key (one address without a key) may have running at once, and how many
 * imports — which hold a database connection for their whole transaction — may run at once per key
 * and in all, so that one client can never take the pool from the others. A script writing one
 * scenario after another is never limited. Refusals are 429 RATE_LIMITED with Retry-After.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Context } from '../../resolvers/context';
import type { Config } from '../config';
import { fieldsOf, fragmentsOf } from './budget';
import { refusalError } from './errors';

type Limit = 'writesPerKey' | 'importsPerKey' | 'importsTotal';

function rateLimited(limit: Limit, retryAfterMs: number, message: string): GraphQLError {
  return refusalError({ code: 'RATE_LIMITED', message, extensions: { limit }, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
}

export function fairSharePlugin(config: Config): ApolloServerPlugin<Context> {
  // duration 0: points come back only when the request ends (reward), which makes these semaphores.
  const writes = new RateLimiterMemory({ points: config.writesPerKey, duration: 0 });
  const importsPerKey = new RateLimiterMemory({ points: config.importsPerKey, duration: 0 });
  const importsTotal = new RateLimiterMemory({ points: config.importsTotal, duration: 0 });

  return {
    async requestDidStart() {
      const held: { limiter: RateLimiterMemory; key: string; points: number }[] = [];
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          if (operation?.operation !== 'mutation') return;
          const who = contextValue.viewer ? `key:${contextValue.viewer.apiKeyId}` : `address:${contextValue.address}`;
          /** Takes `points`, or gives back what the refused attempt counted (rate-limiter-flexible counts before it refuses). */
          const take = async (limiter: RateLimiterMemory, key: string, points: number): Promise<boolean> => {
            try {
              await limiter.consume(key, points);
              held.push({ limiter, key, points });
              return true;
            } catch {
              await limiter.reward(key, points);
              return false;
            }
          };
          if (!(await take(writes, who, 1))) {
            throw rateLimited('writesPerKey', 1000, `${config.writesPerKey} mutations of this client are already running; wait for them to answer`);
          }
          const imports = fieldsOf(operation.selectionSet, fragmentsOf(document)).filter((f) => f.name.value === 'importLibrary').length;
          if (imports === 0) return;
          if (!(await take(importsPerKey, who, imports))) {
            throw rateLimited('importsPerKey', 1000, `${config.importsPerKey} import(s) of this client are already running; try again when they end`);
          }
          if (!(await take(importsTotal, 'all', imports))) {
            throw rateLimited('importsTotal', 1000, `${config.importsTotal} imports are already running; try again when they end`);
          }
        },
        async willSendResponse() {
          for (const h of held.splice(0)) await h.limiter.reward(h.key, h.points);
        },
      };
    },
  };
}
