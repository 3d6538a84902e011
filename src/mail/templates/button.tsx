import { Button as EmailButton } from '@react-email/button';
import { Section } from '@react-email/section';
import type { ReactNode } from 'react';
import { colors, fonts } from './theme';

interface ButtonProps {
  href: string;
  children: ReactNode;
  /** `quiet` is an outlined button for invitations that should never feel like a push. */
  variant?: 'primary' | 'quiet';
}

// Padding in px (not em) because the underlying Button converts it for Outlook's spacing hack.
const base = {
  fontFamily: fonts.body,
  fontSize: '18px',
  fontWeight: 600,
  lineHeight: '1.3',
  borderRadius: '10px',
  padding: '16px 28px',
  textDecoration: 'none',
} as const;

const variants = {
  primary: { ...base, backgroundColor: colors.accent, color: colors.onAccent, border: `2px solid ${colors.accent}` },
  quiet: { ...base, backgroundColor: 'transparent', color: colors.accent, border: `2px solid ${colors.accent}` },
} as const;

/** Centred and large: a thumb on a phone at night should not have to aim. */
export function Button({ href, children, variant = 'primary' }: ButtonProps) {
  return (
    <Section style={{ textAlign: 'center', margin: '8px 0 28px' }}>
      <EmailButton
        href={href}
        className={variant === 'primary' ? 'rmg-button' : 'rmg-button-quiet'}
        style={variants[variant]}
      >
        {children}
      </EmailButton>
    </Section>
  );
}
