import { Section } from '@react-email/section';
import type { ReactNode } from 'react';
import { course } from '../course';
import type { LessonMeta, LessonProps } from '../types';
import { Layout } from './layout';
import { Greeting, SignOff, Title } from './text';

interface LessonFrameProps {
  meta: LessonMeta;
  props: LessonProps;
  children: ReactNode;
}

/** Everything the lessons share: header, title, greeting, sign-off, footer. A lesson file only holds its words. */
export function LessonFrame({ meta, props, children }: LessonFrameProps) {
  const { firstName, dayNumber, totalDays, unsubscribeUrl, postalAddress } = props;
  return (
    <Layout
      title={meta.subject}
      preview={meta.preview}
      headerNote={`Day ${dayNumber} of ${totalDays}`}
      footerReason={`You’re getting this because you signed up for ${course.title}, a free ${totalDays}-day email course. One short email a day, and then it ends.`}
      showCrisisNote
      unsubscribeUrl={unsubscribeUrl}
      postalAddress={postalAddress}
    >
      <Title>{meta.title}</Title>
      {/* `data-part` marks the lesson's own words, so tests can count them apart from header and footer. */}
      <Section data-part="lesson-body">
        <Greeting firstName={firstName} />
        {children}
        <SignOff />
      </Section>
    </Layout>
  );
}

/** Realistic values for the preview server; each lesson adds its own dayNumber. */
export const lessonPreviewProps = {
  firstName: 'Sarah',
  totalDays: 7,
  unsubscribeUrl: 'https://example.com/unsubscribe?token=preview',
  postalAddress: '123 Example Street, Suite 4, Springfield, USA',
  consultationUrl: 'https://example.com/#consultation',
} as const;
