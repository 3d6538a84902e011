import { Button } from '../src/mail/templates/button';
import { Layout } from '../src/mail/templates/layout';
import { Greeting, Paragraph, SignOff, Title } from '../src/mail/templates/text';
import { colors, type } from '../src/mail/templates/theme';
import { sampleNewsletterConfirmationProps, sampleSender } from '../src/mail/templates/sample-props';
import type { ConfirmNewsletterProps } from '../src/mail/templates/types';

export const subject = 'Would you like to keep hearing from me?';
export const preview = 'One tap to say yes to my occasional notes. If not, there is nothing to do.';

/**
 * The double opt-in for someone on the list she brought in without a recorded consent: it asks
 * about her occasional notes only, and promises no course. Nothing else is sent until she taps.
 */
export default function ConfirmNewsletter(props: ConfirmNewsletterProps) {
  const { firstName, confirmUrl, unsubscribeUrl, postalAddress, authorName } = props;
  return (
    <Layout
      masthead={`A note from ${authorName}`}
      title={subject}
      preview={preview}
      footerReason={`You’re getting this one email because this address is on ${authorName}’s mailing list, and she would like to be sure you still want to hear from her.`}
      unsubscribeUrl={unsubscribeUrl}
      preferencesUrl={null}
      postalAddress={postalAddress}
    >
      <Title>Shall I stay in touch?</Title>
      <Greeting firstName={firstName} />
      <Paragraph>
        Your address is on my list from before, and I’d like to be sure you still want it there.
        Now and then I write a short note for mothers: one thought, and one small thing to try.
      </Paragraph>
      <Button href={confirmUrl}>Yes, keep me on the list</Button>
      <p className="rmg-muted" style={{ ...type.small, margin: '0 0 8px' }}>
        If the button doesn’t work, copy this link into your browser:
      </p>
      <p className="rmg-text" style={{ ...type.small, color: colors.text, margin: '0 0 28px' }}>
        <a href={confirmUrl} style={{ color: colors.accent, textDecoration: 'underline' }}>
          Confirm my email address
        </a>
      </p>
      <Paragraph>If you’d rather not, simply ignore this email. You won’t hear from me again.</Paragraph>
      <SignOff signOff={props.signOff} authorName={authorName} />
    </Layout>
  );
}

ConfirmNewsletter.PreviewProps = sampleNewsletterConfirmationProps(sampleSender);
