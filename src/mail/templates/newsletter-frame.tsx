import { Section } from '@react-email/section';
import type { ReactNode } from 'react';
import type { NewsletterMeta, NewsletterProps } from './types';
import { Layout } from './layout';
import { sampleFooter, sampleSender } from './sample-props';
import { Greeting, SignOff, TextLink } from './text';
import { type } from './theme';

interface NewsletterFrameProps {
  meta: Pick<NewsletterMeta, 'subject' | 'preview'>;
  props: NewsletterProps;
  children?: ReactNode;
}

/** A newsletter: her name in the header, then the same greeting, sign-off and footer as a lesson. */
export function NewsletterFrame({ meta, props, children }: NewsletterFrameProps) {
  return (
    <Layout
      masthead={`A note from ${props.authorName}`}
      title={meta.subject}
      preview={meta.preview}
      footerReason={`You’re getting this because you joined one of ${props.authorName}’s free email courses or asked for her occasional notes.`}
      showCrisisNote
      repliesNote={props.repliesNote}
      unsubscribeUrl={props.unsubscribeUrl}
      preferencesUrl={props.preferencesUrl}
      postalAddress={props.postalAddress}
    >
      {props.webCopyUrl ? (
        <p className="rmg-muted" style={{ ...type.small, margin: '-16px 0 24px' }}>
          <TextLink href={props.webCopyUrl}>View in your browser</TextLink>
        </p>
      ) : null}
      <Section data-part="newsletter-body">
        <Greeting firstName={props.firstName} />
        {children}
        <SignOff signOff={props.signOff} authorName={props.authorName} />
      </Section>
    </Layout>
  );
}

export const newsletterPreviewProps = { ...sampleFooter, ...sampleSender, firstName: 'Sarah' } as const satisfies NewsletterProps;
