import { TABS } from '../tabs-script.js';

/**
 * The section's two small scripts, served as files (the CSP allows no inline script). Each page
 * works without them; they add autosave, the live preview and count, tabs on a phone, and a
 * progress bar that moves. Plain ES2017, no build step, text set with textContent only.
 */

export const composeScript = `(() => {
  'use strict';
  const form = document.getElementById('compose');
  if (!form) return;
  const status = document.getElementById('save-status');
  const problemsBox = document.getElementById('draft-problems');
  const frames = Array.from(document.querySelectorAll('.frame iframe'));
  const fields = ['subject', 'preview', 'body'].map((name) => form.elements.namedItem(name));
  let timer = null;
  let dirty = false;
  let chain = Promise.resolve();

  document.querySelectorAll('[data-no-js-only]').forEach((el) => { el.hidden = true; });

${TABS}

  const zone = form.elements.namedItem('timezone');
  if (zone && zone.dataset.default === 'browser') {
    const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (mine && Array.from(zone.options).some((o) => o.value === mine)) zone.value = mine;
  }

  const refreshFrames = () => frames.forEach((frame) => {
    try {
      const y = frame.contentWindow.scrollY;
      frame.addEventListener('load', () => frame.contentWindow.scrollTo(0, y), { once: true });
      frame.contentWindow.location.reload();
    } catch (e) {
      frame.src = frame.src;
    }
  });

  const showProblems = (problems) => {
    problemsBox.replaceChildren();
    if (!problems || problems.length === 0) return;
    const box = document.createElement('div');
    box.className = 'alert';
    const p = document.createElement('p');
    p.textContent = 'Not ready to send yet:';
    const ul = document.createElement('ul');
    ul.className = 'problems';
    problems.forEach((problem) => {
      const li = document.createElement('li');
      li.textContent = problem.line ? 'Body, line ' + problem.line + ': ' + problem.message : problem.message;
      ul.appendChild(li);
    });
    box.append(p, ul);
    problemsBox.appendChild(box);
  };

  const body = () => JSON.stringify({ subject: fields[0].value, preview: fields[1].value, body: fields[2].value });

  const save = () => {
    if (!dirty) return chain;
    dirty = false;
    const text = body();
    // One save at a time, in order, so an older text never lands after a newer one.
    chain = chain.then(async () => {
      try {
        const res = await fetch(form.dataset.autosave, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: text, credentials: 'same-origin' });
        const data = await res.json().catch(() => ({}));
        if (!res.ok) {
          dirty = true;
          status.textContent = (data.error && data.error.message) || 'Not saved. Press Save to try again.';
          return;
        }
        status.textContent = 'Saved at ' + new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) + '.';
        showProblems(data.problems);
        refreshFrames();
      } catch (e) {
        dirty = true;
        status.textContent = 'Not saved yet: the connection dropped. It tries again as you type, or press Save.';
      }
    });
    return chain;
  };

  fields.forEach((field) => field.addEventListener('input', () => {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 700);
  }));

  // The tab closing or the phone switching apps: send what is left, even as the page goes.
  const flush = () => {
    if (!dirty) return;
    dirty = false;
    fetch(form.dataset.autosave, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(), keepalive: true, credentials: 'same-origin' }).catch(() => {});
  };
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flush(); });
  window.addEventListener('pagehide', flush);
  form.addEventListener('submit', () => { dirty = false; clearTimeout(timer); });

  const count = document.getElementById('audience-count');
  const audience = form.elements.namedItem('audience');
  const course = form.elements.namedItem('course');
  const recount = async () => {
    const q = new URLSearchParams({ audience: audience.value });
    if (course && course.value) q.set('course', course.value);
    count.textContent = 'counting…';
    try {
      const res = await fetch(form.dataset.count + '?' + q, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      const data = await res.json();
      count.textContent = res.ok ? data.count.toLocaleString('en-US') + (data.count === 1 ? ' mom' : ' moms') : data.error.message;
    } catch (e) {
      count.textContent = 'not known (the connection dropped)';
    }
  };
  audience.addEventListener('change', recount);
  if (course) course.addEventListener('change', recount);
})();
`;

export const broadcastScript = `(() => {
  'use strict';
  const box = document.getElementById('broadcast');
  if (!box) return;
  const bar = document.getElementById('progress');
  const text = document.getElementById('progress-text');
  const shown = box.dataset.status;
  const tick = async () => {
    try {
      const res = await fetch(box.dataset.progress, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) return;
      const p = await res.json();
      const done = p.sent + p.failed + p.cancelled;
      bar.max = Math.max(p.recipients, 1);
      bar.value = done;
      bar.textContent = done + ' of ' + p.recipients;
      text.textContent = done.toLocaleString('en-US') + ' of ' + p.recipients.toLocaleString('en-US') + ' done: ' + p.sent + ' sent, ' + p.pending + ' waiting, ' + p.failed + ' failed, ' + p.cancelled + ' cancelled.';
      // A new state brings other buttons (and final figures): the page is drawn again.
      if (p.status !== shown) { window.location.reload(); return; }
    } catch (e) { /* the next tick tries again */ }
    setTimeout(tick, 2000);
  };
  setTimeout(tick, 2000);
})();
`;
