import { Section } from '@react-email/section';
import type { ReactNode } from 'react';
import type { LessonMeta, LessonProps } from './types';
import { Layout } from './layout';
import { sampleFooter, sampleSender } from './sample-props';
import { Greeting, SignOff, Title } from './text';

interface LessonFrameProps {
  meta: Pick<LessonMeta, 'subject' | 'preview' | 'title'>;
  props: LessonProps;
  children?: ReactNode;
}

/**
 * Everything the lessons share: header, title, greeting, sign-off, footer. A lesson file only
 * holds its words; the greeting, her name, her preference and unsubscribe links and the address
 * come from here.
 */
export function LessonFrame({ meta, props, children }: LessonFrameProps) {
  const { firstName, courseTitle, dayNumber, totalDays, unsubscribeUrl, preferencesUrl, postalAddress } = props;
  return (
    <Layout
      masthead={courseTitle}
      title={meta.subject}
      preview={meta.preview}
      headerNote={`Day ${dayNumber} of ${totalDays}`}
      footerReason={`You’re getting this because you signed up for ${courseTitle}, a free ${totalDays}-day email course. One short email a day, and then it ends.`}
      showCrisisNote
      repliesNote={props.repliesNote}
      unsubscribeUrl={unsubscribeUrl}
      preferencesUrl={preferencesUrl}
      postalAddress={postalAddress}
    >
      <Title>{meta.title}</Title>
      {/* `data-part` marks the lesson's own words, so tests can count them apart from header and footer. */}
      <Section data-part="lesson-body">
        <Greeting firstName={firstName} />
        {children}
        <SignOff signOff={props.signOff} authorName={props.authorName} />
      </Section>
    </Layout>
  );
}

/** Realistic values for the preview server; each lesson adds its own dayNumber. */
export const lessonPreviewProps = {
  ...sampleFooter,
  ...sampleSender,
  firstName: 'Sarah',
  courseTitle: 'Releasing Mom Guilt',
  totalDays: 7,
} as const;
