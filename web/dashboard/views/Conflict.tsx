/**
 * A stale save, said in full: who saved which versions since yours (author, time, note), what they
 * changed and what you changed, field by field, and three ways on, none of which loses anything
 * silently — your changes on top of theirs (a three-way merge; where both sides changed a field
 * differently, both values are shown and you pick one), save over theirs (their changes listed as
 * what it undoes), or keep theirs (your changes listed as what it drops, with your version to download).
 */
import { useState } from 'preact/hooks';
import type { ScenarioInput } from '../api';
import { downloadJson, fileNameOf, formatTime, type Revision } from '../lifecycle';
import { type Change, diffInputs, merge3, type Pick, showValue } from '../merge';

export interface ConflictState {
  /** The version the edits started from, its input, and the input as edited. */
  baseVersion: number;
  base: ScenarioInput;
  mine: ScenarioInput;
  /** The version now stored and its input. */
  currentVersion: number;
  theirs: ScenarioInput;
  /** The versions saved since the base, newest first (from the history), or what the CONFLICT said. */
  saves: { version: number; author: string | null; at: string | null; note: string | null }[];
  /** The CONFLICT's `changedPaths` (the fields that differ between your version and theirs), when it gives them. */
  changedPaths: string[] | null;
  name: string;
}

/** The saves since `base`, from the CONFLICT's own account (savedBy, savedAt) or from the history. */
export function savesSince(base: number, history: Revision[] | null, ext: Record<string, unknown>): ConflictState['saves'] {
  const fromHistory = (history ?? [])
    .filter((r) => r.version > base)
    .map((r) => ({ version: r.version, author: r.author?.name ?? null, at: r.createdAt, note: r.note ?? null }));
  if (fromHistory.length) return fromHistory;
  const by = ext.savedBy as { name?: string } | null | undefined;
  return [{ version: Number(ext.currentVersion), author: by?.name ?? null, at: typeof ext.savedAt === 'string' ? ext.savedAt : null, note: null }];
}

function Changes({ changes, testId }: { changes: Change[]; testId: string }) {
  if (!changes.length) return <p class="muted">no field changed</p>;
  return (
    <ul class="changes" data-testid={testId}>
      {changes.map((c) => (
        <li key={c.path} data-path={c.path}>
          <code>{c.path}</code>: {showValue(c.before)} → <strong>{showValue(c.after)}</strong>
        </li>
      ))}
    </ul>
  );
}

export function ConflictPanel({
  state,
  busy,
  onMerge,
  onSaveOver,
  onKeepTheirs,
}: {
  state: ConflictState;
  busy: boolean;
  /** The merged input, to go into the form on top of the current version (nothing saved yet). */
  onMerge(merged: ScenarioInput): void;
  onSaveOver(): void;
  onKeepTheirs(): void;
}) {
  const { base, mine, theirs } = state;
  const [picks, setPicks] = useState<Record<string, Pick>>({});
  const theirChanges = diffInputs(base, theirs);
  const myChanges = diffInputs(base, mine);
  const merge = merge3(base, mine, theirs, picks);
  const who = state.saves
    .map((s) => `version ${s.version}${s.author ? ` by ${s.author}` : ''}${s.at ? ` at ${formatTime(s.at)}` : ''}${s.note ? ` (“${s.note}”)` : ''}`)
    .join('; ');
  return (
    <div class="conflict" role="alert" data-testid="conflict">
      <p>
        <strong>
          Someone saved version {state.currentVersion} since you opened version {state.baseVersion}.
        </strong>{' '}
        Saved since: {who}.
      </p>
      <div class="conflict-sides">
        <div>
          <h4>
            Their changes (version {state.baseVersion} → {state.currentVersion})
          </h4>
          {theirChanges.length === 0 && state.changedPaths?.length ? (
            // The server names fields this page does not read: said, not hidden.
            <p data-testid="their-changes">changed: {state.changedPaths.join(', ')}</p>
          ) : (
            <Changes changes={theirChanges} testId="their-changes" />
          )}
        </div>
        <div>
          <h4>Your changes (not saved)</h4>
          <Changes changes={myChanges} testId="my-changes" />
        </div>
      </div>
      {merge.conflicts.length > 0 && (
        <fieldset class="overlaps" data-testid="overlaps">
          <legend>Both changed {merge.conflicts.length === 1 ? 'this field' : `these ${merge.conflicts.length} fields`}: pick which value to keep</legend>
          {merge.conflicts.map((c) => (
            <div class="overlap" key={c.path} data-path={c.path}>
              <code>{c.path}</code> (was {showValue(c.base)}):
              <label>
                <input
                  type="radio"
                  name={`pick-${c.path}`}
                  checked={picks[c.path] === 'mine'}
                  onChange={() => setPicks({ ...picks, [c.path]: 'mine' })}
                  data-testid="pick-mine"
                />{' '}
                yours {showValue(c.mine)}
              </label>
              <label>
                <input
                  type="radio"
                  name={`pick-${c.path}`}
                  checked={picks[c.path] === 'theirs'}
                  onChange={() => setPicks({ ...picks, [c.path]: 'theirs' })}
                  data-testid="pick-theirs"
                />{' '}
                theirs {showValue(c.theirs)}
              </label>
            </div>
          ))}
        </fieldset>
      )}
      <div class="row">
        <button
          type="button"
          disabled={busy || merge.unresolved.length > 0}
          onClick={() => onMerge(merge.result as ScenarioInput)}
          data-testid="conflict-merge"
        >
          Apply my changes on top of theirs
        </button>
        <span class="muted">
          {merge.unresolved.length > 0
            ? `pick a value for ${merge.unresolved.length === 1 ? 'the field' : `each of the ${merge.unresolved.length} fields`} both changed`
            : `keeps their ${theirChanges.length} and your ${myChanges.length} change${myChanges.length === 1 ? '' : 's'}; the form shows the result, not saved yet`}
        </span>
      </div>
      <div class="row">
        <button type="button" class="secondary" disabled={busy} onClick={onSaveOver} data-testid="conflict-save-over">
          Save over version {state.currentVersion}
        </button>
        <span class="muted">
          {theirChanges.length ? `undoes their change${theirChanges.length === 1 ? '' : 's'} to ${theirChanges.map((c) => c.path).join(', ')}` : ''}
          {theirChanges.length ? ' (the history keeps them)' : ''}
        </span>
      </div>
      <div class="row">
        <button type="button" class="secondary" disabled={busy} onClick={onKeepTheirs} data-testid="conflict-keep-theirs">
          Keep theirs
        </button>
        <span class="muted">
          drops your change{myChanges.length === 1 ? '' : 's'} to {myChanges.map((c) => c.path).join(', ') || 'nothing'};{' '}
          <button
            type="button"
            class="link"
            onClick={() => downloadJson(mine, fileNameOf(`${state.name} mine`, state.baseVersion))}
            data-testid="download-mine"
          >
            download yours first
          </button>
        </span>
      </div>
    </div>
  );
}
