/** The part of pg-copy-streams (no types of its own) the transfer step uses: COPY … TO STDOUT and FROM STDIN as streams, run by pg's client.query. */
declare module 'pg-copy-streams' {
  import type { Readable, Writable } from 'node:stream';
  import type { Submittable } from 'pg';
  export function to(sql: string): Readable & Submittable;
  export function from(sql: string): Writable & Submittable;
}
