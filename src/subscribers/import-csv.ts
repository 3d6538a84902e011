import { Readable, Transform, type TransformCallback } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { AppError } from '../errors.js';
import { knownColumn } from './columns.js';
import type { ColumnPositions, RowProblem } from './import-row.js';

export interface CsvRecord {
  record: string[];
  /** The line the record starts on, counting the header as line 1. */
  line: number;
}

export interface SubscriberCsv {
  columns: ColumnPositions;
  fieldCount: number;
  /** Header names this app does not know; their values are ignored. */
  unknownColumns: string[];
  records: AsyncIterable<CsvRecord>;
  /** Stops reading (the rest of the upload or file is left unread). */
  close(): void;
}

const SAVE_AS_UTF8 = 'In your spreadsheet app choose File › Save As (or Download) and pick "CSV UTF-8", then import that file.';
// One person's row is a few hundred bytes; a quote left open would otherwise swallow the rest
// of a large file into one value held in memory.
const MAX_RECORD_BYTES = 64 * 1024;

/**
 * Opens her CSV as a stream: reads the header line (which must name an `email` column) and
 * hands back the records one at a time, never the whole file. A file that is not UTF-8 at
 * all is refused here, before a single row is looked at. Records whose quotes are broken are
 * reported through `onBroken` and the rest of the file still reads.
 */
export async function openSubscriberCsv(source: AsyncIterable<Uint8Array>, onBroken: (problem: RowProblem) => void): Promise<SubscriberCsv> {
  // Line numbers are counted here rather than asked of csv-parse: its `info` and `on_record`
  // build an object per record, which doubled the cost of reading a million rows.
  const parser = parse({
    bom: true,
    relax_column_count: true,
    // A stray quote inside a value ("5" tall) is kept as it is, not a reason to lose the rows after it.
    relax_quotes: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  // A skipped record is announced while csv-parse reads ahead of the rows handed out, so it is
  // noted with the number of records before it and reported when the rows reach it.
  const skips: Array<{ recordsBefore: number; lastLine: number }> = [];
  parser.on('skip', (error: CsvError & { records?: number; lines?: number }) => {
    skips.push({ recordsBefore: error.records ?? 0, lastLine: error.lines ?? 0 });
  });
  const stream = Readable.from(source, { objectMode: false }).pipe(refuseNonUtf8());
  stream.on('error', (error) => parser.destroy(error));
  stream.pipe(parser);

  const close = () => {
    stream.destroy();
    parser.destroy();
  };
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let header: Pick<SubscriberCsv, 'columns' | 'fieldCount' | 'unknownColumns'>;
  let consumed = 0;
  let nextLine = 1;
  try {
    const first = await next(records);
    if (!first) throw new AppError('validation_failed', 'The file is empty. Its first line should name the columns, for example: email,first_name,timezone');
    header = readHeader(first);
    consumed = 1;
    nextLine = 2 + newlines(first);
  } catch (error) {
    close();
    throw error;
  }

  const reportSkipsUpTo = (recordsSoFar: number) => {
    while (skips.length > 0 && skips[0]!.recordsBefore <= recordsSoFar) {
      const skip = skips.shift()!;
      const line = nextLine;
      onBroken({
        line,
        reason: 'broken_quotes',
        message: `line ${line}: a "double quote" opens a value and does not close it, so the lines up to ${skip.lastLine} could not be read as rows. Check the quotes on line ${line}.`,
      });
      nextLine = skip.lastLine + 1;
    }
  };

  return {
    ...header,
    close,
    records: (async function* () {
      for (;;) {
        const record = await next(records);
        reportSkipsUpTo(consumed);
        if (!record) return;
        consumed++;
        const line = nextLine;
        // A line break inside a quoted value continues the same record on the next line.
        nextLine += 1 + newlines(record);
        // Blank lines, and the rows of bare commas Excel leaves below the data, hold nobody.
        if (record.every((field) => field.trim() === '')) continue;
        yield { record, line };
      }
    })(),
  };
}

function readHeader(record: string[]): Pick<SubscriberCsv, 'columns' | 'fieldCount' | 'unknownColumns'> {
  const header = record.map((name) => name.trim());
  if (header.some((name) => name.includes('\uFFFD'))) {
    throw new AppError('validation_failed', `The file is not UTF-8 text: its first line has characters that cannot be read. ${SAVE_AS_UTF8}`);
  }
  const columns: ColumnPositions = {};
  const unknownColumns: string[] = [];
  header.forEach((name, position) => {
    const column = knownColumn(name);
    if (!column) {
      unknownColumns.push(name);
      return;
    }
    if (columns[column] !== undefined) {
      throw new AppError('validation_failed', `Line 1 names the column "${column}" twice. Keep one of them and import the file again.`);
    }
    columns[column] = position;
  });
  if (columns.email === undefined) {
    throw new AppError(
      'validation_failed',
      `Line 1 has no "email" column (it names: ${header.map((h) => JSON.stringify(h)).join(', ') || 'nothing'}). The first line must name the columns, for example: email,first_name,timezone,consented_at,consent_source,newsletter`,
    );
  }
  return { columns, fieldCount: header.length, unknownColumns };
}

async function next<T>(iterator: AsyncIterator<T>): Promise<T | null> {
  try {
    const step = await iterator.next();
    return step.done ? null : step.value;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof CsvError) throw new AppError('validation_failed', `The file could not be read as CSV (${error.message}).`);
    throw error;
  }
}

function newlines(record: string[]): number {
  let count = 0;
  for (const field of record) {
    if (!field.includes('\n')) continue;
    for (const ch of field) if (ch === '\n') count++;
  }
  return count;
}

/**
 * Spreadsheet apps offer "Unicode text" and "CSV" exports in UTF-16, where every other byte of
 * plain text is a NUL. Those are refused whole, with what to do instead: read as UTF-8 they
 * would be nothing but broken rows.
 */
function refuseNonUtf8(): Transform {
  let sniffed = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (sniffed < 64 * 1024) {
        const utf16Bom = sniffed === 0 && chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff));
        if (utf16Bom || chunk.subarray(0, 64 * 1024 - sniffed).includes(0)) {
          callback(new AppError('validation_failed', `The file is not UTF-8 text (it looks like UTF-16, "Unicode text"). ${SAVE_AS_UTF8}`));
          return;
        }
        sniffed += chunk.length;
      }
      callback(null, chunk);
    },
  });
}

