import type { Token } from 'markdown-it';
import { Markdown } from './markdown';
import { Greeting, SignOff } from './text';
import type { SenderProps } from './types';

interface WebLetterProps {
  tokens: Token[];
  sender: SenderProps;
}

/**
 * A newsletter's words as its web copy shows them (the public archive): the same greeting,
 * Markdown and sign-off as the email, for no one in particular ("Hi there"). No footer: the
 * page has no reader to unsubscribe, and nothing in it is personal or tracked.
 */
export function WebLetter({ tokens, sender }: WebLetterProps) {
  return (
    <>
      <Greeting firstName={null} />
      <Markdown tokens={tokens} consultationUrl={sender.consultationUrl} />
      <SignOff signOff={sender.signOff} authorName={sender.authorName} />
    </>
  );
}
