import { Heading } from '@react-email/heading';
import { Link } from '@react-email/link';
import type { CSSProperties, ReactNode } from 'react';
import { colors, fonts, type } from './theme';

/**
 * The one paragraph style every email uses, so reading rhythm is identical from day to day.
 * A plain <p>, not React Email's Text: Text re-spells the margin as five properties to
 * override its own defaults, ~70 bytes on each of a lesson's ~20 paragraphs, and every byte
 * is paid for per email (on her phone, and in the send path).
 */
export function Paragraph({ children }: { children?: ReactNode }) {
  return (
    <p className="rmg-text" style={{ ...type.body, margin: '0 0 20px' }}>
      {children}
    </p>
  );
}

export function Title({ children }: { children: ReactNode }) {
  return (
    <Heading
      as="h1"
      className="rmg-text"
      style={{ fontFamily: fonts.heading, fontSize: '28px', lineHeight: '1.3', fontWeight: 400, color: colors.text, margin: '0 0 28px' }}
    >
      {children}
    </Heading>
  );
}

/** `firstName` is null when she skipped the field; an empty string is treated the same way. */
export function Greeting({ firstName }: { firstName: string | null }) {
  // One text node rather than "Hi {name}," so the HTML carries no stray comment markers.
  return <Paragraph>{`Hi ${firstName ? firstName : 'there'},`}</Paragraph>;
}

/** Her sign-off and name, from emails/author.md. */
export function SignOff({ signOff, authorName }: { signOff: string; authorName: string }) {
  return (
    <Paragraph>
      {signOff}
      <br />
      {authorName}
    </Paragraph>
  );
}

/** Underlined as well as coloured: colour alone is not enough to mark a link (WCAG 1.4.1). */
export function TextLink({ href, children, style }: { href: string; children?: ReactNode; style?: CSSProperties }) {
  return (
    <Link className="rmg-link" href={href} style={{ color: colors.accent, textDecoration: 'underline', ...style }}>
      {children}
    </Link>
  );
}
