import { describe, expect, it } from 'vitest';
import { DoIUseEmail } from '@jsx-email/doiuse-email';
import { functionFeatureTitles } from '../../src/checks/css-functions';
import { checkCssSupport } from '../../src/checks/css-support';
import { parseEmailHtml } from '../../src/checks/email-html';
import { parseStyle, visibleInlineDeclarations } from '../../src/checks/inline-styles';
import { plantInBody, renderConfirmation, renderLesson1 } from './rendered-templates';

const check = (html: string) => checkCssSupport(parseEmailHtml(html), 'emails/x.md');
const page = (body: string, head = '') => `<html><head>${head}</head><body>${body}</body></html>`;

describe('checkCssSupport', () => {
  it('passes the real templates, whose only unsupported CSS degrades gracefully', async () => {
    for (const template of await Promise.all([renderLesson1(), renderConfirmation()])) {
      expect(check(template.html)).toEqual([]);
    }
  });

  it('is an error when no app of a family supports the feature, naming the family', () => {
    const problems = check(page('<div style="position:absolute">x</div><div style="display:grid">y</div>'));
    expect(problems.map((p) => [p.severity, p.message.match(/^.*? completely/)?.[0]])).toEqual([
      ['error', 'The email\'s design uses "position:absolute", which Gmail ignores completely'],
      ['error', 'The email\'s design uses "display:grid", which Yahoo Mail ignores completely'],
    ]);
  });

  it('checks CSS functions too, which doiuse-email 1.0.4 misses', () => {
    const problems = check(page('<a style="background:linear-gradient(#744A66,#5a3a50);color:#fff">Go</a><p style="color:var(--ink)">x</p>'));
    expect(problems.map((p) => [p.severity, p.message.match(/^.*? completely/)?.[0]])).toEqual([
      ['error', 'The email\'s design uses "background:linear-gradient(#744A66,#5a3a50)", which Outlook and Yahoo Mail ignore completely'],
      ['error', 'The email\'s design uses "color:var(--ink)", which Gmail and Yahoo Mail ignore completely'],
    ]);
  });

  it('knows every CSS function title it asks caniemail about', () => {
    for (const title of functionFeatureTitles) {
      const checker = new DoIUseEmail({ emailClients: ['apple-mail.macos'] });
      expect(() => checker.checkFeaturesSupport(title), title).not.toThrow();
    }
  });

  it('tells a declaration once, even when it is two features (display, and display:flex)', () => {
    expect(check(page('<div style="display:flex">x</div>'))).toHaveLength(1);
  });

  it('is a warning when only some apps of a family drop it, naming them', () => {
    const problems = check(page('<div style="display:flex">x</div>'));
    expect(problems.map((p) => p.severity)).toEqual(['warning']);
    expect(problems[0]!.message).toContain('"display:flex", which Outlook on Windows and Windows Mail ignore;');
  });

  it('reports a feature once per email, however often it is used', async () => {
    const lesson = await renderLesson1();
    const html = plantInBody(lesson.html, '<div style="display:grid">a</div><p style="display:grid">b</p>');
    expect(check(html).map((p) => p.message.match(/"[^"]+"/)?.[0])).toEqual(['"display:grid"']);
  });

  it('ignores head <style> rules (progressive enhancement) and hidden elements', () => {
    const head = '<style>.card{position:absolute;display:grid}</style>';
    const hidden = '<div style="display:none;max-height:0;overflow:hidden;opacity:0"><span style="position:absolute">preview</span></div>';
    expect(check(page(hidden, head))).toEqual([]);
  });

  it('does not report partial support or graceful losses', () => {
    expect(check(page('<p style="margin:0 0 20px;border-radius:10px;word-break:break-all;box-shadow:0 0 2px #000">x</p>'))).toEqual([]);
  });
});

describe('visibleInlineDeclarations', () => {
  it('collects each distinct declaration once, outside hidden elements', () => {
    const html = parseEmailHtml(page('<p style="color:red">a</p><p style="color:red;margin:0">b</p><div style="display:none"><p style="color:blue">c</p></div>'));
    expect(visibleInlineDeclarations(html)).toEqual([
      { property: 'color', value: 'red' },
      { property: 'margin', value: '0' },
    ]);
  });

  it('keeps a semicolon inside url() or quotes', () => {
    expect(parseStyle("background:url(data:image/png;base64,AAA);font-family:'A;B', serif;")).toEqual([
      { property: 'background', value: 'url(data:image/png;base64,AAA)' },
      { property: 'font-family', value: "'A;B', serif" },
    ]);
  });
});
