/**
 * The Newsletters section's own CSS, inlined after the dashboard's (the CSP allows inline styles,
 * not scripts). Phone first: everything stacks; the script's tabs only take effect below the
 * width where the parts fit side by side, so a wide screen never hides anything.
 */
export const broadcastStyles = `
[hidden] { display: none !important; }
.section-head { display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: center; justify-content: space-between; margin-bottom: 1rem; }
.section-head h1 { margin: 0; }
.back { display: inline-block; margin-bottom: 0.75rem; }
.state { display: inline-block; padding: 0.1rem 0.6rem; border-radius: 999px; background: var(--tint); font-size: 0.95rem; font-weight: 600; white-space: nowrap; }
.state-sending, .state-scheduled { background: var(--accent); color: var(--on-accent); }
.state-paused { border: 2px solid var(--accent); background: transparent; }
progress { width: 100%; height: 1.1rem; accent-color: var(--accent); }
table.figures progress { min-width: 6rem; }
.stack { display: grid; gap: 1rem; }
.panel.tight { margin-top: 1rem; }
textarea { display: block; width: 100%; min-height: 22rem; padding: 0.75rem 0.85rem; font: inherit; font-size: 1rem; line-height: 1.55; color: var(--text); background: var(--bg); border: 1.5px solid var(--field-border); border-radius: 10px; resize: vertical; }
input[type="datetime-local"], input[type="date"], input[type="email"] { display: block; width: 100%; min-height: 3rem; padding: 0.6rem 0.85rem; font: inherit; color: var(--text); background: var(--bg); border: 1.5px solid var(--field-border); border-radius: 10px; }
[aria-invalid="true"] { border-color: var(--alert-text) !important; }
fieldset { border: 0; padding: 0; margin: 0 0 1.25rem; }
legend { font-weight: 600; margin-bottom: 0.35rem; padding: 0; }
.radio { display: flex; gap: 0.6rem; align-items: center; font-weight: 400; min-height: 2.75rem; margin: 0; }
.radio input { width: 1.25rem; height: 1.25rem; accent-color: var(--accent); margin: 0; }
.when-detail { margin: 0 0 0.75rem 1.85rem; }
.button-row { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 0.5rem; }
.save-status { min-height: 1.6em; margin: 0.5rem 0 0; }
.problems { margin: 0 0 1rem; padding-left: 1.25rem; }
.alert ul { margin: 0.25rem 0 0; padding-left: 1.25rem; }
.alert p:last-child { margin-bottom: 0; }
.audience-count { font-weight: 600; }
.compose { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1.5rem; }
.compose-preview h2 { margin-top: 0; }
.frames { display: grid; gap: 1rem; justify-content: start; }
.frame { margin: 0; }
.frame figcaption { color: var(--muted); font-size: 0.95rem; margin-bottom: 0.35rem; }
.frame iframe { display: block; height: 75vh; min-height: 30rem; max-width: 100%; border: 1px solid var(--line); border-radius: 12px; background: #fff; }
.frame-phone iframe { width: 375px; }
.frame-desktop iframe { width: 640px; }
.tabbar { display: flex; gap: 0.5rem; margin-bottom: 1rem; }
.tabbar button { flex: 1; min-height: 2.75rem; font: inherit; font-weight: 600; color: var(--accent); background: transparent; border: 2px solid var(--accent); border-radius: 10px; cursor: pointer; }
.tabbar button[aria-pressed="true"] { color: var(--on-accent); background: var(--accent); }
@media (max-width: 63.99rem) {
  [data-tabs="narrow"] > .is-other-tab { display: none; }
}
@media (min-width: 64rem) {
  .admin-main.wide { max-width: 112rem; }
  .compose { grid-template-columns: minmax(24rem, 34rem) minmax(0, 1fr); align-items: start; }
  [data-tabs="narrow"] > .tabbar { display: none; }
  .compose-preview { position: sticky; top: 1rem; }
}
@media (max-width: 99.99rem) {
  [data-tabs="frames"] > .is-other-tab { display: none; }
}
@media (min-width: 100rem) {
  [data-tabs="frames"] { grid-template-columns: auto auto; }
  [data-tabs="frames"] > .tabbar { display: none; }
}
.review dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5rem 1.25rem; margin: 0 0 1.5rem; }
.review dt { font-weight: 600; }
.review dd { margin: 0; }
.big-count { font-family: var(--serif); font-size: 2rem; }
`;
