import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminPasswordHash, verifyAdminPassword } from '../src/access/password.js';
import { ConfigError, DEV_ADMIN_PASSWORD, loadConfig } from '../src/config.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rmg-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('runs on embedded defaults with nothing set, and generates and keeps a dev secret', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      appUrl: 'http://localhost:3000',
      sendHour: 8,
      courseIntervalMs: null,
      databaseUrl: null,
      redisUrl: null,
      devMailbox: true,
      resendRateLimit: 2,
    });
    expect(config.secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dataDir, 'secret'), 'utf8')).toBe(config.secret);
    expect(loadConfig({ DATA_DIR: dataDir }).secret).toBe(config.secret);
  });

  it('takes a Resend webhook secret only in its whsec_ form, and is off without one', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).resendWebhookSecret).toBeNull();
    expect(loadConfig({ DATA_DIR: dataDir, RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }).resendWebhookSecret).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(() => loadConfig({ DATA_DIR: dataDir, RESEND_WEBHOOK_SECRET: 'my-secret' })).toThrow(/RESEND_WEBHOOK_SECRET is the signing secret Resend shows for the webhook, starting with whsec_/);
  });

  it('stops production start-up naming every missing variable', () => {
    const attempt = () => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, RESEND_API_KEY: 're_x' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/SECRET, APP_URL, EMAIL_FROM, POSTAL_ADDRESS/);
  });

  it('turns the dev mailbox off in production', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SECRET: 'Xq7vR2mK9pL4wT8zN3bH6cJ1dF5gS0yA',
      RESEND_API_KEY: 're_x',
      APP_URL: 'https://course.example.com/',
      EMAIL_FROM: 'A <a@example.com>',
      POSTAL_ADDRESS: '1 Main St',
    });
    expect(config.devMailbox).toBe(false);
    expect(config.appUrl).toBe('https://course.example.com');
  });

  it('names the variable that is malformed', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, SEND_HOUR: '25' })).toThrow(/SEND_HOUR/);
    expect(() => loadConfig({ DATA_DIR: dataDir, COURSE_INTERVAL: 'soon' })).toThrow(/COURSE_INTERVAL must look like 5s/);
    expect(() => loadConfig({ DATA_DIR: dataDir, APP_URL: 'not a url' })).toThrow(/APP_URL/);
  });

  it('paces the reconciler to a short demo interval', () => {
    expect(loadConfig({ DATA_DIR: dataDir, COURSE_INTERVAL: '3s' })).toMatchObject({ courseIntervalMs: 3_000, reconcileIntervalMs: 1_000 });
    expect(loadConfig({ DATA_DIR: dataDir }).reconcileIntervalMs).toBe(5_000);
  });

  it('limits signups per IP and per address by default, and 0 turns either off', () => {
    expect(loadConfig({ DATA_DIR: dataDir })).toMatchObject({ signupLimitPerIp: 20, signupLimitPerAddress: 5 });
    expect(loadConfig({ DATA_DIR: dataDir, SIGNUP_LIMIT_PER_IP: '0', SIGNUP_LIMIT_PER_ADDRESS: ' 3 ' })).toMatchObject({
      signupLimitPerIp: 0,
      signupLimitPerAddress: 3,
    });
    expect(loadConfig({ DATA_DIR: dataDir, SIGNUP_LIMIT_PER_ADDRESS: '0' }).signupLimitPerAddress).toBe(0);
    expect(() => loadConfig({ DATA_DIR: dataDir, SIGNUP_LIMIT_PER_IP: '-1' })).toThrow(/SIGNUP_LIMIT_PER_IP must be a whole number/);
    expect(() => loadConfig({ DATA_DIR: dataDir, SIGNUP_LIMIT_PER_ADDRESS: '2.5' })).toThrow(/SIGNUP_LIMIT_PER_ADDRESS must be a whole number/);
  });

  it('trusts X-Forwarded-For only when TRUST_PROXY says how many proxies stand in front', () => {
    const hops = (value?: string) => loadConfig({ DATA_DIR: dataDir, ...(value === undefined ? {} : { TRUST_PROXY: value }) }).trustProxyHops;
    expect([hops(), hops(''), hops('false'), hops('0'), hops('no')]).toEqual([0, 0, 0, 0, 0]);
    expect([hops('true'), hops('TRUE'), hops('1'), hops('yes'), hops('2')]).toEqual([1, 1, 1, 1, 2]);
    expect(() => hops('sometimes')).toThrow(/TRUST_PROXY must be true, false, or the number of proxies/);
  });

  it('counts opens and clicks only with TRACKING=on, and names any other value', () => {
    const tracking = (value?: string) => loadConfig({ DATA_DIR: dataDir, ...(value === undefined ? {} : { TRACKING: value }) }).tracking;
    expect([tracking(), tracking(''), tracking('off'), tracking('OFF')]).toEqual([false, false, false, false]);
    expect([tracking('on'), tracking(' On ')]).toEqual([true, true]);
    for (const value of ['yes', 'true', '1', 'opens']) expect(() => tracking(value)).toThrow(/TRACKING must be on or off/);
  });

  describe('who can reach the development conveniences', () => {
    const production = {
      NODE_ENV: 'production',
      SECRET: 'Xq7vR2mK9pL4wT8zN3bH6cJ1dF5gS0yA',
      RESEND_API_KEY: 're_x',
      APP_URL: 'https://course.example.com',
      EMAIL_FROM: 'A <a@example.com>',
      POSTAL_ADDRESS: '1 Main St',
    };

    it('listens on loopback in development and on every network in production, unless HOST says otherwise', () => {
      expect(loadConfig({ DATA_DIR: dataDir }).host).toBe('127.0.0.1');
      expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).host).toBe('127.0.0.1');
      expect(loadConfig(production).host).toBe('0.0.0.0');
      expect(loadConfig({ DATA_DIR: dataDir, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
      expect(loadConfig({ ...production, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
      expect(() => loadConfig({ DATA_DIR: dataDir, HOST: 'every network' })).toThrow(/HOST must be an IP address/);
    });

    it('gives the published password and the dev mailbox only to development on loopback, without a key, with a local APP_URL', () => {
      const local = loadConfig({ DATA_DIR: dataDir });
      expect(local).toMatchObject({ devMailbox: true, adminPasswordIsDefault: true, adminPassword: DEV_ADMIN_PASSWORD, notLocalBecause: [] });

      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ RESEND_API_KEY: 're_x' }, /RESEND_API_KEY is set/],
        [{ APP_URL: 'https://course.example.com' }, /APP_URL \(course\.example\.com\) is not this machine/],
        [{ HOST: '0.0.0.0' }, /HOST \(0\.0\.0\.0\) is not loopback/],
        // The README's Resend example as it was: a key and a public address, nothing else.
        [{ RESEND_API_KEY: 're_x', APP_URL: 'https://course.example.com' }, /RESEND_API_KEY is set/],
      ];
      for (const [env, reason] of cases) {
        const config = loadConfig({ DATA_DIR: dataDir, ...env });
        expect(config, JSON.stringify(env)).toMatchObject({ devMailbox: false, adminPassword: null, adminPasswordIsDefault: false });
        expect(config.notLocalBecause.join('; ')).toMatch(reason);
      }
      // Her own password still opens the dashboard there.
      expect(loadConfig({ DATA_DIR: dataDir, HOST: '0.0.0.0', ADMIN_PASSWORD: 'a long and gentle password' }).adminPassword).toBe('a long and gentle password');

      expect(loadConfig(production)).toMatchObject({ devMailbox: false, adminPassword: null, adminPasswordIsDefault: false });
      expect(loadConfig({ ...production, HOST: '127.0.0.1', APP_URL: 'http://localhost:3000' })).toMatchObject({ devMailbox: false, adminPassword: null });
      // Tests run as NODE_ENV=test: the dev mailbox by the same rule, never the published password.
      expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' })).toMatchObject({ devMailbox: true, adminPassword: null });
    });

    it('keeps the same password hash across restarts, so sessions survive a deploy', async () => {
      const once = adminPasswordHash(loadConfig({ DATA_DIR: dataDir }))!;
      expect(adminPasswordHash(loadConfig({ DATA_DIR: dataDir }))).toBe(once);
      expect(await verifyAdminPassword(once, DEV_ADMIN_PASSWORD)).toBe(true);
      expect(adminPasswordHash(loadConfig({ ...production, ADMIN_PASSWORD: 'a long and gentle password' }))).not.toBe(
        adminPasswordHash(loadConfig({ ...production, ADMIN_PASSWORD: 'another gentle password' })),
      );
    });
  });

  it('refuses a SECRET or ADMIN_TOKEN with too little variety, naming it', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, SECRET: 'a'.repeat(32) })).toThrow(/SECRET has too little variety/);
    expect(() => loadConfig({ DATA_DIR: dataDir, SECRET: 'ab'.repeat(20) })).toThrow(/SECRET has too little variety/);
    expect(() => loadConfig({ DATA_DIR: dataDir, SECRET: 'password'.repeat(5) })).toThrow(/SECRET has too little variety/);
    expect(() => loadConfig({ DATA_DIR: dataDir, ADMIN_TOKEN: 'a'.repeat(32) })).toThrow(/ADMIN_TOKEN has too little variety/);
    expect(() => loadConfig({ DATA_DIR: dataDir, SECRET: 'Xq7vR2mK9pL4' })).toThrow(/SECRET must be at least 32 characters/);
    expect(loadConfig({ DATA_DIR: dataDir, SECRET: 'Xq7vR2mK9pL4wT8zN3bH6cJ1dF5gS0yA', ADMIN_TOKEN: '9f86d081884c7d659a2feaa0' })).toMatchObject({
      secret: 'Xq7vR2mK9pL4wT8zN3bH6cJ1dF5gS0yA',
      adminToken: '9f86d081884c7d659a2feaa0',
    });
  });

  it('refuses a malformed scrypt$ ADMIN_PASSWORD at start-up instead of failing every login', async () => {
    const good = adminPasswordHash(loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD: 'a long and gentle password' }))!;
    const [, , salt, hash] = good.split('$');
    const bad = [
      'scrypt$16384$short$short',
      `scrypt$12345$${salt}$${hash}`,
      `scrypt$1048576$${salt}$${hash}`,
      `scrypt$16384$${salt}`,
      `scrypt$16384$${salt}$${hash}$extra`,
      `scrypt$16384$${salt}$${hash!.slice(0, 20)}`,
    ];
    for (const value of bad) expect(() => loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD: value }), value).toThrow(/ADMIN_PASSWORD looks like a scrypt\$… hash, but/);
    // A well-formed one is taken as it is, and a login with its password succeeds.
    const config = loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD: good });
    expect(adminPasswordHash(config)).toBe(good);
    expect(await verifyAdminPassword(good, 'a long and gentle password')).toBe(true);
  });
});
