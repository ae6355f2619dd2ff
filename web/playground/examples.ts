/**
 * The playground's example operations, one per main task. The seed article's input is the
 * `sora-2024` preset itself (src/core/presets.ts), so the example cannot drift from the core.
 */
import { findPreset } from '../../src/core/presets';

export interface Example {
  /** Shown in the picker. */
  title: string;
  /** One line under the title. */
  description: string;
  query: string;
  variables: string;
  headers: string;
}

const seed = findPreset('sora-2024');
if (!seed) throw new Error('preset sora-2024 is missing from src/core/presets.ts');
const SEED_INPUT = seed.input;

const pretty = (x: unknown): string => JSON.stringify(x, null, 2);

/** Headers for the read-only examples: none needed, with a hint where the key goes. */
export const NO_KEY_HEADERS = `{
  // Reading and estimating need no key. Mutations do:
  // "Authorization": "Bearer <your API key>"
}`;

/** Headers for mutations: the key saved by the dashboard when there is one, else a placeholder. */
export function keyHeaders(apiKey: string | null): string {
  return apiKey
    ? `{\n  // The API key saved in this browser by the dashboard.\n  "Authorization": "Bearer ${apiKey}"\n}`
    : `{\n  // Put your API key here (npm start prints the admin key once; it is saved in .data/admin-key).\n  "Authorization": "Bearer <your API key>"\n}`;
}

export function examples(apiKey: string | null): Example[] {
  return [
    {
      title: 'Estimate the seed article',
      description: 'The 2024 Sora article, reproduced: 2.57e24 FLOPs, 8.2x GPT-3, 152 days',
      query: `# The 2024 article's estimate of Sora's training
# compute, reproduced bug for bug (preset sora-2024).
# Run it with ▶ or Ctrl-Enter; the warnings name each slip.
query EstimateSeedArticle($input: ScenarioInput!) {
  estimate(input: $input) {
    tokens
    flops
    pfDays
    ratioVsGPT3
    gpuDays
    wallClockDays
    costUsd
    hardware { name }
    breakdown { kind tokens share }
    warnings { code message field }
  }
}
`,
      variables: pretty({ input: SEED_INPUT }),
      headers: NO_KEY_HEADERS,
    },
    {
      title: 'List a library',
      description: 'The built-in "examples" library, each scenario with its estimate',
      query: `# A library and its scenarios (a Relay connection),
# each estimated on read.
query ListLibrary($id: ID!) {
  library(id: $id) {
    id
    name
    readOnly
    scenarios(first: 50) {
      totalCount
      edges {
        node {
          id
          name
          version
          tags
          estimate { tokens flops pfDays ratioVsGPT3 wallClockDays costUsd warnings { code } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
`,
      variables: pretty({ id: 'examples' }),
      headers: NO_KEY_HEADERS,
    },
    {
      title: 'Save a scenario',
      description: 'Create a library, then save the seed scenario in it (needs an API key)',
      query: `# Needs an API key in the Headers pane below.
# 1. Run CreateLibrary (▶ asks which operation).
# 2. Put its id in the variables: scenario.libraryId.
# 3. Run SaveScenario.
# (The built-in examples library is read-only.)
mutation CreateLibrary {
  createLibrary(input: { name: "My team", visibility: PRIVATE }) { id name }
}

mutation SaveScenario($scenario: CreateScenarioInput!) {
  createScenario(input: $scenario) {
    id
    version
    library { id name }
    estimate { flops ratioVsGPT3 wallClockDays }
  }
}
`,
      variables: pretty({ scenario: { libraryId: '<id from CreateLibrary>', ...SEED_INPUT, name: 'Sora, 2024 article (my copy)', tags: ['sora'] } }),
      headers: keyHeaders(apiKey),
    },
    {
      title: 'Run a sweep',
      description: 'Wall-clock days and cost of the seed run from 1,000 to 100,000 GPUs',
      query: `# Vary one or two inputs over a grid; every output
# comes back as an array (columnar).
query SweepGpuCount($input: ScenarioInput!) {
  sweep(input: $input, axes: [{ path: "cluster.gpuCount", values: [1000, 2500, 5000, 10000, 25000, 50000, 100000] }]) {
    points
    axes { path values }
    series { wallClockDays costUsd flops }
  }
}
`,
      variables: pretty({ input: SEED_INPUT }),
      headers: NO_KEY_HEADERS,
    },
  ];
}
