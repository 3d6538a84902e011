import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

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
      SECRET: 's'.repeat(40),
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
});
