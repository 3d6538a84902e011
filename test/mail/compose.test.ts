import { render } from '@react-email/render';
import { createElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCourse, type LoadedCourse, type LoadedLesson } from '../../emails/load-course.js';
import type { LessonProps } from '../../emails/types.js';
import {
  composeEmails,
  confirmUrl,
  listUnsubscribeHeaders,
  unsubscribeUrl,
  type ComposeConfig,
  type Recipient,
} from '../../src/mail/compose.js';
import type { OutgoingEmail } from '../../src/mail/mailer.js';
import { placeholder, type RenderWarnings } from '../../src/mail/render-cache.js';
import { CONFIRMATION_TEMPLATE, resolveTemplate } from '../../src/mail/templates.js';

const config: ComposeConfig = {
  appUrl: 'https://course.example.com',
  secret: 'x'.repeat(40),
  emailFrom: 'A <a@example.com>',
  postalAddress: '1 Test Lane',
  consultationUrl: 'https://course.example.com/#consultation',
};

/** The straightforward implementation: one React render per recipient. The fast path must match it byte for byte. */
async function composeDirectly(
  config: ComposeConfig,
  course: LoadedCourse,
  templateKey: string,
  recipients: Recipient[],
): Promise<OutgoingEmail[]> {
  const template = resolveTemplate(course, templateKey)!;
  return Promise.all(
    recipients.map(async (r) => {
      const unsubscribe = unsubscribeUrl(config, r.subscriberId);
      const footer = { unsubscribeUrl: unsubscribe, postalAddress: config.postalAddress };
      const element =
        template.kind === 'confirmation'
          ? template.element({ ...footer, firstName: r.firstName, confirmUrl: confirmUrl(config, r.subscriberId, r.createdAt) })
          : template.element({
              ...footer,
              firstName: r.firstName,
              dayNumber: template.dayNumber,
              totalDays: template.totalDays,
              consultationUrl: config.consultationUrl,
            });
      const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
      return {
        from: config.emailFrom,
        to: r.email,
        subject: template.subject,
        html,
        text,
        headers: listUnsubscribeHeaders(unsubscribe),
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
  let course: LoadedCourse;
  let templateKeys: string[];

  beforeAll(async () => {
    course = await loadCourse();
    templateKeys = [CONFIRMATION_TEMPLATE, ...course.lessons.map((lesson) => `${course.slug}/${lesson.slug}`)];
  });

  it('has a 100-character name among the awkward names', () => {
    expect(awkwardNames.some((name) => name?.length === 100)).toBe(true);
    expect(templateKeys).toHaveLength(8);
  });

  it('produces, for every template and awkward name, exactly what a direct render produces', async () => {
    const recipients = recipientsNamed(awkwardNames);
    const warned: object[] = [];
    for (const key of templateKeys) {
      // Twice: the first call compiles the template, the second uses the cached copy.
      for (let round = 0; round < 2; round++) {
        const fast = await composeEmails(config, course, key, recipients, { warn: (details) => warned.push(details) });
        const direct = await composeDirectly(config, course, key, recipients);
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
    const [sarah, tom] = await composeEmails(config, course, CONFIRMATION_TEMPLATE, recipientsNamed(['Sarah', `Tom & "Jerry"`], 41));
    expect(sarah!.html).toContain('Hi Sarah,');
    expect(sarah!.text).toContain('Hi Sarah,');
    expect(tom!.html).toContain('Hi Tom &amp; &quot;Jerry&quot;,');
    expect(tom!.text).toContain('Hi Tom & "Jerry",');
    expect(sarah!.text).toContain(unsubscribeUrl(config, 41));
    expect(tom!.text).toContain(unsubscribeUrl(config, 42));
    expect(tom!.text).not.toContain(unsubscribeUrl(config, 41));
    expect(tom!.headers['List-Unsubscribe']).toBe(`<${unsubscribeUrl(config, 42)}>`);
  });

  it('matches random names made of the characters most likely to break escaping or whitespace', async () => {
    const pieces = ['a', 'Zo', 'ë', ' ', '  ', '&', '&amp;', '<', '>', '"', "'", '$', '$&', '`', '\\', '\t', '\n', '\u200b', '👶🏽', '\uD800', '\0', '#', '-->'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const names = Array.from({ length: 150 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]!).join(''),
    );
    const recipients = recipientsNamed(names, 500);
    for (const key of [CONFIRMATION_TEMPLATE, `${course.slug}/${course.lessons[2]!.slug}`]) {
      const fast = await composeEmails(config, course, key, recipients);
      const direct = await composeDirectly(config, course, key, recipients);
      for (const [i, email] of fast.entries()) expect(email, `${key} for ${JSON.stringify(names[i])}`).toEqual(direct[i]);
    }
  });

  it('keeps the per-template props apart: another postal address gets its own compiled copy', async () => {
    const key = `${course.slug}/${course.lessons[0]!.slug}`;
    const other = { ...config, postalAddress: '2 Other Road & Sons', consultationUrl: 'https://elsewhere.example/#book' };
    const recipients = recipientsNamed(['Sarah', null]);
    await composeEmails(config, course, key, recipients);

    const fast = await composeEmails(other, course, key, recipients);

    expect(fast).toEqual(await composeDirectly(other, course, key, recipients));
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
    const warned: object[] = [];
    const warnings: RenderWarnings = { warn: (details) => warned.push(details) };
    const recipients = recipientsNamed(['Sarah', 'Josephine-Marie', `O'Neil`]);

    for (const slug of ['shouting', 'clipping']) {
      const key = `test-course/${slug}`;
      const first = await composeEmails(config, testCourse, key, recipients, warnings);
      const second = await composeEmails(config, testCourse, key, recipients, warnings);
      const direct = await composeDirectly(config, testCourse, key, recipients);
      expect(first).toEqual(direct);
      expect(second).toEqual(direct);
    }

    expect(warned).toEqual([
      expect.objectContaining({ template: 'test-course/shouting', variant: 'named' }),
      expect.objectContaining({ template: 'test-course/clipping', variant: 'named' }),
    ]);
  });

  it('measures emails per second, fast path against a direct render (printed, not asserted)', { timeout: 180_000 }, async () => {
    const key = `${course.slug}/${course.lessons[0]!.slug}`;
    const names = Array.from({ length: 2000 }, (_, i) => (i % 10 === 0 ? null : `Reader${i}`));
    const recipients = recipientsNamed(names, 10_000);
    const freshCourse = { ...course };

    const coldStart = performance.now();
    await composeEmails(config, freshCourse, key, recipients);
    const coldMs = performance.now() - coldStart;

    const warmStart = performance.now();
    const fast = await composeEmails(config, freshCourse, key, recipients);
    const warmMs = performance.now() - warmStart;

    const directStart = performance.now();
    const direct = await composeDirectly(config, course, key, recipients);
    const directMs = performance.now() - directStart;

    expect(fast).toEqual(direct);
    const rate = (ms: number) => Math.round((recipients.length / ms) * 1000);
    console.log(
      `composeEmails, ${recipients.length} recipients of ${key}: ` +
        `fast path ${rate(warmMs)} emails/s warm (${warmMs.toFixed(0)} ms), ${rate(coldMs)} emails/s including compilation ` +
        `(${coldMs.toFixed(0)} ms); direct render ${rate(directMs)} emails/s (${directMs.toFixed(0)} ms)`,
    );
  });
});

function lesson(slug: string, Component: (props: LessonProps) => ReturnType<typeof createElement>): LoadedLesson {
  return { slug, subject: `Subject ${slug}`, preview: 'p', title: 't', summary: 's', file: slug, Component };
}
