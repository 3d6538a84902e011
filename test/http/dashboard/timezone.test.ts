import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { logIn } from '../../support/admin-session.js';
import { createHarness, type Harness } from '../../support/harness.js';

const PASSWORD = 'a long and gentle password';

/**
 * Her dashboard's timezone: guessed from her browser at her first login (the login form's hidden
 * field), changed on the settings page, and used for every time and every day the dashboard shows.
 */
describe('her timezone on the dashboard', () => {
  let h: Harness;
  let personId: number;

  const logInFrom = async (timezone: string | null) => {
    const body = new URLSearchParams({ password: PASSWORD, ...(timezone === null ? {} : { timezone }) });
    const res = await h.app.request('/admin/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    expect(res.status).toBe(303);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  };
  const stored = async () => (await h.db.sql<{ value: string }[]>`select value from dashboard_settings where key = 'timezone'`)[0]?.value ?? null;
  const page = async (cookie: string, path: string) => (await h.app.request(path, { headers: { cookie } })).text();

  beforeAll(async () => {
    h = await createHarness({ env: { ADMIN_PASSWORD: PASSWORD } });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.sql`truncate dashboard_settings, subscribers restart identity cascade`;
    // 03:30 UTC on 2 March is 21:30 on 1 March in Chicago (CST, UTC-6): another day there.
    const [row] = await h.db.sql<{ id: string }[]>`
      insert into subscribers (email, first_name, status, timezone, created_at) values ('late@example.com', 'Lou', 'pending', 'Europe/Lisbon', '2026-03-02T03:30:00Z') returning id`;
    personId = Number(row!.id);
  });

  it('carries a hidden timezone field, filled by the app’s own script, on the login form', async () => {
    const html = await (await h.app.request('/admin/login')).text();
    expect(html).toMatch(/<input type="hidden" id="timezone" name="timezone" value="" disabled=""\/>/);
    expect(html).toContain('<script src="/assets/timezone.js" defer=""></script>');
    const script = await h.app.request('/assets/timezone.js');
    expect(script.status).toBe(200);
  });

  it('keeps the zone her browser sent at her first login, and shows times there, not in UTC', async () => {
    const cookie = await logInFrom('America/Chicago');
    expect(await stored()).toBe('America/Chicago');
    const person = await page(cookie, `/admin/subscribers/${personId}`);
    expect(person).toContain('Mar 1, 2026, 21:30 CST');
    expect(person).not.toContain('03:30 UTC');
    expect(person).toContain('America/Chicago');
    // Her day: the overview counts Lou on 1 March, as Chicago had it.
    const overview = await page(cookie, '/admin');
    expect(overview).toContain('<th scope="row">Mar 1</th><td>1</td>');
    expect(overview).toContain('<th scope="row">Mar 2</th><td>0</td>');
  });

  it('does not let a later login from elsewhere replace it, and ignores a zone that is none', async () => {
    await logInFrom('Not/AZone');
    await logInFrom(null);
    expect(await stored()).toBeNull();
    await logInFrom('America/Chicago');
    await logInFrom('Europe/Paris');
    expect(await stored()).toBe('America/Chicago');
  });

  it('shows UTC, labelled, until she has a zone', async () => {
    const cookie = await logIn(h.app, PASSWORD);
    expect(await stored()).toBeNull();
    expect(await page(cookie, `/admin/subscribers/${personId}`)).toContain('Mar 2, 2026, 03:30 UTC');
  });

  it('lets her change it on the settings page, and refuses a zone that is none, on the page', async () => {
    const cookie = await logInFrom('America/Chicago');
    const settings = await page(cookie, '/admin/settings');
    expect(settings).toContain('<option value="America/Chicago" selected="">');
    expect(settings).toContain('href="/admin/settings" aria-current="page"');

    const change = (timezone: string) =>
      h.app.request('/admin/settings/timezone', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ timezone }).toString(),
      });
    const saved = await change('Asia/Tokyo');
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/settings?notice=saved');
    expect(await stored()).toBe('Asia/Tokyo');
    expect(await page(cookie, `/admin/subscribers/${personId}`)).toContain('Mar 2, 2026, 12:30 GMT+9');

    const refused = await change('Mars/Olympus_Mons');
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('role="alert"');
    expect(await stored()).toBe('Asia/Tokyo');
  });
});
