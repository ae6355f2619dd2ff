/** Who is asking: null when the request carries no API key. */
export interface Viewer {
  userId: string;
  name: string;
  isAdmin: boolean;
  apiKeyId: string;
}
