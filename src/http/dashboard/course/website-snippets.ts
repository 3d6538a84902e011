/**
 * The three snippets she pastes into her website, as text. Each carries her course and a label
 * for where it sits (`source`), and nothing that names her reader. Built here, once, so the page
 * she copies from and its tests agree on what she pastes.
 */
export interface SnippetInput {
  appUrl: string;
  course: { slug: string; title: string };
  source: string;
}

export interface Snippets {
  iframe: string;
  form: string;
  script: string;
}

const attr = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** The plain form: the landing page's fields, posted to /subscribe; the honeypot kept out of sight. */
function plainForm({ appUrl, course, source }: SnippetInput, withScript: boolean): string {
  const lines = [
    `<form method="post" action="${attr(appUrl)}/subscribe">`,
    `  <input type="hidden" name="course" value="${attr(course.slug)}">`,
    `  <input type="hidden" name="source" value="${attr(source)}">`,
    `  <p><label for="rmg-email">Your email address</label><br>`,
    `  <input id="rmg-email" type="email" name="email" required autocomplete="email"></p>`,
    `  <p><label for="rmg-first-name">First name (optional)</label><br>`,
    `  <input id="rmg-first-name" type="text" name="firstName" autocomplete="given-name"></p>`,
    `  <div style="position:absolute;left:-10000px" aria-hidden="true"><label for="rmg-website">Leave this empty</label>`,
    `  <input id="rmg-website" type="text" name="website" tabindex="-1" autocomplete="off"></div>`,
  ];
  if (withScript) {
    // Where her builder keeps scripts, the form sends her reader's zone; where it removes them,
    // the "check your inbox" page that follows asks her browser instead (late-timezone.ts).
    lines.push(
      `  <input type="hidden" id="rmg-timezone" name="timezone" disabled>`,
      `  <script>try{var z=document.getElementById('rmg-timezone');z.value=Intl.DateTimeFormat().resolvedOptions().timeZone;z.disabled=false}catch(e){}</script>`,
    );
  }
  lines.push(`  <p><button type="submit">Send me the first lesson</button></p>`, `</form>`);
  return lines.join('\n');
}

export function snippets(input: SnippetInput): Snippets {
  const { appUrl, course, source } = input;
  const origin = new URL(appUrl).origin;
  const iframe = [
    `<iframe src="${attr(appUrl)}/embed/${attr(course.slug)}?source=${attr(encodeURIComponent(source))}" title="${attr(`Sign up: ${course.title}`)}"`,
    `  style="width:100%;max-width:34rem;height:36rem;border:0" loading="lazy" data-rmg-embed></iframe>`,
    `<script>addEventListener('message',function(e){if(e.origin!=='${origin}'||!e.data||e.data.type!=='rmg-embed-height')return;`,
    `document.querySelectorAll('iframe[data-rmg-embed]').forEach(function(f){if(f.contentWindow===e.source)f.style.height=e.data.height+'px'})});</script>`,
  ].join('\n');
  const script = [
    `<script src="${attr(appUrl)}/embed/${attr(course.slug)}.js" data-source="${attr(source)}" async></script>`,
    `<noscript>`,
    plainForm(input, false),
    `</noscript>`,
  ].join('\n');
  return { iframe, form: plainForm(input, true), script };
}
