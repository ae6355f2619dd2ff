/** The document limits of LIMITS applied with graphql-armor (in the GraphQL thread only: it loads graphql). */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, ValidationRule } from 'graphql';
import type { Config } from '../config';
import { LIMITS } from './limits';

export function armor(config: Config) {
  return new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, exposeLimits: true },
    maxAliases: { n: LIMITS.maxAliases, exposeLimits: true },
    // Checked before Apollo by checkTokens(): armor's Apollo hook would turn the refusal into a 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: LIMITS.maxDirectives, exposeLimits: true },
    costLimit: { maxCost: LIMITS.maxCost, ignoreIntrospection: true, exposeLimits: true },
    // "Did you mean …?" hints reveal the schema: off in production (with introspection).
    blockFieldSuggestion: { enabled: config.production },
  }).protect();
}

/**
 * graphql-armor's token limit, applied to the query text before Apollo parses it: a GraphQL
 * error to answer with 400, or null when the query is within the limit.
 */
export function checkTokens(query: unknown): GraphQLError | null {
  if (typeof query !== 'string') return null;
  try {
    new MaxTokensParserWLexer(query, { n: LIMITS.maxTokens, exposeLimits: true }).parseDocument();
  } catch (e) {
    // other syntax errors are Apollo's to report
    if (e instanceof GraphQLError && /token limit/i.test(e.message)) return e;
  }
  return null;
}

/** The schema has no Subscription type: a subscription operation is refused as invalid (400), not run into an internal error. */
export const noSubscriptions: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === 'subscription')
      context.reportError(new GraphQLError('This API has no subscriptions: send a query or a mutation', { nodes: [node] }));
  },
});
