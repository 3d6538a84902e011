import type { SubscriberStatus, SuppressedStatus } from '../columns.js';
import { isSuppressed } from '../columns.js';
import type { ImportRow } from './row.js';
import type { SuppressionListReason } from '../suppression.js';

/** What the database holds for an address in her file, read just before the decision. */
export interface ExistingSubscriber {
  id: number;
  status: SubscriberStatus;
  firstName: string | null;
  timezone: string;
  newsletter: boolean;
  consentedAt: Date | null;
  consentSource: string | null;
  confirmedAt: Date | null;
  confirmationSentAt: Date | null;
  /** Her enrollment in the import's course, if she has one. */
  enrollmentStatus: string | null;
}

export type SkipReason = SuppressedStatus | 'duplicate_in_file' | 'newsletter_declined' | 'changed_meanwhile';

/** The subscriber row as the import leaves it. */
export interface PlannedSubscriber {
  email: string;
  firstName: string | null;
  timezone: string;
  status: 'pending' | 'active';
  newsletter: boolean;
  consentedAt: Date | null;
  consentSource: string | null;
}

/** Why someone is asked to confirm: the dry run says so, per person. */
export type AskedBecause = 'no_consent' | 'unconfirmed' | 'erased';

export type Plan =
  | { outcome: 'unchanged' }
  | {
      outcome: 'skipped';
      reason: SkipReason;
      message: string;
      /** A new address the file says left: it goes on the suppression list, as a keyed hash. */
      suppress?: SuppressedStatus;
    }
  | {
      outcome: 'created' | 'updated';
      subscriber: PlannedSubscriber;
      /** The existing row's status and last confirmation, which the write checks are still so. */
      expected: { status: SubscriberStatus; confirmationSentAt: Date | null } | null;
      enrollment: 'active' | 'pending' | null;
      confirmation: boolean;
      askedBecause: AskedBecause | null;
    };

export interface PlanOptions {
  /** The course the import enrolls into, if any. */
  enroll: string | null;
  /**
   * Why the address is on the suppression list, if it is: her row is gone (she erased herself
   * since), or never was (another tool's export said she left), or she signed up again since and
   * has yet to confirm.
   */
  suppressed?: SuppressionListReason | null;
}

/**
 * The rules of an import, for one row: nobody without recorded consent goes straight onto the
 * list; nobody who left is put back; the file fills in and corrects what we know, but never
 * takes a consent away; and nothing is sent twice.
 */
export function planRow(row: ImportRow, existing: ExistingSubscriber | null, options: PlanOptions): Plan {
  const left = existing && isSuppressed(existing.status) ? existing.status : row.leftAs;
  if (left) {
    if (existing && existing.status === row.leftAs) return { outcome: 'unchanged' };
    // Never on this list, and the file says she left: her hash goes on the suppression list, so
    // no later import mails her either.
    const suppress = !existing && !options.suppressed ? left : undefined;
    return { outcome: 'skipped', reason: left, message: `line ${row.line}: ${LEFT[left]} Not added back.`, ...(suppress ? { suppress } : {}) };
  }
  if (existing) return planExisting(row, existing, options);
  if (options.suppressed && options.suppressed !== 'erased') {
    const as = SUPPRESSED_AS[options.suppressed];
    return { outcome: 'skipped', reason: as, message: `line ${row.line}: ${LEFT[as]} Not added back.` };
  }
  // She deleted herself: a consent in an old file predates that, so she is asked again.
  if (options.suppressed === 'erased') return planNew({ ...row, consentedAt: null, consentSource: null }, options, 'erased');
  return planNew(row, options, row.unconfirmed ? 'unconfirmed' : 'no_consent');
}

const SUPPRESSED_AS: Record<Exclude<SuppressionListReason, 'erased'>, SuppressedStatus> = {
  hard_bounce: 'bounced',
  soft_bounces: 'bounced',
  provider_suppressed: 'bounced',
  complaint: 'complained',
  imported_unsubscribed: 'unsubscribed',
  imported_bounced: 'bounced',
  imported_complained: 'complained',
};

