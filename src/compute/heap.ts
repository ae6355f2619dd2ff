/**
 * How much JavaScript heap a worker thread may have (Node's worker `resourceLimits`). V8 collects
 * garbage before it lets the heap grow past the limit, so a thread's share of the process's memory
 * stays bounded however much garbage its requests leave (floods of distinct documents, big
 * answers); a thread whose live data reaches the limit is stopped by Node with
 * ERR_WORKER_OUT_OF_MEMORY, and its owner answers for it and starts another.
 */
import type { ResourceLimits } from 'node:worker_threads';

/** The defaults of FLOPSCOPE_GRAPHQL_HEAP_MB and FLOPSCOPE_COMPUTE_HEAP_MB (config.ts). */
export const GRAPHQL_HEAP_MB = 256;
export const COMPUTE_HEAP_MB = 128;
/** The least each may be set to: measured, a GraphQL thread needs ~40 MB to start and a compute thread ~6 MB. */
export const MIN_HEAP_MB = { graphql: 48, compute: 16 };

/**
 * The young generation (where new objects are made and most die) at most this many MB: V8's own
 * default on 64 bits is 3 × 16 MB semi-spaces, which an allocating thread fills whatever its live data.
 */
export const YOUNG_GENERATION_MB = 16;

/** Limits for a thread whose old generation (what survives) is at most `heapMb`. */
export function heapLimits(heapMb: number): ResourceLimits {
  return { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(YOUNG_GENERATION_MB, Math.max(2, Math.floor(heapMb / 8))) };
}

/** True for the error a worker thread ends with when it reached its heap limit. */
export function outOfMemory(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
}
