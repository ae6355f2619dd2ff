/** What every view needs: libraries, reference runs, the hardware catalog and the API key. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Hardware, LibrarySummary, ReferenceModel } from './api';

export interface Shared {
  libraries: LibrarySummary[];
  references: ReferenceModel[];
  hardware: Hardware[];
  apiKey: string | null;
  /** Re-reads the libraries (after a key change or a new library). */
  reloadLibraries(): Promise<void>;
}

export const SharedContext = createContext<Shared>({ libraries: [], references: [], hardware: [], apiKey: null, reloadLibraries: async () => {} });
export const useShared = () => useContext(SharedContext);

/** The reference runs the charts draw as lines (issue 5): GPT-3, Chinchilla, PaLM, Llama 3.1 405B, GPT-4. */
export const CHART_REFERENCES = ['gpt-3', 'chinchilla', 'palm', 'llama-3.1-405b', 'gpt-4'];

/** Compare shows at most this many scenarios side by side (the library's ticks stop there, and say so). */
export const MAX_COMPARE = 4;
