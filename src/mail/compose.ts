import type { LoadedCourse } from '../../emails/load-course.js';
import type { Config } from '../config.js';
import { CONFIRMATION_TTL_MS } from '../domain/confirm.js';
import { signToken } from '../domain/tokens.js';
import type { OutgoingEmail } from './mailer.js';
import { attachEncodedJson } from './wire.js';
import { renderAllPersonalised, type PersonalisedTemplate, type PersonalValues, type RenderWarnings } from './render-cache.js';
import { CONFIRMATION_TEMPLATE, lessonTemplateKey, resolveTemplate, type ResolvedTemplate } from './templates.js';

export interface Recipient {
  deliveryId: number;
  subscriberId: number;
  email: string;
  firstName: string | null;
  /** When the delivery was created; confirmation links expire relative to it. */
  createdAt: Date;
}

export type ComposeConfig = Pick<Config, 'appUrl' | 'secret' | 'emailFrom' | 'postalAddress' | 'consultationUrl'>;

export function unsubscribeUrl(config: Pick<Config, 'appUrl' | 'secret'>, subscriberId: number): string {
  return `${config.appUrl}/unsubscribe?token=${signToken(config.secret, 'unsubscribe', subscriberId)}`;
}

export function confirmUrl(config: Pick<Config, 'appUrl' | 'secret'>, subscriberId: number, issuedAt: Date): string {
  const expiresAt = new Date(issuedAt.getTime() + CONFIRMATION_TTL_MS);
  return `${config.appUrl}/confirm?token=${signToken(config.secret, 'confirm', subscriberId, expiresAt)}`;
}

/**
 * Builds the emails of one batch. Everything here is a pure function of the delivery rows
 * (links are signed from ids and creation times, never from "now"), so a retry produces the
 * byte-identical request that the provider's idempotency key expects.
 *
 * Bodies come from a per-process compiled copy of the template (see render-cache.ts), byte for
 * byte what a direct render would give; a warm template costs no React render at all.
 * `warnings` hears, once per template, when a template cannot be compiled and is rendered per
 * recipient instead; without it the warning goes to the process's stderr.
 */
export async function composeEmails(
  config: ComposeConfig,
  course: LoadedCourse,
  templateKey: string,
  recipients: Recipient[],
  warnings?: RenderWarnings,
): Promise<OutgoingEmail[]> {
  const template = resolveTemplate(course, templateKey);
  if (!template) throw new Error(`unknown template ${templateKey}`);
  return template.kind === 'confirmation'
    ? composeWith(config, confirmationTemplate(config, course, templateKey, template), recipients, warnings, (r) => ({
        firstName: r.firstName,
        unsubscribeUrl: unsubscribeUrl(config, r.subscriberId),
        confirmUrl: confirmUrl(config, r.subscriberId, r.createdAt),
      }))
    : composeWith(config, lessonTemplate(config, course, templateKey, template), recipients, warnings, (r) => ({
        firstName: r.firstName,
        unsubscribeUrl: unsubscribeUrl(config, r.subscriberId),
      }));
}

async function composeWith<UrlField extends string>(
  config: ComposeConfig,
  template: PersonalisedTemplate<UrlField> & { subject: string },
  recipients: Recipient[],
  warnings: RenderWarnings | undefined,
  personalValues: (recipient: Recipient) => PersonalValues<UrlField> & { unsubscribeUrl: string },
): Promise<OutgoingEmail[]> {
  const values = recipients.map(personalValues);
  const bodies = await renderAllPersonalised(template, values, warnings);
  return recipients.map((r, i) => {
    const { html, text, json } = bodies[i]!;
    const email: OutgoingEmail = {
      from: config.emailFrom,
      to: r.email,
      subject: template.subject,
      html,
      text,
      headers: listUnsubscribeHeaders(values[i]!.unsubscribeUrl),
    };
    if (json) attachEncodedJson(email, json.html, json.text);
    return email;
  });
}

type Resolved<Kind> = Extract<ResolvedTemplate, { kind: Kind }>;

function confirmationTemplate(
  config: ComposeConfig,
  course: LoadedCourse,
  templateKey: string,
  template: Resolved<'confirmation'>,
): PersonalisedTemplate<'unsubscribeUrl' | 'confirmUrl'> & { subject: string } {
  const fixedProps = { postalAddress: config.postalAddress };
  return {
    scope: course,
    name: templateKey,
    subject: template.subject,
    fixedProps,
    urlFields: ['unsubscribeUrl', 'confirmUrl'],
    element: (values) => template.element({ ...fixedProps, ...values }),
  };
}

function lessonTemplate(
  config: ComposeConfig,
  course: LoadedCourse,
  templateKey: string,
  template: Resolved<'lesson'>,
): PersonalisedTemplate<'unsubscribeUrl'> & { subject: string } {
  const fixedProps = {
    postalAddress: config.postalAddress,
    consultationUrl: config.consultationUrl,
    dayNumber: template.dayNumber,
    totalDays: template.totalDays,
  };
  return {
    scope: course,
    name: templateKey,
    subject: template.subject,
    fixedProps,
    urlFields: ['unsubscribeUrl'],
    element: (values) => template.element({ ...fixedProps, ...values }),
  };
}

/** RFC 8058 one-click unsubscribe: mailbox providers POST `List-Unsubscribe=One-Click` to the URL. */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/**
 * Compiles every template the course can send, for each kind of greeting, before the first
 * job arrives. Otherwise the first batch of each lesson pays for the compile (tens of ms), and
 * under a provider rate limit that delay bunches its request up with the next ones.
 */
export async function warmTemplates(config: ComposeConfig, course: LoadedCourse, warnings?: RenderWarnings): Promise<void> {
  const keys = [CONFIRMATION_TEMPLATE, ...course.lessons.map((_, i) => lessonTemplateKey(course, i))];
  const recipients: Recipient[] = ['Warm', null, ''].map((firstName, i) => ({
    deliveryId: i + 1,
    subscriberId: i + 1,
    email: 'warm-up@example.com',
    firstName,
    createdAt: new Date(0),
  }));
  for (const key of keys) await composeEmails(config, course, key, recipients, warnings);
}
