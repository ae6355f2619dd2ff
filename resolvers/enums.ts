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
registerEnumType(Visibility, { name: 'Visibility', description: 'PUBLIC libraries are readable by anyone, PRIVATE ones by their members.' });
registerEnumType(SweepScale, { name: 'SweepScale' });
registerEnumType(LibraryRole, {
  name: 'LibraryRole',
  description: 'OWNER manages members and purges; EDITOR changes scenarios and custom hardware; VIEWER reads.',
});
