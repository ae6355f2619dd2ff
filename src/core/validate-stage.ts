/**
 * One training stage of resolveScenario: its data, tokenizer, training and cluster, with their
 * defaults. A scenario without `stages` is one stage whose inputs are the scenario's own; with
 * `stages`, each stage's tokenizer, training and cluster are the scenario's, overridden field by field
 * by the stage's own, and every path names the input that set the value (docs/model.md, "Stages").
 */
import { RECOMPUTATIONS } from './architecture';
import { Assume, Bag, Issues, absent, add, bool, num, oneOf } from './checks';
import { DEFAULTS, REASONS } from './defaults';
import { POSITIVE, POSITIVE_INTEGER } from './fields';
import { formatNumber } from './format';
import { CoreContext, InputIssue, ResolvedStage, ResolvedTokenizer, TOKENIZATION_METHODS, TokenizationMethod } from './types';
import { resolveCluster } from './validate-cluster';
import { resolveSources } from './validate-data';

export const TOKENIZER_KEYS = ['method', 'patchSize', 'temporalPatchSize', 'vaeSpatialFactor', 'vaeTemporalFactor'];
export const TRAINING_KEYS = ['epochs', 'attention', 'sequenceLength', 'recomputation'];
export const CLUSTER_KEYS = ['hardware', 'precision', 'gpuCount', 'utilization', 'pricePerGpuHour', 'pue'];

export type Section = 'tokenizer' | 'training' | 'cluster';

/** What one stage is resolved from. */
export interface StageInput {
  index: number;
  name: string | null;
  /** The raw data list, and its path (`data`, or `stages[k].data`). */
  data: unknown;
  dataPath: string;
  /** The settings in force (the scenario's, overridden by the stage's), read when their turn comes so problems keep input order. */
  tokenizer: () => Bag;
  training: () => Bag;
  cluster: () => Bag;
  /** `''`, or `stages[k].`: the prefix of the stage's own inputs. */
  prefix: string;
  /** Inputs the stage sets itself (`cluster.gpuCount`). */
  own: readonly string[];
}

/** What the stage needs of the model. */
export interface StageModel {
  hasArchitecture: boolean;
  modelIn: Bag;
}

