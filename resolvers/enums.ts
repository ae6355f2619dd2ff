import { registerEnumType } from 'type-graphql';

export enum DataKind {
  IMAGE = 'IMAGE',
  VIDEO = 'VIDEO',
  TEXT = 'TEXT',
}
export enum TokenizationMethod {
  SEED_2024 = 'SEED_2024',
  PIXEL = 'PIXEL',
  LATENT = 'LATENT',
}
export enum Precision {
  FP32 = 'FP32',
  TF32 = 'TF32',
  BF16 = 'BF16',
  FP16 = 'FP16',
  FP8 = 'FP8',
}
export enum ArchitectureFamily {
  DECODER = 'DECODER',
  DIT = 'DIT',
  CROSS_DIT = 'CROSS_DIT',
  MMDIT = 'MMDIT',
}
export enum Recomputation {
  NONE = 'NONE',
  SELECTIVE = 'SELECTIVE',
  FULL = 'FULL',
}
/** GraphQL names over the core's component names (src/core/types.ts FLOPS_COMPONENTS). */
export enum FlopsComponent {
  LINEAR = 'linear',
  ATTENTION = 'attention',
  CROSS_ATTENTION = 'crossAttention',
  CONTEXT = 'context',
  CONDITIONING = 'conditioning',
  EMBEDDINGS = 'embeddings',
  ENCODERS = 'encoders',
}
export enum Visibility {
  PRIVATE = 'PRIVATE',
  PUBLIC = 'PUBLIC',
}
export enum SweepScale {
  LINEAR = 'LINEAR',
  LOG = 'LOG',
}
export enum LibraryRole {
  OWNER = 'OWNER',
  EDITOR = 'EDITOR',
  VIEWER = 'VIEWER',
}
export enum ImportDuplicates {
  SKIP = 'SKIP',
  COPY = 'COPY',
}
export enum WarningSeverity {
  INFO = 'INFO',
  WARNING = 'WARNING',
}

