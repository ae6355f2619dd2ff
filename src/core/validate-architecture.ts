/** The architecture part of resolveScenario: `model.architecture`, checked by validateArchitecture (architecture.ts). */
import { validateArchitecture } from './architecture';
import { Bag, Issues, add, isObject } from './checks';
import type { ModelArchitectureSpec } from './types';

/** The fields of `model.architecture`: the core's ArchitectureSpec but its patch, which is the tokenizer's (docs/architectures.md). */
export const ARCHITECTURE_KEYS = [
  'family',
  'layers',
  'hiddenSize',
  'heads',
  'kvHeads',
  'ffnSize',
  'gatedFfn',
  'vocabSize',
  'tiedEmbeddings',
  'latentChannels',
  'outputChannels',
  'contextTokens',
  'contextSize',
  'singleStreamLayers',
  'experts',
  'activeExperts',
  'pooledSize',
  'guidanceEmbedding',
  'classes',
] as const;
/** Fields of the core's ArchitectureSpec that a scenario sets elsewhere: the patch is the tokenizer's. */
const PATCH_KEYS: Record<string, string> = { patchSize: 'tokenizer.patchSize', temporalPatchSize: 'tokenizer.temporalPatchSize' };

/**
 * `model.architecture`: every problem validateArchitecture finds (each naming its field), and any
 * field it does not know. null unless valid; then a copy holding only its fields.
 */
export function readArchitecture(raw: unknown, issues: Issues): ModelArchitectureSpec | null {
  const path = 'model.architecture';
  if (!isObject(raw)) {
    issues.push(...validateArchitecture(raw, path));
    return null;
  }
  const before = issues.length;
  const known: Bag = {};
  for (const key of Object.keys(raw)) {
    if (raw[key] === undefined || raw[key] === null) continue;
    if ((ARCHITECTURE_KEYS as readonly string[]).includes(key)) known[key] = raw[key];
    else if (key in PATCH_KEYS) add(issues, `${path}.${key}`, `is not a field of the architecture: its patch is the tokenizer's, set ${PATCH_KEYS[key]}`);
    else add(issues, `${path}.${key}`, `is not a known field; allowed here: ${ARCHITECTURE_KEYS.join(', ')}`);
  }
  issues.push(...validateArchitecture(known, path));
  return issues.length === before ? normalised(known) : null;
}

/** Every field, in one order, null where absent: one object shape for every scenario, which the counting reads fastest. */
function normalised(a: Bag): ModelArchitectureSpec {
  const v = <T>(key: (typeof ARCHITECTURE_KEYS)[number]): T | null => (a[key] ?? null) as T | null;
  return {
    family: a.family as ModelArchitectureSpec['family'],
    layers: a.layers as number,
    hiddenSize: a.hiddenSize as number,
    heads: a.heads as number,
    kvHeads: v('kvHeads'),
    ffnSize: v('ffnSize'),
    gatedFfn: v('gatedFfn'),
    vocabSize: v('vocabSize'),
    tiedEmbeddings: v('tiedEmbeddings'),
    latentChannels: v('latentChannels'),
    outputChannels: v('outputChannels'),
    contextTokens: v('contextTokens'),
    contextSize: v('contextSize'),
    singleStreamLayers: v('singleStreamLayers'),
    experts: v('experts'),
    activeExperts: v('activeExperts'),
    pooledSize: v('pooledSize'),
    guidanceEmbedding: v('guidanceEmbedding'),
    classes: v('classes'),
  };
}
