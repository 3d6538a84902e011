import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSubscriberCsv } from '../../src/subscribers/import/csv.js';
import { logIn } from '../support/admin-session.js';
import { createHarness, type Harness } from '../support/harness.js';

const PASSWORD = 'a long and gentle password';
/** What a lookup of an inherited name (`constructor`) would have put on the page. */
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('names from the address bar, and the headers every page carries', () => {
  let h: Harness;
  let cookie: string;
  beforeAll(async () => {
    h = await createHarness({ env: { ADMIN_PASSWORD: PASSWORD } });
    cookie = await logIn(h.app, PASSWORD);
  });
  afterAll(async () => h?.close());

  const get = (path: string) => h.app.request(path, { headers: { cookie } });

  it('serves only its own scripts under /assets: an inherited name is a 404', async () => {
    expect((await get('/assets/timezone.js')).status).toBe(200);
    for (const name of INHERITED) {
      const res = await h.app.request(`/assets/${name}`, { headers: { accept: 'application/json' } });
      expect(res.status, name).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });

  it('shows only its own notices: ?notice=constructor shows none, and no code', async () => {
    const create = await h.app.request('/admin/broadcasts/drafts', { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    const draftPath = create.headers.get('location')!;
    for (const name of INHERITED) {
      for (const path of [`${draftPath}?notice=${name}`, `/admin/subscribers?notice=${name}`]) {
        const res = await get(path);
        expect(res.status, path).toBe(200);
        const page = await res.text();
        expect(page.includes('native code'), path).toBe(false);
        expect(page.includes('class="notice"'), path).toBe(false);
      }
    }
    expect((await (await get(`${draftPath}?notice=saved`)).text()).includes('class="notice"')).toBe(true);
  });

  it('reads an imported CSV column named like an inherited property as unknown', async () => {
    const file = `email,First Name,${INHERITED.join(',')}\nana@example.com,Ana,1,2,3,4,5\n`;
    const csv = await openSubscriberCsv((async function* () {
      yield new TextEncoder().encode(file);
    })());
    csv.close();
    expect(csv.unknownColumns).toEqual(INHERITED);
    expect(csv.columns).toEqual({ email: 0, first_name: 1 });
  });

  it('forbids <base>, forms posting elsewhere, and framing by any site; only the email previews may be framed, by our own pages', async () => {
    const directives = (res: Response) => (res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());
    for (const path of ['/', '/admin/login', '/unsubscribe?token=x', '/nowhere']) {
      const csp = directives(await h.app.request(path));
      expect(csp, path).toContain("base-uri 'none'");
      expect(csp, path).toContain("form-action 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self'");
    }
    const course = h.ctx.catalog.main;
    const preview = await get(`/admin/course/${course.slug}/lessons/${course.lessons[0]!.id}/preview`);
    expect(preview.status).toBe(200);
    expect(directives(preview)).toContain("frame-ancestors 'self'");
    expect(directives(await get(`/admin/course`))).toContain("frame-ancestors 'none'");
  });
});
