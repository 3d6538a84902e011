export interface SpamRuleHit {
  /** SpamAssassin's rule name, e.g. 'GUARANTEED_100_PERCENT'. */
  name: string;
  score: number;
  /** SpamAssassin's own one-line description, e.g. 'BODY: One hundred percent guaranteed'. */
  description: string;
}

export interface SpamScore {
  score: number;
  rules: SpamRuleHit[];
}

/**
 * Reads the report `spamassassin -t` appends to the message:
 *
 *   Content analysis details:   (9.7 points, 5.0 required)
 *
 *    pts rule name              description
 *   ---- ---------------------- --------------------------------------------------
 *    2.7 GUARANTEED_100_PERCENT BODY: One hundred percent guaranteed
 *   -0.0 NO_RECEIVED            Informational: message has no Received headers
 *
 * The last such report is the one SpamAssassin wrote: an email's own text could quote one.
 * A long description continues on an indented line of its own.
 */
export function parseSpamAssassinReport(output: string): SpamScore {
  const lines = output.split(/\r?\n/);
  const start = lastIndexWhere(lines, (line) => line.startsWith('Content analysis details:'));
  const total = start === -1 ? null : /\((-?\d+(?:\.\d+)?) points/.exec(lines[start]!);
  if (!total) throw new Error(`spamassassin printed no report; its output began: ${output.slice(0, 300)}`);

  const rules: SpamRuleHit[] = [];
  const tableStart = lines.findIndex((line, i) => i > start && /^-+ -+ -+/.test(line));
  for (const line of lines.slice(tableStart + 1)) {
    if (line.trim() === '') break;
    const hit = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s+(.*)$/.exec(line);
    const previous = rules.at(-1);
    if (hit) rules.push({ score: Number(hit[1]), name: hit[2]!, description: hit[3]!.trim() });
    else if (previous) previous.description += ` ${line.trim()}`;
  }
  return { score: Number(total[1]), rules };
}

// Array.prototype.findLastIndex is ES2023; the project targets ES2022.
function lastIndexWhere(lines: string[], test: (line: string) => boolean): number {
  for (let i = lines.length - 1; i >= 0; i--) if (test(lines[i]!)) return i;
  return -1;
}
