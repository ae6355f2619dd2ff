/**
 * Worker threads for the CPU-heavy computations (sweeps), so that they never stall other
 * requests: piscina, with a bounded queue, each task cancelled when its request is. A light sweep
 * runs in the calling thread (the GraphQL thread): a round trip to the pool would cost it more
 * than it computes. The pool's threads start when the first heavy sweep comes, and stop after a
 * minute without one. Each thread's heap is bounded (heap.ts): a sweep that needs more is refused
 * and its thread replaced.
 */
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { CoreContext, FlopscopeInputError, ScenarioSpec, SweepAxis, SweepResult, sweepWork } from '../core';
import { PROJECT_ROOT } from '../paths';
import { COMPUTE_HEAP_MB, heapLimits, outOfMemory } from './heap';
import { SweepOutcome, sweepTask } from './sweep-task';

/** The compiled worker: the pool runs JavaScript, also when the server itself runs under ts-jest. */
const WORKER = path.join(PROJECT_ROOT, 'dist', 'src', 'compute', 'sweep.worker.js');

/** Why a task did not finish: the pool's queue was full, the request gave up on it, or its thread reached its heap limit. */
export class ComputeRefused extends Error {
  /** `heapMb`: for 'memory', the thread's limit. */
  constructor(
    readonly reason: 'busy' | 'cancelled' | 'memory',
    readonly heapMb?: number,
  ) {
    super({ busy: 'the compute pool is busy', cancelled: 'the computation was cancelled', memory: 'the computation ran out of its thread’s memory' }[reason]);
  }
}

export interface ComputePool {
  /** `outputs`: the series to bring back (default all). */
  sweep(spec: ScenarioSpec, axes: SweepAxis[], ctx: CoreContext, opts?: { outputs?: string[]; signal?: AbortSignal }): Promise<SweepResult>;
  close(): Promise<void>;
}

/**
 * Sweeps of at most this many source evaluations run in the caller's thread: a 100-point sweep
 * over 10 sources takes well under a millisecond, less than a pool round trip.
 */
export const INLINE_SWEEP_UNITS = 1_000;

/**
 * `threads` workers (default: one core fewer than the machine has, at least one), at most `queue`
 * tasks waiting, each thread's old generation at most `heapMb`; `onError` hears of a thread that
 * failed between tasks.
 */
export function createComputePool(opts: { threads?: number; queue?: number; heapMb?: number; onError?: (e: unknown) => void } = {}): ComputePool {
  const threads = opts.threads ?? Math.max(1, os.availableParallelism() - 1);
  const heapMb = opts.heapMb ?? COMPUTE_HEAP_MB;
  const pool = new Piscina({
    filename: WORKER,
    minThreads: 0,
    maxThreads: threads,
    maxQueue: opts.queue ?? 64,
    idleTimeout: 60_000,
    resourceLimits: heapLimits(heapMb),
  });
  // Piscina replaces a thread that fails; one that fails with no task would otherwise be an unhandled 'error' event.
  pool.on('error', (e: unknown) => opts.onError?.(e));
  return {
    async sweep(spec, axes, ctx, { outputs, signal } = {}) {
      let outcome: SweepOutcome;
      try {
        outcome =
          sweepWork(spec, axes) <= INLINE_SWEEP_UNITS
            ? sweepTask({ spec, axes, ctx, outputs })
            : await pool.run({ spec, axes, ctx, outputs }, { name: 'sweepTask', signal });
      } catch (e) {
        if (signal?.aborted) throw new ComputeRefused('cancelled');
        if (outOfMemory(e)) throw new ComputeRefused('memory', heapMb);
        if (e instanceof Error && /queue is at limit/i.test(e.message)) throw new ComputeRefused('busy');
        throw e;
      }
      if (!outcome.ok) throw new FlopscopeInputError(outcome.issues);
      return outcome.result;
    },
    close: () => pool.close({ force: true }),
  };
}
