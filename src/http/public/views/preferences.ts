import { html } from 'hono/html';
import { DateTime } from 'luxon';
import type { ChangeOutcome, Preferences } from '../../../subscribers/preferences.js';
import { page, type Html, type PageMeta } from './page.js';
import { sendHourPhrase } from './pages.js';
import { timezoneChoices } from './timezone-choices.js';

/** What the page says after a change, at the top, in a few calm words. */
const NOTICES: Record<ChangeOutcome, string> = {
  paused: 'Your course is paused. Nothing more will arrive from it until you resume.',
  resumed: 'Welcome back. Your next lesson comes at your usual hour.',
  left: 'You have left that course. Its lessons will not arrive any more.',
  'send-hour': 'Saved. Your lessons will come at the new hour.',
  timezone: 'Saved. Your lessons will follow your new time zone.',
  'newsletter-on': 'Saved. The occasional letters will find you.',
  'newsletter-off': 'Saved. No more letters; your course lessons are unchanged.',
  unsubscribed: 'You are unsubscribed from everything. No more emails will arrive.',
  unchanged: 'That was already your setting, so nothing needed to change.',
};

export function isNotice(value: string | undefined): value is ChangeOutcome {
  return value !== undefined && Object.hasOwn(NOTICES, value);
}

const hourLabel = (hour: number) => {
  const phrase = sendHourPhrase(hour);
  return phrase === 'midnight' || phrase === 'noon' ? `${phrase[0]!.toUpperCase()}${phrase.slice(1)} (${hour}:00)` : phrase.replace(' in the morning', ' am');
};

/** A form that posts one change; the token travels in the body, not the address bar. */
function action(path: string, token: string, label: string, fields: Html | string = '', style: 'button' | 'quiet' = 'button'): Html {
  return html`<form method="post" action="/preferences/${path}" class="inline-form">
  <input type="hidden" name="token" value="${token}">${fields}
  <button class="${style === 'button' ? 'button' : 'button button-quiet'}" type="submit">${label}</button>
</form>`;
}

function courseState(course: Preferences['courses'][number], timezone: string): string {
  const progress = `${course.lessonsSent} of ${course.totalLessons} lessons sent`;
  switch (course.status) {
    case 'active':
      return course.nextDueAt
        ? `${progress}. Next one: ${DateTime.fromJSDate(course.nextDueAt, { zone: timezone }).toFormat("cccc d LLLL 'at' H:mm")}.`
        : `${progress}.`;
    case 'paused':
      return `Paused. ${progress}.`;
    case 'completed':
      return 'Finished. Every lesson has been sent.';
    case 'left':
      return `You left this course. ${progress}.`;
    case 'pending':
      return 'Waiting for you to confirm your email address.';
    case 'cancelled':
      return `Stopped when you unsubscribed. ${progress}.`;
  }
}

function courseActions(course: Preferences['courses'][number], token: string): Html | string {
  const field = html`<input type="hidden" name="course" value="${course.slug}">`;
  if (course.status === 'active') {
    return html`<div class="actions">${action('pause', token, 'Pause this course', field)}${action('leave', token, 'Leave this course', field, 'quiet')}</div>`;
  }
  if (course.status === 'paused') {
    return html`<div class="actions">${action('resume', token, 'Resume', field)}${action('leave', token, 'Leave this course', field, 'quiet')}</div>`;
  }
  if (course.status === 'left') return html`<div class="actions">${action('resume', token, 'Join again where I left off', field, 'quiet')}</div>`;
  return '';
}

function zoneOptions(current: string): Html {
  const known = timezoneChoices.some((r) => r.zones.some((z) => z.zone === current));
  return html`${known ? '' : html`<option value="${current}" selected>${current.replaceAll('_', ' ')}</option>`}
${timezoneChoices.map(
  ({ region, zones }) =>
    html`<optgroup label="${region}">${zones.map(({ zone, label }) => html`<option value="${zone}"${zone === current ? html` selected` : ''}>${label}</option>`)}</optgroup>`,
)}`;
}

/**
 * Her preference page. Every change is a button that POSTs (a link scanner's GET changes
 * nothing); the page itself only shows. Works without scripts.
 */
