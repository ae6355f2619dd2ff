/**
 * The request limits, as plain figures (no dependencies: the main thread reads them too, without
 * loading graphql; armor.ts applies the document limits with graphql-armor). Abusive operations are
 * refused before they run (HTTP 400, a GraphQL error with a code). The limits leave room for every
 * real query of the API: the deepest,
 * `library { scenarios { edges { node { history { input { data { kind } } } } } } }`, is 8 levels;
 * GraphiQL's introspection query is exempt from depth and cost.
 */
export const LIMITS = {
  maxDepth: 10,
  maxAliases: 30,
  maxTokens: 5000,
  maxDirectives: 20,
  /**
   * graphql-armor's static cost: objects 2, scalars 1, ×1.5 per level of depth, × `first` for
   * lists. A page of 1,000 scenarios with every estimate field (the largest page the API serves)
   * costs about 600k; the same page with each scenario's fork chain three deep, several millions.
   */
  maxCost: 1_000_000,
  /**
   * A /graphql request with a body above this is large: parsing, coercing and checking it costs the
   * GraphQL thread time in proportion to its size (a 95 KB document, a 3,000-scenario import), so
   * large requests have slots of their own (Config.largeRequestSlots), half of them at most per address.
   */
  largeRequestBytes: 32 * 1024,
  /** /graphql requests of one address waiting for the GraphQL thread (dispatch.ts); past it, 429. */
  maxQueuedPerAddress: 256,
  /** Their bodies' bytes; past it, 429 (a request is always let wait when its address has none waiting). */
  maxQueuedBytesPerAddress: 16 * 2 ** 20,
  /** Request bodies above this are refused with 413 before parsing (libraries too big for one body go through the streamed import, POST /libraries/{id}/import). */
  maxBodyBytes: 1_000_000,
  /** A line of a streamed import (one scenario) above this is refused with 413: as long as a whole /graphql body. */
  maxLineBytes: 1_000_000,
  /** Query documents above this are refused before parsing (variables may take the rest of the body); GraphiQL's introspection query is ~3 KB. */
  maxQueryBytes: 100_000,
  /** Parsed documents kept for reuse, counted with the source text each keeps. */
  documentCacheBytes: 32 * 2 ** 20,
  /** Answers above this are replaced by a RESPONSE_TOO_LARGE error (the largest real ones, a 1,000-scenario page with every field or a 10,000-point sweep, are a few MB). */
  maxResponseBytes: 16 * 2 ** 20,
};
