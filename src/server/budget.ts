/**
 * The compute budget, checked before an operation runs (src/services/budget.ts has the limits):
 * every ad-hoc `estimate` and `sweep` of the operation, aliases included, priced from its
 * arguments. Over budget, the request is answered 400 COMPUTE_BUDGET_EXCEEDED and nothing runs.
 * Within it, an operation with sweeps waits for an admission slot (admission.ts) before it runs.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getVariableValues,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { estimateWork, sweepPoints, sweepWork } from '../core';
import type { Context } from '../../resolvers/context';
import { BUDGET, BudgetLimit, overBudget } from '../services/budget';
import { DomainError } from '../services/errors';
import type { Admission } from './admission';

interface Price {
  sweeps: number;
  estimateUnits: number;
  sweepUnits: number;
  sweepValues: number;
}

/** The selections of a selection set, fragments and inline fragments flattened. */
function fieldsOf(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet, fragments, seen);
    if (seen.has(s.name.value) || !fragments[s.name.value]) return [];
    seen.add(s.name.value);
    return fieldsOf(fragments[s.name.value].selectionSet, fragments, seen);
  });
}

/** What an operation's ad-hoc estimates and sweeps cost. */
export function priceOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): Price {
  const price: Price = { sweeps: 0, estimateUnits: 0, sweepUnits: 0, sweepValues: 0 };
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

export function budgetPlugin(admission: Admission): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request, contextValue }) {
          if (!operation) return;
          contextValue.operation = operation.operation;
          // Past its deadline already (parsing, authenticating or waiting took it all): nothing runs.
          if (contextValue.signal.aborted)
            throw new GraphQLError('The request ran out of time before it ran; nothing ran', { extensions: { code: 'TIMEOUT', http: { status: 503 } } });
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (coerced.errors) return; // execution answers them
          const price = priceOperation(schema, operation, fragments, coerced.coerced);
          const over: [BudgetLimit, number][] = [
            ['maxEstimateUnits', price.estimateUnits],
            ['maxSweepUnits', price.sweepUnits],
            ['maxSweepValues', price.sweepValues],
          ];
          for (const [limit, units] of over) {
            if (units > BUDGET[limit]) {
              const e = overBudget(limit, units);
              throw new GraphQLError(e.message, { extensions: { code: e.code, ...e.extensions, http: { status: 400 } } });
            }
          }
          if (price.sweeps > 0) {
            try {
              contextValue.afterAnswer.push(await admission.enter(contextValue.signal));
            } catch {
              const e = new DomainError('TIMEOUT', 'The request ran out of time waiting for the sweeps before it to finish; nothing ran');
              throw new GraphQLError(e.message, { extensions: { code: e.code, http: { status: 503 } } });
            }
          }
        },
      };
    },
  };
}
