/** The presets the service seeds into its public "examples" library. */
import { GPT3_FLOPS, PRESETS, estimate, findPreset } from '../../src/core';
import { expectClose } from './helpers';

const run = (key: string) => estimate(findPreset(key)!.input);
const codes = (key: string) => run(key).warnings.map((w) => w.code);

describe('presets', () => {
  it('are the six scenarios of the issue, each valid, named, described and tagged', () => {
    expect(PRESETS.map((p) => p.key)).toEqual(['sora-2024', 'sora-2024-pixel', 'sora-2024-latent', 'sora-2024-30b', 'gpt-3', 'llama-3.1-405b-h100']);
    for (const p of PRESETS) {
      expect(() => estimate(p.input)).not.toThrow();
      expect(p.name.length).toBeLessThanOrEqual(200);
      expect(p.description.length).toBeGreaterThan(100);
      expect(p.description.length).toBeLessThanOrEqual(10_000);
      expect(p.tags.length).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(p.input))).toEqual(p.input); // plain JSON, storable as is
    }
  });

  it('sora-2024 is the article as written, and warns about the "30B"/"30亿" ambiguity', () => {
    const e = run('sora-2024');
    expectClose(e.flops.total, 2.56609e24, 0.001);
    expect(codes('sora-2024')).toEqual(
      expect.arrayContaining([
        'SEED_VIDEO_RESOLUTION_IGNORED',
        'SEED_CHANNELS_COUNTED_AS_TOKENS',
        'UTILIZATION_ABOVE_PUBLISHED',
        'FP32_PEAK_FOR_TRAINING',
        'PARAMETER_COUNT_AMBIGUOUS',
      ]),
    );
  });

  it('sora-2024-30b is ten times the article: 81.7x GPT-3 and 1,523 days, with no ambiguity left', () => {
    const e = run('sora-2024-30b');
    expectClose(e.flops.total, 10 * 2.56609e24, 0.001);
    expectClose(e.ratioVsGPT3, 81.7, 0.001);
    expectClose(e.cluster.wallClockDays, 1523, 0.001);
    expect(codes('sora-2024-30b')).not.toContain('PARAMETER_COUNT_AMBIGUOUS');
  });

  it('sora-2024-pixel: 5.47584e14 tokens; attention outweighs 6·N·D by hundreds of times', () => {
    const e = run('sora-2024-pixel');
    expect(e.tokens.total).toBe(5.47584e14);
    const ratio = e.flops.attention / e.flops.dense;
    expect(ratio).toBeGreaterThan(100);
    expect(ratio).toBeLessThan(1000);
    expect(e.cluster.wallClockDays).toBeGreaterThan(365 * 100); // "out of reach"
    expect(codes('sora-2024-pixel')).toEqual(['ATTENTION_DOMINATES']);
  });

  it("sora-2024-latent: 1.72608e14 tokens; dense compute near the article's, attention about 140x", () => {
    const e = run('sora-2024-latent');
    expect(e.tokens.total).toBe(1.72608e14);
    expectClose(e.flops.dense, 6 * 3e9 * 1.72608e14, 1e-12);
    expectClose(e.flops.attention / e.flops.dense, 140, 0.02);
    expect(codes('sora-2024-latent')).toEqual(['ATTENTION_DOMINATES']);
  });

  it('gpt-3 reproduces the published 3.14e23 within 0.5%, has no price, and is far from Chinchilla', () => {
    const e = run('gpt-3');
    expectClose(e.flops.total, GPT3_FLOPS, 0.005);
    expectClose(e.ratioVsGPT3, 1, 0.005);
    expect(e.cluster.costUsd).toBeNull();
    expect(codes('gpt-3')).toEqual(['NO_PRICE', 'FAR_FROM_CHINCHILLA_OPTIMAL']);
  });

  it('llama-3.1-405b-h100: 3.79e25 FLOPs, 26.6M GPU-hours, 68 days on 16,384 H100s', () => {
    const e = run('llama-3.1-405b-h100');
    expectClose(e.flops.total, 3.8e25, 0.005);
    // 6 × 405e9 × 15.6e12 = 3.7908e25; / (989.4e12 × 0.4) / 3600 = 26.6M GPU-hours; / 24 / 16,384 = 67.7 days
    expectClose(e.cluster.gpuHours, 3.7908e25 / (989.4e12 * 0.4) / 3600, 1e-9);
    expectClose(e.cluster.gpuHours, 26.6e6, 0.002);
    expectClose(e.cluster.wallClockDays, 67.7, 0.001);
    expect(codes('llama-3.1-405b-h100')).toEqual([]);
  });
});
