/**
 * A new scenario in a library the caller can edit: from scratch (lifecycle.ts BLANK_INPUT, a
 * small language model the page then edits) or from a preset of the built-in examples library
 * (forkScenario, so the new scenario records which preset it came from).
 */
import { useEffect, useState } from 'preact/hooks';
import { gql } from '../api';
import { BLANK_INPUT, createScenario, forkScenario } from '../lifecycle';
import { navigate } from '../route';
import { ErrorBox } from '../ui';

interface Preset {
  id: string;
  name: string;
}

export function NewScenario({ libraryId }: { libraryId: string }) {
  const [open, setOpen] = useState(false);
  const [presets, setPresets] = useState<Preset[]>([]);
  const [from, setFrom] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!open || presets.length) return;
    gql<{ library: { scenarios: { edges: { node: Preset }[] } } | null }>(
      `query DashboardPresets { library(id: "examples") { scenarios(first: 200) { edges { node { id name } } } } }`,
    )
      .then((d) => setPresets(d.library?.scenarios.edges.map((e) => e.node) ?? []))
      .catch(setError);
  }, [open]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const preset = presets.find((p) => p.id === from);
      const id = preset
        ? (await forkScenario(preset.id, libraryId, name.trim() || preset.name)).id
        : await createScenario(libraryId, { ...BLANK_INPUT, name: name.trim() || (BLANK_INPUT.name as string) });
      navigate({ view: 'scenario', id, params: {} });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} data-testid="new-scenario">
        New scenario
      </button>
    );
  }
  return (
    <form class="new-scenario row" onSubmit={submit} data-testid="new-scenario-form">
      <input
        value={name}
        placeholder="Name"
        aria-label="Name of the new scenario"
        onInput={(e) => setName((e.target as HTMLInputElement).value)}
        data-testid="new-name"
      />
      <select value={from} onChange={(e) => setFrom((e.target as HTMLSelectElement).value)} aria-label="Start from" data-testid="new-from">
        <option value="">from scratch: 1B-parameter LLM on 20B tokens, 64 H100s</option>
        {presets.map((p) => (
          <option key={p.id} value={p.id}>
            from the preset “{p.name}”
          </option>
        ))}
      </select>
      <button type="submit" disabled={busy} data-testid="new-create">
        Create
      </button>
      <button type="button" class="secondary" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <ErrorBox error={error} />
    </form>
  );
}
