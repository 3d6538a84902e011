import { html, raw } from 'hono/html';
import { page, type Html } from '../public/views/page.js';

export interface DevMailSummary {
  /** Postgres bigints arrive as strings; both forms only ever end up in a URL. */
  id: number | string;
  to: string;
  subject: string;
  createdAt: Date;
}

export interface DevMail extends DevMailSummary {
  from?: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** Where a reply goes: her reply_to, absent on confirmations. */
  replyTo?: string;
}

const devStyles = html`<style>${raw(`
.dev-banner { background: var(--tint); border: 1px dashed var(--field-border); border-radius: 10px; padding: 0.75rem 1rem; font-size: 0.95rem; }
.dev-table { width: 100%; border-collapse: collapse; font-size: 0.95rem; margin: 1rem 0; }
.dev-table th, .dev-table td { text-align: left; vertical-align: top; padding: 0.5rem 0.5rem 0.5rem 0; border-bottom: 1px solid var(--line); }
.dev-table th { font-weight: 600; }
.dev-table th[scope="row"] { width: 13rem; }
.dev-table td { overflow-wrap: anywhere; }
.dev-frame { width: 100%; height: 70vh; border: 1px solid var(--line); border-radius: 10px; background: #FFFFFF; }
.dev-text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.9rem; background: var(--surface); border: 1px solid var(--line); border-radius: 10px; padding: 1rem; }
main { max-width: 60rem; }
`)}</style>`;

const banner = html`<p class="dev-banner" role="note">Dev mailbox — no RESEND_API_KEY is set, so nothing leaves this machine.</p>`;
const devFooter = html`Local development only. <a href="/">Landing page</a>`;

function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function devMailboxListPage(mails: DevMailSummary[]): Html {
  const newestFirst = [...mails].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || String(b.id).localeCompare(String(a.id), 'en', { numeric: true }));
  return page({
    title: `Dev mailbox (${mails.length})`,
    // Polling by meta refresh keeps this page script-free; 3 s is quick enough to watch a signup arrive.
    head: html`<meta http-equiv="refresh" content="3">${devStyles}`,
    footer: devFooter,
    body: html`
${banner}
<h1>Dev mailbox</h1>
<p class="small muted">Newest first; refreshes every 3 seconds. Also as <a href="/dev/mailbox.json">JSON</a>.</p>
${
  newestFirst.length === 0
    ? html`<p>No mail yet. Sign up on the <a href="/">landing page</a> and the confirmation email will appear here.</p>`
    : html`<table class="dev-table">
  <thead><tr><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Time</th></tr></thead>
  <tbody>
    ${newestFirst.map(
      (mail) => html`<tr>
      <td>${mail.to}</td>
      <td><a href="/dev/mailbox/${mail.id}">${mail.subject || '(no subject)'}</a></td>
      <td><time datetime="${mail.createdAt.toISOString()}">${formatTime(mail.createdAt)}</time></td>
    </tr>`,
    )}
  </tbody>
</table>`
}`,
  });
}

/**
 * The email's HTML goes into `srcdoc`, escaped by `html` (& < > " '), which is exactly what a
 * double-quoted attribute needs: the browser un-escapes it once and renders the original email.
 * The `sandbox` blocks the email's scripts, forms and navigation of this page; it allows only
 * popups, unsandboxed, so a link (the confirmation's button) opens in a new tab as in a mail
 * app, where the page it opens works as it would for her. `<base target="_blank">` sends every
 * link there; it has no href, so CSP's base-uri 'none' (inherited by srcdoc) does not apply.
 */
export function devMailboxMessagePage(mail: DevMail): Html {
  return page({
    title: `Dev mail #${mail.id}: ${mail.subject}`,
    head: devStyles,
    footer: devFooter,
    body: html`
${banner}
<p class="small"><a href="/dev/mailbox">← All mail</a></p>
<h1>${mail.subject || '(no subject)'}</h1>
<table class="dev-table">
  <tbody>
    ${mail.from ? html`<tr><th scope="row">From</th><td>${mail.from}</td></tr>` : ''}
    <tr><th scope="row">To</th><td>${mail.to}</td></tr>
    ${mail.replyTo ? html`<tr><th scope="row">Reply-To</th><td>${mail.replyTo}</td></tr>` : ''}
    <tr><th scope="row">Stored</th><td><time datetime="${mail.createdAt.toISOString()}">${formatTime(mail.createdAt)}</time></td></tr>
    ${Object.entries(mail.headers).map(([name, value]) => html`<tr><th scope="row">${name}</th><td>${value}</td></tr>`)}
  </tbody>
</table>
<h2>HTML part</h2>
<iframe class="dev-frame" title="Rendered HTML part of the email" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${withLinksInNewTab(mail.html)}"></iframe>
<h2>Text part</h2>
<pre class="dev-text">${mail.text}</pre>`,
  });
}

const NEW_TAB = '<base target="_blank">';

function withLinksInNewTab(emailHtml: string): string {
  const head = /<head(\s[^>]*)?>/i;
  return head.test(emailHtml) ? emailHtml.replace(head, (tag) => tag + NEW_TAB) : NEW_TAB + emailHtml;
}
