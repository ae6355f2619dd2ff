/**
 * Newline-delimited JSON read from a byte stream: each line's text (UTF-8, split across chunks
 * where it may be), a "\r\n" ending taken as "\n". A line longer than `maxLineBytes` is refused
 * before it is held whole, so a stream of any length is read in bounded memory.
 */
import { StringDecoder } from 'node:string_decoder';

export class LineTooLong extends Error {
  constructor(
    readonly line: number,
    readonly maxBytes: number,
  ) {
    super(`line ${line} is longer than ${maxBytes} bytes; a scenario's line is far shorter`);
  }
}

export async function* ndjsonLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  const strip = (s: string) => (s.endsWith('\r') ? s.slice(0, -1) : s);
  for await (const chunk of chunks) {
    pending += decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    let at = pending.indexOf('\n');
    let from = 0;
    while (at >= 0) {
      line++;
      if (at - from > maxLineBytes) throw new LineTooLong(line, maxLineBytes);
      yield strip(pending.slice(from, at));
      from = at + 1;
      at = pending.indexOf('\n', from);
    }
    pending = pending.slice(from);
    // Characters, not bytes: a UTF-8 line is at least as long in bytes, so this never refuses a line that fits.
    if (pending.length > maxLineBytes) throw new LineTooLong(line + 1, maxLineBytes);
  }
  pending += decoder.end();
  if (pending.length > 0) {
    if (pending.length > maxLineBytes) throw new LineTooLong(line + 1, maxLineBytes);
    yield strip(pending);
  }
}
