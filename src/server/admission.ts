/**
 * Admission of heavy requests (sweeps): at most `slots` of them between the start of their
 * execution and the end of their answer's write, the others waiting in arrival order. Their answers
 * are large (a 10,000-point sweep is ~0.6 MB of JSON per three outputs) and cost the event loop tens
 * of milliseconds each to encode and write; admitted a few at a time, /healthz and light requests
 * interleave with them instead of queueing behind all of them.
 */
export class Admission {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly slots: number) {}

  /** Resolves with a release function once a slot is free; rejects if `signal` aborts first. */
  async enter(signal: AbortSignal): Promise<() => void> {
    if (this.running >= this.slots) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal.removeEventListener('abort', abort);
          resolve();
        };
        const abort = () => {
          const i = this.waiting.indexOf(wake);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(signal.reason);
        };
        if (signal.aborted) return reject(signal.reason);
        signal.addEventListener('abort', abort, { once: true });
        this.waiting.push(wake);
      });
    } else {
      this.running++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
