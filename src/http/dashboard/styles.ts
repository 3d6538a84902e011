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
/* Every field a normal size and inside its card on a phone: full width, at least 44 px tall, a
   16 px+ font (smaller makes iOS zoom in), and never wider than its box (a date input's own
   minimum width would push out of a 375 px card). */
input[type="password"], input[type="search"], input[type="number"], input[type="time"], input[type="date"], input[type="datetime-local"] {
  display: block; width: 100%; min-height: 3rem; padding: 0.6rem 0.85rem; font: inherit; font-size: max(1rem, 16px);
  color: var(--text); background: var(--bg); border: 1.5px solid var(--field-border); border-radius: 10px;
}
.admin input, .admin select, .admin textarea { max-width: 100%; min-width: 0; }
/* A label or heading wraps between words, never inside one ("Unsubscribe / d after"). */
table.figures th, table.figures td, .figure, label { overflow-wrap: normal; word-break: normal; hyphens: manual; }
table.figures thead th { vertical-align: bottom; }
/* A figure table on a phone: each row a card of "label: value" lines, nothing to scroll sideways.
   The labels are the cells' data-label (their column's heading). */
@media (max-width: 40rem) {
  table.figures.stacked, table.figures.stacked tbody, table.figures.stacked tr, table.figures.stacked th, table.figures.stacked td { display: block; width: auto; }
  table.figures.stacked thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  table.figures.stacked tr { background: var(--surface); border: 1px solid var(--line); border-radius: 12px; padding: 0.5rem 0.85rem; margin: 0 0 0.75rem; }
  table.figures.stacked th[scope="row"] { border-bottom: 1px solid var(--line); padding: 0.35rem 0 0.5rem; min-width: 0; }
  table.figures.stacked td { display: flex; justify-content: space-between; gap: 1rem; border: 0; padding: 0.25rem 0; }
  table.figures.stacked td::before { content: attr(data-label); text-align: left; color: var(--muted); }
}
`;
