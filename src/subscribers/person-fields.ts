import { z } from 'zod';
import { isValidTimezone } from '../courses/schedule.js';

/**
 * Who a person is to this app: an address, a first name, a timezone. One set of rules, used by
 * the signup form and API (through the zod fields below) and by every row of an imported file
 * (through the functions, which skip zod's parse machinery on a list of a million): the same
 * addresses are taken, normalised the same way, everywhere. Each face words a refusal itself.
 */

// C0 controls and DEL have no business in a name or an address; they are how header
// injection and log forging start.
export const CONTROL = /[\u0000-\u001f\u007f]/;

export const EMAIL_MAX = 254;
export const FIRST_NAME_MAX = 100;
export const TIMEZONE_MAX = 64;

export type EmailProblem = 'too_long' | 'control_characters' | 'not_an_address';

/** Her address trimmed and lower-cased, or what is wrong with it. */
export function checkEmail(raw: string): { email: string } | { problem: EmailProblem } {
  if (raw.length > EMAIL_MAX) return { problem: 'too_long' };
  if (CONTROL.test(raw)) return { problem: 'control_characters' };
  const email = raw.trim().toLowerCase();
  return z.regexes.email.test(email) ? { email } : { problem: 'not_an_address' };
}

export function normaliseEmail(raw: string): string | null {
  const checked = checkEmail(raw);
  return 'email' in checked ? checked.email : null;
}

export type FirstNameProblem = 'too_long' | 'control_characters';

/**
 * Her first name with its spaces tidied (null when empty), or what is wrong with it. Line breaks
 * and tabs are spaces first (a spreadsheet cell may hold a name over two lines); any other
 * control character is refused.
 */
export function checkFirstName(raw: string): { firstName: string | null } | { problem: FirstNameProblem } {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (name.length > FIRST_NAME_MAX) return { problem: 'too_long' };
  if (CONTROL.test(name)) return { problem: 'control_characters' };
  return { firstName: name || null };
}

/** A timezone she gave (null when empty), or null for one that is not a known IANA name. */
export function checkTimezone(raw: string): { timezone: string | null } | { problem: 'unknown_timezone' } {
  const zone = raw.trim();
  if (zone === '') return { timezone: null };
  return zone.length <= TIMEZONE_MAX && isValidTimezone(zone) ? { timezone: zone } : { problem: 'unknown_timezone' };
}

const EMAIL_WORDS: Record<EmailProblem, string> = {
  too_long: 'email is too long',
  control_characters: 'email contains control characters',
  not_an_address: "That doesn't look like an email address. Please check it and try again (it looks like name@example.com).",
};

/** The same rules as zod fields, for input read as a form or JSON. */
export const emailField = z.string({ error: 'email is required' }).transform((value, ctx) => {
  const checked = checkEmail(value);
  if ('email' in checked) return checked.email;
  ctx.addIssue({ code: 'custom', message: EMAIL_WORDS[checked.problem] });
  return z.NEVER;
});

export const firstNameField = z
  .string({ error: 'firstName must be text' })
  .transform((value, ctx) => {
    const checked = checkFirstName(value);
    if ('firstName' in checked) return checked.firstName;
    ctx.addIssue({
      code: 'custom',
      message: checked.problem === 'too_long' ? `firstName is too long (${FIRST_NAME_MAX} characters at most)` : 'firstName contains control characters',
    });
    return z.NEVER;
  });

export const timezoneField = z.string({ error: 'timezone must be text' }).transform((value, ctx) => {
  const checked = checkTimezone(value);
  if ('timezone' in checked) return checked.timezone;
  ctx.addIssue({ code: 'custom', message: value.trim().length > TIMEZONE_MAX ? 'timezone is too long' : 'timezone is not a known IANA timezone (for example Europe/Paris)' });
  return z.NEVER;
});
