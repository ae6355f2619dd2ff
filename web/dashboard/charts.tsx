/**
 * Chart.js, registered with only the parts the dashboard uses (tree-shaken by esbuild), and a
 * Preact component that draws one chart on a canvas and redraws it when its config changes.
 * Two small plugins draw on that canvas: reference runs as vertical lines with labels, and value
 * labels at the end of bars.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  type Plugin,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = '#495057';
Chart.defaults.maintainAspectRatio = false;

export const PALETTE = ['#3b5bdb', '#e8590c', '#2f9e44', '#ae3ec9', '#1098ad', '#f08c00', '#c2255c', '#5c940d'];

export interface RefLine {
  value: number;
  label: string;
  /** A shorter label for when the labels do not fit ("GPT-3" for "GPT-3 175B 3.1e23"). */
  short?: string;
}

declare module 'chart.js' {
  // An augmentation must repeat Chart.js's type parameter, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType> {
    refLines?: { lines: RefLine[]; axis?: 'x' | 'y'; rows?: number };
    barLabels?: { labels: string[] };
  }
}

/** The top padding a chart leaves for `rows` rows of reference-line labels. */
export function refLabelRows(rows: number): number {
  return 8 + 14 * rows;
}

/**
 * Reference runs as dashed lines across the plot, labelled above it: each label in the first of
 * `rows` rows (default 2) where it overlaps no other, so that labels of runs close together stack
 * rather than print over each other (the chart leaves refLabelRows(rows) of padding on top). When
 * the labels do not fit in those rows (a narrow chart), each line's `short` label is used instead.
 */
