/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { dashboardTimezone, setDashboardTimezone, timezoneChoices } from '../../settings/timezone.js';
import type { HonoEnv } from '../env.js';
import { useHerTime } from './her-time.js';
import { AdminPage } from './layout.js';
import { dashboardHtml } from './render.js';

/** /admin/settings: her timezone, the one setting of her dashboard so far. */
export function settingsPages(ctx: AppContext) {
  const app = new Hono<HonoEnv>();

  app.get('/', async (c) => {
    const { zone, chosen } = await dashboardTimezone(ctx);
    return dashboardHtml(c, <SettingsPage zone={zone} chosen={chosen} now={ctx.clock.now()} saved={c.req.query('notice') === 'saved'} />);
  });

  app.post('/timezone', async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    try {
      await setDashboardTimezone(ctx, { timezone: form.timezone });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const { zone, chosen } = await dashboardTimezone(ctx);
      return dashboardHtml(c, <SettingsPage zone={zone} chosen={chosen} now={ctx.clock.now()} error={error.message} />, error.status);
    }
    return c.redirect('/admin/settings?notice=saved', 303);
  });
  return app;
}

function SettingsPage({ zone, chosen, now, saved = false, error }: { zone: string; chosen: boolean; now: Date; saved?: boolean; error?: string }) {
  const time = useHerTime();
  return (
    <AdminPage title="Settings" section="settings">
      <h1>Settings</h1>
      {saved ? (
        <p class="notice" role="status">
          Saved. Every time on the dashboard is now in {zone}.
        </p>
      ) : null}
      {error ? (
        <p class="alert" role="alert">
          {error}
        </p>
      ) : null}
      <form method="post" action="/admin/settings/timezone" class="panel">
        <h2>Your timezone</h2>
        <p class="muted small">
          {chosen ? 'The dashboard shows every time, and counts each day, in this timezone.' : 'No timezone is set yet, so times are shown in UTC.'} It is{' '}
          {time.when(now)} there now.
        </p>
        <div class="field">
          <label for="timezone">Timezone</label>
          <select id="timezone" name="timezone" required>
            {timezoneChoices().map((choice) => (
              <option value={choice} selected={choice === zone}>
                {choice.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <button class="button" type="submit">
          Save
        </button>
      </form>
    </AdminPage>
  );
}
