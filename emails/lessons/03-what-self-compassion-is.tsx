import { LessonFrame, lessonPreviewProps } from '../_components/lesson-frame';
import { Practice, PracticeText } from '../_components/practice';
import { Paragraph } from '../_components/text';
import type { LessonMeta, LessonProps } from '../types';

export const meta: LessonMeta = {
  slug: 'what-self-compassion-is',
  subject: 'Day 3: Treat yourself like a friend',
  preview: 'What self-compassion really is, why it helps, and why it isn’t letting yourself off the hook.',
  title: 'What self-compassion is, and why it helps',
  summary: 'Offering yourself the kindness you would give a struggling friend, and the three parts that make it work.',
};

export default function WhatSelfCompassionIs(props: LessonProps) {
  return (
    <LessonFrame meta={meta} props={props}>
      <Paragraph>
        Imagine your closest friend calls you late at night. Her voice is shaky. She tells you she lost
        her temper with her toddler, and now she’s lying awake, sure she’s ruining him.
      </Paragraph>
      <Paragraph>
        What would you say to her? I’d guess you would be gentle. You might remind her how much she
        loves him, that everyone has hard days, that she can make it right in the morning. You would
        never say, “Yes, you’re a terrible mother, and you should feel awful.”
      </Paragraph>
      <Paragraph>
        Now think about what you say to yourself after a day like that. For most moms I know, me
        included, the voice inside is far harsher than anything we would say to someone we love.
      </Paragraph>
      <Paragraph>
        Self-compassion is simply closing that gap. It means treating yourself with the same
        kindness, understanding and patience you would offer a good friend who is struggling. Nothing
        fancier than that.
      </Paragraph>
      <Paragraph>
        I know what some of you are thinking, because I thought it too: <em>“If I go easy on myself,
        won’t I just stop trying?”</em> It’s a fair worry, and the research points the other way.
        Studies of self-compassion have linked it with less anxiety, less depression and less
        perfectionism, and with more willingness to learn from mistakes, not less. It makes sense when
        you think about it. Shame makes us want to hide. Kindness makes it safe enough to look at what
        happened and try again.
      </Paragraph>
      <Paragraph>
        For mothers this matters in a particular way. When we’re caught in guilt, our attention turns
        inward, to everything we did wrong. It’s hard to be present with a child while you’re busy
        prosecuting yourself. Self-compassion breaks that cycle, so there is more of you left for your
        kids, and for you.
      </Paragraph>
      <Paragraph>
        It isn’t letting yourself off the hook. You can still notice when something went wrong and
        care about making it right. The difference is that you do it as someone who is on your own
        side.
      </Paragraph>
      <Paragraph>There are three parts to it, and we’ll spend a day on each:</Paragraph>
      <Paragraph>
        <strong>Mindfulness:</strong> noticing what you feel without judging it.
        <br />
        <strong>Common humanity:</strong> remembering that you are not the only one who struggles.
        <br />
        <strong>Self-kindness:</strong> speaking to yourself with warmth and care.
      </Paragraph>
      <Paragraph>
        They work together, and none of them asks you to be perfect at it, which is good news for
        recovering perfectionists like me.
      </Paragraph>
      <Practice label="Tonight’s practice">
        <PracticeText>
          Think of something you’ve been hard on yourself about this week. Now picture a friend
          telling you the same story about herself.
        </PracticeText>
        <PracticeText>
          What would you say to her? Write it down, or say it quietly. Then say it to yourself, using
          your own name. It may feel awkward. That’s normal, and it still counts.
        </PracticeText>
      </Practice>
      <Paragraph>Tomorrow we begin with the first part: noticing.</Paragraph>
    </LessonFrame>
  );
}

WhatSelfCompassionIs.PreviewProps = { ...lessonPreviewProps, dayNumber: 3 } satisfies LessonProps;
