import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/checks/problem';

describe('formatProblem', () => {
  it('writes file:line: message, warnings prefixed, on one line', () => {
    expect(formatProblem({ file: 'emails/a.md', line: 12, severity: 'error', rule: 'x', message: 'Fix this.' })).toBe('emails/a.md:12: Fix this.');
    expect(formatProblem({ file: 'emails/a.md', line: 3, severity: 'warning', rule: 'x', message: 'Maybe\n  that.' })).toBe(
      'emails/a.md:3: warning: Maybe that.',
    );
  });

  it('leaves the line out when it is not known', () => {
    expect(formatProblem({ file: 'emails/a.md', severity: 'error', rule: 'x', message: 'Fix this.' })).toBe('emails/a.md: Fix this.');
  });
});
