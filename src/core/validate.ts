/**
 * resolveScenario: checks every input of a scenario (collecting all problems into one
 * FlopscopeInputError), fills the defaults (defaults.ts) and records each default used, with its
 * reason. The input may come from GraphQL or from JSON typed by hand, so nothing about its shape is
 * trusted (its shape is checked first, in validate-shape.ts). The rules are listed in
 * docs/model.md, "Validation".
 */
import { architectureParameters } from './architecture';
import { Assume, Bag, Issues, absent, add, checkKeys, isObject, num, text } from './checks';
import { REASONS } from './defaults';
import { FlopscopeInputError } from './errors';
import { POSITIVE, POSITIVE_INTEGER, describeValue } from './fields';
import { architectureOf } from './flops';
import { formatNumber } from './format';
import { Assumption, CoreContext, InputIssue, ResolvedScenario, ScenarioSpec } from './types';
import { readArchitecture } from './validate-architecture';
import { readEncoders } from './validate-encoders';
import { resolveRanges } from './validate-ranges';
import { checkShape } from './validate-shape';
import { MAX_NAME_LENGTH, resolveStages } from './validate-stages';

export { ARCHITECTURE_KEYS } from './validate-architecture';
export { MAX_DATA_SOURCES } from './validate-data';
export { ENCODER_KEYS, MAX_ENCODERS } from './validate-encoders';
export { MAX_RANGES } from './validate-ranges';
export { MAX_INPUT_DEPTH, RESERVED_KEYS, checkShape, shapeIssues } from './validate-shape';
export { MAX_NAME_LENGTH, MAX_STAGES } from './validate-stages';
export const MAX_DESCRIPTION_LENGTH = 10_000;

const ROOT_KEYS = ['name', 'description', 'model', 'data', 'stages', 'tokenizer', 'training', 'cluster', 'ranges'];
const MODEL_KEYS = ['parameters', 'layers', 'hiddenSize', 'architecture', 'encoders'];

/** Checks every input, fills defaults, and returns the scenario ready to compute. */
export function resolveScenario(spec: ScenarioSpec, ctx: CoreContext = {}): ResolvedScenario {
  const issues: Issues = [];
  const assumptions: Assumption[] = [];
  const ignoredInputs: InputIssue[] = [];
  // Stages that inherit a default report it once.
  const assume: Assume = (field, value, reason) => {
    if (!assumptions.some((a) => a.field === field && a.value === value && a.reason === reason)) assumptions.push({ field, value, reason });
  };

  const root: unknown = spec;
  // Depth and reserved keys first: nothing below may recurse into, or assign, what this refuses.
  checkShape(root);
  if (!isObject(root)) {
    throw new FlopscopeInputError([{ path: 'scenario', message: `must be an object with model and data (or stages), got ${describeValue(root)}` }]);
  }
  checkKeys(root, ROOT_KEYS, '', issues);
  const name = text(root.name, 'name', MAX_NAME_LENGTH, issues);
  const description = text(root.description, 'description', MAX_DESCRIPTION_LENGTH, issues);

  // --- model -----------------------------------------------------------------------------------
  let modelIn: Bag = {};
  if (!isObject(root.model)) {
    add(
      issues,
      'model',
      root.model === undefined || root.model === null
        ? 'is required: an object with parameters (and optionally layers, hiddenSize), or with architecture'
        : `must be an object with parameters or architecture, got ${describeValue(root.model)}`,
    );
  } else {
    modelIn = root.model;
    checkKeys(modelIn, MODEL_KEYS, 'model', issues);
  }
  const hasArchitecture = !absent(modelIn, 'architecture');
  const architecture = hasArchitecture ? readArchitecture(modelIn.architecture, issues) : null;
  const parameters = num(
    modelIn,
    'parameters',
    'model.parameters',
    POSITIVE,
    issues,
    isObject(root.model) && !hasArchitecture ? "(the model's parameter count N, or give model.architecture to count it)" : undefined,
  );
  const layersIn = num(modelIn, 'layers', 'model.layers', POSITIVE_INTEGER, issues);
  const hiddenSizeIn = num(modelIn, 'hiddenSize', 'model.hiddenSize', POSITIVE_INTEGER, issues);
  // With an architecture its own layers and width are the model's; a different model.layers or hiddenSize is ignored, and said so.
  for (const [key, given] of [
    ['layers', layersIn],
    ['hiddenSize', hiddenSizeIn],
  ] as const) {
    if (architecture !== null && given !== null && given !== architecture[key]) {
      ignoredInputs.push({
        path: `model.${key}`,
        message: `(${formatNumber(given)}) differs from model.architecture.${key} (${formatNumber(architecture[key])}), which the estimate uses, and was ignored`,
      });
    }
  }
  const encoders = readEncoders(modelIn.encoders, issues, assume);
  const layers = architecture?.layers ?? layersIn;
  const hiddenSize = architecture?.hiddenSize ?? hiddenSizeIn;

  // --- stages: the scenario's own data and settings, or `stages` (validate-stages.ts) ----------
  const { stages, staged } = resolveStages(root, { hasArchitecture, modelIn }, ctx, issues, assume, ignoredInputs);
  const first = stages[0];

  const resolved: ResolvedScenario = {
    name,
    description,
    model: { parameters: parameters ?? NaN, layers, hiddenSize, architecture, parametersGiven: parameters !== null, encoders },
    data: first.data,
    tokenizer: first.tokenizer,
    training: first.training,
    cluster: first.cluster,
    hardware: first.hardware,
    peakFlopsPerSecond: first.peakFlopsPerSecond,
    ranges: [],
    assumptions,
    ignoredInputs,
    stages,
    staged,
  };

  // Without model.parameters, the architecture's count (with the tokenizer's patch) is N.
  if (architecture !== null && parameters === null) {
    resolved.model.parameters = architectureParameters(architectureOf(resolved)).total;
    assume('model.parameters', resolved.model.parameters, REASONS.parametersFromArchitecture);
  }

  // --- ranges (checked against the resolved values) --------------------------------------------
  resolved.ranges = resolveRanges(root.ranges, resolved, issues);

  if (issues.length > 0) throw new FlopscopeInputError(staged ? distinct(issues) : issues);
  return resolved;
}

/** Each problem once: stages that inherit a bad setting of the scenario's each find it. */
function distinct(issues: Issues): Issues {
  return issues.filter((a, i) => issues.findIndex((b) => b.path === a.path && b.message === a.message) === i);
}
