/**
 * Fair dispatch of /graphql requests to the GraphQL thread, in the main thread: requests wait here,
 * one queue per client, and are sent to the thread a few at a time, next from the client that has
 * used the thread least. One client's flood of expensive requests — big documents, imports,
 * sweeps — then costs the others a share of the thread, not a place behind all of it.
 *
 * A client is its address (the group) and, within it, its API key (the flow): a team behind one
 * address shares that address's part, key by key, and an attacker sending many keys only divides
 * its own. Use is the thread time a request held (from dispatch to answer), charged to its group
 * and flow when it ends; a client that was idle starts level with the least-used busy one, so
 * idleness is not saved up (start-time fair queueing: Goyal, Vin & Cheng 1996, "Start-time Fair
 * Queueing", SIGCOMM). Per client, at most `perClient` requests are in the thread at once and at
 * most `maxQueued` requests or `maxQueuedBytes` body bytes wait; past that a request is refused
 * at once (429), before anything of it runs.
 */

/** A yielding lane pauses at most this long (a 30 s import must not hold the next large request past its deadline). */
export const MAX_YIELD_MS = 5000;

export interface DispatchLimits {
  /** Requests in the GraphQL thread at once, all clients together. */
  slots: number;
  /** Of those, at most this many from one client (address). */
  perClient: number;
  /** Requests of one client that may wait; past it, refused. */
  maxQueued: number;
  /** Body bytes of one client's waiting requests; past it, refused. */
  maxQueuedBytes: number;
  /**
   * When given and true, this lane yields: after a request of it held the thread for t ms, the
   * next one starts no sooner than t ms later (at most MAX_YIELD_MS), so that the lane takes at most half of the thread's
   * time while the other requests are waiting or running (and all of it when they are not).
   */
  yieldsTo?: () => boolean;
}

/** A request waiting for the thread: `run` is called when it is dispatched, and must call `done` when its answer is made. */
export interface Ticket {
  readonly client: string;
  readonly key: string;
  readonly bytes: number;
  run(done: () => void): void;
}

interface Flow {
  used: number;
  inFlight: number;
  queue: Ticket[];
}

interface Group extends Flow {
  queued: number;
  queuedBytes: number;
  flows: Map<string, Flow>;
}

export type Enqueued = { queued: true; cancel(): boolean } | { queued: false; reason: 'maxQueued' | 'maxQueuedBytes' };

const busy = (f: Flow) => f.inFlight > 0 || f.queue.length > 0;

/** The least use among the busy members of `members` (what an idle one starts at when it becomes busy). */
function floorOf(members: Iterable<Flow>): number {
  let floor = Infinity;
  for (const m of members) if (busy(m) && m.used < floor) floor = m.used;
  return floor === Infinity ? 0 : floor;
}

export class FairDispatch {
  private readonly groups = new Map<string, Group>();
  private inFlight = 0;
  /** With `yieldsTo`: no request of this lane starts before this time (performance.now()), while the others are busy. */
  private notBefore = 0;
  private wake: NodeJS.Timeout | null = null;

  constructor(private readonly limits: DispatchLimits) {}

  /** Requests waiting, and in the thread (for tests and logs). */
  get sizes() {
    let queued = 0;
    for (const g of this.groups.values()) queued += g.queued;
    return { queued, inFlight: this.inFlight, clients: this.groups.size };
  }

  /** Whether any request of this lane is waiting or running (clients are kept only while they have one). */
  busy(): boolean {
    return this.groups.size > 0;
  }

  /** Queues `t` (it runs at once if a slot is free and its client is its turn); `cancel()` takes it back while it waits. */
  enqueue(t: Ticket): Enqueued {
    let g = this.groups.get(t.client);
    if (g && g.queued >= this.limits.maxQueued) return { queued: false, reason: 'maxQueued' };
    if (g && g.queued > 0 && g.queuedBytes + t.bytes > this.limits.maxQueuedBytes) return { queued: false, reason: 'maxQueuedBytes' };
    if (!g) {
      g = { used: floorOf(this.groups.values()), inFlight: 0, queue: [], queued: 0, queuedBytes: 0, flows: new Map() };
      this.groups.set(t.client, g);
    }
    let f = g.flows.get(t.key);
    if (!f) {
      f = { used: floorOf(g.flows.values()), inFlight: 0, queue: [] };
      g.flows.set(t.key, f);
    }
    f.queue.push(t);
    g.queued++;
    g.queuedBytes += t.bytes;
    const group = g;
    const flow = f;
    this.pump();
    return {
      queued: true,
      cancel: () => {
        const i = flow.queue.indexOf(t);
        if (i < 0) return false;
        flow.queue.splice(i, 1);
        group.queued--;
        group.queuedBytes -= t.bytes;
        this.forget(t.client, group, t.key, flow);
        return true;
      },
    };
  }

  /** Sends waiting requests to the thread while there are free slots: next, the least-used client with one waiting and room in the thread. */
  private pump() {
    while (this.inFlight < this.limits.slots) {
      const wait = this.notBefore - performance.now();
      if (wait > 0 && this.limits.yieldsTo?.()) {
        this.wake ??= setTimeout(() => {
          this.wake = null;
          this.pump();
        }, wait);
        return;
      }
      let g: Group | undefined;
      for (const c of this.groups.values()) if (c.queued > 0 && c.inFlight < this.limits.perClient && (!g || c.used < g.used)) g = c;
      if (!g) return;
      let f: Flow | undefined;
      for (const c of g.flows.values()) if (c.queue.length > 0 && (!f || c.used < f.used)) f = c;
      const t = f!.queue.shift()!;
      this.start(g, f!, t);
    }
  }

  private start(g: Group, f: Flow, t: Ticket) {
    g.queued--;
    g.queuedBytes -= t.bytes;
    g.inFlight++;
    f.inFlight++;
    this.inFlight++;
    const started = performance.now();
    let finished = false;
    t.run(() => {
      if (finished) return;
      finished = true;
      const ended = performance.now();
      const ms = ended - started;
      if (this.limits.yieldsTo) this.notBefore = Math.max(this.notBefore, ended + Math.min(ms, MAX_YIELD_MS));
      g.used += ms;
      f.used += ms;
      g.inFlight--;
      f.inFlight--;
      this.inFlight--;
      this.forget(t.client, g, t.key, f);
      this.pump();
    });
  }

  /** Drops a client (and a key) with nothing waiting or running: the maps hold busy clients only. */
  private forget(client: string, g: Group, key: string, f: Flow) {
    if (!busy(f)) g.flows.delete(key);
    if (g.flows.size === 0) this.groups.delete(client);
  }
}
