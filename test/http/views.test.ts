import { describe, expect, it } from 'vitest';
import { devMailboxListPage, devMailboxMessagePage } from '../../src/http/operator/dev-mailbox-page.js';
import { landingPage, type LandingInput } from '../../src/http/public/views/landing.js';
import { renderToString } from '../../src/http/public/views/page.js';
import {
  checkInboxPage,
  confirmedPage,
  formErrorPage,
  intervalPhrase,
  linkInvalidPage,
  notFoundPage,
  sendHourPhrase,
  unsubscribeConfirmPage,
  unsubscribedPage,
} from '../../src/http/public/views/pages.js';

const daily8 = { kind: 'daily', sendHour: 8 } as const;
const hostile = `"><script>alert('x')</script>`;

const landingInput: LandingInput = {
  course: {
    slug: 'releasing-mom-guilt',
    title: 'Releasing Mom Guilt',
    tagline: 'Seven short, gentle emails.',
    description: 'One idea and one small practice a day.',
    lessons: Array.from({ length: 7 }, (_, i) => ({ title: `Lesson title ${i + 1}`, summary: `Summary ${i + 1}` })),
  },
  author: { name: 'Jane Doe', credentials: 'Licensed therapist' },
};

/** The markup a browser with scripting on actually builds: `<noscript>` content is inert text. */
const withoutNoscript = (markup: string) => markup.replace(/<noscript>[\s\S]*?<\/noscript>/g, '');

