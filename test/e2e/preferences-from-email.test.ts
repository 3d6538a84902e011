import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConfirmationLink } from '../support/confirm-link.js';
import { createHarness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/wait-for.js';

const EMAIL = 'nadia@example.com';
const ZONE = 'Europe/Paris';

/**
 * From the footer of a real lesson to her page and back: she pauses the course, nothing comes
 * for days, she resumes, and the next lesson (lesson 2, not 3) arrives at 8:00 her time the next
 * morning, through the real workers and the fake provider.
 */
describe('"Manage preferences" in a lesson', () => {
  let h: Harness;
  const mine = () => h.fake.emails().filter((e) => e.to === EMAIL || (Array.isArray(e.to) && e.to.includes(EMAIL)));
  const submit = (path: string, fields: Record<string, string>) =>
    h.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://course.example.com' },
      body: new URLSearchParams(fields).toString(),
    });

  beforeAll(async () => {
    // 10:00 in Paris.
    h = await createHarness({ now: '2026-06-01T08:00:00Z' });
    await h.startWorkers();
  });
  afterAll(async () => h?.close());

  it('pauses the course from the link in the email, and resumes it where she was', async () => {
    await h.app.request('/api/subscribers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, firstName: 'Nadia', timezone: ZONE }) });
    const confirmation = (await waitFor('the confirmation', () => mine()[0]))!;
    expect(confirmation.html).not.toContain('/preferences?token=');
    const confirmLink = /https:\/\/course\.example\.com(\/confirm\?token=[^"&\s]+)/.exec(confirmation.html ?? '')![1]!;
    h.clock.set(new Date('2026-06-01T08:05:00Z'));
    await openConfirmationLink((url, init) => h.app.request(url, init), confirmLink);
    const lesson1 = (await waitFor('lesson 1', () => mine()[1]))!;

    // The footer's link, in the HTML and in the plain text, is her page.
    const href = /<a [^>]*href="https:\/\/course\.example\.com(\/preferences\?token=[^"]+)"[^>]*>Manage preferences<\/a>/.exec(lesson1.html ?? '')?.[1];
    expect(href).toBeTruthy();
    expect(lesson1.text).toContain(`Manage preferences https://course.example.com${href!.replace(/&amp;/g, '&')}`);
    const page = await h.app.request(href!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Your emails, Nadia');
    const token = /<input type="hidden" name="token" value="([^"]+)">/.exec(html)![1]!;

    const paused = await submit('/preferences/pause', { token, course: 'releasing-mom-guilt' });
    expect(paused.status).toBe(303);
    expect(await (await h.app.request(paused.headers.get('location')!)).text()).toContain('Your course is paused.');

    // Four mornings pass at 8:00 Paris time: nothing arrives.
    for (const day of ['2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05']) {
      h.clock.set(DateTime.fromISO(`${day}T08:00`, { zone: ZONE }).toJSDate());
      await h.afterDispatcherTicks(1);
    }
    expect(mine()).toHaveLength(2);

    // She resumes at 21:00 on the 5th; lesson 2 comes at 8:00 on the 6th, and nothing before.
    h.clock.set(DateTime.fromISO('2026-06-05T21:00', { zone: ZONE }).toJSDate());
    expect((await submit('/preferences/resume', { token, course: 'releasing-mom-guilt' })).status).toBe(303);
    h.clock.set(DateTime.fromISO('2026-06-06T07:59', { zone: ZONE }).toJSDate());
    await h.afterDispatcherTicks(1);
    expect(mine()).toHaveLength(2);
    h.clock.set(DateTime.fromISO('2026-06-06T08:00', { zone: ZONE }).toJSDate());
    const lesson2 = (await waitFor('lesson 2', () => mine()[2]))!;
    expect(lesson2.subject).toBe(h.ctx.catalog.main.lessons[1]!.subject);
    expect(h.fake.stats().duplicates).toBe(0);
  });
});