registerEnumType(DataKind, { name: 'DataKind', description: 'IMAGE and VIDEO count items; TEXT counts tokens.' });
registerEnumType(TokenizationMethod, {
  name: 'TokenizationMethod',
  description: 'How media become tokens.',
  valuesConfig: {
    SEED_2024: { description: 'The 2024 Sora article, bug for bug: pixels·channels/p², video resolution left out.' },
    PIXEL: { description: 'ViT patches of p×p pixels per frame (Dosovitskiy et al. 2020), partial patches padded.' },
    LATENT: { description: 'A VAE compresses first (8x spatial, 4x temporal by default), then p×p latent patches (DiT, Peebles & Xie 2023).' },
  },
});
registerEnumType(Precision, { name: 'Precision', description: 'Arithmetic precision; the catalog gives dense (not 2:4-sparse) peak figures per precision.' });
registerEnumType(ArchitectureFamily, {
  name: 'ArchitectureFamily',
  description: 'The transformer an architecture describes (docs/architectures.md).',
  valuesConfig: {
    DECODER: { description: 'A GPT/Llama decoder: GQA, optional SwiGLU and MoE, embeddings and logits, causal (Touvron et al. 2023, arXiv:2307.09288).' },
    DIT: {
      description: 'An adaLN-Zero DiT: patch embedding, a d×6d modulation per block run once per sample, final layer (Peebles & Xie 2023, arXiv:2212.09748).',
    },
    CROSS_DIT: {
      description:
        'A DiT block with cross-attention to contextTokens text tokens of width contextSize, adaLN-single (PixArt-α, Chen et al. 2023, arXiv:2310.00426; Wan).',
    },
    MMDIT: {
      description:
        'layers blocks, the last singleStreamLayers of them single-stream, joint attention over sample and text tokens (SD3, Esser et al. 2024, arXiv:2403.03206; Flux).',
    },
  },
});
registerEnumType(Recomputation, {
  name: 'Recomputation',
  description: 'Activation recomputation: adds to hardware FLOPs (and time), never to model FLOPs (docs/model.md, "Recomputation").',
  valuesConfig: {
    NONE: { description: 'Nothing recomputed: hardwareFlops = flops.' },
    SELECTIVE: {
      description:
        'The attention cores run forward again (Korthikanti et al. 2022, arXiv:2205.05198): + their forward; 6·N·D path: + attentionFlops / 3, nothing without the attention term.',
    },
    FULL: {
      description:
        'Every transformer block runs forward again (Narayanan et al. 2021, arXiv:2104.04473, §5.1): + the blocks’ forward; 6·N·D path: hardwareFlops = flops · 4/3.',
    },
  },
});
registerEnumType(FlopsComponent, {
  name: 'FlopsComponent',
  description: 'A part of the training FLOPs (docs/architectures.md, "Forward FLOPs per sample").',
  valuesConfig: {
    LINEAR: { description: 'Matmuls of the blocks over the sample tokens (QKV, output projection, FFN, router); the 6·N·D path: all of 6·N·D.' },
    ATTENTION: { description: 'Self or joint attention cores, QKᵀ and AV: 4·N²·d per layer forward; the 6·N·D path: 12·L·d·T per token.' },
    CROSS_ATTENTION: { description: 'CROSS_DIT: Q and output projections over the sample tokens, K and V over the text tokens, and the core 4·T·Tc·d.' },
    CONTEXT: { description: 'Matmuls over text tokens: the MM-DiT text stream and text tokens in single-stream blocks, text embedders.' },
    CONDITIONING: { description: 'Once per sample: adaLN modulation, timestep, guidance and pooled-text MLPs.' },
    EMBEDDINGS: { description: 'Patch embedding and final layer, or the logits (an embedding lookup is not a matmul).' },
    ENCODERS: {
      description:
        'The frozen encoders’ forward passes (model.encoders): forward per sample of each source × its samples seen, no backward; listed only when the model has encoders (0 when all are precomputed).',
    },
  },
});
registerEnumType(Visibility, { name: 'Visibility', description: 'PUBLIC libraries are readable by anyone, PRIVATE ones by their members.' });
registerEnumType(SweepScale, { name: 'SweepScale' });
registerEnumType(LibraryRole, {
  name: 'LibraryRole',
  description: 'OWNER manages members and purges; EDITOR changes scenarios and custom hardware; VIEWER reads.',
});
registerEnumType(ImportDuplicates, {
  name: 'ImportDuplicates',
  description: 'What importLibrary does with a scenario the library already holds live with the same name and the same input.',
  valuesConfig: { SKIP: { description: 'Leave it out (counted in ImportResult.skipped).' }, COPY: { description: 'Create it anyway, as a copy.' } },
});
registerEnumType(WarningSeverity, {
  name: 'WarningSeverity',
  valuesConfig: {
    INFO: { description: 'Worth knowing, nothing to fix: a deliberate choice may explain it (e.g. an LLM trained past Chinchilla-optimal).' },
    WARNING: { description: 'Likely undermines the answer, or asked-for advice: check the field.' },
  },
});

export enum ScenarioOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  FLOPS = 'FLOPS',
  COST_USD = 'COST_USD',
  WALL_CLOCK_DAYS = 'WALL_CLOCK_DAYS',
  GPU_DAYS = 'GPU_DAYS',
  RATIO_VS_GPT3 = 'RATIO_VS_GPT3',
}
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(ScenarioOrderField, {
  name: 'ScenarioOrderField',
  description:
    "What a list of scenarios is ordered by. The estimate's figures (FLOPS … RATIO_VS_GPT3) order by the scenario's summary, computed when it was saved " +
    '(or rebuilt since, in the background, after a new version of the core or a change of its hardware): a scenario that does not estimate sorts last in either direction. ' +
    'RATIO_VS_GPT3 is FLOPs over a constant, so it orders as FLOPS does. Ties go by id.',
});
registerEnumType(OrderDirection, { name: 'OrderDirection', description: 'ASC (the default) or DESC.' });
