import { render } from '@react-email/render';
import type { ReactElement } from 'react';
import { jsonEscaped, jsonStringContents, type Piece } from './wire.js';

/**
 * Rendering a React Email template costs a few milliseconds (HTML, then again for the plain
 * text), which caps a core at a few hundred emails a second. Two recipients of one template
 * differ only in a handful of values, so each template is rendered once with placeholder
 * tokens in those places, cut into literal pieces around them, and every recipient's email is
 * the pieces joined with her values, escaped the way React would have escaped them.
 *
 * The output must stay byte-identical to `render()`: the provider's idempotency key expects a
 * retried batch to carry the same body. So a template is only compiled when two renders with
 * different placeholders agree on every literal piece and a probe with awkward values matches
 * a real render; otherwise that template is rendered per recipient, with one warning.
 */

/** The values that differ between two recipients of one template. */
export type PersonalValues<UrlField extends string> = { firstName: string | null } & Record<UrlField, string>;

export interface PersonalisedTemplate<UrlField extends string> {
  /** Compiled copies live as long as this object (the loaded course), not beyond it. */
  scope: object;
  /** The template key, for the cache and for log lines. */
  name: string;
  /** Every prop that is not personal and still changes the output (postal address, day number…). */
  fixedProps: Record<string, string | number>;
  urlFields: readonly UrlField[];
  element(values: PersonalValues<UrlField>): ReactElement;
}

export interface RenderedBody {
  html: string;
  text: string;
  /** The same html and text as JSON string contents, in pieces, when compiled (see wire.ts). */
  json?: { html: Piece[]; text: Piece[] };
}

/** The one method used from a pino logger; anything with it can receive the warning. */
export interface RenderWarnings {
  warn(details: object, message: string): void;
}

type Field = string;

interface Skeleton {
  /** One more literal than slots: literal, slot, literal, …, literal. */
  literals: string[];
  slots: Field[];
}

interface CompiledTemplate {
  html: Skeleton;
  text: Skeleton;
}

// The greeting renders different markup for a missing name, and null and '' are both "missing"
// to the template, so each gets its own compiled copy rather than guessing they agree.
type NameVariant = 'named' | 'null' | 'empty';

const compiledByScope = new WeakMap<object, Map<string, Promise<CompiledTemplate | null>>>();

/**
 * Every recipient of a batch at once: one wait for the compiled template per kind of greeting,
 * then plain synchronous filling in, rather than a promise (and an async-hooks callback) per
 * recipient. Anyone whose values cannot be filled in verbatim is rendered directly.
 */
export async function renderAllPersonalised<UrlField extends string>(
  template: PersonalisedTemplate<UrlField>,
  valuesList: PersonalValues<UrlField>[],
  warnings: RenderWarnings = processWarnings,
): Promise<RenderedBody[]> {
  const compiled = new Map<NameVariant, CompiledTemplate | null>();
  for (const values of valuesList) {
    const variant = nameVariant(values.firstName);
    if (!compiled.has(variant)) compiled.set(variant, await compiledFor(template, variant, warnings));
  }
  const bodies = valuesList.map((values) => {
    const variant = compiled.get(nameVariant(values.firstName));
    return (variant && fill(variant, values)) ?? null;
  });
  return Promise.all(bodies.map((body, i) => body ?? renderDirect(template.element(valuesList[i]!))));
}

export async function renderDirect(element: ReactElement): Promise<RenderedBody> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}

/**
 * Letters and digits only, so React's escaping and html-to-text's entity decoding leave them
 * alone, and mixed case, so a template that upper-cases a value cannot match them by accident.
 * The two sets differ in length so that a template whose output depends on a value's length
 * (truncation, padding) shows up as a mismatch. Exported for tests that use them as names.
 */
export function placeholder(field: Field, set: 'A' | 'B'): string {
  return `xQ7f${field}N4mE${set === 'A' ? 'A' : 'Bbbbbbb'}x`;
}

function nameVariant(firstName: string | null): NameVariant {
  if (firstName === null) return 'null';
  return firstName === '' ? 'empty' : 'named';
}

