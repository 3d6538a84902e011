import { Button } from '../src/mail/templates/button';
import { Layout } from '../src/mail/templates/layout';
import { Greeting, Paragraph, SignOff, Title } from '../src/mail/templates/text';
import { colors, type } from '../src/mail/templates/theme';
import { sampleConfirmationProps, sampleSender } from '../src/mail/templates/sample-props';
import type { ConfirmSubscriptionProps } from '../src/mail/templates/types';

export const subject = (courseTitle: string) => `One tap to start ${courseTitle}`;
export const preview = 'Confirm your email and your first gentle lesson will be on its way.';

const spelled = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const days = (n: number) => (n === 1 ? 'one day' : `${spelled[n] ?? n} days`);

/** The double opt-in email: nothing else is sent until she taps the button. */
export default function ConfirmSubscription(props: ConfirmSubscriptionProps) {
  const { firstName, confirmUrl, unsubscribeUrl, postalAddress, courseTitle, totalDays } = props;
  return (
    <Layout
      masthead={courseTitle}
      title={subject(courseTitle)}
      preview={preview}
      footerReason={`You’re getting this one email because this address was entered to join ${courseTitle}, a free email course.`}
      unsubscribeUrl={unsubscribeUrl}
      preferencesUrl={null}
      postalAddress={postalAddress}
    >
      <Title>One quick tap and we begin</Title>
      <Greeting firstName={firstName} />
      <Paragraph>
        I’m so glad you’re here. Before I send anything, I want to be sure this is really you and
        that you’d like these emails. Please tap the button to confirm.
      </Paragraph>
      <Button href={confirmUrl}>Yes, send me the course</Button>
      <Paragraph>
        Then one short email comes each day for {days(totalDays)}: a single idea and one small practice,
        something you can read in a few quiet minutes, whenever you find them.
      </Paragraph>
      <p className="rmg-muted" style={{ ...type.small, margin: '0 0 8px' }}>
        If the button doesn’t work, copy this link into your browser:
      </p>
      {/* The full URL as visible text would be one unbreakable word a phone's width long: Outlook
          and Yahoo ignore word-break, so it widened the whole email. A short text keeps the full URL
          in href (tap it, or press and hold to copy it), and the plain-text part still shows it whole. */}
      <p className="rmg-text" style={{ ...type.small, color: colors.text, margin: '0 0 28px' }}>
        <a href={confirmUrl} style={{ color: colors.accent, textDecoration: 'underline' }}>
          Confirm my email address
        </a>
      </p>
      <Paragraph>If you didn’t ask for this, you can simply ignore this email. Nothing more will come.</Paragraph>
      <SignOff signOff={props.signOff} authorName={props.authorName} />
    </Layout>
  );
}

ConfirmSubscription.PreviewProps = sampleConfirmationProps(sampleSender, 'Releasing Mom Guilt', 7);
