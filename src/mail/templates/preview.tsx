/**
 * The inbox preview line: hidden in the email, shown by mail apps after the subject.
 *
 * Like React Email's Preview (same hidden box, same 150-character cut, left out of the plain
 * text), except for the padding after the text that keeps apps from pulling the start of the
 * email into the preview. Preview fills it with seven invisible characters per position, 20
 * bytes of UTF-8 each, ~1.6 KB in every lesson; here each position is one zero-width non-joiner
 * and one no-break space, the common spacer pair, at 5 bytes.
 */
const MAX_LENGTH = 150;
const SPACER = '\u200C\u00A0';

export function Preview({ children }: { children: string }) {
  const text = children.substring(0, MAX_LENGTH);
  return (
    <div
      style={{ display: 'none', overflow: 'hidden', lineHeight: '1px', opacity: 0, maxHeight: 0, maxWidth: 0 }}
      data-skip-in-text={true}
    >
      {text}
      {text.length < MAX_LENGTH ? <div>{SPACER.repeat(MAX_LENGTH - text.length)}</div> : null}
    </div>
  );
}
