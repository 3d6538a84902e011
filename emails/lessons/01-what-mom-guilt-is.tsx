import { LessonFrame, lessonPreviewProps } from '../_components/lesson-frame';
import { Practice, PracticeText } from '../_components/practice';
import { Paragraph } from '../_components/text';
import type { LessonMeta, LessonProps } from '../types';

export const meta: LessonMeta = {
  slug: 'what-mom-guilt-is',
  subject: 'Day 1: That heavy feeling has a name',
  preview: 'Why mom guilt shows up, and why it isn’t the proof you think it is.',
  title: 'What mom guilt is, and why it shows up',
  summary: 'Naming the quiet voice that says you’re not doing enough, and understanding where it comes from.',
};

export default function WhatMomGuiltIs(props: LessonProps) {
  return (
    <LessonFrame meta={meta} props={props}>
      <Paragraph>
        Welcome. I’m really glad you’re here, and I know what it may have taken to open this. Maybe
        the baby is finally asleep. Maybe you’re hiding in the bathroom for two minutes of quiet.
        However you got here, thank you for giving a little of your time to yourself.
      </Paragraph>
      <Paragraph>
        Since we’ll spend a week together, let me start with a confession. I’m a therapist who works
        with mothers every week, and I’m also a mom who feels guilty far more often than I’d like.
        Knowing the theory hasn’t made me immune. So I’m not writing to you from the far side of
        this. I’m writing from right beside you.
      </Paragraph>
      <Paragraph>
        Today I simply want to give this feeling a name. Mom guilt is that persistent sense that, as
        a mother, you’re falling short: not giving enough, not getting it right. It rarely shouts. It
        murmurs, usually at the end of the day, when you finally sit still:
      </Paragraph>
      <Paragraph>
        <em>“I barely played with her today.”</em>
        <br />
        <em>“I snapped over nothing. What kind of mother does that?”</em>
        <br />
        <em>“I actually love my job, so why do I feel awful every time I leave?”</em>
      </Paragraph>
      <Paragraph>
        That first one is mine. Some evenings I replay the whole day, hunting for the moments I was
        on my phone or said “in a minute” one time too many.
      </Paragraph>
      <Paragraph>
        So why does it show up? Partly because you care. Guilt is an alarm that sounds when we think
        we’ve drifted from something we value, and you value your children enormously. An alarm that
        sensitive goes off a lot. It also shows up because mothers today are handed an impossible job
        description: endless patience, homemade everything, rationed screens, a tidy house, a career
        or no career, and all of it with a smile. When a standard can’t be met, the gap between it
        and real life fills up with guilt.
      </Paragraph>
      <Paragraph>
        And here’s the part I most want you to hear. Mom guilt feels like it’s keeping you in line,
        as if it’s the thing that makes you a good mom. It isn’t. In my office and in my own home,
        I’ve seen the opposite: guilt leaves us more tired, more disconnected from our kids, and
        less sure of ourselves. It doesn’t make us more patient tomorrow. Usually it makes us more
        brittle.
      </Paragraph>
      <Paragraph>
        There is another way to respond to yourself, and that’s what the next six days are about.
        You don’t have to fix anything today. You only need to start noticing.
      </Paragraph>
      <Practice label="Tonight’s practice">
        <PracticeText>
          Before you fall asleep, notice one guilty thought from today. Don’t argue with it or try to
          make it go away. Just name it, quietly: “There’s the guilt again.”
        </PracticeText>
        <PracticeText>
          Then notice where you feel it in your body. A tight chest, a heavy stomach, a clenched jaw?
          That’s all. Naming a feeling is the first step to loosening it.
        </PracticeText>
      </Practice>
      <Paragraph>
        Tomorrow we’ll look at the quiet rule hiding underneath so much of this guilt: the belief that
        there is one right way to be a mother.
      </Paragraph>
    </LessonFrame>
  );
}

WhatMomGuiltIs.PreviewProps = { ...lessonPreviewProps, dayNumber: 1 } satisfies LessonProps;
