/**
 * A strict JSON parser (RFC 8259) for the fake Resend that reads the request's bytes as they
 * came off the socket and leaves some string values undecoded.
 *
 * In the benchmark the fake runs on the same two cores as the system under test, so every
 * millisecond it spends on a batch body is taken from the emails/s being measured; a real
 * provider's parsing costs us nothing. Most of a ~1.3 MB batch is html and text the fake never
 * keeps (it records their lengths only). JSON.parse needs the body as one string first (a
 * 1.3 MB copy, in V8's large-object space, which the old generation counts: major GCs back to
 * back), then decodes every html and text and collects them again. Here a string that is the
 * value of an object member whose key is in `skipKeys`, at any depth, is only scanned for its
 * closing quote (memchr jumps over the bytes, no per-character work) and comes back as a
 * SkippedString: its escapes are not checked. Everything else parses exactly as with
 * JSON.parse (UTF-8 input), and invalid JSON throws a SyntaxError.
 */
export class SkippedString {
  /** UTF-8 bytes between the quotes, escapes undecoded. */
  constructor(readonly length: number) {}
}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
const QUOTE = 34;
const BACKSLASH = 92;
const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/** The quote that ends a string whose contents begin at `start`: one not escaped by an odd run of backslashes. */
function closingQuote(raw: Buffer, start: number): number {
  for (let quote = raw.indexOf(QUOTE, start); quote !== -1; quote = raw.indexOf(QUOTE, quote + 1)) {
    if (raw[quote - 1] !== BACKSLASH) return quote;
    let before = quote - 2; // stops at the opening quote at the latest
    while (raw[before] === BACKSLASH) before--;
    if ((quote - before) % 2 === 1) return quote;
  }
  return -1;
}

function isNumberByte(c: number | undefined): boolean {
  return c !== undefined && ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69);
}

export function parseLeanJson(input: string | Uint8Array, skipKeys: ReadonlySet<string>): unknown {
  const raw = typeof input === 'string' ? Buffer.from(input) : Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const end = raw.length;
  let pos = 0;

  const fail = (what: string): never => {
    const found = pos < end ? `byte ${raw[pos]}` : 'end of JSON input';
    throw new SyntaxError(`${what}: unexpected ${found} at position ${pos}`);
  };
  const skipSpace = () => {
    let c = raw[pos];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = raw[++pos];
  };
  /** Skips whitespace, then consumes `code` or fails. */
  const expect = (code: number, what: string) => {
    skipSpace();
    if (raw[pos] !== code) fail(what);
    pos++;
  };
  const literal = (word: Buffer) => pos + word.length <= end && raw.compare(word, 0, word.length, pos, pos + word.length) === 0;

  /** A string starting at `pos` (its opening quote), decoded. Short in practice: a per-byte scan is fine. */
  function string(): string {
    const open = pos;
    let escaped = false;
    for (let i = open + 1; i < end; i++) {
      const c = raw[i]!;
      if (c === QUOTE) {
        pos = i + 1;
        // JSON.parse of the literal validates and decodes its escapes.
        return escaped ? (JSON.parse(raw.toString('utf8', open, pos)) as string) : raw.toString('utf8', open + 1, i);
      }
      if (c === BACKSLASH) (escaped = true), i++;
      else if (c < 0x20) return (pos = i), fail('Bad control character in string literal');
    }
    pos = end;
    return fail('Unterminated string');
  }

  /** A string starting at `pos`, only measured: no decoding, no validation of its escapes. */
  function skippedString(): SkippedString {
    const start = pos + 1;
    const close = closingQuote(raw, start);
    if (close === -1) return (pos = end), fail('Unterminated string');
    pos = close + 1;
    return new SkippedString(close - start);
  }

  function object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    pos++;
    skipSpace();
    if (raw[pos] === 125) return pos++, result;
    for (;;) {
      skipSpace();
      if (raw[pos] !== QUOTE) fail('Expected a property name');
      const key = string();
      expect(58, "Expected ':' after a property name");
      skipSpace();
      const item = raw[pos] === QUOTE && skipKeys.has(key) ? skippedString() : value();
      // Like JSON.parse, `__proto__` is an own property, not the prototype.
      if (key === '__proto__') Object.defineProperty(result, key, { value: item, writable: true, enumerable: true, configurable: true });
      else result[key] = item;
      skipSpace();
      const next = raw[pos];
      if (next === 125) return pos++, result;
      if (next !== 44) fail("Expected ',' or '}' after a property value");
      pos++;
    }
  }

  function array(): unknown[] {
    const result: unknown[] = [];
    pos++;
    skipSpace();
    if (raw[pos] === 93) return pos++, result;
    for (;;) {
      result.push(value());
      skipSpace();
      const next = raw[pos];
      if (next === 93) return pos++, result;
      if (next !== 44) fail("Expected ',' or ']' after an array element");
      pos++;
    }
  }

  function value(): unknown {
    skipSpace();
    const c = raw[pos];
    if (c === QUOTE) return string();
    if (c === 123) return object();
    if (c === 91) return array();
    if (c === 116 && literal(TRUE)) return (pos += 4), true;
    if (c === 102 && literal(FALSE)) return (pos += 5), false;
    if (c === 110 && literal(NULL)) return (pos += 4), null;
    if (c === 45 || (c !== undefined && c >= 48 && c <= 57)) {
      let stop = pos + 1;
      while (isNumberByte(raw[stop])) stop++;
      const text = raw.toString('latin1', pos, stop);
      if (NUMBER.test(text)) return (pos = stop), Number(text);
    }
    return fail('Expected a JSON value');
  }

  const result = value();
  skipSpace();
  if (pos < end) fail('Expected the end of the JSON text');
  return result;
}