const attribute = (markup: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(markup)?.[1];

const unescapeAttribute = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('landing page', () => {
  it('has the signup form with a label tied to every field a visitor fills in', async () => {
    const markup = await renderToString(landingPage(landingInput));

    expect(markup).toContain('<form method="post" action="/subscribe">');
    for (const id of ['email', 'firstName', 'timezone-choice']) {
      expect(markup).toContain(`<label for="${id}"`);
      expect(markup).toContain(`id="${id}"`);
    }
    const email = /<input id="email"[^>]*>/.exec(markup)?.[0] ?? '';
    expect(email).toContain('type="email"');
    expect(email).toContain('required');
    expect(email).toContain('autocomplete="email"');
    expect(email).toContain('inputmode="email"');
    expect(markup.match(/<h1[ >]/g)).toHaveLength(1);
    expect(markup).toContain('<html lang="en">');
    expect(markup).toContain('id="consultation"');
  });

  it('offers her letters in an unticked, labelled checkbox that needs no script', async () => {
    const markup = withoutNoscript(await renderToString(landingPage(landingInput)));
    const box = /<input id="newsletter"[^>]*>/.exec(markup)?.[0] ?? '';
    expect(box).toContain('type="checkbox"');
    expect(box).toContain('name="newsletter"');
    expect(box).toContain('value="on"');
    expect(box).not.toMatch(/\schecked|\srequired|\sdisabled/);
    const label = /<label class="choice" for="newsletter">([\s\S]*?)<\/label>/.exec(markup)?.[1] ?? '';
    expect(label).toContain(box);
    expect(label).toContain('Also send me Jane Doe’s occasional letters');
    expect(attribute(box, 'aria-describedby')).toBe('newsletter-hint');
    expect(markup).toMatch(/<p id="newsletter-hint"[^>]*>[^<]*Unsubscribe any time[^<]*<\/p>/);
    // Inside the form, before the button, so it is in the tab order between the fields and the submit.
    const form = /<form method="post" action="\/subscribe">([\s\S]*?)<\/form>/.exec(markup)?.[1] ?? '';
    expect(form.indexOf('id="newsletter"')).toBeGreaterThan(form.indexOf('id="firstName"'));
    expect(form.indexOf('id="newsletter"')).toBeLessThan(form.indexOf('<button'));
    expect(box).not.toContain('tabindex');
  });

  it('keeps the box ticked after a rejected post if she had ticked it', async () => {
    const markup = await renderToString(landingPage({ ...landingInput, values: { email: 'a@b', newsletter: true }, error: 'Check the address.' }));
    expect(/<input id="newsletter"[^>]*>/.exec(markup)?.[0]).toMatch(/\schecked/);
  });

  it('has a honeypot field out of sight, out of the tab order and out of the accessibility tree, but not display:none', async () => {
    const markup = withoutNoscript(await renderToString(landingPage(landingInput)));
    const form = /<form method="post" action="\/subscribe">([\s\S]*?)<\/form>/.exec(markup)?.[1] ?? '';
    const wrapper = /<div class="visually-hidden" aria-hidden="true">([\s\S]*?)<\/div>/.exec(form)?.[1] ?? '';
    expect(wrapper).toContain('<label for="website">Leave this empty</label>');
    const field = /<input id="website"[^>]*>/.exec(wrapper)?.[0] ?? '';
    expect(field).toContain('name="website"');
    expect(field).toContain('type="text"');
    expect(field).toContain('tabindex="-1"');
    expect(field).toContain('autocomplete="off"');
    expect(field).toContain('value=""');
    expect(form).not.toMatch(/display:\s*none|\shidden[\s>]/);
  });

  it('lists all seven days in order', async () => {
    const markup = await renderToString(landingPage(landingInput));
    const days = [...markup.matchAll(/<span class="day-number">Day (\d+)<\/span>/g)].map((m) => Number(m[1]));
    expect(days).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(markup.indexOf('Lesson title 1')).toBeLessThan(markup.indexOf('Lesson title 7'));
    expect(markup).toContain('Summary 7');
  });

  it('submits exactly one timezone field with or without JavaScript', async () => {
    const markup = await renderToString(landingPage(landingInput));

    // JavaScript on: the noscript select does not exist, so only the hidden input remains.
    const scripted = withoutNoscript(markup);
    expect(scripted.match(/name="timezone"/g)).toHaveLength(1);
    // The script that fills it is a file of ours (the CSP allows no inline script).
    expect(scripted).toContain('<script src="/assets/timezone.js"></script>');

    // JavaScript off: the hidden input is disabled (not submitted), so only the select counts.
    const hidden = /<input type="hidden" id="timezone" name="timezone"[^>]*>/.exec(markup)?.[0] ?? '';
    expect(hidden).toContain('disabled');
    const noscript = /<noscript>([\s\S]*?)<\/noscript>/.exec(markup)?.[1] ?? '';
    expect(noscript).toContain('<select id="timezone-choice" name="timezone" required>');
    expect(noscript).toContain('Your timezone (so lessons arrive in the morning)');
    const zones = [...noscript.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    expect(zones.length).toBeGreaterThanOrEqual(20);
    expect(zones).toEqual(expect.arrayContaining(['America/New_York', 'Europe/London', 'Asia/Tokyo', 'Australia/Sydney', 'UTC']));
  });

  it('escapes the echoed values and the error, and ties the error to the email field', async () => {
    const markup = await renderToString(
      landingPage({ ...landingInput, values: { email: hostile, firstName: hostile }, error: `<script>bad()</script> "quoted"` }),
    );

    expect(markup).not.toContain('<script>alert');
    expect(markup).not.toContain('<script>bad()');
    expect(markup).toContain('value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"');
    expect(markup).toContain('<p id="signup-error" class="alert" role="alert">&lt;script&gt;bad()&lt;/script&gt; &quot;quoted&quot;</p>');
    const email = /<input id="email"[^>]*>/.exec(markup)?.[0] ?? '';
    expect(attribute(email, 'aria-describedby')?.split(' ')).toContain('signup-error');
    expect(email).toContain('aria-invalid="true"');
  });

  it('escapes course and author text that comes from data', async () => {
    const markup = await renderToString(
      landingPage({ ...landingInput, author: { name: hostile, credentials: 'LMFT' }, course: { ...landingInput.course, title: hostile } }),
    );
    expect(markup).not.toContain('<script>alert');
  });
});

describe('small pages', () => {
  it('check-inbox escapes the address it repeats back', async () => {
    const markup = await renderToString(checkInboxPage({ email: hostile }));
    expect(markup).not.toContain('<script>alert');
    expect(markup).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
    expect(markup).toMatch(/spam/);
    expect(markup).toContain('7 days');
  });

  it('confirmed greets her by name when she gave one, escaped', async () => {
    expect(await renderToString(confirmedPage({ firstName: 'Ana', cadence: daily8 }))).toContain('You’re in, Ana');
    expect(await renderToString(confirmedPage({ firstName: null, cadence: daily8 }))).toContain('<h1>You’re in</h1>');
    expect(await renderToString(confirmedPage({ firstName: hostile, cadence: daily8 }))).not.toContain('<script>alert');
  });

  it('confirmed says the send hour the way a person reads it, or the demo interval', async () => {
    expect(sendHourPhrase(8)).toBe('8:00 in the morning');
    expect(sendHourPhrase(7)).toBe('7:00 in the morning');
    expect(sendHourPhrase(14)).toBe('14:00');
    expect(sendHourPhrase(12)).toBe('noon');
    expect(sendHourPhrase(0)).toBe('midnight');
    expect(intervalPhrase(1000)).toBe('every second');
    expect(intervalPhrase(10_000)).toBe('every 10 seconds');
    expect(intervalPhrase(120_000)).toBe('every 2 minutes');
    expect(intervalPhrase(1500)).toBe('every 1500 milliseconds');
    const interval = await renderToString(confirmedPage({ firstName: 'Ana', cadence: { kind: 'interval', ms: 30_000 } }));
    expect(interval).toContain('one every 30 seconds');
    expect(interval).not.toMatch(/\d:00/);
  });

  it('unsubscribe page posts the one-click body to the given action URL', async () => {
    const markup = await renderToString(unsubscribeConfirmPage({ actionUrl: '/unsubscribe?token=abc&x="y' }));
    expect(markup).toContain('<form method="post" action="/unsubscribe?token=abc&amp;x=&quot;y">');
    expect(markup).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(markup.match(/<button/g)).toHaveLength(1);
    expect(markup).toMatch(/stops all emails/);
  });

  it('the invalid-link and not-found pages lead back home', async () => {
    for (const view of [linkInvalidPage(), notFoundPage()]) {
      expect(await renderToString(view)).toContain('href="/"');
    }
  });

  it('form error page escapes its message', async () => {
    const markup = await renderToString(formErrorPage({ message: hostile, status: 422 }));
    expect(markup).not.toContain('<script>alert');
    expect(markup).toContain('role="alert"');
  });
});

describe('dev mailbox', () => {
  const mail = {
    id: 42,
    to: 'jane@example.test',
    subject: 'Day 1 & "hello"',
    html: `<p>Hi</p><a href="x" onclick='alert(1)'>link</a></iframe><script>alert(2)</script>`,
    text: '<b>not bold</b>',
    headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Note': hostile },
    createdAt: new Date('2025-01-02T08:00:00Z'),
  };

  it('puts the email in a sandboxed srcdoc that its quotes cannot break out of', async () => {
    const markup = await renderToString(devMailboxMessagePage(mail));
    const iframe = /<iframe[^>]*><\/iframe>/.exec(markup)?.[0] ?? '';

    // Popups alone, so a link opens in a new tab; no scripts, forms, same origin or navigation of this page.
    expect(attribute(iframe, 'sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    // Had a quote escaped the attribute, the tag would end early and these would be live markup.
    expect(markup).not.toContain('<a href="x"');
    expect(markup).not.toContain('<script>alert');
    expect(unescapeAttribute(attribute(iframe, 'srcdoc') ?? '')).toBe(`<base target="_blank">${mail.html}`);
    expect(markup).toContain('<pre class="dev-text">&lt;b&gt;not bold&lt;/b&gt;</pre>');
    expect(markup).toContain('List-Unsubscribe-Post');
    expect(markup).toContain('noindex');
  });

  it('lists mail newest first, linking each message and the JSON view', async () => {
    const markup = await renderToString(
      devMailboxListPage([
        { id: 1, to: 'a@example.test', subject: 'older', createdAt: new Date('2025-01-01T08:00:00Z') },
        { id: 2, to: 'b@example.test', subject: hostile, createdAt: new Date('2025-01-03T08:00:00Z') },
      ]),
    );
    expect(markup).toContain('Dev mailbox — no RESEND_API_KEY is set, so nothing leaves this machine');
    expect(markup).toContain('href="/dev/mailbox.json"');
    expect(markup.indexOf('href="/dev/mailbox/2"')).toBeLessThan(markup.indexOf('href="/dev/mailbox/1"'));
    expect(markup).not.toContain('<script>alert');
    expect(markup).toContain('<meta http-equiv="refresh" content="3">');
  });
});

describe('every page', () => {
  const views = {
    landing: () => landingPage(landingInput),
    landingWithError: () => landingPage({ ...landingInput, values: { email: 'a@b' }, error: 'Check the address.' }),
    checkInbox: () => checkInboxPage({ email: 'a@example.test' }),
    confirmed: () => confirmedPage({ firstName: 'Ana', cadence: daily8 }),
    linkInvalid: () => linkInvalidPage(),
    unsubscribeConfirm: () => unsubscribeConfirmPage({ actionUrl: '/unsubscribe/token' }),
    unsubscribed: () => unsubscribedPage(),
    formError: () => formErrorPage({ message: 'Please enter your email address.' }),
    notFound: () => notFoundPage(),
    devList: () => devMailboxListPage([{ id: 1, to: 'a@example.test', subject: 'Hi', createdAt: new Date(0) }]),
    devMessage: () =>
      devMailboxMessagePage({ id: 1, to: 'a@example.test', subject: 'Hi', html: '<p>Hi</p>', text: 'Hi', headers: {}, createdAt: new Date(0) }),
  };

  it.each(Object.entries(views))('%s loads nothing from another host', async (_, view) => {
    const markup = await renderToString(view());
    expect(markup).not.toMatch(/https?:\/\//i);
    expect(markup).not.toMatch(/(?:src|href)="\/\//);
    // The one link is the favicon, a file of ours.
    expect(markup.match(/<link\b[^>]*>/g)).toEqual(['<link rel="icon" href="/favicon.svg" type="image/svg+xml">']);
    expect(markup.replace(/<link rel="icon" href="\/favicon\.svg"[^>]*>/, '')).not.toMatch(/<link\b|<img\b|@import|url\(/i);
  });

  it.each(Object.entries(views))('%s is a phone-ready, single-h1 English page', async (_, view) => {
    const markup = await renderToString(view());
    expect(markup).toMatch(/^<!doctype html>/);
    expect(markup).toContain('<html lang="en">');
    expect(markup).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(markup.match(/<h1[ >]/g)).toHaveLength(1);
  });

  it('keeps only the landing page out of the noindex set', async () => {
    expect(await renderToString(views.landing())).not.toContain('noindex');
    expect(await renderToString(views.checkInbox())).toContain('<meta name="robots" content="noindex, nofollow">');
  });

  it('shows an external link only when one is passed in', async () => {
    const markup = await renderToString(landingPage({ ...landingInput, consultationUrl: 'https://booking.example.test/jane' }));
    expect(markup.match(/https?:\/\/[^"\s<]+/g)).toEqual(['https://booking.example.test/jane']);
  });
});
