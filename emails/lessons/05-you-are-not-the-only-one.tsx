import { LessonFrame, lessonPreviewProps } from '../_components/lesson-frame';
import { Practice, PracticeText } from '../_components/practice';
import { Paragraph } from '../_components/text';
import type { LessonMeta, LessonProps } from '../types';

export const meta: LessonMeta = {
  slug: 'you-are-not-the-only-one',
  subject: 'Day 5: You are not the only one',
  preview: 'Guilt tells you every other mom has this figured out. She doesn’t.',
  title: 'You are not the only one',
  summary: 'The second part of self-compassion: remembering that struggling is part of being human, and part of being a mom.',
};

export default function YouAreNotTheOnlyOne(props: LessonProps) {
  return (
    <LessonFrame meta={meta} props={props}>
      <Paragraph>
        Guilt has a favorite trick. It tells you that you’re the only one. Every other mother at
        pickup looks calm and organized. Every family online is eating vegetables at a tidy table.
        Somewhere, you suspect, there is a mom who never yells, never counts the minutes until
        bedtime, and never hides in the pantry eating crackers. And you are not her.
      </Paragraph>
      <Paragraph>
        The second part of self-compassion is what researchers call common humanity: remembering that
        struggling, making mistakes and feeling not-good-enough are part of being human. They aren’t a
        sign that something is uniquely wrong with you. They’re a sign that you’re a person doing one
        of the hardest jobs there is.
      </Paragraph>
      <Paragraph>
        I can tell you from where I sit that you are far from alone. Every week I listen to mothers
        describe the very thoughts you may be having. Thoughtful, loving, capable women tell me they
        feel like they’re failing. They whisper things they’ve never said out loud, sure they’re about
        to shock me. They never do. I’ve usually heard it before, often that same week, and often in
        my own head.
      </Paragraph>
      <Paragraph>
        Think about what isolation does to guilt. When you believe you’re the only one, the struggle
        becomes proof that you’re somehow broken. When you remember that countless mothers are lying
        awake tonight with the same worry, it becomes something else: a shared, human experience. The
        feeling may still be there, but it stops being a verdict.
      </Paragraph>
      <Paragraph>
        This is also why the highlight reel hurts so much. You’re comparing your ordinary, unedited
        Tuesday to someone else’s best thirty seconds. The mom in that lovely photo may well have had
        a meltdown in the car that morning. You just didn’t see it.
      </Paragraph>
      <Paragraph>
        Common humanity isn’t “everyone has it hard, so stop complaining.” Your struggle is real, and
        it matters. It’s about letting your struggle connect you to others instead of cutting you off
        from them. When you catch yourself thinking <em>“Why is this so hard for me?”</em>, you can
        gently add, <em>“This is hard for so many of us.”</em>
      </Paragraph>
      <Paragraph>
        Sometimes the most healing thing is simply hearing another mom say, “Me too.” If there is one
        person you can be honest with, a friend, a sister, another parent from daycare, consider
        letting her in a little. Chances are she has been waiting for someone to go first.
      </Paragraph>
      <Practice label="A phrase to keep">
        <PracticeText>
          When you notice the thought “I’m the only one who…”, try finishing it differently: “Other
          moms feel this too. I’m not alone in this.”
        </PracticeText>
        <PracticeText>
          If you feel brave, send one honest message this week to someone you trust: “Can I tell you
          about a hard moment I had?” You may be giving her a gift too.
        </PracticeText>
      </Practice>
      <Paragraph>
        Tomorrow we’ll bring it all together with the third part: speaking to yourself kindly, in real
        words you can use.
      </Paragraph>
    </LessonFrame>
  );
}

YouAreNotTheOnlyOne.PreviewProps = { ...lessonPreviewProps, dayNumber: 5 } satisfies LessonProps;
