/**
 * resolveScenario: checks every input of a scenario (collecting all problems into one
 * FlopscopeInputError), fills the defaults of DESIGN.md section 1 and records each default used.
 * The input may come from GraphQL or from JSON typed by hand, so nothing about its shape is trusted.
 */
import { FlopscopeInputError } from './errors';
import {
  AT_LEAST_ONE, NumberRule, POSITIVE, POSITIVE_INTEGER, RANGEABLE_PATHS, SOURCE_FIELDS, UNIT_INTERVAL,
  describeValue, lookupField, numberProblem,
} from './fields';
import { formatNumber } from './format';
import { DEFAULT_HARDWARE_KEY, findHardware, hardwareKeys, publishedPrecisions } from './hardware';
import {
  Assumption, CoreContext, DATA_KINDS, DataKind, HardwareSpec, InputIssue, PRECISIONS, Precision, RangeSpec,
  ResolvedCluster, ResolvedDataSource, ResolvedScenario, ResolvedTokenizer, ScenarioSpec, TOKENIZATION_METHODS,
  TokenizationMethod,
} from './types';

export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 10_000;
export const MAX_RANGES = 8;
export const MAX_DATA_SOURCES = 1_000;

/** Defaults of DESIGN.md section 1. */
export const DEFAULTS = {
  method: 'LATENT' as TokenizationMethod,
  /** ViT's 16×16 patches (Dosovitskiy et al. 2020) for SEED_2024 and PIXEL; 2×2 on latents (DiT, Peebles & Xie 2023). */
  patchSize: { SEED_2024: 16, PIXEL: 16, LATENT: 2 } as Record<TokenizationMethod, number>,
  temporalPatchSize: 1,
  /** The 8× spatial, 4× temporal VAE common to latent video models (e.g. Open-Sora, CogVideoX). */
  vaeSpatialFactor: 8,
  vaeTemporalFactor: 4,
  channels: 3,
  epochs: 1,
  attention: false,
  sequenceLength: 2048,
  hardware: DEFAULT_HARDWARE_KEY,
  precision: 'BF16' as Precision,
  gpuCount: 1,
  /** Epoch AI's assumption for non-LLM models when nothing is reported (reference/hardware.md). */
  utilization: 0.4,
  pue: 1.2,
};

const ROOT_KEYS = ['name', 'description', 'model', 'data', 'tokenizer', 'training', 'cluster', 'ranges'];
const MODEL_KEYS = ['parameters', 'layers', 'hiddenSize'];
const SOURCE_KEYS = ['kind', 'count', 'width', 'height', 'channels', 'durationSeconds', 'fps'];
const TOKENIZER_KEYS = ['method', 'patchSize', 'temporalPatchSize', 'vaeSpatialFactor', 'vaeTemporalFactor'];
const TRAINING_KEYS = ['epochs', 'attention', 'sequenceLength'];
const CLUSTER_KEYS = ['hardware', 'precision', 'gpuCount', 'utilization', 'pricePerGpuHour', 'pue'];
const RANGE_KEYS = ['path', 'low', 'high'];

type Bag = Record<string, unknown>;

/** A field the input left out (GraphQL sends null for absent optional fields). */
function absent(obj: Bag, key: string): boolean {
  return obj[key] === undefined || obj[key] === null;
}

function isObject(v: unknown): v is Bag {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Problems found so far; every check reports here and carries on, so the user sees them all at once. */
type Issues = InputIssue[];

function add(issues: Issues, path: string, message: string): void {
  issues.push({ path, message });
}

function checkKeys(obj: Bag, allowed: string[], prefix: string, issues: Issues): void {
  for (const key of Object.keys(obj)) {
    if (obj[key] === undefined || allowed.includes(key)) continue;
    add(issues, prefix ? `${prefix}.${key}` : key, `is not a known field; allowed here: ${allowed.join(', ')}`);
  }
}

/** An optional sub-object: undefined/null → {}, an object → itself, anything else → a problem. */
function optionalObject(v: unknown, path: string, keys: string[], issues: Issues): Bag {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) {
    add(issues, path, `must be an object, got ${describeValue(v)}`);
    return {};
  }
  checkKeys(v, keys, path, issues);
  return v;
}

