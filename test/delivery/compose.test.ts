import { render } from '@react-email/render';
import { createElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LessonProps } from '../../src/mail/templates/types.js';
import { loadCatalogOrThrow, type Catalog } from '../../src/courses/catalog.js';
import type { LoadedCourse } from '../../src/courses/course-file.js';
import type { LoadedLesson } from '../../src/courses/lesson-file.js';
import {
  composeEmails,
  composeResolved,
  confirmUrl,
  listUnsubscribeHeaders,
  preferencesUrl,
  unsubscribeUrl,
  type ComposeConfig,
  type Recipient,
} from '../../src/delivery/compose.js';
import type { OutgoingEmail } from '../../src/mail/mailer.js';
import { testComposeConfig } from '../support/compose-config.js';
import { placeholder, type RenderWarnings } from '../../src/mail/render-cache.js';
import { verifyToken } from '../../src/tokens.js';
import { newsletterTemplate, resolveTemplate } from '../../src/delivery/templates.js';
import { confirmationTemplateKey, LEGACY_CONFIRMATION_TEMPLATE, lessonTemplateKey, NEWSLETTER_CONFIRMATION_TEMPLATE } from '../../src/courses/template-keys.js';
import { Problems } from '../../src/courses/authoring-problem.js';
import { loadNewsletters } from '../../src/courses/newsletter-file.js';
import { FIXTURE_EMAILS_DIR } from '../support/course.js';

const config: ComposeConfig = testComposeConfig;

/** The straightforward implementation: one React render per recipient. The fast path must match it byte for byte. */
async function composeDirectly(
  config: ComposeConfig,
  catalog: Catalog,
  templateKey: string,
  recipients: Recipient[],
): Promise<OutgoingEmail[]> {
  const template = resolveTemplate(catalog, templateKey)!;
  const sender = {
    authorName: catalog.author.name,
    signOff: catalog.author.signOff,
    consultationUrl: catalog.author.consultationUrl ?? config.consultationUrl,
  };
  return Promise.all(
    recipients.map(async (r) => {
      const unsubscribe = unsubscribeUrl(config, r.subscriberId);
      const footer = { unsubscribeUrl: unsubscribe, postalAddress: config.postalAddress, ...sender };
      // Only lessons and newsletters link to the preference page; a confirmation comes before it.
      // …and carry her line about replies (confirmations ask for no reply).
      const subscriberFooter = { ...footer, preferencesUrl: preferencesUrl(config, r.subscriberId), repliesNote: catalog.author.repliesNote };
      const element =
        template.kind === 'confirmation'
          ? template.element({
              ...footer,
              firstName: r.firstName,
              confirmUrl: confirmUrl(config, r.subscriberId, r.createdAt),
              courseTitle: template.course.title,
              totalDays: template.course.lessons.length,
            })
          : template.kind === 'lesson'
            ? template.element({
                ...subscriberFooter,
                firstName: r.firstName,
                courseTitle: template.course.title,
                dayNumber: template.dayNumber,
                totalDays: template.totalDays,
              })
            : template.kind === 'newsletter-confirmation'
              ? template.element({ ...footer, firstName: r.firstName, confirmUrl: confirmUrl(config, r.subscriberId, r.createdAt) })
              : template.element({ ...subscriberFooter, firstName: r.firstName });
      const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
      return {
        from: config.emailFrom,
        to: r.email,
        subject: template.subject,
        html,
        text,
        headers: listUnsubscribeHeaders(unsubscribe),
        ...(catalog.author.replyTo && (template.kind === 'lesson' || template.kind === 'newsletter') ? { replyTo: catalog.author.replyTo } : {}),
      };
    }),
  );
}

function recipientsNamed(names: Array<string | null>, firstId = 1): Recipient[] {
  return names.map((firstName, i) => ({
    deliveryId: 1000 + firstId + i,
    subscriberId: firstId + i,
    email: `reader${firstId + i}@example.com`,
    firstName,
    // Different creation times give every confirmation link a different expiry.
    createdAt: new Date(Date.UTC(2025, 0, 1, 8, 0, i)),
  }));
}

