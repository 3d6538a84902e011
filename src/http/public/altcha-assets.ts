import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The altcha widget's files, served by the app from node_modules (no CDN: nobody else learns who
 * visits her page). The `external` build keeps its styles and its proof-of-work worker in files
 * of their own instead of inline code and blob: workers, so `script-src 'self'` and the default
 * `worker-src` (which falls back to 'self') allow them without loosening the CSP.
 *
 * Each URL carries a hash of the files, so they can be cached for a year and an upgrade of the
 * package is fetched afresh.
 */
export interface AltchaAssets {
  version: string;
  scriptPath: string;
  stylePath: string;
  workerPath: string;
  files: Record<'widget.js' | 'widget.css' | 'pbkdf2.js', string>;
}

export const ALTCHA_ASSETS_PREFIX = '/assets/altcha';

let loaded: AltchaAssets | null = null;

/** Read once, on the first page or request that needs them (never when CAPTCHA is off). */
export function altchaAssets(): AltchaAssets {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  // The package's `require` condition names the UMD file; the plain script sits beside it.
  const external = dirname(require.resolve('altcha/external'));
  const read = (...parts: string[]) => readFileSync(join(external, ...parts), 'utf8');
  const widget = read('altcha.js');
  const css = read('altcha.css');
  const worker = read('..', 'workers', 'pbkdf2.js');
  const version = createHash('sha256').update(widget).update(css).update(worker).digest('hex').slice(0, 12);
  const base = `${ALTCHA_ASSETS_PREFIX}/${version}`;
  const workerPath = `${base}/pbkdf2.js`;
  // The external build registers no algorithm: ours is PBKDF2 (subscribers/captcha.ts).
  const register = `\n;(function () {\n  var worker = function () { return new Worker(${JSON.stringify(workerPath)}); };\n  globalThis.$altcha.algorithms.set('PBKDF2/SHA-256', worker);\n})();\n`;
  loaded = {
    version,
    scriptPath: `${base}/widget.js`,
    stylePath: `${base}/widget.css`,
    workerPath,
    files: { 'widget.js': widget + register, 'widget.css': css, 'pbkdf2.js': worker },
  };
  return loaded;
}
