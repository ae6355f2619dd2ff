/** Every warning code: triggered where it should be, absent where it should not, with its field. */
import { ScenarioSpec, WARNING_CODES, adviseWarnings, estimate, parameterMentions } from '../../src/core';

const TEXT_RUN: ScenarioSpec = {
  model: { parameters: 1e9 },
  data: [{ kind: 'TEXT', count: 20e9 }], // 20 tokens per parameter: Chinchilla-optimal
  cluster: { hardware: 'h100-sxm', precision: 'BF16', utilization: 0.4 },
};
const IMAGES: ScenarioSpec = {
  model: { parameters: 1e9 },
  data: [{ kind: 'IMAGE', count: 1e6, width: 256, height: 256 }],
};
const VIDEO: ScenarioSpec = {
  model: { parameters: 1e9 },
  data: [{ kind: 'VIDEO', count: 1e3, width: 256, height: 256, durationSeconds: 2, fps: 8 }],
};

const warningsOf = (s: ScenarioSpec) => estimate(s).warnings;
const codesOf = (s: ScenarioSpec) => warningsOf(s).map((w) => w.code);
const find = (s: ScenarioSpec, code: string) => warningsOf(s).find((w) => w.code === code);

describe('a clean scenario has no warnings', () => {
  it.each([
    ['a Chinchilla-optimal text run', TEXT_RUN],
    ['a small latent image run', IMAGES],
    ['a short latent video run', VIDEO],
  ])('%s', (_n, s) => {
    expect(codesOf(s)).toEqual([]);
  });
});

describe('SEED_VIDEO_RESOLUTION_IGNORED and SEED_CHANNELS_COUNTED_AS_TOKENS', () => {
  it('both fire for SEED_2024 with video', () => {
    const w = find({ ...VIDEO, tokenizer: { method: 'SEED_2024' } }, 'SEED_VIDEO_RESOLUTION_IGNORED');
    expect(w).toMatchObject({ field: 'tokenizer.method' });
    expect(w?.message).toMatch(/PIXEL or LATENT/);
    expect(codesOf({ ...VIDEO, tokenizer: { method: 'SEED_2024' } })).toContain('SEED_CHANNELS_COUNTED_AS_TOKENS');
  });
  it('only the channels one fires for SEED_2024 images', () => {
    const codes = codesOf({ ...IMAGES, tokenizer: { method: 'SEED_2024' } });
    expect(codes).toContain('SEED_CHANNELS_COUNTED_AS_TOKENS');
    expect(codes).not.toContain('SEED_VIDEO_RESOLUTION_IGNORED');
  });
  it('neither fires for PIXEL or LATENT', () => {
    for (const method of ['PIXEL', 'LATENT'] as const) {
      expect(codesOf({ ...VIDEO, tokenizer: { method } })).not.toEqual(expect.arrayContaining(['SEED_CHANNELS_COUNTED_AS_TOKENS']));
      expect(codesOf({ ...VIDEO, tokenizer: { method } })).not.toContain('SEED_VIDEO_RESOLUTION_IGNORED');
    }
  });
});

