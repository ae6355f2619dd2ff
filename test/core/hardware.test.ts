/** The accelerator catalog (docs/hardware.md): dense peaks, memory, bandwidth, TDP, prices, sources. */
import { HARDWARE_CATALOG, HardwareSpec, PRECISIONS, Precision, ScenarioSpec, estimate, findHardware, publishedPrecisions } from '../../src/core';
import { expectClose, expectIssue, inputErrorOf } from './helpers';

const TEXT_RUN: ScenarioSpec = { model: { parameters: 1e9 }, data: [{ kind: 'TEXT', count: 2e10 }] };
const on = (hardware: string, precision?: Precision, extra: Record<string, unknown> = {}): ScenarioSpec => ({
  ...TEXT_RUN,
  cluster: { hardware, ...(precision ? { precision } : {}), ...extra },
});

describe('the hardware catalog (docs/hardware.md, dense peaks)', () => {
  it('has every row of the table, in its order', () => {
    expect(HARDWARE_CATALOG.map((h) => h.key)).toEqual([
      'v100-sxm2',
      'a100-sxm-80gb',
      'h100-sxm',
      'h200',
      'b200',
      'gb200',
      'b300',
      'gb300',
      'mi300x',
      'mi325x',
      'mi355x',
      'tpu-v4',
      'tpu-v5e',
      'tpu-v5p',
      'tpu-v6e',
      'tpu7x',
      'trainium2',
      'gaudi3',
    ]);
  });

  it.each([
    // key, FP32, TF32, BF16, FP16, FP8, memory GB, HBM TB/s, TDP W, $/GPU-hour
    ['v100-sxm2', 15.7, null, null, 125, null, 32, 0.9, 300, null],
    ['a100-sxm-80gb', 19.5, 156, 312, 312, null, 80, 2.039, 400, 1.99],
    ['h100-sxm', 66.9, 494.7, 989.4, 989.4, 1978.9, 80, 3.35, 700, 2.99],
    ['h200', 66.9, 494.7, 989.4, 989.4, 1978.9, 141, 4.8, 700, 2.0],
    ['b200', 80, 1100, 2250, 2250, 4500, 180, 8, 1000, null],
    ['gb200', 90, 1250, 2500, 2500, 5000, 186, 8, 1200, null],
    ['b300', 75, 1125, 2250, 2250, 4500, 270, 8, 1100, null],
    ['gb300', 80, 1250, 2500, 2500, 5000, 279, 8, 1400, null],
    ['mi300x', 163.4, 653.7, 1307.4, 1307.4, 2614.9, 192, 5.3, 750, null],
    ['mi325x', 163.4, 653.7, 1307.4, 1307.4, 2614.9, 256, 6, 1000, null],
    ['mi355x', 157.3, null, 2500, 2500, 5000, 288, 8, 1400, null],
    ['tpu-v4', null, null, 275, null, null, 32, 1.2, null, null],
    ['tpu-v5e', null, null, 197, null, null, 16, 0.819, null, null],
    ['tpu-v5p', null, null, 459, null, null, 95, 2.765, null, null],
    ['tpu-v6e', null, null, 918, null, null, 32, 1.638, null, null],
    ['tpu7x', null, null, 2307, null, 4614, 192, 7.38, null, null],
    ['trainium2', 181, 667, 667, 667, 1299, 96, 2.9, null, null],
    ['gaudi3', null, null, 1835, 1835, 1835, 128, 3.7, 900, null],
  ])('%s: FP32 %p, TF32 %p, BF16 %p, FP16 %p, FP8 %p TFLOP/s; %p GB at %p TB/s; %p W; $%p', (key, fp32, tf32, bf16, fp16, fp8, mem, bw, tdp, price) => {
    const h = findHardware(key as string)!;
    expect(h.peakTflops).toEqual({ FP32: fp32, TF32: tf32, BF16: bf16, FP16: fp16, FP8: fp8 });
    expect([h.memoryGB, h.memoryBandwidthTBps, h.tdpWatts, h.pricePerGpuHour]).toEqual([mem, bw, tdp, price]);
    expect(h.priceYear).toBe(price === null ? null : 2026);
  });

  it('every entry: each figure is a finite positive number or null, with at least one peak, and a source that names a datasheet, specs or docs', () => {
    const positiveOrNull = (v: number | null | undefined) => v === null || (typeof v === 'number' && Number.isFinite(v) && v > 0);
    for (const h of HARDWARE_CATALOG) {
      for (const p of PRECISIONS) expect([h.key, p, positiveOrNull(h.peakTflops[p])]).toEqual([h.key, p, true]);
      expect(publishedPrecisions(h).length).toBeGreaterThan(0);
      for (const v of [h.memoryGB, h.memoryBandwidthTBps, h.tdpWatts, h.pricePerGpuHour]) expect([h.key, positiveOrNull(v)]).toEqual([h.key, true]);
      expect(h.source).toMatch(/datasheet|specs|docs/);
      expect(h.priceYear).toBe(h.pricePerGpuHour === null ? null : 2026);
    }
  });

  it('every catalog entry publishes its memory and its HBM bandwidth (TB/s, between 0.5 and 10 for these devices)', () => {
    for (const h of HARDWARE_CATALOG) {
      expect([h.key, h.memoryGB !== null]).toEqual([h.key, true]);
      expect(h.memoryBandwidthTBps).toBeGreaterThan(0.5);
      expect(h.memoryBandwidthTBps).toBeLessThan(10);
    }
  });

  it('prices only where one is sourced: the A100 and H100 rental ranges, and the H200 rate Open-Sora 2.0 paid', () => {
    expect(HARDWARE_CATALOG.filter((h) => h.pricePerGpuHour !== null).map((h) => h.key)).toEqual(['a100-sxm-80gb', 'h100-sxm', 'h200']);
    expect(findHardware('a100-sxm-80gb')!.source).toMatch(/price within 1\.50–2\.50/);
    expect(findHardware('h100-sxm')!.source).toMatch(/price within 2\.50–4\.00/);
    expect(findHardware('h200')!.source).toMatch(/Open-Sora 2\.0.*arXiv:2503\.09642/);
  });
});

