import { html } from 'hono/html';
import type { Cadence } from '../../../courses/schedule.js';
import { page, type Html, type PageMeta } from './page.js';
import { timezoneSelect } from './landing.js';

/** Shown right after the signup form: the double opt-in email is on its way. */
export function checkInboxPage(
  { email, backTo, timezoneToken }: { email: string; /** Her website's page she signed up on. */ backTo?: string; /** The signup came without a timezone: the page's script sends the browser's. */ timezoneToken?: string },
  meta?: PageMeta,
): Html {
  return page({
    title: 'Check your inbox',
    description: 'A confirmation link is on its way to your inbox.',
    meta,
    body: html`
<h1>Check your inbox</h1>
<p class="lede">We’ve sent a link to <strong>${email}</strong>. Tap it to confirm, and your first lesson will follow.</p>
<p>If nothing arrives in a few minutes, have a look in your spam or promotions folder. The link stays valid for 7 days,
so there’s no rush.</p>
<p class="muted">Spotted a typo in the address? <a href="${backTo ?? '/#signup'}">Sign up again</a> with the right one.</p>
${timezoneToken ? html`<div id="late-timezone" data-token="${timezoneToken}" hidden></div>
<script src="/assets/late-timezone.js"></script>
<noscript>
<form method="post" action="/subscribe/timezone" class="after-form">
  <p>So that your lessons arrive in your morning, where are you?</p>
  <input type="hidden" name="token" value="${timezoneToken}">
  ${backTo ? html`<input type="hidden" name="back" value="${backTo}">` : ''}
  ${timezoneSelect(undefined)}
  <button class="button" type="submit">Save my timezone</button>
</form>
</noscript>` : ''}
${backTo ? html`<p><a class="button" href="${backTo}">Back to where you were</a></p>` : ''}`,
  });
}

/** After the no-script form on the "check your inbox" page: her timezone is kept. */
export function timezoneSavedPage({ backTo }: { /** Her website's page she signed up on. */ backTo?: string }, meta?: PageMeta): Html {
  return page({
    title: 'Your timezone is saved',
    description: 'Your lessons will arrive in your morning.',
    meta,
    body: html`
<h1>Thank you</h1>
<p class="lede">Your timezone is saved, so your lessons will arrive in your morning.</p>
<p>The link to start the course is in your inbox. You can change your timezone later from any email’s preferences link.</p>
${backTo ? html`<p><a class="button" href="${backTo}">Back to where you were</a></p>` : ''}`,
  });
}

/** The send hour as she would say it: "7:00 in the morning", "noon", "14:00". */
export function sendHourPhrase(hour: number): string {
  if (hour === 0) return 'midnight';
  if (hour === 12) return 'noon';
  return hour < 12 ? `${hour}:00 in the morning` : `${hour}:00`;
}

/** COURSE_INTERVAL in the largest unit it fills exactly: "every 10 seconds", "every minute". */
export function intervalPhrase(ms: number): string {
  const units: Array<[string, number]> = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000]];
  for (const [unit, size] of units) {
    if (ms >= size && ms % size === 0) return ms === size ? `every ${unit}` : `every ${ms / size} ${unit}s`;
  }
  return `every ${ms} milliseconds`;
}

/**
 * Shown after she clicks the confirm link. The promise it makes is the schedule the workers
 * really follow (SEND_HOUR, or COURSE_INTERVAL in demos), so it takes the cadence they use.
 */
export function confirmedPage({ firstName, cadence }: { firstName?: string | null; cadence: Cadence }, meta?: PageMeta): Html {
  const when =
    cadence.kind === 'daily'
      ? `one a day at ${sendHourPhrase(cadence.sendHour)}, your time`
      : `one ${intervalPhrase(cadence.ms)} after that`;
  return page({
    title: 'You’re in',
    description: 'Your email is confirmed, and the first lesson is on its way.',
    meta,
    body: html`
<h1>${firstName ? html`You’re in, ${firstName}` : 'You’re in'}</h1>
<p class="lede">Lesson 1 is on its way to your inbox now.</p>
<p>The rest will arrive ${when}. Each one takes a few minutes to read, and it’ll wait for you
if today isn’t the day.</p>
<p class="muted">Be gentle with yourself in the meantime.</p>`,
  });
}

