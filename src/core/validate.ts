/**
 * resolveScenario: checks every input of a scenario (collecting all problems into one
 * FlopscopeInputError), fills the defaults (defaults.ts) and records each default used, with its
 * reason. The input may come from GraphQL or from JSON typed by hand, so nothing about its shape is
 * trusted (its shape is checked first, in validate-shape.ts). The rules are listed in
 * docs/model.md, "Validation".
 */
import { RECOMPUTATIONS, architectureParameters } from './architecture';
import { Assume, Bag, Issues, absent, add, bool, checkKeys, isObject, num, oneOf, optionalObject, text } from './checks';
import { DEFAULTS, REASONS } from './defaults';
import { FlopscopeInputError } from './errors';
import { POSITIVE, POSITIVE_INTEGER, SOURCE_FIELDS, describeValue } from './fields';
import { architectureOf } from './flops';
import { formatNumber } from './format';
import { framesPerClip } from './tokens';
import {
  Assumption,
  CoreContext,
  DATA_KINDS,
  DataKind,
  InputIssue,
  ResolvedDataSource,
  ResolvedScenario,
  ResolvedTokenizer,
  ScenarioSpec,
  TOKENIZATION_METHODS,
  TokenizationMethod,
} from './types';
import { readArchitecture } from './validate-architecture';
import { resolveCluster } from './validate-cluster';
import { resolveRanges } from './validate-ranges';
import { checkShape } from './validate-shape';

export { ARCHITECTURE_KEYS } from './validate-architecture';
export { MAX_RANGES } from './validate-ranges';
export { MAX_INPUT_DEPTH, RESERVED_KEYS, checkShape, shapeIssues } from './validate-shape';
export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 10_000;
export const MAX_DATA_SOURCES = 1_000;

const ROOT_KEYS = ['name', 'description', 'model', 'data', 'tokenizer', 'training', 'cluster', 'ranges'];
const MODEL_KEYS = ['parameters', 'layers', 'hiddenSize', 'architecture'];
const SOURCE_KEYS = ['kind', 'count', 'width', 'height', 'channels', 'durationSeconds', 'fps'];
const TOKENIZER_KEYS = ['method', 'patchSize', 'temporalPatchSize', 'vaeSpatialFactor', 'vaeTemporalFactor'];
const TRAINING_KEYS = ['epochs', 'attention', 'sequenceLength', 'recomputation'];
const CLUSTER_KEYS = ['hardware', 'precision', 'gpuCount', 'utilization', 'pricePerGpuHour', 'pue'];

