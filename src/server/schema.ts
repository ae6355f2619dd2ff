import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '../../resolvers';
import { resolveEstimateFields } from '../../resolvers/estimate.type';

let built: Promise<GraphQLSchema> | null = null;

/** The schema, built once from the type-graphql classes in resolvers/. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validate: false, emitSchemaFile: false }).then((schema) => {
    resolveEstimateFields(schema);
    return schema;
  });
  return built;
}

/** The SDL committed as schema.graphql (sorted, so diffs show only real API changes). */
export async function schemaSDL(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
