/**
 * Saving a scenario, as the caller's role allows: an EDITOR or OWNER (or the admin) saves a new
 * version with a short change note, and a stale save opens the conflict panel (Conflict.tsx);
 * anyone with a key forks into a library they can edit (forkScenario, so the copy remembers where
 * it came from; edits not saved yet become the fork's version 2). A VIEWER, a reader of a built-in
 * library and a guest are never offered a save the API must refuse.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, gql, type Issue, Q_SCENARIO, SPEC_FIELDS, type ScenarioDetail, type ScenarioInput, toInput } from '../api';
import { useShared } from '../context';
import { forkScenario, loadHistory, mayWrite, saveVersion, useMe, useWritableLibraries } from '../lifecycle';
import { href, navigate } from '../route';
import { type ConflictState, ConflictPanel, savesSince } from './Conflict';
import '../lifecycle.css';

type Status = { kind: 'ok' | 'error'; text: string } | null;

/** An API refusal in words; BAD_USER_INPUT problems go to their fields (the mutation's argument is `input`: its fields are the form's paths). */
function explainer(onRefused: (issues: Issue[]) => void) {
  return (e: unknown): string => {
    if (!(e instanceof ApiError)) return (e as Error).message;
    if (e.code === 'BAD_USER_INPUT' && e.issues.length) onRefused(e.issues.map((i) => ({ ...i, path: i.path.replace(/^input\./, '') })));
    if (e.code === 'FORBIDDEN') return `${e.message} (your key may not edit this library)`;
    if (e.code === 'UNAUTHENTICATED') return 'The API key was not accepted.';
    if (e.issues.length) return e.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return e.message;
  };
}

export interface Rebase {
  scenario: ScenarioDetail;
  /** The stored input the edits are now measured against. */
  saved: ScenarioInput;
  /** What the form shows. */
  input: ScenarioInput;
}

export function SavePanel({
  scenario,
  saved,
  input,
  modified,
  invalid,
  onRefused,
  onRebase,
}: {
  scenario: ScenarioDetail;
  saved: ScenarioInput;
  input: ScenarioInput;
  modified: boolean;
  /** The input has problems the API named: nothing can be saved until they are fixed. */
  invalid: boolean;
  onRefused(issues: Issue[]): void;
  /** A new version, a merge or a reload: the page takes this scenario, stored input and form input. */
  onRebase(next: Rebase): void;
}) {
  const { apiKey } = useShared();
  const me = useMe();
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState<(ConflictState & { current: ScenarioDetail }) | null>(null);
  const explain = explainer(onRefused);
  const editable = mayWrite(scenario.library, me);
  useEffect(() => {
    setConflict(null);
    setStatus(null);
  }, [scenario.id]);

  const save = async (expectedVersion: number, body: ScenarioInput, base: ScenarioDetail) => {
    setBusy(true);
    try {
      const v = await saveVersion(scenario.id, expectedVersion, body, note);
      setNote('');
      setConflict(null);
      setStatus({ kind: 'ok', text: `Saved as version ${v.version}.` });
      onRebase({ scenario: { ...base, ...v }, saved: body, input: body });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') await openConflict(e, body);
      else setStatus({ kind: 'error', text: explain(e) });
    } finally {
      setBusy(false);
    }
  };

  /** Reads the version now stored and the saves since ours, and lays both sides out. */
  const openConflict = async (e: ApiError, mine: ScenarioInput) => {
    setStatus(null);
    try {
      const [d, history] = await Promise.all([
        gql<{ scenario: ScenarioDetail | null }>(Q_SCENARIO, { id: scenario.id }),
        loadHistory(scenario.id, SPEC_FIELDS).catch(() => null),
      ]);
      if (!d.scenario)
        return setStatus({ kind: 'error', text: `${scenario.name} was deleted meanwhile; nothing was saved. Download your version to keep it.` });
      setConflict({
        current: d.scenario,
        baseVersion: scenario.version,
        base: saved,
        mine,
        currentVersion: d.scenario.version,
        theirs: toInput(d.scenario.input),
        saves: savesSince(scenario.version, history?.history ?? null, e.extensions),
        changedPaths: Array.isArray(e.extensions.changedPaths) ? (e.extensions.changedPaths as string[]) : null,
        name: scenario.name,
      });
    } catch (err) {
      setStatus({ kind: 'error', text: `${e.message}; reading the current version failed too: ${(err as Error).message}` });
    }
  };

  if (!apiKey) {
    return (
      <div class="save" data-testid="save-panel">
        <p class="muted">To save or fork, enter an API key (top right).</p>
      </div>
    );
  }
  if (me === undefined) {
    return (
      <div class="save" data-testid="save-panel">
        <p class="muted">Reading your role…</p>
      </div>
    );
  }
  return (
    <div class="save" data-testid="save-panel">
      {editable ? (
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            void save(scenario.version, input, scenario);
          }}
        >
          <input
            class="change-note"
            maxLength={500}
            value={note}
            placeholder="What changed (optional note)"
            aria-label="Change note"
            onInput={(e) => setNote((e.target as HTMLInputElement).value)}
            data-testid="change-note"
          />
          <button type="submit" disabled={!modified || busy || invalid || !!conflict} data-testid="save-version">
            Save as version {scenario.version + 1}
          </button>
          <span class="muted" data-testid="save-note">
            {invalid
              ? 'fix the flagged fields to save'
              : conflict
                ? 'resolve the conflict below first'
                : modified
                  ? `replaces version ${scenario.version} in ${scenario.library.name}; the history keeps it`
                  : 'no changes to save'}
          </span>
        </form>
      ) : (
        <p class="muted" data-testid="read-only-note">
          {scenario.library.readOnly
            ? `${scenario.library.name} is built in and read-only: fork the scenario into a library you can edit to save changes.`
            : `You ${scenario.library.myRole ? `are a ${scenario.library.myRole} of` : 'may only read'} ${scenario.library.name}: you can read this scenario, not save it. Fork it into a library you can edit.`}
        </p>
      )}
      {conflict && (
        <ConflictPanel
          state={conflict}
          busy={busy}
          onMerge={(merged) => {
            const at = conflict.current;
            setConflict(null);
            setStatus({ kind: 'ok', text: `Your changes are on top of version ${at.version}: check the form, then save as version ${at.version + 1}.` });
            onRebase({ scenario: at, saved: conflict.theirs, input: merged });
          }}
          onSaveOver={() => void save(conflict.currentVersion, conflict.mine, conflict.current)}
          onKeepTheirs={() => {
            const at = conflict.current;
            setConflict(null);
            setStatus({ kind: 'ok', text: `Showing version ${at.version} as saved; your changes were dropped.` });
            onRebase({ scenario: at, saved: conflict.theirs, input: conflict.theirs });
          }}
        />
      )}
      <ForkForm scenario={scenario} input={input} modified={modified} invalid={invalid} editable={editable} explain={explain} />
      {status && (
        <p class={status.kind === 'ok' ? 'success' : 'error'} role="status" data-testid="save-status">
          {status.text}
        </p>
      )}
    </div>
  );
}

