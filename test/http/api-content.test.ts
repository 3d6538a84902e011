import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { storedDocuments } from '../../src/courses/content-store.js';
import { createApp } from '../../src/http/app.js';
import { copyOfFixtureContent } from '../support/course.js';
import { createHarness, type Harness } from '../support/harness.js';

// POST /api/admin/content/import|export read and write folders of the app's machine: only the
// command beside `npm start` (the local token) may call them, never a holder of ADMIN_TOKEN.

const ADMIN_TOKEN = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const LOCAL_TOKEN = 'local-token-of-this-run-0123456789';
const LESSON = 'courses/releasing-mom-guilt/01-what-mom-guilt-is.md';

let h: Harness;
let content: { dir: string; remove(): void };
beforeAll(async () => {
  content = copyOfFixtureContent();
  h = await createHarness({ env: { ADMIN_TOKEN }, catalog: { emailsDir: content.dir } });
});
afterAll(async () => {
  await h.close();
  content.remove();
});

const post = (app: ReturnType<typeof createApp>, path: string, token: string, body: unknown) =>
  app.request(`/api/admin${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

it('refuses ADMIN_TOKEN, and is absent without a local token', async () => {
  const withLocal = createApp(h.ctx, { localToken: LOCAL_TOKEN });
  expect((await post(withLocal, '/content/export', ADMIN_TOKEN, { to: content.dir })).status).toBe(401);
  expect((await post(h.app, '/content/import', ADMIN_TOKEN, { from: content.dir, dryRun: true })).status).toBe(404);
});

it('imports for the local command, and the app serves the result at once', async () => {
  const app = createApp(h.ctx, { localToken: LOCAL_TOKEN });
  const edited = readFileSync(join(content.dir, LESSON), 'utf8').replace(/^subject: .*$/m, 'subject: "Imported through the app"');
  writeFileSync(join(content.dir, LESSON), edited);
  const dry = await post(app, '/content/import', LOCAL_TOKEN, { from: content.dir, dryRun: true });
  expect(dry.status).toBe(200);
  expect(await dry.json()).toMatchObject({ dryRun: true, changed: [LESSON] });
  expect((await storedDocuments(h.db.sql)).get(LESSON)?.text).not.toBe(edited);
  const real = await post(app, '/content/import', LOCAL_TOKEN, { from: content.dir });
  expect(await real.json()).toMatchObject({ dryRun: false, changed: [LESSON] });
  expect(h.ctx.catalog.main.lessons[0]!.subject).toBe('Imported through the app');
  expect((await post(app, '/content/import', LOCAL_TOKEN, { from: 'relative/folder' })).status).toBe(422);
});
