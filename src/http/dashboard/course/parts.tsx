/** @jsxImportSource hono/jsx */
import type { FieldProblem } from '../../../authoring/save.js';

/** One input of an editor: its label, hint, her text, and the problems found with it. */
export interface FieldDef {
  name: string;
  label: string;
  hint?: string;
  kind: 'line' | 'text' | 'short-text' | 'url';
  max?: number;
}

export function Field({ def, value, problems }: { def: FieldDef; value: string; problems: FieldProblem[] }) {
  const id = `f-${def.name}`;
  const mine = problems.filter((p) => p.field === def.name);
  const describedBy = [def.hint ? `${id}-hint` : null, mine.length > 0 ? `${id}-problems` : null].filter(Boolean).join(' ') || undefined;
  const invalid = mine.some((p) => p.severity === 'error') ? 'true' : undefined;
  return (
    <div class="field">
      <label for={id}>{def.label}</label>
      {def.kind === 'text' || def.kind === 'short-text' ? (
        <textarea id={id} name={def.name} rows={def.kind === 'text' ? 18 : 4} class={def.kind === 'short-text' ? 'short' : undefined} aria-describedby={describedBy} aria-invalid={invalid}>
          {value}
        </textarea>
      ) : (
        <input id={id} name={def.name} type={def.kind === 'url' ? 'url' : 'text'} value={value} maxlength={def.max} autocomplete="off" aria-describedby={describedBy} aria-invalid={invalid} />
      )}
      {def.hint ? (
        <span id={`${id}-hint`} class="hint">
          {def.hint}
        </span>
      ) : null}
      {mine.length > 0 ? (
        <ul id={`${id}-problems`} class={mine.some((p) => p.severity === 'error') ? 'field-problems' : 'field-problems warning'} data-problems-for={def.name}>
          {mine.map((p) => (
            <li>{p.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Problems that belong to no field of this form (another file, the whole course). */
export function OtherProblems({ problems, fields }: { problems: FieldProblem[]; fields: FieldDef[] }) {
  const names = new Set(fields.map((f) => f.name));
  const rest = problems.filter((p) => p.field === null || !names.has(p.field));
  if (rest.length === 0) return null;
  return (
    <div class="alert" role="alert">
      <p>Nothing was saved yet. Please look at:</p>
      <ul>
        {rest.map((p) => (
          <li>{p.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** The lesson fields every new lesson has (the add form, a new course's first lesson). */
export const LESSON_FIELDS: FieldDef[] = [
  { name: 'subject', label: 'Subject', kind: 'line', max: 200, hint: 'The line moms see in their inbox.' },
  { name: 'preview', label: 'Preview text', kind: 'line', max: 300, hint: 'The grey sentence an inbox shows after the subject.' },
  { name: 'title', label: 'Title', kind: 'line', max: 200, hint: 'The heading at the top of the email, and on the course page.' },
  { name: 'summary', label: 'Summary', kind: 'short-text', hint: 'One sentence for the course page.' },
  { name: 'markdown', label: 'The lesson', kind: 'text', hint: 'Markdown: *italic*, **bold**, [words](https://link), a blank line between paragraphs. The greeting, your signature and the footer are added for you.' },
];
