import type { DoIUseEmail } from '@jsx-email/doiuse-email';

/**
 * caniemail's titles for CSS functions, by function name. doiuse-email 1.0.4 means to find
 * these itself, but swaps the key and value of its own lookup table, so a gradient, calc() or
 * var() in a style is never checked. A button coloured only by a gradient has white text on
 * white in Outlook, so this matters.
 */
const FUNCTION_FEATURES: Record<string, string> = {
  'linear-gradient': 'linear-gradient()',
  'radial-gradient': 'radial-gradient()',
  'conic-gradient': 'conic-gradient()',
  calc: 'CSS calc() function',
  var: 'CSS Variables (Custom Properties)',
  clamp: 'clamp()',
  min: 'min()',
  max: 'max()',
  'light-dark': 'light-dark()',
  lch: 'lch(), oklch(), lab(), oklab()',
  oklch: 'lch(), oklch(), lab(), oklab()',
  lab: 'lch(), oklch(), lab(), oklab()',
  oklab: 'lch(), oklch(), lab(), oklab()',
  rgb: 'rgb()',
  rgba: 'rgba()',
};

export const functionFeatureTitles: readonly string[] = [...new Set(Object.values(FUNCTION_FEATURES))];

/** Adds the checker's verdict on each CSS function the value calls, as the library would. */
export function checkCssFunctions(checker: DoIUseEmail, value: string): void {
  const names = new Set([...value.toLowerCase().matchAll(/([a-z-]+)\(/g)].map((m) => m[1]!));
  for (const name of names) {
    if (!Object.hasOwn(FUNCTION_FEATURES, name)) continue;
    const title = FUNCTION_FEATURES[name]!;
    try {
      checker.checkFeaturesSupport(title);
    } catch {
      // No data for this function in this app: nothing to judge.
    }
  }
}