const LEFT: Record<SuppressedStatus, string> = {
  unsubscribed: 'this address unsubscribed.',
  bounced: 'emails to this address bounced.',
  complained: 'this address marked an email as spam.',
};

function planNew(row: ImportRow, options: PlanOptions, askedBecause: AskedBecause): Plan {
  const consented = row.consentedAt !== null;
  // Without consent and without a course, what she is asked to confirm is the letters.
  const asksForLetters = !consented && !options.enroll;
  if (asksForLetters && row.newsletter === false) {
    return {
      outcome: 'skipped',
      reason: 'newsletter_declined',
      message: `line ${row.line}: no consented_at and newsletter is "no", so there is nothing to invite her to. Import the file into a course to invite her to that course instead.`,
    };
  }
  return {
    outcome: 'created',
    subscriber: {
      email: row.email,
      firstName: row.firstName,
      timezone: row.timezone ?? 'UTC',
      status: consented ? 'active' : 'pending',
      newsletter: asksForLetters ? true : (row.newsletter ?? false),
      consentedAt: row.consentedAt,
      consentSource: row.consentSource,
    },
    expected: null,
    enrollment: options.enroll ? (consented ? 'active' : 'pending') : null,
    confirmation: !consented,
    askedBecause: consented ? null : askedBecause,
  };
}

function planExisting(row: ImportRow, existing: ExistingSubscriber, options: PlanOptions): Plan {
  // Her first consent is the record: a confirmed address or an earlier import keeps its own.
  const hasConsent = existing.consentedAt !== null || existing.confirmedAt !== null || existing.status === 'active';
  // On the suppression list still (she signed up again after leaving): only her own confirmation counts.
  const takesConsent = !hasConsent && row.consentedAt !== null && !options.suppressed;
  const status = existing.status === 'active' || takesConsent ? 'active' : 'pending';

  let enrollment: 'active' | 'pending' | null = null;
  if (options.enroll) {
    if (existing.enrollmentStatus === null) enrollment = status === 'active' ? 'active' : 'pending';
    // She asked for this course and waits for her link; the file says she agreed: it starts.
    else if (existing.enrollmentStatus === 'pending' && status === 'active') enrollment = 'active';
  }
  // A pending address hears from us once per import that gives her something new to confirm,
  // and only if nothing has been sent to her yet or the import adds a course she was not asked about.
  const asksForLetters = status === 'pending' && !options.enroll && existing.confirmationSentAt === null && row.newsletter !== false;
  const confirmation = status === 'pending' && (enrollment === 'pending' || asksForLetters);

  const subscriber: PlannedSubscriber = {
    email: row.email,
    firstName: row.firstName ?? existing.firstName,
    timezone: row.timezone ?? existing.timezone,
    status,
    newsletter: asksForLetters ? true : (row.newsletter ?? existing.newsletter),
    consentedAt: takesConsent ? row.consentedAt : existing.consentedAt,
    consentSource: takesConsent ? row.consentSource : existing.consentSource,
  };
  const changed =
    subscriber.firstName !== existing.firstName ||
    subscriber.timezone !== existing.timezone ||
    subscriber.status !== existing.status ||
    subscriber.newsletter !== existing.newsletter ||
    takesConsent ||
    enrollment !== null ||
    confirmation;
  if (!changed) return { outcome: 'unchanged' };
  return {
    outcome: 'updated',
    subscriber,
    expected: { status: existing.status, confirmationSentAt: existing.confirmationSentAt },
    enrollment,
    confirmation,
    askedBecause: confirmation ? (options.suppressed === 'erased' ? 'erased' : row.unconfirmed ? 'unconfirmed' : 'no_consent') : null,
  };
}