const awkwardNames: Array<string | null> = [
  null,
  '',
  'Sarah',
  `Tom & "Jerry" <b>O'Neil</b>`,
  'Zoë 👶🏽',
  `${'Wilhelmina '.repeat(9)}X`,
  '$&',
  '$1',
  "$' $` $$",
  '&amp; &#x27; &lt;',
  '<!-- x --> <script>alert(1)</script>',
  'Mary Ann',
  // Placeholders fed back in as names must come out as names, not as slots.
  placeholder('firstName', 'A'),
  placeholder('unsubscribeUrl', 'B'),
  // Whitespace html-to-text would collapse, and a lone surrogate TextDecoder would replace:
  // these take the per-recipient path or the U+FFFD rule, and must still match.
  'Mary  Ann',
  'tab\there',
  'new\r\nline',
  'zero\u200bwidth',
  'half an emoji \uD83D',
  'nul\0l',
];

describe('composeEmails', () => {
  let catalog: Catalog;
  let tsxCatalog: Catalog;
  let course: LoadedCourse;
  let templateKeys: string[];
  const CONFIRMATION_TEMPLATE = confirmationTemplateKey('releasing-mom-guilt');

  beforeAll(async () => {
    catalog = await loadCatalogOrThrow();
    tsxCatalog = await loadCatalogOrThrow({ emailsDir: FIXTURE_EMAILS_DIR });
    course = catalog.main;
    templateKeys = [
      LEGACY_CONFIRMATION_TEMPLATE,
      NEWSLETTER_CONFIRMATION_TEMPLATE,
      ...catalog.courses.flatMap((c) => [confirmationTemplateKey(c.slug), ...c.lessons.map((lesson) => lessonTemplateKey(c.slug, lesson.id))]),
    ];
  });

  it('has a 100-character name among the awkward names, and every Markdown lesson of every course among the templates', () => {
    expect(awkwardNames.some((name) => name?.length === 100)).toBe(true);
    // 2 courses: 7 + 3 Markdown lessons, a confirmation each, the key older rows carry, and the
    // newsletter's own confirmation (for an imported list).
    expect(templateKeys).toHaveLength(14);
    expect(catalog.courses.flatMap((c) => c.lessons).every((l) => l.format === 'markdown')).toBe(true);
  });

  it('serves a TSX lesson beside a Markdown one, byte for byte as a direct render', async () => {
    const recipients = recipientsNamed(awkwardNames);
    const warned: object[] = [];
    expect(tsxCatalog.main.lessons.map((l) => l.format)).toEqual(['tsx', 'markdown']);
    for (const lesson of tsxCatalog.main.lessons) {
      const key = lessonTemplateKey(tsxCatalog.main.slug, lesson.id);
      const fast = await composeEmails(config, tsxCatalog, key, recipients, { warn: (details) => warned.push(details) });
      expect(fast).toEqual(await composeDirectly(config, tsxCatalog, key, recipients));
    }
    expect(warned).toEqual([]);
  });

  it('produces, for every template and awkward name, exactly what a direct render produces', async () => {
    const recipients = recipientsNamed(awkwardNames);
    const warned: object[] = [];
    for (const key of templateKeys) {
      // Twice: the first call compiles the template, the second uses the cached copy.
      for (let round = 0; round < 2; round++) {
        const fast = await composeEmails(config, catalog, key, recipients, { warn: (details) => warned.push(details) });
        const direct = await composeDirectly(config, catalog, key, recipients);
        expect(fast).toHaveLength(recipients.length);
        for (const [i, email] of fast.entries()) {
          const label = `${key} for ${JSON.stringify(recipients[i]!.firstName)}`;
          expect(email.html === direct[i]!.html, `html of ${label}`).toBe(true);
          expect(email.text === direct[i]!.text, `text of ${label}`).toBe(true);
          expect(email, label).toEqual(direct[i]);
        }
      }
    }
    // No warning means every template compiled, so the comparisons above exercised the fast path.
    expect(warned).toEqual([]);
  });

  it('puts each recipient’s own name and links in her email', async () => {
    const [sarah, tom] = await composeEmails(config, catalog, CONFIRMATION_TEMPLATE, recipientsNamed(['Sarah', `Tom & "Jerry"`], 41));
    expect(sarah!.html).toContain('Hi Sarah,');
    expect(sarah!.text).toContain('Hi Sarah,');
    expect(tom!.html).toContain('Hi Tom &amp; &quot;Jerry&quot;,');
    expect(tom!.text).toContain('Hi Tom & "Jerry",');
    expect(sarah!.text).toContain(unsubscribeUrl(config, 41));
    expect(tom!.text).toContain(unsubscribeUrl(config, 42));
    expect(tom!.text).not.toContain(unsubscribeUrl(config, 41));
    expect(tom!.headers['List-Unsubscribe']).toBe(`<${unsubscribeUrl(config, 42)}>`);
  });

  it('links a lesson to her own preference page, with a token that opens nothing else', async () => {
    const key = lessonTemplateKey(course.slug, course.lessons[0]!.id);
    const recipients = recipientsNamed(['Sarah', null], 77);
    const [sarah, other] = await composeEmails(config, catalog, key, recipients);

    const links = [...sarah!.html.matchAll(/href="([^"]*\/preferences\?token=[^"]*)"/g)].map((m) => m[1]!);
    expect(links).toEqual([preferencesUrl(config, 77)]);
    const token = new URL(links[0]!).searchParams.get('token')!;
    // Years later: the link sits in every footer, so like the unsubscribe link it does not expire.
    const later = new Date(Date.UTC(2040, 0, 1));
    expect(verifyToken(config.secret, 'preferences', token, later)).toBe(77);
    expect(verifyToken(config.secret, 'unsubscribe', token, later)).toBeNull();
    expect(verifyToken(config.secret, 'export', token, later)).toBeNull();
    // The plain-text part gives each footer link a line of its own: its words, then its URL.
    expect(sarah!.text).toContain(`\nManage preferences ${preferencesUrl(config, 77)}\nUnsubscribe ${unsubscribeUrl(config, 77)}\n`);
    expect(other!.text).toContain(preferencesUrl(config, 78));
    expect(other!.text).not.toContain(preferencesUrl(config, 77));

    // The compiled copy fills the new field in exactly where a direct render puts it.
    expect([sarah, other]).toEqual(await composeDirectly(config, catalog, key, recipients));
  });

  it('links a newsletter to her preference page too, byte for byte as a direct render', async () => {
    const [letter] = await loadNewsletters(catalog.emailsDir, new Problems());
    const template = newsletterTemplate(letter!);
    if (template.kind !== 'newsletter') throw new Error('not a newsletter');
    const recipients = recipientsNamed(['Sarah', null, `Tom & "Jerry"`], 120);
    const warned: object[] = [];
    const fast = await composeResolved(config, catalog, `newsletter:${letter!.id}`, template, recipients, { warnings: { warn: (d) => warned.push(d) } });
    expect(warned).toEqual([]);
    for (const [i, r] of recipients.entries()) {
      expect(fast[i]!.html).toContain(`href="${preferencesUrl(config, r.subscriberId)}"`);
      expect(fast[i]!.text).toContain(`Manage preferences ${preferencesUrl(config, r.subscriberId)}`);
      const element = template.element({
        unsubscribeUrl: unsubscribeUrl(config, r.subscriberId),
        preferencesUrl: preferencesUrl(config, r.subscriberId),
        postalAddress: config.postalAddress,
        authorName: catalog.author.name,
        signOff: catalog.author.signOff,
        consultationUrl: catalog.author.consultationUrl ?? config.consultationUrl,
        repliesNote: catalog.author.repliesNote,
        firstName: r.firstName,
      });
      const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
      expect(fast[i]!.html === html, `html for ${r.firstName}`).toBe(true);
      expect(fast[i]!.text === text, `text for ${r.firstName}`).toBe(true);
    }
  });

  it('compiles a public newsletter\'s "View in your browser" link into its template, byte for byte as a direct render', async () => {
    const [letter] = await loadNewsletters(catalog.emailsDir, new Problems());
    const template = newsletterTemplate(letter!, letter!.id);
    if (template.kind !== 'newsletter') throw new Error('not a newsletter');
    const recipients = recipientsNamed(['Sarah', null], 140);
    const fast = await composeResolved(config, catalog, `broadcast:public-${letter!.id}`, template, recipients);
    const webCopyUrl = `${config.appUrl}/letters/${letter!.id}`;
    for (const [i, r] of recipients.entries()) {
      expect(fast[i]!.html).toContain(`href="${webCopyUrl}"`);
      const element = template.element({
        unsubscribeUrl: unsubscribeUrl(config, r.subscriberId),
        preferencesUrl: preferencesUrl(config, r.subscriberId),
        postalAddress: config.postalAddress,
        authorName: catalog.author.name,
        signOff: catalog.author.signOff,
        consultationUrl: catalog.author.consultationUrl ?? config.consultationUrl,
        repliesNote: catalog.author.repliesNote,
        webCopyUrl,
        firstName: r.firstName,
      });
      expect(fast[i]!.html === (await render(element)), `html for ${r.firstName}`).toBe(true);
    }
  });

  it('leaves the preference page out of confirmations, which come before there is anything to manage', async () => {
    for (const key of [CONFIRMATION_TEMPLATE, NEWSLETTER_CONFIRMATION_TEMPLATE]) {
      const [email] = await composeEmails(config, catalog, key, recipientsNamed(['Sarah'], 90));
      expect(email!.html).toContain(unsubscribeUrl(config, 90));
      expect(email!.html).not.toContain('/preferences');
      expect(email!.text).not.toContain('Manage preferences');
    }
  });

  it('matches random names made of the characters most likely to break escaping or whitespace', async () => {
    const pieces = ['a', 'Zo', 'ë', ' ', '  ', '&', '&amp;', '<', '>', '"', "'", '$', '$&', '`', '\\', '\t', '\n', '\u200b', '👶🏽', '\uD800', '\0', '#', '-->'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const names = Array.from({ length: 150 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]!).join(''),
    );
    const recipients = recipientsNamed(names, 500);
    for (const key of [CONFIRMATION_TEMPLATE, lessonTemplateKey(course.slug, course.lessons[2]!.id)]) {
      const fast = await composeEmails(config, catalog, key, recipients);
      const direct = await composeDirectly(config, catalog, key, recipients);
      for (const [i, email] of fast.entries()) expect(email, `${key} for ${JSON.stringify(names[i])}`).toEqual(direct[i]);
    }
  });

  it('keeps the per-template props apart: another postal address gets its own compiled copy', async () => {
    const key = lessonTemplateKey(course.slug, course.lessons[0]!.id);
    const other = { ...config, postalAddress: '2 Other Road & Sons', consultationUrl: 'https://elsewhere.example/#book' };
    expect(catalog.author.consultationUrl).toBeNull();
    const recipients = recipientsNamed(['Sarah', null]);
    await composeEmails(config, catalog, key, recipients);

    const fast = await composeEmails(other, catalog, key, recipients);

    expect(fast).toEqual(await composeDirectly(other, catalog, key, recipients));
    expect(fast[0]!.text).toContain('2 Other Road & Sons');
    expect(fast[0]!.text).not.toContain('1 Test Lane');
  });

  it('renders per recipient, and warns once, when a template transforms or measures the name', async () => {
    const shouting = lesson('shouting', (p) =>
      createElement('p', null, `Hi ${p.firstName ? p.firstName.toUpperCase() : 'there'}, `, createElement('a', { href: p.unsubscribeUrl }, 'Unsubscribe')),
    );
    const clipping = lesson('clipping', (p) =>
      createElement('p', null, `Hi ${p.firstName ? p.firstName.slice(0, 12) : 'there'}, `, createElement('a', { href: p.unsubscribeUrl }, 'Unsubscribe')),
    );
    const testCourse: LoadedCourse = { ...course, slug: 'test-course', lessons: [shouting, clipping] };
    const testCatalog: Catalog = { ...catalog, courses: [testCourse], main: testCourse, course: (slug) => (slug === 'test-course' ? testCourse : undefined) };
    const warned: object[] = [];
    const warnings: RenderWarnings = { warn: (details) => warned.push(details) };
    const recipients = recipientsNamed(['Sarah', 'Josephine-Marie', `O'Neil`]);

    for (const slug of ['shouting', 'clipping']) {
      const key = `test-course/${slug}`;
      const first = await composeEmails(config, testCatalog, key, recipients, warnings);
      const second = await composeEmails(config, testCatalog, key, recipients, warnings);
      const direct = await composeDirectly(config, testCatalog, key, recipients);
      expect(first).toEqual(direct);
      expect(second).toEqual(direct);
    }

    expect(warned).toEqual([
      expect.objectContaining({ template: 'test-course/shouting', variant: 'named' }),
      expect.objectContaining({ template: 'test-course/clipping', variant: 'named' }),
    ]);
  });

  it('measures emails per second, Markdown beside TSX, fast path and direct render (printed, not asserted)', { timeout: 240_000 }, async () => {
    const names = Array.from({ length: 2000 }, (_, i) => (i % 10 === 0 ? null : `Reader${i}`));
    const recipients = recipientsNamed(names, 10_000);
    // The same lesson, word for word: Markdown in emails/, the TSX it was before in the fixtures.
    const cases = [
      { label: 'Markdown', catalog: catalog, key: lessonTemplateKey(course.slug, course.lessons[0]!.id) },
      { label: 'TSX', catalog: tsxCatalog, key: lessonTemplateKey(tsxCatalog.main.slug, tsxCatalog.main.lessons[0]!.id) },
    ];
    const rate = (ms: number) => Math.round((recipients.length / ms) * 1000);
    const lines: string[] = [];
    for (const { label, catalog: source, key } of cases) {
      // A fresh scope: the compiled copy is made inside the timed cold call.
      const fresh = { ...source };
      const coldStart = performance.now();
      await composeEmails(config, fresh, key, recipients);
      const coldMs = performance.now() - coldStart;
      const warmStart = performance.now();
      const fast = await composeEmails(config, fresh, key, recipients);
      const warmMs = performance.now() - warmStart;
      const directStart = performance.now();
      const direct = await composeDirectly(config, source, key, recipients);
      const directMs = performance.now() - directStart;
      expect(fast).toEqual(direct);
      lines.push(
        `${label} lesson 1 (${key}), ${recipients.length} recipients: fast path ${rate(warmMs)} emails/s warm (${warmMs.toFixed(0)} ms), ` +
          `${rate(coldMs)} emails/s including compilation (${coldMs.toFixed(0)} ms); direct render ${rate(directMs)} emails/s (${directMs.toFixed(0)} ms); ` +
          `html ${fast[1]!.html.length} bytes`,
      );
    }
    console.log(lines.join('\n'));
  });
});

function lesson(id: string, Component: (props: LessonProps) => ReturnType<typeof createElement>): LoadedLesson {
  return { id, subject: `Subject ${id}`, preview: 'p', title: 't', summary: 's', file: id, format: 'tsx', Component, lines: null };
}