/** A number field: null when absent (or bad, after reporting it). `required` says why it is needed. */
function num(obj: Bag, key: string, path: string, rule: NumberRule, issues: Issues, required?: string): number | null {
  const v = obj[key];
  if (absent(obj, key)) {
    if (required) add(issues, path, `is required ${required} (${rule.text})`);
    return null;
  }
  const problem = numberProblem(v, rule);
  if (problem) {
    add(issues, path, problem);
    return null;
  }
  return v as number;
}

function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[], issues: Issues): T | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  add(issues, path, `must be one of ${allowed.join(', ')}; got ${describeValue(v)}`);
  return null;
}

function text(v: unknown, path: string, max: number, issues: Issues): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') {
    add(issues, path, `must be a string, got ${describeValue(v)}`);
    return null;
  }
  if (v.length > max) {
    add(issues, path, `must be at most ${max} characters, got ${v.length}`);
    return null;
  }
  return v;
}

function bool(v: unknown, path: string, issues: Issues): boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  add(issues, path, `must be true or false, got ${describeValue(v)}`);
  return null;
}

/** Checks every input, fills defaults, and returns the scenario ready to compute. */
export function resolveScenario(spec: ScenarioSpec, ctx: CoreContext = {}): ResolvedScenario {
  const issues: Issues = [];
  const assumptions: Assumption[] = [];
  const ignoredInputs: InputIssue[] = [];
  const assume = (field: string, value: string | number | boolean, reason: string): void => {
    assumptions.push({ field, value, reason });
  };

  const root: unknown = spec;
  if (!isObject(root)) {
    throw new FlopscopeInputError([{ path: 'scenario', message: `must be an object with model and data, got ${describeValue(root)}` }]);
  }
  checkKeys(root, ROOT_KEYS, '', issues);
  const name = text(root.name, 'name', MAX_NAME_LENGTH, issues);
  const description = text(root.description, 'description', MAX_DESCRIPTION_LENGTH, issues);

  // --- model -----------------------------------------------------------------------------------
  let modelIn: Bag = {};
  if (!isObject(root.model)) {
    add(issues, 'model', root.model === undefined || root.model === null
      ? 'is required: an object with parameters (and optionally layers, hiddenSize)'
      : `must be an object with parameters, got ${describeValue(root.model)}`);
  } else {
    modelIn = root.model;
    checkKeys(modelIn, MODEL_KEYS, 'model', issues);
  }
  const parameters = num(modelIn, 'parameters', 'model.parameters', POSITIVE, issues, isObject(root.model) ? '(the model\'s parameter count N)' : undefined);
  const layers = num(modelIn, 'layers', 'model.layers', POSITIVE_INTEGER, issues);
  const hiddenSize = num(modelIn, 'hiddenSize', 'model.hiddenSize', POSITIVE_INTEGER, issues);

  // --- tokenizer (method first: the data checks depend on it) ----------------------------------
  const tokIn = optionalObject(root.tokenizer, 'tokenizer', TOKENIZER_KEYS, issues);
  const methodIn = oneOf(tokIn.method, 'tokenizer.method', TOKENIZATION_METHODS, issues);
  const method: TokenizationMethod = methodIn ?? DEFAULTS.method;

  // --- data ------------------------------------------------------------------------------------
  const data: ResolvedDataSource[] = [];
  if (!Array.isArray(root.data)) {
    add(issues, 'data', root.data === undefined || root.data === null
      ? 'is required: a list of at least one data source (IMAGE, VIDEO or TEXT)'
      : `must be a list of data sources, got ${describeValue(root.data)}`);
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
      const count = num(raw, 'count', `${p}.count`, POSITIVE_INTEGER, issues,
        kind === 'TEXT' ? '(the number of text tokens)' : '(the number of items)');
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
        const frames = Math.round(durationSeconds * fps);
        if (!(frames >= 1)) {
          add(issues, `${p}.fps`, `durationSeconds × fps must round to at least 1 frame; ${formatNumber(durationSeconds)} s × ${formatNumber(fps)} fps gives ${frames}`);
        }
      }
      if (media && channelsIn === null && method === 'SEED_2024') {
        assume(`${p}.channels`, DEFAULTS.channels, 'RGB: 3 colour channels (the SEED_2024 formula multiplies by C)');
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
      if (!absent(tokIn, key)) ignoredInputs.push({ path: `tokenizer.${key}`, message: 'has no effect: the scenario has no IMAGE or VIDEO source (TEXT counts are tokens already)' });
    }
  } else {
    if (methodIn === null) assume('tokenizer.method', method, 'DESIGN default: a VAE then patches, as latent diffusion video models do');
    if (absent(tokIn, 'patchSize')) {
      assume('tokenizer.patchSize', tokenizer.patchSize, method === 'LATENT'
        ? '2×2 patches on the latent (DiT, Peebles & Xie 2023)'
        : '16×16 patches (ViT, Dosovitskiy et al. 2020; the article\'s assumption two)');
    }
    if (method === 'SEED_2024') {
      for (const key of ['temporalPatchSize', 'vaeSpatialFactor', 'vaeTemporalFactor']) {
        if (!absent(tokIn, key)) ignoredInputs.push({ path: `tokenizer.${key}`, message: 'is not used by SEED_2024 tokenization (the article\'s formula) and was ignored' });
      }
    } else {
      if (method === 'PIXEL') {
        for (const key of ['vaeSpatialFactor', 'vaeTemporalFactor']) {
          if (!absent(tokIn, key)) ignoredInputs.push({ path: `tokenizer.${key}`, message: 'is not used by PIXEL tokenization (no VAE) and was ignored' });
        }
      } else {
        if (absent(tokIn, 'vaeSpatialFactor')) assume('tokenizer.vaeSpatialFactor', tokenizer.vaeSpatialFactor, '8× spatial VAE downsampling (Stable Diffusion, Open-Sora, CogVideoX)');
        if (hasVideo && absent(tokIn, 'vaeTemporalFactor')) assume('tokenizer.vaeTemporalFactor', tokenizer.vaeTemporalFactor, '4× temporal VAE compression (Open-Sora, CogVideoX)');
      }
      if (hasVideo && absent(tokIn, 'temporalPatchSize')) assume('tokenizer.temporalPatchSize', tokenizer.temporalPatchSize, 'one (latent) frame per patch in time');
    }
  }

  // --- training --------------------------------------------------------------------------------
  const trainIn = optionalObject(root.training, 'training', TRAINING_KEYS, issues);
  const epochsIn = num(trainIn, 'epochs', 'training.epochs', POSITIVE, issues);
  const attentionIn = bool(trainIn.attention, 'training.attention', issues);
  const seqIn = num(trainIn, 'sequenceLength', 'training.sequenceLength', POSITIVE_INTEGER, issues);
  if (epochsIn === null) assume('training.epochs', DEFAULTS.epochs, 'one pass over the data');
  if (attentionIn === null) {
    assume('training.attention', DEFAULTS.attention, 'dense 6·N·D rule only (Kaplan et al. 2020); set training.attention with model.layers and model.hiddenSize to add 12·L·d·T per token');
  }
  const attention = attentionIn ?? DEFAULTS.attention;
  if (attention) {
    const why = 'when training.attention is true (the 12·L·d·T term needs layers L and hidden size d)';
    if (absent(modelIn, 'layers')) add(issues, 'model.layers', `is required ${why}`);
    if (absent(modelIn, 'hiddenSize')) add(issues, 'model.hiddenSize', `is required ${why}`);
  }
  if (seqIn === null && hasText) assume('training.sequenceLength', DEFAULTS.sequenceLength, 'GPT-3\'s context of 2,048 tokens per TEXT training sequence');
  if (seqIn !== null && !hasText) ignoredInputs.push({ path: 'training.sequenceLength', message: 'only applies to TEXT sources (media sequences are one image or one clip) and was ignored' });

  // --- cluster ---------------------------------------------------------------------------------
  const clusterIn = optionalObject(root.cluster, 'cluster', CLUSTER_KEYS, issues);
  const { cluster, hardware, peakFlopsPerSecond } = resolveCluster(clusterIn, ctx, issues, assume);

  const resolved: ResolvedScenario = {
    name,
    description,
    model: { parameters: parameters ?? NaN, layers, hiddenSize },
    data,
    tokenizer,
    training: { epochs: epochsIn ?? DEFAULTS.epochs, attention, sequenceLength: seqIn ?? DEFAULTS.sequenceLength },
    cluster,
    hardware,
    peakFlopsPerSecond,
    ranges: [],
    assumptions,
    ignoredInputs,
  };

  // --- ranges (checked against the resolved values) --------------------------------------------
  resolved.ranges = resolveRanges(root.ranges, resolved, issues);

  if (issues.length > 0) throw new FlopscopeInputError(issues);
  return resolved;
}

