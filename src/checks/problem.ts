/**
 * One note from `email:check` about one email. The message is read by the person who wrote the
 * email, not by a programmer: it says what is wrong and what to do about it, in one line.
 */
export interface Problem {
  /** The author's file, relative to the project root, e.g. 'emails/courses/…/03-….md'. */
  file: string;
  /** 1-based line in that file, when the problem can be traced to one. */
  line?: number;
  /** An error stops the email from going out; a warning is worth a look but may be fine. */
  severity: 'error' | 'warning';
  /** Short and stable ('missing-unsubscribe', 'image-alt', …), so tooling can count or filter. */
  rule: string;
  message: string;
}

/** `emails/x.md:12: message`, or `emails/x.md:12: warning: message`: the shape editors link up. */
export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  const message = p.message.replace(/\s*\n\s*/g, ' ');
  return p.severity === 'warning' ? `${where}: warning: ${message}` : `${where}: ${message}`;
}