function compiledFor<UrlField extends string>(
  template: PersonalisedTemplate<UrlField>,
  variant: NameVariant,
  warnings: RenderWarnings,
): Promise<CompiledTemplate | null> {
  let cache = compiledByScope.get(template.scope);
  if (!cache) {
    cache = new Map();
    compiledByScope.set(template.scope, cache);
  }
  const key = `${variant} ${templateIdentity(template)}`;
  let compiled = cache.get(key);
  if (!compiled) {
    // The promise is cached, not the result, so concurrent batches of a cold template share
    // one compilation. A render that throws is not cached: the next batch tries again.
    compiled = compile(template, variant, warnings);
    cache.set(key, compiled);
    compiled.catch(() => cache.delete(key));
  }
  return compiled;
}

// A batch builds one template object and asks for it once per recipient: its identity is
// serialised once per object rather than per email.
const identities = new WeakMap<object, string>();

function templateIdentity(template: PersonalisedTemplate<string>): string {
  let identity = identities.get(template);
  if (identity === undefined) {
    identity = JSON.stringify([template.name, template.urlFields, template.fixedProps]);
    identities.set(template, identity);
  }
  return identity;
}

async function compile<UrlField extends string>(
  template: PersonalisedTemplate<UrlField>,
  variant: NameVariant,
  warnings: RenderWarnings,
): Promise<CompiledTemplate | null> {
  const fields: Field[] = [...(variant === 'named' ? ['firstName'] : []), ...template.urlFields];
  const withPlaceholders = (set: 'A' | 'B') => {
    const values: Record<string, string | null> = { firstName: variant === 'null' ? null : '' };
    for (const field of fields) values[field] = placeholder(field, set);
    return values as PersonalValues<UrlField>;
  };
  const [a, b] = await Promise.all([
    renderDirect(template.element(withPlaceholders('A'))),
    renderDirect(template.element(withPlaceholders('B'))),
  ]);
  const compiled = {
    html: cut(a.html, fields, 'A'),
    text: cut(a.text, fields, 'A'),
  };
  const reject = (reason: string) => {
    warnings.warn(
      { template: template.name, variant, reason },
      'template cannot be filled in from a cached render; rendering it once per recipient instead',
    );
    return null;
  };
  if (!sameSkeleton(compiled.html, cut(b.html, fields, 'B')) || !sameSkeleton(compiled.text, cut(b.text, fields, 'B'))) {
    return reject('the output around a personal value depends on that value (e.g. it is transformed or measured)');
  }

  const probe = probeValues(variant, template.urlFields);
  const expected = await renderDirect(template.element(probe));
  const actual = fill(compiled, probe);
  if (!actual || actual.html !== expected.html || actual.text !== expected.text) {
    return reject('filling in awkward values does not reproduce a direct render');
  }
  return compiled;
}

function cut(output: string, fields: Field[], set: 'A' | 'B'): Skeleton {
  const fieldByPlaceholder = new Map(fields.map((field) => [placeholder(field, set), field]));
  const literals: string[] = [];
  const slots: Field[] = [];
  let last = 0;
  if (fields.length > 0) {
    for (const match of output.matchAll(new RegExp([...fieldByPlaceholder.keys()].join('|'), 'g'))) {
      literals.push(output.slice(last, match.index));
      slots.push(fieldByPlaceholder.get(match[0])!);
      last = match.index + match[0].length;
    }
  }
  literals.push(output.slice(last));
  return { literals, slots };
}

function sameSkeleton(a: Skeleton, b: Skeleton): boolean {
  return (
    a.literals.length === b.literals.length &&
    a.literals.every((literal, i) => literal === b.literals[i]) &&
    a.slots.every((slot, i) => slot === b.slots[i])
  );
}

/**
 * Null when one of her values cannot be dropped in verbatim; the caller then renders her email
 * directly. That is rare (a name with a tab or a double space), so correctness costs nothing.
 */
