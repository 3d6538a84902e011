/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import { authorDetails, editableConfirmation, saveAuthorDetails, saveConfirmation, type ConfirmationKind } from '../../../authoring/details.js';
import { authorDraft, confirmationDraft } from '../../../authoring/draft.js';
import type { SpamChecks } from '../../../authoring/spam-check.js';
import type { AppContext } from '../../../context.js';
import { DEFAULT_REPLIES_NOTE } from '../../../courses/author.js';
import { AppError } from '../../../errors.js';
import type { HonoEnv } from '../../env.js';
import { mountEditor } from './editor.js';
import type { FieldDef } from './parts.js';
import { COURSE_BASE, lessonUrl } from './urls.js';

const DETAILS_FIELDS: FieldDef[] = [
  { name: 'name', label: 'Your name', kind: 'line', max: 120, hint: 'As it shows under every email and on the course page.' },
  { name: 'credentials', label: 'Your credentials', kind: 'line', max: 200, hint: 'The line under your name, like “Licensed therapist, perinatal mental health”.' },
  { name: 'signOff', label: 'Sign-off', kind: 'line', max: 120, hint: 'The words before your name, like “With warmth,”.' },
  { name: 'consultationUrl', label: 'Consultation link', kind: 'url', max: 500, hint: 'Where a mom can book time with you (optional). It starts with https://.' },
  { name: 'replyTo', label: 'Replies go to', kind: 'line', max: 254, hint: 'The address a mom’s reply to a lesson or newsletter reaches (optional), like hello@yourpractice.com. Confirmation emails ask for no reply.' },
  { name: 'repliesNote', label: 'A line about replies', kind: 'short-text', hint: `Shown near the crisis lines in every lesson and newsletter. Left empty, it says: “${DEFAULT_REPLIES_NOTE}”` },
];

const authorFields = (v: Record<string, string | undefined>) => ({
  name: v.name ?? '',
  credentials: v.credentials ?? '',
  signOff: v.signOff ?? '',
  consultationUrl: v.consultationUrl ?? '',
  replyTo: v.replyTo ?? '',
  repliesNote: v.repliesNote ?? '',
});

const CONFIRMATION_FIELDS: FieldDef[] = [
  { name: 'subject', label: 'Subject', kind: 'line', max: 200, hint: 'The line she sees in her inbox.' },
  { name: 'preview', label: 'Preview text', kind: 'line', max: 300, hint: 'The grey sentence an inbox shows after the subject.' },
  { name: 'title', label: 'Title', kind: 'line', max: 200, hint: 'The heading at the top of the email.' },
  { name: 'markdown', label: 'The email', kind: 'text', hint: 'Markdown. The button to confirm, your signature and the footer are added for you.' },
];

const KINDS: Record<ConfirmationKind, string> = {
  course: 'Confirming a course signup',
  newsletter: 'Confirming the newsletter',
};

const kindOf = (raw: string | undefined): ConfirmationKind => {
  if (raw === 'course' || raw === 'newsletter') return raw;
  throw new AppError('not_found', 'There are two confirmation emails: for a course signup and for the newsletter.');
};

/** /admin/course/details and /admin/course/confirmations/:kind: edited like a lesson. */
export function detailsEditors(app: Hono<HonoEnv>, ctx: AppContext, spam: SpamChecks): void {
  mountEditor(
    app,
    ctx,
    '/details',
    {
      fields: DETAILS_FIELDS,
      stale: 'Your details changed since you opened this page.',
      async load() {
        const details = await authorDetails(ctx);
        const main = ctx.catalog.main;
        return {
          values: { name: details.name, credentials: details.credentials, signOff: details.signOff, consultationUrl: details.consultationUrl, replyTo: details.replyTo, repliesNote: details.repliesNote },
          version: details.version,
          title: 'Your details',
          heading: 'Your details',
          back: { href: COURSE_BASE, label: 'Your course' },
          savedPreview: `${lessonUrl(main.slug, main.lessons[0]!.id)}/preview`,
          links: <p class="lede">They sign every email. The preview shows them under the first lesson.</p>,
        };
      },
      draft: (_c, v) => authorDraft(ctx, authorFields(v)),
      save: (_c, v, version) => saveAuthorDetails(ctx, { ...authorFields(v), version, source: 'dashboard' }),
    },
    spam,
  );

  app.get('/confirmations', (c) => c.redirect(`${COURSE_BASE}/confirmations/course`, 303));

  mountEditor(
    app,
    ctx,
    '/confirmations/:kind',
    {
      fields: CONFIRMATION_FIELDS,
      stale: 'This email changed since you opened it.',
      async load(c) {
        const kind = kindOf(c.req.param('kind'));
        const email = await editableConfirmation(ctx, kind);
        const other: ConfirmationKind = kind === 'course' ? 'newsletter' : 'course';
        return {
          values: { subject: email.subject, preview: email.preview, title: email.title, markdown: email.markdown },
          version: email.version,
          title: KINDS[kind],
          heading: KINDS[kind],
          back: { href: COURSE_BASE, label: 'Your course' },
          // No framed route of its own (the CSP frames only lesson previews): drawn into srcdoc.
          savedPreview: null,
          links: (
            <ul class="more-links">
              <li>
                <a href={`${COURSE_BASE}/confirmations/${other}`}>{`The other one: ${KINDS[other].toLowerCase()}`}</a>
              </li>
            </ul>
          ),
        };
      },
      draft: (c, v) => confirmationDraft(ctx, kindOf(c.req.param('kind')), { subject: v.subject ?? '', preview: v.preview ?? '', title: v.title ?? '', markdown: v.markdown ?? '' }),
      save: (c, v, version) => saveConfirmation(ctx, { kind: kindOf(c.req.param('kind')), subject: v.subject ?? '', preview: v.preview ?? '', title: v.title ?? '', markdown: v.markdown ?? '', version, source: 'dashboard' }),
    },
    spam,
  );
}
