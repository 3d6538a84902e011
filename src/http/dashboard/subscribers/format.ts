import type { SubscriberStatus } from '../../../subscribers/columns.js';

// The dashboard speaks UTC, as its figures do (reports/growth.ts): one clock for every person.
const whenFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
const dayFormat = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });

export const formatWhen = (date: Date) => `${whenFormat.format(date)} UTC`;
export const formatDay = (date: Date) => dayFormat.format(date);
export const formatCount = (n: number) => n.toLocaleString('en-US');

export const STATUS_LABEL: Record<SubscriberStatus, string> = {
  pending: 'waiting to confirm',
  active: 'on the list',
  unsubscribed: 'unsubscribed',
  bounced: 'bounced',
  complained: 'marked as spam',
};
