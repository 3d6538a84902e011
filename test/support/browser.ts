import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { findFreePort } from '../../src/runtime/infra/free-port.js';
import { createHarness, type Harness, type HarnessOptions } from './harness.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ADMIN_TEST_PASSWORD = 'a long and gentle test password';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface BrowserApp {
  h: Harness;
  /** `http://127.0.0.1:<port>`, which is also the app's APP_URL. */
  base: string;
  browser: Browser;
  /** A fresh browser context at a laptop's size, or a phone's (390×844, touch); in UTC unless told a timezone. */
  open(options?: { phone?: boolean; javaScriptEnabled?: boolean; timezoneId?: string }): Promise<Page>;
  /** Logs in through the login form, as she does. */
  logIn(page: Page): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real app (a test harness: fresh Postgres, own Redis prefix, fake Resend) on a real port,
 * with Debian's Chromium driven by playwright-core. APP_URL is that port, so links in emails and
 * the session cookie's Secure flag match what the browser sees. The dashboard's password is
 * ADMIN_TEST_PASSWORD.
 */
export async function startBrowserApp(options: HarnessOptions = {}): Promise<BrowserApp> {
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  const h = await createHarness({ ...options, env: { APP_URL: base, ADMIN_PASSWORD: ADMIN_TEST_PASSWORD, ...options.env } });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: h.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const contexts: BrowserContext[] = [];
  return {
    h,
    base,
    browser,
    async open({ phone = false, javaScriptEnabled = true, timezoneId = 'UTC' } = {}) {
      const context = await browser.newContext({
        baseURL: base,
        javaScriptEnabled,
        timezoneId,
        // Only so that axe-core can be injected: the app's CSP rightly refuses inline scripts.
        bypassCSP: true,
        ...(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 900 } }),
      });
      contexts.push(context);
      return context.newPage();
    },
    async logIn(page) {
      await page.goto('/admin/login');
      await page.getByLabel('Password').fill(ADMIN_TEST_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${base}/admin`);
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await h.close();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core over the page as it stands: the serious and critical violations (none is the goal). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
