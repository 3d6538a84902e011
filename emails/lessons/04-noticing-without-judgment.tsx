import { LessonFrame, lessonPreviewProps } from '../_components/lesson-frame';
import { Practice, PracticeText } from '../_components/practice';
import { Paragraph } from '../_components/text';
import type { LessonMeta, LessonProps } from '../types';

export const meta: LessonMeta = {
  slug: 'noticing-without-judgment',
  subject: 'Day 4: Noticing, without the judgment',
  preview: 'Letting a feeling be there without making it mean something about you.',
  title: 'Noticing your feelings without judgment',
  summary: 'The first part of self-compassion: seeing what you feel clearly, without adding a verdict on top.',
};

export default function NoticingWithoutJudgment(props: LessonProps) {
  return (
    <LessonFrame meta={meta} props={props}>
      <Paragraph>
        Today we start with the first part of self-compassion: mindfulness. I know that word can bring
        to mind silent retreats and an hour of meditation every morning. If you have small children,
        that may sound like a joke. I promise this is much smaller.
      </Paragraph>
      <Paragraph>
        Here, mindfulness simply means noticing what you’re feeling, as it is, without judging it.
        It’s the difference between <em>“I’m feeling guilty right now”</em> and <em>“I’m a guilty,
        terrible person.”</em>
      </Paragraph>
      <Paragraph>
        Most of us skip straight past the feeling to the verdict. Sadness arrives, and we ask what’s
        wrong with us for feeling sad. Frustration rises, and we decide a good mother wouldn’t feel it.
        Before we know it, we’re carrying two problems: the feeling itself, and the shame about having
        it.
      </Paragraph>
      <Paragraph>
        Picture a moment many of us know. Your child asks you to play, and you realize you really,
        truly don’t want to. You’re tired, touched-out, and longing for ten minutes alone. The old
        reflex kicks in at once: <em>“What kind of mom doesn’t want to play with her own kid?”</em>
      </Paragraph>
      <Paragraph>
        Mindfulness offers a small pause right there. Instead of following that thought down the hole,
        you just notice: <em>“I’m really tired. Part of me wants to be alone. And I feel guilty about
        that.”</em> Nothing is fixed yet. But naming it takes some of the heat out, and from there you
        can make a kinder choice. Maybe you build a very short tower, then sit on the couch while your
        child plays at your feet.
      </Paragraph>
      <Paragraph>
        Feelings are information. They are not instructions, and they are not verdicts. Guilt might be
        telling you that connection matters to you. Frustration might be telling you you’re running on
        empty. Sadness might be telling you something is precious. You can listen to the message
        without accepting the harsh sentence that usually comes with it.
      </Paragraph>
      <Paragraph>
        Noticing also happens in the body, and the body is often quicker than the mind. Guilt can show
        up as a heavy chest, a knot in your stomach, or a hot face. When you catch it there, you get a
        moment of choice before the harsh words begin.
      </Paragraph>
      <Paragraph>
        You don’t need to do this perfectly (you knew I was going to say that). You’ll forget. You’ll
        get swept along and only notice an hour later. That still counts. Every time you notice, even
        late, you’re building the habit.
      </Paragraph>
      <Practice label="A one-breath practice">
        <PracticeText>
          The next time a hard feeling shows up, pause for one breath and name it in a few plain words:
          “This is guilt.” “This is exhaustion.” “This is sadness.”
        </PracticeText>
        <PracticeText>
          If you can, rest a hand on your chest or belly while you do it. You’re not trying to make the
          feeling leave. You’re only letting it be seen.
        </PracticeText>
      </Practice>
      <Paragraph>
        Tomorrow: the part of self-compassion that reminds you how far from alone you are.
      </Paragraph>
    </LessonFrame>
  );
}

NoticingWithoutJudgment.PreviewProps = { ...lessonPreviewProps, dayNumber: 4 } satisfies LessonProps;
