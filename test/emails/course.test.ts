import { render } from '@react-email/render';
import { createElement, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import ConfirmSubscription, { preview as confirmPreview, subject as confirmSubject } from '../../emails/confirm-subscription.js';
import { course } from '../../emails/course.js';
import { loadCourse } from '../../emails/load-course.js';
import type { ConfirmSubscriptionProps, LessonProps } from '../../emails/types.js';

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
const consultationUrl = 'https://course.example.com/consultation?from=email';

function lessonProps(dayNumber: number, firstName: string | null = hostileName): LessonProps {
  return { ...footer, firstName, dayNumber, totalDays: 7, consultationUrl };
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

const loaded = await loadCourse();

describe('course definition', () => {
  it('loads the lessons in sending order, the first seven where they have always been', () => {
    expect(loaded.lessons.map((l) => l.file)).toEqual([...course.lessons]);
    // Slugs are stored on deliveries and enrollments count positions in this list: a sent
    // lesson must keep its slug and its place. New lessons may follow them.
    expect(loaded.lessons.map((l) => l.slug).slice(0, EXPECTED_SLUGS.length)).toEqual(EXPECTED_SLUGS);
    expect(new Set(loaded.lessons.map((l) => l.slug)).size).toBe(loaded.lessons.length);
  });

  it('carries what the landing page shows', () => {
    expect(loaded.title).toBe('Releasing Mom Guilt');
    for (const text of [loaded.tagline, loaded.description, loaded.author.name, loaded.author.credentials]) {
      expect(text.trim()).not.toBe('');
    }
  });
});

describe.each(loaded.lessons.map((lesson, i) => ({ ...lesson, day: i + 1 })))('lesson $day: $file', (lesson) => {
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

  it('shows the day and carries the unsubscribe link and postal address in HTML and text', async () => {
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    expect(text).toContain(`Day ${lesson.day} of 7`);
    for (const output of [html, text]) {
      expect(output).toContain(footer.unsubscribeUrl);
      expect(output).toContain(footer.postalAddress);
      expect(output).toContain('Unsubscribe');
    }
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
    for (const href of hrefs(html)) expect([footer.unsubscribeUrl, consultationUrl]).toContain(href);
  });

  it('renders its PreviewProps for the preview server', async () => {
    const previewProps = lesson.Component.PreviewProps;
    expect(previewProps).toBeDefined();
    expect(await render(createElement(lesson.Component, previewProps!), { plainText: true })).toContain('Hi Sarah,');
  });
});

describe('lesson 7', () => {
  it('invites to the consultation and ends with the promise', async () => {
    const last = loaded.lessons[6]!;
    const element = createElement(last.Component, lessonProps(7));
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    expect(html).toContain(`href="${consultationUrl}"`);
    expect(text).toContain(consultationUrl);
    expect(text).toContain('You’re doing better than you think.');
  });
});

describe('confirm-subscription', () => {
  const confirmUrl = 'https://course.example.com/confirm?token=tok_confirm-456';
  const props: ConfirmSubscriptionProps = { ...footer, firstName: hostileName, confirmUrl };
  const element = createElement(ConfirmSubscription, props);

  it('puts the confirm link in a button and as copyable text, in HTML and text', async () => {
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    expect(html).toContain(`href="${confirmUrl}"`);
    expect(html).toContain('Yes, send me the course');
    // Twice in HTML: once as the button's href, once as plain text to copy.
    expect(html.split(confirmUrl).length - 1).toBeGreaterThanOrEqual(2);
    expect(text).toContain(confirmUrl);
    expect(text).toContain('ignore this email');
  });

  it('has a subject, a preview, the footer and an escaped name', async () => {
    expect(confirmSubject.trim()).not.toBe('');
    expect(confirmPreview.trim()).not.toBe('');
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    for (const output of [html, text]) {
      expect(output).toContain(footer.unsubscribeUrl);
      expect(output).toContain(footer.postalAddress);
    }
    expect(html).not.toContain('<script');
    expect(html).toContain('Tom &amp; Jerry');
    for (const href of hrefs(html)) expect([footer.unsubscribeUrl, confirmUrl]).toContain(href);
  });

  it('renders its PreviewProps', async () => {
    expect(await render(createElement(ConfirmSubscription, ConfirmSubscription.PreviewProps), { plainText: true })).toContain('Hi Sarah,');
  });
});
