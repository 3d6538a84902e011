/**
 * `npm run email` exactly as she runs it: the React Email preview server over the generated
 * wrappers, showing Markdown lessons, the confirmation email and the newsletters with sample props.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordCommandRun } from '../support/documented-commands.js';
import { groupAlive, stopProcessGroup } from '../support/child-process.js';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const emails = join(root, 'emails');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The body's first words, as they appear in the rendered email (Markdown marks dropped). */
function firstWords(path: string, count = 6): string {
  const body = readFileSync(path, 'utf8').split(/^---\s*$/m).slice(2).join('---');
  const paragraph = body.trim().split(/\n\s*\n/)[0]!;
  return paragraph.replace(/[*_`#>]/g, '').split(/\s+/).slice(0, count).join(' ');
}

function frontList(path: string, key: string): string[] {
  const source = readFileSync(path, 'utf8');
  const block = new RegExp(`^${key}:\\s*\\n((?:\\s+- .*\\n)+)`, 'm').exec(source);
  return block ? block[1]!.trim().split('\n').map((l) => l.replace(/^\s*-\s*/, '').trim()) : [];
}

function frontValue(path: string, key: string): string {
  return new RegExp(`^${key}:\\s*"([^"]*)"`, 'm').exec(readFileSync(path, 'utf8'))![1]!;
}


describe('npm run email', () => {
  let child: ChildProcess;
  let port: number;
  let output = '';
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    port = await freePort();
    const started = Date.now();
    // The command exactly as the guide writes it; only the port comes from the environment.
    recordCommandRun('npm run email');
    child = spawn('bash', ['-c', 'npm run email'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EMAIL_PREVIEW_PORT: String(port) } });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm run email exited early (${child.exitCode}):\n${output}`);
      try {
        const res = await fetch(`http://localhost:${port}/`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the preview server did not answer within 90 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    timings.ready = Date.now() - started;
  }, 120_000);

  afterAll(async () => {
    if (!child?.pid) return;
    await stopProcessGroup(child.pid);
    console.log('preview timings (ms):', timings);
  }, 20_000);

  async function page(path: string): Promise<string> {
    const started = Date.now();
    const res = await fetch(`http://localhost:${port}${path}`);
    timings[path] = Date.now() - started;
    expect(res.status, `${path}:\n${output}`).toBe(200);
    return res.text();
  }

  const authorName = frontValue(join(emails, 'author.md'), 'name');

  for (const course of ['releasing-mom-guilt', 'postpartum-perfectionism']) {
    const courseMd = join(emails, 'courses', course, 'course.md');
    const lessons = frontList(courseMd, 'lessons');
    const title = frontValue(courseMd, 'title');

    it(`shows ${course}'s first Markdown lesson with sample props`, async () => {
      const name = lessons[0]!;
      expect(name).toMatch(/\.md$/);
      const html = await page(`/preview/${course}/01-${name.replace(/\.md$/, '').replace(/^\d+[-_ ]*/, '')}`);
      expect(html.includes(firstWords(join(emails, 'courses', course, name))), `page shows ${firstWords(join(emails, 'courses', course, name))}`).toBe(true);
      expect(html.includes('Hi Sarah'), `page shows ${'Hi Sarah'}`).toBe(true);
      expect(html.includes(authorName), `page shows ${authorName}`).toBe(true);
      expect(html.includes(`Day 1 of ${lessons.length}`), `page shows ${`Day 1 of ${lessons.length}`}`).toBe(true);
    }, 60_000);

    it(`shows the confirmation email for ${course}`, async () => {
      const html = await page(`/preview/${course}/00-confirmation`);
      expect(html.includes('One quick tap and we begin'), `page shows ${'One quick tap and we begin'}`).toBe(true);
      expect(html.includes('Hi Sarah'), `page shows ${'Hi Sarah'}`).toBe(true);
      expect(html.includes(title), `page shows ${title}`).toBe(true);
      expect(html.includes(authorName), `page shows ${authorName}`).toBe(true);
    }, 60_000);
  }

  it('shows the Markdown newsletter', async () => {
    const file = join(emails, 'newsletters', '2026-12-gentle-december.md');
    const html = await page('/preview/newsletters/2026-12-gentle-december');
    expect(html.includes(firstWords(file)), `page shows ${firstWords(file)}`).toBe(true);
    expect(html.includes('Hi Sarah'), `page shows ${'Hi Sarah'}`).toBe(true);
    expect(html.includes(authorName), `page shows ${authorName}`).toBe(true);
  }, 60_000);

  it('shows the newsletter’s own confirmation, which an imported list without consent receives', async () => {
    const html = await page('/preview/newsletters/00-confirmation');
    expect(html.includes('Shall I stay in touch?'), 'page shows its title').toBe(true);
    expect(html.includes('Hi Sarah'), 'page shows Hi Sarah').toBe(true);
    expect(html.includes(authorName), `page shows ${authorName}`).toBe(true);
  }, 60_000);

  it('lists every lesson, confirmation and newsletter in the sidebar', async () => {
    const html = await page('/preview/newsletters/2026-12-gentle-december');
    for (const course of ['releasing-mom-guilt', 'postpartum-perfectionism']) {
      const lessons = frontList(join(emails, 'courses', course, 'course.md'), 'lessons');
      for (const [i, name] of lessons.entries()) {
        const slug = `${String(i + 1).padStart(2, '0')}-${name.replace(/\.md$/, '').replace(/^\d+[-_ ]*/, '')}`;
        expect(html.includes(slug), slug).toBe(true);
      }
      expect(html.split('00-confirmation').length - 1, 'confirmation entries').toBeGreaterThanOrEqual(1);
    }
  }, 60_000);

  it('scores an email with the local SpamAssassin, not react.email’s service, and shows no error toast offline', async () => {
    const html = await page('/preview/newsletters/2026-12-gentle-december');
    expect(html).toMatch(/<head[^>]*><script src="\/__local\/offline-checks\.js"><\/script>/);
    const answer = await fetch(`http://localhost:${port}/__local/check-spam`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ html: '<p>Hi Sarah, a short note.</p>', plainText: 'Hi Sarah, a short note.' }),
    });
    const result = (await answer.json()) as { checks: Array<{ name: string }>; isSpam: boolean; points: number };
    expect(result).toMatchObject({ isSpam: false, points: expect.any(Number) });
    expect(result.checks.length).toBeGreaterThan(0);
    if (!existsSync(CHROMIUM)) return;

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const tab = await browser.newPage();
      const elsewhere: string[] = [];
      tab.on('request', (request) => {
        if (!request.url().startsWith(`http://localhost:${port}/`)) elsewhere.push(request.url());
      });
      const scored = tab.waitForResponse((response) => response.url().endsWith('/__local/check-spam'), { timeout: 30_000 });
      await tab.goto(`http://localhost:${port}/preview/newsletters/2026-12-gentle-december`);
      expect((await scored).status()).toBe(200);
      // Sonner shows a failed check as a toast; give one the time to appear.
      await tab.waitForLoadState('networkidle');
      expect(await tab.locator('[data-sonner-toast]').allTextContents()).toEqual([]);
      expect(elsewhere).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('leaves no process behind when its process group is stopped', async () => {
    const pid = child.pid!;
    process.kill(-pid, 'SIGTERM');
    const started = Date.now();
    while (groupAlive(pid) && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 100));
    timings.stop = Date.now() - started;
    expect(groupAlive(pid), output).toBe(false);
    await expect(fetch(`http://localhost:${port}/`)).rejects.toThrow();
  }, 20_000);
});