describe('ATTENTION_DOMINATES and ATTENTION_NOT_COUNTED', () => {
  // 1024×1024 PIXEL images: 64 × 64 = 4,096 tokens per sequence (the LONG_SEQUENCE_TOKENS threshold)
  const long: ScenarioSpec = { ...IMAGES, data: [{ kind: 'IMAGE', count: 1e6, width: 1024, height: 1024 }], tokenizer: { method: 'PIXEL' } };

  it('DOMINATES fires when 12·L·d·T exceeds 6·N', () => {
    // per token: 12 × 48 × 4096 × 4096 = 9.66e9 > 6 × 1e9 → 1.611x
    const w = find({ ...long, model: { parameters: 1e9, layers: 48, hiddenSize: 4096 }, training: { attention: true } }, 'ATTENTION_DOMINATES');
    expect(w?.field).toBe('training.attention');
    expect(w?.message).toMatch(/1\.611x the dense/);
  });
  it('DOMINATES does not fire when attention is a minority', () => {
    // 12 × 2 × 256 × 4096 = 2.5e7 < 6e9
    expect(codesOf({ ...long, model: { parameters: 1e9, layers: 2, hiddenSize: 256 }, training: { attention: true } })).not.toContain('ATTENTION_DOMINATES');
  });
  it('NOT_COUNTED asks for layers and hiddenSize when they are unknown', () => {
    const w = find(long, 'ATTENTION_NOT_COUNTED');
    expect(w?.field).toBe('model.layers');
    expect(w?.message).toMatch(/4,096 tokens.*model.layers and model.hiddenSize.*training.attention/);
  });
  it('NOT_COUNTED quantifies the term when the shape is known', () => {
    // 2 × 24 × 2048 × 4096 / 1e9 = 0.4027x
    const w = find({ ...long, model: { parameters: 1e9, layers: 24, hiddenSize: 2048 } }, 'ATTENTION_NOT_COUNTED');
    expect(w?.field).toBe('training.attention');
    expect(w?.message).toMatch(/0\.4027x/);
  });
  it('NOT_COUNTED stays quiet for short sequences, text, or when attention is on', () => {
    expect(codesOf(IMAGES)).not.toContain('ATTENTION_NOT_COUNTED'); // 256×256 latent: 16 × 16 = 256 tokens
    expect(codesOf({ ...TEXT_RUN, training: { sequenceLength: 32768 } })).not.toContain('ATTENTION_NOT_COUNTED');
    expect(codesOf({ ...long, model: { parameters: 1e9, layers: 2, hiddenSize: 256 }, training: { attention: true } })).not.toContain('ATTENTION_NOT_COUNTED');
  });
});

describe('UTILIZATION_ABOVE_PUBLISHED', () => {
  it('fires above 0.6', () => {
    expect(find({ ...TEXT_RUN, cluster: { utilization: 0.61 } }, 'UTILIZATION_ABOVE_PUBLISHED')?.field).toBe('cluster.utilization');
  });
  it('does not fire at 0.6', () => {
    expect(codesOf({ ...TEXT_RUN, cluster: { utilization: 0.6 } })).not.toContain('UTILIZATION_ABOVE_PUBLISHED');
  });
});

describe('FP32_PEAK_FOR_TRAINING', () => {
  it('fires on a device with a faster tensor-core precision, naming it', () => {
    const w = find({ ...TEXT_RUN, cluster: { hardware: 'h100-sxm', precision: 'FP32' } }, 'FP32_PEAK_FOR_TRAINING');
    expect(w?.field).toBe('cluster.precision');
    expect(w?.message).toMatch(/66.9 TFLOP\/s in FP32 but 989.4 TFLOP\/s in BF16/);
  });
  it('does not fire for BF16, TF32 or FP8', () => {
    for (const precision of ['BF16', 'TF32', 'FP8'] as const) {
      expect(codesOf({ ...TEXT_RUN, cluster: { hardware: 'h100-sxm', precision } })).not.toContain('FP32_PEAK_FOR_TRAINING');
    }
  });
});

describe('NO_PRICE and NO_TDP', () => {
  it('NO_PRICE when the device has no price and none is given; cost is null', () => {
    const e = estimate({ ...TEXT_RUN, cluster: { hardware: 'gb200' } });
    expect(e.cluster.costUsd).toBeNull();
    expect(e.warnings.find((w) => w.code === 'NO_PRICE')?.field).toBe('cluster.pricePerGpuHour');
    expect(e.warnings.map((w) => w.code)).not.toContain('NO_TDP');
  });
  it('a given price silences NO_PRICE', () => {
    const e = estimate({ ...TEXT_RUN, cluster: { hardware: 'gb200', pricePerGpuHour: 6 } });
    expect(e.cluster.costUsd).not.toBeNull();
    expect(e.warnings.map((w) => w.code)).not.toContain('NO_PRICE');
  });
  it('NO_TDP when the device has no TDP; energy is null', () => {
    const e = estimate({ ...TEXT_RUN, cluster: { hardware: 'tpu-v5p', pricePerGpuHour: 4 } });
    expect(e.cluster.energyMWh).toBeNull();
    expect(e.warnings.map((w) => w.code)).toEqual(['NO_TDP']);
  });
});

