/** PostgreSQL advisory lock keys: one per task that concurrent flopscope processes must not run twice. */
export const ADVISORY_LOCKS = {
  /** Applying migrations (src/db/migrate.ts); "flopscop" in ASCII. */
  migrations: 0x666c6f7073636f70n,
  /** Creating the admin user and its key (auth.service ensureAdmin). */
  admin: 7070707070,
  /** Writing the built-in examples library (library.service ensureExamplesLibrary). */
  examples: 7070707071,
  /**
   * The writes of one library's scenarios and custom hardware, with the checks that keep its rows
   * estimable (hardware.service libraryWrite): `pg_advisory_xact_lock(libraryWrites, hashtext(id))`,
   * exclusive for hardware writes and `_shared` for scenario writes, the two-key form, whose key
   * space is apart from the single keys above. "flop" in ASCII. Two
   * libraries whose ids hash alike only wait for each other.
   */
  libraryWrites: 0x666c6f70,
} as const;
