import type { ReactNode } from 'react';
import type { ConfirmationFooterProps, SenderProps } from './types';
import { Layout } from './layout';
import { Greeting, SignOff, Title } from './text';
import { colors, type } from './theme';

interface ConfirmationFrameProps {
  meta: { subject: string; preview: string; title: string };
  /** Whose list she is confirming: a course's title, or the author's own letters. */
  masthead: string;
  /** Why this one email came, in the footer. */
  footerReason: string;
  props: ConfirmationFooterProps & SenderProps & { firstName: string | null; confirmUrl: string };
  children?: ReactNode;
}

/**
 * Everything a double opt-in email needs around her words (emails/confirm-*.md): the greeting,
 * a link that works where the button does not, her sign-off, and a footer with only the way out
 * (before she says yes there is nothing of hers to manage).
 */
export function ConfirmationFrame({ meta, masthead, footerReason, props, children }: ConfirmationFrameProps) {
  const { firstName, confirmUrl, unsubscribeUrl, postalAddress } = props;
  return (
    <Layout
      masthead={masthead}
      title={meta.subject}
      preview={meta.preview}
      footerReason={footerReason}
      unsubscribeUrl={unsubscribeUrl}
      preferencesUrl={null}
      postalAddress={postalAddress}
    >
      <Title>{meta.title}</Title>
      <Greeting firstName={firstName} />
      {children}
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
      {/* Replies to a confirmation reach no one (it goes out without a reply-to), so it says so. */}
      <p className="rmg-muted" style={{ ...type.small, margin: '0 0 28px' }}>
        There’s no need to reply to this email: just tap the button.
      </p>
      <SignOff signOff={props.signOff} authorName={props.authorName} />
    </Layout>
  );
}
