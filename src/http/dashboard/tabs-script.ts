/**
 * The editors' tabs (the newsletter composer, the lesson editor): below the width where the parts
 * fit side by side, one shows at a time (CSS decides), with a bar of buttons to choose. Put
 * inside each editor's script.
 */
export const TABS = `  document.querySelectorAll('[data-tabs]').forEach((box) => {
    const panels = Array.from(box.children).filter((el) => el.hasAttribute('data-tab-label'));
    const bar = document.createElement('div');
    bar.className = 'tabbar';
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', 'Show');
    const buttons = panels.map((panel, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = panel.getAttribute('data-tab-label');
      b.addEventListener('click', () => show(i));
      bar.appendChild(b);
      return b;
    });
    const show = (index) => panels.forEach((panel, i) => {
      panel.classList.toggle('is-other-tab', i !== index);
      buttons[i].setAttribute('aria-pressed', String(i === index));
    });
    box.insertBefore(bar, box.firstChild);
    show(0);
  });`;