/** A stage, resolved; problems go to `issues`, defaults to `assume`, inputs without effect to `ignored`. */
export function resolveStage(s: StageInput, m: StageModel, ctx: CoreContext, issues: Issues, assume: Assume, ignored: InputIssue[]): ResolvedStage {
  const owns = (path: string): boolean => s.own.includes(path);
  const at = (section: Section, key: string): string => (owns(`${section}.${key}`) ? `${s.prefix}${section}.${key}` : `${section}.${key}`);
  /** A default that depends on other inputs (the patch on the method, the catalog figures on the hardware): the stage's when it sets one of them. */
  const derived = (section: Section, key: string, from: string[]): string =>
    [key, ...from].some((k) => owns(`${section}.${k}`)) ? `${s.prefix}${section}.${key}` : `${section}.${key}`;

  // --- tokenizer (method first: the data checks depend on it) ----------------------------------
  const tokIn = s.tokenizer();
  const methodIn = oneOf(tokIn.method, at('tokenizer', 'method'), TOKENIZATION_METHODS, issues);
  const method: TokenizationMethod = methodIn ?? DEFAULTS.method;

  // --- data ------------------------------------------------------------------------------------
  const data = resolveSources(s.data, s.dataPath, method, issues, assume, ignored);
  const hasMedia = data.some((d) => d.kind !== 'TEXT');
  const hasVideo = data.some((d) => d.kind === 'VIDEO');
  const hasText = data.some((d) => d.kind === 'TEXT');
  const bySteps = data.findIndex((d) => d.count === null);

  // --- tokenizer values ------------------------------------------------------------------------
  const tokNum = (key: string): number | null => num(tokIn, key, at('tokenizer', key), POSITIVE_INTEGER, issues);
  const tokenizer: ResolvedTokenizer = {
    method,
    patchSize: tokNum('patchSize') ?? DEFAULTS.patchSize[method],
    temporalPatchSize: tokNum('temporalPatchSize') ?? DEFAULTS.temporalPatchSize,
    vaeSpatialFactor: tokNum('vaeSpatialFactor') ?? DEFAULTS.vaeSpatialFactor,
    vaeTemporalFactor: tokNum('vaeTemporalFactor') ?? DEFAULTS.vaeTemporalFactor,
  };
  const ignore = (key: string, message: string): void => {
    if (!absent(tokIn, key)) ignored.push({ path: at('tokenizer', key), message });
  };
  if (!hasMedia) {
    for (const key of TOKENIZER_KEYS) ignore(key, 'has no effect: the scenario has no IMAGE or VIDEO source (TEXT counts are tokens already)');
  } else {
    if (methodIn === null) assume(at('tokenizer', 'method'), method, REASONS.method);
    if (absent(tokIn, 'patchSize')) {
      assume(derived('tokenizer', 'patchSize', ['method']), tokenizer.patchSize, method === 'LATENT' ? REASONS.latentPatchSize : REASONS.pixelPatchSize);
    }
    if (method === 'SEED_2024') {
      for (const key of ['temporalPatchSize', 'vaeSpatialFactor', 'vaeTemporalFactor'])
        ignore(key, "is not used by SEED_2024 tokenization (the article's formula) and was ignored");
    } else {
      if (method === 'PIXEL') {
        for (const key of ['vaeSpatialFactor', 'vaeTemporalFactor']) ignore(key, 'is not used by PIXEL tokenization (no VAE) and was ignored');
      } else {
        if (absent(tokIn, 'vaeSpatialFactor')) assume(at('tokenizer', 'vaeSpatialFactor'), tokenizer.vaeSpatialFactor, REASONS.vaeSpatialFactor);
        if (hasVideo && absent(tokIn, 'vaeTemporalFactor'))
          assume(at('tokenizer', 'vaeTemporalFactor'), tokenizer.vaeTemporalFactor, REASONS.vaeTemporalFactor);
      }
      if (hasVideo && absent(tokIn, 'temporalPatchSize')) assume(at('tokenizer', 'temporalPatchSize'), tokenizer.temporalPatchSize, REASONS.temporalPatchSize);
    }
  }

  // --- training --------------------------------------------------------------------------------
  const trainIn = s.training();
  const epochsIn = num(trainIn, 'epochs', at('training', 'epochs'), POSITIVE, issues);
  const attentionIn = bool(trainIn.attention, at('training', 'attention'), issues);
  const seqIn = num(trainIn, 'sequenceLength', at('training', 'sequenceLength'), POSITIVE_INTEGER, issues);
  const recomputationIn = oneOf(trainIn.recomputation, at('training', 'recomputation'), RECOMPUTATIONS, issues);
  // steps × batchSize are the samples seen: passes over the data are already in them.
  if (bySteps >= 0 && epochsIn !== null && epochsIn !== 1) {
    add(
      issues,
      at('training', 'epochs'),
      `is ${formatNumber(epochsIn)}, but ${s.dataPath}[${bySteps}] gives steps × batchSize, the samples seen, which already count every pass over the data; ` +
        'give the other sources’ passes in their count, or leave training.epochs out',
    );
  }
  if (epochsIn === null && bySteps < 0) assume(at('training', 'epochs'), DEFAULTS.epochs, REASONS.epochs);
  // Known architecture: the attention cores are counted unless turned off (issue 17: they dominate video).
  const { hasArchitecture, modelIn } = m;
  const attentionDefault = hasArchitecture ? DEFAULTS.attentionWithArchitecture : DEFAULTS.attention;
  if (attentionIn === null) {
    assume(at('training', 'attention'), attentionDefault, hasArchitecture ? REASONS.attentionWithArchitecture : REASONS.attention);
  }
  const attention = attentionIn ?? attentionDefault;
  const recomputation = recomputationIn ?? DEFAULTS.recomputation;
  if (absent(trainIn, 'recomputation'))
    assume(at('training', 'recomputation'), recomputation, s.prefix ? REASONS.recomputationInStages : REASONS.recomputation);
  if (recomputation === 'SELECTIVE' && !hasArchitecture && !attention) {
    ignored.push({
      path: at('training', 'recomputation'),
      message: 'SELECTIVE recomputes only the attention cores, which the 6·N·D rule counts only with training.attention; it has no effect here and was ignored',
    });
  }
  if (attention && !hasArchitecture) {
    const why = 'when training.attention is true (the 12·L·d·T term needs layers L and hidden size d)';
    if (absent(modelIn, 'layers')) add(issues, 'model.layers', `is required ${why}`);
    if (absent(modelIn, 'hiddenSize')) add(issues, 'model.hiddenSize', `is required ${why}`);
  }
  if (seqIn === null && hasText) assume(at('training', 'sequenceLength'), DEFAULTS.sequenceLength, REASONS.sequenceLength);
  if (seqIn !== null && !hasText)
    ignored.push({
      path: at('training', 'sequenceLength'),
      message: 'only applies to TEXT sources (media sequences are one image or one clip) and was ignored',
    });

  // --- cluster ---------------------------------------------------------------------------------
  const { cluster, hardware, peakFlopsPerSecond } = resolveCluster(s.cluster(), ctx, issues, assume, {
    at: (key) => at('cluster', key),
    derived: (key) => derived('cluster', key, key === 'peakTflops' ? ['hardware', 'precision'] : ['hardware']),
  });

  return {
    index: s.index,
    name: s.name,
    data,
    tokenizer,
    training: { epochs: epochsIn ?? DEFAULTS.epochs, attention, sequenceLength: seqIn ?? DEFAULTS.sequenceLength, recomputation },
    cluster,
    hardware,
    peakFlopsPerSecond,
    own: s.own,
  };
}
