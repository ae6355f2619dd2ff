/**
 * A library's trash (EDITOR and up): its deleted scenarios (Library.deletedScenarios), each
 * restorable (restoreScenario) until an owner purges it.
 */
import { useEffect, useState } from 'preact/hooks';
import { type DeletedScenario, formatTime, loadTrash, restoreScenario } from '../lifecycle';
import { href } from '../route';
import { ErrorBox } from '../ui';

export function TrashPanel({ libraryId, deletedName, onRestored }: { libraryId: string; deletedName?: string; onRestored(): void }) {
  const [items, setItems] = useState<DeletedScenario[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [restored, setRestored] = useState<{ id: string; name: string } | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    loadTrash(libraryId)
      .then((list) => live && setItems(list))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [libraryId, tick]);

  const restore = async (s: DeletedScenario) => {
    try {
      await restoreScenario(s.id);
      setRestored({ id: s.id, name: s.name });
      setTick((t) => t + 1);
      onRestored();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <details class="trash" data-testid="trash" open={!!deletedName}>
      <summary>Trash ({items ? items.length : '…'})</summary>
      {deletedName && !restored && (
        <p class="muted" role="status">
          “{deletedName}” was deleted: it is listed here until an owner purges it.
        </p>
      )}
      {restored && (
        <p class="success" role="status">
          Restored <a href={href('scenario', restored.id)}>{restored.name}</a>.
        </p>
      )}
      <ErrorBox error={error} />
      {items && !items.length && <p class="muted">The trash is empty.</p>}
      {items && items.length > 0 && (
        <ul class="trash-list">
          {items.map((s) => (
            <li key={s.id} data-scenario-id={s.id}>
              <span>
                {s.name} <span class="version">v{s.version}</span> <span class="muted">last saved {formatTime(s.updatedAt)}</span>
              </span>{' '}
              <button type="button" class="secondary small" onClick={() => void restore(s)} data-testid="trash-restore" aria-label={`Restore ${s.name}`}>
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
