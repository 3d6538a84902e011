import { html, raw } from 'hono/html';
import { captchaField } from './captcha-field.js';
import { shareTags, type Html, type PageMeta } from './page.js';
import { honeypotField, timezoneFields } from './landing.js';
import { baseStyles } from './styles.js';

export interface EmbedFormInput {
  course: { slug: string; title: string; dayCount: number };
  /** The snippet's label, carried to the signup as it came (the signup drops a bad one). */
  source?: string;
  values?: { email?: string; firstName?: string };
  error?: string;
  /** CAPTCHA=altcha: the check's widget, which runs here, on the app's own origin. */
  captcha?: boolean;
  meta?: PageMeta;
}

/** The page inside her website's frame: no header, no footer, the form and its promise. */
const embedStyles = `
body { background: transparent; }
main { max-width: 34rem; padding: 0.25rem 0.25rem 0.5rem; }
.panel { margin-top: 0; padding: 1.25rem 1rem; }
.panel h2 { font-size: 1.35rem; margin-bottom: 0.5rem; }
.field { margin-bottom: 1rem; }
`;

function embedDocument(title: string, body: Html, meta?: PageMeta): Html {
  const description = `${title}: a free email course. Sign up here to receive it.`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${description}">
${meta ? shareTags(title, description, meta) : ''}
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<style>${raw(baseStyles + embedStyles)}</style>
</head>
<body>
<main id="main">
${body}
</main>
<script src="/assets/embed-height.js"></script>
</body>
</html>`;
}

/** GET /embed/<course>: the form she puts in a frame on her own website. */
export function embedFormPage({ course, source, values = {}, error, captcha = false, meta }: EmbedFormInput): Html {
  const describedBy = error ? 'embed-error embed-reassurance' : 'embed-reassurance';
  return embedDocument(
    course.title,
    html`<section class="panel" aria-labelledby="embed-heading">
  <h2 id="embed-heading">${course.title}</h2>
  ${error ? html`<p id="embed-error" class="alert" role="alert">${error}</p>` : ''}
  <form method="post" action="/embed/${course.slug}">
    <input type="hidden" name="course" value="${course.slug}">
    ${source ? html`<input type="hidden" name="source" value="${source}">` : ''}
    <div class="field">
      <label for="email">Your email address</label>
      <input id="email" name="email" type="email" required autocomplete="email" inputmode="email"
        autocapitalize="none" spellcheck="false" maxlength="254" value="${values.email ?? ''}"
        aria-describedby="${describedBy}"${error ? html` aria-invalid="true"` : ''}>
    </div>
    <div class="field">
      <label for="firstName">First name <span class="optional">(optional)</span></label>
      <input id="firstName" name="firstName" type="text" autocomplete="given-name" maxlength="80" value="${values.firstName ?? ''}">
    </div>
    ${honeypotField}
    ${timezoneFields(undefined)}
    ${captcha ? captchaField() : ''}
    <button class="button" type="submit">Send me the first lesson</button>
    <p id="embed-reassurance" class="reassurance">Free. One email a day for ${course.dayCount} days.
    Unsubscribe any time, and your address is never shared.</p>
  </form>
</section>`,
    meta,
  );
}

/** After a signup in the frame: the same news as the app's own page, in the frame's size. */
export function embedCheckInboxPage({ email }: { email: string }): Html {
  return embedDocument(
    'Check your inbox',
    html`<section class="panel" aria-labelledby="embed-heading">
  <h2 id="embed-heading">Check your inbox</h2>
  <p role="status">We’ve sent a link to <strong>${email}</strong>. Tap it to confirm, and your first lesson will follow.</p>
  <p class="muted small">Nothing there in a few minutes? Have a look in your spam or promotions folder.</p>
</section>`,
  );
}
