/** @jsxImportSource hono/jsx */
import type { BroadcastSummary } from '../../../broadcasts/query.js';
import type { DraftProblem } from '../../../broadcasts/drafts.js';
import { useHerTime } from '../her-time.js';

export const STATE_LABEL: Record<BroadcastSummary['status'], string> = {
  scheduled: 'Scheduled',
  sending: 'Sending',
  paused: 'Paused',
  sent: 'Sent',
  cancelled: 'Cancelled',
};

export function State({ status }: { status: BroadcastSummary['status'] }) {
  return <span class={`state state-${status}`} data-state={status}>{STATE_LABEL[status]}</span>;
}

/** Gone out or settled for good: sent, failed or cancelled; what the bar fills with. */
export const settled = (b: Pick<BroadcastSummary, 'counts'>) => b.counts.sent + b.counts.failed + b.counts.cancelled;

export function Progress({ broadcast, id }: { broadcast: BroadcastSummary; id?: string }) {
  const done = settled(broadcast);
  return (
    <progress id={id} max={Math.max(broadcast.recipients, 1)} value={done} aria-label={`Progress of “${broadcast.subject}”`}>
      {`${done} of ${broadcast.recipients}`}
    </progress>
  );
}

/** A moment in her timezone, plainly: "Mar 2, 2026, 06:00 CST". Only while a page renders (her-time.ts). */
export function formatMoment(iso: string | Date): string {
  return useHerTime().when(iso);
}

export const moms = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'mom' : 'moms'}`;

export function Alert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  const [first, ...rest] = message.split('\n');
  return (
    <div class="alert" role="alert">
      <p>{first}</p>
      {rest.length > 0 ? (
        <ul>
          {rest.map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Notice({ message }: { message: string | null | undefined }) {
  return message ? (
    <p class="notice" role="status">
      {message}
    </p>
  ) : null;
}

export function ProblemList({ problems }: { problems: DraftProblem[] }) {
  return (
    <div id="draft-problems" aria-live="polite">
      {problems.length > 0 ? (
        <div class="alert">
          <p>Not ready to send yet:</p>
          <ul class="problems">
            {problems.map((p) => (
              <li>{p.line ? `Body, line ${p.line}: ${p.message}` : p.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
