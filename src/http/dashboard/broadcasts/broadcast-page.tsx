/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { BroadcastSummary } from '../../../broadcasts/query.js';
import type { Figures } from '../../../reports/figures.js';
import { AdminPage } from '../layout.js';
import { Alert, formatMoment, Notice, Progress, settled, State } from './parts.js';
import { broadcastStyles } from './styles.js';

export const BROADCAST_SCRIPT = '/admin/broadcasts/assets/broadcast.js';

/** One broadcast: its state, a progress bar the script keeps current, its figures and its controls. */
export function BroadcastPage({ broadcast: b, figures, notice, error }: { broadcast: BroadcastSummary; figures: Figures; notice?: string; error?: string }) {
  const base = `/admin/broadcasts/${b.id}`;
  const live = b.status === 'sending' || b.status === 'scheduled' || b.status === 'paused';
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
          <State status={b.status} /> <span class="muted">to {b.recipients.toLocaleString('en-US')} · {b.timing === 'now' ? 'sent at once' : b.timing === 'at' ? `at ${formatMoment(b.firstDueAt)}` : `in each mom’s morning on ${b.localDate}`}</span>
        </p>
        <Progress broadcast={b} id="progress" />
        <p id="progress-text" aria-live="polite">
          {`${settled(b).toLocaleString('en-US')} of ${b.recipients.toLocaleString('en-US')} done: ${b.counts.sent} sent, ${b.counts.pending} waiting, ${b.counts.failed} failed, ${b.counts.cancelled} cancelled.`}
        </p>
        <div class="button-row">
          {b.status === 'scheduled' || b.status === 'sending' ? <Control base={base} verb="pause" label="Pause" /> : null}
          {b.status === 'paused' ? <Control base={base} verb="resume" label="Resume" /> : null}
          {live ? <Control base={base} verb="cancel" label="Cancel the rest" quiet /> : null}
        </div>
      </div>
      <h2>Figures</h2>
      <div class="figure-row">
        <Figure label="Sent" n={figures.sent} />
        <Figure label="Delivered" n={figures.delivered} />
        <Figure label="Bounced" n={figures.bounced} />
        <Figure label="Complaints" n={figures.complained} />
        <Figure label="Unsubscribed after" n={figures.unsubscribedAfter} />
      </div>
      <p class="muted small">Delivered, bounced and complaints come from your email provider’s reports. Started {b.startedAt ? formatMoment(b.startedAt) : 'not yet'}{b.finishedAt ? `; finished ${formatMoment(b.finishedAt)}` : ''}.</p>
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
