/** Warnings: stable codes, each with a sentence a person can act on and the field it is about (docs/model.md, "Warnings"). */
import { architectureParameters } from './architecture';
import { architectureOf, chinchillaParameters } from './flops';
import { formatNumber, formatSci } from './format';
import { publishedPrecisions } from './hardware';
import { limitWarnings } from './limits';
import { CHINCHILLA_TOKENS_PER_PARAMETER } from './references';
import { stageView } from './stage-view';
import { mergeStageWarnings } from './stages';
import type { FlopsResult, ResolvedScenario, TokenResult, Warning } from './types';

/** Utilization above this exceeds every published large run (PaLM 46.2%, Llama 3.1 38–43%). */
export const PUBLISHED_UTILIZATION_CEILING = 0.6;
/** TEXT-only runs whose tokens per parameter fall outside this band are far from Chinchilla's 20. */
export const CHINCHILLA_BAND: readonly [number, number] = [5, 80];
/** A media sequence this long makes attention a large share of training compute. */
export const LONG_SEQUENCE_TOKENS = 4096;
/** A parameter count mentioned in the name or description that differs by this factor is flagged. */
export const PARAMETER_MISMATCH_FACTOR = 3;
/** model.parameters beside an architecture may differ from its count by this much (biases, norms, position tables) unflagged. */
export const ARCHITECTURE_PARAMETER_TOLERANCE = 0.05;