describe('the new devices, by their headline figures (dense: vendor sparse figures halved)', () => {
  it('B300 (HGX): FP8 dense 4,500 TFLOP/s and BF16 2,250 (9 and 4.5 PFLOP/s with sparsity), FP32 75; ~270 GB usable of 288, 8 TB/s, ~1,100 W', () => {
    const h = findHardware('b300')!;
    expect([h.peakTflops.FP8, h.peakTflops.BF16, h.peakTflops.FP16, h.peakTflops.TF32, h.peakTflops.FP32]).toEqual([4500, 2250, 2250, 1125, 75]);
    expect([h.memoryGB, h.memoryBandwidthTBps, h.tdpWatts, h.pricePerGpuHour]).toEqual([270, 8, 1100, null]);
    expect(h.source).toMatch(/NVIDIA HGX B300 specs.*sparse figures halved.*288 GB/);
  });

  it('GB300 (per GPU of an NVL72): FP8 dense 5,000 TFLOP/s, BF16 2,500, TF32 1,250, FP32 80; 279 GB usable, 8 TB/s, 1,400 W', () => {
    const h = findHardware('gb300')!;
    expect([h.peakTflops.FP8, h.peakTflops.BF16, h.peakTflops.FP16, h.peakTflops.TF32, h.peakTflops.FP32]).toEqual([5000, 2500, 2500, 1250, 80]);
    expect([h.memoryGB, h.memoryBandwidthTBps, h.tdpWatts, h.pricePerGpuHour]).toEqual([279, 8, 1400, null]);
    expect(h.source).toMatch(/NVIDIA GB300 NVL72 specs, per GPU/);
  });

  it('MI355X: FP8 dense ~5,000 TFLOP/s, BF16/FP16 ~2,500, FP32 157.3, no TF32; 288 GB, 8 TB/s, 1,400 W; the rounded figures are marked approximate', () => {
    const h = findHardware('mi355x')!;
    expect(h.peakTflops).toEqual({ FP32: 157.3, TF32: null, BF16: 2500, FP16: 2500, FP8: 5000 });
    expect([h.memoryGB, h.memoryBandwidthTBps, h.tdpWatts, h.pricePerGpuHour]).toEqual([288, 8, 1400, null]);
    expect(h.source).toMatch(/approximate/);
    expect(h.source).toMatch(/no TF32/);
  });

  it('TPU7x (Ironwood): BF16 2,307 and FP8 4,614 TFLOP/s, nothing else; 192 GiB at 7.38 TB/s; no TDP or price published', () => {
    const h = findHardware('tpu7x')!;
    expect(h.peakTflops).toEqual({ FP32: null, TF32: null, BF16: 2307, FP16: null, FP8: 4614 });
    expect([h.memoryGB, h.memoryBandwidthTBps, h.tdpWatts, h.pricePerGpuHour]).toEqual([192, 7.38, null, null]);
    expect(h.source).toMatch(/Google Cloud TPU7x \(Ironwood\) docs/);
  });

  it('Trainium2: FP8 1,299, BF16/FP16/TF32 667, FP32 181 TFLOP/s dense (not the 2,563 sparse figure); 96 GiB at 2.9 TB/s', () => {
    const h = findHardware('trainium2')!;
    expect(h.peakTflops).toEqual({ FP32: 181, TF32: 667, BF16: 667, FP16: 667, FP8: 1299 });
    expect([h.memoryGB, h.memoryBandwidthTBps, h.tdpWatts, h.pricePerGpuHour]).toEqual([96, 2.9, null, null]);
    expect(h.source).toMatch(/AWS Neuron docs, Trainium2.*2,563 TFLOPS is the sparse rate/);
  });

  it('each new device estimates at its dense peak: 1.2e20 FLOPs on one Trainium2 at BF16 and 40% MFU take 1.2e20 / (667e12 × 0.4) s', () => {
    const e = estimate(on('trainium2', 'BF16'));
    expect(e.resolved.peakFlopsPerSecond).toBe(667e12);
    expectClose(e.cluster.gpuHours, 1.2e20 / (667e12 * 0.4) / 3600, 1e-12);
    for (const key of ['b300', 'gb300', 'mi355x', 'tpu7x'])
      expect(estimate(on(key, 'FP8')).resolved.peakFlopsPerSecond).toBe(findHardware(key)!.peakTflops.FP8! * 1e12);
  });
});

