/**
 * The GraphQL operations of a library's settings, members, export and import (issue 18, item 3),
 * and the shapes they read (a subset of schema.graphql). deleteLibrary, restoreLibrary,
 * deletedLibraries, userDirectory and importLibrary's onDuplicate / ImportResult.skipped are the
 * API additions of issue 18.
 */
import { ESTIMATE_FIELDS, type Estimate, gql, type ScenarioInput, SPEC_FIELDS } from './api';

export type Role = 'OWNER' | 'EDITOR' | 'VIEWER';
export const ROLES: Role[] = ['OWNER', 'EDITOR', 'VIEWER'];
export type Visibility = 'PUBLIC' | 'PRIVATE';

export interface Member {
  role: Role;
  createdAt: string;
  user: { id: string; name: string };
}

/** A library as its settings panel reads it. */
export interface LibraryInfo {
  id: string;
  name: string;
  key: string | null;
  description: string | null;
  visibility: Visibility;
  readOnly: boolean;
  myRole: Role | null;
  members: Member[];
}

export interface Me {
  id: string;
  name: string;
  isAdmin: boolean;
}

export interface DirectoryUser {
  id: string;
  name: string;
}

export interface ImportResult {
  scenarios: number;
  hardware: number;
  skipped: number;
}

export type OnDuplicate = 'SKIP' | 'COPY';

const LIBRARY_INFO = 'id name key description visibility readOnly myRole members { role createdAt user { id name } }';

export const Q_LIBRARY_INFO = `query DashboardLibraryInfo($id: ID!) {
  me { id name isAdmin }
  library(id: $id) { ${LIBRARY_INFO} }
}`;

export const M_UPDATE_LIBRARY = `mutation DashboardUpdateLibrary($id: ID!, $input: UpdateLibraryInput!) {
  updateLibrary(id: $id, input: $input) { ${LIBRARY_INFO} }
}`;

export const M_DELETE_LIBRARY = `mutation DashboardDeleteLibrary($id: ID!) { deleteLibrary(id: $id) }`;

export const M_RESTORE_LIBRARY = `mutation DashboardRestoreLibrary($id: ID!) { restoreLibrary(id: $id) { id name } }`;

export const Q_DELETED_LIBRARIES = `query DashboardDeletedLibraries { deletedLibraries { id name } }`;

export const M_ADD_MEMBER = `mutation DashboardAddMember($libraryId: ID!, $userId: ID!, $role: LibraryRole!) {
  addLibraryMember(libraryId: $libraryId, userId: $userId, role: $role) { role createdAt user { id name } }
}`;

export const M_REMOVE_MEMBER = `mutation DashboardRemoveMember($libraryId: ID!, $userId: ID!) {
  removeLibraryMember(libraryId: $libraryId, userId: $userId)
}`;

export const Q_DIRECTORY = `query DashboardDirectory($search: String!) { userDirectory(search: $search, first: 20) { id name } }`;

export const M_CREATE_USER = `mutation DashboardCreateUser($name: String!) { createUser(name: $name) { apiKey user { id name } } }`;

export const Q_EXPORT = `query DashboardExport($id: ID!) { exportLibrary(id: $id) }`;

export const M_IMPORT = `mutation DashboardImport($libraryId: ID!, $document: JSONObject!, $onDuplicate: ImportDuplicates) {
  importLibrary(libraryId: $libraryId, document: $document, onDuplicate: $onDuplicate) { scenarios hardware skipped }
}`;

/** A scenario as the CSV export writes it: its input and its headline outputs. */
export interface CsvScenario {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  version: number;
  input: ScenarioInput;
  estimate: (Estimate & { energyMWh: number | null }) | null;
}

/** Pages of 25: each row carries its whole input beside its estimate, and the server prices a request by its size. */
const CSV_PAGE_SIZE = 25;
const CSV_MAX_PAGES = 40;

const Q_CSV_PAGE = `query DashboardCsvPage($id: ID!, $first: Int!, $after: String) {
  library(id: $id) {
    scenarios(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { id name description tags version input { ${SPEC_FIELDS} } estimate { ${ESTIMATE_FIELDS} energyMWh } } }
    }
  }
}`;

/** Every scenario of a library (up to 1,000) with its input and estimate, page by page. */
export async function loadScenariosForCsv(libraryId: string): Promise<CsvScenario[]> {
  const out: CsvScenario[] = [];
  let after: string | null = null;
  for (let i = 0; i < CSV_MAX_PAGES; i++) {
    const d: { library: { scenarios: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: CsvScenario }[] } } | null } = await gql(
      Q_CSV_PAGE,
      { id: libraryId, first: CSV_PAGE_SIZE, after },
      undefined,
      { fieldErrors: true },
    );
    if (!d.library) break;
    out.push(...d.library.scenarios.edges.map((e) => e.node));
    if (!d.library.scenarios.pageInfo.hasNextPage) break;
    after = d.library.scenarios.pageInfo.endCursor;
  }
  return out;
}
