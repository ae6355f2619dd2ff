import os from 'node:os';

/**
 * CPU priorities of the process's threads (nice values: higher yields the CPU to lower). The main
 * thread (0) accepts connections and answers /healthz; the GraphQL thread (5) answers requests;
 * the sweep threads (10) compute. On a machine with fewer cores than busy threads, the one that
 * keeps the server reachable always runs first, and light requests before sweeps.
 */
export const THREAD_NICE = { graphql: 5, sweeps: 10 } as const;

/**
 * Lowers the calling thread's priority. Linux keeps a nice value per thread (setpriority(2), its
 * NOTES: "under the current Linux/NPTL implementation of POSIX threads, the nice value is a
 * per-thread attribute"); elsewhere it is per process, so nothing is changed there.
 */
export function lowerThisThread(nice: number): void {
  if (process.platform !== 'linux') return;
  try {
    os.setPriority(0, nice);
  } catch {
    // a sandbox that forbids it: the thread keeps its priority
  }
}
