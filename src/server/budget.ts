/**
 * The compute budget, checked before an operation runs (src/services/budget.ts has the limits):
 * every ad-hoc `estimate` and `sweep` of the operation, aliases included, priced from its
 * arguments. Over budget, the request is answered 400 COMPUTE_BUDGET_EXCEEDED and nothing runs.
 * Within it, a heavy operation (sweeps past a light size, or a large answer) waits for an admission slot (admission.ts) before it runs.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { estimateWork, sweepPoints, sweepWork } from '../core';
import { Context, releaseAfterAnswer } from '../../resolvers/context';
import { BUDGET, BudgetLimit, overBudget } from '../services/budget';
import { DEFAULT_PAGE_SIZE } from '../services/scenario.service';
import type { Admission } from './admission';
import { refusalError } from './errors';

interface Price {
  /** Values the answer will hold: every field selected, times the rows it repeats over. */
  fieldValues: number;
  sweeps: number;
  estimateUnits: number;
  sweepUnits: number;
  sweepValues: number;
}

/** The fragments a document defines, by name. */
export function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return fragments;
}

/** The selections of a selection set, fragments and inline fragments flattened. */
export function fieldsOf(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet, fragments, seen);
    if (seen.has(s.name.value) || !fragments[s.name.value]) return [];
    seen.add(s.name.value);
    return fieldsOf(fragments[s.name.value].selectionSet, fragments, seen);
  });
}

/**
 * How many rows a list field repeats its selection over: a connection's `first` (its default when
 * absent); for lists whose length the arguments do not give, an assumed typical length.
 */
const ASSUMED_ROWS: Record<string, number> = { history: 10, libraries: 20, members: 10 };

function rowsOf(def: GraphQLField<unknown, unknown>, field: FieldNode, variables: Record<string, unknown>): number {
  if (def.args.some((a) => a.name === 'first')) {
    let first: unknown;
    try {
      first = getArgumentValues(def, field, variables).first;
    } catch {
      // arguments that do not coerce are refused by execution, with their own error
    }
    return typeof first === 'number' && first >= 0 ? first : DEFAULT_PAGE_SIZE;
  }
  return isListType(getNullableType(def.type)) ? (ASSUMED_ROWS[def.name] ?? 1) : 1;
}

/** The values an answer holds for `set` on `type`, each field counted once per row it repeats over. */
function countValues(
  type: GraphQLObjectType,
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  rows: number,
): number {
  let total = 0;
  for (const field of fieldsOf(set, fragments)) {
    const def = type.getFields()[field.name.value];
    if (!def) continue; // __typename and introspection
    total += rows;
    const named = getNamedType(def.type);
    if (isObjectType(named) && field.selectionSet) total += countValues(named, field.selectionSet, fragments, variables, rows * rowsOf(def, field, variables));
  }
  return total;
}

/** What an operation costs: the values of its answer, and its ad-hoc estimates and sweeps. */
export function priceOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): Price {
  const price: Price = { fieldValues: 0, sweeps: 0, estimateUnits: 0, sweepUnits: 0, sweepValues: 0 };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (root) price.fieldValues = countValues(root, operation.selectionSet, fragments, variables, 1);
  const query = schema.getQueryType();
  if (operation.operation !== 'query' || !query) return price;
  for (const field of fieldsOf(operation.selectionSet, fragments)) {
    const name = field.name.value;
    if (name !== 'estimate' && name !== 'sweep') continue;
    const def = query.getFields()[name];
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(def, field, variables);
    } catch {
      continue; // arguments that do not coerce are refused by execution, with their own error
    }
    const selected = fieldsOf(field.selectionSet, fragments);
    if (name === 'estimate') {
      price.estimateUnits += estimateWork(args.input, { range: selected.some((f) => f.name.value === 'range') });
    } else {
      price.sweeps++;
      price.sweepUnits += sweepWork(args.input, args.axes);
      const series = selected.filter((f) => f.name.value === 'series');
      const outputs = series.reduce((k, s) => k + fieldsOf(s.selectionSet, fragments).length, 0);
      price.sweepValues += sweepPoints(args.axes) * outputs;
    }
  }
  return price;
}

/** Above this many values an operation is heavy: it waits for an admission slot. */
const HEAVY_FIELD_VALUES = 20_000;
/**
 * Sweeps up to this many source evaluations are light (a 100-point sweep over 1,000 sources, a few
 * milliseconds in the pool): they run at once rather than queue behind a sweep at the budget's edge.
 */
const LIGHT_SWEEP_UNITS = 100_000;

export function budgetPlugin(admission: Admission): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request, contextValue }) {
          if (!operation) return;
          contextValue.exchange.operation = operation.operation;
          // Past its deadline already (parsing, authenticating or waiting took it all): nothing runs.
          if (contextValue.signal.aborted) throw refusalError({ code: 'TIMEOUT', message: 'The request ran out of time before it ran; nothing ran' });
          const fragments = fragmentsOf(document);
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (coerced.errors) return; // execution answers them
          const price = priceOperation(schema, operation, fragments, coerced.coerced);
          const over: [BudgetLimit, number][] = [
            ['maxFieldValues', price.fieldValues],
            ['maxEstimateUnits', price.estimateUnits],
            ['maxSweepUnits', price.sweepUnits],
            ['maxSweepValues', price.sweepValues],
          ];
          for (const [limit, units] of over) {
            if (units > BUDGET[limit]) {
              const e = overBudget(limit, units);
              throw refusalError({ code: 'COMPUTE_BUDGET_EXCEEDED', message: e.message, extensions: e.extensions });
            }
          }
          if (price.sweepUnits > LIGHT_SWEEP_UNITS || price.fieldValues > HEAVY_FIELD_VALUES) {
            try {
              releaseAfterAnswer(contextValue.exchange, await admission.enter(contextValue.signal));
            } catch {
              throw refusalError({ code: 'TIMEOUT', message: 'The request ran out of time waiting for the heavy requests before it to finish; nothing ran' });
            }
          }
        },
      };
    },
  };
}