describe('FAR_FROM_CHINCHILLA_OPTIMAL', () => {
  it('fires for a text run far below 20 tokens per parameter, saying the ratio and 20', () => {
    // GPT-3: 300e9 / 175e9 = 1.714 tokens per parameter
    const w = find({ model: { parameters: 175e9 }, data: [{ kind: 'TEXT', count: 300e9 }] }, 'FAR_FROM_CHINCHILLA_OPTIMAL');
    expect(w?.field).toBe('model.parameters');
    expect(w?.message).toMatch(/^1\.714 training tokens per parameter, against the compute-optimal 20/);
  });
  it('fires far above (counting epochs)', () => {
    // 20e9 tokens × 5 epochs / 1e8 parameters = 1,000
    expect(find({ ...TEXT_RUN, model: { parameters: 1e8 }, training: { epochs: 5 } }, 'FAR_FROM_CHINCHILLA_OPTIMAL')?.message).toMatch(
      /^1,000 training tokens/,
    );
  });
  it('is information, not a warning, unless compute-optimal advice is asked for', () => {
    // Llama 3 8B style: 15e12 tokens on 8e9 parameters, 1,875 per parameter, over-trained on purpose
    const llama = estimate({ model: { parameters: 8e9 }, data: [{ kind: 'TEXT', count: 15e12 }], cluster: { hardware: 'h100-sxm' } }).warnings;
    expect(llama.find((w) => w.code === 'FAR_FROM_CHINCHILLA_OPTIMAL')?.severity).toBe('INFO');
    expect(adviseWarnings(llama, { computeOptimal: true }).find((w) => w.code === 'FAR_FROM_CHINCHILLA_OPTIMAL')?.severity).toBe('WARNING');
    expect(adviseWarnings(llama).map((w) => w.severity)).toEqual(llama.map((w) => w.severity));
    // every other code stays a warning
    expect(warningsOf({ ...VIDEO, tokenizer: { method: 'SEED_2024' } }).every((w) => w.severity === 'WARNING')).toBe(true);
  });
  it('does not fire inside [5, 80], nor for media scenarios', () => {
    expect(codesOf({ ...TEXT_RUN, data: [{ kind: 'TEXT', count: 5e9 }] })).not.toContain('FAR_FROM_CHINCHILLA_OPTIMAL');
    expect(codesOf({ ...TEXT_RUN, data: [{ kind: 'TEXT', count: 80e9 }] })).not.toContain('FAR_FROM_CHINCHILLA_OPTIMAL');
    expect(codesOf({ ...IMAGES, model: { parameters: 1e12 } })).not.toContain('FAR_FROM_CHINCHILLA_OPTIMAL');
  });
});

