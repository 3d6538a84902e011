/**
 * The course section's CSS, inlined after the dashboard's and the newsletters' (whose compose
 * grid, frames and tabs the editors reuse). Phone first: one column; side by side from 64rem.
 */
export const courseStyles = `
.lessons { list-style: none; padding: 0; margin: 0; }
.lesson { margin-top: 1.25rem; }
.lesson h2 { font-size: 1.3rem; margin-bottom: 0.35rem; overflow-wrap: anywhere; }
.lesson .subject { overflow-wrap: anywhere; }
.lesson-links { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; padding: 0; margin: 0.5rem 0; }
.lesson-links a { display: inline-block; padding: 0.5rem 0; min-height: 2.75rem; }
.lesson-actions { display: flex; flex-wrap: wrap; align-items: end; gap: 0.75rem; margin-top: 0.75rem; }
.lesson-actions form { margin: 0; }
.move-form { display: flex; flex-wrap: wrap; align-items: end; gap: 0.5rem 0.75rem; flex: 1 1 16rem; }
.move-form .field { margin: 0; flex: 1 1 12rem; min-width: 0; }
.move-form select { width: 100%; }
.lesson-figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr)); gap: 0.5rem; margin: 1rem 0; }
.lesson-figures div { background: var(--bg); border: 1px solid var(--line); border-radius: 10px; padding: 0.5rem 0.75rem; }
.lesson-figures dt { font-size: 0.9rem; color: var(--muted); }
.lesson-figures dd { margin: 0; font-size: 1.35rem; font-family: var(--serif); font-variant-numeric: tabular-nums; }
.preview summary { cursor: pointer; color: var(--accent); padding: 0.5rem 0; min-height: 2.75rem; }
.preview iframe { width: 100%; height: 36rem; border: 1px solid var(--line); border-radius: 10px; background: #FFFFFF; }
.course-tabs ul { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; list-style: none; padding: 0; margin: 0 0 1rem; }
.course-tabs a { display: inline-block; padding: 0.5rem 0; min-height: 2.75rem; }
.course-tabs a[aria-current="page"] { font-weight: 600; text-decoration-thickness: 3px; }
.more-links { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; list-style: none; padding: 0; margin: 0 0 1rem; }
.more-links a { display: inline-block; padding: 0.5rem 0; min-height: 2.75rem; }
.guide pre { overflow-x: auto; background: var(--surface); border: 1px solid var(--line); border-radius: 10px; padding: 0.75rem 1rem; font-size: 0.95rem; }
.field-problems { margin: 0.35rem 0 0; padding: 0.5rem 0.75rem 0.5rem 1.75rem; background: var(--alert-bg); color: var(--alert-text); border: 1px solid var(--alert-line); border-radius: 10px; }
.field-problems.warning { background: var(--tint); color: var(--text); border-color: var(--line); }
input[type="url"] { display: block; width: 100%; min-height: 3rem; padding: 0.6rem 0.85rem; font: inherit; color: var(--text); background: var(--bg); border: 1.5px solid var(--field-border); border-radius: 10px; }
textarea.short { min-height: 7rem; }
.effect { font-size: 1.15rem; }
.spam-result { min-height: 1.6em; }
.versions { list-style: none; padding: 0; margin: 0; }
.version h2 { font-size: 1.2rem; margin-bottom: 0.25rem; }
.diff { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--bg); border: 1px solid var(--line); border-radius: 10px; padding: 0.75rem 0.9rem; line-height: 1.6; margin: 0.75rem 0; }
.diff ins { text-decoration: none; background: #E3F1E4; color: #1E4620; border-bottom: 2px solid #6FA772; }
.diff del { text-decoration: line-through; text-decoration-thickness: 1px; background: #F8E7E4; color: #6E2A22; }
@media (prefers-color-scheme: dark) {
  .diff ins { background: #1F3A22; color: #CFEBD1; }
  .diff del { background: #3A2422; color: #F6C2BA; }
}
.landing-frame { display: block; width: 100%; height: 70vh; min-height: 28rem; border: 1px solid var(--line); border-radius: 12px; background: #fff; }
`;
