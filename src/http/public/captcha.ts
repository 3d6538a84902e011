import { Hono } from 'hono';
import { createCaptchaChallenge } from '../../subscribers/captcha.js';
import type { HonoEnv } from '../env.js';
import { ALTCHA_ASSETS_PREFIX, altchaAssets } from './altcha-assets.js';

export const CHALLENGE_PATH = '/altcha/challenge';

const TYPES = { 'widget.js': 'text/javascript; charset=utf-8', 'widget.css': 'text/css; charset=utf-8', 'pbkdf2.js': 'text/javascript; charset=utf-8' } as const;

/**
 * CAPTCHA=altcha's routes (app.ts mounts them only then): a fresh challenge for each widget,
 * never cached, and the widget's own files.
 */
export const captchaRoutes = new Hono<HonoEnv>()
  .get(CHALLENGE_PATH, async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await createCaptchaChallenge(c.var.ctx));
  })
  .get(`${ALTCHA_ASSETS_PREFIX}/:version/:name`, (c) => {
    const assets = altchaAssets();
    const name = c.req.param('name');
    if (c.req.param('version') !== assets.version || !Object.hasOwn(TYPES, name)) return c.notFound();
    const file = name as keyof typeof TYPES;
    c.header('content-type', TYPES[file]);
    c.header('cache-control', 'public, max-age=31536000, immutable');
    return c.body(assets.files[file]);
  });
