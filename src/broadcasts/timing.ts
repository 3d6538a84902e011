import { DateTime } from 'luxon';
import { AppError } from '../errors.js';

/**
 * When a newsletter goes out: at once, at one instant, or at her SEND_HOUR on a date in each
 * subscriber's own timezone.
 */
export type Timing = { kind: 'now' } | { kind: 'at'; at: Date } | { kind: 'local-hour'; date: string };

/** A moment a few seconds old is still "now"; anything older is a mistake worth stopping. */
const GRACE_MS = 60_000;

export function parseTiming(input: { at?: string | null; localHour?: string | null }, now: Date): Timing {
  if (input.at && input.localHour) {
    throw new AppError('validation_failed', 'Give either one moment for everyone or a morning in each one’s own time zone, not both.', { reason: 'timing_both' });
  }
  if (input.at) {
    const at = DateTime.fromISO(input.at, { setZone: true });
    if (!at.isValid) {
      throw new AppError('validation_failed', `"${input.at}" is not a time I can read. Write it like 2026-12-05T08:00-05:00 (date, time, and your time zone's offset).`, { reason: 'time_unreadable' });
    }
    if (!/(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(input.at.trim())) {
      throw new AppError('validation_failed', `"${input.at}" has no time zone, so it could mean different moments. Add the offset, like ${input.at.trim()}-05:00, or Z for UTC.`, { reason: 'time_without_zone' });
    }
    if (at.toMillis() < now.getTime() - GRACE_MS) {
      throw new AppError('validation_failed', `${input.at} is in the past. Choose a time from now on, or send it now.`, { reason: 'time_past', details: { at: input.at } });
    }
    return { kind: 'at', at: at.toJSDate() };
  }
  if (input.localHour) {
    const date = DateTime.fromFormat(input.localHour, 'yyyy-MM-dd', { zone: 'UTC' });
    if (!date.isValid) throw new AppError('validation_failed', `"${input.localHour}" is not a date. Write it like 2026-12-05.`, { reason: 'date_unreadable' });
    return { kind: 'local-hour', date: input.localHour };
  }
  return { kind: 'now' };
}

/** SEND_HOUR on `date` in `timezone`; an hour a DST gap skips moves forward, as lessons do. */
export function localHourOn(date: string, timezone: string, sendHour: number): Date {
  return DateTime.fromISO(date, { zone: timezone }).startOf('day').set({ hour: sendHour, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}
