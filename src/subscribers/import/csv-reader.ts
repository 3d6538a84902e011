/**
 * A CSV reader for her list that never loses its place. csv-parse (used here before) lost it:
 * after a record over its size cap it skipped the next records as "broken" and dropped the rest
 * unannounced, and its cap counted characters only, so a row of a million bare commas (empty
 * fields) was held whole in memory. Here every record is either handed out or reported by its
 * first line, and reading goes on at the next line.
 *
 * The dialect is csv-parse's with `relax_quotes` and `relax_column_count`, which the import used:
 * comma-separated, "double quotes" around a value with commas or line breaks in it, "" for a
 * quote inside one, a stray quote inside a value kept as it is, and lines ending in \n, \r\n or \r.
 */

/** One person's row is a few hundred characters; a quote left open would otherwise swallow the rest of a file. */
export const MAX_RECORD_CHARS = 64 * 1024;
/** Every known export has under a hundred columns; a row of a million commas is a million empty values. */
export const MAX_RECORD_FIELDS = 1_000;

export type UnreadableReason = 'broken_quotes' | 'row_too_long' | 'too_many_values';

export type CsvItem =
  | { record: string[]; line: number }
  | { unreadable: UnreadableReason; line: number };

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

type Scan =
  | { kind: 'record'; fields: string[]; end: number; breaks: number; endsInCr: boolean }
  | { kind: 'incomplete'; firstBreak: number }
  | { kind: 'unreadable'; reason: UnreadableReason; firstBreak: number; at: number };

/**
 * Fed the text of the file in pieces, it hands out what each piece completes. A record still
 * open at the end of a piece is read again from its start with the next one; a piece is at least
 * `MAX_RECORD_CHARS` long (import-csv.ts gathers them), so that costs at most one more reading.
 */
export class CsvReader {
  /** The line the next record starts on (the first line is 1). */
  private line = 1;
  private carry = '';
  /** Discarding the rest of an unreadable line. */
  private skipping = false;
  /** The last piece ended in \r: a \n starting the next one belongs to the same line end. */
  private skipLf = false;
  private started = false;

  push(text: string, final = false): CsvItem[] {
    const items: CsvItem[] = [];
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.carry !== '') {
      text = this.carry + text;
      this.carry = '';
    }
    let pos = 0;
    if (this.skipLf && text.length > 0) {
      this.skipLf = false;
      if (text.charCodeAt(0) === LF) pos = 1;
    }
    while (pos < text.length) {
      if (this.skipping) {
        pos = this.skipLine(text, pos);
        continue;
      }
      const start = pos;
      const scan = scanRecord(text, start, final);
      if (scan.kind === 'record') {
        items.push({ record: scan.fields, line: this.line });
        this.line += 1 + scan.breaks;
        this.skipLf = scan.endsInCr && scan.end === text.length && !final;
        pos = scan.end;
        continue;
      }
      if (scan.kind === 'incomplete' && text.length - start <= MAX_RECORD_CHARS) {
        this.carry = text.slice(start);
        return items;
      }
      const reason = scan.kind === 'unreadable' ? scan.reason : 'row_too_long';
      if (scan.firstBreak >= 0) {
        // A value in quotes ran on over line breaks and never closed properly: the quote is the
        // fault. Its first line is reported, and the lines it swallowed are read again as rows.
        items.push({ unreadable: 'broken_quotes', line: this.line });
        this.line++;
        pos = scan.firstBreak;
      } else {
        // One line too long or too wide: the rest of it is discarded as it arrives, unkept.
        items.push({ unreadable: reason, line: this.line });
        this.skipping = true;
        pos = scan.kind === 'unreadable' ? scan.at : text.length;
      }
    }
    if (final) this.carry = '';
    return items;
  }

  private skipLine(text: string, from: number): number {
    let pos = from;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === LF || c === CR) break;
      pos++;
    }
    if (pos === text.length) return pos;
    this.skipping = false;
    this.line++;
    if (text.charCodeAt(pos) === CR) {
      if (pos + 1 < text.length) return text.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1;
      this.skipLf = true;
    }
    return pos + 1;
  }
}

/**
 * Reads one record from `start`. Quoted values are cut out in slices between their "" pairs,
 * unquoted ones in one slice: a character at a time only where there is no other way.
 */
function scanRecord(text: string, start: number, final: boolean): Scan {
  const fields: string[] = [];
  const length = text.length;
  let pos = start;
  let breaks = 0;
  let firstBreak = -1;
  const tooLong = () => pos - start > MAX_RECORD_CHARS;
  for (;;) {
    if (fields.length === MAX_RECORD_FIELDS) return { kind: 'unreadable', reason: 'too_many_values', firstBreak, at: pos };
    let value = '';
    if (pos < length && text.charCodeAt(pos) === QUOTE) {
      let from = pos + 1;
      pos = from;
      let closed = false;
      for (;;) {
        if (pos >= length) {
          if (!final) return { kind: 'incomplete', firstBreak };
          return { kind: 'unreadable', reason: 'broken_quotes', firstBreak, at: pos };
        }
        const c = text.charCodeAt(pos);
        if (c === QUOTE) {
          if (pos + 1 >= length && !final) return { kind: 'incomplete', firstBreak };
          const next = pos + 1 < length ? text.charCodeAt(pos + 1) : -1;
          if (next === QUOTE) {
            value += text.slice(from, pos + 1);
            pos += 2;
            from = pos;
            continue;
          }
          if (next === -1 || next === COMMA || next === LF || next === CR) {
            value += text.slice(from, pos);
            pos++;
            closed = true;
            break;
          }
          // "5" tall: a quote that closes nothing. Like csv-parse's relax_quotes, the value
          // keeps its quotes and reads on as unquoted text.
          value = `"${value}${text.slice(from, pos)}`;
          break;
        }
        if (c === LF || c === CR) {
          if (c === CR && pos + 1 >= length && !final) return { kind: 'incomplete', firstBreak };
          const width = c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
          breaks++;
          if (firstBreak < 0) firstBreak = pos + width;
          pos += width;
        } else pos++;
        if (tooLong()) return { kind: 'unreadable', reason: 'row_too_long', firstBreak, at: pos };
      }
      if (!closed) {
        const from2 = pos;
        pos = endOfUnquoted(text, pos);
        value += text.slice(from2, pos);
      }
    } else {
      const from = pos;
      pos = endOfUnquoted(text, pos);
      value = text.slice(from, pos);
    }
    if (tooLong()) return { kind: 'unreadable', reason: 'row_too_long', firstBreak, at: pos };
    if (pos >= length) {
      if (!final) return { kind: 'incomplete', firstBreak };
      fields.push(value);
      return { kind: 'record', fields, end: pos, breaks, endsInCr: false };
    }
    fields.push(value);
    const c = text.charCodeAt(pos);
    if (c === COMMA) {
      pos++;
      continue;
    }
    if (c === LF) return { kind: 'record', fields, end: pos + 1, breaks, endsInCr: false };
    // \r: a line end of its own, or the first half of \r\n.
    if (pos + 1 < length) return { kind: 'record', fields, end: text.charCodeAt(pos + 1) === LF ? pos + 2 : pos + 1, breaks, endsInCr: false };
    return { kind: 'record', fields, end: pos + 1, breaks, endsInCr: true };
  }
}

function endOfUnquoted(text: string, from: number): number {
  let pos = from;
  const length = text.length;
  while (pos < length) {
    const c = text.charCodeAt(pos);
    if (c === COMMA || c === LF || c === CR) return pos;
    pos++;
  }
  return pos;
}
