import { StringDecoder } from 'node:string_decoder';
import { AppError } from '../../errors.js';
import { CsvReader, MAX_RECORD_CHARS, MAX_RECORD_FIELDS, type CsvItem, type UnreadableReason } from './csv-reader.js';
import type { ColumnPositions, RowProblem } from './row.js';
import { columnKey, detectSource, OWN_FILE, type ListSource } from './sources.js';

/** A record of her file, or a line of it that could not be read as one (reported, never dropped). */
export type CsvRecord = { record: string[]; line: number; problem?: undefined } | { problem: RowProblem };

export interface ColumnMapping {
  column: string;
  meaning: string;
}

export interface SubscriberCsv {
  columns: ColumnPositions;
  fieldCount: number;
  /** The header line's names, as written (trimmed). */
  header: string[];
  /** Whose export this is, told by its header line. */
  source: ListSource;
  /** Each column of the header line and what it becomes here, for the dry run to show. */
  mapping: ColumnMapping[];
  /** Header names of her own file that this app does not know; their values are ignored. */
  unknownColumns: string[];
  records: AsyncIterable<CsvRecord>;
  /** Stops reading (the rest of the upload or file is left unread). */
  close(): void;
}

const SAVE_AS_UTF8 = 'In your spreadsheet app choose File › Save As (or Download) and pick "CSV UTF-8", then import that file.';
/** Bytes gathered before the reader looks at them: at least one longest record, so a record cut in two is read again at most once. */
const PIECE_BYTES = MAX_RECORD_CHARS;

/**
 * Opens her CSV as a stream: reads the header line (which must name an `email` column) and
 * hands back the records one at a time, never the whole file. A file that is not UTF-8 at
 * all is refused here, before a single row is looked at. A line that cannot be read as a
 * record (a quote that never closes, a line over 64 KB or over 1,000 values) comes back as a
 * problem on its line, and reading goes on at the next line.
 */
export async function openSubscriberCsv(source: AsyncIterable<Uint8Array>): Promise<SubscriberCsv> {
  const items = csvItems(source);
  const close = () => {
    void items.return(undefined).catch(() => {});
  };
  let header: HeaderLine;
  try {
    const first = await items.next();
    if (first.done) throw new AppError('validation_failed', 'The file is empty. Its first line should name the columns, for example: email,first_name,timezone');
    if ('unreadable' in first.value) {
      throw new AppError('validation_failed', `Line 1 cannot be read as the names of columns (${UNREADABLE_HEADER[first.value.unreadable]}). The first line must name the columns, for example: email,first_name,timezone`);
    }
    header = readHeader(first.value.record);
  } catch (error) {
    close();
    throw error;
  }

  const fieldCount = header.fieldCount;
  return {
    ...header,
    close,
    records: (async function* () {
      for await (const item of items) {
        if ('unreadable' in item) {
          yield { problem: unreadableRow(item.unreadable, item.line, fieldCount) };
          continue;
        }
        // Blank lines, and the rows of bare commas Excel leaves below the data, hold nobody.
        if (item.record.every((field) => field.trim() === '')) continue;
        yield item;
      }
    })(),
  };
}

const UNREADABLE_HEADER: Record<UnreadableReason, string> = {
  broken_quotes: 'a "double quote" in it never closes',
  row_too_long: `it is longer than ${MAX_RECORD_CHARS / 1024} KB`,
  too_many_values: `it names more than ${MAX_RECORD_FIELDS.toLocaleString('en-US')} columns`,
};

function unreadableRow(reason: UnreadableReason, line: number, fieldCount: number): RowProblem {
  const message = {
    broken_quotes: `a "double quote" opens a value and never closes it. Check the quotes on line ${line}; the lines below it were read on their own.`,
    row_too_long: `is longer than ${MAX_RECORD_CHARS / 1024} KB, far more than one person's details, so it was not read. Check it for text pasted by mistake.`,
    too_many_values: `has more than ${MAX_RECORD_FIELDS.toLocaleString('en-US')} values, but the first line names ${fieldCount} columns, so it was not read. Check it for a long run of commas.`,
  }[reason];
  return { line, reason, message: `line ${line}: ${message}` };
}

/** The file's records as they arrive, decoded as UTF-8 (a character cut between two reads stays whole). */
async function* csvItems(source: AsyncIterable<Uint8Array>): AsyncGenerator<CsvItem> {
  const reader = new CsvReader();
  const decoder = new StringDecoder('utf8');
  const sniff = refuseNonUtf8();
  let pending: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of source) {
    const piece = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    sniff(piece);
    pending.push(piece);
    bytes += piece.length;
    if (bytes < PIECE_BYTES) continue;
    const text = decoder.write(pending.length === 1 ? pending[0]! : Buffer.concat(pending));
    pending = [];
    bytes = 0;
    yield* reader.push(text);
  }
  yield* reader.push(decoder.write(Buffer.concat(pending)) + decoder.end(), true);
}

type HeaderLine = Pick<SubscriberCsv, 'columns' | 'fieldCount' | 'header' | 'source' | 'mapping' | 'unknownColumns'>;

function readHeader(record: string[]): HeaderLine {
  const header = record.map((name) => name.trim());
  if (header.some((name) => name.includes('\uFFFD'))) {
    throw new AppError('validation_failed', `The file is not UTF-8 text: its first line has characters that cannot be read. ${SAVE_AS_UTF8}`);
  }
  const source = detectSource(header);
  const columns: ColumnPositions = {};
  const mapping: ColumnMapping[] = [];
  const unknownColumns: string[] = [];
  header.forEach((name, position) => {
    const key = columnKey(name);
    // Own keys only: a column headed "constructor" is not Object's.
    const known = Object.hasOwn(source.columns, key) ? source.columns[key] : undefined;
    if (!known) {
      if (source === OWN_FILE) unknownColumns.push(name);
      else if (name !== '') mapping.push({ column: name, meaning: 'not used' });
      return;
    }
    mapping.push({ column: name, meaning: known.meaning });
    if (!known.role) return;
    if (columns[known.role] !== undefined) {
      // A tool's file may name one thing twice (Substack: created_at and subscription_date); the first counts.
      if (source.tool) return;
      throw new AppError('validation_failed', `Line 1 names the column "${known.role}" twice. Keep one of them and import the file again.`);
    }
    columns[known.role] = position;
  });
  if (columns.email === undefined) {
    throw new AppError(
      'validation_failed',
      `Line 1 has no "email" column (it names: ${header.map((h) => JSON.stringify(h)).join(', ') || 'nothing'}). The first line must name the columns, for example: email,first_name,timezone,consented_at,consent_source,newsletter`,
    );
  }
  return { columns, fieldCount: header.length, header, source, mapping, unknownColumns };
}

/**
 * Spreadsheet apps offer "Unicode text" and "CSV" exports in UTF-16, where every other byte of
 * plain text is a NUL. Those are refused whole, with what to do instead: read as UTF-8 they
 * would be nothing but broken rows.
 */
function refuseNonUtf8(): (chunk: Buffer) => void {
  let sniffed = 0;
  return (chunk) => {
    if (sniffed >= 64 * 1024) return;
    const utf16Bom = sniffed === 0 && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff));
    if (utf16Bom || chunk.subarray(0, 64 * 1024 - sniffed).includes(0)) {
      throw new AppError('validation_failed', `The file is not UTF-8 text (it looks like UTF-16, "Unicode text"). ${SAVE_AS_UTF8}`);
    }
    sniffed += chunk.length;
  };
}
