import { Hr } from '@react-email/hr';
import type { ConfirmationFooterProps } from './types';
import { TextLink } from './text';
import { colors, type } from './theme';

interface Props extends ConfirmationFooterProps {
  /** One sentence on why this email arrived; CAN-SPAM wants the reader to be able to tell. */
  reason: string;
  /** Null in a confirmation: before she says yes nothing is scheduled, so there is nothing to manage. */
  preferencesUrl: string | null;
  /** Lessons touch on maternal mental health, so they say plainly where urgent help is. */
  showCrisisNote?: boolean;
  /** Her line about replies (when she reads them; not for emergencies), beside the crisis note. */
  repliesNote?: string | null;
}

const small = { ...type.small, margin: '0 0 12px' };

// 14px text at 1.6 is 22px tall; 11px above and below makes each link a 44px tap target, so a
// thumb on a phone at night does not have to aim, and it spaces the row from the lines around it.
const tapTarget = { display: 'inline-block', padding: '11px 0' } as const;

export function Footer({ reason, unsubscribeUrl, preferencesUrl, postalAddress, showCrisisNote = false, repliesNote }: Props) {
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
      {repliesNote ? (
        <p className="rmg-muted" style={small}>
          {repliesNote}
        </p>
      ) : null}
      {preferencesUrl === null ? (
        <p className="rmg-muted" style={small}>
          Not the right time? <TextLink href={unsubscribeUrl}>Unsubscribe</TextLink> with one
          tap, no questions asked, and nothing more will arrive.
        </p>
      ) : (
        <>
          <p className="rmg-muted" style={{ ...small, margin: 0 }}>
            Want fewer emails, a different time of day, or a pause? You can change that anytime, or
            stop with one tap, no questions asked.
          </p>
          {/* Cells rather than one line of text: the HTML shows the two links side by side, and
              the plain-text part (which gives each cell its own line) shows each link's words
              and its URL on a line of their own. The dot is for the eye only. */}
          <table role="presentation" cellPadding={0} cellSpacing={0} border={0}>
            <tbody>
              <tr>
                <td style={type.small}>
                  <TextLink href={preferencesUrl} style={tapTarget}>
                    Manage preferences
                  </TextLink>
                </td>
                <td className="rmg-muted" aria-hidden="true" data-skip-in-text="true" style={{ ...type.small, padding: '0 12px' }}>
                  ·
                </td>
                <td style={type.small}>
                  <TextLink href={unsubscribeUrl} style={tapTarget}>
                    Unsubscribe
                  </TextLink>
                </td>
              </tr>
            </tbody>
          </table>
        </>
      )}
      <p className="rmg-muted" style={{ ...small, margin: 0 }}>
        {postalAddress}
      </p>
    </>
  );
}
