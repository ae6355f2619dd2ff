import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolvers } from '.';

let built: Promise<GraphQLSchema> | null = null;

/** The schema, built once per process from the type-graphql classes in this folder. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({ resolvers, validate: false });
  return built;
}

/** The SDL committed as schema.graphql (sorted, so diffs show only real API changes). */
export async function schemaSDL(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
