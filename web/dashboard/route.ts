/**
 * The view lives in the URL hash so that a link reproduces it:
 *   #/library/<id>?sort=flops&dir=desc
 *   #/scenario/<id>?edit=<input as JSON>&sweep=cluster.gpuCount&from=1000&to=100000&steps=25&scale=LOG&metric=wallClockDays
 *   #/compare?ids=<id>,<id>[,<id>,<id>]&lib=<library id>
 */
import { useEffect, useState } from 'preact/hooks';

export type View = 'library' | 'scenario' | 'compare';

export interface Route {
  view: View;
  id: string | null;
  params: Record<string, string>;
}

export const DEFAULT_ROUTE: Route = { view: 'library', id: 'examples', params: {} };

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  if (!h) return DEFAULT_ROUTE;
  const [pathPart, query = ''] = h.split('?', 2);
  const [view, ...rest] = pathPart.split('/');
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  const id = rest.length ? decodeURIComponent(rest.join('/')) : null;
  if (view === 'library' || view === 'scenario' || view === 'compare') return { view, id, params };
  return DEFAULT_ROUTE;
}

export function formatHash(r: Route): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(r.params)) if (v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#/${r.view}${r.id ? `/${encodeURIComponent(r.id)}` : ''}${qs ? `?${qs}` : ''}`;
}

export function href(view: View, id: string | null, params: Record<string, string> = {}): string {
  return formatHash({ view, id, params });
}

/** Go to a view; `replace` rewrites the current history entry (for edits as they are typed). */
export function navigate(r: Route, replace = false): void {
  const hash = formatHash(r);
  if (hash === location.hash) return;
  if (replace) {
    history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
