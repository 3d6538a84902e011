import type { CSSProperties } from 'react';

/**
 * Every colour pair here is checked against WCAG AA (4.5:1 for body-size text); the ratios are
 * noted so a later palette tweak can be re-checked rather than eyeballed. Readers are often on a
 * phone at night, so contrast matters more than prettiness.
 */
export const colors = {
  background: '#FAF6F1', // warm cream
  text: '#2B2522', // 14.0:1 on background
  muted: '#6B5F58', // 5.7:1 on background
  accent: '#744A66', // dusty plum: 6.7:1 on background, 6.2:1 on practiceSurface
  onAccent: '#FFFFFF', // 7.2:1 on accent
  practiceSurface: '#F3EBEF', // plum-tinted cream; text is 12.9:1 on it
  hairline: '#E6DDD5', // decorative only
} as const;

/** Apple Mail and iOS Mail honour this; clients that ignore it keep the light palette above. */
const dark = {
  background: '#1F1B19',
  text: '#E9E1DA', // 13.2:1
  muted: '#B8A9A0', // 7.5:1
  accent: '#D7B8CC', // 9.5:1, and dark text on it is 9.5:1
  practiceSurface: '#2C2527', // text 11.6:1, accent 8.3:1
  hairline: '#3A3230',
} as const;

export const fonts = {
  // System fonts only: no web-font request, and each phone uses the face it renders best.
  // Unquoted (valid CSS for multi-word names): React would escape every quote to `&#x27;` in
  // each of the ~20 inline style attributes of a lesson, and every byte is paid per email.
  body: '-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica Neue,Arial,sans-serif',
  heading: 'Georgia,Times New Roman,Times,serif',
} as const;

/**
 * No font here: the body face is set once, inline on the cell that holds the whole email (see
 * Layout), and text inherits it; repeated on each of a lesson's ~20 paragraphs it was 1.9 KB of
 * every email. `headCss` states it again for Outlook on Windows, which does not carry a font
 * into nested tables but does apply a head stylesheet.
 */
export const type = {
  body: { fontSize: '18px', lineHeight: '1.6', color: colors.text },
  small: { fontSize: '14px', lineHeight: '1.6', color: colors.muted },
} satisfies Record<string, CSSProperties>;

/**
 * The base face for clients that do not inherit it, then dark mode. Inline styles win over
 * class rules, so every dark rule needs !important. Class names are prefixed so they cannot
 * clash with a client's own stylesheet.
 */
export const headCss = minify(`
td, p, a { font-family: ${fonts.body}; }
:root { color-scheme: light dark; supported-color-schemes: light dark; }
@media (prefers-color-scheme: dark) {
  .rmg-bg { background-color: ${dark.background} !important; }
  .rmg-text { color: ${dark.text} !important; }
  .rmg-muted { color: ${dark.muted} !important; }
  .rmg-link { color: ${dark.accent} !important; }
  .rmg-rule { border-color: ${dark.hairline} !important; }
  .rmg-practice { background-color: ${dark.practiceSurface} !important; border-color: ${dark.accent} !important; }
  .rmg-practice-label { color: ${dark.accent} !important; }
  .rmg-button { background-color: ${dark.accent} !important; color: ${dark.background} !important; }
  .rmg-button-quiet { color: ${dark.accent} !important; border-color: ${dark.accent} !important; }
}
`);

/** Written readably above, sent without the layout whitespace (a quarter of it, in every email). */
function minify(css: string): string {
  return css.replace(/\s*([{}:;,])\s*/g, '$1').replace(/\s+!important/g, '!important').replace(/;}/g, '}').trim();
}
