/** A worker thread of the compute pool (src/compute/pool.ts): runs the core's sweep off the GraphQL thread, at a lower CPU priority. */
import { lowerThisThread, THREAD_NICE } from './priority';

lowerThisThread(THREAD_NICE.sweeps);

export { sweepTask } from './sweep-task';
