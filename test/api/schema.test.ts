/** schema.graphql is emitted from the code and committed: this fails when it is out of date. */
import fs from 'node:fs';
import path from 'node:path';
import { validateSchema } from 'graphql';
import { getSchema, schemaSDL } from '../../resolvers/schema';

test('schema.graphql matches the schema built from resolvers/ (run `npm run schema` to update it)', async () => {
  const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8');
  expect(committed).toBe(await schemaSDL());
});

test("the schema is valid by graphql-js's own rules", async () => {
  expect(validateSchema(await getSchema()).map((e) => e.message)).toEqual([]);
});

test('the schema keeps the contract names clients rely on (docs/development.md, "The GraphQL contract")', async () => {
  const sdl = await schemaSDL();
  for (const name of [
    'estimate(input: ScenarioInput!): Estimate!',
    'scenario(id: ID!): Scenario',
    'hardware: [Hardware!]!',
    'referenceModels: [ReferenceModel!]!',
    'createScenario(input: CreateScenarioInput!): Scenario!',
    'deleteScenario(id: ID!): Boolean!',
    'enum TokenizationMethod',
    'enum Precision',
  ]) {
    expect(sdl).toContain(name);
  }
  // updateScenario keeps its arguments and type; a client that sends no note is served as before.
  const update = (await getSchema()).getMutationType()!.getFields().updateScenario;
  expect(String(update.type)).toBe('Scenario!');
  expect(Object.fromEntries(update.args.map((a) => [a.name, String(a.type)]))).toEqual({
    expectedVersion: 'Int!',
    id: 'ID!',
    input: 'ScenarioInput!',
    note: 'String',
  });
});
