/**
 * The subscribers section's own rules, on top of the dashboard's (../styles.ts) and the landing
 * page's palette (public/views/styles.ts): a person is a card on a phone, the timeline a plain list.
 */
export const subscriberStyles = `
input[type="search"], input[type="file"] { display: block; width: 100%; min-height: 3rem; padding: 0.6rem 0.85rem; font: inherit; color: var(--text); background: var(--bg); border: 1.5px solid var(--field-border); border-radius: 10px; }
.search-form { display: grid; gap: 0 1rem; }
.search-form .button { align-self: end; margin-bottom: 1.25rem; }
@media (min-width: 48rem) { .search-form { grid-template-columns: 2fr 1fr auto; } }
.section-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; }
.section-actions .button { width: auto; }
.people { list-style: none; margin: 0; padding: 0; }
.people li { padding: 0.85rem 0; border-top: 1px solid var(--line); display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.25rem 1rem; }
.people li:last-child { border-bottom: 1px solid var(--line); }
.people a { font-weight: 600; word-break: break-all; }
.status { display: inline-block; font-size: 0.9rem; padding: 0.1rem 0.6rem; border-radius: 999px; border: 1px solid var(--line); background: var(--tint); color: var(--text); }
.profile { display: grid; grid-template-columns: minmax(7rem, max-content) 1fr; gap: 0.35rem 1rem; margin: 0 0 1rem; }
.profile dt { color: var(--muted); }
.profile dd { margin: 0; word-break: break-word; }
.timeline { list-style: none; margin: 0; padding: 0; border-left: 2px solid var(--line); }
.timeline > li { position: relative; padding: 0 0 1.1rem 1.1rem; }
.timeline > li::before { content: ""; position: absolute; left: -0.45rem; top: 0.55rem; width: 0.8rem; height: 0.8rem; border-radius: 50%; background: var(--accent); }
.timeline time { display: block; color: var(--muted); font-size: 0.95rem; }
.timeline .events { margin: 0.35rem 0 0; padding-left: 1.1rem; font-size: 0.95rem; }
.report-figures { display: grid; grid-template-columns: max-content max-content; gap: 0.25rem 1.5rem; margin: 0 0 1rem; font-variant-numeric: tabular-nums; }
.report-figures dd { margin: 0; text-align: right; }
.skipped-rows { font-size: 0.95rem; }
.danger { color: var(--alert-text); background: var(--alert-bg); border: 2px solid var(--alert-text); }
.danger:hover { color: var(--alert-bg); background: var(--alert-text); }
`;
