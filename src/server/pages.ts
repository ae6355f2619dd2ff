/**
 * Pages for people in a browser: the GraphiQL playground (GET /graphql), the team dashboard
 * (/dashboard, and / redirects there) and their assets (/assets/...). The assets are built from
 * web/ by scripts/build-web.js into dist/web; nothing is loaded from anywhere but this server, and
 * the Content-Security-Policy on every page says so to the browser too.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Config } from '../config';

/** Where the built assets are: dist/web, from dist/src/server (compiled) or src/server (ts-jest). */
function findWebDir(): string | null {
  for (const dir of [path.resolve(__dirname, '../../web'), path.resolve(__dirname, '../../dist/web')]) {
    if (fs.existsSync(path.join(dir, 'manifest.json'))) return dir;
  }
  return null;
}

let webDir: string | null = null;
function webRoot(): string | null {
  if (!webDir) webDir = findWebDir();
  return webDir;
}

/** Only this server: scripts, styles, workers, fonts and API calls. Inline styles for GraphiQL/Monaco. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const FAVICON = `<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#3b5bdb"/><path d="M3 12l3-4 3 2 4-6" stroke="#fff" stroke-width="1.6" fill="none"/></svg>',
)}">`;

function page(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${FAVICON}
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

const PLAYGROUND_HTML = page(
  'flopscope · GraphQL playground',
  '<link rel="stylesheet" href="/assets/playground/playground.css">\n<script type="module" src="/assets/playground/playground.js"></script>',
  '<div id="graphiql"><p style="font-family: system-ui; padding: 2rem">Loading the GraphQL playground…</p></div>',
);

const DASHBOARD_HTML = page(
  'flopscope · dashboard',
  '<link rel="stylesheet" href="/assets/dashboard/dashboard.css">\n<script type="module" src="/assets/dashboard/dashboard.js"></script>',
  '<div id="app"></div>\n<noscript>The dashboard needs JavaScript. The API itself is at <a href="/graphql">/graphql</a>.</noscript>',
);

const API_INFO = page(
  'flopscope GraphQL API',
  '',
  `<main style="font-family: system-ui; max-width: 40rem; margin: 3rem auto">
<h1>flopscope GraphQL API</h1>
<p>POST GraphQL requests to this URL, e.g.</p>
<pre>curl -s localhost:4000/graphql -H 'content-type: application/json' \\
  -d '{"query":"{ hardware { key name } }"}'</pre>
</main>`,
);

const NOT_BUILT = page(
  'flopscope: pages not built',
  '',
  `<main style="font-family: system-ui; max-width: 40rem; margin: 3rem auto">
<h1>The browser pages are not built</h1>
<p>Run <code>npm run build</code> (it runs <code>scripts/build-web.js</code>), then reload. The API works regardless: POST to <a href="/graphql">/graphql</a>.</p>
</main>`,
);

function sendHtml(req: http.IncomingMessage, res: http.ServerResponse, status: number, html: string): true {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  res.end(req.method === 'HEAD' ? undefined : html);
  return true;
}

interface StaticFile {
  body: Buffer;
  gzip: Buffer | null;
  etag: string;
  type: string;
  immutable: boolean;
}
const files = new Map<string, StaticFile | null>();

/** A file under dist/web by its URL path below /assets/, read once and kept (the build does not change while serving). */
function staticFile(rel: string): StaticFile | null {
  const root = webRoot();
  if (!root) return null;
  if (files.has(rel)) return files.get(rel) ?? null;
  let found: StaticFile | null = null;
  const full = path.resolve(root, rel);
  const type = TYPES[path.extname(full)];
  if (type && full.startsWith(root + path.sep) && !rel.split('/').some((p) => p.startsWith('.'))) {
    try {
      const body = fs.readFileSync(full);
      let gzip: Buffer | null = null;
      try {
        gzip = fs.readFileSync(`${full}.gz`);
      } catch {
        gzip = null;
      }
      const etag = `"${crypto.createHash('sha1').update(body).digest('base64url')}"`;
      // esbuild names chunks and fonts with a content hash: those never change under their name.
      found = { body, gzip, etag, type, immutable: /-[A-Z0-9]{8}\.\w+$/.test(full) };
    } catch {
      found = null;
    }
  }
  files.set(rel, found);
  return found;
}

function sendStatic(req: http.IncomingMessage, res: http.ServerResponse, f: StaticFile): true {
  const headers: Record<string, string> = {
    'content-type': f.type,
    etag: f.etag,
    'cache-control': f.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
  };
  if (req.headers['if-none-match'] === f.etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  const gzip = f.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? (f.gzip as Buffer) : f.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

function notFound(res: http.ServerResponse): true {
  const body = JSON.stringify({ error: 'not found' });
  res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}

/**
 * Answers browser pages and their assets. Returns true when it answered the request, false to
 * let the API handle it (every POST, and GET /graphql with a query string or without Accept: text/html).
 */
export async function servePage(req: http.IncomingMessage, res: http.ServerResponse, url: URL, config: Config): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const p = url.pathname;

  if (p === '/graphql') {
    if (url.search || !(req.headers.accept ?? '').includes('text/html')) return false;
    if (!config.playground) return sendHtml(req, res, 200, API_INFO);
    return sendHtml(req, res, webRoot() ? 200 : 503, webRoot() ? PLAYGROUND_HTML : NOT_BUILT);
  }

  if (p === '/' && config.dashboard) {
    res.writeHead(302, { location: `/dashboard${url.search}`, 'content-length': '0' });
    res.end();
    return true;
  }

  if (p === '/dashboard' || p === '/dashboard/') {
    if (!config.dashboard) return notFound(res);
    return sendHtml(req, res, webRoot() ? 200 : 503, webRoot() ? DASHBOARD_HTML : NOT_BUILT);
  }

  if (p.startsWith('/assets/')) {
    let rel: string;
    try {
      rel = decodeURIComponent(p.slice('/assets/'.length));
    } catch {
      return notFound(res);
    }
    const section = rel.split('/')[0];
    if ((section === 'playground' && !config.playground) || (section === 'dashboard' && !config.dashboard)) return notFound(res);
    if (section !== 'playground' && section !== 'dashboard') return notFound(res);
    const f = staticFile(rel);
    return f ? sendStatic(req, res, f) : notFound(res);
  }

  if (p === '/favicon.ico') {
    res.writeHead(204);
    res.end();
    return true;
  }
  return false;
}
