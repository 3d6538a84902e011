/**
 * The course, in one place. To add a lesson: write `lessons/NN-some-name.tsx` (copy an existing
 * one) and add its file name at the end of `lessons` below. Moms part-way through the course are
 * tracked by their place in this list, so a lesson inserted before their place would reach them
 * as a repeat of one they already had.
 */
export const course = {
  slug: 'releasing-mom-guilt',
  title: 'Releasing Mom Guilt',
  tagline: 'Seven short, gentle emails for the mom who is trying so hard and still feels like it is not enough.',
  description:
    'A free 7-day email course from a licensed therapist who is also a mom. Each day brings one idea and one small practice, short enough to read in a few quiet minutes, to help you loosen the grip of guilt and perfectionism and speak to yourself with the kindness you give everyone else.',
  author: {
    // Placeholder until the therapist's own name is filled in; it appears in every sign-off.
    name: 'Jane Doe',
    credentials: 'Licensed therapist, maternal mental health',
  },
  /** File names under emails/lessons/, in sending order. */
  lessons: [
    '01-what-mom-guilt-is',
    '02-perfectionism-and-the-one-right-way',
    '03-what-self-compassion-is',
    '04-noticing-without-judgment',
    '05-you-are-not-the-only-one',
    '06-speaking-to-yourself-kindly',
    '07-you-are-not-a-bad-mom',
  ],
} as const;
