import type { HardwareSpec, Precision } from './types';

/** Year the catalog's rental prices refer to (docs/hardware.md, "Prices"). */
export const PRICE_YEAR = 2026;

/** One catalog row as the table in docs/hardware.md gives it; null = no published figure. */
interface Row {
  key: string;
  name: string;
  /** Dense peak TFLOP/s per precision (sparse vendor figures already halved). */
  fp32: number | null;
  tf32: number | null;
  bf16: number | null;
  fp16: number | null;
  fp8: number | null;
  memoryGB: number | null;
  /** HBM bandwidth per device, TB/s. */
  bandwidthTBps: number | null;
  tdpWatts: number | null;
  /** Approximate on-demand USD per GPU-hour, only where one is published; else null. */
  price: number | null;
  source: string;
}

function row(r: Row): HardwareSpec {
  return {
    key: r.key,
    name: r.name,
    peakTflops: { FP32: r.fp32, TF32: r.tf32, BF16: r.bf16, FP16: r.fp16, FP8: r.fp8 },
    memoryGB: r.memoryGB,
    memoryBandwidthTBps: r.bandwidthTBps,
    tdpWatts: r.tdpWatts,
    pricePerGpuHour: r.price,
    priceYear: r.price === null ? null : PRICE_YEAR,
    source: r.source,
  };
}

/**
 * The accelerator catalog (docs/hardware.md): DENSE peak TFLOP/s per device (vendors headline
 * 2:4-sparse figures, twice these; where a vendor gives only sparse figures they are halved here),
 * memory, HBM bandwidth, TDP, approximate on-demand $/GPU-hour (2026) where one is published.
 * null = no published figure: asking for that precision is an input error, never a guess.
 */
