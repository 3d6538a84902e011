/**
 * The length a course's words name ("Seven short, gentle emails", "a free 7-day course", "for
 * seven days"), so that a course that gained or lost a lesson can say its words no longer match.
 * One home for the rule: the loader's warning (course-file.ts) and the dashboard's (the course
 * page, the settings editor) read the same words the same way.
 */
const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty', 'twenty-one', 'twenty-two', 'twenty-three', 'twenty-four', 'twenty-five', 'twenty-six', 'twenty-seven', 'twenty-eight', 'twenty-nine', 'thirty'];

// A number, then "-day"/" day", or up to two words and a plural (days, emails, lessons, letters).
// A rate ("one email a day", "two emails each week") is not a length: the plural may not be
// followed by "a", "an", "each", "per" or "every".
const LENGTH = new RegExp(
  `\\b(\\d{1,3}|${[...NUMBER_WORDS].reverse().join('|')})(?:[ -]day\\b|(?:[ ,-]+[a-z]+){0,2}?[ ,-]+(?:days|emails|lessons|letters)\\b(?!\\s+(?:a|an|each|per|every)\\b))`,
  'gi',
);

const countOf = (word: string) => (/^\d+$/.test(word) ? Number(word) : NUMBER_WORDS.indexOf(word.toLowerCase()));

/** Every length the text names, with the words that name it, in order. */
export function namedLengths(text: string): Array<{ words: string; count: number }> {
  return [...text.matchAll(LENGTH)].map((m) => ({ words: m[0], count: countOf(m[1]!) }));
}

/** The first length the text names, if any. */
export function namedLength(text: string): number | null {
  return namedLengths(text)[0]?.count ?? null;
}

/** The lengths her words name that differ from the lessons the course has, each once. */
export function mismatchedCounts(texts: string[], lessons: number): Array<{ words: string; count: number }> {
  const found: Array<{ words: string; count: number }> = [];
  for (const text of texts) {
    for (const named of namedLengths(text)) {
      if (named.count !== lessons && !found.some((f) => f.words === named.words)) found.push(named);
    }
  }
  return found;
}
