import { DoIUseEmail } from '@jsx-email/doiuse-email';
import { checkCssFunctions } from './css-functions.js';
import type { EmailHtml } from './email-html.js';
import { visibleInlineDeclarations, type Declaration } from './inline-styles.js';
import type { Problem } from './problem.js';

/** The four families most of her readers use; each is several apps in caniemail's data. */
const FAMILIES = { gmail: 'Gmail', outlook: 'Outlook', 'apple-mail': 'Apple Mail', yahoo: 'Yahoo Mail' } as const;
type Family = keyof typeof FAMILIES;

/** Taken from the library, so an app caniemail adds to a family is judged too. */
const APPS: readonly string[] = new DoIUseEmail({ emailClients: Object.keys(FAMILIES).map((f) => `${f}.*`) }).emailClients;

const APP_NAMES: Record<string, string> = {
  'gmail.desktop-webmail': 'Gmail on the web',
  'gmail.ios': 'Gmail on iPhone',
  'gmail.android': 'Gmail on Android',
  'gmail.mobile-webmail': 'Gmail in a phone browser',
  'outlook.windows': 'Outlook on Windows',
  'outlook.windows-mail': 'Windows Mail',
  'outlook.macos': 'Outlook on Mac',
  'outlook.ios': 'Outlook on iPhone',
  'outlook.android': 'Outlook on Android',
  'apple-mail.macos': 'Apple Mail on Mac',
  'apple-mail.ios': 'Mail on iPhone',
  'yahoo.desktop-webmail': 'Yahoo Mail on the web',
  'yahoo.ios': 'Yahoo Mail on iPhone',
  'yahoo.android': 'Yahoo Mail on Android',
};

/**
 * Features (caniemail titles) whose loss leaves the email just as readable, only plainer:
 * square corners, no shadow, a long link that does not wrap. The layout uses some of them on
 * purpose (rounded buttons, word-break on the confirm link, React Email's text-decoration-line),
 * so they are not reported at all: a note she cannot act on in every email teaches her to skip
 * the notes.
 */
const GRACEFUL = new Set([
  'border-radius',
  'box-shadow',
  'text-shadow',
  'opacity',
  'word-break',
  'overflow-wrap',
  'hyphens',
  'text-decoration-line',
  'text-decoration-color',
  'text-decoration-style',
  'text-decoration-thickness',
  'text-underline-offset',
  'text-decoration-skip-ink',
  'text-wrap',
  'transition',
  'animation',
  'outline',
  'outline-offset',
  'color-scheme CSS property',
  'accent-color',
  'user-select',
  'orphans',
  'widows',
]);

/**
 * Inline CSS that a whole family ignores (no Gmail app, or no Outlook, … supports it) is an
 * error: a large share of readers would see a different email than her preview. CSS that only
 * some apps of a family ignore (often Outlook on Windows alone) is a warning. caniemail's
 * "partial" support is not reported: margin alone is partial in 11 of the 14 apps, and the
 * real breakages would drown in it.
 */
export function checkCssSupport(html: EmailHtml, file: string): Problem[] {
  // Features are judged one by one, then told per declaration: "display:flex" may be both the
  // display property and the display:flex value, and she needs to hear about it once.
  const declarations = visibleInlineDeclarations(html);
  const byDeclaration = new Map<string, { lostFamilies: Set<Family>; apps: Set<string> }>();
  for (const [feature, { apps, example }] of unsupportedFeatures(declarations)) {
    if (GRACEFUL.has(feature)) continue;
    const entry = byDeclaration.get(example) ?? { lostFamilies: new Set(), apps: new Set() };
    for (const family of Object.keys(FAMILIES) as Family[]) {
      if (appsOf(family).every((app) => apps.has(app))) entry.lostFamilies.add(family);
    }
    for (const app of apps) entry.apps.add(app);
    byDeclaration.set(example, entry);
  }
  const firstUse = (text: string) => declarations.findIndex((d) => `${d.property}:${d.value}` === text);
  const inDocumentOrder = [...byDeclaration].sort(([a], [b]) => firstUse(a) - firstUse(b));
  return inDocumentOrder.map(([declaration, { lostFamilies, apps }]): Problem => {
    if (lostFamilies.size > 0) {
      const names = [...lostFamilies].map((f) => FAMILIES[f]);
      return {
        file,
        severity: 'error',
        rule: 'css-support',
        message:
          `The email's design uses "${declaration}", which ${list(names)} ignore${names.length === 1 ? 's' : ''} completely, ` +
          'so the email will look broken or different there. This is in the email code, not your writing: ask your developer to replace it.',
      };
    }
    const names = [...apps].map((app) => APP_NAMES[app] ?? app);
    return {
      file,
      severity: 'warning',
      rule: 'css-support',
      message: `The email's design uses "${declaration}", which ${list(names)} ignore${names.length === 1 ? 's' : ''}; the email may look a little different there. Ask your developer whether that matters.`,
    };
  });
}

interface Unsupported {
  apps: Set<string>;
  /** The first declaration that used the feature, to show her what to look for. */
  example: string;
}

/**
 * One checker per app: doiuse-email throws when caniemail has no data for a feature in one of
 * its apps, which with a shared checker would hide that feature's result in every other app.
 */
function unsupportedFeatures(declarations: Declaration[]): Map<string, Unsupported> {
  const found = new Map<string, Unsupported>();
  for (const app of APPS) {
    const checker = new DoIUseEmail({ emailClients: [app] });
    for (const declaration of declarations) {
      const before = checker.errors.length;
      try {
        checker.checkCSSDeclarations([declaration]);
      } catch {
        // No data for this feature in this app: nothing to judge.
      }
      checkCssFunctions(checker, declaration.value);
      for (const message of checker.errors.slice(before)) {
        const feature = /^`(.+)` is not supported by `/.exec(message)?.[1];
        if (!feature) continue;
        const entry = found.get(feature) ?? { apps: new Set(), example: `${declaration.property}:${declaration.value}` };
        entry.apps.add(app);
        found.set(feature, entry);
      }
    }
  }
  return found;
}

function appsOf(family: Family): string[] {
  return APPS.filter((app) => app.startsWith(`${family}.`));
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
