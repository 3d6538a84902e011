import { render } from '@react-email/render';
import type { LoadedCourse } from '../../emails/load-course.js';
import type { Config } from '../config.js';
import { CONFIRMATION_TTL_MS } from '../domain/confirm.js';
import { signToken } from '../domain/tokens.js';
import type { OutgoingEmail } from './mailer.js';
import { resolveTemplate } from './templates.js';

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
 */
export async function composeEmails(
  config: ComposeConfig,
  course: LoadedCourse,
  templateKey: string,
  recipients: Recipient[],
): Promise<OutgoingEmail[]> {
  const template = resolveTemplate(course, templateKey);
  if (!template) throw new Error(`unknown template ${templateKey}`);
  return Promise.all(
    recipients.map(async (r) => {
      const unsubscribe = unsubscribeUrl(config, r.subscriberId);
      const footer = { unsubscribeUrl: unsubscribe, postalAddress: config.postalAddress };
      const element =
        template.kind === 'confirmation'
          ? template.element({ ...footer, firstName: r.firstName, confirmUrl: confirmUrl(config, r.subscriberId, r.createdAt) })
          : template.element({
              ...footer,
              firstName: r.firstName,
              dayNumber: template.dayNumber,
              totalDays: template.totalDays,
              consultationUrl: config.consultationUrl,
            });
      const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
      return {
        from: config.emailFrom,
        to: r.email,
        subject: template.subject,
        html,
        text,
        headers: listUnsubscribeHeaders(unsubscribe),
      };
    }),
  );
}

/** RFC 8058 one-click unsubscribe: mailbox providers POST `List-Unsubscribe=One-Click` to the URL. */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