/** Shown after someone from her imported list confirms that she would like the newsletter. */
export function newsletterConfirmedPage({ firstName }: { firstName?: string | null }, meta?: PageMeta): Html {
  return page({
    title: 'You’re on the list',
    description: 'Your email is confirmed for the occasional letters.',
    meta,
    body: html`
<h1>${firstName ? html`Thank you, ${firstName}` : 'Thank you'}</h1>
<p class="lede">You’re on the list. My occasional notes will find you in your inbox.</p>
<p>There’s nothing else to do. Every note has a link at the bottom if you ever want to stop.</p>
<p class="muted">Be gentle with yourself in the meantime.</p>`,
  });
}

/** A confirm or unsubscribe link that is expired, tampered with, or cut short by an email app. */
/**
 * A confirmation link opened within moments of arriving: one button, so a mail scanner that
 * follows links signs nobody up. Where scripts run, it presses itself; without them, she does.
 */
export function confirmButtonPage({ token }: { token: string }, meta?: PageMeta): Html {
  return page({
    title: 'Confirm your email',
    description: 'One tap confirms your email address and starts the course.',
    meta,
    body: html`
<h1>One tap to confirm</h1>
<p class="lede">Press the button to confirm your email address and start the course.</p>
<form method="post" action="/confirm" id="confirm-form">
  <input type="hidden" name="token" value="${token}">
  <button class="button" type="submit">Yes, confirm my email</button>
</form>
<p class="muted after-form">Not you? Just close this page: nothing happens unless the button is pressed.</p>
<script src="/assets/confirm.js"></script>`,
  });
}

export function linkInvalidPage(meta?: PageMeta): Html {
  return page({
    title: 'This link didn’t work',
    description: 'This link has expired or is incomplete; nothing was changed.',
    meta,
    body: html`
<h1>This link didn’t work</h1>
<p class="lede">It may have expired, or part of it may have gone missing along the way. That happens,
and it’s nothing you did.</p>
<p>Nothing has been changed. If you’d still like the course, you can sign up again from the home page
and we’ll send you a fresh link.</p>
<p><a class="button" href="/">Go to the home page</a></p>`,
  });
}

/**
 * The page behind the unsubscribe link in every email. It needs a button press because mail scanners
 * follow links; the POST carries the same body as RFC 8058 one-click, so one handler serves both.
 */
export function unsubscribeConfirmPage({ actionUrl }: { actionUrl: string }, meta?: PageMeta): Html {
  return page({
    title: 'Unsubscribe',
    description: 'Stop all emails from this course with one button.',
    meta,
    body: html`
<h1>Unsubscribe?</h1>
<p class="lede">This stops all emails from this course, including any lessons not yet sent.</p>
<form method="post" action="${actionUrl}">
  <input type="hidden" name="List-Unsubscribe" value="One-Click">
  <button class="button" type="submit">Unsubscribe</button>
</form>
<p class="muted after-form">Changed your mind? Just close this page. Nothing changes unless you press the button.</p>`,
  });
}

export function unsubscribedPage(meta?: PageMeta): Html {
  return page({
    title: 'You’re unsubscribed',
    description: 'You won’t get any more emails from this course.',
    meta,
    body: html`
<h1>You’re unsubscribed</h1>
<p class="lede">You won’t get any more emails from this course.</p>
<p>Thank you for the time you gave it. Whatever you read, and whatever you didn’t get to, is enough.</p>
<p class="muted">If you ever want to come back, the course will be here. <a href="/">Visit the home page</a></p>`,
  });
}

/**
 * Any non-JSON error answer: a rejected form, a rate limit, or our own failure (5xx).
 * `message` is shown as is, so write it for her, not for a log.
 */
export function formErrorPage({ message, status = 400 }: { message: string; status?: number }, meta?: PageMeta): Html {
  const heading =
    status === 429
      ? 'Let’s take a short pause'
      : status === 503
        ? 'We’ll be back in a moment'
        : status >= 500
        ? 'Something went wrong on our side'
        : 'Something in the form didn’t come through';
  return page({
    title: heading,
    description: 'Something went wrong with the form; nothing was changed.',
    meta,
    body: html`
<h1>${heading}</h1>
<p class="alert" role="alert">${message}</p>
<p><a class="button" href="/#signup">Back to the form</a></p>`,
  });
}

export function notFoundPage(meta?: PageMeta): Html {
  return page({
    title: 'Page not found',
    description: 'There is no page at this address.',
    meta,
    body: html`
<h1>We couldn’t find that page</h1>
<p class="lede">The address may have a small typo, or the page may have moved.</p>
<p><a class="button" href="/">Go to the home page</a></p>`,
  });
}
