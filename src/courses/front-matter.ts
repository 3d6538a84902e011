import { readFileSync } from 'node:fs';
import { LINK_LEADS_OUTSIDE, realPathInEmails } from './emails-dir.js';
import { documentKey, type EmailsRoot } from './emails-root.js';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Problems } from './authoring-problem.js';
import { lineWithUnclosedQuote, normaliseFrontMatterText, unreadableLineMessage } from './front-matter-lines.js';

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
  /** The 1-based line of the file on which the body starts, so body line numbers are the file's. */
  bodyLine: number;
  /** The file line of a front-matter field, for messages about it. */
  lineOf(key: string): number | undefined;
}

/**
 * Reads one of her files; when it is not there, records `whenMissing` (what to do about it).
 * Only files inside emails/ are read, wherever a link in it points. From stored documents, the
 * document of that path.
 */
export function readSource(root: EmailsRoot, path: string, file: string, problems: Problems, whenMissing: string): string | null {
  if (typeof root !== 'string') {
    const text = root.documents.get(documentKey(root, path));
    if (text === undefined) problems.error(file, undefined, whenMissing);
    return text ?? null;
  }
  const emailsDir = root;
  const real = realPathInEmails(emailsDir, path);
  if (real === 'outside') {
    problems.error(file, undefined, LINK_LEADS_OUTSIDE);
    return null;
  }
  try {
    if (real === 'missing') throw new Error('missing');
    return readFileSync(real, 'utf8');
  } catch {
    problems.error(file, undefined, whenMissing);
    return null;
  }
}

const OPENING = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSING = /^---[ \t]*$/m;

/**
 * Splits `---` YAML `---` from the Markdown after it. The YAML library does the parsing, and a
 * line counter turns its offsets into file lines (the opening `---` is line 1). Null when the
 * front matter is missing or broken; the problem is recorded.
 */
export function readFrontMatter(file: string, source: string, problems: Problems): FrontMatter | null {
  const opening = OPENING.exec(source);
  if (!opening) {
    problems.error(file, 1, 'The file must begin with a line of three dashes (---), then the details (id, subject, preview…), then another line of three dashes.');
    return null;
  }
  const rest = source.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (!closing) {
    problems.error(file, 1, 'The details at the top are never closed: add a line of three dashes (---) after them, before the text of the email.');
    return null;
  }
  const yamlText = rest.slice(0, closing.index);
  const firstYamlLine = 2;
  const closingLine = firstYamlLine + countLines(yamlText);
  const lineCounter = new LineCounter();
  const doc = parseDocument(normaliseFrontMatterText(yamlText), { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // One message per line: YAML often reports one mistake two or three ways.
    const yamlLines = yamlText.split('\n');
    const reported = new Set<number | undefined>();
    for (const error of doc.errors) {
      let line: number | undefined = error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line;
      if (error.code === 'MISSING_CHAR') line = lineWithUnclosedQuote(yamlText) ?? line;
      if (reported.has(line)) continue;
      reported.add(line);
      problems.error(file, line ? line + firstYamlLine - 1 : undefined, unreadableLineMessage(error.code, line ? yamlLines[line - 1] : undefined));
    }
    return null;
  }
  const data = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.error(file, firstYamlLine, 'The details at the top should be lines like  subject: "…"  — one name and value per line.');
    return null;
  }
  const afterClosing = rest.slice(closing.index + closing[0].length).replace(/^\r?\n/, '');
  return {
    data: data as Record<string, unknown>,
    body: afterClosing,
    bodyLine: closingLine + 1,
    lineOf(key) {
      if (!isMap(doc.contents)) return undefined;
      for (const pair of doc.contents.items) {
        if (isScalar(pair.key) && pair.key.value === key && pair.key.range) {
          return lineCounter.linePos(pair.key.range[0]).line + firstYamlLine - 1;
        }
      }
      return undefined;
    },
  };
}

function countLines(text: string): number {
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
