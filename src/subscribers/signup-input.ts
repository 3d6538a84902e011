import { z } from 'zod';
import { isValidTimezone } from '../courses/schedule.js';

// C0 controls and DEL have no business in a name or an address; they are how header
// injection and log forging start.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The signup fields, shared by the form and the JSON API so both reject the same things. */
export const signupInput = z.object({
  email: z
    .string({ error: 'email is required' })
    .max(254, 'email is too long')
    .refine((v) => !CONTROL.test(v), 'email contains control characters')
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.email('email is not a valid email address')),
  firstName: z
    .string({ error: 'firstName must be text' })
    .max(100, 'firstName is too long (100 characters at most)')
    .refine((v) => !CONTROL.test(v), 'firstName contains control characters')
    .transform((v) => v.trim().replace(/\s+/g, ' '))
    .optional()
    .nullable()
    .transform((v) => (v ? v : null)),
  timezone: z
    .string({ error: 'timezone must be text' })
    .max(64, 'timezone is too long')
    .transform((v) => v.trim())
    .refine((v) => v === '' || isValidTimezone(v), 'timezone is not a known IANA timezone (for example Europe/Paris)')
    .optional()
    .nullable()
    .transform((v) => (v ? v : 'UTC')),
  course: z
    .string({ error: 'course must be text' })
    .max(100, 'course is too long')
    .optional()
    .nullable()
    .transform((v) => (v ? v.trim() : null)),
  // Her letters go only to someone who said yes: absent is no, and only a real boolean counts,
  // so a "false" string or a 0 is refused rather than guessed at.
  newsletter: z
    .boolean({ error: 'newsletter must be true or false' })
    .optional()
    .transform((v) => v ?? false),
});

export type SignupInput = z.infer<typeof signupInput>;

/** The first problem, phrased for a person. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The request is not valid.';
}