export function preferencesPage({ prefs, token, exportToken, notice, tracking }: { prefs: Preferences; token: string; exportToken: string; notice?: ChangeOutcome; tracking: boolean }, meta?: PageMeta): Html {
  const active = prefs.status === 'active';
  const hours = Array.from({ length: 24 }, (_, h) => h);
  return page({
    title: 'Your email preferences',
    description: 'Change which emails arrive, and when.',
    meta,
    body: html`
<h1>${prefs.firstName ? html`Your emails, ${prefs.firstName}` : 'Your emails'}</h1>
${notice ? html`<p class="notice" role="status">${NOTICES[notice]}</p>` : ''}
<p class="lede">Change what arrives and when, as often as you like. Nothing here is final except deleting.</p>
<p class="muted">These settings are for <strong>${prefs.email}</strong>.</p>
${
  active
    ? ''
    : html`<p class="alert" role="alert">${
        prefs.status === 'pending'
          ? 'Your email address is not confirmed yet, so nothing is being sent. The link in your confirmation email starts the course.'
          : 'Your emails are stopped. To start again, sign up once more from the home page.'
      }</p>`
}

<section class="panel" aria-labelledby="courses-heading">
  <h2 id="courses-heading">Your courses</h2>
  ${
    prefs.courses.length === 0
      ? html`<p class="muted">You are not in a course.</p>`
      : html`<ul class="courses">${prefs.courses.map(
          (course) => html`<li class="course-item">
    <h3>${course.title}</h3>
    <p class="muted">${courseState(course, prefs.timezone)}</p>
    ${active ? courseActions(course, token) : ''}
  </li>`,
        )}</ul>`
  }
</section>

${
  active
    ? html`<section class="panel" aria-labelledby="when-heading">
  <h2 id="when-heading">When lessons arrive</h2>
  <form method="post" action="/preferences/send-hour">
    <input type="hidden" name="token" value="${token}">
    <div class="field">
      <label for="hour">The hour, in your time zone</label>
      <select id="hour" name="hour">${hours.map((h) => html`<option value="${h}"${h === prefs.sendHour ? html` selected` : ''}>${hourLabel(h)}</option>`)}</select>
    </div>
    <button class="button" type="submit">Save the hour</button>
  </form>
  <form method="post" action="/preferences/timezone" class="after-form">
    <input type="hidden" name="token" value="${token}">
    <div class="field">
      <label for="timezone">Your time zone</label>
      <select id="timezone" name="timezone">${zoneOptions(prefs.timezone)}</select>
    </div>
    <button class="button" type="submit">Save the time zone</button>
  </form>
</section>

<section class="panel" aria-labelledby="letters-heading">
  <h2 id="letters-heading">Occasional letters</h2>
  <p>${prefs.newsletter ? 'You get the occasional letters, a few times a year.' : 'You do not get the occasional letters.'}</p>
  ${action('newsletter', token, prefs.newsletter ? 'Stop the letters' : 'Send me the letters', html`<input type="hidden" name="on" value="${prefs.newsletter ? 'no' : 'yes'}">`)}
</section>`
    : ''
}

<section class="panel" aria-labelledby="data-heading">
  <h2 id="data-heading">Your data</h2>
  <p>We keep your email address, your first name if you gave it, your time zone, and a record of which emails were sent to you and whether they arrived.${tracking ? ' Whether an email was opened or a link in it tapped is kept too, and shown to the author only as totals.' : ' We do not track whether you open an email or tap a link.'}</p>
  <p><a class="button button-quiet" href="/preferences/export?token=${exportToken}" download="my-data.json">Download my data</a></p>
  <p class="hint">A JSON file with everything we keep about you. The link works for an hour.</p>
  ${active ? html`<div class="after-form">${action('unsubscribe', token, 'Unsubscribe from everything', '', 'quiet')}</div>` : ''}
  <p class="after-form"><a href="/preferences/delete?token=${token}">Delete me and everything about me</a></p>
</section>`,
  });
}

/** The GET of the delete link: one button, so that nothing is erased by a visit alone. */
export function deleteConfirmPage({ token }: { token: string }, meta?: PageMeta): Html {
  return page({
    title: 'Delete your data',
    description: 'Erase your address and the record of your emails.',
    meta,
    body: html`
<h1>Delete everything about you?</h1>
<p class="lede">This erases your email address, your name, your time zone and the record of every email we sent you. It cannot be undone.</p>
<p>No more emails will arrive. If you sign up again one day, you will be asked to confirm your address afresh.</p>
<form method="post" action="/preferences/delete">
  <input type="hidden" name="token" value="${token}">
  <button class="button" type="submit">Yes, delete me</button>
</form>
<p class="muted after-form">Changed your mind? <a href="/preferences?token=${token}">Back to your preferences</a>. Nothing changes unless you press the button.</p>`,
  });
}

export function erasedPage(meta?: PageMeta): Html {
  return page({
    title: 'Your data is deleted',
    description: 'Your data is deleted.',
    meta,
    body: html`
<h1>Your data is deleted</h1>
<p class="lede">Your address, your name and the record of your emails are gone from our list.</p>
<p>Thank you for the time you spent with the course. Whatever you took from it is yours to keep.</p>
<p class="muted"><a href="/">Visit the home page</a></p>`,
  });
}

/** A change that could not be made: what happened, and the way back to her page. */
export function preferenceErrorPage({ message, token }: { message: string; token: string | null }, meta?: PageMeta): Html {
  return page({
    title: 'That didn’t work',
    description: 'That change could not be made.',
    meta,
    body: html`
<h1>That didn’t change anything</h1>
<p class="alert" role="alert">${message}</p>
${token ? html`<p><a class="button" href="/preferences?token=${token}">Back to your preferences</a></p>` : html`<p><a class="button" href="/">Go to the home page</a></p>`}`,
  });
}
