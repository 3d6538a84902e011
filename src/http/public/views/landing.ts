import { html } from 'hono/html';
import { captchaField } from './captcha-field.js';
import { page, type Html, type PageMeta } from './page.js';
import { timezoneChoices } from './timezone-choices.js';

export interface LandingInput {
  course: {
    /** The folder name; the form sends it so the signup joins this course. */
    slug: string;
    title: string;
    tagline: string;
    description: string;
    lessons: Array<{ title: string; summary: string }>;
  };
  author: { name: string; credentials: string };
  /** What she typed, echoed back after a rejected submission. */
  /** `source`: the label of her website's form a refused post came from, kept for the retry. */
  values?: { email?: string; firstName?: string; timezone?: string; newsletter?: boolean; source?: string };
  error?: string;
  /** Where the consultation section links; without it the section points to the lesson emails. */
  consultationUrl?: string;
  /** CAPTCHA=altcha: the form carries the proof-of-work check (captcha-field.ts). */
  captcha?: boolean;
  /** Her other courses, offered quietly at the end. */
  otherCourses?: Array<{ href: string; title: string; tagline: string }>;
}

export function landingPage({ course, author, values = {}, error, consultationUrl, captcha = false, otherCourses = [] }: LandingInput, meta?: PageMeta): Html {
  const dayCount = course.lessons.length;
  const body = html`
<header>
  ${morningMotif}
  <p class="eyebrow">One gentle email each morning, for ${dayCount} days</p>
  <h1>${course.title}</h1>
  <p class="lede">${course.tagline}</p>
  <p>${course.description}</p>
  <p class="byline"><strong>${author.name}</strong><br><span class="small">${author.credentials}</span><br>
  She wrote these lessons for the mothers she meets in her practice, and for every mom lying awake
  wondering whether she is doing enough.</p>
</header>

${signupForm(course.slug, author.name, values, error, dayCount, captcha)}

<section aria-labelledby="days-heading">
  <h2 id="days-heading">What the ${dayCount} days hold</h2>
  <p class="muted">One short lesson each morning. Read it with your coffee, or later, whenever the house is quiet.</p>
  <ol class="days" role="list">
    ${course.lessons.map(
      (lesson, index) => html`<li>
      <span class="day-number">Day ${index + 1}</span>
      <span class="day-title">${lesson.title}</span>
      <span class="day-summary">${lesson.summary}</span>
    </li>`,
    )}
  </ol>
  <p class="small after-list"><a href="#signup">Back to the sign-up form</a></p>
</section>

<section id="consultation" aria-labelledby="consultation-heading">
  <h2 id="consultation-heading">If you’d like to talk</h2>
  <p>${author.name} also offers a free consultation: an unhurried conversation about what you’re
  carrying and whether working together might help. There’s no obligation, and the course is yours either way.</p>
  <p>${
    consultationUrl
      ? html`<a href="${consultationUrl}">Ask about a free consultation</a>`
      : 'Every lesson email has a link for this, whenever you feel ready.'
  }</p>
</section>
${
  otherCourses.length > 0
    ? html`<section aria-labelledby="more-heading">
  <h2 id="more-heading">Also from ${author.name}</h2>
  <ul class="courses" role="list">
    ${otherCourses.map((other) => html`<li><a href="${other.href}">${other.title}</a><br><span class="small">${other.tagline}</span></li>`)}
  </ul>
</section>`
    : ''
}`;

  return page({
    title: `${course.title}: a free ${dayCount}-day email course`,
    description: course.tagline,
    indexable: true,
    meta,
    skipTo: { href: '#signup', label: 'Skip to the sign-up form' },
    body,
    footer: html`${course.title} is a free course by ${author.name}, ${author.credentials}. It offers
    education and support, not therapy or a diagnosis. If you ever feel unsafe, please call your local
    emergency number.`,
  });
}

