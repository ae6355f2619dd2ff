/**
 * The GraphiQL playground served on GET /graphql: GraphiQL 5 (Monaco editors, docs explorer,
 * history) with an "Examples" plugin that opens each main task in a new tab. Everything is
 * bundled by scripts/build-web.js; the Monaco workers are served next to this file.
 */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { type GraphiQLPlugin, useGraphiQL, useGraphiQLActions } from '@graphiql/react';
import { useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './playground.css';
import { loadApiKey } from '../common/apikey';
import { type Example, examples, NO_KEY_HEADERS } from './examples';

const ASSETS = '/assets/playground';

// Monaco runs its language services in workers, built as separate files by scripts/build-web.js.
(globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    const name = label === 'json' ? 'json' : label === 'graphql' ? 'graphql' : 'editor';
    return new Worker(`${ASSETS}/${name}.worker.js`, { name: `monaco-${name}` });
  },
};

const fetcher = createGraphiQLFetcher({ url: `${location.origin}/graphql` });
const EXAMPLES = examples(loadApiKey());

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M4 5h16M4 12h10M4 19h13" strokeLinecap="round" />
      <path d="M17 10l4 2-4 2z" fill="currentColor" />
    </svg>
  );
}

function ExamplesContent() {
  const { addTab, setOperationName } = useGraphiQLActions();
  const queryEditor = useGraphiQL((s) => s.queryEditor);
  const variableEditor = useGraphiQL((s) => s.variableEditor);
  const headerEditor = useGraphiQL((s) => s.headerEditor);
  const open = (ex: Example) => {
    addTab();
    // addTab() empties the editors; fill them, and the tab state follows the editors.
    queryEditor?.setValue(ex.query);
    variableEditor?.setValue(ex.variables);
    headerEditor?.setValue(ex.headers);
    // GraphiQL reads the operation name from the editor 100 ms after a change: set it now, so
    // that ▶ right after opening runs this example's (first) operation.
    const name = /\b(?:query|mutation)\s+(\w+)/.exec(ex.query)?.[1];
    if (name) setOperationName(name);
  };
  return (
    <div className="fs-examples">
      <div className="graphiql-doc-explorer-title">Examples</div>
      <p>Each opens in a new tab. Run it with ▶ (or Ctrl-Enter).</p>
      <ul>
        {EXAMPLES.map((ex) => (
          <li key={ex.title}>
            <button type="button" className="fs-example" onClick={() => open(ex)}>
              <strong>{ex.title}</strong>
              <span>{ex.description}</span>
            </button>
          </li>
        ))}
      </ul>
      <p>
        The <a href="/dashboard">dashboard</a> shows the same API as tables and charts. An API key goes in the <em>Headers</em> pane:{' '}
        <code>{'{ "Authorization": "Bearer …" }'}</code>.
      </p>
    </div>
  );
}

/**
 * GraphiQL 5.4 fills the first tab's query from `defaultTabs` but not its variables or headers
 * (the provider seeds those editors from `initialVariables`/`initialHeaders` only). Fill them from
 * the active tab once the editors exist, when they came up empty.
 */
function FillFirstTab() {
  const variableEditor = useGraphiQL((s) => s.variableEditor);
  const headerEditor = useGraphiQL((s) => s.headerEditor);
  const tab = useGraphiQL((s) => s.tabs[s.activeTabIndex]);
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !variableEditor || !headerEditor || !tab) return;
    done.current = true;
    if (!variableEditor.getValue() && tab.variables) variableEditor.setValue(tab.variables);
    if (!headerEditor.getValue().trim() && tab.headers) headerEditor.setValue(tab.headers);
  }, [variableEditor, headerEditor, tab]);
  return null;
}

const EXAMPLES_PLUGIN: GraphiQLPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExamplesContent };
/** On a phone the editors need the whole width: the Examples pane starts closed (its icon opens it). */
const NARROW = window.matchMedia('(max-width: 700px)').matches;

function Playground() {
  return (
    <GraphiQL
      fetcher={fetcher}
      plugins={[EXAMPLES_PLUGIN, HISTORY_PLUGIN]}
      visiblePlugin={NARROW ? undefined : EXAMPLES_PLUGIN}
      defaultTabs={EXAMPLES.map(({ query, variables, headers }) => ({ query, variables, headers }))}
      defaultHeaders={NO_KEY_HEADERS}
      defaultEditorToolsVisibility="headers"
      isHeadersEditorEnabled
    >
      <GraphiQL.Logo>
        <a className="fs-logo" href="/dashboard" title="Open the flopscope dashboard">
          flopscope
        </a>
        <FillFirstTab />
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

createRoot(document.getElementById('graphiql') as HTMLElement).render(<Playground />);
