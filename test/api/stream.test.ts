/**
 * Libraries of any size in and out (issue 19): GET /libraries/{id}/export streams newline-delimited
 * JSON — the export's header, then one scenario per line — and POST /libraries/{id}/import takes
 * the same stream, every line checked, everything written in one transaction or nothing (the line
 * number of the first bad row), duplicates skipped or copied as asked. Over real HTTP, into a real
 * database (docs/operations.md, "Streamed export and import").
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'fs';
import { join } from 'path';
import { ADMIN_KEY, gql, libraryWrites, ok, startTestServer, TestServer } from './harness';

const V1 = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'library-v1.json'), 'utf8'));

let s: TestServer;
let base: string;
const q = (query: string, variables?: Record<string, unknown>, key: string = ADMIN_KEY) => gql(s.url, query, variables, key);
const { newLibrary } = libraryWrites(q);
beforeAll(async () => {
  s = await startTestServer();
  base = s.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await s?.stop();
});

const auth = (key: string | null = ADMIN_KEY): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});
const exportOf = (lib: string, key: string | null = ADMIN_KEY) => fetch(`${base}/libraries/${lib}/export`, { headers: auth(key) });
const importInto = (lib: string, body: string, opts: { key?: string | null; query?: string; accept?: string } = {}) =>
  fetch(`${base}/libraries/${lib}/import${opts.query ?? ''}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-ndjson',
      ...auth(opts.key === undefined ? ADMIN_KEY : opts.key),
      ...(opts.accept ? { accept: opts.accept } : {}),
    },
    body,
  });
/** A refusal's errors. */
const errorsOf = async (res: Response): Promise<any[]> => ((await res.json()) as { errors: unknown[] }).errors;
const lines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
const count = async (lib: string) =>
  ok(await q(`query($l: ID!) { scenarios(libraryId: $l, first: 1) { totalCount } }`, { l: lib })).scenarios.totalCount as number;
const graphqlExport = async (lib: string) => ok(await q(`query($l: ID!) { exportLibrary(id: $l) }`, { l: lib })).exportLibrary;

/** A stream of `n` valid scenarios after the header. */
function generated(n: number, name = (i: number) => `grid ${i}`): string {
  const header = { format: 'flopscope.library', version: 2, library: { name: 'grid', description: null }, hardware: [] };
  const out = [JSON.stringify(header)];
  const input = V1.scenarios[0].input;
  for (let i = 0; i < n; i++)
    out.push(JSON.stringify({ name: name(i), description: null, tags: ['grid'], input: { ...input, model: { ...input.model, parameters: 1e9 + i } } }));
  return `${out.join('\n')}\n`;
}

let source: string;
let exported: string;

test('an export is the header line, then one line per live scenario — exportLibrary’s document, a scenario a line', async () => {
  source = await newLibrary('streamed source');
  ok(await q(`mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios } }`, { l: source, d: V1 }));
  const res = await exportOf(source);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="streamed-source.ndjson"');
  exported = await res.text();
  const [header, ...rows] = lines(exported);
  const doc = await graphqlExport(source);
  expect(header).toEqual({ format: 'flopscope.library', version: 2, exportedAt: expect.any(String), library: doc.library, hardware: doc.hardware });
  expect(rows).toEqual(doc.scenarios);
  expect(rows).toHaveLength(5);
});

test('the stream imports into another library as it was, and a second import of it skips every scenario (or copies them when asked)', async () => {
  const target = await newLibrary('streamed target');
  const first = await importInto(target, exported);
  expect(first.status).toBe(200);
  expect(await first.json()).toEqual({ scenarios: 5, skipped: 0, hardware: 1 });
  const doc = await graphqlExport(target);
  const src = await graphqlExport(source);
  expect(doc.scenarios).toEqual(src.scenarios);
  expect(doc.hardware).toEqual(src.hardware);

  expect(await (await importInto(target, exported)).json()).toEqual({ scenarios: 0, skipped: 5, hardware: 0 });
  expect(await count(target)).toBe(5);
  expect(await (await importInto(target, exported, { query: '?onDuplicate=copy' })).json()).toEqual({ scenarios: 5, skipped: 0, hardware: 0 });
  expect(await count(target)).toBe(10);
  const bad = await importInto(target, exported, { query: '?onDuplicate=maybe' });
  expect(bad.status).toBe(400);
  expect((await errorsOf(bad))[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'onDuplicate' });
});

