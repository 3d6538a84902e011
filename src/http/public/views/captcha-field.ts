import { html } from 'hono/html';
import { altchaAssets } from '../altcha-assets.js';
import { CHALLENGE_PATH } from '../captcha.js';
import type { Html } from './page.js';

/**
 * The "I'm not a robot" check for any signup form of ours (the landing page, an embedded form),
 * to put inside its `<form>` when CAPTCHA=altcha. The widget fetches a challenge from this app,
 * solves it in a worker as soon as she starts on the form, and adds the hidden field `altcha`
 * that POST /subscribe and POST /api/subscribers check. Without scripts the form cannot pass
 * the check, so it says so, kindly, instead of failing after she has typed everything.
 *
 * `challengeOrigin` is for a form on another site (an embed): the challenge URL then has to be
 * absolute. The footer link to altcha.org is hidden: her page links nowhere she did not choose.
 */
export function captchaField({ challengeOrigin = '' }: { challengeOrigin?: string } = {}): Html {
  const assets = altchaAssets();
  const configuration = JSON.stringify({ hideFooter: true, hideLogo: true });
  return html`<link rel="stylesheet" href="${challengeOrigin}${assets.stylePath}">
    <script src="${challengeOrigin}${assets.scriptPath}" defer></script>
    <div class="field captcha-field">
      <altcha-widget challenge="${challengeOrigin}${CHALLENGE_PATH}" name="altcha" auto="onfocus" language="en" configuration="${configuration}"></altcha-widget>
    </div>
    <noscript><p class="alert">This form needs JavaScript switched on for a quick “I’m not a robot” check that runs in your browser. Please switch it on, or open this page in another browser, and try again.</p></noscript>`;
}
