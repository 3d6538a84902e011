/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { BroadcastPlan } from '../../../broadcasts/create.js';
import type { DraftSendChoice } from '../../../broadcasts/draft-send.js';
import type { Draft } from '../../../broadcasts/drafts.js';
import { AdminPage } from '../layout.js';
import { formatMoment, moms } from './parts.js';
import { broadcastStyles } from './styles.js';

/**
 * The confirmation step: what goes, to whom, when, and the recipient count from the real
 * use case's dry run. The button carries the count, so she confirms a number, not a guess.
 */
export function ReviewPage({ draft, plan, choice, sendHour }: { draft: Draft; plan: BroadcastPlan; choice: DraftSendChoice; sendHour: number }) {
  const base = `/admin/broadcasts/drafts/${draft.id}`;
  const later = choice.when !== 'now';
  const when =
    choice.when === 'now'
      ? 'Now'
      : choice.when === 'at'
        ? `${choice.at!.replace('T', ' at ')} (${choice.timezone || 'UTC'}), that is ${formatMoment(plan.firstDueAt ?? '')}`
        : `${String(sendHour).padStart(2, '0')}:00 in each mom’s own time zone on ${choice.date}` +
          (plan.firstDueAt && plan.lastDueAt ? ` (from ${formatMoment(plan.firstDueAt)} to ${formatMoment(plan.lastDueAt)})` : '');
  return (
    <AdminPage title="Review before sending" section="broadcasts">
      <style>{raw(broadcastStyles)}</style>
      <a class="back" href={base}>
        ← Back to writing
      </a>
      <h1>Review before sending</h1>
      <div class="panel tight review">
        <dl>
          <dt>Subject</dt>
          <dd>{plan.subject}</dd>
          <dt>Preview text</dt>
          <dd>{draft.preview}</dd>
          <dt>To</dt>
          <dd>{plan.audienceDescription.charAt(0).toUpperCase() + plan.audienceDescription.slice(1)}</dd>
          <dt>When</dt>
          <dd>{when}</dd>
          <dt>Recipients</dt>
          <dd>
            <strong class="big-count" id="final-count">
              {plan.recipients.toLocaleString('en-US')}
            </strong>
          </dd>
        </dl>
        {plan.recipients === 0 ? (
          <p class="alert" role="alert">
            No one is in this audience yet, so there is nothing to send. Go back and choose another audience.
          </p>
        ) : (
          <form method="post" action={`${base}/send`}>
            <input type="hidden" name="audience" value={choice.audience} />
            <input type="hidden" name="course" value={choice.course ?? ''} />
            <input type="hidden" name="when" value={choice.when} />
            <input type="hidden" name="at" value={choice.at ?? ''} />
            <input type="hidden" name="timezone" value={choice.timezone ?? ''} />
            <input type="hidden" name="date" value={choice.date ?? ''} />
            {plan.repeatOf !== null ? (
              <>
                <div class="alert" role="alert">
                  <p>This newsletter already went to this audience in the last day (broadcast {plan.repeatOf}). Sending it again would reach them twice.</p>
                </div>
                <input type="hidden" name="force" value="yes" />
                <button class="button" type="submit">
                  {later ? `Schedule it again anyway for ${moms(plan.recipients)}` : `Send it again anyway to ${moms(plan.recipients)}`}
                </button>
              </>
            ) : (
              <button class="button" type="submit">
                {later ? `Schedule for ${moms(plan.recipients)}` : `Send to ${moms(plan.recipients)}`}
              </button>
            )}
          </form>
        )}
      </div>
    </AdminPage>
  );
}