/** "Fork to a library you can edit" (a reader) or "Save a copy" (an editor): forkScenario, then the unsaved edits as the copy's version 2. */
function ForkForm({
  scenario,
  input,
  modified,
  invalid,
  editable,
  explain,
}: {
  scenario: ScenarioDetail;
  input: ScenarioInput;
  modified: boolean;
  invalid: boolean;
  editable: boolean;
  explain(e: unknown): string;
}) {
  const writable = useWritableLibraries();
  const [target, setTarget] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setName(`${input.name ?? scenario.name} (copy)`), [scenario.id]);
  useEffect(() => {
    if (writable?.length && !writable.some((l) => l.id === target)) setTarget(writable[0].id);
  }, [writable]);
  if (writable === null) return null;
  if (!writable.length) {
    return (
      <p class="muted" data-testid="fork-none">
        No library you can edit yet: create one on the <a href={href('library', 'examples')}>library page</a>, then fork this scenario into it.
      </p>
    );
  }
  const fork = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const copy = await forkScenario(scenario.id, target, name);
      if (modified) {
        try {
          await saveVersion(copy.id, copy.version, { ...input, name: name.trim() || scenario.name }, 'edits made before forking');
        } catch (err) {
          // Nothing lost: the edits stay in this form, and the fork is one click away.
          return setError(`Forked as ${href('scenario', copy.id)}, but your unsaved edits could not be added to the copy: ${explain(err)}`);
        }
      }
      navigate({ view: 'scenario', id: copy.id, params: {} });
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="row fork" onSubmit={fork} data-testid="fork-form">
      <strong>{editable ? 'Save a copy' : 'Fork to a library you can edit'}</strong>
      <input value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} aria-label="Name of the copy" data-testid="copy-name" />
      <select value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)} aria-label="Library for the copy" data-testid="copy-library">
        {writable.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
      <button type="submit" class={editable ? 'secondary' : ''} disabled={busy || !target || invalid} data-testid="save-copy">
        {editable ? 'Save a copy' : 'Fork'}
      </button>
      <span class="muted">{modified ? 'with your unsaved edits as its version 2; ' : ''}the copy links back here</span>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
