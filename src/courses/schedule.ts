import { DateTime, IANAZone } from 'luxon';

/** How lessons follow each other: daily at a local hour, or (demos, tests) every N ms. */
export type Cadence = { kind: 'daily'; sendHour: number } | { kind: 'interval'; ms: number };

// Asking Intl about a zone builds a formatter, a good part of a signup's CPU; a list import asks
// a million times about a handful of zones. Bounded: the names come from strangers.
const timezoneChecks = new Map<string, boolean>();

export function isValidTimezone(zone: string): boolean {
  let known = timezoneChecks.get(zone);
  if (known === undefined) {
    known = zone.length <= 64 && IANAZone.isValidZone(zone);
    if (timezoneChecks.size < 2_000) timezoneChecks.set(zone, known);
  }
  return known;
}

/**
 * When the lesson after one due at `previousDueAt` is due: the next calendar day in her
 * timezone, at `sendHour` local time. Luxon does the calendar arithmetic in the zone, so a
 * DST change between the two days moves the UTC instant, not the local hour; an hour that a
 * DST gap skips resolves forward to the first valid local time.
 */
export function nextLessonDueAt(previousDueAt: Date, timezone: string, cadence: Cadence): Date {
  if (cadence.kind === 'interval') return new Date(previousDueAt.getTime() + cadence.ms);
  const local = DateTime.fromJSDate(previousDueAt, { zone: timezone });
  return local
    .startOf('day')
    .plus({ days: 1 })
    .set({ hour: cadence.sendHour, minute: 0, second: 0, millisecond: 0 })
    .toJSDate();
}

/**
 * The first `hour`:00 in her timezone that is later than `now`: where a paused course picks up,
 * and where one moves to when she chooses another hour or timezone.
 */
export function nextLocalHour(now: Date, timezone: string, hour: number): Date {
  const local = DateTime.fromJSDate(now, { zone: timezone });
  const today = local.set({ hour, minute: 0, second: 0, millisecond: 0 });
  return (today > local ? today : today.plus({ days: 1 }).set({ hour, minute: 0, second: 0, millisecond: 0 })).toJSDate();
}

/**
 * Her next lesson, moved to `hour` in `timezone` on the day it was going to come (that day as
 * her new timezone sees it); a day later when that hour of the day has already passed.
 */
export function movedDueAt(dueAt: Date, now: Date, timezone: string, hour: number): Date {
  const moved = DateTime.fromJSDate(dueAt, { zone: timezone }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toJSDate();
  return moved > now ? moved : nextLocalHour(now, timezone, hour);
}