function resolveCluster(
  c: Bag,
  ctx: CoreContext,
  issues: Issues,
  assume: (field: string, value: string | number | boolean, reason: string) => void,
): { cluster: ResolvedCluster; hardware: HardwareSpec; peakFlopsPerSecond: number } {
  let hardware: HardwareSpec | undefined;
  if (!absent(c, 'hardware') && typeof c.hardware !== 'string') {
    add(issues, 'cluster.hardware', `must be a hardware key such as ${DEFAULT_HARDWARE_KEY}, got ${describeValue(c.hardware)}`);
  } else {
    const key = (c.hardware as string | null | undefined) ?? DEFAULTS.hardware;
    hardware = findHardware(key, ctx.customHardware);
    if (!hardware) {
      add(issues, 'cluster.hardware', `unknown hardware ${JSON.stringify(key)}; valid keys: ${hardwareKeys(ctx.customHardware).join(', ')}`);
    } else if (absent(c, 'hardware')) {
      assume('cluster.hardware', key, `DESIGN default: ${hardware.name}`);
    }
  }
  const precisionIn = oneOf(c.precision, 'cluster.precision', PRECISIONS, issues);
  const precision = precisionIn ?? DEFAULTS.precision;
  if (absent(c, 'precision')) assume('cluster.precision', precision, 'mixed-precision training on tensor cores');
  let peakTflops = NaN;
  if (hardware && (precisionIn !== null || absent(c, 'precision'))) {
    const peak = hardware.peakTflops?.[precision];
    if (peak === null || peak === undefined) {
      add(issues, 'cluster.precision', `${hardware.name} (${hardware.key}) has no published ${precision} peak; choose one of ${publishedPrecisions(hardware).join(', ') || '(none published)'}`);
    } else if (!(typeof peak === 'number' && Number.isFinite(peak) && peak > 0)) {
      add(issues, 'cluster.hardware', `hardware ${hardware.key} has an invalid ${precision} peak (${describeValue(peak)} TFLOP/s); it must be a positive number`);
    } else {
      peakTflops = peak;
    }
  }
  const gpuCount = num(c, 'gpuCount', 'cluster.gpuCount', POSITIVE_INTEGER, issues);
  if (absent(c, 'gpuCount')) assume('cluster.gpuCount', DEFAULTS.gpuCount, 'DESIGN default; set cluster.gpuCount for wall-clock time');
  const utilization = num(c, 'utilization', 'cluster.utilization', UNIT_INTERVAL, issues);
  if (absent(c, 'utilization')) {
    assume('cluster.utilization', DEFAULTS.utilization, 'Epoch AI\'s MFU assumption for non-LLM models; published large runs reach 0.38–0.46');
  }
  const priceIn = num(c, 'pricePerGpuHour', 'cluster.pricePerGpuHour', POSITIVE, issues);
  let price: number | null = priceIn;
  if (absent(c, 'pricePerGpuHour') && hardware) {
    price = validCatalogFigure(hardware.pricePerGpuHour, hardware, 'pricePerGpuHour', issues);
    if (price !== null) assume('cluster.pricePerGpuHour', price, `catalog on-demand rate (${hardware.priceYear ?? 'undated'}) for ${hardware.name}: ${hardware.source}`);
  }
  const pue = num(c, 'pue', 'cluster.pue', AT_LEAST_ONE, issues);
  if (absent(c, 'pue')) assume('cluster.pue', DEFAULTS.pue, 'power usage effectiveness of a modern data centre');
  const tdpWatts = hardware ? validCatalogFigure(hardware.tdpWatts, hardware, 'tdpWatts', issues) : null;
  if (tdpWatts !== null && hardware) assume('cluster.tdpWatts', tdpWatts, `catalog TDP of ${hardware.name}: ${hardware.source}`);
  if (hardware && Number.isFinite(peakTflops)) {
    assume('cluster.peakTflops', peakTflops, `dense ${precision} peak of ${hardware.name}: ${hardware.source}`);
  }
  return {
    cluster: {
      precision,
      gpuCount: gpuCount ?? DEFAULTS.gpuCount,
      utilization: utilization ?? DEFAULTS.utilization,
      pricePerGpuHour: price,
      tdpWatts,
      pue: pue ?? DEFAULTS.pue,
    },
    hardware: hardware ?? (findHardware(DEFAULTS.hardware) as HardwareSpec),
    peakFlopsPerSecond: peakTflops * 1e12,
  };
}

