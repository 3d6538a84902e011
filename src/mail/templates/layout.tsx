// Each React Email component comes from its own package rather than the @react-email/components
// barrel, which loads every component (Tailwind and Prism among them): ~35 MB more in every
// worker. A new template may still import from @react-email/components; it works the same.
import { Body } from '@react-email/body';
import { Container } from '@react-email/container';
import { Head } from '@react-email/head';
import { Html } from '@react-email/html';
import type { ReactNode } from 'react';
import type { ConfirmationFooterProps } from './types';
import { Footer } from './footer';
import { Preview } from './preview';
import { colors, fonts, headCss, type } from './theme';

interface LayoutProps extends ConfirmationFooterProps {
  /** Her preference page; null in a confirmation, which offers only the way out (see Footer). */
  preferencesUrl: string | null;
  /** The header line: the course's title, or her name on a newsletter. */
  masthead: string;
  /** Used as the document title; screen readers announce it when the email opens. */
  title: string;
  preview: string;
  /** Shown after the course name in the header, e.g. "Day 3 of 7". */
  headerNote?: string;
  footerReason: string;
  showCrisisNote?: boolean;
  repliesNote?: string | null;
  children: ReactNode;
}

export function Layout({ masthead, title, preview, headerNote, footerReason, showCrisisNote, repliesNote, unsubscribeUrl, preferencesUrl, postalAddress, children }: LayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <title>{title}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style>{headCss}</style>
      </Head>
      <Preview>{preview}</Preview>
      <Body className="rmg-bg" style={{ backgroundColor: colors.background, margin: 0, fontFamily: fonts.body }}>
        <Container className="rmg-bg" style={{ backgroundColor: colors.background, maxWidth: '560px', padding: '32px 24px 40px' }}>
          <p className="rmg-muted" style={{ ...type.small, letterSpacing: '0.04em', margin: '0 0 32px' }}>
            {headerNote ? `${masthead} · ${headerNote}` : masthead}
          </p>
          {children}
          <Footer
            reason={footerReason}
            showCrisisNote={showCrisisNote}
            repliesNote={repliesNote}
            unsubscribeUrl={unsubscribeUrl}
            preferencesUrl={preferencesUrl}
            postalAddress={postalAddress}
          />
        </Container>
      </Body>
    </Html>
  );
}
