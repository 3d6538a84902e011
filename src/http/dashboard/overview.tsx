/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { raw } from 'hono/html';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { LoadedCourse } from '../../courses/course-file.js';
import { courseFunnel } from '../../reports/figures.js';
import { growthBySource, growthUnit, subscriberGrowth, type Growth, type SourceSeries } from '../../reports/growth.js';
import { recentBroadcastFigures, type RecentBroadcast } from '../../reports/recent-newsletters.js';
import type { HonoEnv } from '../env.js';
import { BarChart, chartStyles, formatCount, type SeriesColour } from './charts.js';
import { FigureCells, FigureHeadings, FunnelCharts, FunnelTable, funnelStyles, ProviderReportsOff, TableWrap } from './funnel.js';
import { useHerTime } from './her-time.js';
import { AdminPage } from './layout.js';
import { dashboardHtml } from './render.js';

/** How many newsletters the overview shows; the newsletters page has them all. */
export const RECENT_BROADCASTS = 5;

const query = z.object({ by: growthUnit, course: z.string().optional(), split: z.enum(['source']).optional().catch(undefined) });

/** The chart split by source shows this many series; the rest are summed as one. */
const SOURCE_SERIES = 5;

type Funnel = Awaited<ReturnType<typeof courseFunnel>>;

/**
 * The dashboard's first page: how the list grows, how the course is read, how the last
 * newsletters went. Every figure is an aggregate (growth.ts, figures.ts); the three are asked
 * for at once.
 */
export function overviewPage(ctx: AppContext) {
  const app = new Hono<HonoEnv>();
  app.get('/', async (c) => {
    const { by, course: slug, split } = query.parse(c.req.query());
    const course = (slug && ctx.catalog.course(slug)) || ctx.catalog.main;
    // The chart's new subscribers by the label of the form each came through, over its buckets.
    const [growth, sources, funnel, broadcasts] = await Promise.all([
      subscriberGrowth(ctx, by, c.var.dashboardZone),
      growthBySource(ctx, by, c.var.dashboardZone),
      courseFunnel(ctx, course.slug),
      recentBroadcastFigures(ctx, RECENT_BROADCASTS),
    ]);
    return dashboardHtml(c, 
      <OverviewPage
        growth={growth}
        funnel={funnel}
        course={course}
        courses={ctx.catalog.courses}
        broadcasts={broadcasts}
        tracking={ctx.config.tracking}
        providerReports={ctx.config.resendWebhookSecret !== null}
        sources={sources}
        split={split === 'source'}
      />,
    );
  });
  return app;
}

function OverviewPage(props: {
  growth: Growth;
  /** New subscribers over the chart's span by signup source (her website's snippets). */
  sources: SourceSeries[];
  /** The chart shows new subscribers by source instead of new, confirmed and unsubscribed. */
  split: boolean;
  funnel: Funnel;
  course: LoadedCourse;
  courses: LoadedCourse[];
  broadcasts: RecentBroadcast[];
  tracking: boolean;
  /** Resend's webhooks are set up: delivered, bounced and complained are reported. */
  providerReports: boolean;
}) {
  const { growth, funnel, course, courses, broadcasts, tracking, providerReports } = props;
  return (
    <AdminPage title="Overview" section="overview" wide>
      <style>{raw(chartStyles + funnelStyles + overviewStyles)}</style>
      <h1>Overview</h1>
      <GrowthPanel growth={growth} course={course} sources={props.sources} split={props.split} />
      <section class="panel" aria-labelledby="course-heading">
        <h2 id="course-heading">Course: {course.title}</h2>
        {courses.length > 1 ? <CourseSwitch courses={courses} current={course} by={growth.unit} split={props.split} /> : null}
        <div class="figure-row">
          <p class="figure">
            <strong>{formatCount(funnel.enrolled)}</strong> enrolled
          </p>
          <p class="figure">
            <strong>{formatCount(funnel.completed)}</strong> finished every lesson
          </p>
        </div>
        <FunnelCharts lessons={funnel.lessons} tracking={tracking} courseTitle={course.title} providerReports={providerReports} />
        <FunnelTable lessons={funnel.lessons} tracking={tracking} course={course} caption={`Per lesson, in sending order: ${course.title}`} providerReports={providerReports} />
        {providerReports ? null : <ProviderReportsOff />}
        {funnel.trackingNote ? <p class="muted small">{funnel.trackingNote}</p> : <TrackingOff providerReports={providerReports} />}
        <p>
          <a href={`/admin/course?course=${encodeURIComponent(course.slug)}`}>See each lesson, with a preview</a>
        </p>
      </section>
      <BroadcastsPanel broadcasts={broadcasts} tracking={tracking} providerReports={providerReports} />
    </AdminPage>
  );
}

