/** @jsxImportSource hono/jsx */

/**
 * Bar charts drawn on the server as SVG: no script, no library, nothing to load. Each bar has a
 * <title> (the browser's own tooltip on hover), the legend is text, and every chart stands next
 * to a table of the same figures, which is its text alternative; the SVG itself is one image
 * with a short label that points to that table.
 *
 * Colours are CSS variables (chartStyles), so dark mode gets its own. Each series colour has at
 * least 3:1 against the panel (WCAG 1.4.11, non-text contrast), in both schemes:
 *   light on #FFFDF9  accent #744A66 7.1 · teal #2F6B5E 6.2 · rust #A4502A 5.6 · ochre #7D6314 5.6 · blue #3F5A99 6.7
 *   dark on #2A2523   accent #D7B8CC 8.4 · teal #7CC4B2 7.6 · rust #E49A75 6.6 · ochre #D9B65A 7.9 · blue #A9B8E0 7.6
 */
export const chartStyles = `
:root { --c1: #744A66; --c2: #2F6B5E; --c3: #A4502A; --c4: #7D6314; --c5: #3F5A99; --grid: #E6DDD5; }
@media (prefers-color-scheme: dark) {
  :root { --c1: #D7B8CC; --c2: #7CC4B2; --c3: #E49A75; --c4: #D9B65A; --c5: #A9B8E0; --grid: #3A3230; }
}
.chart { margin: 1rem 0; }
.chart svg { display: block; width: 100%; max-width: 36rem; height: auto; overflow: visible; }
.chart .axis { fill: var(--muted); font-family: var(--sans); font-size: 12px; }
.chart .grid { stroke: var(--grid); stroke-width: 1; }
.chart .base { stroke: var(--muted); stroke-width: 1; }
.chart .c1 { fill: var(--c1); } .chart .c2 { fill: var(--c2); } .chart .c3 { fill: var(--c3); } .chart .c4 { fill: var(--c4); } .chart .c5 { fill: var(--c5); }
.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; margin: 0.5rem 0 0; padding: 0; font-size: 0.95rem; }
.legend li { display: flex; align-items: center; gap: 0.45rem; }
.swatch { display: inline-block; width: 0.9rem; height: 0.9rem; border-radius: 3px; }
.swatch.c1 { background: var(--c1); } .swatch.c2 { background: var(--c2); } .swatch.c3 { background: var(--c3); } .swatch.c4 { background: var(--c4); } .swatch.c5 { background: var(--c5); }
`;

export type SeriesColour = 'c1' | 'c2' | 'c3' | 'c4' | 'c5';

export interface ChartSeries {
  label: string;
  colour: SeriesColour;
  values: number[];
  /** Opens and clicks: said in the legend and in each bar's tooltip. */
  estimate?: boolean;
}

export interface BarChartProps {
  /** What the image is, for a screen reader: names the table that holds the same figures. */
  label: string;
  /** One per group of bars, as the tooltips and the table name them ("Day 1", "12 May"). */
  categories: string[];
  series: ChartSeries[];
  /** Label every n-th category under the axis (30 days do not fit a phone's width). */
  labelEvery?: number;
  /** One bar per category, the series stacked in it (parts of one whole, like signups by form). */
  stacked?: boolean;
}

// The drawing's own units, near a phone's width (its panel is about 310 px), so the axis text stays
// readable there; on a laptop the chart stops at 36rem, where the text is about 19 px.
const WIDTH = 360;
const HEIGHT = 210;
const LEFT = 40;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 24;

export const formatCount = (n: number) => n.toLocaleString('en-US');

/** Up to five gridlines at whole round numbers: 1, 2 or 5 times a power of ten apart. */
export function niceTicks(max: number): number[] {
  if (max <= 0) return [0];
  const rough = Math.max(1, max / 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const ticks = [0];
  while (ticks.at(-1)! < max) ticks.push(ticks.at(-1)! + step);
  return ticks;
}

const shortNumber = (n: number) => (n >= 10_000 ? `${formatCount(Math.round(n / 1000))}k` : formatCount(n));

/** Grouped vertical bars (one group per category, one bar per series), or one stacked bar per category; a shared scale from zero. */
export function BarChart({ label, categories, series, labelEvery = 1, stacked = false }: BarChartProps) {
  const max = stacked ? Math.max(0, ...categories.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0))) : Math.max(0, ...series.flatMap((s) => s.values));
  const ticks = niceTicks(max);
  const top = Math.max(1, ticks.at(-1)!);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const groupWidth = plotWidth / Math.max(1, categories.length);
  const barWidth = (groupWidth * 0.8) / (stacked ? 1 : series.length);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} preserveAspectRatio="xMinYMin meet">
        {ticks.map((t) => (
          <g>
            <line class={t === 0 ? 'base' : 'grid'} x1={LEFT} x2={WIDTH - RIGHT} y1={y(t)} y2={y(t)} />
            <text class="axis" x={LEFT - 6} y={y(t) + 4} text-anchor="end">
              {shortNumber(t)}
            </text>
          </g>
        ))}
        {categories.map((category, i) => {
          const x0 = LEFT + i * groupWidth + groupWidth * 0.1;
          return (
            <g>
              {series.map((s, j) => {
                const value = s.values[i] ?? 0;
                // A bar of one or two among thousands would vanish; a sliver says "not zero".
                const height = value > 0 ? Math.max(1.5, (value / top) * plotHeight) : 0;
                // Stacked: this part sits on the ones before it.
                const base = y(stacked ? series.slice(0, j).reduce((n, t) => n + (t.values[i] ?? 0), 0) : 0);
                return (
                  <rect class={s.colour} x={x0 + (stacked ? 0 : j * barWidth)} y={base - height} width={Math.max(0.5, barWidth - 0.5)} height={height}>
                    <title>{`${category}: ${formatCount(value)} ${s.label.toLowerCase()}${s.estimate ? ' (estimate)' : ''}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 ? (
                <text class="axis" x={LEFT + (i + 0.5) * groupWidth} y={HEIGHT - 7} text-anchor="middle">
                  {category}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          {series.map((s) => (
            <li>
              <span class={`swatch ${s.colour}`} aria-hidden="true"></span>
              {s.label}
              {s.estimate ? <span class="estimate"> (estimate)</span> : null}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
