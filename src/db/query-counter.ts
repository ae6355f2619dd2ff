/**
 * Counts SQL statements (the no-N+1 test and the benchmark read it): one integer in shared memory,
 * so the GraphQL thread's statements count where the process's owner reads them.
 */
export class QueryCounter {
  private readonly cell: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.cell = new Int32Array(buffer);
  }

  get count(): number {
    return Atomics.load(this.cell, 0);
  }

  add(): void {
    Atomics.add(this.cell, 0, 1);
  }

  reset(): void {
    Atomics.store(this.cell, 0, 0);
  }
}
