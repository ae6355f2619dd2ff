/**
 * Around a scenario's inputs: its name, description and tags (part of the input, so saved as a
 * version like any field), where it was forked from, the JSON download, and delete (soft: the
 * library's trash restores it, Trash.tsx).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Issue, ScenarioDetail, ScenarioInput } from '../api';
import { deleteScenario, downloadJson, fileNameOf } from '../lifecycle';
import { href, navigate } from '../route';
import { ErrorBox, fieldId } from '../ui';

const parseTags = (text: string) => [...new Set(text.split(',').map((t) => t.trim()))].filter((t) => t !== '');

/** Name, description and tags as form fields: each edit goes into the input (`name`, `description`, `tags`). */
export function DetailsSection({ input, issues, onChange }: { input: ScenarioInput; issues: Issue[]; onChange(next: ScenarioInput): void }) {
  const tags = input.tags ?? [];
  const [tagText, setTagText] = useState(tags.join(', '));
  // Typed text stays as typed ("a, "); a change from elsewhere (reset, a merge) rewrites it, before paint.
  useLayoutEffect(() => {
    if (parseTags(tagText).join('\n') !== tags.join('\n')) setTagText(tags.join(', '));
  }, [tags.join('\n')]);
  const problem = (path: string) => issues.find((i) => i.path === path)?.message;
  const set = (key: 'name' | 'description' | 'tags', value: string | string[] | undefined) => {
    const next = { ...input } as unknown as Record<string, unknown>;
    if (value === undefined || value === '' || (Array.isArray(value) && !value.length)) delete next[key];
    else next[key] = value;
    onChange(next as unknown as ScenarioInput);
  };
  const field = (path: 'name' | 'description' | 'tags', label: string, control: preact.JSX.Element) => (
    <label class={`field wide ${problem(path) ? 'invalid' : ''}`}>
      <span class="label">{label}</span>
      {control}
      {problem(path) && <span class="problem">{problem(path)}</span>}
    </label>
  );
  return (
    <fieldset class="details-section" data-testid="details">
      <legend>Name, description and tags</legend>
      <div class="grid">
        {field(
          'name',
          'Name',
          <input
            id={fieldId('name')}
            value={input.name ?? ''}
            onInput={(e) => set('name', (e.target as HTMLInputElement).value)}
            data-testid="scenario-name"
          />,
        )}
        {field(
          'description',
          'Description',
          <textarea
            id={fieldId('description')}
            rows={3}
            value={input.description ?? ''}
            onInput={(e) => set('description', (e.target as HTMLTextAreaElement).value)}
            data-testid="scenario-description"
          />,
        )}
        {field(
          'tags',
          'Tags (comma-separated)',
          <input
            id={fieldId('tags')}
            value={tagText}
            onInput={(e) => {
              const text = (e.target as HTMLInputElement).value;
              setTagText(text);
              set('tags', parseTags(text));
            }}
            data-testid="scenario-tags"
          />,
        )}
      </div>
    </fieldset>
  );
}

/** "forked from <scenario> in <library>", linked; nothing for an original (or an origin the caller cannot read). */
export function ForkedFrom({ scenario }: { scenario: ScenarioDetail }) {
  const from = scenario.forkedFrom;
  if (!from) return null;
  return (
    <p class="forked-from muted" data-testid="forked-from">
      Forked from <a href={href('scenario', from.id)}>{from.name}</a> in <a href={href('library', from.library.id)}>{from.library.name}</a>
    </p>
  );
}

export function ScenarioActions({
  scenario,
  saved,
  input,
  modified,
  editable,
}: {
  scenario: ScenarioDetail;
  saved: ScenarioInput;
  input: ScenarioInput;
  modified: boolean;
  editable: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // The question takes the focus (on Cancel, the safe answer); Escape answers it.
  useEffect(() => {
    if (confirming) cancel.current?.focus();
  }, [confirming]);
  const remove = async () => {
    try {
      await deleteScenario(scenario.id);
      navigate({ view: 'library', id: scenario.library.id, params: { deleted: scenario.name } });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="scenario-actions row" data-testid="scenario-actions">
      <button
        type="button"
        class="secondary small"
        onClick={() => downloadJson(saved, fileNameOf(scenario.name, scenario.version))}
        data-testid="download-json"
      >
        Download JSON (v{scenario.version})
      </button>
      {modified && (
        <button
          type="button"
          class="secondary small"
          onClick={() => downloadJson(input, fileNameOf(`${scenario.name} edited`, scenario.version))}
          data-testid="download-edited"
        >
          Download with your edits
        </button>
      )}
      {editable &&
        (confirming ? (
          <span class="confirm" role="group" aria-label="Confirm delete" onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
            Delete “{scenario.name}”? It goes to the library's trash, from where an editor can restore it.{' '}
            <button type="button" class="danger small" onClick={() => void remove()} data-testid="delete-confirm">
              Delete
            </button>{' '}
            <button type="button" class="secondary small" ref={cancel} onClick={() => setConfirming(false)} data-testid="delete-cancel">
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" class="secondary small" onClick={() => setConfirming(true)} data-testid="delete-scenario">
            Delete…
          </button>
        ))}
      <ErrorBox error={error} />
    </div>
  );
}
