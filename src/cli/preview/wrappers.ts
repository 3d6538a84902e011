/**
 * Turns emails/ into what the React Email preview server can list: one small .tsx wrapper per
 * email (every lesson of every course, the confirmation once per course, every newsletter), each
 * rendering the real email with sample props. Markdown is read by the wrapper at render time; a
 * hash of the .md in the wrapper makes the server re-render it when she saves the file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, sep } from 'node:path';
import { sampleConfirmationProps, sampleLessonProps, sampleNewsletterConfirmationProps, sampleNewsletterProps, sampleSender } from '../../mail/templates/sample-props.js';
import type { SenderProps } from '../../mail/templates/types.js';
import { loadAuthor, senderProps } from '../../courses/author.js';
import { Problems, type AuthoringProblem } from '../../courses/authoring-problem.js';
import { loadCatalog } from '../../courses/catalog.js';
import { readFrontMatter } from '../../courses/front-matter.js';
import { displayPath } from '../../courses/emails-dir.js';
import { loadNewsletters, newsletterFiles } from '../../courses/newsletter-file.js';

export interface PreviewCourse {
  slug: string;
  title: string;
  /** Absolute paths, in sending order. */
  lessons: string[];
}

export interface PreviewSources {
  sender: SenderProps;
  courses: PreviewCourse[];
  /** Absolute paths of emails/newsletters/*.md|tsx, in file-name order. */
  newsletters: string[];
  problems: AuthoringProblem[];
}

/**
 * What to preview. The catalog when it loads; when her files have errors, the course folders
 * as course.md lists them anyway, so every other email still shows and the broken one shows
 * what is wrong with it.
 */
export async function collectPreviewSources(emailsDir: string): Promise<PreviewSources> {
  const { catalog, problems } = await loadCatalog({ emailsDir });
  await loadNewsletters(emailsDir, problems);
  const author = catalog?.author ?? loadAuthor(emailsDir, new Problems());
  const sender: SenderProps = author ? senderProps(author, sampleSender.consultationUrl) : sampleSender;

  let courses: PreviewCourse[];
  if (catalog) {
    courses = catalog.courses.map((c) => ({
      slug: c.slug,
      title: c.title,
      lessons: c.lessons.map((l) => join(emailsDir, ...l.file.split('/').slice(1))),
    }));
  } else {
    courses = scanCourses(emailsDir);
  }
  return { sender, courses, newsletters: newsletterFiles(emailsDir), problems: problems.list };
}

function scanCourses(emailsDir: string): PreviewCourse[] {
  const coursesDir = join(emailsDir, 'courses');
  if (!existsSync(coursesDir)) return [];
  const out: PreviewCourse[] = [];
  for (const slug of readdirSync(coursesDir).sort()) {
    const folder = join(coursesDir, slug);
    if (slug.startsWith('.') || slug.startsWith('_') || !statSync(folder).isDirectory()) continue;
    let source: string;
    try {
      source = readFileSync(join(folder, 'course.md'), 'utf8');
    } catch {
      continue;
    }
    const front = readFrontMatter(`emails/courses/${slug}/course.md`, source, new Problems());
    const title = typeof front?.data.title === 'string' && front.data.title.trim() ? front.data.title.trim() : slug;
    const listed = Array.isArray(front?.data.lessons) ? (front.data.lessons as unknown[]).filter((l): l is string => typeof l === 'string') : [];
    out.push({ slug, title, lessons: listed.filter((n) => n.endsWith('.md') || n.endsWith('.tsx')).map((n) => join(folder, n)) });
  }
  return out;
}

export interface WrapperFile {
  /** Relative to the preview folder, with forward slashes: `<course>/01-lesson.tsx`. */
  path: string;
  content: string;
}

interface WrapperContext {
  projectDir: string;
  emailsDir: string;
}

/** Every wrapper to write, from the sources. */
export function buildWrappers(sources: PreviewSources, ctx: WrapperContext): WrapperFile[] {
  const files: WrapperFile[] = [];
  const entry = importPath(join(ctx.projectDir, 'src', 'cli', 'preview', 'render-entry.ts'));
  const types = importPath(join(ctx.projectDir, 'src', 'mail', 'templates', 'types.ts'));
  for (const course of sources.courses) {
    const totalDays = course.lessons.length;
    const confirmProps = sampleConfirmationProps(sources.sender, course.title, totalDays);
    files.push({
      path: `${course.slug}/00-confirmation.tsx`,
      content: confirmationWrapper(ctx.emailsDir, 'course', { title: course.title, totalDays }, entry, 'ConfirmSubscriptionProps', types, confirmProps),
    });
    course.lessons.forEach((path, index) => {
      const dayNumber = index + 1;
      const props = sampleLessonProps(sources.sender, course.title, dayNumber, totalDays);
      const name = basename(path, extname(path)).replace(/^\d+[-_ ]*/, '') || `day-${dayNumber}`;
      const file = displayPath(ctx.emailsDir, path);
      files.push({
        path: `${course.slug}/${String(dayNumber).padStart(2, '0')}-${name}.tsx`,
        content: path.endsWith('.md')
          ? markdownWrapper(ctx.emailsDir, file, path, 'previewMarkdownLesson', 'LessonProps', entry, types, props)
          : tsxWrapper(file, path, 'LessonProps', types, props),
      });
    });
  }
  // What someone imported without a recorded consent is asked: her letters, no course.
  files.push({
    path: 'newsletters/00-confirmation.tsx',
    content: confirmationWrapper(ctx.emailsDir, 'newsletter', null, entry, 'ConfirmNewsletterProps', types, sampleNewsletterConfirmationProps(sources.sender)),
  });
  const newsletterProps = sampleNewsletterProps(sources.sender);
  for (const path of sources.newsletters) {
    const file = displayPath(ctx.emailsDir, path);
    files.push({
      path: `newsletters/${basename(path, extname(path))}.tsx`,
      content: path.endsWith('.md')
        ? markdownWrapper(ctx.emailsDir, file, path, 'previewMarkdownNewsletter', 'NewsletterProps', entry, types, newsletterProps)
        : tsxWrapper(file, path, 'NewsletterProps', types, newsletterProps),
    });
  }
  return files;
}

