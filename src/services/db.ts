/** The database handle every service takes first: the store's client (src/store/client.ts). */
export type { Db } from '../store/client';
