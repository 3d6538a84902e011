/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { BroadcastSummary } from '../../../broadcasts/query.js';
import type { Figures } from '../../../reports/figures.js';
import { ProviderReportsOff } from '../funnel.js';
import { AdminPage } from '../layout.js';
import { Alert, formatMoment, moms, Notice, Progress, settled, State } from './parts.js';
import { broadcastStyles } from './styles.js';

export const BROADCAST_SCRIPT = '/admin/broadcasts/assets/broadcast.js';

/** One broadcast: its state, a progress bar the script keeps current, its figures and its controls. */
export function BroadcastPage(props: {
  broadcast: BroadcastSummary;
  figures: Figures;
  /** Resend's webhooks are set up: delivered, bounced and complaints are reported. */
  providerReports: boolean;
  notice?: string;
  error?: string;
}) {
  const { broadcast: b, figures, providerReports, notice, error } = props;
  const base = `/admin/broadcasts/${b.id}`;
  const live = b.status === 'sending' || b.status === 'scheduled' || b.status === 'paused';
  // Before the first email goes out, cancelling stops the whole newsletter, not "the rest".
  const begun = b.counts.sent + b.counts.failed > 0;
  return (
    <AdminPage title={b.subject} section="broadcasts" scripts={live ? [BROADCAST_SCRIPT] : []}>
      <style>{raw(broadcastStyles)}</style>
      <a class="back" href="/admin/broadcasts">
        ← All newsletters
      </a>
      <h1>{b.subject}</h1>
      <Notice message={notice} />
      <Alert message={error} />
      <div class="panel tight" id="broadcast" data-progress={`${base}/progress`} data-status={b.status}>
        <p>
          <State status={b.status} /> <span class="muted">{b.status === 'scheduled' ? 'for' : 'to'} {moms(b.recipients)} · {b.timing === 'now' ? 'sent at once' : b.timing === 'at' ? `at ${formatMoment(b.firstDueAt)}` : `in each mom’s morning on ${b.localDate}`}</span>
        </p>
        <Progress broadcast={b} id="progress" />
        <p id="progress-text" aria-live="polite">
          {`${settled(b).toLocaleString('en-US')} of ${b.recipients.toLocaleString('en-US')} done: ${b.counts.sent} sent, ${b.counts.pending} waiting, ${b.counts.failed} failed, ${b.counts.cancelled} cancelled.`}
        </p>
        <div class="button-row">
          {b.status === 'scheduled' || b.status === 'sending' ? <Control base={base} verb="pause" label="Pause" /> : null}
          {b.status === 'paused' ? <Control base={base} verb="resume" label="Resume" /> : null}
          {live ? <Control base={base} verb="cancel" label={begun ? 'Cancel the rest' : 'Cancel this newsletter'} quiet /> : null}
        </div>
      </div>
      <h2>Figures</h2>
      <div class="figure-row">
        <Figure label="Sent" n={figures.sent} />
        {providerReports ? (
          <>
            <Figure label="Delivered" n={figures.delivered} />
            <Figure label="Bounced" n={figures.bounced} />
            <Figure label="Complaints" n={figures.complained} />
          </>
        ) : null}
        <Figure label="Unsubscribed after" n={figures.unsubscribedAfter} />
      </div>
      {providerReports ? <p class="muted small">Delivered, bounced and complaints come from your email provider’s reports.</p> : <ProviderReportsOff />}
      <p class="muted small">
        {b.startedAt
          ? `Started ${formatMoment(b.startedAt)}${b.finishedAt ? `, finished ${formatMoment(b.finishedAt)}` : ''}.`
          : b.status === 'cancelled'
            ? 'Cancelled before it started.'
            : 'It has not started yet.'}
      </p>
    </AdminPage>
  );
}

function Control({ base, verb, label, quiet = false }: { base: string; verb: 'pause' | 'resume' | 'cancel'; label: string; quiet?: boolean }) {
  return (
    <form method="post" action={`${base}/${verb}`} class="inline-form">
      <button type="submit" class={quiet ? 'button button-quiet' : 'button'}>
        {label}
      </button>
    </form>
  );
}

function Figure({ label, n }: { label: string; n: number }) {
  return (
    <div class="figure">
      <strong>{n.toLocaleString('en-US')}</strong>
      {label}
    </div>
  );
}