function markdownWrapper(emailsDir: string, file: string, path: string, fn: string, propsType: string, entry: string, types: string, props: object): string {
  return [
    header(file),
    // Changes when she saves the .md, so the preview server sees this wrapper change and re-renders it.
    `// source ${hashOf(path)}`,
    `import { ${fn} } from ${JSON.stringify(entry)};`,
    `import type { ${propsType} } from ${JSON.stringify(types)};`,
    ``,
    `export default function Preview(props: ${propsType}) {`,
    `  return ${fn}(${JSON.stringify(emailsDir)}, ${JSON.stringify(path)}, ${JSON.stringify(file)}, props);`,
    `}`,
    ``,
    `Preview.PreviewProps = ${JSON.stringify(props, null, 2)} satisfies ${propsType};`,
    ``,
  ].join('\n');
}

function tsxWrapper(file: string, path: string, propsType: string, types: string, props: object): string {
  return [
    header(file),
    `import { createElement } from 'react';`,
    `import Email from ${JSON.stringify(importPath(path))};`,
    `import type { ${propsType} } from ${JSON.stringify(types)};`,
    ``,
    `export default function Preview(props: ${propsType}) {`,
    `  return createElement(Email, props);`,
    `}`,
    ``,
    `Preview.PreviewProps = ${JSON.stringify(props, null, 2)} satisfies ${propsType};`,
    ``,
  ].join('\n');
}

function header(file: string, what = file): string {
  return `// Generated by \`npm run email\` (src/cli/preview/main.ts) to preview ${what}. Do not edit: it is rewritten on every change.`;
}

function hashOf(path: string): string {
  try {
    return createHash('sha1').update(readFileSync(path)).digest('hex').slice(0, 16);
  } catch {
    return 'missing';
  }
}

function importPath(absolute: string): string {
  return absolute.split(sep).join('/');
}

/**
 * Writes the wrappers into `outDir`, touching only files whose content changed (so the preview
 * server re-renders just those), and removes wrappers of emails that are gone.
 */
export function writeWrappers(outDir: string, files: WrapperFile[]): { written: string[]; removed: string[] } {
  const written: string[] = [];
  const removed: string[] = [];
  const wanted = new Set(files.map((f) => f.path));
  for (const f of files) {
    const target = join(outDir, ...f.path.split('/'));
    if (existsSync(target) && readFileSync(target, 'utf8') === f.content) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
    written.push(f.path);
  }
  for (const existing of listTsx(outDir)) {
    if (wanted.has(existing)) continue;
    rmSync(join(outDir, ...existing.split('/')));
    removed.push(existing);
  }
  return { written, removed };
}

function listTsx(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTsx(full, `${prefix}${name}/`));
    else if (name.endsWith('.tsx')) out.push(`${prefix}${name}`);
  }
  return out;
}

/** A confirmation email (emails/confirm-*.md), rendered as the app sends it, for one course or for her letters. */
function confirmationWrapper(emailsDir: string, kind: 'course' | 'newsletter', course: { title: string; totalDays: number } | null, entry: string, propsType: string, types: string, props: object): string {
  const file = kind === 'course' ? 'emails/confirm-subscription.md' : 'emails/confirm-newsletter.md';
  return [
    header(file, course ? `the confirmation email for ${course.title}` : 'the confirmation email for her newsletter'),
    `import { previewConfirmation } from ${JSON.stringify(entry)};`,
    `import type { ${propsType} } from ${JSON.stringify(types)};`,
    ``,
    `export default function Preview(props: ${propsType}) {`,
    `  return previewConfirmation(${JSON.stringify(emailsDir)}, ${JSON.stringify(kind)}, ${JSON.stringify(course)}, props);`,
    `}`,
    ``,
    `Preview.PreviewProps = ${JSON.stringify(props, null, 2)} satisfies ${propsType};`,
    ``,
  ].join('\n');
}
