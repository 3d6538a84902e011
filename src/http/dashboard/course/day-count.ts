const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50 };
const COUNT = /\b(\d{1,3}|(?:twenty|thirty|forty|fifty)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)[- ](?:gentle |short |daily |small |quiet )?(days?|emails?|lessons?)\b(?!\s+(?:a|an|each|per|every)\b)/gi;

function numberOf(word: string): number {
  if (/^\d+$/.test(word)) return Number(word);
  const lower = word.toLowerCase();
  const [tens, unit] = lower.split(/[- ]/);
  if (tens && TENS[tens] !== undefined) return TENS[tens]! + (unit ? WORDS.indexOf(unit) : 0);
  return WORDS.indexOf(lower);
}

/**
 * The counts of days, emails or lessons her course's words name ("seven days", "a 5-day
 * course") that differ from the lessons it has: the page warns, gently, before moms read it.
 * A rate ("one email a day", "one lesson each morning") is not a count.
 */
export function mismatchedCounts(texts: string[], lessons: number): Array<{ words: string; count: number }> {
  const found: Array<{ words: string; count: number }> = [];
  for (const text of texts) {
    for (const match of text.matchAll(COUNT)) {
      const count = numberOf(match[1]!);
      if (count !== lessons && !found.some((f) => f.words === match[0])) found.push({ words: match[0], count });
    }
  }
  return found;
}
