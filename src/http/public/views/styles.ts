/**
 * The one stylesheet every page inlines. No web fonts or external files: visitors arrive on phones,
 * often on poor connections late at night, so the first paint is the whole page.
 *
 * The palette is the emails' (src/mail/templates/theme.ts), so the confirm link lands somewhere
 * that feels like the same voice. WCAG 2.x contrast, against the page and the form panel:
 *   light  text #2B2522 on #FAF6F1 14.0:1 (panel #FFFDF9 14.9:1) · muted #6B5F58 5.7:1 (6.1:1)
 *          accent #744A66 6.7:1 (7.1:1) · button #FFFFFF on #744A66 7.2:1, hover #5E3A52 9.5:1
 *          field border #8C8279 3.5:1 (3.7:1) · alert #7F2A20 on #FBEDEA 8.2:1
 *   dark   text #E9E1DA on #1F1B19 13.2:1 (panel #2A2523 11.7:1) · muted #B8A9A0 7.5:1 (6.7:1)
 *          accent #D7B8CC 9.5:1 (8.4:1) · button #1F1B19 on #D7B8CC 9.5:1, hover #E8D0DF 11.8:1
 *          field border #8E847B 4.7:1 (4.1:1) · alert #F6C2BA on #3A2422 9.2:1
 * The focus ring is --accent, so it inherits the accent's ratios. Re-check pairs after any change.
 */