/** Checks every input, fills defaults, and returns the scenario ready to compute. */
export function resolveScenario(spec: ScenarioSpec, ctx: CoreContext = {}): ResolvedScenario {
  const issues: Issues = [];
  const assumptions: Assumption[] = [];
  const ignoredInputs: InputIssue[] = [];
  const assume: Assume = (field, value, reason) => {
    assumptions.push({ field, value, reason });
  };

  const root: unknown = spec;
  // Depth and reserved keys first: nothing below may recurse into, or assign, what this refuses.
  checkShape(root);
  if (!isObject(root)) {
    throw new FlopscopeInputError([{ path: 'scenario', message: `must be an object with model and data, got ${describeValue(root)}` }]);
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
  const layers = architecture?.layers ?? layersIn;
  const hiddenSize = architecture?.hiddenSize ?? hiddenSizeIn;

  // --- tokenizer (method first: the data checks depend on it) ----------------------------------
  const tokIn = optionalObject(root.tokenizer, 'tokenizer', TOKENIZER_KEYS, issues);
  const methodIn = oneOf(tokIn.method, 'tokenizer.method', TOKENIZATION_METHODS, issues);
  const method: TokenizationMethod = methodIn ?? DEFAULTS.method;

  // --- data ------------------------------------------------------------------------------------
  const data: ResolvedDataSource[] = [];
  if (!Array.isArray(root.data)) {
    add(
      issues,
      'data',
      root.data === undefined || root.data === null
        ? 'is required: a list of at least one data source (IMAGE, VIDEO or TEXT)'
        : `must be a list of data sources, got ${describeValue(root.data)}`,
    );
  } else if (root.data.length === 0) {
    add(issues, 'data', 'must contain at least one data source (IMAGE, VIDEO or TEXT), got an empty list');
  } else if (root.data.length > MAX_DATA_SOURCES) {
    add(issues, 'data', `must contain at most ${MAX_DATA_SOURCES} data sources, got ${root.data.length}`);
  } else {
    root.data.forEach((raw: unknown, i: number) => {
      const p = `data[${i}]`;
      if (!isObject(raw)) {
        add(issues, p, `must be a data source object with kind and count, got ${describeValue(raw)}`);
        return;
      }
      checkKeys(raw, SOURCE_KEYS, p, issues);
      const kind = oneOf<DataKind>(raw.kind, `${p}.kind`, DATA_KINDS, issues);
      if (absent(raw, 'kind')) add(issues, `${p}.kind`, `is required: one of ${DATA_KINDS.join(', ')}`);
      const count = num(raw, 'count', `${p}.count`, POSITIVE_INTEGER, issues, kind === 'TEXT' ? '(the number of text tokens)' : '(the number of items)');
      const media = kind === 'IMAGE' || kind === 'VIDEO';
      const needs = (field: keyof typeof SOURCE_FIELDS): boolean => kind !== null && SOURCE_FIELDS[field].kinds.includes(kind);
      const field = (key: keyof typeof SOURCE_FIELDS): number | null => {
        const applies = needs(key);
        const required = applies && key !== 'channels' ? `for ${kind} sources` : undefined;
        const v = num(raw, key, `${p}.${key}`, SOURCE_FIELDS[key].rule, issues, required);
        if (v !== null && kind !== null && !applies) {
          ignoredInputs.push({ path: `${p}.${key}`, message: `is not used by ${kind} sources and was ignored` });
        }
        return applies ? v : null;
      };
      const width = field('width');
      const height = field('height');
      const channelsIn = field('channels');
      const durationSeconds = field('durationSeconds');
      const fps = field('fps');
      if (kind === 'VIDEO' && durationSeconds !== null && fps !== null) {
        const frames = framesPerClip(durationSeconds, fps);
        if (!(frames >= 1)) {
          add(
            issues,
            `${p}.fps`,
            `durationSeconds × fps must round to at least 1 frame; ${formatNumber(durationSeconds)} s × ${formatNumber(fps)} fps gives ${frames}`,
          );
        }
      }
      if (media && channelsIn === null && method === 'SEED_2024') {
        assume(`${p}.channels`, DEFAULTS.channels, REASONS.channels);
      } else if (media && channelsIn !== null && method !== 'SEED_2024') {
        ignoredInputs.push({ path: `${p}.channels`, message: `is not used by ${method} tokenization (patches do not depend on channels) and was ignored` });
      }
      data.push({
        kind: kind ?? 'TEXT',
        count: count ?? NaN,
        width,
        height,
        channels: channelsIn ?? DEFAULTS.channels,
        durationSeconds,
        fps,
      });
    });
  }
  const hasMedia = data.some((s) => s.kind !== 'TEXT');
  const hasVideo = data.some((s) => s.kind === 'VIDEO');
  const hasText = data.some((s) => s.kind === 'TEXT');

  // --- tokenizer values ------------------------------------------------------------------------
  const tokenizer: ResolvedTokenizer = {
    method,
    patchSize: num(tokIn, 'patchSize', 'tokenizer.patchSize', POSITIVE_INTEGER, issues) ?? DEFAULTS.patchSize[method],
    temporalPatchSize: num(tokIn, 'temporalPatchSize', 'tokenizer.temporalPatchSize', POSITIVE_INTEGER, issues) ?? DEFAULTS.temporalPatchSize,
    vaeSpatialFactor: num(tokIn, 'vaeSpatialFactor', 'tokenizer.vaeSpatialFactor', POSITIVE_INTEGER, issues) ?? DEFAULTS.vaeSpatialFactor,
    vaeTemporalFactor: num(tokIn, 'vaeTemporalFactor', 'tokenizer.vaeTemporalFactor', POSITIVE_INTEGER, issues) ?? DEFAULTS.vaeTemporalFactor,
  };
  if (!hasMedia) {
    for (const key of TOKENIZER_KEYS) {
      if (!absent(tokIn, key))
        ignoredInputs.push({ path: `tokenizer.${key}`, message: 'has no effect: the scenario has no IMAGE or VIDEO source (TEXT counts are tokens already)' });
    }
  } else {
    if (methodIn === null) assume('tokenizer.method', method, REASONS.method);
    if (absent(tokIn, 'patchSize')) {
      assume('tokenizer.patchSize', tokenizer.patchSize, method === 'LATENT' ? REASONS.latentPatchSize : REASONS.pixelPatchSize);
    }
    if (method === 'SEED_2024') {
      for (const key of ['temporalPatchSize', 'vaeSpatialFactor', 'vaeTemporalFactor']) {
        if (!absent(tokIn, key))
          ignoredInputs.push({ path: `tokenizer.${key}`, message: "is not used by SEED_2024 tokenization (the article's formula) and was ignored" });
      }
    } else {
      if (method === 'PIXEL') {
        for (const key of ['vaeSpatialFactor', 'vaeTemporalFactor']) {
          if (!absent(tokIn, key)) ignoredInputs.push({ path: `tokenizer.${key}`, message: 'is not used by PIXEL tokenization (no VAE) and was ignored' });
        }
      } else {
        if (absent(tokIn, 'vaeSpatialFactor')) assume('tokenizer.vaeSpatialFactor', tokenizer.vaeSpatialFactor, REASONS.vaeSpatialFactor);
        if (hasVideo && absent(tokIn, 'vaeTemporalFactor')) assume('tokenizer.vaeTemporalFactor', tokenizer.vaeTemporalFactor, REASONS.vaeTemporalFactor);
      }
      if (hasVideo && absent(tokIn, 'temporalPatchSize')) assume('tokenizer.temporalPatchSize', tokenizer.temporalPatchSize, REASONS.temporalPatchSize);
    }
  }

  // --- training --------------------------------------------------------------------------------
  const trainIn = optionalObject(root.training, 'training', TRAINING_KEYS, issues);
  const epochsIn = num(trainIn, 'epochs', 'training.epochs', POSITIVE, issues);
  const attentionIn = bool(trainIn.attention, 'training.attention', issues);
  const seqIn = num(trainIn, 'sequenceLength', 'training.sequenceLength', POSITIVE_INTEGER, issues);
  const recomputationIn = oneOf(trainIn.recomputation, 'training.recomputation', RECOMPUTATIONS, issues);
  if (epochsIn === null) assume('training.epochs', DEFAULTS.epochs, REASONS.epochs);
  // Known architecture: the attention cores are counted unless turned off (issue 17: they dominate video).
  const attentionDefault = hasArchitecture ? DEFAULTS.attentionWithArchitecture : DEFAULTS.attention;
  if (attentionIn === null) assume('training.attention', attentionDefault, hasArchitecture ? REASONS.attentionWithArchitecture : REASONS.attention);
  const attention = attentionIn ?? attentionDefault;
  const recomputation = recomputationIn ?? DEFAULTS.recomputation;
  if (absent(trainIn, 'recomputation')) assume('training.recomputation', recomputation, REASONS.recomputation);
  if (recomputation === 'SELECTIVE' && !hasArchitecture && !attention) {
    ignoredInputs.push({
      path: 'training.recomputation',
      message: 'SELECTIVE recomputes only the attention cores, which the 6·N·D rule counts only with training.attention; it has no effect here and was ignored',
    });
  }
  if (attention && !hasArchitecture) {
    const why = 'when training.attention is true (the 12·L·d·T term needs layers L and hidden size d)';
    if (absent(modelIn, 'layers')) add(issues, 'model.layers', `is required ${why}`);
    if (absent(modelIn, 'hiddenSize')) add(issues, 'model.hiddenSize', `is required ${why}`);
  }
  if (seqIn === null && hasText) assume('training.sequenceLength', DEFAULTS.sequenceLength, REASONS.sequenceLength);
  if (seqIn !== null && !hasText)
    ignoredInputs.push({
      path: 'training.sequenceLength',
      message: 'only applies to TEXT sources (media sequences are one image or one clip) and was ignored',
    });

  // --- cluster ---------------------------------------------------------------------------------
  const clusterIn = optionalObject(root.cluster, 'cluster', CLUSTER_KEYS, issues);
  const { cluster, hardware, peakFlopsPerSecond } = resolveCluster(clusterIn, ctx, issues, assume);

  const resolved: ResolvedScenario = {
    name,
    description,
    model: { parameters: parameters ?? NaN, layers, hiddenSize, architecture, parametersGiven: parameters !== null },
    data,
    tokenizer,
    training: { epochs: epochsIn ?? DEFAULTS.epochs, attention, sequenceLength: seqIn ?? DEFAULTS.sequenceLength, recomputation },
    cluster,
    hardware,
    peakFlopsPerSecond,
    ranges: [],
    assumptions,
    ignoredInputs,
  };

  // Without model.parameters, the architecture's count (with the tokenizer's patch) is N.
  if (architecture !== null && parameters === null) {
    resolved.model.parameters = architectureParameters(architectureOf(resolved)).total;
    assume('model.parameters', resolved.model.parameters, REASONS.parametersFromArchitecture);
  }

  // --- ranges (checked against the resolved values) --------------------------------------------
  resolved.ranges = resolveRanges(root.ranges, resolved, issues);

  if (issues.length > 0) throw new FlopscopeInputError(issues);
  return resolved;
}