export const refLinesPlugin: Plugin = {
  id: 'refLines',
  afterDatasetsDraw(chart, _args, opts: { lines?: RefLine[]; axis?: 'x' | 'y'; rows?: number }) {
    const lines = opts?.lines ?? [];
    if (!lines.length) return;
    const { ctx, chartArea } = chart;
    const scale = chart.scales[opts.axis ?? 'x'];
    const rows = Math.max(1, opts.rows ?? 2);
    ctx.save();
    ctx.font = `11px ${Chart.defaults.font.family}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    const shown = [...lines]
      .sort((a, b) => a.value - b.value)
      .map((line) => ({ line, x: scale.getPixelForValue(line.value) }))
      .filter(({ x }) => x >= chartArea.left - 1 && x <= chartArea.right + 1);
    // Each label in a row (greedily, left to right); `fits` false when one had to share a row.
    const place = (text: (l: RefLine) => string) => {
      const ends: number[] = Array(rows).fill(-Infinity);
      let fits = true;
      const placed = shown.map(({ line, x }) => {
        const label = text(line);
        const w = ctx.measureText(label).width;
        // Centred on its line, kept inside the canvas.
        const cx = Math.min(Math.max(x, w / 2 + 2), chart.width - w / 2 - 2);
        let row = ends.findIndex((end) => end + 6 <= cx - w / 2);
        if (row < 0) {
          fits = false;
          row = ends.indexOf(Math.min(...ends));
        }
        ends[row] = cx + w / 2;
        return { label, x, cx, w, y: chartArea.top - 6 - 14 * row };
      });
      return { placed, fits };
    };
    let layout = place((l) => l.label);
    if (!layout.fits && lines.some((l) => l.short)) layout = place((l) => l.short ?? l.label);
    const drawn: LabelBox[] = [];
    for (const { label, x, cx, w, y } of layout.placed) {
      ctx.strokeStyle = 'rgba(201, 42, 42, 0.75)';
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x, chartArea.bottom);
      ctx.stroke();
      ctx.fillStyle = '#c92a2a';
      ctx.fillText(label, cx, y);
      drawn.push({ label, x0: cx - w / 2, x1: cx + w / 2, y0: y - 11, y1: y });
    }
    ctx.restore();
    drawnLabels(chart).push(...drawn);
  },
};

/** The contrast of white text on a #rrggbb colour (WCAG's ratio); 21 for anything else, as if black. */
export function contrastWithWhite(hex: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return 21;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

/** Text at the end of each bar of a horizontal bar chart (inside the bar when it would not fit). */
export const barLabelsPlugin: Plugin = {
  id: 'barLabels',
  afterDatasetsDraw(chart, _args, opts: { labels?: string[] }) {
    const labels = opts?.labels;
    if (!labels?.length) return;
    const { ctx, chartArea } = chart;
    const meta = chart.getDatasetMeta(0);
    ctx.save();
    ctx.font = `11px ${Chart.defaults.font.family}`;
    ctx.textBaseline = 'middle';
    meta.data.forEach((bar, i) => {
      const text = labels[i];
      if (!text) return;
      const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
      const w = ctx.measureText(text).width;
      const { base } = bar.getProps(['base'], true) as { base: number };
      // Outside the bar when it fits there; inside when it fits there; else outside, cut at the edge rather than over the axis labels.
      if (x + 6 + w <= chartArea.right + 4 || w + 12 > x - base) {
        ctx.fillStyle = '#212529';
        ctx.textAlign = 'left';
        ctx.fillText(text, x + 6, y);
        if (x + 6 + w > chart.width) cutLabels(chart).push(text);
      } else {
        // Inside the bar: white where it reads at 4.5:1 on the bar's colour, else black (5.9:1 on the palette's orange).
        const fill = (bar as unknown as { options?: { backgroundColor?: unknown } }).options?.backgroundColor;
        ctx.fillStyle = typeof fill === 'string' && contrastWithWhite(fill) < 4.5 ? '#000' : '#fff';
        ctx.textAlign = 'right';
        ctx.fillText(text, x - 6, y);
      }
    });
    ctx.restore();
  },
};

interface LabelBox {
  label: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** What the plugins drew on one chart in its last draw: labels' boxes, labels cut at the canvas's edge. */
const DRAWN = new WeakMap<Chart, { boxes: LabelBox[]; cut: string[] }>();
const drawnOf = (chart: Chart) => {
  let d = DRAWN.get(chart);
  if (!d) DRAWN.set(chart, (d = { boxes: [], cut: [] }));
  return d;
};
const drawnLabels = (chart: Chart) => drawnOf(chart).boxes;
const cutLabels = (chart: Chart) => drawnOf(chart).cut;

/**
 * Whether a chart's labels are readable: tick labels of an axis that run into each other,
 * reference labels printed over one another, a bar's label cut at the canvas's edge. Written on
 * the canvas (data-label-problems, empty when none) after every draw: the layout test reads it at
 * each width, so that a chart that gets crowded on a phone fails a test rather than a reader.
 */
export const labelCheckPlugin: Plugin = {
  id: 'labelCheck',
  beforeDraw(chart) {
    DRAWN.set(chart, { boxes: [], cut: [] });
  },
  afterDraw(chart) {
    const problems: string[] = [];
    const { ctx } = chart;
    ctx.save();
    ctx.font = `${Chart.defaults.font.size}px ${Chart.defaults.font.family}`;
    for (const scale of Object.values(chart.scales)) {
      const ticks = (scale.options as { ticks?: { display?: boolean } }).ticks;
      if (scale.options.display === false || ticks?.display === false) continue;
      const horizontal = scale.isHorizontal();
      // Labels Chart.js rotated are its own way out of overlapping.
      if (horizontal && (scale as unknown as { labelRotation: number }).labelRotation) continue;
      const boxes = scale.ticks
        .map((t, i) => ({ label: Array.isArray(t.label) ? t.label.join(' ') : String(t.label ?? ''), at: scale.getPixelForTick(i) }))
        .filter((t) => t.label)
        .map((t) => {
          const size = horizontal ? ctx.measureText(t.label).width : Number(Chart.defaults.font.size);
          return { label: t.label, lo: t.at - size / 2, hi: t.at + size / 2 };
        })
        .sort((a, b) => a.lo - b.lo);
      for (let i = 1; i < boxes.length; i++) {
        if (boxes[i].lo < boxes[i - 1].hi + 2) problems.push(`${scale.id} ticks "${boxes[i - 1].label}" and "${boxes[i].label}" overlap`);
      }
    }
    ctx.restore();
    const drawn = drawnOf(chart);
    drawn.boxes.forEach((a, i) =>
      drawn.boxes.slice(i + 1).forEach((b) => {
        if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) problems.push(`labels "${a.label}" and "${b.label}" overlap`);
      }),
    );
    for (const text of drawn.cut) problems.push(`label "${text}" is cut at the edge`);
    chart.canvas.dataset.labelProblems = problems.join('; ');
  },
};
Chart.register(labelCheckPlugin);

/** Log-axis ticks only at powers of ten, written 1e24; `every` 2 labels every other one (a phone, many decades). */
export function powerOfTenTicks(format: (x: number) => string, every = 1) {
  return (value: number | string) => {
    const v = Number(value);
    const l = Math.log10(v);
    return Math.abs(l - Math.round(l)) < 1e-9 && Math.round(l) % every === 0 ? format(v) : '';
  };
}

/** How many decades apart a phone's power-of-ten labels are: every one up to 5 decades, else every other. */
export function decadeStep(lo: number, hi: number, narrow: boolean): number {
  return narrow && Math.log10(hi / lo) > 5 ? 2 : 1;
}

/** A label cut to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** Log-axis ticks at 1, 2 and 5 × 10^n only (Chart.js labels every minor tick otherwise). */
export function logTicks(format: (x: number) => string) {
  return (value: number | string) => {
    const v = Number(value);
    if (!(v > 0)) return '';
    const m = v / 10 ** Math.floor(Math.log10(v) + 1e-12);
    return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6) ? format(v) : '';
  };
}

/** Ticks for a log axis from lo to hi: 1-2-5 up to a span of `dense` (3 decades), powers of ten beyond. */
export function logAxisTicks(lo: number, hi: number, format: (x: number) => string, dense = 1e3) {
  return hi / lo > dense ? powerOfTenTicks(format) : logTicks(format);
}

/** Whether the window is at most `px` wide (a phone), following resizes. */
export function useNarrow(px: number): boolean {
  const query = `(max-width: ${px}px)`;
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setNarrow(m.matches);
    on();
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, [query]);
  return narrow;
}

export function ChartView({ config, label, height, testId }: { config: ChartConfiguration; label: string; height: number; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <div class="chart" style={{ height: `${height}px` }} data-testid={testId}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
