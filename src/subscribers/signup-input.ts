import { z } from 'zod';
import { emailField, firstNameField, timezoneField } from './person-fields.js';

/** The signup fields, shared by the form and the JSON API so both reject the same things. */
export const signupInput = z.object({
  email: emailField,
  firstName: firstNameField
    .optional()
    .nullable()
    .transform((v) => v ?? null),
  timezone: timezoneField
    .optional()
    .nullable()
    .transform((v) => v ?? 'UTC'),
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
