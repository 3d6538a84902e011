import { basename, extname } from 'node:path';
import { createElement, type ReactElement } from 'react';
import { LessonFrame } from '../mail/templates/lesson-frame.js';
import { Markdown } from '../mail/templates/markdown.js';
import type { LessonMeta, LessonProps } from '../mail/templates/types.js';
import { Problems, type AuthoringProblem } from './authoring-problem.js';
import { readSource } from './front-matter.js';
import { ID_PATTERN, parseMarkdownEmail } from './email-file.js';
import type { EmailsRoot } from './emails-root.js';

export type LessonComponent = (props: LessonProps) => ReactElement;

export interface LoadedLesson extends LessonMeta {
  /** As messages name it: `emails/courses/<slug>/<file>`. */
  file: string;
  format: 'markdown' | 'tsx';
  Component: LessonComponent;
  /** The Markdown source's lines (null for TSX), for checks that point at a line. */
  lines: string[] | null;
}

const LESSON_FIELDS = ['id', 'subject', 'preview', 'title', 'summary'] as const;

/** A Markdown lesson: her words inside the shared lesson frame. */
export function loadMarkdownLesson(emailsDir: EmailsRoot, path: string, file: string, problems: Problems): LoadedLesson | null {
  const source = readSource(emailsDir, path, file, problems, MISSING_LESSON);
  if (source === null) return null;
  // The same text loads to the same lesson object, whichever reload of her content asks: the
  // render cache keeps a lesson's compiled copy by that object, so an edit of one lesson
  // recompiles that lesson alone (one compile per version).
  const key = `${file}\u0000${source}`;
  let loaded = loadedLessons.get(key);
  if (!loaded) {
    const own = new Problems();
    loaded = { lesson: buildMarkdownLesson(source, path, file, own), problems: own.list };
    if (loadedLessons.size >= 1_000) loadedLessons.clear();
    loadedLessons.set(key, loaded);
  }
  problems.list.push(...loaded.problems);
  return loaded.lesson;
}

const MISSING_LESSON = 'This file could not be found. Check the name in the course’s list (course.md) against the file’s name.';
const loadedLessons = new Map<string, { lesson: LoadedLesson | null; problems: AuthoringProblem[] }>();

function buildMarkdownLesson(source: string, path: string, file: string, problems: Problems): LoadedLesson | null {
  const email = parseMarkdownEmail(source, file, LESSON_FIELDS, problems);
  if (!email) return null;
  const { meta, tokens } = email;
  const Component: LessonComponent = (props) =>
    createElement(LessonFrame, { meta, props }, createElement(Markdown, { tokens, consultationUrl: props.consultationUrl }));
  Object.defineProperty(Component, 'name', { value: `Lesson(${basename(path, extname(path))})` });
  return { ...meta, file, format: 'markdown', Component, lines: email.lines };
}

/** A TSX lesson: a module with `meta` and a default component, as the first lessons were. */
export function checkTsxLesson(loaded: unknown, file: string, problems: Problems): LoadedLesson | null {
  const mod = (loaded ?? {}) as Partial<Record<'default' | 'meta', unknown>>;
  if (typeof mod.default !== 'function') {
    problems.error(file, undefined, 'This lesson file must have a default export: the lesson’s React component.');
    return null;
  }
  const meta = (typeof mod.meta === 'object' && mod.meta !== null ? mod.meta : {}) as Record<string, unknown>;
  let complete = true;
  for (const field of LESSON_FIELDS) {
    if (typeof meta[field] !== 'string' || (meta[field] as string).trim() === '') {
      problems.error(file, undefined, `meta.${field} must be a non-empty string (export const meta = { id, subject, preview, title, summary }).`);
      complete = false;
    }
  }
  if (complete && !ID_PATTERN.test(meta.id as string)) {
    problems.error(file, undefined, `meta.id "${String(meta.id)}" should be lowercase words joined by hyphens.`);
    complete = false;
  }
  if (!complete) return null;
  const pick = (field: (typeof LESSON_FIELDS)[number]) => meta[field] as string;
  return {
    id: pick('id'),
    subject: pick('subject'),
    preview: pick('preview'),
    title: pick('title'),
    summary: pick('summary'),
    file,
    format: 'tsx',
    Component: mod.default as LessonComponent,
    lines: null,
  };
}
