import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.js';
import { Problems, formatAuthoringProblem } from '../courses/authoring-problem.js';
import type { Catalog } from '../courses/catalog.js';
import { loadNewsletterFile } from '../courses/newsletter-file.js';
import type { Database } from '../db/client.js';
import { testSends } from '../db/schema.js';
import { AppError } from '../errors.js';
import { composeResolved } from './compose.js';
import type { Mailer } from '../mail/mailer.js';
import { newsletterTemplate, resolveTemplate, type ResolvedTemplate } from './templates.js';
import { lessonTemplateKey } from '../courses/template-keys.js';
import { eq } from 'drizzle-orm';

export interface SendTestDeps {
  config: Config;
  catalog: Catalog;
  db: Database;
  mailer: Mailer;
}

export interface SendTestInput {
  /** A lesson id, `<course>/<lesson id>`, or the path of a lesson or newsletter file. */
  target: string;
  email: string;
}

export interface SendTestResult {
  id: number;
  to: string;
  subject: string;
  file: string;
  mailer: string;
}

const address = z.string().trim().toLowerCase().pipe(z.email());

/**
 * One email, with sample details, to her own address, through the same composition and the
 * same mailer as every real send; the subject starts with [Test]. It is recorded in
 * test_sends, never as a delivery to a subscriber.
 */
export async function sendTestEmail(deps: SendTestDeps, input: SendTestInput): Promise<SendTestResult> {
  const to = checkTestAddress(input.email);
  return sendTestOf(deps, await findTemplate(deps.catalog, input.target), to);
}

/**
 * The same, for a template already in hand: a draft newsletter from the dashboard, which has no
 * file. `to` must already be a checked address (see `checkTestAddress`).
 */
export async function sendTestOf(
  deps: SendTestDeps,
  { name, file, template }: { name: string; file: string; template: ResolvedTemplate },
  to: string,
): Promise<SendTestResult> {
  const [row] = await deps.db.insert(testSends).values({ template: name, file, toAddress: to }).returning({ id: testSends.id });
  const id = row!.id;
  // A throwaway scope for the render cache (see render-cache.ts): it keys compiled copies by
  // name, and a test is typically of a text just edited under the same name. Kept, the first
  // version would be sent again; this way the copy is compiled fresh and dies with the call.
  const [email] = await composeResolved(deps.config, deps.catalog, name, template, [
    { deliveryId: 0, subscriberId: 0, email: to, firstName: 'Sarah', createdAt: new Date() },
  ], { subjectPrefix: '[Test]', scope: {} });
  const result = await deps.mailer.send([email!], `test-${id}`);
  if (!result.ok) {
    await deps.db.update(testSends).set({ status: 'failed', error: result.message }).where(eq(testSends.id, id));
    throw new AppError('unavailable', `The test email could not be sent (${result.message}). Nothing reached anyone; try again in a moment.`);
  }
  await deps.db.update(testSends).set({ status: 'sent', providerMessageId: result.messageIds[0] ?? null }).where(eq(testSends.id, id));
  return { id, to, subject: email!.subject, file, mailer: deps.mailer.name };
}

/** Her address as typed, trimmed and lower-cased; refused with an example when it is not one. */
export function checkTestAddress(email: string): string {
  const to = address.safeParse(email);
  if (!to.success) throw new AppError('validation_failed', `"${email}" is not an email address. Write it in full, like you@example.com.`);
  return to.data;
}

async function findTemplate(catalog: Catalog, target: string): Promise<{ name: string; file: string; template: ResolvedTemplate }> {
  const asPath = resolve(target);
  if (/\.(md|tsx)$/.test(target)) {
    const fromProject = relative(resolve(catalog.emailsDir, '..'), asPath).split('\\').join('/');
    for (const course of catalog.courses) {
      const lesson = course.lessons.find((l) => l.file === fromProject);
      if (lesson) return lessonTarget(catalog, course.slug, lesson.id, lesson.file);
    }
    if (existsSync(asPath) && fromProject.startsWith('emails/newsletters/')) {
      const problems = new Problems();
      const newsletter = await loadNewsletterFile(catalog.emailsDir, asPath, problems);
      if (!newsletter) throw new AppError('validation_failed', problems.list.map(formatAuthoringProblem).join('\n'));
      return { name: `newsletter:${newsletter.id}`, file: newsletter.file, template: newsletterTemplate(newsletter) };
    }
    throw new AppError('not_found', `${target} is not a lesson listed in a course.md, nor a file in emails/newsletters/. Check the file name.`);
  }
  const [courseSlug, lessonId] = target.includes('/') ? target.split('/', 2) : [undefined, target];
  for (const course of catalog.courses) {
    if (courseSlug && course.slug !== courseSlug) continue;
    const lesson = course.lessons.find((l) => l.id === lessonId);
    if (lesson) return lessonTarget(catalog, course.slug, lesson.id, lesson.file);
  }
  const known = catalog.courses.flatMap((c) => c.lessons.map((l) => l.id)).join(', ');
  throw new AppError('not_found', `There is no lesson with the id "${target}". Lesson ids: ${known}. Or give the path of a file, like emails/newsletters/…md.`);
}

function lessonTarget(catalog: Catalog, courseSlug: string, lessonId: string, file: string) {
  const name = lessonTemplateKey(courseSlug, lessonId);
  return { name, file, template: resolveTemplate(catalog, name)! };
}
