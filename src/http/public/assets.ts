import { Hono } from 'hono';
import type { HonoEnv } from '../env.js';

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
  // The one-button confirmation page: presses its button (see confirmButtonPage).
  'confirm.js': `(function () {
  var form = document.getElementById('confirm-form');
  if (form) form.submit();
})();
`,
};

export const SCRIPT_PATH = '/assets';

export const assets = new Hono<HonoEnv>().get(`${SCRIPT_PATH}/:name`, (c) => {
  // Object.hasOwn: a plain lookup would find `constructor`, `__proto__` and `toString` too.
  const name = c.req.param('name');
  if (!Object.hasOwn(SCRIPTS, name)) return c.notFound();
  const script = SCRIPTS[name]!;
  c.header('content-type', 'text/javascript; charset=utf-8');
  c.header('cache-control', 'public, max-age=3600');
  return c.body(script);
});
