import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isValidTimezone, nextLessonDueAt } from '../../src/courses/schedule.js';

const daily = { kind: 'daily', sendHour: 8 } as const;
const local = (d: Date, zone: string) => DateTime.fromJSDate(d).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");

describe('nextLessonDueAt', () => {
  it('is 08:00 the next local day, across the US spring-forward change', () => {
    // Sat 2026-03-07 08:00 PST (16:00Z); DST starts Sun 03-08 at 02:00.
    const sat = new Date('2026-03-07T16:00:00Z');
    const sun = nextLessonDueAt(sat, 'America/New_York', daily);
    expect(local(sun, 'America/New_York')).toBe('2026-03-08T08:00');
    const la = nextLessonDueAt(sat, 'America/Los_Angeles', daily);
    expect(la.toISOString()).toBe('2026-03-08T15:00:00.000Z'); // 08:00 PDT, 23 h after 08:00 PST
  });

  it('is 08:00 the next local day across the European fall-back change', () => {
    const sat = new Date('2026-10-24T06:00:00Z'); // 08:00 CEST
    const sun = nextLessonDueAt(sat, 'Europe/Paris', daily);
    expect(sun.toISOString()).toBe('2026-10-25T07:00:00.000Z'); // 08:00 CET, a 25-hour day
  });

  it('works far east (UTC+14) and far west (UTC-11), where the local date differs from UTC', () => {
    const t = new Date('2026-05-10T20:00:00Z'); // already 05-11 10:00 in Kiritimati; 05-10 09:00 in Pago Pago
    expect(local(nextLessonDueAt(t, 'Pacific/Kiritimati', daily), 'Pacific/Kiritimati')).toBe('2026-05-12T08:00');
    expect(nextLessonDueAt(t, 'Pacific/Kiritimati', daily).toISOString()).toBe('2026-05-11T18:00:00.000Z');
    expect(local(nextLessonDueAt(t, 'Pacific/Pago_Pago', daily), 'Pacific/Pago_Pago')).toBe('2026-05-11T08:00');
    expect(nextLessonDueAt(t, 'Pacific/Pago_Pago', daily).toISOString()).toBe('2026-05-11T19:00:00.000Z');
  });

  it('sends on the following day even when the previous lesson went out just before midnight', () => {
    const late = new Date('2026-01-15T23:50:00Z');
    expect(nextLessonDueAt(late, 'UTC', daily).toISOString()).toBe('2026-01-16T08:00:00.000Z');
  });

  it('honours a custom send hour and the demo interval', () => {
    const t = new Date('2026-01-15T12:00:00Z');
    expect(nextLessonDueAt(t, 'Asia/Kolkata', { kind: 'daily', sendHour: 6 }).toISOString()).toBe('2026-01-16T00:30:00.000Z');
    expect(nextLessonDueAt(t, 'Asia/Kolkata', { kind: 'interval', ms: 3_000 }).toISOString()).toBe('2026-01-15T12:00:03.000Z');
  });

  it('knows real IANA zones from made-up ones', () => {
    expect(isValidTimezone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isValidTimezone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
  });
});

describe('nextLessonDueAt with a send hour in the spring-forward gap', () => {
  // New York skips 02:00–02:59 on Sun 2026-03-08: SEND_HOUR=2 has no 02:00 that day.
  const twoAm = { kind: 'daily', sendHour: 2 } as const;
  const ny = 'America/New_York';

  it('goes out at the first valid local time, 03:00, and back at 02:00 the day after', () => {
    const sat = new Date('2026-03-07T07:00:00Z'); // 02:00 EST
    const sun = nextLessonDueAt(sat, ny, twoAm);
    expect(local(sun, ny)).toBe('2026-03-08T03:00');
    expect(sun.toISOString()).toBe('2026-03-08T07:00:00.000Z'); // 03:00 EDT: 23 h after Saturday's
    const mon = nextLessonDueAt(sun, ny, twoAm);
    expect(local(mon, ny)).toBe('2026-03-09T02:00');
    expect(mon.toISOString()).toBe('2026-03-09T06:00:00.000Z');
  });

  it('neither skips the day nor sends twice: one lesson per local date, in order', () => {
    const dates: string[] = [];
    let due = new Date('2026-03-06T07:00:00Z');
    for (let i = 0; i < 5; i++) {
      const next = nextLessonDueAt(due, ny, twoAm);
      expect(next.getTime()).toBeGreaterThan(due.getTime());
      due = next;
      dates.push(local(due, ny));
    }
    expect(dates).toEqual(['2026-03-07T02:00', '2026-03-08T03:00', '2026-03-09T02:00', '2026-03-10T02:00', '2026-03-11T02:00']);
  });
});
