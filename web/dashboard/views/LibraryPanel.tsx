/**
 * Over 300 lines: one library's settings, people and files, each block a small component over
 * the same library record.
 *
 * Under a library's table: its settings (name, description, visibility; OWNER), its members with
 * their roles (OWNER: change, remove, add a colleague found by name in the directory or by user
 * id), export (JSON and CSV, anyone who reads it) and import (EDITOR), deleting the library
 * (OWNER). For the admin, creating a user, whose key is shown once. Everything through the API.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, gql } from '../api';
import { useShared } from '../context';
import { download, fileStem, libraryCsv } from '../csv';
import { TableScroll } from '../ui';
import {
  type DirectoryUser,
  type ImportResult,
  type LibraryInfo,
  loadScenariosForCsv,
  M_ADD_MEMBER,
  M_CREATE_USER,
  M_DELETE_LIBRARY,
  M_IMPORT,
  M_REMOVE_MEMBER,
  M_RESTORE_LIBRARY,
  M_UPDATE_LIBRARY,
  type Me,
  type Member,
  type OnDuplicate,
  Q_DELETED_LIBRARIES,
  Q_DIRECTORY,
  Q_EXPORT,
  Q_LIBRARY_INFO,
  type Role,
  ROLES,
  type Visibility,
} from '../library-api';
import { navigate } from '../route';
import '../panels.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An API error in words, with the field each problem is on. */
function explain(e: unknown): string {
  if (!(e instanceof ApiError)) return (e as Error).message;
  if (e.code === 'UNAUTHENTICATED') return 'The API key was not accepted.';
  if (e.issues.length) return e.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return e.message;
}

type Status = { kind: 'ok' | 'error'; text: string } | null;

function StatusLine({ status, testId }: { status: Status; testId?: string }) {
  if (!status) return null;
  return (
    <p class={status.kind === 'ok' ? 'success' : 'error'} role={status.kind === 'ok' ? 'status' : 'alert'} data-testid={testId}>
      {status.text}
    </p>
  );
}

/** Runs an action, turning its failure into a status line. */
function useAction(): [boolean, Status, (run: () => Promise<string | null>) => Promise<void>, (s: Status) => void] {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const act = async (run: () => Promise<string | null>) => {
    setBusy(true);
    try {
      const text = await run();
      setStatus(text ? { kind: 'ok', text } : null);
    } catch (e) {
      setStatus({ kind: 'error', text: explain(e) });
    } finally {
      setBusy(false);
    }
  };
  return [busy, status, act, setStatus];
}

function Settings({ library, onSaved }: { library: LibraryInfo; onSaved(l: LibraryInfo): void }) {
  const [name, setName] = useState(library.name);
  const [description, setDescription] = useState(library.description ?? '');
  const [visibility, setVisibility] = useState<Visibility>(library.visibility);
  const [busy, status, act] = useAction();
  useEffect(() => {
    setName(library.name);
    setDescription(library.description ?? '');
    setVisibility(library.visibility);
  }, [library.id]);
  const changed = name.trim() !== library.name || description.trim() !== (library.description ?? '') || visibility !== library.visibility;
  const save = (e: Event) => {
    e.preventDefault();
    void act(async () => {
      const input: Record<string, unknown> = {};
      if (name.trim() !== library.name) input.name = name.trim();
      if (description.trim() !== (library.description ?? '')) input.description = description.trim();
      if (visibility !== library.visibility) input.visibility = visibility;
      const d = await gql<{ updateLibrary: LibraryInfo }>(M_UPDATE_LIBRARY, { id: library.id, input });
      onSaved(d.updateLibrary);
      return 'Saved.';
    });
  };
  return (
    <form class="library-settings" onSubmit={save} data-testid="library-settings">
      <h3>Settings</h3>
      <label class="field">
        <span class="label">Name</span>
        <input value={name} maxLength={200} onInput={(e) => setName((e.target as HTMLInputElement).value)} data-testid="library-name" />
      </label>
      <label class="field">
        <span class="label">Description</span>
        <textarea
          rows={2}
          value={description}
          maxLength={2000}
          onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)}
          data-testid="library-description"
        />
      </label>
      <fieldset class="visibility">
        <legend>Who can read it</legend>
        {(['PRIVATE', 'PUBLIC'] as Visibility[]).map((v) => (
          <label key={v}>
            <input type="radio" name="visibility" value={v} checked={visibility === v} onChange={() => setVisibility(v)} data-testid={`visibility-${v}`} />{' '}
            {v === 'PRIVATE' ? 'Members only (private)' : 'Anyone, also without a key (public)'}
          </label>
        ))}
      </fieldset>
      <div class="row">
        <button type="submit" disabled={busy || !changed || !name.trim()} data-testid="library-save">
          Save settings
        </button>
      </div>
      <StatusLine status={status} testId="library-settings-status" />
    </form>
  );
}