describe('figures that do not exist are null, and asking for them is refused', () => {
  it('V100: FP16 125 on its tensor cores, and no BF16 at all (nor TF32 or FP8)', () => {
    const h = findHardware('v100-sxm2')!;
    expect(h.peakTflops).toEqual({ FP32: 15.7, TF32: null, BF16: null, FP16: 125, FP8: null });
    expect(h.source).toMatch(/FP16 tensor cores, no TF32, BF16 or FP8/);
  });

  it('V100 at BF16 is a BAD_USER_INPUT on cluster.precision naming the device and the precisions it does publish', () => {
    const err = inputErrorOf(() => estimate(on('v100-sxm2', 'BF16')));
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.field).toBe('cluster.precision');
    expect(err.message).toBe('cluster.precision: NVIDIA V100 SXM2 (v100-sxm2) has no published BF16 peak; choose one of FP32, FP16');
  });

  it('V100 at FP16 still estimates (the gpt-3 preset runs on it), at 125 TFLOP/s', () => {
    expect(estimate(on('v100-sxm2', 'FP16')).resolved.peakFlopsPerSecond).toBe(125e12);
  });

  it('the TPUs publish no FP16: FP16 on a TPU v5p is refused, BF16 is not', () => {
    expect(expectIssue(() => estimate(on('tpu-v5p', 'FP16')), 'cluster.precision')).toBe(
      'Google TPU v5p (tpu-v5p) has no published FP16 peak; choose one of BF16',
    );
    expect(estimate(on('tpu-v5p', 'BF16')).resolved.peakFlopsPerSecond).toBe(459e12);
  });

  it.each(HARDWARE_CATALOG.map((h) => [h.key, h] as [string, HardwareSpec]))(
    '%s: every published precision estimates at its peak, every missing one is a BAD_USER_INPUT',
    (key, h) => {
      for (const p of PRECISIONS) {
        const peak = h.peakTflops[p];
        if (peak === null) {
          const err = inputErrorOf(() => estimate(on(key, p)));
          expect([p, err.code, err.field]).toEqual([p, 'BAD_USER_INPUT', 'cluster.precision']);
          expect(err.message).toContain(`${h.name} (${key}) has no published ${p} peak`);
        } else {
          expect([p, estimate(on(key, p)).resolved.peakFlopsPerSecond]).toEqual([p, peak * 1e12]);
        }
      }
    },
  );

  it('a device without a price estimates with a null cost and NO_PRICE; with one given, it costs GPU-hours × price', () => {
    const none = estimate(on('b200', 'BF16'));
    expect(none.cluster.costUsd).toBeNull();
    expect(none.warnings.map((w) => w.code)).toContain('NO_PRICE');
    const priced = estimate(on('b200', 'BF16', { pricePerGpuHour: 5 }));
    expectClose(priced.cluster.costUsd!, priced.cluster.gpuHours * 5, 1e-12);
  });
});

describe('custom hardware', () => {
  it('extends and overrides the catalog', () => {
    const mine = { ...findHardware('h100-sxm')!, pricePerGpuHour: 1.5, source: 'our contract' };
    const tpu = {
      key: 'tpu-v7',
      name: 'TPU v7',
      peakTflops: { FP32: null, TF32: null, BF16: 2300, FP16: 2300, FP8: 4600 },
      memoryGB: 192,
      tdpWatts: null,
      pricePerGpuHour: null,
      source: 'Google',
    };
    expect(findHardware('h100-sxm', [mine])?.pricePerGpuHour).toBe(1.5);
    expect(findHardware('tpu-v7', [tpu])?.name).toBe('TPU v7');
    expect(findHardware('tpu-v7')).toBeUndefined();
    const e = estimate(on('h100-sxm'), { customHardware: [mine] });
    expect(e.resolved.cluster.pricePerGpuHour).toBe(1.5);
    expect(e.resolved.hardware.source).toBe('our contract');
  });

  it('needs no memory bandwidth: a definition without memoryBandwidthTBps (as libraries store them) estimates the same', () => {
    const { memoryBandwidthTBps: _bw, ...withoutBandwidth } = findHardware('h100-sxm')!;
    const custom = { ...withoutBandwidth, key: 'our-h100' };
    const a = estimate(on('our-h100', 'BF16'), { customHardware: [custom] });
    const b = estimate(on('h100-sxm', 'BF16'));
    expect(a.flops.total).toBe(b.flops.total);
    expect(a.cluster.gpuHours).toBe(b.cluster.gpuHours);
    expect(a.cluster.costUsd).toBe(b.cluster.costUsd);
  });
});
