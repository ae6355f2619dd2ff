/**
 * Fair dispatch to the GraphQL thread (src/server/dispatch.ts), as a specification: the next
 * request comes from the client that has used the thread least, one client holds at most its share
 * of the slots, an idle client saves nothing up, and waiting requests are bounded per client.
 */
import { DispatchLimits, FairDispatch, MAX_YIELD_MS, Ticket } from '../../src/server/dispatch';

const LIMITS: DispatchLimits = { slots: 2, perClient: 1, maxQueued: 4, maxQueuedBytes: 1000 };

/** A dispatcher whose requests end when the test says; `order` is the dispatch order by label. */
function harness(limits = LIMITS) {
  const dispatch = new FairDispatch(limits);
  const order: string[] = [];
  const running = new Map<string, () => void>();
  let clock = 0;
  const now = jest.spyOn(performance, 'now').mockImplementation(() => clock);
  const send = (label: string, client: string, key = '', bytes = 10) => {
    const t: Ticket = {
      client,
      key,
      bytes,
      run: (done) => {
        order.push(label);
        running.set(label, done);
      },
    };
    return dispatch.enqueue(t);
  };
  /** Ends a running request after it held the thread for `ms`. */
  const end = (label: string, ms: number) => {
    clock += ms;
    const done = running.get(label);
    if (!done) throw new Error(`${label} is not running`);
    running.delete(label);
    done();
  };
  /** Moves the clock `ms` forward without ending anything. */
  const advance = (ms: number) => (clock += ms);
  return { dispatch, order, send, end, clock: advance, restore: () => now.mockRestore() };
}

let h: ReturnType<typeof harness>;
afterEach(() => h.restore());

test('requests run at once while there are free slots', () => {
  h = harness({ ...LIMITS, perClient: 2 });
  h.send('a1', 'A');
  h.send('a2', 'A');
  h.send('a3', 'A');
  expect(h.order).toEqual(['a1', 'a2']);
  expect(h.dispatch.sizes).toEqual({ queued: 1, inFlight: 2, clients: 1 });
});

test("one client's backlog does not delay another's request: a freed slot goes to the client that used the thread least", () => {
  h = harness({ ...LIMITS, slots: 1 });
  for (let i = 1; i <= 3; i++) h.send(`a${i}`, 'attacker');
  h.send('b1', 'B');
  h.end('a1', 500); // the attacker has used 500 ms, B nothing: B is next, before a2
  expect(h.order).toEqual(['a1', 'b1']);
  h.send('b2', 'B');
  h.end('b1', 10); // B 10 ms, attacker 500 ms: B again
  expect(h.order).toEqual(['a1', 'b1', 'b2']);
  h.end('b2', 10);
  expect(h.order).toEqual(['a1', 'b1', 'b2', 'a2']); // B has nothing waiting
});

test('one client holds at most perClient slots, even with the others free', () => {
  h = harness({ ...LIMITS, slots: 4, perClient: 2 });
  for (let i = 1; i <= 4; i++) h.send(`a${i}`, 'A');
  expect(h.order).toEqual(['a1', 'a2']);
  h.send('b1', 'B');
  expect(h.order).toEqual(['a1', 'a2', 'b1']);
});

test('within an address, keys share its part: a key sending many requests does not starve another key', () => {
  h = harness({ ...LIMITS, slots: 1 });
  for (let i = 1; i <= 3; i++) h.send(`k${i}`, 'office', 'Bearer k');
  h.send('j1', 'office', 'Bearer j');
  h.end('k1', 100);
  expect(h.order).toEqual(['k1', 'j1']);
});

test('an idle client saves nothing up: when it comes back it starts level with the busy ones, and they alternate', () => {
  h = harness({ ...LIMITS, slots: 1, maxQueued: 10 });
  for (let i = 1; i <= 6; i++) h.send(`b${i}`, 'B');
  h.end('b1', 100);
  h.end('b2', 100);
  h.end('b3', 100); // B has used 300 ms while A was away
  for (let i = 1; i <= 3; i++) h.send(`a${i}`, 'A');
  // A starts at B's 300, not at 0: it does not get the next three slots in a row.
  h.end('b4', 100);
  h.end('a1', 100);
  h.end('b5', 100);
  h.end('a2', 100);
  expect(h.order).toEqual(['b1', 'b2', 'b3', 'b4', 'a1', 'b5', 'a2', 'b6']);
});

test("waiting requests are bounded per client, by count and by bytes; a refusal leaves the others' room", () => {
  h = harness({ ...LIMITS, slots: 1, maxQueued: 2, maxQueuedBytes: 100 });
  h.send('a0', 'A'); // runs
  expect(h.send('a1', 'A').queued).toBe(true);
  expect(h.send('a2', 'A').queued).toBe(true);
  expect(h.send('a3', 'A')).toEqual({ queued: false, reason: 'maxQueued' });
  expect(h.send('b1', 'B', '', 60).queued).toBe(true);
  expect(h.send('b2', 'B', '', 60)).toEqual({ queued: false, reason: 'maxQueuedBytes' });
  // A first request is always let wait, however large: a body within the body limit is never refused alone.
  expect(h.send('c1', 'C', '', 5000).queued).toBe(true);
});

test('a cancelled request leaves the queue, and the client is forgotten once it has nothing waiting or running', () => {
  h = harness({ ...LIMITS, slots: 1 });
  h.send('a1', 'A');
  const b = h.send('b1', 'B');
  expect(b.queued && b.cancel()).toBe(true);
  expect(b.queued && b.cancel()).toBe(false);
  expect(h.dispatch.sizes).toEqual({ queued: 0, inFlight: 1, clients: 1 });
  h.end('a1', 5);
  expect(h.dispatch.sizes).toEqual({ queued: 0, inFlight: 0, clients: 0 });
  expect(h.order).toEqual(['a1']);
});

test('a lane that yields: after a request held the thread t ms, the next starts t ms later while the others are busy, at once when they are not', () => {
  jest.useFakeTimers();
  try {
    let othersBusy = true;
    h = harness({ ...LIMITS, slots: 1, maxQueued: 10, yieldsTo: () => othersBusy });
    h.send('l1', 'A');
    h.send('l2', 'B');
    h.end('l1', 40); // l1 held the thread 40 ms: l2 waits 40 ms more
    expect(h.order).toEqual(['l1']);
    jest.advanceTimersByTime(39);
    expect(h.order).toEqual(['l1']);
    h.clock(40);
    jest.advanceTimersByTime(1);
    expect(h.order).toEqual(['l1', 'l2']);
    othersBusy = false;
    h.send('l3', 'A');
    h.end('l2', 40); // nobody else is busy: l3 starts at once
    expect(h.order).toEqual(['l1', 'l2', 'l3']);
  } finally {
    jest.useRealTimers();
  }
});

test('a yielding lane pauses at most MAX_YIELD_MS: a long import does not hold the next large request past its deadline', () => {
  jest.useFakeTimers();
  try {
    h = harness({ ...LIMITS, slots: 1, maxQueued: 10, yieldsTo: () => true });
    h.send('import', 'A');
    h.send('next', 'B');
    h.end('import', 60_000);
    h.clock(MAX_YIELD_MS);
    jest.advanceTimersByTime(MAX_YIELD_MS);
    expect(h.order).toEqual(['import', 'next']);
  } finally {
    jest.useRealTimers();
  }
});
