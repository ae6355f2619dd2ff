/**
 * The flopscope team dashboard, served on /dashboard. Preact + Chart.js, bundled by
 * scripts/build-web.js; every number comes from the public GraphQL API.
 */
import { render } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { loadApiKey, saveApiKey } from '../common/apikey';
import { ApiError, gql, type Hardware, type LibrarySummary, Q_INIT, Q_LIBRARIES, type ReferenceModel } from './api';
import { type Shared, SharedContext } from './context';
import { href, useRoute } from './route';
import { ErrorBox } from './ui';
import { CompareView } from './views/Compare';
import { LibraryView } from './views/Library';
import { ScenarioView } from './views/Scenario';
import './dashboard.css';

function ApiKeyBox({ apiKey, onChange }: { apiKey: string | null; onChange(key: string | null): Promise<string | null> }) {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  // Open: the key field takes the focus in the same frame the popover appears (a layout effect, not a
  // deferred one, so a keystroke typed right after opening lands in the field). Escape, or a click
  // outside, closes it; Escape gives the focus back to the button.
  useLayoutEffect(() => {
    if (open) field.current?.focus();
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setOpen(false);
      toggle.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = await onChange(text.trim() || null);
    setMessage(problem);
    if (!problem) {
      setText('');
      setOpen(false);
      toggle.current?.focus();
    }
  };
  return (
    <div class="apikey" ref={box}>
      <button
        type="button"
        ref={toggle}
        class={`link ${apiKey ? 'ok' : ''}`}
        onClick={() => setOpen(!open)}
        data-testid="apikey-toggle"
        aria-expanded={open}
        aria-controls="apikey-popover"
        aria-label={apiKey ? 'API key (entered)' : 'API key'}
      >
        {apiKey ? 'API key ✓' : 'API key'}
      </button>
      {open && (
        <div class="popover" id="apikey-popover" role="dialog" aria-label="API key">
          <form onSubmit={submit}>
            <p>Saving needs an API key. It stays in this browser (localStorage) and is sent only to this server.</p>
            <input
              ref={field}
              type="password"
              autoComplete="off"
              placeholder="fsk_…"
              value={text}
              onInput={(e) => setText((e.target as HTMLInputElement).value)}
              data-testid="apikey-input"
              aria-label="API key"
            />
            <div class="row">
              <button type="submit" data-testid="apikey-save">
                Save key
              </button>
              {apiKey && (
                <button
                  type="button"
                  class="secondary"
                  onClick={() =>
                    void onChange(null).then(() => {
                      setOpen(false);
                      toggle.current?.focus();
                    })
                  }
                >
                  Forget key
                </button>
              )}
            </div>
            {message && (
              <p class="error" role="alert">
                {message}
              </p>
            )}
          </form>
        </div>
      )}
    </div>
  );
}

function App() {
  const route = useRoute();
  const [shared, setShared] = useState<Omit<Shared, 'reloadLibraries'>>({ libraries: [], references: [], hardware: [], apiKey: loadApiKey() });
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    gql<{ libraries: LibrarySummary[]; referenceModels: ReferenceModel[]; hardware: Hardware[] }>(Q_INIT)
      .then((d) => setShared((s) => ({ ...s, libraries: d.libraries, references: d.referenceModels, hardware: d.hardware })))
      .catch((e) => {
        if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') {
          // A stale key must not lock the dashboard: forget it and read as a guest.
          saveApiKey(null);
          setShared((s) => ({ ...s, apiKey: null }));
          setError(new Error('The saved API key was rejected and has been forgotten; enter a valid one to save.'));
          return gql<{ libraries: LibrarySummary[]; referenceModels: ReferenceModel[]; hardware: Hardware[] }>(Q_INIT, {}, null).then((d) =>
            setShared((s) => ({ ...s, libraries: d.libraries, references: d.referenceModels, hardware: d.hardware })),
          );
        }
        setError(e);
      });
  }, []);

  const reloadLibraries = useCallback(async () => {
    const d = await gql<{ libraries: LibrarySummary[] }>(Q_LIBRARIES);
    setShared((s) => ({ ...s, libraries: d.libraries }));
  }, []);

  /** Checks a key against the API before keeping it; returns a problem, or null. */
  const changeKey = async (key: string | null): Promise<string | null> => {
    try {
      const d = await gql<{ libraries: LibrarySummary[] }>(Q_LIBRARIES, {}, key);
      saveApiKey(key);
      setShared((s) => ({ ...s, apiKey: key, libraries: d.libraries }));
      setError(null);
      return null;
    } catch (e) {
      return e instanceof ApiError && e.code === 'UNAUTHENTICATED' ? 'That key was not accepted.' : (e as Error).message;
    }
  };

  return (
    <SharedContext.Provider value={{ ...shared, reloadLibraries }}>
      <header class="top">
        <a class="brand" href={href('library', route.view === 'library' ? route.id : (route.params.lib ?? 'examples'))}>
          flopscope
        </a>
        <span class="tagline">training compute, estimated</span>
        <nav aria-label="Site">
          <a href={href('library', 'examples')}>Examples</a>
          <a href="/graphql">
            GraphQL<span class="wide-only"> playground</span>
          </a>
          <ApiKeyBox apiKey={shared.apiKey} onChange={changeKey} />
        </nav>
      </header>
      <main>
        <ErrorBox error={error} />
        {route.view === 'library' && <LibraryView route={route} />}
        {route.view === 'scenario' && <ScenarioView route={route} />}
        {route.view === 'compare' && <CompareView route={route} />}
      </main>
    </SharedContext.Provider>
  );
}

render(<App />, document.getElementById('app') as HTMLElement);
