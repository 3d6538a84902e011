import { Hono } from 'hono';
import type { HonoEnv } from '../env.js';
import { EMBED_HEIGHT_SCRIPT } from './embed-scripts.js';

/**
 * The pages' only scripts, served as files so the Content-Security-Policy can forbid inline
 * scripts outright (`script-src 'self'`): an injected `<script>` in a page would not run.
 * Each page works without them.
 */
const SCRIPTS: Record<string, string> = {
  // The landing form: fills the hidden timezone field from the browser (see timezoneFields).
  'timezone.js': `(function () {
  var field = document.getElementById('timezone');
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (field && zone) { field.value = zone; field.disabled = false; }
  } catch (e) {}
})();
`,
  // The page after a signup that came without a timezone (a plain form on her website, its
  // script removed by the site builder): sends the browser's, once (see checkInboxPage).
  'late-timezone.js': `(function () {
  var spot = document.getElementById('late-timezone');
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!spot || !zone || !window.fetch) return;
    fetch('/api/subscribers/timezone', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: spot.getAttribute('data-token'), timezone: zone }) })
      .then(function () { spot.setAttribute('data-sent', 'yes'); }, function () {});
  } catch (e) {}
})();
`,
  // The one-button confirmation page: presses its button (see confirmButtonPage).
  'confirm.js': `(function () {
  var form = document.getElementById('confirm-form');
  if (form) form.submit();
})();
`,
  // The form in a frame on her website: its height, for the frame around it (see embed-scripts.ts).
  'embed-height.js': EMBED_HEIGHT_SCRIPT,
};

export const SCRIPT_PATH = '/assets';

export const FAVICON_PATH = '/favicon.svg';

/**
 * The tab's icon: the landing page's morning motif (a sun on the horizon) in the accent colour, on
 * the page's own cream, in a rounded square. An SVG file of ours, so `img-src 'self'` allows it.
 */
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="7" fill="#FAF6F1"/>
<path d="M8 21a8 8 0 0 1 16 0" fill="none" stroke="#744A66" stroke-width="2.4" stroke-linecap="round"/>
<path d="M5 24h22M16 7v3M9.5 10.5l2 2M22.5 10.5l-2 2" fill="none" stroke="#744A66" stroke-width="2.4" stroke-linecap="round"/>
</svg>
`;

export const assets = new Hono<HonoEnv>()
  .get(FAVICON_PATH, (c) => {
    c.header('content-type', 'image/svg+xml; charset=utf-8');
    c.header('cache-control', 'public, max-age=86400');
    return c.body(FAVICON);
  })
  // Browsers and feed readers still ask for /favicon.ico on their own; the SVG is the answer.
  .get('/favicon.ico', (c) => c.redirect(FAVICON_PATH, 301))
  .get(`${SCRIPT_PATH}/:name`, (c) => {
  // Object.hasOwn: a plain lookup would find `constructor`, `__proto__` and `toString` too.
  const name = c.req.param('name');
  if (!Object.hasOwn(SCRIPTS, name)) return c.notFound();
  const script = SCRIPTS[name]!;
  c.header('content-type', 'text/javascript; charset=utf-8');
  c.header('cache-control', 'public, max-age=3600');
  return c.body(script);
});
