/**
 * What the dashboard adds to the landing page's stylesheet (public/views/styles.ts, whose palette and
 * contrast notes hold here too): a top bar, wider pages on a laptop, tables and figures.
 */
export const adminStyles = `
.admin-main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
.admin-main.wide { max-width: 72rem; }
.admin-bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; padding: 0.5rem 1.25rem; background: var(--surface); border-bottom: 1px solid var(--line); }
.admin-nav { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; list-style: none; margin: 0; padding: 0; }
.admin-nav a { display: inline-block; padding: 0.6rem 0.4rem; color: var(--text); text-decoration: none; font-weight: 600; border-bottom: 3px solid transparent; }
.admin-nav a[aria-current="page"] { border-bottom-color: var(--accent); color: var(--accent); }
.logout { margin: 0; }
.link-button { background: none; border: 0; padding: 0.6rem 0.4rem; font: inherit; color: var(--accent); text-decoration: underline; cursor: pointer; min-height: 2.75rem; }
.table-wrap { overflow-x: auto; }
table.figures { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.figures th, table.figures td { text-align: right; padding: 0.5rem 0.6rem; border-bottom: 1px solid var(--line); }
table.figures th:first-child, table.figures td:first-child { text-align: left; }
table.figures caption { text-align: left; font-weight: 600; margin-bottom: 0.5rem; }
.figure-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.75rem; margin: 1rem 0; }
.figure { background: var(--surface); border: 1px solid var(--line); border-radius: 12px; padding: 0.85rem 1rem; }
.figure strong { display: block; font-size: 1.6rem; font-family: var(--serif); }
.estimate { color: var(--muted); font-style: italic; }
`;
