/** @jsxImportSource hono/jsx */
import type { DeliveryEntry, TimelineEntry } from '../../../subscribers/timeline.js';
import { formatWhen, STATUS_LABEL } from './format.js';

const KIND: Record<DeliveryEntry['kind'], string> = { confirmation: 'Confirmation email', lesson: 'Lesson', broadcast: 'Newsletter' };

const DELIVERY_STATUS: Record<DeliveryEntry['status'], string> = {
  pending: 'waiting to be sent',
  sent: 'sent',
  failed: 'could not be sent',
  cancelled: 'cancelled before it was sent',
};

const PROVIDER_STATUS: Record<string, string> = {
  delivery_delayed: 'delivery delayed',
  delivered: 'delivered to her inbox',
  bounced: 'bounced',
  suppressed: 'not sent by the provider (on its suppression list)',
  complained: 'she marked it as spam',
};

const PREFERENCE: Record<string, (detail: string | null) => string> = {
  send_hour: (d) => `Changed her lesson hour${d ? ` to ${d.padStart(2, '0')}:00 her time` : ''}`,
  timezone: (d) => `Changed her timezone${d ? ` to ${d}` : ''}`,
  newsletter_on: () => 'Turned the newsletter on',
  newsletter_off: () => 'Turned the newsletter off',
  paused: (d) => `Paused the course${d ? ` ${d}` : ''}`,
  resumed: (d) => `Resumed the course${d ? ` ${d}` : ''}`,
  left: (d) => `Left the course${d ? ` ${d}` : ''}`,
};

// Provider event types are Resend's ("email.delivered"); the part after the dot reads well enough.
const eventLabel = (type: string) => type.replace(/^email\./, '').replace(/_/g, ' ');

function Delivery({ d }: { d: DeliveryEntry }) {
  return (
    <>
      <strong>
        {KIND[d.kind]}: “{d.subject}”
      </strong>
      <br />
      {DELIVERY_STATUS[d.status]}
      {d.status === 'pending' ? `, due ${formatWhen(d.dueAt)}` : ''}
      {d.providerStatus ? `; ${PROVIDER_STATUS[d.providerStatus] ?? d.providerStatus}` : ''}
      {d.error ? <span class="muted"> ({d.error})</span> : null}
      {d.events.length > 0 || d.firstOpenedAt || d.lastClickedAt ? (
        <ul class="events" aria-label="What the provider said">
          {d.events.map((e) => (
            <li>
              {eventLabel(e.type)}, {formatWhen(e.at)}
              {e.bounce ? <span class="muted"> ({e.bounce})</span> : null}
            </li>
          ))}
          {d.firstOpenedAt ? <li>first opened {formatWhen(d.firstOpenedAt)} (an estimate)</li> : null}
          {d.lastClickedAt ? <li>last link clicked {formatWhen(d.lastClickedAt)} (an estimate)</li> : null}
        </ul>
      ) : null}
    </>
  );
}

function describe(entry: TimelineEntry) {
  switch (entry.type) {
    case 'signed_up':
      return <strong>Joined the list</strong>;
    case 'consent_recorded':
      return <>Consent recorded by an imported list{entry.consentSource ? ` (${entry.consentSource})` : ''}</>;
    case 'confirmation_asked':
      return <>Asked to confirm her address</>;
    case 'confirmed':
      return <strong>Confirmed her address</strong>;
    case 'enrolled':
      return <>Enrolled in the course “{entry.title ?? entry.course}”</>;
    case 'delivery':
      return <Delivery d={entry.delivery} />;
    case 'preference':
      return <>{(PREFERENCE[entry.change] ?? ((d: string | null) => `${entry.change}${d ? `: ${d}` : ''}`))(entry.detail)}</>;
    case 'unsubscribed':
      return <strong>Unsubscribed</strong>;
    case 'suppressed':
      return <strong>No more emails: {STATUS_LABEL[entry.status]}</strong>;
  }
}

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol class="timeline">
      {entries.map((entry) => (
        <li>
          <time datetime={entry.at.toISOString()}>{formatWhen(entry.at)}</time>
          {describe(entry)}
        </li>
      ))}
    </ol>
  );
}
