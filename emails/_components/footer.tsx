import { Hr } from '@react-email/hr';
import type { FooterProps } from '../types';
import { TextLink } from './text';
import { colors, type } from './theme';

interface Props extends FooterProps {
  /** One sentence on why this email arrived; CAN-SPAM wants the reader to be able to tell. */
  reason: string;
  /** Lessons touch on maternal mental health, so they say plainly where urgent help is. */
  showCrisisNote?: boolean;
}

const small = { ...type.small, margin: '0 0 12px' };

export function Footer({ reason, unsubscribeUrl, postalAddress, showCrisisNote = false }: Props) {
  return (
    <>
      <Hr className="rmg-rule" style={{ borderColor: colors.hairline, margin: '40px 0 24px' }} />
      <p className="rmg-muted" style={small}>
        {reason}
      </p>
      {showCrisisNote ? (
        <p className="rmg-muted" style={small}>
          These emails are support, not therapy or emergency care. If you are thinking about harming
          yourself or your baby, please call or text 988 (US), or the National Maternal Mental Health
          Hotline at 1-833-TLC-MAMA, any time of day.
        </p>
      ) : null}
      <p className="rmg-muted" style={small}>
        Not the right time? <TextLink href={unsubscribeUrl}>Unsubscribe</TextLink> with one
        tap, no questions asked, and nothing more will arrive.
      </p>
      <p className="rmg-muted" style={{ ...small, margin: 0 }}>
        {postalAddress}
      </p>
    </>
  );
}