test("a document's own repeated scenarios are all written: duplicates are of what the library held before", async () => {
  const lib = await newLibrary('repeats');
  const res = await importInto(
    lib,
    generated(3, () => 'same'),
  );
  expect(await res.json()).toEqual({ scenarios: 3, skipped: 0, hardware: 0 });
});

test('a bad line anywhere writes nothing and says which line and field', async () => {
  const lib = await newLibrary('bad lines');
  const text = generated(2500).split('\n');
  const row = JSON.parse(text[2001]);
  row.input.model.parameters = -1;
  text[2001] = JSON.stringify(row);
  const res = await importInto(lib, text.join('\n'));
  expect(res.status).toBe(400);
  const error = (await errorsOf(res))[0];
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', line: 2002 });
  expect(error.extensions.field).toContain('model.parameters');
  expect(error.message).toMatch(/^line 2002 \(scenario\.input\.model\.parameters\): /);
  expect(await count(lib)).toBe(0);

  const notJson = await importInto(lib, `${text[0]}\n${text[1]}\n{"name": "cut`);
  expect(notJson.status).toBe(400);
  expect((await errorsOf(notJson))[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', line: 3 });
  const header = await importInto(lib, `{"format":"something else"}\n${text[1]}\n`);
  expect((await errorsOf(header))[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'header.format', line: 1 });
  const empty = await importInto(lib, '');
  expect((await errorsOf(empty))[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'line' });
  expect(await count(lib)).toBe(0);
});

test('keys and roles as in the GraphQL mutations: anonymous and viewers cannot import, a private library is not found', async () => {
  const lib = await newLibrary('private, streamed');
  const viewer = ok(await q(`mutation { createUser(name: "stream viewer") { apiKey user { id } } }`)).createUser;
  ok(await q(`mutation($l: ID!, $u: ID!) { addLibraryMember(libraryId: $l, userId: $u, role: VIEWER) { role } }`, { l: lib, u: viewer.user.id }));
  const anonymous = await importInto(lib, exported, { key: null });
  expect(anonymous.status).toBe(401);
  expect((await errorsOf(anonymous))[0].extensions.code).toBe('UNAUTHENTICATED');
  const asViewer = await importInto(lib, exported, { key: viewer.apiKey });
  expect(asViewer.status).toBe(403);
  expect((await errorsOf(asViewer))[0].extensions.code).toBe('FORBIDDEN');
  expect((await exportOf(lib, viewer.apiKey)).status).toBe(200);
  const hidden = await exportOf(lib, null);
  expect(hidden.status).toBe(404);
  expect((await errorsOf(hidden))[0].extensions.code).toBe('NOT_FOUND');
  expect((await exportOf('not-a-library')).status).toBe(404);
  const badKey = await exportOf(lib, 'fsk_nope');
  expect(badKey.status).toBe(401);
  expect((await fetch(`${base}/libraries/${lib}/export`, { method: 'POST', body: 'x' })).status).toBe(405);
  expect(await count(lib)).toBe(0);
});

test('with Accept: application/x-ndjson an import answers progress lines and a last line that says what happened', async () => {
  const lib = await newLibrary('with progress');
  const res = await importInto(lib, generated(3000), { accept: 'application/x-ndjson' });
  expect(res.status).toBe(200);
  const out = lines(await res.text());
  expect(out[out.length - 1]).toEqual({ result: { scenarios: 3000, skipped: 0, hardware: 0 } });
  for (const l of out.slice(0, -1)) expect(l.progress).toEqual({ lines: expect.any(Number), scenarios: expect.any(Number), skipped: 0 });

  const text = generated(3000).split('\n');
  text[2999] = '[]';
  const failed = lines(await (await importInto(lib, text.join('\n'), { accept: 'application/x-ndjson' })).text());
  expect(failed[failed.length - 1].errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', line: 3000 });
  expect(await count(lib)).toBe(3000);
});

test('a line over the limit is a 413 that reaches the client, whose whole body is read', async () => {
  const lib = await newLibrary('too long');
  const long = `${generated(1).split('\n')[0]}\n${JSON.stringify({ name: 'x'.repeat(3_000_000) })}\n${generated(2000)}`;
  const res = await importInto(lib, long);
  expect(res.status).toBe(413);
  expect((await errorsOf(res))[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 'maxLineBytes', line: 2 });
  expect(await count(lib)).toBe(0);
});

test('a client that leaves in the middle of an import writes nothing, and the library takes the next import', async () => {
  const lib = await newLibrary('left');
  const text = generated(4000);
  await new Promise<void>((resolve) => {
    const url = new URL(`${base}/libraries/${lib}/import`);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { ...auth(), 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => resolve());
    req.write(text.slice(0, Math.floor(text.length / 2)));
    setTimeout(() => {
      req.destroy();
      resolve();
    }, 500);
  });
  await new Promise((r) => setTimeout(r, 500));
  expect(await count(lib)).toBe(0);
  expect(await (await importInto(lib, generated(10))).json()).toEqual({ scenarios: 10, skipped: 0, hardware: 0 });
});

test('exportLibrary and importLibrary refuse what is past their size and name the streamed endpoints; a body past the limit is a 413 that says so', async () => {
  const lib = await newLibrary('big');
  expect(await (await importInto(lib, generated(10_001))).json()).toEqual({ scenarios: 10_001, skipped: 0, hardware: 0 });
  const res = await q(`query($l: ID!) { exportLibrary(id: $l) }`, { l: lib });
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', endpoint: `/libraries/${lib}/export` });
  const streamed = await exportOf(lib);
  expect(lines(await streamed.text())).toHaveLength(10_002);
  const big = await fetch(s.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth() },
    body: JSON.stringify({
      query: 'mutation($l: ID!, $d: JSONObject!) { importLibrary(libraryId: $l, document: $d) { scenarios } }',
      variables: { l: lib, d: { pad: 'x'.repeat(1_200_000) } },
    }),
  });
  expect(big.status).toBe(413);
  expect((await errorsOf(big))[0].message).toContain('POST /libraries/{id}/import');
});

describe('npm run export / import: the streamed endpoints from the command line', () => {
  const cli = path.join(__dirname, '..', '..', 'dist', 'src', 'cli', 'transfer.js');
  const run = (args: string[], key: string | null = ADMIN_KEY) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const env = { ...process.env, FLOPSCOPE_URL: base, ...(key ? { FLOPSCOPE_API_KEY: key } : { FLOPSCOPE_API_KEY: '' }) };
      execFile(process.execPath, [cli, ...args], { env }, (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }));
    });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flopscope-cli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a library goes to a file and into another library; the second import skips, --copy copies; each run ends with one line saying what it did', async () => {
    const file = path.join(dir, 'source.ndjson');
    const out = await run(['export', source, file]);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain(`exported 5 scenarios`);
    expect(lines(fs.readFileSync(file, 'utf8')).slice(1)).toEqual(lines(exported).slice(1));
    const target = await newLibrary('from the command line');
    const first = await run(['import', target, file]);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('imported 5 scenarios (0 skipped as already there, 1 accelerators added)');
    expect((await run(['import', target, file])).stderr).toContain('imported 0 scenarios (5 skipped as already there');
    expect((await run(['import', target, file, '--copy'])).stderr).toContain('imported 5 scenarios (0 skipped');
    expect(await count(target)).toBe(10);
  });

  test('a refused import exits 1 with the server’s message and writes nothing; bad arguments exit 2 with the usage', async () => {
    const target = await newLibrary('refused from the command line');
    const bad = path.join(dir, 'bad.ndjson');
    const text = exported.split('\n');
    text[3] = '{"name": "broken", "input": {}}';
    fs.writeFileSync(bad, text.join('\n'));
    const refused = await run(['import', target, bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/line 4 \(scenario\.input[^)]*\): .*\(BAD_USER_INPUT\); nothing was written/);
    expect(await count(target)).toBe(0);
    const anonymous = await run(['import', target, bad], null);
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain('UNAUTHENTICATED');
    const usage = await run(['import', target]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('the file to import is missing');
    expect(usage.stderr).toContain('usage: npm run export');
  });
});