/** Search the directory by name (or take a pasted user id), pick a role, add. */
function AddMember({
  library,
  busy,
  act,
  onAdded,
}: {
  library: LibraryInfo;
  busy: boolean;
  /** The members' action runner: one status line for the whole block. */
  act(run: () => Promise<string | null>): Promise<void>;
  onAdded(m: Member): void;
}) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<DirectoryUser[]>([]);
  const [picked, setPicked] = useState<DirectoryUser | null>(null);
  const [role, setRole] = useState<Role>('EDITOR');
  const [searchError, setSearchError] = useState<string | null>(null);
  const query = text.trim();
  const byId = UUID.test(query);

  useEffect(() => {
    setSearchError(null);
    if (query.length < 2 || byId || picked?.name === query) return setFound([]);
    let live = true;
    const t = setTimeout(() => {
      gql<{ userDirectory: DirectoryUser[] }>(Q_DIRECTORY, { search: query })
        .then((d) => live && setFound(d.userDirectory))
        .catch((e) => live && setSearchError(explain(e)));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query]);

  const target = picked ?? (byId ? { id: query, name: query } : null);
  const add = (e: Event) => {
    e.preventDefault();
    if (!target) return;
    void act(async () => {
      const d = await gql<{ addLibraryMember: Member }>(M_ADD_MEMBER, { libraryId: library.id, userId: target.id, role });
      onAdded(d.addLibraryMember);
      setText('');
      setPicked(null);
      return `${d.addLibraryMember.user.name} is now ${d.addLibraryMember.role}.`;
    });
  };
  return (
    <form class="add-member" onSubmit={add} data-testid="add-member">
      <div class="row">
        <input
          type="search"
          value={text}
          placeholder="Colleague's name, or a user id"
          aria-label="Find a colleague by name, or paste a user id"
          onInput={(e) => {
            setText((e.target as HTMLInputElement).value);
            setPicked(null);
          }}
          data-testid="member-search"
        />
        <select value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)} aria-label="Role" data-testid="member-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy || !target} data-testid="member-add">
          {target ? `Add ${picked ? picked.name : 'user id'} as ${role}` : 'Add'}
        </button>
      </div>
      {found.length > 0 && !picked && (
        <ul class="directory" data-testid="directory-results" aria-label="Matching users">
          {found.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                class="link"
                onClick={() => {
                  setPicked(u);
                  setText(u.name);
                  setFound([]);
                }}
              >
                {u.name}
              </button>{' '}
              <code class="muted">{u.id}</code>
            </li>
          ))}
        </ul>
      )}
      {query.length === 1 && <p class="hint">Type at least 2 letters of their name.</p>}
      {query.length >= 2 && !byId && !picked && !found.length && !searchError && (
        <p class="hint">No user's name contains “{query}” (or the search is still running).</p>
      )}
      {searchError && <p class="error">{searchError}</p>}
    </form>
  );
}