/** A price or TDP from a (possibly custom) hardware entry: null, or a positive finite number. */
function validCatalogFigure(v: unknown, hw: HardwareSpec, what: string, issues: Issues): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
  add(issues, 'cluster.hardware', `hardware ${hw.key} has an invalid ${what} (${describeValue(v)}); it must be null or a positive number`);
  return null;
}

function resolveRanges(raw: unknown, r: ResolvedScenario, issues: Issues): RangeSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    add(issues, 'ranges', `must be a list of { path, low, high }, got ${describeValue(raw)}`);
    return [];
  }
  if (raw.length > MAX_RANGES) {
    add(issues, 'ranges', `must contain at most ${MAX_RANGES} ranges (2^${MAX_RANGES} corners), got ${raw.length}`);
    return [];
  }
  const out: RangeSpec[] = [];
  const seen = new Map<string, number>();
  raw.forEach((g: unknown, i: number) => {
    const p = `ranges[${i}]`;
    if (!isObject(g)) {
      add(issues, p, `must be an object { path, low, high }, got ${describeValue(g)}`);
      return;
    }
    checkKeys(g, RANGE_KEYS, p, issues);
    const field = lookupField(g.path, r, RANGEABLE_PATHS);
    if (typeof field === 'string') {
      add(issues, `${p}.path`, field);
      return;
    }
    const earlier = seen.get(field.path);
    if (earlier !== undefined) {
      add(issues, `${p}.path`, `duplicates ranges[${earlier}].path (${field.path}); give each input one range`);
      return;
    }
    seen.set(field.path, i);
    const low = num(g, 'low', `${p}.low`, field.rule, issues, `(the range's lower end: ${field.rule.text})`);
    const high = num(g, 'high', `${p}.high`, field.rule, issues, `(the range's upper end: ${field.rule.text})`);
    const value = field.get(r);
    if (field.path === 'cluster.pricePerGpuHour' && value === null) {
      add(issues, `${p}.path`, `cluster.pricePerGpuHour has no value to range around: ${r.hardware.name} has no catalog price; set cluster.pricePerGpuHour`);
      return;
    }
    if (low === null || high === null) return;
    if (low > high) {
      add(issues, `${p}.low`, `must be ≤ high (${formatNumber(high)}), got ${formatNumber(low)}`);
      return;
    }
    if (value !== null && Number.isFinite(value)) {
      if (value < low) add(issues, `${p}.low`, `must be ≤ the scenario's ${field.path} (${formatNumber(value)}), got ${formatNumber(low)}`);
      else if (value > high) add(issues, `${p}.high`, `must be ≥ the scenario's ${field.path} (${formatNumber(value)}), got ${formatNumber(high)}`);
    }
    out.push({ path: field.path, low, high });
  });
  return out;
}
