/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { SubscriberTimeline } from '../../../subscribers/timeline.js';
import { ProviderReportsOff } from '../funnel.js';
import { useHerTime } from '../her-time.js';
import { AdminPage } from '../layout.js';
import { formatDay, formatWhen, STATUS_LABEL } from './format.js';
import { subscriberStyles } from './styles.js';
import { Timeline } from './timeline-view.js';

const ENROLLMENT_STATUS: Record<string, string> = {
  pending: 'starts when she confirms',
  active: 'receiving lessons',
  paused: 'paused by her',
  completed: 'finished',
  cancelled: 'stopped (she unsubscribed)',
  left: 'she left it',
};

export const personName = (t: SubscriberTimeline) => t.profile.firstName ?? t.profile.email;

/** /admin/subscribers/:id: who she is, her courses, and everything that happened, in order. */
export function PersonPage({ timeline, sendHour, providerReports }: { timeline: SubscriberTimeline; sendHour: number; providerReports: boolean }) {
  const { profile: p, enrollments, entries } = timeline;
  return (
    <AdminPage title={personName(timeline)} section="subscribers" wide>
      <style>{raw(subscriberStyles)}</style>
      <p>
        <a href="/admin/subscribers">← All subscribers</a>
      </p>
      <h1>{personName(timeline)}</h1>
      <dl class="profile">
        <dt>Address</dt>
        <dd>{p.email}</dd>
        <dt>First name</dt>
        <dd>{p.firstName ?? <span class="muted">none given</span>}</dd>
        <dt>Status</dt>
        <dd>
          <span class="status">{STATUS_LABEL[p.status]}</span>
        </dd>
        <dt>Joined</dt>
        <dd>{formatDay(p.createdAt)}</dd>
        <dt>Timezone</dt>
        <dd>{p.timezone}</dd>
        <dt>Lesson hour</dt>
        <dd>{`${String(p.sendHour ?? sendHour).padStart(2, '0')}:00 her time${p.sendHour === null ? ' (the usual hour)' : ''}`}</dd>
        <dt>Newsletter</dt>
        <dd>{p.lettersOff ? 'off (she turned the letters off)' : p.newsletter ? 'yes' : 'no'}</dd>
      </dl>

      <h2>Courses</h2>
      {enrollments.length === 0 ? (
        <p class="muted">Not in any course.</p>
      ) : (
        <ul>
          {enrollments.map((e) => (
            <li>
              “{e.title ?? e.course}”: {ENROLLMENT_STATUS[e.status] ?? e.status}, {e.lessonsSent} {e.lessonsSent === 1 ? 'lesson' : 'lessons'} sent
              {e.nextDueAt && e.status === 'active' ? `, the next due ${formatWhen(e.nextDueAt)}` : ''}
            </li>
          ))}
        </ul>
      )}

      <div class="section-actions">
        <a class="button button-quiet" href={`/admin/subscribers/${p.id}/data.json`} download>
          Download her data (JSON)
        </a>
        <a class="button danger" href={`/admin/subscribers/${p.id}/erase`}>
          Erase her…
        </a>
      </div>

      <h2>Timeline</h2>
      <p class="muted small">Oldest first. Times are in your timezone, {useHerTime().zone}.</p>
      {providerReports ? null : <ProviderReportsOff />}
      <Timeline entries={entries} />
    </AdminPage>
  );
}

/** A person who is not (or no longer) on the list. */
export function NoSuchPersonPage({ message }: { message: string }) {
  return (
    <AdminPage title="Not found" section="subscribers">
      <h1>No one here</h1>
      <p class="alert" role="alert">
        {message}
      </p>
      <p>
        <a href="/admin/subscribers">Back to all subscribers</a>
      </p>
    </AdminPage>
  );
}

/** GET /:id/erase: what erasing her deletes and what remains, and the one button that does it. */
export function ErasePage({ timeline }: { timeline: SubscriberTimeline }) {
  const { profile: p } = timeline;
  const emails = timeline.entries.filter((e) => e.type === 'delivery').length;
  return (
    <AdminPage title={`Erase ${personName(timeline)}?`} section="subscribers">
      <style>{raw(subscriberStyles)}</style>
      <h1>Erase {personName(timeline)}?</h1>
      <p>This deletes everything kept about {p.email}, at once and for good:</p>
      <ul>
        <li>her address, first name, timezone and lesson hour;</li>
        <li>
          her courses, her preference changes, and the {emails} {emails === 1 ? 'email' : 'emails'} made for her, with what the provider said about them;
        </li>
        <li>any email still waiting to be sent to her (one already with the provider cannot be called back).</li>
      </ul>
      <p>
        What remains is a count of erasures for the day and a keyed hash of her address, so no import can put her back on the list without her own
        confirmation. This cannot be undone. If she may want a copy, <a href={`/admin/subscribers/${p.id}/data.json`}>download her data</a> first.
      </p>
      <form method="post" action={`/admin/subscribers/${p.id}/erase`} class="actions">
        <button type="submit" class="button danger">
          Erase her now
        </button>
        <a class="button button-quiet" href={`/admin/subscribers/${p.id}`}>
          Keep her, go back
        </a>
      </form>
    </AdminPage>
  );
}
