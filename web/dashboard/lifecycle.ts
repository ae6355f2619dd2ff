/**
 * A scenario's life through the API (issue 18): who may do what in a library, new scenarios,
 * history, restore, fork, delete and the trash, and saving a version with a change note.
 */
import { useEffect, useState } from 'preact/hooks';
import { gql, type ScenarioInput } from './api';
import { useShared } from './context';

export type Role = 'OWNER' | 'EDITOR' | 'VIEWER';

export interface Me {
  id: string;
  name: string;
  isAdmin: boolean;
}

/** A library as the role checks read it. */
export interface LibraryAccess {
  id: string;
  name: string;
  readOnly: boolean;
  myRole: Role | null;
}

const RANK: Record<Role, number> = { VIEWER: 1, EDITOR: 2, OWNER: 3 };

/** What the API will let the caller do there (services/access.ts): a built-in library takes no writes; the admin may do all the rest. */
export function mayWrite(library: LibraryAccess, me: Me | null | undefined, min: Role = 'EDITOR'): boolean {
  if (!me || library.readOnly) return false;
  if (me.isAdmin) return true;
  return library.myRole !== null && RANK[library.myRole] >= RANK[min];
}

const meCache = new Map<string, Promise<Me | null>>();

/** The caller: null without a key, undefined while it is read; one request per key. */
export function useMe(): Me | null | undefined {
  const { apiKey } = useShared();
  const [me, setMe] = useState<Me | null | undefined>(apiKey ? undefined : null);
  useEffect(() => {
    if (!apiKey) return setMe(null);
    let live = true;
    setMe(undefined);
    if (!meCache.has(apiKey)) {
      meCache.set(
        apiKey,
        gql<{ me: Me | null }>(`query DashboardMe { me { id name isAdmin } }`).then(
          (d) => d.me,
          () => null,
        ),
      );
    }
    void (meCache.get(apiKey) as Promise<Me | null>).then((m) => live && setMe(m));
    return () => {
      live = false;
    };
  }, [apiKey]);
  return me;
}

/** The libraries the caller can save into (EDITOR or OWNER, or any as the admin), re-read when the key changes. */
export function useWritableLibraries(): LibraryAccess[] | null {
  const { apiKey, libraries } = useShared();
  const me = useMe();
  const [list, setList] = useState<LibraryAccess[] | null>(null);
  useEffect(() => {
    if (me === undefined) return setList(null);
    if (!apiKey || !me) return setList([]);
    let live = true;
    gql<{ libraries: LibraryAccess[] }>(`query DashboardWritable { libraries { id name readOnly myRole } }`)
      .then((d) => live && setList(d.libraries.filter((l) => mayWrite(l, me))))
      .catch(() => live && setList([]));
    return () => {
      live = false;
    };
  }, [apiKey, me, libraries.length]);
  return list;
}

// ---- the operations ----

export interface SavedVersion {
  id: string;
  version: number;
  name: string;
  description: string | null;
  tags: string[];
  updatedAt: string;
}
const SAVED = 'id version name description tags updatedAt';

/** A new version (a stale `expectedVersion` is a CONFLICT, with savedBy, savedAt and changedPaths); the note is stored on it. */
export async function saveVersion(id: string, expectedVersion: number, input: ScenarioInput, note: string): Promise<SavedVersion> {
  const d = await gql<{ updateScenario: SavedVersion }>(
    `mutation DashboardSaveVersion($id: ID!, $expectedVersion: Int!, $input: ScenarioInput!, $note: String) {
      updateScenario(id: $id, expectedVersion: $expectedVersion, input: $input, note: $note) { ${SAVED} }
    }`,
    { id, expectedVersion, input, note: note.trim() || null },
  );
  return d.updateScenario;
}

export async function restoreRevision(id: string, version: number, expectedVersion: number, note: string): Promise<SavedVersion> {
  const d = await gql<{ restoreScenarioRevision: SavedVersion }>(
    `mutation DashboardRestoreVersion($id: ID!, $version: Int!, $expectedVersion: Int, $note: String) {
      restoreScenarioRevision(id: $id, version: $version, expectedVersion: $expectedVersion, note: $note) { ${SAVED} }
    }`,
    { id, version, expectedVersion, note: note.trim() || null },
  );
  return d.restoreScenarioRevision;
}

export interface Revision {
  version: number;
  createdAt: string;
  author: { id: string; name: string } | null;
  note: string | null;
  input: unknown;
}

/** Every saved version, newest first, with its author, time, note and input (SPEC is the input's selection, api.ts). */
export async function loadHistory(id: string, spec: string): Promise<{ version: number; history: Revision[] } | null> {
  const d = await gql<{ scenario: { version: number; history: Revision[] } | null }>(
    `query DashboardHistory($id: ID!) {
      scenario(id: $id) { version history { version createdAt author { id name } note input { ${spec} } } }
    }`,
    { id },
  );
  return d.scenario;
}

export async function forkScenario(id: string, libraryId: string, name: string): Promise<{ id: string; version: number }> {
  const d = await gql<{ forkScenario: { id: string; version: number } }>(
    `mutation DashboardFork($id: ID!, $libraryId: ID!, $name: String) { forkScenario(id: $id, libraryId: $libraryId, name: $name) { id version } }`,
    { id, libraryId, name: name.trim() || null },
  );
  return d.forkScenario;
}

export async function createScenario(libraryId: string, input: ScenarioInput): Promise<string> {
  const d = await gql<{ createScenario: { id: string } }>(
    `mutation DashboardNewScenario($input: CreateScenarioInput!) { createScenario(input: $input) { id } }`,
    {
      input: { ...input, libraryId },
    },
  );
  return d.createScenario.id;
}

export async function deleteScenario(id: string): Promise<void> {
  await gql(`mutation DashboardDelete($id: ID!) { deleteScenario(id: $id) }`, { id });
}

export async function restoreScenario(id: string): Promise<void> {
  await gql(`mutation DashboardUndelete($id: ID!) { restoreScenario(id: $id) { id } }`, { id });
}

export interface DeletedScenario {
  id: string;
  name: string;
  version: number;
  updatedAt: string;
}

export async function loadTrash(libraryId: string): Promise<DeletedScenario[]> {
  const d = await gql<{ library: { deletedScenarios: { edges: { node: DeletedScenario }[] } } | null }>(
    `query DashboardTrash($id: ID!) { library(id: $id) { deletedScenarios(first: 200) { edges { node { id name version updatedAt } } } } }`,
    { id: libraryId },
  );
  return d.library?.deletedScenarios.edges.map((e) => e.node) ?? [];
}

/**
 * A new scenario from scratch: the smallest input that estimates — a 1B-parameter language model
 * on 20B tokens (Chinchilla's 20 per parameter) on 64 H100s; the API's defaults do the rest and
 * the page lists them.
 */
export const BLANK_INPUT: ScenarioInput = {
  name: 'New scenario',
  model: { parameters: 1e9 },
  data: [{ kind: 'TEXT', count: 2e10 }],
  cluster: { hardware: 'h100-sxm', gpuCount: 64 },
};

/** The input as a JSON file, named after the scenario and version: what createScenario, Query.estimate and `npm run estimate -- --json` read. */
export function downloadJson(input: ScenarioInput, fileName: string): void {
  const blob = new Blob([`${JSON.stringify(input, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const fileNameOf = (name: string, version: number) =>
  `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'scenario'
  }-v${version}.json`;

/** A time as the history writes it: "2026-12-02 06:14 UTC". */
export const formatTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
