/**
 * The details at the top of her files, as Word, TextEdit and Pages type them. Two things they
 * do are not YAML, though she means something plain by each:
 *
 * - Smart quotes: `subject: “Bonus day: rest”`. YAML reads “ ” as letters, not as quotes.
 * - A colon in unquoted words: `subject: Bonus day: rest`. YAML reads a second name and value.
 *
 * Both lines are rewritten as a properly quoted string before YAML reads them, one line for one
 * line, so every line number stays the file's. Only top-level `name: value` lines are touched:
 * a lesson's details are flat, and an indented line may belong to a list or a block of text.
 */

const TOP_LEVEL_FIELD = /^([A-Za-z_][A-Za-z0-9_-]*)([ \t]*:[ \t]+)(.*?)[ \t]*(\r?)$/;
const OPENING_DOUBLE = '“”"„';
const CLOSING_DOUBLE = '”“"';
const OPENING_SINGLE = '‘’\'';
const CLOSING_SINGLE = '’‘\'';
// A plain value starting with one of these means something else to YAML (a list, a block of
// text, a quote, a comment…), so it is left for YAML to read as it is.
const YAML_MEANINGFUL_START = /^[[{|>&*!%@`#"'-]/;

/** Her front-matter text with smart-quoted values and colons in plain values made readable. */
export function normaliseFrontMatterText(yamlText: string): string {
  return yamlText
    .split('\n')
    .map((line) => {
      const field = TOP_LEVEL_FIELD.exec(line);
      if (!field) return line;
      const [, name, separator, value, cr] = field as unknown as [string, string, string, string, string];
      const words = smartQuotedWords(value) ?? plainWordsWithColon(value);
      return words === null ? line : `${name}${separator}${JSON.stringify(words)}${cr}`;
    })
    .join('\n');
}

/** `“Bonus day: rest”` (or one smart quote and one straight) → `Bonus day: rest`. */
function smartQuotedWords(value: string): string | null {
  if (value.length < 2) return null;
  const first = value[0]!;
  const last = value[value.length - 1]!;
  const wrapped =
    (OPENING_DOUBLE.includes(first) && CLOSING_DOUBLE.includes(last)) || (OPENING_SINGLE.includes(first) && CLOSING_SINGLE.includes(last));
  // Two straight quotes are YAML's own, and YAML reads them well.
  if (!wrapped || (first === last && (first === '"' || first === "'"))) return null;
  return value.slice(1, -1);
}

/** `Bonus day: rest` → the whole of it, as she meant. A trailing ` # note` stays YAML's. */
function plainWordsWithColon(value: string): string | null {
  if (!(value.includes(': ') || value.endsWith(':')) || YAML_MEANINGFUL_START.test(value) || value.includes(' #')) return null;
  return value;
}

/**
 * What YAML could still not read, in words for someone who has never heard of YAML: the line,
 * what looks wrong on it, and the line written the way that works.
 */
export function unreadableLineMessage(code: string, lineText: string | undefined): string {
  const line = (lineText ?? '').replace(/\r$/, '');
  const lead = 'The details at the top could not be read';
  const field = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]*(.*)$/.exec(line);
  const example = field ? `  ${field[1]}: ${JSON.stringify(stripQuotes(field[2]!.trim()) || '…')}` : '  subject: "Your words here"';
  switch (code) {
    case 'DUPLICATE_KEY':
      return `${lead}: ${field ? `"${field[1]}"` : 'this name'} appears twice. Keep one of the two lines and delete the other.`;
    case 'TAB_AS_INDENT':
      return `${lead}: this line starts with a tab. Use spaces instead, or none at all.`;
    case 'MISSING_CHAR':
      return `${lead}: a quote on this line is never closed. Words that start with " must end with " on the same line, like${example}`;
    case 'BAD_INDENT':
      if (/^[ \t]/.test(line)) return `${lead}: this line starts with spaces, so it looks like part of the line above. Remove the spaces at its start, or join it to the line above.`;
      break;
  }
  if (line.trim() !== '' && !field && !/^\s/.test(line)) {
    return `${lead}: this line has no colon after its name. Write it as a name, a colon, a space and the words in quotes, like${example}`;
  }
  return `${lead}: something on this line is out of place. Write each detail on one line as a name, a colon, a space and the words in straight double quotes, like${example}`;
}

function stripQuotes(value: string): string {
  const inner = smartQuotedWords(value);
  if (inner !== null) return inner;
  return /^(["'])(.*)\1$/.exec(value)?.[2] ?? value.replace(/^["']/, '');
}

/**
 * YAML finds an unclosed quote where the text ends, not where she opened it: the 1-based line
 * whose value opens a straight quote it never closes, or null.
 */
export function lineWithUnclosedQuote(yamlText: string): number | null {
  const lines = yamlText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const value = TOP_LEVEL_FIELD.exec(lines[i]!)?.[3];
    if (!value) continue;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && (value.length === 1 || value[value.length - 1] !== quote)) return i + 1;
  }
  return null;
}