export const HARDWARE_CATALOG: readonly HardwareSpec[] = [
  row({
    key: 'v100-sxm2',
    name: 'NVIDIA V100 SXM2',
    fp32: 15.7,
    tf32: null,
    bf16: null,
    fp16: 125,
    fp8: null,
    memoryGB: 32,
    bandwidthTBps: 0.9,
    tdpWatts: 300,
    price: null,
    source: 'NVIDIA V100 datasheet (SXM2: FP16 tensor cores, no TF32, BF16 or FP8; 900 GB/s HBM2)',
  }),
  row({
    key: 'a100-sxm-80gb',
    name: 'NVIDIA A100 SXM 80GB',
    fp32: 19.5,
    tf32: 156,
    bf16: 312,
    fp16: 312,
    fp8: null,
    memoryGB: 80,
    bandwidthTBps: 2.039,
    tdpWatts: 400,
    price: 1.99,
    source: 'NVIDIA A100 datasheet (sparse figures halved; 2,039 GB/s HBM2e on the 80GB SXM); price within 1.50–2.50',
  }),
  row({
    key: 'h100-sxm',
    name: 'NVIDIA H100 SXM',
    fp32: 66.9,
    tf32: 494.7,
    bf16: 989.4,
    fp16: 989.4,
    fp8: 1978.9,
    memoryGB: 80,
    bandwidthTBps: 3.35,
    tdpWatts: 700,
    price: 2.99,
    source: 'NVIDIA H100 datasheet (sparse figures halved); price within 2.50–4.00',
  }),
  row({
    key: 'h200',
    name: 'NVIDIA H200 SXM',
    fp32: 66.9,
    tf32: 494.7,
    bf16: 989.4,
    fp16: 989.4,
    fp8: 1978.9,
    memoryGB: 141,
    bandwidthTBps: 4.8,
    tdpWatts: 700,
    price: 2.0,
    source: 'NVIDIA H200 datasheet (same compute as the H100, sparse figures halved); price paid by Open-Sora 2.0 (Peng et al. 2025, arXiv:2503.09642)',
  }),
  row({
    key: 'b200',
    name: 'NVIDIA B200 (HGX)',
    fp32: 80,
    tf32: 1100,
    bf16: 2250,
    fp16: 2250,
    fp8: 4500,
    memoryGB: 180,
    bandwidthTBps: 8,
    tdpWatts: 1000,
    price: null,
    source: 'NVIDIA HGX B200 specs, per GPU (sparse figures halved; 180 GB usable of 192 GB HBM3e)',
  }),
  row({
    key: 'gb200',
    name: 'NVIDIA GB200 (per GPU)',
    fp32: 90,
    tf32: 1250,
    bf16: 2500,
    fp16: 2500,
    fp8: 5000,
    memoryGB: 186,
    bandwidthTBps: 8,
    tdpWatts: 1200,
    price: null,
    source: 'NVIDIA GB200 NVL72 specs, per GPU (sparse figures halved; 186 GB usable of 192 GB HBM3e; TDP approximate, ~1,200 W per GPU)',
  }),
  row({
    key: 'b300',
    name: 'NVIDIA B300 (HGX, Blackwell Ultra)',
    fp32: 75,
    tf32: 1125,
    bf16: 2250,
    fp16: 2250,
    fp8: 4500,
    memoryGB: 270,
    bandwidthTBps: 8,
    tdpWatts: 1100,
    price: null,
    source: 'NVIDIA HGX B300 specs, per GPU (sparse figures halved; ~270 GB usable of 288 GB HBM3e; TDP approximate, ~1,100 W)',
  }),
  row({
    key: 'gb300',
    name: 'NVIDIA GB300 (per GPU)',
    fp32: 80,
    tf32: 1250,
    bf16: 2500,
    fp16: 2500,
    fp8: 5000,
    memoryGB: 279,
    bandwidthTBps: 8,
    tdpWatts: 1400,
    price: null,
    source: 'NVIDIA GB300 NVL72 specs, per GPU (sparse figures halved; 279 GB usable of 288 GB HBM3e)',
  }),
  row({
    key: 'mi300x',
    name: 'AMD Instinct MI300X',
    fp32: 163.4,
    tf32: 653.7,
    bf16: 1307.4,
    fp16: 1307.4,
    fp8: 2614.9,
    memoryGB: 192,
    bandwidthTBps: 5.3,
    tdpWatts: 750,
    price: null,
    source: 'AMD Instinct MI300X datasheet (dense figures)',
  }),
  row({
    key: 'mi325x',
    name: 'AMD Instinct MI325X',
    fp32: 163.4,
    tf32: 653.7,
    bf16: 1307.4,
    fp16: 1307.4,
    fp8: 2614.9,
    memoryGB: 256,
    bandwidthTBps: 6,
    tdpWatts: 1000,
    price: null,
    source: 'AMD Instinct MI325X datasheet (dense figures)',
  }),
  row({
    key: 'mi355x',
    name: 'AMD Instinct MI355X',
    fp32: 157.3,
    tf32: null,
    bf16: 2500,
    fp16: 2500,
    fp8: 5000,
    memoryGB: 288,
    bandwidthTBps: 8,
    tdpWatts: 1400,
    price: null,
    source:
      'AMD Instinct MI350-series launch specs, MI355X (dense; BF16/FP16 ~2.5 PF and FP8 ~5 PF are approximate, rounded by AMD, twice that with sparsity; FP32 vector 157.3; no TF32 rate published)',
  }),
  row({
    key: 'tpu-v4',
    name: 'Google TPU v4',
    fp32: null,
    tf32: null,
    bf16: 275,
    fp16: null,
    fp8: null,
    memoryGB: 32,
    bandwidthTBps: 1.2,
    tdpWatts: null,
    price: null,
    source: 'Google Cloud TPU v4 docs (BF16 only)',
  }),
  row({
    key: 'tpu-v5e',
    name: 'Google TPU v5e',
    fp32: null,
    tf32: null,
    bf16: 197,
    fp16: null,
    fp8: null,
    memoryGB: 16,
    bandwidthTBps: 0.819,
    tdpWatts: null,
    price: null,
    source: 'Google Cloud TPU v5e docs (BF16 only; 819 GB/s HBM2)',
  }),
  row({
    key: 'tpu-v5p',
    name: 'Google TPU v5p',
    fp32: null,
    tf32: null,
    bf16: 459,
    fp16: null,
    fp8: null,
    memoryGB: 95,
    bandwidthTBps: 2.765,
    tdpWatts: null,
    price: null,
    source: 'Google Cloud TPU v5p docs (BF16 only, no separate FP8 rate; 2,765 GB/s HBM2e)',
  }),
  row({
    key: 'tpu-v6e',
    name: 'Google TPU v6e (Trillium)',
    fp32: null,
    tf32: null,
    bf16: 918,
    fp16: null,
    fp8: null,
    memoryGB: 32,
    bandwidthTBps: 1.638,
    tdpWatts: null,
    price: null,
    source: 'Google Cloud TPU v6e docs (BF16 only, no separate FP8 rate; 1,638 GB/s HBM)',
  }),
  row({
    key: 'tpu7x',
    name: 'Google TPU7x (Ironwood)',
    fp32: null,
    tf32: null,
    bf16: 2307,
    fp16: null,
    fp8: 4614,
    memoryGB: 192,
    bandwidthTBps: 7.38,
    tdpWatts: null,
    price: null,
    source: 'Google Cloud TPU7x (Ironwood) docs (dense; 192 GiB HBM, 7,380 GB/s)',
  }),
  row({
    key: 'trainium2',
    name: 'AWS Trainium2',
    fp32: 181,
    tf32: 667,
    bf16: 667,
    fp16: 667,
    fp8: 1299,
    memoryGB: 96,
    bandwidthTBps: 2.9,
    tdpWatts: null,
    price: null,
    source: 'AWS Neuron docs, Trainium2 architecture (dense figures; 2,563 TFLOPS is the sparse rate; 96 GiB HBM, 2.9 TB/s)',
  }),
  row({
    key: 'gaudi3',
    name: 'Intel Gaudi 3',
    fp32: null,
    tf32: null,
    bf16: 1835,
    fp16: 1835,
    fp8: 1835,
    memoryGB: 128,
    bandwidthTBps: 3.7,
    tdpWatts: 900,
    price: null,
    source: 'Intel Gaudi 3 specs, Hot Chips 2024 (OAM; TDP 900 W air-cooled, 1,200 W liquid-cooled)',
  }),
];

/** Default hardware when a scenario names none (docs/model.md, "Defaults"). */
export const DEFAULT_HARDWARE_KEY = 'h100-sxm';

/** A catalog or custom entry by key; custom entries override and extend the catalog. */
export function findHardware(key: string, custom?: readonly HardwareSpec[] | null): HardwareSpec | undefined {
  return custom?.find((h) => h.key === key) ?? HARDWARE_CATALOG.find((h) => h.key === key);
}

/** Every key findHardware accepts, catalog first. */
export function hardwareKeys(custom?: readonly HardwareSpec[] | null): string[] {
  const keys = HARDWARE_CATALOG.map((h) => h.key);
  for (const h of custom ?? []) if (!keys.includes(h.key)) keys.push(h.key);
  return keys;
}

/** Precisions with a published peak on `hw`. */
export function publishedPrecisions(hw: HardwareSpec): Precision[] {
  return (Object.keys(hw.peakTflops) as Precision[]).filter((p) => hw.peakTflops[p] != null);
}
