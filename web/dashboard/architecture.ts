/**
 * The architecture fields as the form shows them: which family uses each one, and its default as
 * the placeholder. The rules mirror the core's validateArchitecture (src/core/architecture.ts,
 * docs/architectures.md, "The architecture"): a field of another family is refused there, so the
 * form drops it when the family changes.
 */
import { defaultFfnSize } from '../../src/core/architecture';
import type { ArchitectureFamily, ArchitectureInput, FlopsComponent, Issue, ScenarioInput } from './api';

export const FAMILIES: { value: ArchitectureFamily; label: string }[] = [
  // Short enough for a phone's select (about 40 characters).
  { value: 'DIT', label: 'DIT: adaLN-Zero DiT (DiT-XL/2)' },
  { value: 'CROSS_DIT', label: 'CROSS_DIT: cross-attention (PixArt, Wan)' },
  { value: 'MMDIT', label: 'MMDIT: joint attention (SD3, Flux)' },
  { value: 'DECODER', label: 'DECODER: GPT/Llama text decoder' },
];

const ALL: ArchitectureFamily[] = ['DECODER', 'DIT', 'CROSS_DIT', 'MMDIT'];
const DIFFUSION: ArchitectureFamily[] = ['DIT', 'CROSS_DIT', 'MMDIT'];
const TEXT: ArchitectureFamily[] = ['CROSS_DIT', 'MMDIT'];

type NumberKey = { [K in keyof ArchitectureInput]-?: ArchitectureInput[K] extends number | undefined ? K : never }[keyof ArchitectureInput];
type FlagKey = { [K in keyof ArchitectureInput]-?: ArchitectureInput[K] extends boolean | undefined ? K : never }[keyof ArchitectureInput];

export interface ArchitectureNumberField {
  key: NumberKey;
  label: string;
  families: ArchitectureFamily[];
  required?: ArchitectureFamily[];
  /** The placeholder: the default the API uses when the field is left empty. */
  placeholder(a: ArchitectureInput): string;
}

export interface ArchitectureFlagField {
  key: FlagKey;
  label: string;
  families: ArchitectureFamily[];
}

const required = () => 'required';

/** In the order the form shows them: the required shape first, then the optional parts. */
export const NUMBER_FIELDS: ArchitectureNumberField[] = [
  { key: 'layers', label: 'Layers L', families: ALL, required: ALL, placeholder: required },
  { key: 'hiddenSize', label: 'Hidden size d', families: ALL, required: ALL, placeholder: required },
  { key: 'heads', label: 'Attention heads', families: ALL, required: ALL, placeholder: required },
  { key: 'vocabSize', label: 'Vocabulary', families: ['DECODER'], required: ['DECODER'], placeholder: required },
  { key: 'contextTokens', label: 'Text tokens per sample', families: TEXT, required: TEXT, placeholder: required },
  { key: 'contextSize', label: 'Text width (T5-XXL 4096)', families: TEXT, required: TEXT, placeholder: required },
  { key: 'singleStreamLayers', label: 'Single-stream layers', families: ['MMDIT'], placeholder: () => '0' },
  { key: 'kvHeads', label: 'KV heads (GQA)', families: ALL, placeholder: (a) => (a.heads ? `${a.heads} (= heads)` : '= heads') },
  {
    key: 'ffnSize',
    label: 'FFN width',
    families: ALL,
    placeholder: (a) => (a.hiddenSize ? String(defaultFfnSize(a.hiddenSize, !!a.gatedFfn)) : a.gatedFfn ? '≈ 8d/3' : '4·d'),
  },
  { key: 'latentChannels', label: 'Latent channels', families: DIFFUSION, placeholder: () => '4' },
  { key: 'outputChannels', label: 'Output channels', families: DIFFUSION, placeholder: (a) => String(a.latentChannels ?? 4) },
  { key: 'classes', label: 'Class labels', families: DIFFUSION, placeholder: () => 'none' },
  { key: 'pooledSize', label: 'Pooled text width', families: DIFFUSION, placeholder: () => 'none' },
  { key: 'experts', label: 'Experts (MoE)', families: ALL, placeholder: () => 'none (dense)' },
  { key: 'activeExperts', label: 'Active experts', families: ALL, placeholder: (a) => (a.experts ? 'required with experts' : 'with experts') },
];

export const FLAG_FIELDS: ArchitectureFlagField[] = [
  { key: 'gatedFfn', label: 'Gated FFN (SwiGLU)', families: ALL },
  { key: 'tiedEmbeddings', label: 'Logits tied to the input embedding', families: ['DECODER'] },
  { key: 'guidanceEmbedding', label: 'Guidance-scale embedding', families: DIFFUSION },
];

/** The architecture kept to the fields `family` uses (the API refuses the others). */
export function withFamily(a: ArchitectureInput, family: ArchitectureFamily): ArchitectureInput {
  const out: ArchitectureInput = { ...a, family };
  for (const f of [...NUMBER_FIELDS, ...FLAG_FIELDS]) if (!f.families.includes(family)) delete out[f.key];
  return out;
}

/**
 * The fields ArchitectureInput requires by type (layers, hiddenSize, heads): without one the API
 * refuses the whole request before it looks at the rest, so the form says it first, as the API
 * would ("is required for DIT architectures"), and the page does not ask for an estimate.
 */
export function missingArchitectureFields(input: ScenarioInput): Issue[] {
  const a = input.model?.architecture;
  if (!a) return [];
  return (['layers', 'hiddenSize', 'heads'] as const)
    .filter((k) => a[k] === undefined)
    .map((k) => ({ path: `model.architecture.${k}`, message: `is required for ${a.family} architectures` }));
}

/** The family a scenario most likely means: a decoder for text only, else a DiT. */
export function guessFamily(input: ScenarioInput): ArchitectureFamily {
  const sources = input.stages ? input.stages.flatMap((st) => st.data) : (input.data ?? []);
  return sources.length && sources.every((s) => s.kind === 'TEXT') ? 'DECODER' : 'DIT';
}

/** The FLOPs components in words, for the breakdown (schema.graphql, enum FlopsComponent). */
export function componentLabel(c: FlopsComponent, family: ArchitectureFamily | null): { name: string; detail: string } {
  switch (c) {
    case 'LINEAR':
      if (!family) return { name: '6·N·D', detail: 'every parameter on every token' };
      return { name: 'Linear layers', detail: family === 'DECODER' ? 'QKV, projections and FFN' : 'QKV, projections and FFN over the sample tokens' };
    case 'ATTENTION':
      return family ? { name: 'Attention', detail: 'the QKᵀ and AV cores, 4·N²·d per layer' } : { name: 'Attention', detail: '12·L·d·T per token' };
    case 'CROSS_ATTENTION':
      return { name: 'Cross-attention', detail: 'to the text tokens' };
    case 'CONTEXT':
      return { name: 'Text tokens', detail: 'the text stream and text embedders' };
    case 'CONDITIONING':
      return { name: 'Conditioning', detail: 'adaLN modulation, timestep and other MLPs, once per sample' };
    case 'EMBEDDINGS':
      return family === 'DECODER' ? { name: 'Logits', detail: 'the output embedding' } : { name: 'Embeddings', detail: 'patch embedding and final layer' };
    case 'ENCODERS':
      return { name: 'Frozen encoders', detail: 'forward only, on every training sample; precomputed ones add 0' };
  }
}
