import type { Config } from '../config.js';
import { senderProps } from '../courses/author.js';
import type { Catalog } from '../courses/catalog.js';
import { CONFIRMATION_TTL_MS, signToken } from '../tokens.js';
import type { OutgoingEmail } from '../mail/mailer.js';
import { attachEncodedJson } from '../mail/wire.js';
import { renderAllPersonalised, type PersonalisedTemplate, type PersonalValues, type RenderWarnings } from '../mail/render-cache.js';
import { confirmationTemplateKey, lessonTemplateKey, NEWSLETTER_CONFIRMATION_TEMPLATE } from '../courses/template-keys.js';
import { resolveTemplate, type ResolvedTemplate } from './templates.js';

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

/** Her preference page: pause, send hour, timezone, newsletter, leave, download, delete. */
export function preferencesUrl(config: Pick<Config, 'appUrl' | 'secret'>, subscriberId: number): string {
  return `${config.appUrl}/preferences?token=${signToken(config.secret, 'preferences', subscriberId)}`;
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
  catalog: Catalog,
  templateKey: string,
  recipients: Recipient[],
  warnings?: RenderWarnings,
): Promise<OutgoingEmail[]> {
  const template = resolveTemplate(catalog, templateKey);
  if (!template) throw new Error(`unknown template ${templateKey}`);
  return composeResolved(config, catalog, templateKey, template, recipients, { warnings });
}

export interface ComposeOptions {
  warnings?: RenderWarnings;
  /** `[Test]` for a test send, so nobody mistakes it for the real thing. */
  subjectPrefix?: string;
  /** Where the render cache keeps the compiled copy, instead of the template's own (a test send's throwaway). */
  scope?: object;
}

/** The same, for a template already in hand (a newsletter file, a test send). */
export async function composeResolved(
  config: ComposeConfig,
  catalog: Catalog,
  name: string,
  template: ResolvedTemplate,
  recipients: Recipient[],
  options: ComposeOptions = {},
): Promise<OutgoingEmail[]> {
  const base = { postalAddress: config.postalAddress, ...senderProps(catalog.author, config.consultationUrl) };
  const subject = options.subjectPrefix ? `${options.subjectPrefix} ${template.subject}` : template.subject;
  // Lessons and newsletters invite a reply (to her reply_to, when set) and say when she reads
  // them; confirmations ask for none, so they carry neither.
  const replies = { repliesNote: catalog.author.repliesNote };
  const replyTo = catalog.author.replyTo ?? undefined;
  const unsubscribe = (r: Recipient) => unsubscribeUrl(config, r.subscriberId);
  // Confirmations carry no preference link: before she says yes there is nothing to manage.
  const subscriberLinks = (r: Recipient) => ({
    firstName: r.firstName,
    unsubscribeUrl: unsubscribe(r),
    preferencesUrl: preferencesUrl(config, r.subscriberId),
  });
  switch (template.kind) {
    case 'confirmation': {
      const fixedProps = { ...base, courseTitle: template.course.title, totalDays: template.course.lessons.length };
      const personal: PersonalisedTemplate<'unsubscribeUrl' | 'confirmUrl'> = {
        scope: options.scope ?? template.scope ?? catalog,
        name,
        fixedProps,
        urlFields: ['unsubscribeUrl', 'confirmUrl'],
        element: (values) => template.element({ ...fixedProps, ...values }),
      };
      return composeWith(config, personal, subject, recipients, options.warnings, undefined, (r) => ({
        firstName: r.firstName,
        unsubscribeUrl: unsubscribe(r),
        confirmUrl: confirmUrl(config, r.subscriberId, r.createdAt),
      }));
    }
    case 'newsletter-confirmation': {
      const personal: PersonalisedTemplate<'unsubscribeUrl' | 'confirmUrl'> = {
        scope: options.scope ?? template.scope ?? catalog,
        name,
        fixedProps: base,
        urlFields: ['unsubscribeUrl', 'confirmUrl'],
        element: (values) => template.element({ ...base, ...values }),
      };
      return composeWith(config, personal, subject, recipients, options.warnings, undefined, (r) => ({
        firstName: r.firstName,
        unsubscribeUrl: unsubscribe(r),
        confirmUrl: confirmUrl(config, r.subscriberId, r.createdAt),
      }));
    }
    case 'lesson': {
      const fixedProps = { ...base, ...replies, courseTitle: template.course.title, dayNumber: template.dayNumber, totalDays: template.totalDays };
      const personal: PersonalisedTemplate<'unsubscribeUrl' | 'preferencesUrl'> = {
        scope: options.scope ?? template.scope ?? catalog,
        name,
        fixedProps,
        urlFields: ['unsubscribeUrl', 'preferencesUrl'],
        element: (values) => template.element({ ...fixedProps, ...values }),
      };
      return composeWith(config, personal, subject, recipients, options.warnings, replyTo, subscriberLinks);
    }
    case 'newsletter': {
      // A public letter's web copy: the same link for everyone, so it is compiled in, not personal.
      const fixedProps = { ...base, ...replies, ...(template.webCopySlug ? { webCopyUrl: `${config.appUrl}/letters/${encodeURIComponent(template.webCopySlug)}` } : {}) };
      const personal: PersonalisedTemplate<'unsubscribeUrl' | 'preferencesUrl'> = {
        scope: options.scope ?? template.scope ?? catalog,
        name,
        fixedProps,
        urlFields: ['unsubscribeUrl', 'preferencesUrl'],
        element: (values) => template.element({ ...fixedProps, ...values }),
      };
      return composeWith(config, personal, subject, recipients, options.warnings, replyTo, subscriberLinks);
    }
  }
}

async function composeWith<UrlField extends string>(
  config: ComposeConfig,
  template: PersonalisedTemplate<UrlField>,
  subject: string,
  recipients: Recipient[],
  warnings: RenderWarnings | undefined,
  replyTo: string | undefined,
  personalValues: (recipient: Recipient) => PersonalValues<UrlField> & { unsubscribeUrl: string },
): Promise<OutgoingEmail[]> {
  const values = recipients.map(personalValues);
  const bodies = await renderAllPersonalised(template, values, warnings);
  return recipients.map((r, i) => {
    const { html, text, json } = bodies[i]!;
    const email: OutgoingEmail = {
      from: config.emailFrom,
      to: r.email,
      subject,
      html,
      text,
      headers: listUnsubscribeHeaders(values[i]!.unsubscribeUrl),
    };
    if (replyTo !== undefined) email.replyTo = replyTo;
    if (json) attachEncodedJson(email, json.html, json.text);
    return email;
  });
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
export async function warmTemplates(config: ComposeConfig, catalog: Catalog, warnings?: RenderWarnings): Promise<void> {
  const keys = [
    NEWSLETTER_CONFIRMATION_TEMPLATE,
    ...catalog.courses.flatMap((course) => [
      confirmationTemplateKey(course.slug),
      ...course.lessons.map((lesson) => lessonTemplateKey(course.slug, lesson.id)),
    ]),
  ];
  const recipients: Recipient[] = ['Warm', null, ''].map((firstName, i) => ({
    deliveryId: i + 1,
    subscriberId: i + 1,
    email: 'warm-up@example.com',
    firstName,
    createdAt: new Date(0),
  }));
  for (const key of keys) await composeEmails(config, catalog, key, recipients, warnings);
}
