import { LessonFrame, lessonPreviewProps } from '../_components/lesson-frame';
import { Practice, PracticeText } from '../_components/practice';
import { Paragraph } from '../_components/text';
import { colors, type } from '../_components/theme';
import type { LessonMeta, LessonProps } from '../types';

export const meta: LessonMeta = {
  slug: 'speaking-to-yourself-kindly',
  subject: 'Day 6: What to say to yourself instead',
  preview: 'Three real guilt thoughts, and gentler, truer ways to answer them.',
  title: 'Self-kindness, in real words',
  summary: 'The third part of self-compassion: answering the harsh inner voice with words that are both kind and true.',
};

/** A guilt thought and its kinder answer, kept together so the pair reads as one unit. */
function Reframe({ guilt, kinder }: { guilt: string; kinder: string }) {
  return (
    <p className="rmg-text" style={{ ...type.body, margin: '28px 0 12px' }}>
      <span className="rmg-muted" style={{ color: colors.muted }}>The guilt says: </span>
      <em>{`“${guilt}”`}</em>
      <br />
      <span className="rmg-muted" style={{ color: colors.muted }}>Try instead: </span>
      <strong>{`“${kinder}”`}</strong>
    </p>
  );
}

export default function SpeakingToYourselfKindly(props: LessonProps) {
  return (
    <LessonFrame meta={meta} props={props}>
      <Paragraph>
        We’ve talked about noticing your feelings and remembering you’re not alone. Today is the third
        part, and for many moms the hardest: self-kindness. That means speaking to yourself with
        gentleness and care, especially in the moments you feel you least deserve it.
      </Paragraph>
      <Paragraph>
        Self-kindness isn’t pretending everything is fine, or covering guilt with cheerful slogans you
        don’t believe. It’s finding words that are both kind and true. I think of it as reframing:
        taking the thought guilt hands you and turning it a few degrees, until you can see the whole
        picture.
      </Paragraph>
      <Paragraph>Here are three thoughts I hear all the time, and one way to answer each.</Paragraph>

      <Reframe guilt="I yelled today. I’m failing." kinder="I had a hard moment. I’m human, and I can repair." />
      <Paragraph>
        Yelling doesn’t erase all the love you give. What matters most is what comes next: going back,
        saying sorry, reconnecting. When you repair, your child learns that mistakes can be mended and
        that love stays. That is a gift, not a failure.
      </Paragraph>

      <Reframe guilt="I missed bedtime again." kinder="It’s okay to feel sad about this. I’m showing love in many other ways." />
      <Paragraph>
        The sadness is real, and you don’t have to talk yourself out of it. It shows how much you care.
        But a missed bedtime, or many, isn’t the whole story of your love. Think of the breakfasts, the
        hugs at the door, the work you do to keep your family going.
      </Paragraph>

      <Reframe guilt="I don’t want to play today." kinder="Resting doesn’t make me a bad mom. It makes me a real one." />
      <Paragraph>
        This is the one I need most. You are a person with limits, not an endless well of energy.
        Taking a break, sitting nearby while your child plays on their own, or choosing something quiet
        together isn’t neglect. It’s being human, and it shows your child that people take care of
        themselves too.
      </Paragraph>

      <Paragraph>
        Notice that none of these pretend the hard thing didn’t happen. They simply refuse to turn one
        moment into a final verdict on who you are. They make a little room for grace.
      </Paragraph>
      <Paragraph>
        At first, kind words may feel awkward or even false. That’s normal when the harsh voice has had
        years of practice. Keep going anyway. You’re not trying to convince yourself overnight. You’re
        giving a new voice the chance to be heard, a little more each day.
      </Paragraph>
      <Practice label="Write your own reframe">
        <PracticeText>
          Pick one harsh thought you’ve had this week and write it down exactly as it sounded.
        </PracticeText>
        <PracticeText>
          Underneath, write what you would say to a friend who said it about herself. Keep it kind and
          true. Read that second line out loud, slowly, once tonight and once tomorrow morning.
        </PracticeText>
      </Practice>
      <Paragraph>Tomorrow is our last day together. I’ve saved the most important thing for it.</Paragraph>
    </LessonFrame>
  );
}

SpeakingToYourselfKindly.PreviewProps = { ...lessonPreviewProps, dayNumber: 6 } satisfies LessonProps;
