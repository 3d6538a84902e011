/** @jsxImportSource hono/jsx */
import type { LoadedCourse } from '../../courses/course-file.js';
import type { Figures, LessonFigures } from '../../reports/figures.js';
import type { Child } from 'hono/jsx';
import { BarChart, formatCount, type ChartSeries } from './charts.js';

/**
 * The columns every figure table shares (a lesson's, a newsletter's), the tracking ones only
 * with TRACKING=on: opens and clicks are estimates, and say so in their heading. Delivered,
 * bounced and complained only with the provider's webhooks (RESEND_WEBHOOK_SECRET): without
 * them nothing ever reports a delivery, and "Delivered 0" beside "Sent 1" would alarm her.
 */
export function figureColumns(tracking: boolean, providerReports = true): Array<{ heading: string; estimate?: boolean; value(f: Figures): number }> {
  return [
    { heading: 'Sent', value: (f) => f.sent },
    ...(providerReports
      ? [
          { heading: 'Delivered', value: (f: Figures) => f.delivered },
          { heading: 'Bounced', value: (f: Figures) => f.bounced },
          { heading: 'Complained', value: (f: Figures) => f.complained },
        ]
      : []),
    { heading: 'Unsubscribed after', value: (f) => f.unsubscribedAfter },
    ...(tracking
      ? [
          { heading: 'Opens', estimate: true, value: (f: Figures) => f.tracking?.opens ?? 0 },
          { heading: 'Clicks', estimate: true, value: (f: Figures) => f.tracking?.clicks ?? 0 },
        ]
      : []),
  ];
}

/**
 * A wide table's scrolling box on a phone: focusable and named, so a keyboard can scroll it and
 * a screen reader says what it holds (axe: scrollable-region-focusable).
 */
export function TableWrap({ label, children }: { label: string; children: Child }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabindex={0}>
      {children}
    </div>
  );
}

/** The one line a page shows instead of delivered and bounced figures, while no webhook reports them. */
export function ProviderReportsOff() {
  return (
    <p class="muted small provider-reports-off">
      Delivered and bounced are reported by Resend’s webhooks, which are not set up yet (RESEND_WEBHOOK_SECRET).
    </p>
  );
}

export function FigureHeadings({ tracking, providerReports = true }: { tracking: boolean; providerReports?: boolean }) {
  return (
    <>
      {figureColumns(tracking, providerReports).map((c) => (
        <th scope="col">
          {c.heading}
          {c.estimate ? (
            <>
              <br />
              <span class="estimate">estimate</span>
            </>
          ) : null}
        </th>
      ))}
    </>
  );
}

export function FigureCells({ figures, tracking, providerReports = true }: { figures: Figures; tracking: boolean; providerReports?: boolean }) {
  return (
    <>
      {figureColumns(tracking, providerReports).map((c) => (
        <td data-label={c.estimate ? `${c.heading} (estimate)` : c.heading}>{formatCount(c.value(figures))}</td>
      ))}
    </>
  );
}

/**
 * A course's funnel as two charts, each on its own scale: what went out and arrived (the fall
 * from lesson to lesson is the funnel), and the few that went wrong or left, which beside
 * thousands sent would be slivers. The table below holds every figure.
 */
export function FunnelCharts({ lessons, tracking, courseTitle, providerReports = true }: { lessons: LessonFigures[]; tracking: boolean; courseTitle: string; providerReports?: boolean }) {
  const categories = lessons.map((l) => `Day ${l.day}`);
  const reach: ChartSeries[] = [
    { label: 'Sent', colour: 'c1', values: lessons.map((l) => l.sent) },
    ...(providerReports ? ([{ label: 'Delivered', colour: 'c2', values: lessons.map((l) => l.delivered) }] satisfies ChartSeries[]) : []),
    ...(tracking
      ? ([
          { label: 'Opens', colour: 'c5', estimate: true, values: lessons.map((l) => l.tracking?.opens ?? 0) },
          { label: 'Clicks', colour: 'c4', estimate: true, values: lessons.map((l) => l.tracking?.clicks ?? 0) },
        ] satisfies ChartSeries[])
      : []),
  ];
  const trouble: ChartSeries[] = [
    ...(providerReports
      ? ([
          { label: 'Bounced', colour: 'c3', values: lessons.map((l) => l.bounced) },
          { label: 'Complained', colour: 'c4', values: lessons.map((l) => l.complained) },
        ] satisfies ChartSeries[])
      : []),
    { label: 'Unsubscribed after', colour: 'c1', values: lessons.map((l) => l.unsubscribedAfter) },
  ];
  const named = (series: ChartSeries[]) => {
    const words = series.map((s) => s.label.toLowerCase());
    return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0]!;
  };
  const capital = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;
  return (
    <div class="chart-pair">
      <div>
        <h3>{capital(named(reach))}</h3>
        <BarChart label={`Bar chart: ${courseTitle}, ${named(reach)} per lesson. The table below has the same figures.`} categories={categories} series={reach} />
      </div>
      <div>
        <h3>{capital(named(trouble))}</h3>
        <BarChart label={`Bar chart: ${courseTitle}, ${named(trouble)}, per lesson. The table below has the same figures.`} categories={categories} series={trouble} />
      </div>
    </div>
  );
}

export function FunnelTable({
  lessons,
  tracking,
  caption,
  course,
  providerReports = true,
}: {
  lessons: LessonFigures[];
  tracking: boolean;
  caption: string;
  course: LoadedCourse;
  providerReports?: boolean;
}) {
  const titles = new Map(course.lessons.map((l) => [l.id, l.title]));
  return (
    <TableWrap label={caption}>
      <table class="figures funnel-table stacked">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Lesson</th>
            <FigureHeadings tracking={tracking} providerReports={providerReports} />
          </tr>
        </thead>
        <tbody>
          {lessons.map((l) => (
            <tr>
              <th scope="row">
                Day {l.day} <span class="muted">· {titles.get(l.lessonId) ?? l.subject}</span>
              </th>
              <FigureCells figures={l} tracking={tracking} providerReports={providerReports} />
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export const funnelStyles = `
.chart-pair { display: grid; gap: 0 2rem; }
@media (min-width: 60rem) { .chart-pair { grid-template-columns: 1fr 1fr; } }
.chart-pair h3 { font-size: 1.1rem; margin: 1.5rem 0 0; }
table.figures th[scope="row"] { text-align: left; font-weight: 600; min-width: 9rem; }
table.figures th[scope="row"] .muted { font-weight: 400; }
`;
