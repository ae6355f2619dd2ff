import type { LibraryHardware, Prisma } from '../generated/prisma/client';
import type { Client } from './client';

/** A library's accelerator as written: every column but the library's id and the bookkeeping ones. */
export type NewHardware = Omit<Prisma.LibraryHardwareCreateManyInput, 'libraryId'>;

/** The custom hardware of some libraries, in one statement, by key. */
export async function hardwareOfLibraries(db: Client, libraryIds: readonly string[]): Promise<LibraryHardware[]> {
  return db.libraryHardware.findMany({ where: { libraryId: { in: [...libraryIds] } }, orderBy: { key: 'asc' } });
}

/** One library's custom hardware, by key (`{ ordered: false }`: in no particular order). */
export async function hardwareOfLibrary(db: Client, libraryId: string, opts: { ordered?: boolean } = {}): Promise<LibraryHardware[]> {
  if (opts.ordered === false) return db.libraryHardware.findMany({ where: { libraryId } });
  return db.libraryHardware.findMany({ where: { libraryId }, orderBy: { key: 'asc' } });
}

export async function findLibraryHardware(db: Client, libraryId: string, key: string): Promise<LibraryHardware | null> {
  return db.libraryHardware.findUnique({ where: { libraryId_key: { libraryId, key } } });
}

/** Defines the library's accelerator `row.key`, or redefines it. */
export async function upsertLibraryHardware(db: Client, libraryId: string, row: NewHardware): Promise<LibraryHardware> {
  return db.libraryHardware.upsert({
    where: { libraryId_key: { libraryId, key: row.key } },
    create: { ...row, libraryId },
    update: row,
  });
}

export async function insertLibraryHardware(db: Client, libraryId: string, row: NewHardware): Promise<LibraryHardware> {
  return db.libraryHardware.create({ data: { ...row, libraryId } });
}

/** Several accelerators of one library, in one statement. */
export async function insertManyLibraryHardware(db: Client, libraryId: string, rows: readonly NewHardware[]): Promise<number> {
  const res = await db.libraryHardware.createMany({ data: rows.map((h) => ({ ...h, libraryId })) });
  return res.count;
}

/** Removes an accelerator; returns how many rows went (0 when it is gone already). */
export async function deleteLibraryHardwareById(db: Client, id: string): Promise<number> {
  const res = await db.libraryHardware.deleteMany({ where: { id } });
  return res.count;
}
