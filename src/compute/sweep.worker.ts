/**
 * A worker thread of the compute pools (src/compute/pool.ts, and the summaries' rebuild in
 * src/services/summary.queue.ts): runs the core off the GraphQL thread, at a lower CPU priority.
 */
import { lowerThisThread, THREAD_NICE } from './priority';

lowerThisThread(THREAD_NICE.sweeps);

export { sweepTask } from './sweep-task';
export { summaryTask } from './summary-task';
