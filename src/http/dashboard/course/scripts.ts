import { TABS } from '../tabs-script.js';

/**
 * The editors' one small script, served as a file (the CSP allows no inline script). Every page
 * works without it; it adds the live preview (the typed text, drawn by the server, shown with
 * srcdoc: nothing is saved), the spam score when it is ready, and the phone's tabs. Plain
 * ES2017, no build step, text set with textContent only.
 */
export const EDITOR_SCRIPT = '/admin/course/assets/editor.js';

export const editorScript = `(() => {
  'use strict';
  // Adding a lesson: what its place means for the moms in the course, said as soon as she picks
  // it. The page's own two steps stay: this only says the sentence earlier.
  const place = document.querySelector('select[data-effect-url]');
  if (place) {
    let placeTurn = 0;
    const sayEffect = async () => {
      const turn = ++placeTurn;
      try {
        const res = await fetch(place.dataset.effectUrl + '?after=' + encodeURIComponent(place.value), { headers: { accept: 'application/json' }, credentials: 'same-origin' });
        const data = await res.json();
        if (turn !== placeTurn || !res.ok || !data.sentence) return;
        document.querySelectorAll('[data-live-effect]').forEach((el) => { el.textContent = data.sentence; el.hidden = false; });
        const checked = place.form && place.form.elements.namedItem('checked');
        if (checked) checked.value = place.value;
      } catch (e) { /* Continue still says it */ }
    };
    place.addEventListener('change', sayEffect);
    if (document.querySelector('[data-live-effect]:empty')) sayEffect();
  }

  const form = document.querySelector('form[data-live-preview]');
  if (!form) return;
  const frames = Array.from(document.querySelectorAll('iframe[data-live]'));
  const problemsBox = document.getElementById('preview-problems');
  const spamBox = document.getElementById('spam-result');
  const skip = new Set(['version', 'action', 'testEmail']);
  const fields = Array.from(form.elements).filter((el) => el.name && !skip.has(el.name) && (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.type === 'text' || el.type === 'url'));
  let timer = null;
  let spamTimer = null;
  let asked = 0;

  document.querySelectorAll('[data-no-js-only]').forEach((el) => { el.hidden = true; });

${TABS}

  const values = () => JSON.stringify(Object.fromEntries(fields.map((f) => [f.name, f.value])));
  const post = (url, body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body, credentials: 'same-origin' });

  const showProblems = (problems) => {
    if (!problemsBox) return;
    problemsBox.replaceChildren();
    if (!problems || problems.length === 0) return;
    const box = document.createElement('div');
    box.className = 'alert';
    const p = document.createElement('p');
    p.textContent = 'The preview will appear when these are fixed:';
    const ul = document.createElement('ul');
    problems.forEach((problem) => {
      const li = document.createElement('li');
      li.textContent = problem.message;
      ul.appendChild(li);
    });
    box.append(p, ul);
    problemsBox.appendChild(box);
  };

  const checkSpam = async (body, turn) => {
    if (!spamBox || !form.dataset.spamScore) return;
    clearTimeout(spamTimer);
    try {
      const res = await post(form.dataset.spamScore, body);
      const data = await res.json();
      if (turn !== asked) return;
      spamBox.textContent = data.text || '';
      if (data.state === 'pending') spamTimer = setTimeout(() => checkSpam(body, turn), 1500);
    } catch (e) { /* the next change asks again */ }
  };

  const refresh = async () => {
    const turn = ++asked;
    const body = values();
    try {
      const res = await post(form.dataset.livePreview, body);
      const data = await res.json();
      // An older answer never replaces a newer one.
      if (turn !== asked) return;
      if (!res.ok) { showProblems([{ message: (data.error && data.error.message) || 'The preview could not be drawn just now.' }]); return; }
      if (!data.ok) { showProblems(data.problems); return; }
      showProblems([]);
      frames.forEach((frame) => { frame.srcdoc = data.html; });
      checkSpam(body, turn);
    } catch (e) {
      showProblems([{ message: 'The preview could not be drawn: the connection dropped. It tries again as you type.' }]);
    }
  };

  // Her words are not saved until she presses Save: leaving before that asks first.
  let unsaved = false;
  fields.forEach((field) => field.addEventListener('input', () => {
    unsaved = true;
    clearTimeout(timer);
    timer = setTimeout(refresh, 500);
  }));
  form.addEventListener('submit', () => { unsaved = false; });
  window.addEventListener('beforeunload', (event) => {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = '';
  });
  if (spamBox) refresh();
})();
`;
