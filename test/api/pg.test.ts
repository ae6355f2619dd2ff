/**
 * src/db/pg.ts: the pg driver loads without its Cloudflare Workers probe, which would construct a
 * `Response` and so load Node 20's fetch implementation (undici) on every start.
 */
import net from 'node:net';

test('pg loads without touching Response, leaves it exactly as it was, and still opens Node.js sockets', () => {
  const original = Object.getOwnPropertyDescriptor(globalThis, 'Response');
  let reads = 0;
  const watched = { get: () => (reads++, original?.get ? original.get.call(globalThis) : original?.value), configurable: true, enumerable: false };
  Object.defineProperty(globalThis, 'Response', watched);
  try {
    jest.isolateModules(() => {
      const { Client } = require('../../src/db/pg') as typeof import('../../src/db/pg');
      expect(reads).toBe(0);
      expect(Object.getOwnPropertyDescriptor(globalThis, 'Response')).toEqual(watched);
      const client = new Client({ host: '127.0.0.1', port: 1 }) as unknown as { connection: { stream: unknown } };
      expect(client.connection.stream).toBeInstanceOf(net.Socket);
    });
  } finally {
    if (original) Object.defineProperty(globalThis, 'Response', original);
    else delete (globalThis as { Response?: unknown }).Response;
  }
});
