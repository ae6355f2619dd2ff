/**
 * A library as CSV (RFC 4180): one row per scenario, its input flattened to one column per path
 * (`model.parameters`, `data[0].count`, `stages[1].cluster.gpuCount`), then the headline outputs as
 * the API computed them. Nothing is recomputed here: the numbers are the API's, every digit kept.
 */
import type { CsvScenario } from './library-api';

/** The outputs written after the inputs, by their Estimate field names. */
export const CSV_OUTPUTS = ['flops', 'pfDays', 'gpuDays', 'wallClockDays', 'costUsd', 'energyMWh', 'ratioVsGPT3'] as const;

type Cell = string | number | boolean | null | undefined;

/** A value's leaves by path; a list of plain values (tags) is one cell, joined with "; ". */
export function flatten(value: unknown, prefix = '', out: [string, Cell][] = []): [string, Cell][] {
  if (Array.isArray(value)) {
    if (value.every((x) => x === null || typeof x !== 'object')) out.push([prefix, value.join('; ')]);
    else value.forEach((x, i) => flatten(x, `${prefix}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, x] of Object.entries(value)) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else out.push([prefix, value as Cell]);
  return out;
}

/**
 * The union of every scenario's paths, each new path placed right after the path that precedes it
 * in the scenario that brings it, so that a section's fields stay together (an architecture that
 * only the third scenario has sits beside the others' model fields, not at the end).
 */
export function mergeColumns(lists: string[][]): string[] {
  const columns: string[] = [];
  for (const list of lists) {
    let at = 0;
    for (const path of list) {
      const i = columns.indexOf(path);
      if (i >= 0) at = i + 1;
      else columns.splice(at++, 0, path);
    }
  }
  return columns;
}

/** One CSV field: quoted when it holds a comma, a quote, a line break or surrounding spaces; quotes doubled. */
export function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV document, CRLF line ends. Input name, description and tags are the scenario's own columns. */
export function libraryCsv(scenarios: CsvScenario[]): string {
  const own = new Set(['name', 'description', 'tags']);
  const inputs = scenarios.map((s) => new Map(flatten(s.input).filter(([p]) => !own.has(p))));
  const columns = mergeColumns(inputs.map((m) => [...m.keys()]));
  const header = ['id', 'name', 'description', 'tags', 'version', ...columns.map((c) => `input.${c}`), ...CSV_OUTPUTS.map((o) => `estimate.${o}`)];
  const rows = scenarios.map((s, i) => [
    s.id,
    s.name,
    s.description,
    s.tags.join('; '),
    s.version,
    ...columns.map((c) => inputs[i].get(c)),
    ...CSV_OUTPUTS.map((o) => (s.estimate ? s.estimate[o] : null)),
  ]);
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Offers `text` as a file download (a blob: URL on a temporary link). */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a library name: "Team Sora (2026)" → "team-sora-2026". */
export function fileStem(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'library'
  );
}
