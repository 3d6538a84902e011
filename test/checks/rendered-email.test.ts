import { beforeAll, describe, expect, it } from 'vitest';
import { checkRenderedEmail, type RenderedEmail } from '../../src/checks/rendered-email';
import { formatProblem } from '../../src/checks/problem';
import { plantInBody, renderConfirmation, renderLesson1, type RenderedTemplate } from './rendered-templates';

let lesson: RenderedTemplate;
let confirmation: RenderedTemplate;
beforeAll(async () => {
  [lesson, confirmation] = await Promise.all([renderLesson1(), renderConfirmation()]);
});

const input = (t: RenderedTemplate, changes: Partial<RenderedEmail> = {}): RenderedEmail => ({
  file: t.file,
  html: t.html,
  text: t.text,
  unsubscribeUrl: t.unsubscribeUrl,
  preferencesUrl: t.preferencesUrl,
  postalAddress: t.postalAddress,
  ...changes,
});
const rulesOf = (email: RenderedEmail) => checkRenderedEmail(email).map((p) => `${p.severity}:${p.rule}`);

describe('checkRenderedEmail on the real templates', () => {
  it('finds nothing at all in lesson 1 or the confirmation email', () => {
    expect(checkRenderedEmail(input(lesson)).map(formatProblem)).toEqual([]);
    expect(checkRenderedEmail(input(confirmation)).map(formatProblem)).toEqual([]);
  });

  it('matches the unsubscribe link after entity decoding (& is written &amp; in the HTML)', async () => {
    const withQuery = await renderConfirmation({ unsubscribeUrl: 'https://example.com/unsubscribe?token=abc&list=course' });
    expect(withQuery.html).toContain('token=abc&amp;list=course');
    expect(rulesOf(input(withQuery))).toEqual([]);
  });
});

describe('checkRenderedEmail catches a planted defect', () => {
  it('a missing unsubscribe link', () => {
    const html = lesson.html.replace(`href="${lesson.unsubscribeUrl}"`, 'href="https://example.com/somewhere-else"');
    const problems = checkRenderedEmail(input(lesson, { html }));
    expect(problems.map((p) => `${p.severity}:${p.rule}`)).toEqual(['error:missing-unsubscribe']);
    expect(formatProblem(problems[0]!)).toMatch(/^emails\/courses\/releasing-mom-guilt\/01-what-mom-guilt-is\.md: This email has no unsubscribe link/);
  });

  it('a missing preference link in a lesson, told apart from the unsubscribe link beside it', () => {
    expect(lesson.preferencesUrl).toMatch(/\/preferences\?token=/);
    const html = lesson.html.replace(`href="${lesson.preferencesUrl}"`, 'href="https://example.com/somewhere-else"');
    const problems = checkRenderedEmail(input(lesson, { html }));
    expect(problems.map((p) => `${p.severity}:${p.rule}`)).toEqual(['error:missing-preferences']);
    expect(formatProblem(problems[0]!)).toMatch(
      /^emails\/courses\/releasing-mom-guilt\/01-what-mom-guilt-is\.md: This email has no "Manage preferences" link, .*make sure this email uses the lesson or newsletter frame/,
    );
  });

  it('a footer that dropped both links: two problems, one for each', () => {
    const html = lesson.html
      .replace(`href="${lesson.preferencesUrl}"`, 'href="https://example.com/a"')
      .replace(`href="${lesson.unsubscribeUrl}"`, 'href="https://example.com/b"');
    expect(rulesOf(input(lesson, { html }))).toEqual(['error:missing-unsubscribe', 'error:missing-preferences']);
  });

  it('no preference link asked of a confirmation, which has none', () => {
    expect(confirmation.preferencesUrl).toBeNull();
    expect(confirmation.html).not.toContain('/preferences');
    expect(rulesOf(input(confirmation))).toEqual([]);
    // Were one expected, its absence would be caught.
    expect(rulesOf(input(confirmation, { preferencesUrl: 'https://example.com/preferences?token=preview' }))).toEqual(['error:missing-preferences']);
  });

  it('a postal address missing from the HTML, or from the text part', () => {
    expect(rulesOf(input(lesson, { html: lesson.html.replaceAll(lesson.postalAddress, '') }))).toEqual(['error:missing-postal-address']);
    expect(rulesOf(input(lesson, { text: lesson.text.replaceAll(lesson.postalAddress, '') }))).toEqual(['error:missing-postal-address']);
  });

  it('an empty text part', () => {
    expect(rulesOf(input(lesson, { text: ' \n\t ' }))).toEqual(['error:empty-text']);
  });

  it('an image without alt text (error), and with an empty one (warning), at the line in her file', () => {
    const html = plantInBody(
      lesson.html,
      '<img src="https://example.com/images/sunrise.jpg" width="560"><img src="https://example.com/images/divider.png" alt="">',
    );
    const sourceLines = ['# A new day', '', '![](https://example.com/images/sunrise.jpg)', '', '![](divider.png)'];
    const problems = checkRenderedEmail(input(lesson, { html, sourceLines }));
    expect(problems.map((p) => [p.severity, p.rule, p.line])).toEqual([
      ['error', 'image-alt', 3],
      ['warning', 'image-alt', 5],
    ]);
    expect(problems[0]!.message).toContain('sunrise.jpg has no description (alt text)');
  });

  it('an empty link, a javascript: link and a relative link (errors), an http: link (warning)', () => {
    const html = plantInBody(
      lesson.html,
      '<a href="#">Read more</a><a href="javascript:alert(1)">Click</a><a href="/about">About me</a><a href="http://example.com/blog">my blog</a>',
    );
    const sourceLines = ['Some text', '[Read more](#)', '[Click](javascript:alert(1))', '', 'See [my blog](http://example.com/blog).'];
    const problems = checkRenderedEmail(input(lesson, { html, sourceLines }));
    expect(problems.map((p) => [p.severity, p.rule, p.line])).toEqual([
      ['error', 'empty-link', 2],
      ['error', 'link-scheme', 3],
      ['error', 'link-scheme', undefined],
      ['warning', 'link-scheme', 5],
    ]);
    expect(problems[3]!.message).toContain('Use https://example.com/blog instead');
    expect(formatProblem(problems[3]!)).toMatch(/^emails\/courses\/releasing-mom-guilt\/01-what-mom-guilt-is\.md:5: warning: The link "my blog"/);
  });

  it('an HTML body over 100 KB, with its size', () => {
    const html = plantInBody(lesson.html, `<p>${'So much to say. '.repeat(7_200)}</p>`);
    const problems = checkRenderedEmail(input(lesson, { html }));
    expect(problems.map((p) => p.rule)).toEqual(['html-size']);
    expect(problems[0]!.message).toMatch(/^This email is 12\d KB/);
  });

  it('inline CSS that a whole family of email apps drops', () => {
    const html = plantInBody(lesson.html, '<div style="position:absolute;top:0">On top</div>');
    const problems = checkRenderedEmail(input(lesson, { html }));
    expect(problems.map((p) => `${p.severity}:${p.rule}`)).toContain('error:css-support');
  });
});