const sourceName = (source: string | null) => source ?? 'This app’s own pages';

/** The series of the split chart: the biggest sources, and the rest as one. */
function sourceSeries(sources: SourceSeries[]): Array<{ label: string; colour: SeriesColour; values: number[] }> {
  const colours: SeriesColour[] = ['c1', 'c2', 'c3', 'c4', 'c5'];
  const shown = sources.length <= SOURCE_SERIES ? sources : sources.slice(0, SOURCE_SERIES - 1);
  const series = shown.map((s, i) => ({ label: sourceName(s.source), colour: colours[i]!, values: s.values }));
  const rest = sources.slice(shown.length);
  if (rest.length > 0) {
    series.push({ label: `${rest.length} other forms`, colour: colours[SOURCE_SERIES - 1]!, values: rest[0]!.values.map((_, i) => rest.reduce((n, s) => n + (s.values[i] ?? 0), 0)) });
  }
  return series;
}

function GrowthPanel({ growth, course, sources, split: asked }: { growth: Growth; course: LoadedCourse; sources: SourceSeries[]; split: boolean }) {
  const { calendarDay: labelOf } = useHerTime();
  const categories = growth.buckets.map((b) => labelOf(b.start));
  const span = growth.unit === 'day' ? `the last ${growth.buckets.length} days` : `the last ${growth.buckets.length} weeks`;
  // Split by source once any signup came through a form on her website.
  const fromHerSite = sources.some((s) => s.source !== null);
  const split = asked && fromHerSite;
  const link = (by: 'day' | 'week', bySource = split) => `/admin?by=${by}&course=${encodeURIComponent(course.slug)}${bySource ? '&split=source' : ''}`;
  return (
    <section class="panel" aria-labelledby="growth-heading">
      <h2 id="growth-heading">Subscribers</h2>
      <nav aria-label="Subscribers per" class="switch">
        <a href={link('day')} aria-current={growth.unit === 'day' ? 'page' : undefined}>
          Per day
        </a>
        <a href={link('week')} aria-current={growth.unit === 'week' ? 'page' : undefined}>
          Per week
        </a>
      </nav>
      {fromHerSite ? (
        <nav aria-label="The chart shows" class="switch">
          <a href={link(growth.unit, false)} aria-current={split ? undefined : 'page'}>
            All figures
          </a>
          <a href={link(growth.unit, true)} aria-current={split ? 'page' : undefined}>
            New, by form
          </a>
        </nav>
      ) : null}
      <div class="figure-row">
        <p class="figure">
          <strong>{formatCount(growth.totals.joined)}</strong> new
        </p>
        <p class="figure">
          <strong>{formatCount(growth.totals.confirmed)}</strong> confirmed
        </p>
        <p class="figure">
          <strong>{formatCount(growth.totals.unsubscribed)}</strong> unsubscribed
        </p>
      </div>
      <p class="muted small">
        In {span}. {growth.unit === 'day' ? 'Days run' : 'Weeks start on Monday and run'} midnight to midnight in your timezone, {growth.timezone} (
        <a href="/admin/settings">change it</a>).
      </p>
      {split ? (
        <BarChart
          label={`Stacked bar chart: new subscribers per ${growth.unit} by the form they signed up on, ${span}. The table “Where new subscribers signed up” below has the totals.`}
          categories={categories}
          labelEvery={growth.unit === 'day' ? 7 : 4}
          series={sourceSeries(sources)}
          stacked
        />
      ) : (
        <BarChart
          label={`Bar chart: new, confirmed and unsubscribed subscribers per ${growth.unit}, ${span}. The table below has the same figures.`}
          categories={categories}
          labelEvery={growth.unit === 'day' ? 7 : 4}
          series={[
            { label: 'New', colour: 'c1', values: growth.buckets.map((b) => b.joined) },
            { label: 'Confirmed', colour: 'c2', values: growth.buckets.map((b) => b.confirmed) },
            { label: 'Unsubscribed', colour: 'c3', values: growth.buckets.map((b) => b.unsubscribed) },
          ]}
        />
      )}
      <details>
        <summary>The same figures as a table</summary>
        <TableWrap label={`Subscribers per ${growth.unit}`}>
          <table class="figures growth-table">
            <caption>
              Subscribers per {growth.unit}, {growth.timezone}
            </caption>
            <thead>
              <tr>
                <th scope="col">{growth.unit === 'day' ? 'Day' : 'Week from'}</th>
                <th scope="col">New</th>
                <th scope="col">Confirmed</th>
                <th scope="col">Unsubscribed</th>
              </tr>
            </thead>
            <tbody>
              {[...growth.buckets].reverse().map((b) => (
                <tr>
                  <th scope="row">{labelOf(b.start)}</th>
                  <td>{formatCount(b.joined)}</td>
                  <td>{formatCount(b.confirmed)}</td>
                  <td>{formatCount(b.unsubscribed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
      {fromHerSite ? (
        <TableWrap label="New subscribers by where they signed up">
          <table class="figures sources-table">
            <caption>Where new subscribers signed up, {span}</caption>
            <thead>
              <tr>
                <th scope="col">Form</th>
                <th scope="col">New</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr>
                  <th scope="row">{sourceName(s.source)}</th>
                  <td>{formatCount(s.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}

/** A plain GET form: choosing a course reloads the page for it (no script). */
function CourseSwitch({ courses, current, by, split }: { courses: LoadedCourse[]; current: LoadedCourse; by: string; split: boolean }) {
  return (
    <form method="get" action="/admin" class="course-switch">
      <input type="hidden" name="by" value={by} />
      {split ? <input type="hidden" name="split" value="source" /> : null}
      <label for="course">Course</label>
      <select id="course" name="course">
        {courses.map((c) => (
          <option value={c.slug} selected={c.slug === current.slug}>
            {c.title}
          </option>
        ))}
      </select>
      <button type="submit" class="button">
        Show
      </button>
    </form>
  );
}

function TrackingOff({ providerReports }: { providerReports: boolean }) {
  return (
    <p class="muted small">
      Opens and clicks are not counted: tracking is off (TRACKING=on turns it on; the figures are estimates even then).{' '}
      {providerReports ? 'Sent, delivered, bounced, complained and unsubscribed-after are exact.' : 'Sent and unsubscribed-after are exact.'}
    </p>
  );
}

function BroadcastsPanel({ broadcasts, tracking, providerReports }: { broadcasts: RecentBroadcast[]; tracking: boolean; providerReports: boolean }) {
  const time = useHerTime();
  return (
    <section class="panel" aria-labelledby="broadcasts-heading">
      <h2 id="broadcasts-heading">Last newsletters</h2>
      {broadcasts.length === 0 ? (
        <p class="muted">No newsletter has been sent yet.</p>
      ) : (
        <TableWrap label="Last newsletters">
          <table class="figures broadcasts-table stacked">
            <caption>The last {broadcasts.length === 1 ? 'newsletter' : `${broadcasts.length} newsletters`}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Newsletter</th>
                <th scope="col">Recipients</th>
                <FigureHeadings tracking={tracking} providerReports={providerReports} />
              </tr>
            </thead>
            <tbody>
              {broadcasts.map((b) => (
                <tr>
                  <th scope="row">
                    <a href={`/admin/broadcasts/${b.id}`}>{b.subject}</a>
                    <br />
                    <span class="muted small">
                      {statusLabel(b)} · {time.day(b.sendsAt)}
                    </span>
                  </th>
                  <td data-label="Recipients">{formatCount(b.recipients)}</td>
                  <FigureCells figures={b.figures} tracking={tracking} providerReports={providerReports} />
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p>
        <a href="/admin/broadcasts">All newsletters</a>
      </p>
    </section>
  );
}

const statusLabel = (b: RecentBroadcast) =>
  ({ scheduled: 'Scheduled', sending: 'Sending', paused: 'Paused', sent: 'Sent', cancelled: 'Cancelled' })[b.status];

const overviewStyles = `
.panel .figure { font-size: 1rem; overflow-wrap: normal; }
.switch { display: flex; gap: 0.5rem; margin: 0 0 0.5rem; }
.switch a { display: inline-block; padding: 0.5rem 0.9rem; min-height: 2.75rem; border: 1.5px solid var(--field-border); border-radius: 999px; text-decoration: none; color: var(--text); }
.switch a[aria-current="page"] { background: var(--accent); border-color: var(--accent); color: var(--on-accent); font-weight: 600; }
.course-switch { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.75rem; margin: 0 0 1rem; }
.course-switch select { width: auto; max-width: 100%; }
.course-switch .button { width: auto; margin: 0; }
details summary { cursor: pointer; color: var(--accent); padding: 0.5rem 0; min-height: 2.75rem; }
`;