export const WARNING_CODES = [
  'SEED_VIDEO_RESOLUTION_IGNORED',
  'SEED_CHANNELS_COUNTED_AS_TOKENS',
  'ATTENTION_DOMINATES',
  'ATTENTION_NOT_COUNTED',
  'UTILIZATION_ABOVE_PUBLISHED',
  'FP32_PEAK_FOR_TRAINING',
  'NO_PRICE',
  'NO_TDP',
  'MORE_GPUS_THAN_SAMPLES_PER_STEP',
  'STEP_FASTER_THAN_HARDWARE',
  'MODEL_STATE_EXCEEDS_CLUSTER_MEMORY',
  'PARAMETERS_DISAGREE_WITH_ARCHITECTURE',
  'ENCODERS_DOMINATE',
  'FAR_FROM_CHINCHILLA_OPTIMAL',
  'PARAMETER_COUNT_AMBIGUOUS',
  'IGNORED_INPUT',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/**
 * Codes that are information, not a warning, unless the user asks for the advice they carry
 * (adviseWarnings): FAR_FROM_CHINCHILLA_OPTIMAL — most LLMs are trained past compute-optimal on
 * purpose (Llama: cheaper inference), so it fits only a user who aims at compute-optimal.
 */
export const INFO_CODES: readonly WarningCode[] = ['FAR_FROM_CHINCHILLA_OPTIMAL'];

function warn(code: WarningCode, message: string, field: string | null): Warning {
  return { code, severity: INFO_CODES.includes(code) ? 'INFO' : 'WARNING', message, field };
}

/** What a user asks the warnings for: `computeOptimal` — advice towards a compute-optimal (Chinchilla) model size. */
export interface WarningAdvice {
  computeOptimal?: boolean;
}

/** `warnings` as a user who asks for `advice` reads them: FAR_FROM_CHINCHILLA_OPTIMAL is a WARNING for one who wants compute-optimal advice. */
export function adviseWarnings(warnings: readonly Warning[], advice: WarningAdvice = {}): Warning[] {
  if (!advice.computeOptimal) return [...warnings];
  return warnings.map((w) => (w.code === 'FAR_FROM_CHINCHILLA_OPTIMAL' ? { ...w, severity: 'WARNING' } : w));
}

/** A parameter count written in prose: "30B", "3 billion", "30亿", "1.5 万亿", "405b". */
export interface CountMention {
  text: string;
  value: number;
}

const UNIT_VALUES: Record<string, number> = {
  万亿: 1e12,
  千亿: 1e11,
  百亿: 1e10,
  亿: 1e8,
  t: 1e12,
  trillion: 1e12,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  m: 1e6,
  million: 1e6,
};
const COUNT = /(\d+(?:\.\d+)?)\s*(万亿|千亿|百亿|亿|trillion|billion|million|bn|[TtBbMm])(?![A-Za-z])/g;
const PARAMETER_WORD = /param|参数|参数量|模型/i;
/** Words that say a count is not a parameter count ("6B images", "35M videos", "15.6T tokens"). */
const NOT_PARAMETERS =
  /^\s*(?:of\s+)?(?:tokens?|images?|videos?|clips?|frames?|pairs?|samples?|texts?|words?|hours?|gpu|flop|张|个|帧|对|条|小时|美元|\$|dollars?|usd)/i;

/**
 * Parameter counts mentioned in `text`. A B/T count ("30B", "405b") counts unless a data word follows
 * it; any count (including 亿 and M) counts when "param"/"参数"/"模型" is within a few characters.
 */
export function parameterMentions(text: string): CountMention[] {
  const out: CountMention[] = [];
  for (const m of text.matchAll(COUNT)) {
    const start = m.index ?? 0;
    const before = text.slice(Math.max(0, start - 16), start);
    const after = text.slice(start + m[0].length, start + m[0].length + 16);
    // Part of an identifier ("H100", "v5p") or an amount ("$4.4M") is not a parameter count.
    if (/[A-Za-z0-9_.]$/.test(before) || /[$¥€]\s*$/.test(before)) continue;
    if (NOT_PARAMETERS.test(after)) continue;
    const unit = m[2].toLowerCase();
    const nearParameterWord = PARAMETER_WORD.test(before) || PARAMETER_WORD.test(after.slice(0, 8));
    const sizeSuffix = unit === 'b' || unit === 'bn' || unit === 'billion' || unit === 't' || unit === 'trillion';
    if (!nearParameterWord && !sizeSuffix) continue;
    out.push({ text: m[0], value: Number(m[1]) * UNIT_VALUES[unit] });
  }
  return out;
}

/** Chinese count units (亿 = 1e8, 百亿, 千亿, 万亿): the notation the seed article's "30亿" slip came from. */
const CHINESE_UNIT = /[亿万]/;
/** A factor this close to 10 (within ±25%) is a slip of one order of magnitude, like the article's 3e9 against 3e10. */
const ORDER_OF_MAGNITUDE: readonly [number, number] = [8, 12.5];

/**
 * Whether a mismatched mention looks like the seed article's ambiguity ("30亿" = 3e9 beside "30B" =
 * 3e10): a count in Chinese units, or a factor of about 10. Only then does the warning quote it.
 */
export function articleLikeSlip(mention: CountMention, factor: number): boolean {
  return CHINESE_UNIT.test(mention.text) || (factor >= ORDER_OF_MAGNITUDE[0] && factor <= ORDER_OF_MAGNITUDE[1]);
}

/**
 * Every warning, in the order of WARNING_CODES: those of the stage (each stage's, with `stages`, each
 * reported once: mergeStageWarnings), then those of the model, then the inputs that had no effect.
 */
export function collectWarnings(r: ResolvedScenario, t: TokenResult, f: FlopsResult): Warning[] {
  const out = r.staged
    ? mergeStageWarnings(
        r,
        r.stages.map((_, k) => stageWarnings(stageView(r, k), (t.stages as TokenResult[])[k], (f.stages as FlopsResult[])[k])),
      )
    : stageWarnings(r, t, f);
  out.push(...modelWarnings(r, t, f));
  for (const ignored of r.ignoredInputs) {
    out.push(warn('IGNORED_INPUT', `${ignored.path} ${ignored.message}.`, ignored.path));
  }
  return out;
}

/** The warnings about one stage's data, tokenizer, training and cluster. */
function stageWarnings(r: ResolvedScenario, t: TokenResult, f: FlopsResult): Warning[] {
  const out: Warning[] = [];
  const c = r.cluster;
  const hw = r.hardware;
  const media = t.sources.filter((s) => s.kind !== 'TEXT');

  if (r.tokenizer.method === 'SEED_2024') {
    if (r.data.some((s) => s.kind === 'VIDEO')) {
      out.push(
        warn(
          'SEED_VIDEO_RESOLUTION_IGNORED',
          "SEED_2024 counts a clip as fps × duration × channels / p², leaving its width and height out (the article's slip): " +
            'each clip gets about as many tokens as a handful of pixels. Use tokenizer.method PIXEL or LATENT for a real count.',
          'tokenizer.method',
        ),
      );
    }
    if (media.length > 0) {
      out.push(
        warn(
          'SEED_CHANNELS_COUNTED_AS_TOKENS',
          'SEED_2024 divides H × W × C by p², so the 3 colour channels triple the token count; a ViT patch already holds all channels ' +
            '(tokens = ceil(H/p) · ceil(W/p)). Use tokenizer.method PIXEL or LATENT.',
          'tokenizer.method',
        ),
      );
    }
  }

  if (f.attention > f.dense && r.model.architecture !== null) {
    out.push(
      warn(
        'ATTENTION_DOMINATES',
        `The attention cores (QKᵀ and AV, 4·T²·d per layer forward) are ${formatNumber(f.attention / f.dense)}x everything else the architecture computes ` +
          `(${(100 * f.attentionShare).toFixed(1)}% of training FLOPs) at samples of up to ${formatNumber(Math.max(...t.sources.map((s) => s.tokensPerSequence)))} tokens. ` +
          'Shorter clips, lower fps or resolution, more VAE compression or larger patches reduce T.',
        'training.attention',
      ),
    );
  } else if (f.attention > f.dense) {
    out.push(
      warn(
        'ATTENTION_DOMINATES',
        `The attention term (12·L·d·T per token) is ${formatNumber(f.attention / f.dense)}x the dense 6·N·D term ` +
          `(${(100 * f.attentionShare).toFixed(1)}% of training FLOPs): sequences of up to ${formatNumber(Math.max(...t.sources.map((s) => s.tokensPerSequence)))} tokens are too long for the 6·N·D rule. ` +
          'Shorter clips, lower fps or resolution, more VAE compression or larger patches reduce T.',
        'training.attention',
      ),
    );
  }

  const longest = media.reduce((m, s) => Math.max(m, s.tokensPerSequence), 0);
  if (!r.training.attention && longest >= LONG_SEQUENCE_TOKENS) {
    const { layers, hiddenSize, parameters } = r.model;
    const known = layers !== null && hiddenSize !== null;
    out.push(
      warn(
        'ATTENTION_NOT_COUNTED',
        `Media sequences reach ${formatNumber(longest)} tokens, where attention (12·L·d·T per token) can rival or exceed 6·N·D, but it is not counted. ` +
          (known
            ? `With the model's ${layers} layers and hidden size ${hiddenSize} it would add about ${formatNumber((2 * (layers as number) * (hiddenSize as number) * longest) / parameters)}x the dense cost for the longest sequences; set training.attention to true.`
            : 'Give model.layers and model.hiddenSize and set training.attention to true.'),
        known ? 'training.attention' : 'model.layers',
      ),
    );
  }

  if (c.utilization > PUBLISHED_UTILIZATION_CEILING) {
    out.push(
      warn(
        'UTILIZATION_ABOVE_PUBLISHED',
        `Utilization ${c.utilization} is above any published large training run (PaLM 46.2%, Llama 3.1 405B 38–43%); ` +
          `${c.utilization === 1 ? 'assuming 100% of peak (as the article does) ' : 'this '}underestimates time and cost. Use 0.3–0.45.`,
        'cluster.utilization',
      ),
    );
  }

  if (c.precision === 'FP32') {
    const faster = publishedPrecisions(hw).filter((p) => p !== 'FP32' && p !== 'FP8');
    if (faster.length > 0) {
      const best = faster.reduce((a, b) => ((hw.peakTflops[b] ?? 0) > (hw.peakTflops[a] ?? 0) ? b : a));
      out.push(
        warn(
          'FP32_PEAK_FOR_TRAINING',
          `${hw.name} is rated at ${hw.peakTflops.FP32} TFLOP/s in FP32 but ${hw.peakTflops[best]} TFLOP/s in ${best} on its tensor cores; ` +
            `large models train in mixed precision, so FP32 overstates time ${formatNumber((hw.peakTflops[best] as number) / (hw.peakTflops.FP32 as number))}x. Set cluster.precision to ${best}.`,
          'cluster.precision',
        ),
      );
    }
  }

  if (c.pricePerGpuHour === null) {
    out.push(warn('NO_PRICE', `${hw.name} has no catalog price, so costUsd is null; set cluster.pricePerGpuHour to get a cost.`, 'cluster.pricePerGpuHour'));
  }
  if (c.tdpWatts === null) {
    out.push(
      warn(
        'NO_TDP',
        `${hw.name} has no published TDP, so energyMWh is null; use hardware with a TDP (or custom hardware with tdpWatts) for an energy figure.`,
        'cluster.hardware',
      ),
    );
  }

  for (const w of limitWarnings(r, t)) out.push(warn(w.code, w.message, w.field));
  return out;
}

/** The warnings about the model: its parameter count against its architecture, its data and its name. */
function modelWarnings(r: ResolvedScenario, t: TokenResult, f: FlopsResult): Warning[] {
  const out: Warning[] = [];
  if (r.model.architecture !== null && r.model.parametersGiven) {
    const given = r.model.parameters;
    const counted = architectureParameters(architectureOf(r)).total;
    const off = given / counted - 1;
    if (Math.abs(off) > ARCHITECTURE_PARAMETER_TOLERANCE) {
      out.push(
        warn(
          'PARAMETERS_DISAGREE_WITH_ARCHITECTURE',
          `model.parameters is ${formatSci(given)} but model.architecture counts ${formatSci(counted)} parameters (${counted.toLocaleString('en-US')}): ` +
            `${(100 * Math.abs(off)).toFixed(1)}% ${off > 0 ? 'more' : 'fewer'}, beyond the ${100 * ARCHITECTURE_PARAMETER_TOLERANCE}% that biases, norms and position tables explain. ` +
            "The FLOPs are counted from the architecture; check its fields, or leave model.parameters out to use the architecture's count.",
          'model.parameters',
        ),
      );
    }
  }

  // Frozen encoders that cost more than the training they feed: usually a sign they should be precomputed.
  const model = f.total - f.encoders;
  if (f.encoders > model) {
    const running = r.model.encoders.filter((e) => !e.precomputed).map((e) => e.name);
    out.push(
      warn(
        'ENCODERS_DOMINATE',
        `The frozen encoders' forward passes (${running.join(', ')}: ${formatSci(f.encoders)} FLOPs, ${(100 * (f.encoders / f.total)).toFixed(1)}% of training FLOPs) ` +
          `are ${formatNumber(f.encoders / model)}x the model's own training FLOPs, because they run again on every sample seen. ` +
          'Runs usually compute text embeddings and latents once, before training (PixArt-α, Open-Sora): mark those encoders precomputed: true.',
        'model.encoders',
      ),
    );
  }

  // Tokens seen: each stage's tokens times its epochs.
  const seen = r.staged ? r.stages.reduce((sum, st, k) => sum + (t.stages as TokenResult[])[k].total * st.training.epochs, 0) : t.total * r.training.epochs;
  if (t.sources.every((s) => s.kind === 'TEXT')) {
    const ratio = seen / r.model.parameters;
    const [lo, hi] = CHINCHILLA_BAND;
    if (!(ratio >= lo && ratio <= hi)) {
      const optimalN = chinchillaParameters(f.total);
      out.push(
        warn(
          'FAR_FROM_CHINCHILLA_OPTIMAL',
          `${Number.isFinite(ratio) ? formatNumber(ratio) : 'Far more than 1e308'} training tokens per parameter, against the compute-optimal ${CHINCHILLA_TOKENS_PER_PARAMETER} (Hoffmann et al. 2022): ` +
            `the same compute would be best spent on about ${formatSci(optimalN)} parameters and ${formatSci(CHINCHILLA_TOKENS_PER_PARAMETER * optimalN)} tokens.`,
          'model.parameters',
        ),
      );
    }
  }

  for (const [field, value] of [
    ['name', r.name],
    ['description', r.description],
  ] as const) {
    if (!value) continue;
    const off = parameterMentions(value).find((m) => {
      const ratio = m.value / r.model.parameters;
      return ratio >= PARAMETER_MISMATCH_FACTOR || ratio <= 1 / PARAMETER_MISMATCH_FACTOR;
    });
    if (off) {
      const factor = Math.max(off.value / r.model.parameters, r.model.parameters / off.value);
      out.push(
        warn(
          'PARAMETER_COUNT_AMBIGUOUS',
          `The ${field} mentions "${off.text}" (${formatSci(off.value)} parameters) but model.parameters is ${formatSci(r.model.parameters)}, ` +
            `${formatNumber(factor)}x apart` +
            (articleLikeSlip(off, factor) ? ' — the seed article writes both "30亿" (3e9) and "30B" (3e10).' : '.') +
            ' Check which is meant.',
          'model.parameters',
        ),
      );
      break;
    }
  }
  return out;
}
