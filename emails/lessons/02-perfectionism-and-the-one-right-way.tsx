import { LessonFrame, lessonPreviewProps } from '../_components/lesson-frame';
import { Practice, PracticeText } from '../_components/practice';
import { Paragraph } from '../_components/text';
import type { LessonMeta, LessonProps } from '../types';

export const meta: LessonMeta = {
  slug: 'perfectionism-and-the-one-right-way',
  subject: 'Day 2: The myth of the one right way',
  preview: 'If you don’t do this perfectly, will you really mess up your kids?',
  title: 'Perfectionism and the “one right way”',
  summary: 'Where the pressure to get motherhood exactly right comes from, and why good enough truly is enough.',
};

export default function PerfectionismAndTheOneRightWay(props: LessonProps) {
  return (
    <LessonFrame meta={meta} props={props}>
      <Paragraph>
        Yesterday we gave mom guilt a name. Today I want to show you what so often sits underneath
        it: perfectionism.
      </Paragraph>
      <Paragraph>
        When most people hear that word, they picture a spotless house and a color-coded calendar.
        In motherhood it usually looks quieter than that. It’s the belief that there is one right way
        to do this, and that every choice you make is either the right one or a mistake. Breast or
        bottle. Sleep training or not. Screens or none. Work or stay home. Each decision starts to
        feel like a test you can pass or fail, with the grade going into some permanent record.
      </Paragraph>
      <Paragraph>
        The thought I hear most in my office, and catch in my own head more than I’d like, goes
        something like this: <em>“If I don’t get this right, I’m going to mess up my kids.”</em> It
        sounds like love, and in a way it is. But it places the whole weight of a child’s future on
        every ordinary moment. Nobody can carry that.
      </Paragraph>
      <Paragraph>
        Where does it come from? Some of us grew up learning that being good meant being flawless.
        Some of us were high achievers before children, used to working hard and getting it right,
        and then met a baby who had not read the plan. And all of us live inside a steady stream of
        advice, expert opinions and other people’s highlight reels, each one hinting that there is a
        correct answer and everyone else has already found it.
      </Paragraph>
      <Paragraph>
        Here’s what I want you to know. Children don’t need a perfect mother. They need a real one:
        someone who shows up, gets some things wrong, and comes back. Decades of thinking and research
        about how children grow point in the same direction. What helps them thrive is a parent who
        is warm much of the time and who repairs the moments that go wrong, not one who never gets
        anything wrong. When you miss a cue and then reconnect, your child learns something precious:
        that love can hold mistakes.
      </Paragraph>
      <Paragraph>
        Perfectionism also makes everything heavier than it needs to be. If there is only one right
        way, then every other way is wrong, and you will always find evidence that you chose badly.
        That is exhausting, and it’s a big part of why the guilt never quite leaves.
      </Paragraph>
      <Paragraph>
        I’m not asking you to stop caring about doing well. I’m inviting you to try a different
        question. Instead of <em>“Is this the right way?”</em>, try <em>“Is this a loving way, and is
        it good enough for today?”</em> There are many loving ways to raise a child. Yours is one of
        them.
      </Paragraph>
      <Practice label="A question to sit with">
        <PracticeText>
          Think of one “should” you carry about motherhood. Maybe “I should never raise my voice,” or
          “I should make everything from scratch.” Write it down, or just say it to yourself.
        </PracticeText>
        <PracticeText>
          Then ask: Whose rule is this? Where did I learn it? What would a good-enough version look
          like this week?
        </PracticeText>
      </Practice>
      <Paragraph>
        Tomorrow I’ll introduce the tool that helps most with all of this. It’s simpler than you might
        think.
      </Paragraph>
    </LessonFrame>
  );
}

PerfectionismAndTheOneRightWay.PreviewProps = { ...lessonPreviewProps, dayNumber: 2 } satisfies LessonProps;
