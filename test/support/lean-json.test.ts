import { describe, expect, it } from 'vitest';
import { parseLeanJson, SkippedString } from './lean-json.js';
import { sampleBatch } from './sample-batch.js';

const NONE = new Set<string>();
const BODIES = new Set(['html', 'text']);

const VALID = [
  '{}',
  '[]',
  '""',
  '0',
  '-0',
  '1.5e10',
  '-2.25E-3',
  '1e+2',
  '123456789012345678901234567890',
  '1E400',
  'true',
  'false',
  'null',
  ' \t\r\n { \t"a" \r\n: \n[ 1 , 2 ,\t3 ] , "b" : { } , "c" : [ ] , "d" : "" } \n',
  '{"a":{"b":{"c":[[],[{}],[[null,true,false]]]}}}',
  String.raw`{"s":"\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC \uD83D\uDC76 \ud83c\udffd"}`,
  String.raw`{"lone":"\uD800 \uDC00"}`,
  String.raw`["a\\", "a\\\\", "\"", "\\\"", "\\\\\""]`,
  String.raw`{"html":"a\\","text":"a\\\\","x":1}`,
  String.raw`{"html":"\"","text":"\\\""}`,
  String.raw`{"html":"\\\\\"","text":""}`,
  '{"html":"","text":"plain"}',
  String.raw`{"html":"<p class=\"x\">Zoë 👶🏽</p>\n\t\u00e9","text":"line\nline"}`,
  '{"html":1,"text":null,"other":{"html":[1,"x"],"text":{"html":"deep"}}}',
  '[{"html":"a"},{"text":"b","subject":"c"}]',
  '{"a":1,"a":2}',
  '{"__proto__":{"polluted":true}}',
  '{"html" : \n "spaced" , "text"\t:"t"}',
  '"\u0080\u00ff\u2028\u2029"',
];

const INVALID = [
  '',
  ' ',
  '{',
  '[',
  '{"a":1,}',
  '[1,2,]',
  '[,1]',
  '{,}',
  '{"a" 1}',
  '{"a"}',
  '{a:1}',
  "{'a':1}",
  "['a']",
  '"unterminated',
  '{"a":"unterminated}',
  '{"html":"unterminated}',
  String.raw`{"html":"ends in an escaped quote\"}`,
  String.raw`{"html":"ends in an escaped quote\\\"}`,
  '{"html":"a"',
  '{"html":"a",',
  '{"html":"a" "text":"b"}',
  '{"html":"a"]',
  '01',
  '-01',
  '[01]',
  '1.',
  '.5',
  '-',
  '+1',
  '1e',
  '1e+',
  '0x10',
  'NaN',
  'Infinity',
  'tru',
  'nul',
  'True',
  '"raw\nnewline"',
  '{"subject":"raw\ttab"}',
  '"raw\u0000nul"',
  String.raw`"bad \x escape"`,
  String.raw`"bad \u12 escape"`,
  String.raw`"trailing backslash\"`,
  '{"a":1} x',
  '{}{}',
  '[] []',
  '1 2',
  'true false',
  '"a" "b"',
  '\uFEFF{}',
  '[1]]',
  '{"a":1}}',
];

/** JSON.parse, then html/text strings replaced by their raw lengths in UTF-8 bytes, found in `raw` by a regex rather than the parser. */
function expectedLean(raw: string): unknown {
  const rawLengths = [...raw.matchAll(/"(?:html|text)"\s*:\s*"((?:[^"\\]|\\.)*)"/gs)].map((m) => Buffer.byteLength(m[1]!));
  // Members are visited in document order (no integer-like keys or duplicate html/text in these documents).
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const skipped = (key === 'html' || key === 'text') && typeof item === 'string';
      const replaced = skipped ? new SkippedString(rawLengths.shift()!) : walk(item);
      Object.defineProperty(copy, key, { value: replaced, writable: true, enumerable: true, configurable: true });
    }
    return copy;
  };
  const result = walk(JSON.parse(raw));
  expect(rawLengths).toEqual([]);
  return result;
}

describe('parseLeanJson', () => {
  it.each(VALID)('parses %j exactly like JSON.parse', (raw) => {
    expect(parseLeanJson(raw, NONE)).toStrictEqual(JSON.parse(raw));
  });

  it.each(VALID)('skips html and text in %j, measuring their raw contents', (raw) => {
    expect(parseLeanJson(raw, BODIES)).toStrictEqual(expectedLean(raw));
  });

  it('measures skipped strings between their quotes, escapes undecoded', () => {
    expect(parseLeanJson(String.raw`{"html":"a\\\\","text":"\"\u00e9"}`, BODIES)).toStrictEqual({
      html: new SkippedString(5),
      text: new SkippedString(8),
    });
  });

  it('keeps __proto__ an own property rather than the prototype', () => {
    const parsed = parseLeanJson('{"__proto__":{"polluted":true}}', NONE) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__']);
  });

  it.each(INVALID)('rejects %j with a SyntaxError, as JSON.parse does', (raw) => {
    expect(() => JSON.parse(raw)).toThrow(SyntaxError);
    expect(() => parseLeanJson(raw, NONE)).toThrow(SyntaxError);
    expect(() => parseLeanJson(raw, BODIES)).toThrow(SyntaxError);
  });

  it('reads a realistic batch body as the bytes the fake receives', () => {
    const batch = sampleBatch(100);
    const raw = Buffer.from(JSON.stringify(batch));
    expect(raw.length).toBeGreaterThan(1_500_000);
    const parsed = parseLeanJson(raw, BODIES) as Array<Record<string, unknown>>;
    // The JSON-escaped contents as they sit in the raw bytes.
    const rawLength = (value: string) => Buffer.byteLength(JSON.stringify(value)) - 2;

    expect(parsed).toHaveLength(100);
    parsed.forEach((email, i) => {
      const sent = batch[i]!;
      expect(email.from).toBe(sent.from);
      expect(email.to).toBe(sent.to);
      expect(email.subject).toBe(sent.subject);
      expect(email.headers).toEqual(sent.headers);
      expect(email.html).toStrictEqual(new SkippedString(rawLength(sent.html)));
      expect(email.text).toStrictEqual(new SkippedString(rawLength(sent.text)));
    });
    expect(rawLength(batch[0]!.html)).toBeGreaterThan(batch[0]!.html.length); // escapes and UTF-8 were counted raw
    expect(parseLeanJson(raw, NONE)).toStrictEqual(JSON.parse(raw.toString()));
  });
});