function Members({ library, manage, me, onChange }: { library: LibraryInfo; manage: boolean; me: Me | null; onChange(members: Member[]): void }) {
  const [busy, status, act] = useAction();
  const setRole = (m: Member, role: Role) =>
    act(async () => {
      const d = await gql<{ addLibraryMember: Member }>(M_ADD_MEMBER, { libraryId: library.id, userId: m.user.id, role });
      onChange(library.members.map((x) => (x.user.id === m.user.id ? d.addLibraryMember : x)));
      return `${m.user.name} is now ${role}.`;
    });
  const remove = (m: Member) =>
    act(async () => {
      await gql(M_REMOVE_MEMBER, { libraryId: library.id, userId: m.user.id });
      onChange(library.members.filter((x) => x.user.id !== m.user.id));
      return `${m.user.name} was removed.`;
    });
  return (
    <div class="members" data-testid="members">
      <h3>Members</h3>
      <p class="hint">OWNER manages members and settings; EDITOR changes scenarios and imports; VIEWER reads.</p>
      <TableScroll label="Members of the library">
        <table data-testid="members-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Since</th>
              {manage && <th>Remove</th>}
            </tr>
          </thead>
          <tbody>
            {library.members.map((m) => (
              <tr key={m.user.id} data-member={m.user.name}>
                <td>
                  {m.user.name}
                  {me?.id === m.user.id && <span class="muted"> (you)</span>}
                </td>
                <td>
                  {manage ? (
                    <select
                      value={m.role}
                      disabled={busy}
                      aria-label={`Role of ${m.user.name}`}
                      onChange={(e) => void setRole(m, (e.target as HTMLSelectElement).value as Role)}
                      data-testid="member-role-select"
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span data-testid="member-role-text">{m.role}</span>
                  )}
                </td>
                <td class="muted">{m.createdAt.slice(0, 10)}</td>
                {manage && (
                  <td>
                    <button type="button" class="secondary danger small" disabled={busy} onClick={() => void remove(m)} aria-label={`Remove ${m.user.name}`}>
                      remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {manage && (
        <AddMember library={library} busy={busy} act={act} onAdded={(m) => onChange([...library.members.filter((x) => x.user.id !== m.user.id), m])} />
      )}
      <StatusLine status={status} testId="members-status" />
    </div>
  );
}

function ExportImport({ library, canImport, onImported }: { library: LibraryInfo; canImport: boolean; onImported(): void }) {
  const [busy, status, act] = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [onDuplicate, setOnDuplicate] = useState<OnDuplicate>('SKIP');
  const [result, setResult] = useState<ImportResult | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const stem = fileStem(library.name);

  const exportJson = () =>
    act(async () => {
      const d = await gql<{ exportLibrary: { scenarios: unknown[] } }>(Q_EXPORT, { id: library.id });
      download(`${stem}.flopscope.json`, `${JSON.stringify(d.exportLibrary, null, 2)}\n`, 'application/json');
      return `Downloaded ${stem}.flopscope.json: ${d.exportLibrary.scenarios.length} scenarios.`;
    });
  const exportCsv = () =>
    act(async () => {
      const scenarios = await loadScenariosForCsv(library.id);
      download(`${stem}.csv`, libraryCsv(scenarios), 'text/csv');
      const unknown = scenarios.filter((s) => !s.estimate).length;
      return `Downloaded ${stem}.csv: ${scenarios.length} scenarios${unknown ? ` (${unknown} could not be estimated: their outputs are empty)` : ''}.`;
    });
  const runImport = (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setResult(null);
    void act(async () => {
      let document: unknown;
      try {
        document = JSON.parse(await file.text());
      } catch (err) {
        throw new Error(`${file.name} is not JSON (${(err as Error).message}): choose a file downloaded with "Download JSON".`);
      }
      const d = await gql<{ importLibrary: ImportResult }>(M_IMPORT, { libraryId: library.id, document, onDuplicate });
      setResult(d.importLibrary);
      onImported();
      return null;
    });
  };
  return (
    <div class="transfer" data-testid="transfer">
      <h3>Export and import</h3>
      <div class="row">
        <button type="button" class="secondary" disabled={busy} onClick={() => void exportJson()} data-testid="export-json">
          Download JSON
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void exportCsv()} data-testid="export-csv">
          Download CSV
        </button>
        <span class="hint">JSON: the whole library (scenarios, custom hardware), to import elsewhere. CSV: one row per scenario, its inputs and outputs.</span>
      </div>
      {canImport && (
        <form onSubmit={runImport} data-testid="import-form">
          <div class="row">
            <label>
              Import a JSON export{' '}
              <input
                ref={fileInput}
                type="file"
                accept=".json,application/json"
                onChange={(e) => {
                  setFile((e.target as HTMLInputElement).files?.[0] ?? null);
                  setResult(null);
                }}
                data-testid="import-file"
              />
            </label>
          </div>
          <fieldset class="duplicates">
            <legend>A scenario already here with the same name and input</legend>
            <label>
              <input type="radio" name="onDuplicate" checked={onDuplicate === 'SKIP'} onChange={() => setOnDuplicate('SKIP')} data-testid="import-skip" /> skip
              it
            </label>
            <label>
              <input type="radio" name="onDuplicate" checked={onDuplicate === 'COPY'} onChange={() => setOnDuplicate('COPY')} data-testid="import-copy" />{' '}
              import it again as a copy
            </label>
          </fieldset>
          <button type="submit" disabled={busy || !file} data-testid="import-run">
            Import into {library.name}
          </button>
        </form>
      )}
      {result && (
        <p class="success" role="status" data-testid="import-result">
          Imported {result.scenarios} scenario{result.scenarios === 1 ? '' : 's'} and {result.hardware} custom accelerator{result.hardware === 1 ? '' : 's'};
          skipped {result.skipped} duplicate{result.skipped === 1 ? '' : 's'}
          {result.skipped ? ' (already here with the same name and input)' : ''}.
        </p>
      )}
      <StatusLine status={status} testId="transfer-status" />
    </div>
  );
}

function DeleteLibrary({ library }: { library: LibraryInfo }) {
  const { reloadLibraries } = useShared();
  const [confirming, setConfirming] = useState(false);
  const [busy, status, act] = useAction();
  const remove = () =>
    act(async () => {
      await gql(M_DELETE_LIBRARY, { id: library.id });
      await reloadLibraries();
      navigate({ view: 'library', id: 'examples', params: {} });
      return null;
    });
  return (
    <div class="delete-library" data-testid="delete-library">
      <h3>Delete the library</h3>
      {!confirming ? (
        <button type="button" class="secondary danger" onClick={() => setConfirming(true)} data-testid="delete-library-start">
          Delete {library.name}…
        </button>
      ) : (
        <div class="row">
          <span>Delete {library.name} and hide its scenarios from everyone? You can restore it later from “Deleted libraries”.</span>
          <button type="button" class="danger-solid" disabled={busy} onClick={() => void remove()} data-testid="delete-library-confirm">
            Delete
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <StatusLine status={status} />
    </div>
  );
}

/** The libraries the caller owns and deleted: restorable (shown when there are any). */
export function DeletedLibraries() {
  const { apiKey, libraries, reloadLibraries } = useShared();
  const [deleted, setDeleted] = useState<{ id: string; name: string }[]>([]);
  const [busy, status, act] = useAction();
  useEffect(() => {
    if (!apiKey) return setDeleted([]);
    let live = true;
    gql<{ deletedLibraries: { id: string; name: string }[] }>(Q_DELETED_LIBRARIES)
      .then((d) => live && setDeleted(d.deletedLibraries))
      .catch(() => live && setDeleted([]));
    return () => {
      live = false;
    };
  }, [apiKey, libraries]);
  if (!deleted.length && !status) return null;
  const restore = (l: { id: string; name: string }) =>
    act(async () => {
      await gql(M_RESTORE_LIBRARY, { id: l.id });
      await reloadLibraries();
      navigate({ view: 'library', id: l.id, params: {} });
      return `${l.name} is back.`;
    });
  return (
    <details class="deleted-libraries" data-testid="deleted-libraries">
      <summary>Deleted libraries ({deleted.length})</summary>
      <ul>
        {deleted.map((l) => (
          <li key={l.id}>
            {l.name}{' '}
            <button type="button" class="link" disabled={busy} onClick={() => void restore(l)} data-testid="restore-library">
              restore
            </button>
          </li>
        ))}
      </ul>
      <StatusLine status={status} />
    </details>
  );
}

/** The admin creates a user; the new key is shown once, here, with a copy button. */
export function CreateUser() {
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ name: string; id: string; apiKey: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const keyRef = useRef<HTMLElement>(null);
  const [busy, status, act] = useAction();
  const create = (e: Event) => {
    e.preventDefault();
    setCopied(null);
    void act(async () => {
      const d = await gql<{ createUser: { apiKey: string; user: { id: string; name: string } } }>(M_CREATE_USER, { name: name.trim() });
      setCreated({ ...d.createUser.user, apiKey: d.createUser.apiKey });
      setName('');
      return null;
    });
  };
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.apiKey);
      setCopied('Copied to the clipboard.');
    } catch {
      // No clipboard (a non-secure origin, or refused): select the key so that Ctrl+C copies it.
      const range = document.createRange();
      if (keyRef.current) range.selectNodeContents(keyRef.current);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      setCopied('The browser refused the clipboard: the key is selected, press Ctrl+C (⌘C).');
    }
  };
  return (
    <div class="create-user" data-testid="create-user">
      <h3>New user (admin)</h3>
      <form class="row" onSubmit={create}>
        <input
          value={name}
          maxLength={200}
          placeholder="Their name"
          aria-label="New user's name"
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
          data-testid="new-user-name"
        />
        <button type="submit" disabled={busy || !name.trim()} data-testid="new-user-create">
          Create user
        </button>
      </form>
      {created && (
        <div class="shown-once" role="alert" data-testid="new-user-key">
          <p>
            <strong>{created.name}</strong>'s API key, <strong>shown once</strong>: copy it now and hand it to them. It is not stored in a readable form and
            cannot be shown again (they can make more keys with it).
          </p>
          <div class="row">
            <code ref={keyRef} class="key" data-testid="new-user-key-value">
              {created.apiKey}
            </code>
            <button type="button" onClick={() => void copy()} data-testid="new-user-copy">
              Copy key
            </button>
            <button type="button" class="secondary" onClick={() => setCreated(null)}>
              Done, hide it
            </button>
          </div>
          {copied && (
            <p class="hint" role="status">
              {copied}
            </p>
          )}
          <p class="hint">
            User id <code>{created.id}</code>: an owner adds them to a library by name or by this id.
          </p>
        </div>
      )}
      <StatusLine status={status} />
    </div>
  );
}

/**
 * The panel under a library's table. `onChanged`: the library's name, description or scenarios
 * changed (a rename, an import): the page reads it again.
 */
export function LibraryPanel({ libraryId, onChanged }: { libraryId: string; onChanged(): void }) {
  const { apiKey, reloadLibraries } = useShared();
  const [library, setLibrary] = useState<LibraryInfo | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    gql<{ me: Me | null; library: LibraryInfo | null }>(Q_LIBRARY_INFO, { id: libraryId })
      .then((d) => {
        if (!live) return;
        setMe(d.me);
        setLibrary(d.library);
        setError(null);
      })
      .catch((e) => live && setError(explain(e)));
    return () => {
      live = false;
    };
  }, [libraryId, apiKey]);
  if (error) return <p class="error">{error}</p>;
  if (!library) return null;
  const own = !library.readOnly && (library.myRole === 'OWNER' || !!me?.isAdmin);
  const edit = own || (!library.readOnly && library.myRole === 'EDITOR');
  return (
    <section class="library-panel" data-testid="library-panel" aria-label={`${library.name}: settings, members, files`}>
      <h2>Settings, people and files</h2>
      {!apiKey && (
        <p class="muted">
          Reading as a guest. With an API key (top right) you can create libraries, share them with colleagues and import. Anyone who reads a library may export
          it.
        </p>
      )}
      {library.myRole && <p class="muted">Your role here: {library.myRole}.</p>}
      {own && (
        <Settings
          library={library}
          onSaved={(l) => {
            setLibrary(l);
            void reloadLibraries();
            onChanged();
          }}
        />
      )}
      {library.members.length > 0 && <Members library={library} manage={own} me={me} onChange={(members) => setLibrary({ ...library, members })} />}
      <ExportImport library={library} canImport={edit} onImported={onChanged} />
      {!library.readOnly && library.myRole === 'OWNER' && <DeleteLibrary library={library} />}
      {me?.isAdmin && <CreateUser />}
      <DeletedLibraries />
    </section>
  );
}
