import { describe, expect, it } from 'vitest';
import { parseSpamAssassinReport } from '../../src/checks/spamassassin-report';
import { checkSpamScore } from '../../src/checks/spam-score';

// The tail of a real `spamassassin -t -L` run (SpamAssassin 4.0.1), with a wrapped description.
const report = `Subject: hello

Content analysis details:   (quoted by the email itself, not the real report)

Spam detection software, running on the system "vm",
has identified this incoming email as possible spam.

Content analysis details:   (9.7 points, 5.0 required)

 pts rule name              description
---- ---------------------- --------------------------------------------------
-0.0 NO_RECEIVED            Informational: message has no Received headers
 2.7 GUARANTEED_100_PERCENT BODY: One hundred percent guaranteed
 2.8 DRUG_ED_CAPS           BODY: Mentions an E.D. drug
 1.9 NO_PRESCRIPTION        BODY: No prescription needed
 0.5 SUBJ_ALL_CAPS          Subject is all capitals
 0.0 MIME_QP_LONG_LINE      RAW: Quoted-printable line longer than 76
                            chars
 1.8 DRUGS_ERECTILE         Refers to an erectile drug

`;

describe('parseSpamAssassinReport', () => {
  it('reads the total and every rule hit from the last report', () => {
    const result = parseSpamAssassinReport(report);
    expect(result.score).toBe(9.7);
    expect(result.rules).toHaveLength(7);
    expect(result.rules[0]).toEqual({ name: 'NO_RECEIVED', score: -0, description: 'Informational: message has no Received headers' });
    expect(result.rules[5]).toEqual({ name: 'MIME_QP_LONG_LINE', score: 0, description: 'RAW: Quoted-printable line longer than 76 chars' });
  });

  it('fails loudly when there is no report to read', () => {
    expect(() => parseSpamAssassinReport('Subject: hi\n\nbody')).toThrow(/printed no report/);
  });
});

describe('checkSpamScore', () => {
  it('is an error above the threshold, naming the three heaviest rules in plain words', () => {
    const [problem, ...rest] = checkSpamScore('emails/x.md', parseSpamAssassinReport(report));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: 'emails/x.md', severity: 'error', rule: 'spam-score' });
    expect(problem!.message).toContain('score 9.7, it should be 2.5 or less');
    expect(problem!.message).toContain(
      'The main reasons: mentions an E.D. drug (2.8); one hundred percent guaranteed (2.7); no prescription needed (1.9).',
    );
  });

  it('passes a score at or below the threshold, and a missing SpamAssassin', () => {
    expect(checkSpamScore('emails/x.md', { score: 2.5, rules: [] })).toEqual([]);
    expect(checkSpamScore('emails/x.md', null)).toEqual([]);
    expect(checkSpamScore('emails/x.md', { score: 2.6, rules: [] }, 3)).toEqual([]);
  });
});
