import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snippets } from '../../src/http/dashboard/course/website-snippets.js';
import { findFreePort } from '../../src/runtime/infra/free-port.js';
import { hasChromium, seriousViolations, startBrowserApp, type BrowserApp } from '../support/browser.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Her website, standing in: a tiny server on another origin (`localhost`, so another site than
 * the app's `127.0.0.1`) whose pages hold the snippets exactly as the dashboard gives them.
 */
async function startHerSite(port: number, appUrl: string, slug: string, title: string): Promise<{ origin: string; server: Server }> {
  const pages: Record<string, string> = {};
  for (const kind of ['iframe', 'script', 'form'] as const) {
    const code = snippets({ appUrl, course: { slug, title }, source: `blog-${kind}` })[kind];
    pages[`/${kind}.html`] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Her blog</title></head>
<body><main><h1>A post on her blog</h1><p>Some words of hers.</p>
${code}
<p>The rest of her post.</p></main></body></html>`;
  }
  // A site builder that keeps the form but removes its script, as many do.
  pages['/form-stripped.html'] = pages['/form.html']!.replace(/<script>[\s\S]*?<\/script>/, '').replaceAll('blog-form', 'blog-stripped');
  const server = createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { origin: `http://localhost:${port}`, server };
}

describe.skipIf(!hasChromium)('the signup form on her own website', () => {
  let app: BrowserApp;
  let her: { origin: string; server: Server };
  let stranger: { origin: string; server: Server };
  let slug: string;

  const subscriber = (email: string) => app.h.db.sql<{ signup_source: string | null }[]>`select signup_source from subscribers where email = ${email}`.then((r) => r[0]);
  const confirmationTo = (email: string) =>
    waitFor(`the confirmation email to ${email}`, () => app.h.fake.emails().find((e) => e.to === email || (Array.isArray(e.to) && e.to.includes(email))), 30_000);

  beforeAll(async () => {
    const [herPort, strangerPort] = [await findFreePort(), await findFreePort()];
    app = await startBrowserApp({ env: { EMBED_ORIGINS: `http://localhost:${herPort}` } });
    await app.h.startWorkers();
    const course = app.h.ctx.catalog.main;
    slug = course.slug;
    her = await startHerSite(herPort, app.base, slug, course.title);
    stranger = await startHerSite(strangerPort, app.base, slug, course.title);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    for (const site of [her, stranger]) if (site) await new Promise((resolve) => site.server.close(resolve));
  });

  /** Her site's pages are opened by address; the browser context's baseURL is the app's. */
  const open = async (options: { phone?: boolean; javaScriptEnabled?: boolean } = {}): Promise<Page> => {
    const page = await app.open(options);
    return page;
  };

  it('signs a mom up through the framed form, which grows to fit', async () => {
    const page = await open({ phone: true });
    await page.goto(`${her.origin}/iframe.html`);
    const frame = page.frameLocator('iframe[data-rmg-embed]');
    await frame.locator('input[name="email"]').fill('iframe-mom@example.com');
    await frame.locator('input[name="firstName"]').fill('Ivy');
    // The frame's height follows the form (the snippet's few lines, the frame's postMessage).
    await page.waitForFunction(() => /^\d+px$/.test((document.querySelector('iframe[data-rmg-embed]') as HTMLIFrameElement).style.height));
    if (process.env.SHOTS) await page.screenshot({ path: '/tmp/embed-iframe-phone.png', fullPage: true });
    await frame.locator('button[type="submit"]').click();
    await frame.locator('[role="status"]').waitFor();
    await confirmationTo('iframe-mom@example.com');
    expect(await subscriber('iframe-mom@example.com')).toEqual({ signup_source: 'blog-iframe' });
    const zone = await app.h.db.sql`select timezone from subscribers where email = 'iframe-mom@example.com'`;
    expect(zone[0]!.timezone).toBe('UTC');
  });

  it('signs a mom up through the script’s form, drawn where the tag stands', async () => {
    const page = await open({ phone: true });
    await page.goto(`${her.origin}/script.html`);
    const form = page.locator('script[data-source] + form');
    await form.locator('input[name="email"]').fill('script-mom@example.com');
    if (process.env.SHOTS) await page.screenshot({ path: '/tmp/embed-script-phone.png', fullPage: true });
    await form.locator('button[type="submit"]').click();
    await page.locator('[role="status"]').waitFor();
    await confirmationTo('script-mom@example.com');
    expect(await subscriber('script-mom@example.com')).toEqual({ signup_source: 'blog-script' });
  });

  it('signs a mom up through the plain form with scripts off, and links her back to the page she came from', async () => {
    const page = await open({ phone: true, javaScriptEnabled: false });
    await page.goto(`${her.origin}/form.html`);
    await page.locator('input[name="email"]').fill('form-mom@example.com');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url() === `${app.base}/subscribe`), page.locator('button[type="submit"]').click()]);
    expect(response.status()).toBe(200);
    await page.waitForURL(`${app.base}/subscribe`);
    const back = page.locator(`main a[href^="${her.origin}/"]`).first();
    expect(await back.count()).toBe(1);
    if (process.env.SHOTS) await page.screenshot({ path: '/tmp/embed-form-check-inbox-phone.png', fullPage: true });
    await confirmationTo('form-mom@example.com');
    expect(await subscriber('form-mom@example.com')).toEqual({ signup_source: 'blog-form' });
    // No script ran, so no timezone came: the page asks where she is, and keeps her answer.
    await page.getByLabel('Your timezone (so lessons arrive in the morning)').selectOption('America/Chicago');
    await Promise.all([page.waitForURL(`${app.base}/subscribe/timezone`), page.getByRole('button', { name: 'Save my timezone' }).click()]);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator(`main a[href^="${her.origin}/"]`).count()).toBe(1);
    const zone = await app.h.db.sql`select timezone from subscribers where email = 'form-mom@example.com'`;
    expect(zone[0]!.timezone).toBe('America/Chicago');
  });

  it('learns a mom’s timezone on the “check your inbox” page when her site removed the plain form’s script', async () => {
    const page = await app.open({ phone: true, timezoneId: 'America/Chicago' });
    await page.goto(`${her.origin}/form-stripped.html`);
    expect(await page.locator('form script').count()).toBe(0);
    await page.locator('input[name="email"]').fill('stripped-mom@example.com');
    await Promise.all([page.waitForURL(`${app.base}/subscribe`), page.locator('button[type="submit"]').click()]);
    await page.locator('#late-timezone[data-sent="yes"]').waitFor({ state: 'attached' });
    const row = await app.h.db.sql<{ timezone: string; signup_source: string }[]>`select timezone, signup_source from subscribers where email = 'stripped-mom@example.com'`;
    expect(row).toEqual([{ timezone: 'America/Chicago', signup_source: 'blog-stripped' }]);
  });

  it('the script’s noscript form works with scripts off too', async () => {
    const page = await open({ javaScriptEnabled: false });
    await page.goto(`${her.origin}/script.html`);
    await page.locator('input[name="email"]').fill('noscript-mom@example.com');
    await Promise.all([page.waitForURL(`${app.base}/subscribe`), page.locator('button[type="submit"]').click()]);
    await confirmationTo('noscript-mom@example.com');
    expect(await subscriber('noscript-mom@example.com')).toEqual({ signup_source: 'blog-script' });
  });

  describe('on a site that is not hers', () => {
    it('refuses the plain form with the friendly 403 page', async () => {
      const page = await open({ javaScriptEnabled: false });
      await page.goto(`${stranger.origin}/form.html`);
      await page.locator('input[name="email"]').fill('copied@example.com');
      const [response] = await Promise.all([page.waitForResponse((r) => r.url() === `${app.base}/subscribe`), page.locator('button[type="submit"]').click()]);
      expect(response.status()).toBe(403);
      expect(response.headers()['content-type']).toContain('text/html');
      expect(await subscriber('copied@example.com')).toBeUndefined();
    });

    it('gives the script’s signup no CORS, so it does not go through', async () => {
      const page = await open();
      await page.goto(`${stranger.origin}/script.html`);
      const form = page.locator('script[data-source] + form');
      await form.locator('input[name="email"]').fill('copied@example.com');
      await form.locator('button[type="submit"]').click();
      await form.locator('[role="alert"]').waitFor();
      const fetched = await page.evaluate(
        (api) => fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'copied@example.com' }) }).then(() => 'answered', () => 'blocked'),
        `${app.base}/api/subscribers`,
      );
      expect(fetched).toBe('blocked');
      expect(await subscriber('copied@example.com')).toBeUndefined();
    });

    it('blocks the frame: frame-ancestors names her site and not this one', async () => {
      const page = await open();
      const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 15_000 });
      const [framed] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(`${app.base}/embed/`)), page.goto(`${stranger.origin}/iframe.html`)]);
      const csp = (await framed.allHeaders())['content-security-policy']!;
      expect(csp).toContain(`frame-ancestors ${her.origin}`);
      expect(csp).not.toMatch(/frame-ancestors [^;]*'self'/);
      expect(csp).not.toContain(stranger.origin);
      await refused;
      expect(await page.frameLocator('iframe[data-rmg-embed]').locator('input[name="email"]').count()).toBe(0);
    });
  });

  it('axe finds no serious or critical problem on the embed page and the dashboard’s website page', async () => {
    for (const phone of [true, false]) {
      const page = await open({ phone });
      await page.goto(`/embed/${slug}?source=axe`);
      expect(await seriousViolations(page), `embed ${phone ? 'phone' : 'laptop'}`).toEqual([]);
      if (process.env.SHOTS && phone) await page.screenshot({ path: '/tmp/embed-page-phone.png', fullPage: true });
      await app.logIn(page);
      await page.goto('/admin/course');
      await page.getByRole('link', { name: 'Put the form on your website' }).click();
      await page.waitForURL(/\/admin\/course\/website/);
      // The preview loads lazily, as it comes into view.
      await page.locator('iframe[data-embed-preview]').scrollIntoViewIfNeeded();
      await page.frameLocator('iframe[data-embed-preview]').locator('input[name="email"]').waitFor();
      expect(await seriousViolations(page), `website page ${phone ? 'phone' : 'laptop'}`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      if (process.env.SHOTS) await page.screenshot({ path: `/tmp/embed-dashboard-${phone ? 'phone' : 'laptop'}.png`, fullPage: true });
    }
  }, 90_000);

  it('saves her site’s address on the dashboard, refusing a bad one, and copies a snippet', async () => {
    const page = await open({ phone: true });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.base });
    await app.logIn(page);
    await page.goto('/admin/course/website');
    const box = page.locator('textarea[name="origins"]');
    expect(await box.inputValue()).toBe(her.origin);
    await box.fill(`${her.origin}\n*`);
    await page.locator('form[action$="/origins"] button[type="submit"]').click();
    await page.locator('#origins-error').waitFor();
    expect(await page.locator('#origins-error').textContent()).toContain('*');
    await box.fill(`${her.origin}\nhttps://www.her-practice.com`);
    await page.locator('form[action$="/origins"] button[type="submit"]').click();
    await page.waitForURL(/notice=saved/);
    expect(await page.locator('textarea[name="origins"]').inputValue()).toBe(`${her.origin}\nhttps://www.her-practice.com`);
    await page.locator('button[data-copy="code-iframe"]').click();
    await page.locator('#code-iframe-status:not(:empty)').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await page.locator('#code-iframe').inputValue());
    expect(copied).toContain(`${app.base}/embed/${slug}?source=`);
    // Where signups came from: the three snippets' labels, from the signups above.
    const table = page.getByRole('table');
    for (const label of ['blog-iframe', 'blog-script', 'blog-form']) expect(await table.getByText(label).count()).toBe(1);
  });
});
