import { z } from 'zod';
import type { DraftSendChoice } from '../../../broadcasts/draft-send.js';
import { AppError } from '../../../errors.js';

/**
 * What the compose and review forms post, read with zod. A field a browser leaves out is the
 * empty string; anything that is not a string (a repeated field) is refused as a bad form.
 * Lengths are the use cases' to judge (saveDraft, createBroadcast), in their own words.
 */
const text = z.string().optional().default('');

export const draftTextForm = z.object({
  subject: text,
  preview: text,
  body: text,
  /** The archive checkbox: `on` when ticked; an unticked box posts nothing. */
  public: text,
});

export const sendChoiceForm = z.object({
  audience: text,
  course: text,
  when: text,
  at: text,
  timezone: text,
  date: text,
  force: text,
});

export const composeForm = draftTextForm.extend(sendChoiceForm.shape).extend({
  action: z.enum(['save', 'preview', 'test', 'review']).optional().default('save'),
  testEmail: text,
});

export const autosaveBody = z.object({ subject: z.string().max(1_000), preview: z.string().max(1_000), body: z.string().max(200_000) });

export function parseForm<S extends z.ZodType>(schema: S, form: unknown): z.output<S> {
  const parsed = schema.safeParse(form);
  if (!parsed.success) throw new AppError('invalid_request', 'The form came back in a shape this page does not know. Reload the page and try again.');
  return parsed.data;
}

export function choiceOf(form: z.output<typeof sendChoiceForm>): DraftSendChoice {
  return {
    audience: form.audience || 'all',
    course: form.course || null,
    when: form.when === 'at' || form.when === 'local-hour' ? form.when : 'now',
    at: form.at || null,
    timezone: form.timezone || null,
    date: form.date || null,
    force: form.force === 'yes',
  };
}

export const DEFAULT_CHOICE: DraftSendChoice = { audience: 'all', when: 'now' };

/** A use case's refusal, shown on the page it came from; anything else is the app's error page. */
export const shownOnPage = (error: unknown): error is AppError => error instanceof AppError && (error.code === 'validation_failed' || error.code === 'conflict');
