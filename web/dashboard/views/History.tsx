/**
 * A scenario's history: every saved version, newest first, with its author, time and change note,
 * and how its input differs from the current version's, field by field. An EDITOR restores one
 * (restoreScenarioRevision: a new version with that input; the history is never rewritten).
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, SPEC_FIELDS, type ScenarioDetail, type ScenarioInput, toInput } from '../api';
import { formatTime, loadHistory, restoreRevision, type Revision } from '../lifecycle';
import { diffInputs, showValue } from '../merge';
import { ErrorBox, TableScroll } from '../ui';

export function HistoryPanel({
  scenario,
  saved,
  editable,
  modified,
  onReload,
}: {
  scenario: ScenarioDetail;
  /** The current version's input, which each version is compared with. */
  saved: ScenarioInput;
  editable: boolean;
  /** Unsaved edits: a restore would replace them, so it waits until they are saved or reset. */
  modified: boolean;
  /** Reads the scenario again (after a restore, or a restore refused because someone saved meanwhile). */
  onReload(): Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const [history, setHistory] = useState<Revision[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    let live = true;
    loadHistory(scenario.id, SPEC_FIELDS)
      .then((d) => live && (setHistory(d?.history ?? []), setError(null)))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [open, scenario.id, scenario.version]);

  const restore = async (version: number) => {
    setBusy(true);
    try {
      await restoreRevision(scenario.id, version, scenario.version, `restored version ${version}`);
      setError(null);
      await onReload();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT') {
        // Someone saved meanwhile: nothing was restored; the page and this list now show their version.
        setError(
          new Error(
            `Someone saved version ${String(e.extensions.currentVersion)} meanwhile, so version ${version} was not restored: check it below, then restore again.`,
          ),
        );
        await onReload().catch(() => undefined);
      } else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details class="history" data-testid="history" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        History ({scenario.version} version{scenario.version === 1 ? '' : 's'})
      </summary>
      <ErrorBox error={error} />
      {open && !history && !error && <p class="muted">Loading…</p>}
      {history && (
        <ol class="revisions">
          {history.map((r) => {
            const current = r.version === scenario.version;
            const changes = r.input ? diffInputs(toInput(r.input), saved) : [];
            return (
              <li key={r.version} data-version={r.version}>
                <div class="revision-head">
                  <strong>v{r.version}</strong> <span data-testid="revision-author">{r.author?.name ?? 'unknown author'}</span>
                  <span class="muted"> · {formatTime(r.createdAt)}</span>
                  {r.note && <span class="revision-note"> · “{r.note}”</span>}
                  {current ? (
                    <span class="badge-current">current</span>
                  ) : (
                    <span class="muted">
                      {' '}
                      ·{' '}
                      {changes.length
                        ? `${changes.length === 1 ? '1 field differs' : `${changes.length} fields differ`} from v${scenario.version}`
                        : `same input as v${scenario.version}`}
                    </span>
                  )}
                  {!current && editable && (
                    <button
                      type="button"
                      class="secondary small"
                      disabled={busy || modified}
                      title={modified ? 'Save or reset your edits first: a restore replaces the form' : undefined}
                      onClick={() => void restore(r.version)}
                      data-testid="restore-version"
                    >
                      Restore v{r.version}
                    </button>
                  )}
                </div>
                {!current && changes.length > 0 && (
                  <TableScroll label="Fields of this version against the current one">
                    <table class="diff" data-testid="revision-diff">
                      <thead>
                        <tr>
                          <th>field</th>
                          <th>v{r.version}</th>
                          <th>current (v{scenario.version})</th>
                        </tr>
                      </thead>
                      <tbody>
                        {changes.map((c) => (
                          <tr key={c.path} data-path={c.path}>
                            <td>
                              <code>{c.path}</code>
                            </td>
                            <td>{showValue(c.before)}</td>
                            <td>{showValue(c.after)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                )}
                {!r.input && <p class="muted">This version's stored input can no longer be read.</p>}
              </li>
            );
          })}
        </ol>
      )}
      {history && editable && modified && <p class="muted">Save or reset your edits to restore an older version.</p>}
    </details>
  );
}