describe('PARAMETER_COUNT_AMBIGUOUS', () => {
  it("fires when the description says 30B and parameters are 3e9 (the seed article's slip)", () => {
    const w = find({ ...IMAGES, model: { parameters: 3e9 }, description: 'Sora 模型参数为 30B' }, 'PARAMETER_COUNT_AMBIGUOUS');
    expect(w?.field).toBe('model.parameters');
    expect(w?.message).toMatch(/"30B" \(3e10 parameters\) but model.parameters is 3e9, 10x apart/);
  });
  it('fires when the name says 30亿 and parameters are 30e9', () => {
    expect(find({ ...IMAGES, model: { parameters: 30e9 }, name: 'Sora 参数量 30亿' }, 'PARAMETER_COUNT_AMBIGUOUS')?.message).toMatch(
      /"30亿" \(3e9 parameters\)/,
    );
  });
  it("quotes the article's 30亿/30B only where the mismatch looks like it: a factor near 10, or Chinese units", () => {
    const article = /seed article writes both "30亿" \(3e9\) and "30B" \(3e10\)/;
    // a GPT-3-derived scenario that names the 13B model it started from: 13.5x apart, no Chinese units
    const gpt3 = find(
      { model: { parameters: 175e9 }, data: [{ kind: 'TEXT', count: 300e9 }], name: 'GPT-3 175B, tuned from a 13B run' },
      'PARAMETER_COUNT_AMBIGUOUS',
    );
    expect(gpt3?.message).toMatch(/"13B" \(1\.3e10 parameters\) but model.parameters is 1\.75e11, 13\.46x apart\. Check which is meant\.$/);
    expect(gpt3?.message).not.toMatch(/30亿|seed article/);
    expect(find({ ...IMAGES, model: { parameters: 1e9 }, description: 'a 70B model' }, 'PARAMETER_COUNT_AMBIGUOUS')?.message).not.toMatch(article);
    // 10x apart, or written in 亿: the article's kind of slip
    expect(find({ ...IMAGES, model: { parameters: 7e9 }, name: 'a 70B model' }, 'PARAMETER_COUNT_AMBIGUOUS')?.message).toMatch(article);
    expect(find({ ...IMAGES, model: { parameters: 1e9 }, name: '模型参数 300亿' }, 'PARAMETER_COUNT_AMBIGUOUS')?.message).toMatch(article);
  });
  it('is quiet when the mention agrees, or is not a parameter count', () => {
    expect(codesOf({ ...IMAGES, model: { parameters: 3e9 }, name: 'DiT-3B', description: '参数量大概在 30 亿' })).not.toContain('PARAMETER_COUNT_AMBIGUOUS');
    expect(
      codesOf({ ...IMAGES, model: { parameters: 3e9 }, description: 'Trained on 6B images and 35M videos on H100s for $4.4M; 60 亿张图片' }),
    ).not.toContain('PARAMETER_COUNT_AMBIGUOUS');
  });
  it('reads counts in several notations', () => {
    expect(parameterMentions('a 1.5B model; 7b; 405B params; 30亿参数; 1.2 trillion parameters; 175 million params').map((m) => m.value)).toEqual([
      1.5e9, 7e9, 405e9, 3e9, 1.2e12, 175e6,
    ]);
    expect(parameterMentions('15.6T tokens, 35M clips, H100, v5p, $4.4M, 8.2x')).toEqual([]);
    // "8x7B" is a mixture of 8 experts of 7B each, not a 7B model
    expect(parameterMentions('Mixtral 8x7B, Llama-3.1-405B').map((m) => m.value)).toEqual([405e9]);
  });
});

describe('IGNORED_INPUT', () => {
  it('names inputs that have no effect', () => {
    const e = estimate({
      ...TEXT_RUN,
      data: [{ kind: 'TEXT', count: 20e9, width: 100 }],
      tokenizer: { method: 'PIXEL' },
    });
    expect(e.warnings.filter((w) => w.code === 'IGNORED_INPUT').map((w) => w.field)).toEqual(['data[0].width', 'tokenizer.method']);
  });
  it('flags VAE factors under PIXEL and channels outside SEED_2024', () => {
    const e = estimate({
      ...IMAGES,
      data: [{ kind: 'IMAGE', count: 1, width: 64, height: 64, channels: 3 }],
      tokenizer: { method: 'PIXEL', vaeSpatialFactor: 8 },
    });
    expect(e.warnings.filter((w) => w.code === 'IGNORED_INPUT').map((w) => w.field)).toEqual(['data[0].channels', 'tokenizer.vaeSpatialFactor']);
  });
});

describe('warning codes', () => {
  it('are stable SCREAMING_SNAKE_CASE, and each message is a sentence', () => {
    for (const code of WARNING_CODES) expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    const all = [
      ...warningsOf({ ...VIDEO, tokenizer: { method: 'SEED_2024' }, cluster: { hardware: 'tpu-v4', utilization: 0.9 }, description: '30B params' }),
      ...warningsOf({ model: { parameters: 1e12 }, data: [{ kind: 'TEXT', count: 1e9 }], cluster: { precision: 'FP32' } }),
    ];
    for (const w of all) {
      expect(WARNING_CODES).toContain(w.code);
      expect(w.message).toMatch(/^[A-Z0-9"].*[.)]$/s);
    }
  });
});
