/** The API key a person entered in the dashboard, kept in this browser only (localStorage). */
export const API_KEY_STORAGE = 'flopscope.apiKey';

export function loadApiKey(): string | null {
  try {
    return localStorage.getItem(API_KEY_STORAGE) || null;
  } catch {
    return null;
  }
}

export function saveApiKey(key: string | null): void {
  try {
    if (key) localStorage.setItem(API_KEY_STORAGE, key);
    else localStorage.removeItem(API_KEY_STORAGE);
  } catch {
    /* storage unavailable (private mode): the key lives for this page only */
  }
}
