import type { HardwareSpec, Precision } from './types';

/** Year the catalog's rental prices refer to (docs/hardware.md, "Prices"). */
export const PRICE_YEAR = 2026;

/** One catalog row; `bf16` fills both BF16 and FP16 (the table's single BF16/FP16 column). */
function row(
  key: string,
  name: string,
  peaks: { fp32: number | null; tf32: number | null; bf16: number | null; fp8: number | null },
  memoryGB: number | null,
  tdpWatts: number | null,
  pricePerGpuHour: number | null,
  source: string,
): HardwareSpec {
  return {
    key,
    name,
    peakTflops: { FP32: peaks.fp32, TF32: peaks.tf32, BF16: peaks.bf16, FP16: peaks.bf16, FP8: peaks.fp8 },
    memoryGB,
    tdpWatts,
    pricePerGpuHour,
    priceYear: pricePerGpuHour === null ? null : PRICE_YEAR,
    source,
  };
}

/**
 * The accelerator catalog (docs/hardware.md): DENSE peak TFLOP/s per device (vendors headline
 * 2:4-sparse figures, twice these), memory, TDP, approximate on-demand $/GPU-hour (2026).
 * null = no published figure: asking for that precision is an input error, never a guess.
 */
export const HARDWARE_CATALOG: readonly HardwareSpec[] = [
  row('v100-sxm2', 'NVIDIA V100 SXM2', { fp32: 15.7, tf32: null, bf16: 125, fp8: null }, 32, 300, null, 'NVIDIA V100 datasheet'),
  row(
    'a100-sxm-80gb',
    'NVIDIA A100 SXM 80GB',
    { fp32: 19.5, tf32: 156, bf16: 312, fp8: null },
    80,
    400,
    1.99,
    'NVIDIA A100 datasheet (sparse figures halved); price midpoint of 1.49–2.49',
  ),
  row('h100-sxm', 'NVIDIA H100 SXM', { fp32: 66.9, tf32: 494.7, bf16: 989.4, fp8: 1978.9 }, 80, 700, 2.99, 'NVIDIA H100 datasheet; price within 2.49–3.99'),
  row(
    'h200',
    'NVIDIA H200 SXM',
    { fp32: 66.9, tf32: 494.7, bf16: 989.4, fp8: 1978.9 },
    141,
    700,
    2.0,
    'NVIDIA H200 datasheet; price implied by Open-Sora 2.0 (arXiv:2503.09642)',
  ),
  row('b200', 'NVIDIA B200 (HGX)', { fp32: 80, tf32: 1100, bf16: 2250, fp8: 4500 }, 192, 1000, 5.0, 'NVIDIA DGX/HGX B200 specs; price within 4.50–6.00'),
  row('gb200', 'NVIDIA GB200 (per GPU)', { fp32: 90, tf32: 1250, bf16: 2500, fp8: 5000 }, 192, 1200, null, 'NVIDIA GB200 NVL72 specs, per GPU'),
  row('mi300x', 'AMD Instinct MI300X', { fp32: 163.4, tf32: 653.7, bf16: 1307.4, fp8: 2614.9 }, 192, 750, 1.8, 'AMD MI300X datasheet'),
  row('mi325x', 'AMD Instinct MI325X', { fp32: 163.4, tf32: 653.7, bf16: 1307.4, fp8: 2614.9 }, 256, 1000, 2.1, 'AMD MI325X datasheet'),
  row('tpu-v4', 'Google TPU v4', { fp32: null, tf32: null, bf16: 275, fp8: null }, 32, null, null, 'Google Cloud TPU v4 docs'),
  row('tpu-v5e', 'Google TPU v5e', { fp32: null, tf32: null, bf16: 197, fp8: null }, 16, null, null, 'Google Cloud TPU v5e docs'),
  row('tpu-v5p', 'Google TPU v5p', { fp32: null, tf32: null, bf16: 459, fp8: null }, 95, null, null, 'Google Cloud TPU v5p docs'),
  row('tpu-v6e', 'Google TPU v6e (Trillium)', { fp32: null, tf32: null, bf16: 918, fp8: null }, 32, null, null, 'Google Cloud TPU v6e docs'),
  row('gaudi3', 'Intel Gaudi 3', { fp32: null, tf32: null, bf16: 1835, fp8: 1835 }, 128, 900, null, 'Intel Gaudi 3 specs (OAM)'),
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
