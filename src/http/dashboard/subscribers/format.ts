import type { SubscriberStatus } from '../../../subscribers/columns.js';
import { useHerTime } from '../her-time.js';

// In her timezone, as every time on the dashboard: call these while a page renders (her-time.ts).
export const formatWhen = (date: Date) => useHerTime().when(date);
export const formatDay = (date: Date) => useHerTime().day(date);
export const formatCount = (n: number) => n.toLocaleString('en-US');

export const STATUS_LABEL: Record<SubscriberStatus, string> = {
  pending: 'waiting to confirm',
  active: 'on the list',
  unsubscribed: 'unsubscribed',
  bounced: 'bounced',
  complained: 'marked as spam',
};