function fill(compiled: CompiledTemplate, values: Record<string, string | null>): RenderedBody | null {
  const htmlValue = new Map<Field, string>();
  const textValue = new Map<Field, string>();
  for (const field of new Set([...compiled.html.slots, ...compiled.text.slots])) {
    const raw = values[field];
    if (typeof raw !== 'string') return null;
    const value = wellFormed(raw);
    if (!fitsVerbatim(field, value)) return null;
    htmlValue.set(field, escapeLikeReact(value));
    textValue.set(field, value);
  }
  return {
    html: join(compiled.html, htmlValue),
    text: join(compiled.text, textValue),
    json: { html: joinEncoded(compiled.html, htmlValue), text: joinEncoded(compiled.text, textValue) },
  };
}

function join(skeleton: Skeleton, valueOf: Map<Field, string>): string {
  let out = skeleton.literals[0]!;
  for (let i = 0; i < skeleton.slots.length; i++) out += valueOf.get(skeleton.slots[i]!)! + skeleton.literals[i + 1]!;
  return out;
}

// JSON escapes character by character, so the escaped pieces concatenate to the escaped whole.
const encodedLiterals = new WeakMap<Skeleton, Buffer[]>();

function joinEncoded(skeleton: Skeleton, valueOf: Map<Field, string>): Piece[] {
  let literals = encodedLiterals.get(skeleton);
  if (!literals) encodedLiterals.set(skeleton, (literals = skeleton.literals.map(jsonStringContents)));
  const out = new Array<Piece>(2 * skeleton.slots.length + 1);
  out[0] = literals[0]!;
  for (let i = 0; i < skeleton.slots.length; i++) {
    out[2 * i + 1] = jsonEscaped(valueOf.get(skeleton.slots[i]!)!);
    out[2 * i + 2] = literals[i + 1]!;
  }
  return out;
}

// html-to-text collapses every run of these into one space (and merges a leading or trailing
// one with its neighbour), so only words separated by single spaces survive into the text
// unchanged. It does not wrap: @react-email/render passes `wordwrap: false`.
const TEXT_WORDS = /^[^ \t\n\f\r\u200b]+(?: [^ \t\n\f\r\u200b]+)*$/;
// Links are stricter: React replaces `javascript:` hrefs, html-to-text strips `mailto:` and
// hides hrefs starting with `#`. Printable ASCII after http(s):// is none of those.
const PLAIN_WEB_URL = /^https?:\/\/[!-~]+$/;

function fitsVerbatim(field: Field, value: string): boolean {
  return field === 'firstName' ? TEXT_WORDS.test(value) : PLAIN_WEB_URL.test(value);
}

// Mirrors escapeTextForBrowser in react-dom/server (React 19), which React uses for both text
// and attribute values. The probe in compile() checks this against the installed React.
const REACT_ESCAPES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&#x27;', '<': '&lt;', '>': '&gt;' };

function escapeLikeReact(value: string): string {
  return value.replace(/["&'<>]/g, (char) => REACT_ESCAPES[char]!);
}

// render() streams UTF-8 through TextEncoder/TextDecoder, which turns a lone surrogate into
// U+FFFD; a name cut from the middle of an emoji must come out the same way here.
function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function probeValues<UrlField extends string>(variant: NameVariant, urlFields: readonly UrlField[]): PersonalValues<UrlField> {
  const values: Record<string, string | null> = {
    firstName: variant === 'named' ? `Tom & "Jerry" <b>O'Neil</b> $& $1 Zoë 👶🏽` : variant === 'null' ? null : '',
  };
  for (const field of urlFields) values[field] = `https://probe.example/${field}?a=1&b='2'&c="<3>"`;
  return values as PersonalValues<UrlField>;
}

// composeEmails has no logger of its own on the send path; a process warning still reaches
// stderr once per template, which is what matters when a template silently costs 100× more.
const processWarnings: RenderWarnings = {
  warn(details, message) {
    process.emitWarning(`${message} ${JSON.stringify(details)}`, { code: 'RMG_TEMPLATE_NOT_COMPILED' });
  },
};
