import { createContext, useContext } from 'hono/jsx';
import { FALLBACK_TIMEZONE } from '../../settings/timezone.js';

/**
 * Every time the dashboard shows is in her timezone (settings/timezone.ts), named by its short
 * name ("CST", "GMT+1") where a time of day is shown. The zone travels as a JSX context, set
 * once per request by the dashboard (dashboard.tsx), so no page passes it from component to
 * component. The admin API keeps UTC.
 */
export const HerZone = createContext<string>(FALLBACK_TIMEZONE);

export interface HerTime {
  zone: string;
  /** "Mar 2, 2026, 06:00 CST" */
  when(at: Date | string): string;
  /** "Mar 2, 2026" */
  day(at: Date | string): string;
  /** A calendar day the reports name as `YYYY-MM-DD` (already in her zone): "Mar 2". */
  calendarDay(isoDay: string): string;
  /** "CST": the zone's short name at that moment (daylight saving changes it). */
  shortName(at: Date): string;
}

const cache = new Map<string, HerTime>();

export function herTime(zone: string): HerTime {
  let time = cache.get(zone);
  if (time) return time;
  const when = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone, timeZoneName: 'short' });
  const day = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: zone });
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
  // A calendar day is no moment: formatted at noon UTC of that date, in UTC, it cannot shift.
  const calendar = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const date = (at: Date | string) => (typeof at === 'string' ? new Date(at) : at);
  time = {
    zone,
    when: (at) => when.format(date(at)),
    day: (at) => day.format(date(at)),
    calendarDay: (isoDay) => calendar.format(new Date(`${isoDay}T12:00:00Z`)),
    shortName: (at) => name.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? zone,
  };
  // Bounded by the zones Intl knows (a few hundred), since only a valid one is ever stored.
  cache.set(zone, time);
  return time;
}

/** Inside a dashboard page: her zone's formatters. */
export const useHerTime = (): HerTime => herTime(useContext(HerZone));
