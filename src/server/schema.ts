import 'reflect-metadata';
import { GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../../resolvers';
import { EstimateResolver } from '../../resolvers/estimate.resolver';
import { resolveEstimateFields } from '../../resolvers/estimate.type';
import { SweepResolver } from '../../resolvers/sweep.resolver';

let built: Promise<GraphQLSchema> | null = null;

/**
 * The schema, built once from the type-graphql classes in resolvers/. type-graphql's own check
 * (an introspection query over the whole schema, ~45 ms of every start) is skipped: Apollo runs
 * graphql-js's assertValidSchema on it when it starts, and the schema test does too.
 */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validate: false, emitSchemaFile: false, skipCheck: true }).then((schema) => {
    resolveEstimateFields(schema);
    resolveDirectly(schema);
    return schema;
  });
  return built;
}

/**
 * `estimate` and `sweep` take plain data that the core validates itself, and no context. Their
 * resolver methods are called directly with the arguments GraphQL has already coerced, instead of
 * through type-graphql's wrapper, which turns every nested input object into a class instance
 * first: ~40 µs of an estimate request's ~70 µs of execution. The schema (names, types, arguments)
 * is still the one the decorators declare; there are no middlewares or auth checker to skip.
 */
function resolveDirectly(schema: GraphQLSchema): void {
  const query = schema.getQueryType() as GraphQLObjectType;
  const estimates = new EstimateResolver();
  const sweeps = new SweepResolver();
  const direct: Record<string, GraphQLFieldResolver<unknown, unknown, Record<string, never>>> = {
    estimate: (_root, args) => estimates.estimate(args.input),
    sweep: (_root, args) => sweeps.sweep(args.input, args.axes),
  };
  for (const [name, resolve] of Object.entries(direct)) query.getFields()[name].resolve = resolve;
}

/** The SDL committed as schema.graphql (sorted, so diffs show only real API changes). */
export async function schemaSDL(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
