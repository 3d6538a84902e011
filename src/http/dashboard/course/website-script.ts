/**
 * The website page's one small script, served as a file (the CSP allows no inline script): a
 * copy button beside each snippet, and the preview frame sized to the form. Without it, each
 * snippet is a textarea to select and copy, and the frame has a fixed height.
 */
export const WEBSITE_SCRIPT = '/admin/course/assets/website.js';

export const websiteScript = `(() => {
  'use strict';
  document.querySelectorAll('button[data-copy]').forEach((button) => {
    const box = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.copy + '-status');
    if (!box) return;
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(box.value);
      } catch (e) {
        box.select();
        document.execCommand('copy');
      }
      if (status) status.textContent = 'Copied. Paste it into your website.';
    });
  });
  const frame = document.querySelector('iframe[data-embed-preview]');
  if (!frame) return;
  window.addEventListener('message', (event) => {
    if (event.origin !== location.origin || event.source !== frame.contentWindow) return;
    if (event.data && event.data.type === 'rmg-embed-height') frame.style.height = event.data.height + 'px';
  });
})();
`;
