/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { DraftProblem } from '../../../broadcasts/drafts.js';

/**
 * What the preview frame shows while the draft cannot be drawn: her mistakes, each with its
 * line. A page of its own (the frame is sandboxed), so its few styles are inline.
 */
export function PreviewProblemsPage({ problems }: { problems: DraftProblem[] }) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>Preview</title>
        </head>
        <body style="font-family:system-ui,sans-serif;color:#2B2522;background:#FFFDF9;padding:1rem;line-height:1.5">
          <p>
            <strong>The preview will appear when these are fixed:</strong>
          </p>
          <ul>
            {problems.map((p) => (
              <li>{p.line ? `Body, line ${p.line}: ${p.message}` : p.message}</li>
            ))}
          </ul>
        </body>
      </html>
    </>
  );
}