export const baseStyles = `
:root {
  color-scheme: light dark;
  --bg: #FAF6F1;
  --surface: #FFFDF9;
  --tint: #F3EBEF;
  --text: #2B2522;
  --muted: #6B5F58;
  --accent: #744A66;
  --accent-hover: #5E3A52;
  --on-accent: #FFFFFF;
  --line: #E6DDD5;
  --field-border: #8C8279;
  --alert-bg: #FBEDEA;
  --alert-text: #7F2A20;
  --alert-line: #D9A79F;
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, Georgia, ui-serif, serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #1F1B19;
    --surface: #2A2523;
    --tint: #2C2527;
    --text: #E9E1DA;
    --muted: #B8A9A0;
    --accent: #D7B8CC;
    --accent-hover: #E8D0DF;
    --on-accent: #1F1B19;
    --line: #3A3230;
    --field-border: #8E847B;
    --alert-bg: #3A2422;
    --alert-text: #F6C2BA;
    --alert-line: #7A4440;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--text);
  font-family: var(--sans);
  font-size: clamp(1.125rem, 1.05rem + 0.35vw, 1.25rem);
  line-height: 1.6;
  overflow-wrap: break-word;
}
main, .site-footer { max-width: 38rem; margin: 0 auto; padding: 0 1.25rem; }
main { padding-top: clamp(2rem, 6vw, 4.5rem); padding-bottom: 2.5rem; }
h1, h2, h3 { font-family: var(--serif); font-weight: 600; line-height: 1.2; margin: 0 0 0.75rem; }
h1 { font-size: clamp(2.1rem, 1.6rem + 2.4vw, 2.9rem); letter-spacing: -0.01em; }
h2 { font-size: 1.5rem; margin-top: 3rem; }
p { margin: 0 0 1rem; }
a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 0.2em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 3px; border-radius: 4px; }
strong { font-weight: 600; }

.skip-link { position: absolute; left: 1rem; top: -10rem; background: var(--surface); color: var(--text); padding: 0.75rem 1rem; border-radius: 8px; z-index: 1; }
.skip-link:focus { top: 1rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

.eyebrow { color: var(--accent); font-family: var(--serif); font-style: italic; font-size: 1.05rem; margin-bottom: 0.4rem; }
.lede { font-family: var(--serif); font-size: 1.3em; line-height: 1.45; margin-bottom: 1.25rem; }
.muted { color: var(--muted); }
.small { font-size: 0.95rem; }
.motif { display: block; color: var(--accent); margin-bottom: 1.25rem; }
.byline { border-left: 2px solid var(--accent); padding-left: 1rem; color: var(--muted); margin: 1.75rem 0 0; }
.byline strong { color: var(--text); }

.panel { background: var(--surface); border: 1px solid var(--line); border-radius: 14px; padding: 1.5rem 1.25rem; margin-top: 2.5rem; }
.panel h2 { margin-top: 0; }
.field { margin-bottom: 1.25rem; }
label { display: block; font-weight: 600; margin-bottom: 0.35rem; }
.optional { font-weight: 400; color: var(--muted); }
input[type="email"], input[type="text"], select {
  display: block;
  width: 100%;
  min-height: 3rem;
  padding: 0.6rem 0.85rem;
  font: inherit;
  color: var(--text);
  background: var(--bg);
  border: 1.5px solid var(--field-border);
  border-radius: 10px;
}
input[aria-invalid="true"] { border-color: var(--alert-text); }
.hint { display: block; color: var(--muted); font-size: 0.95rem; margin-top: 0.35rem; }
/* The checkbox line: the label is the tap target (at least 3rem tall, like the fields). The box is
   drawn here rather than left native because the native dark-mode box is a faint grey on the panel;
   drawn, its edge is the field border and its tick is the button's pair, both listed above.
   Forced-colors (high contrast) mode gets the native box back, since it drops drawn backgrounds. */
.choice { display: flex; align-items: flex-start; gap: 0.85rem; min-height: 3rem; padding: 0.5rem 0; margin: 0; font-weight: 400; cursor: pointer; }
.choice input[type="checkbox"] {
  appearance: none;
  flex: none;
  display: grid;
  place-content: center;
  width: 1.75rem;
  height: 1.75rem;
  margin: 0;
  background: var(--bg);
  border: 2px solid var(--field-border);
  border-radius: 6px;
  cursor: pointer;
}
.choice input[type="checkbox"]::before {
  content: "";
  width: 1rem;
  height: 1rem;
  background: var(--on-accent);
  clip-path: polygon(14% 44%, 0 65%, 50% 100%, 100% 16%, 80% 0%, 43% 62%);
  transform: scale(0);
}
.choice input[type="checkbox"]:checked { background: var(--accent); border-color: var(--accent); }
.choice input[type="checkbox"]:checked::before { transform: scale(1); }
.choice-hint { margin: 0; padding-left: 2.6rem; }
@media (forced-colors: active) {
  .choice input[type="checkbox"] { appearance: auto; }
}
.button {
  display: inline-flex;
  align-items: center;
  justify-content: center;
  width: 100%;
  min-height: 3.25rem;
  padding: 0.75rem 1.5rem;
  font: inherit;
  font-weight: 600;
  color: var(--on-accent);
  background: var(--accent);
  border: 0;
  border-radius: 12px;
  cursor: pointer;
  text-decoration: none;
}
.button:hover { background: var(--accent-hover); }
.button-quiet { color: var(--accent); background: transparent; border: 2px solid var(--accent); }
.button-quiet:hover { color: var(--on-accent); background: var(--accent-hover); border-color: var(--accent-hover); }
.notice { background: var(--tint); border-left: 4px solid var(--accent); border-radius: 10px; padding: 0.85rem 1rem; margin-bottom: 1.25rem; }
.actions { display: flex; flex-direction: column; gap: 0.75rem; margin-top: 0.75rem; }
.inline-form { margin: 0; }
.course-item { padding: 0.75rem 0; border-top: 1px solid var(--line); }
.course-item:first-child { border-top: 0; padding-top: 0; }
.course-item h3 { font-family: var(--serif); font-size: 1.15em; margin: 0 0 0.25rem; }
.reassurance { color: var(--muted); font-size: 0.95rem; margin: 0.85rem 0 0; text-align: center; }
.after-form { margin-top: 1.25rem; }
.after-list { margin-top: 1rem; }
.alert { background: var(--alert-bg); color: var(--alert-text); border: 1px solid var(--alert-line); border-radius: 10px; padding: 0.85rem 1rem; margin-bottom: 1.25rem; }

.days { list-style: none; margin: 0; padding: 0; }
.courses { list-style: none; margin: 0; padding: 0; }
.courses li { padding: 0.8rem 0; }
.days li { padding: 1.1rem 0; border-top: 1px solid var(--line); }
.days li:last-child { border-bottom: 1px solid var(--line); }
.day-number { display: block; color: var(--accent); font-family: var(--serif); font-style: italic; font-size: 1rem; }
.day-title { display: block; font-family: var(--serif); font-size: 1.15em; font-weight: 600; line-height: 1.3; margin: 0.1rem 0 0.2rem; }
.day-summary { display: block; color: var(--muted); }

.site-footer { color: var(--muted); font-size: 0.95rem; padding-top: 1.5rem; padding-bottom: 3rem; }
.site-footer p { border-top: 1px solid var(--line); padding-top: 1.5rem; }

@media (min-width: 40rem) {
  .panel { padding: 2rem; }
  .button { width: auto; }
  .reassurance { text-align: left; }
}
@media (prefers-reduced-motion: no-preference) {
  html { scroll-behavior: smooth; }
  .button, a { transition: background-color 150ms ease, text-decoration-thickness 150ms ease; }
}
`;
