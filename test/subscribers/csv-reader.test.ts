import { describe, expect, it } from 'vitest';
import { CsvReader, MAX_RECORD_FIELDS, type CsvItem } from '../../src/subscribers/import/csv-reader.js';

const readAll = (text: string, pieces: number[]): CsvItem[] => {
  const reader = new CsvReader();
  const items: CsvItem[] = [];
  let at = 0;
  for (const size of pieces) {
    items.push(...reader.push(text.slice(at, at + size)));
    at += size;
  }
  items.push(...reader.push(text.slice(at), true));
  return items;
};

describe('reading CSV records', () => {
  const tricky = '\uFEFFemail,name\r\na@example.com,"Two\r\nlines"\r\nb@example.com,"say ""hi"""\rc@example.com,5" tall\n"x@y",z\n\nd@example.com,"open\ne@example.com,E';

  it('reads the same records wherever the file is cut into pieces', () => {
    const whole = readAll(tricky, []);
    expect(whole).toEqual([
      { record: ['email', 'name'], line: 1 },
      { record: ['a@example.com', 'Two\r\nlines'], line: 2 },
      { record: ['b@example.com', 'say "hi"'], line: 4 },
      { record: ['c@example.com', '5" tall'], line: 5 },
      { record: ['x@y', 'z'], line: 6 },
      { record: [''], line: 7 },
      // The quote opened on line 8 never closes: line 8 is reported, line 9 read on its own.
      { unreadable: 'broken_quotes', line: 8 },
      { record: ['e@example.com', 'E'], line: 9 },
    ]);
    for (let cut = 1; cut < tricky.length; cut++) expect(readAll(tricky, [cut]), `cut at ${cut}`).toEqual(whole);
    expect(readAll(tricky, Array.from({ length: tricky.length }, () => 1))).toEqual(whole);
  });

  it('reports a line too long or too wide by its line, holds none of it, and reads on', () => {
    const text = `email\na@x\n${'y'.repeat(70_000)}\n${','.repeat(MAX_RECORD_FIELDS * 5)}\r\nb@x\n`;
    const items = readAll(text, Array.from({ length: 40 }, () => 4_096));
    expect(items).toEqual([
      { record: ['email'], line: 1 },
      { record: ['a@x'], line: 2 },
      { unreadable: 'row_too_long', line: 3 },
      { unreadable: 'too_many_values', line: 4 },
      { record: ['b@x'], line: 5 },
    ]);
  });
});
