import { DateTime, IANAZone } from 'luxon';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { createBroadcast, type BroadcastPlan, type CreateBroadcastInput } from './create.js';
import { draftMarkdown, draftName, draftNewsletter, getDraft, problemsError, type Draft } from './drafts.js';
import type { BroadcastSummary } from './query.js';

/**
 * Who a draft goes to and when, as the dashboard's form gives it. `at` is a wall-clock time
 * (a datetime-local field, no offset) read in `timezone`, the zone she picked.
 */
export interface DraftSendChoice {
  audience: string;
  course?: string | null;
  when: 'now' | 'at' | 'local-hour';
  at?: string | null;
  timezone?: string | null;
  date?: string | null;
  /** Send again although the same draft went to the same audience in the last day. */
  force?: boolean;
}

/** The choice in createBroadcast's terms (an ISO moment with its offset, or a date). */
export function timingOf(choice: DraftSendChoice): { at: string | null; localHour: string | null } {
  if (choice.when === 'now') return { at: null, localHour: null };
  if (choice.when === 'at') {
    if (!choice.at) throw new AppError('validation_failed', 'Choose the date and time it should go out, or choose “Now”.');
    const zone = choice.timezone || 'UTC';
    if (!IANAZone.isValidZone(zone)) throw new AppError('validation_failed', `“${zone}” is not a time zone I know. Choose one from the list.`);
    const at = DateTime.fromISO(choice.at, { zone });
    if (!at.isValid) throw new AppError('validation_failed', `“${choice.at}” is not a date and time I can read. Use the date and time picker.`);
    return { at: at.toISO({ suppressMilliseconds: true })!, localHour: null };
  }
  if (choice.when === 'local-hour') {
    if (!choice.date) throw new AppError('validation_failed', 'Choose the date on which it should reach each mom in her morning.');
    return { at: null, localHour: choice.date };
  }
  throw new AppError('validation_failed', 'Choose when it goes out: now, at a time, or in each mom’s morning on a date.');
}

async function sendableDraft(ctx: Pick<AppContext, 'sql'>, id: number): Promise<Draft> {
  const draft = await getDraft(ctx, id);
  if (!draft) throw new AppError('not_found', `There is no draft ${id}.`);
  if (draft.broadcastId !== null) {
    throw new AppError('conflict', `This newsletter was already sent, as broadcast ${draft.broadcastId}. Start a new one to send something else.`);
  }
  const { newsletter, problems } = draftNewsletter(draft);
  if (!newsletter) throw problemsError(problems);
  return draft;
}

/** What createBroadcast is asked, for the review and the send alike: the draft's text and her choices. */
function broadcastInput(draft: Draft, choice: DraftSendChoice): CreateBroadcastInput {
  return {
    markdown: draftMarkdown(draft),
    name: draftName(draft.id),
    audience: choice.audience,
    course: choice.course || null,
    ...timingOf(choice),
    force: choice.force,
    public: draft.public,
  };
}

/**
 * The confirmation step: the real use case's dry run, so the count she confirms is the count
 * a send would reach now, by the same query. Nothing is written.
 */
export async function reviewDraftSend(ctx: AppContext, id: number, choice: DraftSendChoice): Promise<{ draft: Draft; plan: BroadcastPlan }> {
  const draft = await sendableDraft(ctx, id);
  const plan = (await createBroadcast(ctx, { ...broadcastInput(draft, choice), dryRun: true })) as BroadcastPlan;
  return { draft, plan };
}

/**
 * Sends the draft: the same createBroadcast the command line calls, with the draft's text as
 * the newsletter's, so the broadcast is the same rows in the same tables. A second click is
 * stopped by createBroadcast's own repeat check (same newsletter id, same audience, a day).
 */
export async function sendDraft(ctx: AppContext, id: number, choice: DraftSendChoice): Promise<BroadcastSummary> {
  const draft = await sendableDraft(ctx, id);
  const broadcast = (await createBroadcast(ctx, broadcastInput(draft, choice))) as BroadcastSummary;
  await ctx.sql`update broadcast_drafts set broadcast_id = ${broadcast.id}, updated_at = ${ctx.clock.now()} where id = ${id}`;
  return broadcast;
}
