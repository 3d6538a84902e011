import { Button } from '../_components/button';
import { LessonFrame, lessonPreviewProps } from '../_components/lesson-frame';
import { Practice, PracticeText } from '../_components/practice';
import { Paragraph } from '../_components/text';
import type { LessonMeta, LessonProps } from '../types';

export const meta: LessonMeta = {
  slug: 'you-are-not-a-bad-mom',
  subject: 'Day 7: You are not a bad mom',
  preview: 'The thing I most want you to hear, on our last day together.',
  title: 'You are not a bad mom',
  summary: 'Why guilt is not proof of failure, what to carry forward, and where to find more support if you want it.',
};

export default function YouAreNotABadMom(props: LessonProps) {
  return (
    <LessonFrame meta={meta} props={props}>
      <Paragraph>
        Here we are, day seven. Thank you for spending this week with me. I know how precious a few
        quiet minutes are, and you chose to give some of them to yourself. That matters more than you
        might think.
      </Paragraph>
      <Paragraph>
        I saved the most important thing for today, so let me say it as clearly as I can:{' '}
        <strong>you are not a bad mom because you feel guilty.</strong>
      </Paragraph>
      <Paragraph>
        Read that again if you need to. The guilt you carry is not evidence that you’re failing. If
        anything, it points the other way. When I look underneath a mother’s guilt, I almost always
        find someone who loves her children fiercely and is giving this everything she has. I’d bet
        that’s you. Guilt just took that love and turned it against you.
      </Paragraph>
      <Paragraph>
        Self-compassion is how we turn it back around. It doesn’t lower your standards or stop you from
        growing. It helps you come back to what you actually value, like warmth, presence and repair,
        without wearing yourself down or sinking into shame along the way.
      </Paragraph>
      <Paragraph>
        Here is what I hope you carry forward from this week. When guilt speaks, notice it and name
        it. Remember that so many other mothers feel this too. Then answer yourself the way you’d
        answer a friend, kindly and truthfully. Some days you’ll remember. Some days you won’t. Both
        are part of it.
      </Paragraph>
      <Practice label="One last practice">
        <PracticeText>
          Write yourself a short note, the kind you’d tuck into a friend’s coat pocket. Maybe: “You are
          not a bad mom. You’re a caring mom in a hard season.”
        </PracticeText>
        <PracticeText>
          Keep it where you’ll find it on a difficult day: your phone’s lock screen, the bathroom
          mirror, the diaper bag.
        </PracticeText>
      </Practice>
      <Paragraph>
        And if guilt, perfectionism or the pressure to do it all feels heavier than a week of emails
        can lift, please know that isn’t a failing either. Sometimes we need more than tools. We need
        someone to walk alongside us for a while.
      </Paragraph>
      <Paragraph>
        That is the work I do. In therapy, I help moms set down expectations no one could meet, grow a
        gentler inner voice, and feel more joy and ease with their families. If that sounds like something
        you’d like, I offer a free consultation: a simple conversation about how you’re doing and
        whether working together feels right. There’s no pressure and no obligation, and it is
        completely fine if now isn’t the time.
      </Paragraph>
      <Button href={props.consultationUrl} variant="quiet">
        Learn about a free consultation
      </Button>
      <Paragraph>
        Whatever you choose, I’m so glad our paths crossed this week. You’re doing better than you
        think.
      </Paragraph>
    </LessonFrame>
  );
}

YouAreNotABadMom.PreviewProps = { ...lessonPreviewProps, dayNumber: 7 } satisfies LessonProps;
