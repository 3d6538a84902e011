import { render } from '@react-email/render';
import { createElement, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { ConfirmSubscriptionProps, LessonProps } from '../../src/mail/templates/types.js';
import { loadCatalogOrThrow } from '../../src/courses/catalog.js';
import { sampleConfirmationProps, sampleSender } from '../../src/mail/templates/sample-props.js';

const EXPECTED_SLUGS = [
  'what-mom-guilt-is',
  'perfectionism-and-the-one-right-way',
  'what-self-compassion-is',
  'noticing-without-judgment',
  'you-are-not-the-only-one',
  'speaking-to-yourself-kindly',
  'you-are-not-a-bad-mom',
];

const hostileName = '<script>alert(1)</script> & "Tom & Jerry"';
const footer = {
  unsubscribeUrl: 'https://course.example.com/unsubscribe?token=tok_unsub-123',
  postalAddress: '42 Quiet Lane, Suite 7, Portland, OR 97201, USA',
};
const preferencesUrl = 'https://course.example.com/preferences?token=tok_prefs-789';
const consultationUrl = 'https://course.example.com/consultation?from=email';

const sender = { authorName: 'Dr. Test Author', signOff: 'With warmth,', consultationUrl };

function lessonPropsFor(dayNumber: number, firstName: string | null = hostileName, totalDays = 7, courseTitle = 'Releasing Mom Guilt'): LessonProps {
  return { ...footer, preferencesUrl, ...sender, firstName, dayNumber, totalDays, courseTitle };
}

/**
 * Only the lesson's own words: the frame marks them with data-part="lesson-body", and the practice
 * box (data-part="practice") is left out, so header, footer and practice don't pad the count.
 */
async function lessonBodyText(element: ReactElement): Promise<string> {
  return render(element, {
    plainText: true,
    htmlToTextOptions: {
      baseElements: { selectors: ['[data-part="lesson-body"]'] },
      selectors: [{ selector: '[data-part="practice"]', format: 'skip' }],
    },
  });
}

const countWords = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

const catalog = await loadCatalogOrThrow();
const loaded = catalog.main;

describe('course definition', () => {
  it('loads the lessons in sending order, the first seven with the ids they have always had', () => {
    // Ids are stored on deliveries (as `<course>/<id>`): a sent lesson keeps its id for good.
    expect(loaded.lessons.map((l) => l.id).slice(0, EXPECTED_SLUGS.length)).toEqual(EXPECTED_SLUGS);
    expect(loaded.lessons.every((l) => l.format === 'markdown')).toBe(true);
  });

  it('has two courses, the main one first, each with what its landing page shows', () => {
    expect(catalog.courses.map((c) => [c.slug, c.lessons.length])).toEqual([['releasing-mom-guilt', 7], ['postpartum-perfectionism', 3]]);
    for (const c of catalog.courses) {
      for (const text of [c.title, c.tagline, c.description]) expect(text.trim()).not.toBe('');
    }
    for (const text of [catalog.author.name, catalog.author.credentials, catalog.author.signOff]) expect(text.trim()).not.toBe('');
  });
});

const everyLesson = catalog.courses.flatMap((c) =>
  c.lessons.map((lesson, i) => ({ ...lesson, day: i + 1, total: c.lessons.length, courseTitle: c.title })),
);

describe.each(everyLesson)('lesson $day: $file', (lesson) => {
  const lessonProps = (day: number, firstName: string | null = hostileName) => lessonPropsFor(day, firstName, lesson.total, lesson.courseTitle);
  const element = createElement(lesson.Component, lessonProps(lesson.day));

  it('has a subject, an inbox preview that fits and a summary', async () => {
    for (const text of [lesson.subject, lesson.preview, lesson.title, lesson.summary]) expect(text.trim()).not.toBe('');
    // The Preview component cuts anything past 150 characters.
    expect(lesson.preview.length).toBeLessThanOrEqual(150);
    expect(await render(element)).toContain(lesson.preview);
  });

  it('holds 300–650 words of lesson body and one practice box', async () => {
    const body = await lessonBodyText(element);
    expect(body).toMatch(/^Hi /);
    expect(body).not.toContain(footer.postalAddress);
    expect(countWords(body)).toBeGreaterThanOrEqual(300);
    expect(countWords(body)).toBeLessThanOrEqual(650);
    expect((await render(element)).match(/data-part="practice"/g)).toHaveLength(1);
  });

  it('shows the day and carries the preference and unsubscribe links and postal address in HTML and text', async () => {
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    expect(text).toContain(`Day ${lesson.day} of ${lesson.total}`);
    for (const output of [html, text]) {
      expect(output).toContain(footer.unsubscribeUrl);
      expect(output).toContain(preferencesUrl);
      expect(output).toContain(footer.postalAddress);
    }
    expect(html).toContain(`href="${preferencesUrl}"`);
    expect(html).toContain('>Manage preferences</a>');
    expect(html).toContain('>Unsubscribe</a>');
    // In the text part each link has a line of its own; the dot between them is for the HTML only.
    expect(text).toContain(`\nManage preferences ${preferencesUrl}\nUnsubscribe ${footer.unsubscribeUrl}\n`);
  });

  it('escapes the first name in HTML', async () => {
    const html = await render(element);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Tom &amp; Jerry');
  });

  it('greets by name, or warmly without one', async () => {
    expect(await render(createElement(lesson.Component, lessonProps(lesson.day, 'Sarah')), { plainText: true })).toContain('Hi Sarah,');
    expect(await render(createElement(lesson.Component, lessonProps(lesson.day, null)), { plainText: true })).toContain('Hi there,');
  });

  it('loads nothing from outside and links only where it should', async () => {
    const html = await render(element);
    expect(html).not.toMatch(/<img|<link\b|<script|@import|url\(/i);
    for (const href of hrefs(html)) expect([footer.unsubscribeUrl, preferencesUrl, consultationUrl]).toContain(href);
  });

  it('is signed by the author, from emails/author.md, and names its course', async () => {
    const text = await render(element, { plainText: true });
    expect(text).toContain('With warmth,\nDr. Test Author');
    expect(text).toContain(lesson.courseTitle);
  });
});

describe('lesson 7', () => {
  it('invites to the consultation and ends with the promise', async () => {
    const last = loaded.lessons[6]!;
    const element = createElement(last.Component, lessonPropsFor(7));
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    expect(html).toContain(`href="${consultationUrl}"`);
    expect(text).toContain(consultationUrl);
    expect(text).toContain('You’re doing better than you think.');
  });
});

const herCatalog = await loadCatalogOrThrow();

describe('confirm-subscription (her emails/confirm-subscription.md)', () => {
  const catalog = herCatalog;
  const email = catalog.confirmations.course({ title: catalog.main.title, totalDays: catalog.main.lessons.length });
  const confirmUrl = 'https://course.example.com/confirm?token=tok_confirm-456';
  const props: ConfirmSubscriptionProps = { ...footer, ...sender, firstName: hostileName, confirmUrl, courseTitle: catalog.main.title, totalDays: 7 };
  const element = createElement(email.Component, props);

  it('puts the confirm link in a button and as copyable text, in HTML and text', async () => {
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    expect(html).toContain(`href="${confirmUrl}"`);
    expect(html).toContain('class="rmg-button"');
    // Twice in HTML: once as the button's href, once as the link to copy.
    expect(html.split(confirmUrl).length - 1).toBeGreaterThanOrEqual(2);
    expect(text).toContain(confirmUrl);
  });

  it('has a subject, a preview, the footer and an escaped name', async () => {
    expect(email.subject.trim()).not.toBe('');
    expect(email.preview.trim()).not.toBe('');
    // Her blanks are filled in: nothing of {course} or {days} reaches a mom.
    expect(`${email.subject} ${email.preview}`).not.toMatch(/\{(course|days)\}/);
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    expect(text).not.toMatch(/\{(course|days)\}/);
    for (const output of [html, text]) {
      expect(output).toContain(footer.unsubscribeUrl);
      expect(output).toContain(footer.postalAddress);
      // She has not said yes yet: nothing is scheduled for her, so there is nothing to manage.
      expect(output).not.toContain('Manage preferences');
    }
    expect(html).not.toContain('<script');
    expect(html).toContain('Tom &amp; Jerry');
    for (const href of hrefs(html)) expect([footer.unsubscribeUrl, confirmUrl, sender.consultationUrl]).toContain(href);
  });

  it('renders with the preview’s sample props', async () => {
    const sample = sampleConfirmationProps(sampleSender, catalog.main.title, 7);
    expect(await render(createElement(email.Component, sample), { plainText: true })).toContain('Hi Sarah,');
  });
});
