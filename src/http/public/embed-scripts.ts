/**
 * Inside the frame on her website: tells the page around it how tall the form is, so the
 * snippet's few lines can size the frame to fit (a thank-you is shorter than the form, an error
 * longer). The height is no secret, so any parent may hear it; the snippet listens only to us.
 */
export const EMBED_HEIGHT_SCRIPT = `(function () {
  if (window.parent === window) return;
  var last = 0;
  function send() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'rmg-embed-height', height: height }, '*');
  }
  send();
  window.addEventListener('load', send);
  if (window.ResizeObserver) new ResizeObserver(send).observe(document.documentElement);
})();
`;

export interface EmbedScriptInput {
  appUrl: string;
  course: { slug: string; title: string; dayCount: number };
}

/**
 * GET /embed/<course>.js: the form drawn where her `<script>` tag stands, posting JSON to the
 * signup API. Plain ES5-ish DOM code, text set with textContent only, nothing loaded from
 * anywhere else; it takes her site's fonts and colours, adding only spacing and the fields' size.
 */
export function embedScript({ appUrl, course }: EmbedScriptInput): string {
  const settings = JSON.stringify({ api: `${appUrl}/api/subscribers`, course: course.slug, title: course.title, days: course.dayCount });
  return `(function () {
  'use strict';
  var S = ${settings};
  var tag = document.currentScript;
  if (!tag || !tag.parentNode) return;
  var source = tag.getAttribute('data-source') || undefined;
  var n = (window.__rmgEmbeds = (window.__rmgEmbeds || 0) + 1);
  var id = function (name) { return 'rmg-' + name + '-' + n; };
  function el(name, props, children) {
    var node = document.createElement(name);
    for (var key in props) {
      if (key === 'text') node.textContent = props[key];
      else node.setAttribute(key, props[key]);
    }
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }
  if (!document.getElementById('rmg-embed-style')) {
    var style = el('style', { id: 'rmg-embed-style' });
    style.textContent = '.rmg-embed{max-width:34rem;margin:1.5rem 0}.rmg-embed label{display:block;font-weight:600;margin:0 0 .35rem}' +
      '.rmg-embed .rmg-title{font-weight:600;font-size:1.2em;margin:0 0 .75rem}.rmg-embed .rmg-field{margin:0 0 1rem}.rmg-embed input[type=email],.rmg-embed input[type=text]{display:block;box-sizing:border-box;width:100%;min-height:3rem;padding:.6rem .85rem;font:inherit;border:1.5px solid #8C8279;border-radius:10px}' +
      '.rmg-embed button{min-height:3.25rem;padding:.75rem 1.5rem;font:inherit;font-weight:600;color:#fff;background:#744A66;border:0;border-radius:12px;cursor:pointer}' +
      '.rmg-embed .rmg-hidden{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}.rmg-embed .rmg-alert{color:#7F2A20;background:#FBEDEA;padding:.75rem 1rem;border-radius:10px}';
    document.head.appendChild(style);
  }
  var email = el('input', { id: id('email'), name: 'email', type: 'email', required: '', autocomplete: 'email', inputmode: 'email', autocapitalize: 'none', spellcheck: 'false', maxlength: '254' });
  var first = el('input', { id: id('first'), name: 'firstName', type: 'text', autocomplete: 'given-name', maxlength: '80' });
  var trap = el('input', { id: id('website'), name: 'website', type: 'text', tabindex: '-1', autocomplete: 'off' });
  var message = el('p', { role: 'alert', 'class': 'rmg-alert', hidden: '' });
  var button = el('button', { type: 'submit', text: 'Send me the first lesson' });
  var form = el('form', { 'class': 'rmg-embed', 'aria-label': S.title, novalidate: '' }, [
    el('p', { text: S.title, 'class': 'rmg-title' }),
    message,
    el('div', { 'class': 'rmg-field' }, [el('label', { 'for': id('email'), text: 'Your email address' }), email]),
    el('div', { 'class': 'rmg-field' }, [el('label', { 'for': id('first'), text: 'First name (optional)' }), first]),
    el('div', { 'class': 'rmg-hidden', 'aria-hidden': 'true' }, [el('label', { 'for': id('website'), text: 'Leave this empty' }), trap]),
    button,
    el('p', { text: 'Free. One email a day for ' + S.days + ' days. Unsubscribe any time, and your address is never shared.' })
  ]);
  function say(text) { message.textContent = text; message.hidden = false; }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!email.value || !email.checkValidity()) { say('Please enter your email address, like name@example.com.'); email.focus(); return; }
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) {}
    button.disabled = true;
    fetch(S.api, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: email.value, firstName: first.value || undefined, timezone: zone, course: S.course, source: source, website: trap.value || undefined })
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (res.ok) {
          var done = el('div', { 'class': 'rmg-embed', role: 'status' }, [
            el('p', { 'class': 'rmg-title', text: 'Check your inbox' }),
            el('p', { text: 'We\\u2019ve sent a link to ' + email.value.trim() + '. Tap it to confirm, and your first lesson will follow.' })
          ]);
          form.parentNode.replaceChild(done, form);
          return;
        }
        say((body.error && body.error.message) || 'That didn\\u2019t go through. Please try again in a moment.');
        button.disabled = false;
      });
    }).catch(function () {
      say('The connection dropped before the form went through. Please try again.');
      button.disabled = false;
    });
  });
  tag.parentNode.insertBefore(form, tag.nextSibling);
})();
`;
}

/**
 * The same tag when CAPTCHA=altcha: the check runs in a worker, which a browser starts only from
 * the page's own origin, so the script draws the app's framed form (GET /embed/<course>) where the
 * tag stands, sized to fit, instead of a form of her page's own.
 */
export function framedEmbedScript({ appUrl, course }: EmbedScriptInput): string {
  const settings = JSON.stringify({ origin: new URL(appUrl).origin, page: `${appUrl}/embed/${course.slug}`, title: course.title });
  return `(function () {
  'use strict';
  var S = ${settings};
  var tag = document.currentScript;
  if (!tag || !tag.parentNode) return;
  var source = tag.getAttribute('data-source');
  var frame = document.createElement('iframe');
  frame.src = S.page + (source ? '?source=' + encodeURIComponent(source) : '');
  frame.title = S.title;
  frame.setAttribute('loading', 'lazy');
  frame.style.cssText = 'border:0;width:100%;max-width:34rem;height:30rem;display:block;margin:1.5rem 0';
  tag.parentNode.insertBefore(frame, tag.nextSibling);
  window.addEventListener('message', function (event) {
    if (event.origin !== S.origin || event.source !== frame.contentWindow || !event.data || event.data.type !== 'rmg-embed-height') return;
    frame.style.height = event.data.height + 'px';
  });
})();
`;
}
