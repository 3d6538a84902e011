import { Text } from '@react-email/text';
import type { ReactNode } from 'react';
import { colors, fonts, type } from './theme';

interface PracticeProps {
  /** A short label, e.g. "Tonight's practice" or "A question to sit with". */
  label: string;
  children?: ReactNode;
}

/**
 * The one thing to do or think about today, set apart so a tired reader who skims still finds it.
 * A hand-written table rather than <Section> so the padding sits on the cell, which every client
 * (Outlook included) honours. `data-part` lets the tests leave it out of the lesson's word count.
 */
export function Practice({ label, children }: PracticeProps) {
  return (
    <table
      data-part="practice"
      role="presentation"
      width="100%"
      cellPadding={0}
      cellSpacing={0}
      style={{ margin: '32px 0', borderCollapse: 'separate' }}
    >
      <tbody>
        <tr>
          <td
            className="rmg-practice"
            style={{
              backgroundColor: colors.practiceSurface,
              borderLeft: `4px solid ${colors.accent}`,
              borderRadius: '10px',
              padding: '20px 22px 4px',
            }}
          >
            <Text
              className="rmg-practice-label"
              style={{
                fontFamily: fonts.body,
                fontSize: '14px',
                fontWeight: 700,
                letterSpacing: '0.08em',
                textTransform: 'uppercase',
                color: colors.accent,
                margin: '0 0 10px',
              }}
            >
              {label}
            </Text>
            {children}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** A paragraph inside the practice box; same size as the body so nothing gets harder to read. */
export function PracticeText({ children }: { children?: ReactNode }) {
  return (
    <p className="rmg-text" style={{ ...type.body, margin: '0 0 16px' }}>
      {children}
    </p>
  );
}
