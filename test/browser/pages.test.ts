/**
 * src/server/pages.ts over HTTP, without a browser or a database: which URLs it answers, the
 * switches (FLOPSCOPE_PLAYGROUND, FLOPSCOPE_DASHBOARD), the CSP, gzip, ETags, and no way out of
 * the assets folder.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { servePage } from '../../src/server/pages';
import { checkPrerequisites } from './browser';

/** A server that is only pages.ts: 418 for whatever it does not answer (the API's turn). */
async function serve(env: Record<string, string>): Promise<{ base: string; close(): Promise<void> }> {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!(await servePage(req, res, url, config))) {
      res.writeHead(418);
      res.end('api');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const html = { accept: 'text/html,application/xhtml+xml' };

beforeAll(() => checkPrerequisites());

describe('pages.ts with the defaults (playground and dashboard on)', () => {
  let s: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    s = await serve({});
  });
  afterAll(() => s.close());

  test('GET /graphql from a browser is the playground, with a CSP that allows only this server', async () => {
    const r = await fetch(`${s.base}/graphql`, { headers: html });
    expect(r.status).toBe(200);
    const body = await r.text();
    expect(body).toContain('<div id="graphiql">');
    expect(body).toContain('/assets/playground/playground.js');
    expect(body).not.toMatch(/https?:\/\//);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("script-src 'self'");
  });

  test('the API keeps everything else on /graphql: POST, GET with a query string, GET without text/html', async () => {
    expect((await fetch(`${s.base}/graphql`, { method: 'POST', headers: html, body: '{}' })).status).toBe(418);
    expect((await fetch(`${s.base}/graphql?query={hardware{key}}`, { headers: html })).status).toBe(418);
    expect((await fetch(`${s.base}/graphql`, { headers: { accept: 'application/json' } })).status).toBe(418);
  });

  test('/ redirects to /dashboard, which is served with its assets', async () => {
    const r = await fetch(`${s.base}/`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/dashboard');
    const d = await fetch(`${s.base}/dashboard`);
    expect(d.status).toBe(200);
    expect(await d.text()).toContain('/assets/dashboard/dashboard.js');
    const js = await fetch(`${s.base}/assets/dashboard/dashboard.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  test('assets come gzipped when accepted, with an ETag that answers 304', async () => {
    const gz = await fetch(`${s.base}/assets/playground/playground.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.status).toBe(200);
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    const etag = gz.headers.get('etag') as string;
    expect(etag).toMatch(/^".+"$/);
    expect((await fetch(`${s.base}/assets/playground/playground.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    for (const w of ['editor', 'json', 'graphql']) expect((await fetch(`${s.base}/assets/playground/${w}.worker.js`)).status).toBe(200);
  });

  test('nothing outside the built assets is reachable', async () => {
    for (const p of [
      '/assets/../package.json',
      '/assets/playground/..%2f..%2f..%2fpackage.json',
      '/assets/manifest.json',
      '/assets/dashboard/.hidden.js',
      '/assets/playground/%E0%A4%A',
      '/assets/other/x.js',
    ]) {
      const r = await fetch(`${s.base}${p}`);
      expect([404, 418]).toContain(r.status);
      expect(await r.text()).not.toContain('"dependencies"');
    }
  });
});

describe('switched off (FLOPSCOPE_PLAYGROUND=off, FLOPSCOPE_DASHBOARD=off; NODE_ENV=production turns the playground off)', () => {
  test('no playground: GET /graphql is a short note about the API, and its assets are gone', async () => {
    const envs: Record<string, string>[] = [{ FLOPSCOPE_PLAYGROUND: 'off' }, { NODE_ENV: 'production' }];
    for (const env of envs) {
      const s = await serve(env);
      try {
        const r = await fetch(`${s.base}/graphql`, { headers: html });
        expect(r.status).toBe(200);
        const body = await r.text();
        expect(body).toContain('flopscope GraphQL API');
        expect(body).not.toContain('playground.js');
        expect((await fetch(`${s.base}/assets/playground/playground.js`)).status).toBe(404);
        expect((await fetch(`${s.base}/dashboard`)).status).toBe(200);
      } finally {
        await s.close();
      }
    }
  });

  test('no dashboard: /dashboard is 404 and / is left to the API', async () => {
    const s = await serve({ FLOPSCOPE_DASHBOARD: 'off' });
    try {
      expect((await fetch(`${s.base}/dashboard`)).status).toBe(404);
      expect((await fetch(`${s.base}/assets/dashboard/dashboard.js`)).status).toBe(404);
      expect((await fetch(`${s.base}/`, { redirect: 'manual' })).status).toBe(418);
      expect((await fetch(`${s.base}/graphql`, { headers: html })).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