// After a rejected post the form sits below the fold on a phone; `autofocus` scrolls to the field
// she needs to fix without any script.
export function signupForm(
  courseSlug: string,
  authorName: string,
  values: NonNullable<LandingInput['values']>,
  error: string | undefined,
  dayCount: number,
  captcha: boolean,
): Html {
  const emailDescribedBy = error ? 'signup-error signup-reassurance' : 'signup-reassurance';
  return html`
<section id="signup" class="panel" aria-labelledby="signup-heading">
  <h2 id="signup-heading">Start the course</h2>
  ${error ? html`<p id="signup-error" class="alert" role="alert">${error}</p>` : ''}
  <form method="post" action="/subscribe">
    <input type="hidden" name="course" value="${courseSlug}">
    ${values.source ? html`<input type="hidden" name="source" value="${values.source}">` : ''}
    <div class="field">
      <label for="email">Your email address</label>
      <input id="email" name="email" type="email" required autocomplete="email" inputmode="email"
        autocapitalize="none" spellcheck="false" maxlength="254" value="${values.email ?? ''}"
        aria-describedby="${emailDescribedBy}"${error ? html` aria-invalid="true" autofocus` : ''}>
    </div>
    <div class="field">
      <label for="firstName">First name <span class="optional">(optional)</span></label>
      <input id="firstName" name="firstName" type="text" autocomplete="given-name" maxlength="80"
        value="${values.firstName ?? ''}">
    </div>
    ${honeypotField}
    ${timezoneFields(values.timezone)}
    ${newsletterField(authorName, values.newsletter === true)}
    ${captcha ? captchaField() : ''}
    <button class="button" type="submit">Send me the first lesson</button>
    <p id="signup-reassurance" class="reassurance">Free. One email a day for ${dayCount} days.
    Unsubscribe any time, and your address is never shared.</p>
  </form>
</section>`;
}

/**
 * A field only bots fill in: a signup with anything in it gets the usual answer and nothing else.
 * It is moved out of sight, out of the tab order and out of the accessibility tree rather than
 * `display:none` or `type=hidden`, which bots know to skip; the label is for the rare person who
 * meets it anyway (a text browser), and `autocomplete=off` keeps autofill out of it.
 */
export const honeypotField = html`<div class="visually-hidden" aria-hidden="true">
      <label for="website">Leave this empty</label>
      <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" value="">
    </div>`;

/**
 * Her letters are a separate yes, so the box starts unticked and the course never depends on it.
 * The label wraps the box, so the whole line is one large tap target; an unticked box posts
 * nothing, and the server reads that as no.
 */
function newsletterField(authorName: string, checked: boolean): Html {
  return html`<div class="field choice-field">
      <label class="choice" for="newsletter">
        <input id="newsletter" name="newsletter" type="checkbox" value="on" aria-describedby="newsletter-hint"${checked ? html` checked` : ''}>
        <span>Also send me ${authorName}’s occasional letters</span>
      </label>
      <p id="newsletter-hint" class="hint choice-hint">Now and then, apart from the course. Unsubscribe any time.</p>
    </div>`;
}

/**
 * Exactly one `timezone` reaches the server whichever way the page runs:
 * - JavaScript on: the parser treats `<noscript>` content as text, so the select never exists; the
 *   script fills the hidden input and enables it.
 * - JavaScript off: the hidden input stays `disabled` (disabled fields are not submitted), and the
 *   select is a real control.
 * - JavaScript on but the script fails (old Intl, a blocked script file): nothing is sent, and the
 *   subscribe handler falls back to its default zone.
 */
export function timezoneFields(selected: string | undefined): Html {
  return html`<input type="hidden" id="timezone" name="timezone" value="" disabled>
    <script src="/assets/timezone.js"></script>
    <noscript>
      ${timezoneSelect(selected)}
    </noscript>`;
}

/** The list of places to choose a timezone from, for a page without scripts. */
export function timezoneSelect(selected: string | undefined): Html {
  return html`<div class="field">
        <label for="timezone-choice">Your timezone (so lessons arrive in the morning)</label>
        <select id="timezone-choice" name="timezone" required>
          <option value="">Choose the nearest place</option>
          ${timezoneChoices.map(
            ({ region, zones }) => html`<optgroup label="${region}">
            ${zones.map(
              ({ zone, label }) =>
                html`<option value="${zone}"${zone === selected ? html` selected` : ''}>${label}</option>`,
            )}
          </optgroup>`,
          )}
        </select>
      </div>`;
}

/** A sun just above the horizon: the lessons arrive at eight in the morning. Decorative only. */
const morningMotif = html`<svg class="motif" width="56" height="32" viewBox="0 0 56 32" aria-hidden="true" focusable="false">
  <path d="M14 26a14 14 0 0 1 28 0" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
  <path d="M4 26h48M28 4v4M11 9l3 3M45 9l-3 3" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
</svg>`;
