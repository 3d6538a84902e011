import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { embedOrigins, isEmbedOrigin, setEmbedOrigins } from '../../src/settings/embed-origins.js';
import { signupSourceLabel } from '../../src/subscribers/signup-source.js';
import { AppError } from '../../src/errors.js';
import { createHarness, type Harness } from '../support/harness.js';

const dataDir = mkdtempSync(join(tmpdir(), 'rmg-embed-config-'));
const load = (EMBED_ORIGINS: string) => () => loadConfig({ DATA_DIR: dataDir, EMBED_ORIGINS });

describe('EMBED_ORIGINS at start-up', () => {
  it('takes a list of origins, comma-separated', () => {
    expect(load(' https://www.her-practice.com, http://localhost:8080 ')().embedOrigins).toEqual(['https://www.her-practice.com', 'http://localhost:8080']);
    expect(loadConfig({ DATA_DIR: dataDir }).embedOrigins).toEqual([]);
  });

  for (const bad of ['*', 'https://www.her-practice.com/', 'https://www.her-practice.com/blog', 'www.her-practice.com', 'ftp://her-practice.com', 'https://WWW.her-practice.com']) {
    it(`refuses ${JSON.stringify(bad)}, naming the variable and the entry`, () => {
      const attempt = load(`https://ok.example, ${bad}`);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/EMBED_ORIGINS/);
      expect(attempt).toThrow(bad);
    });
  }
});

describe('her sites, on the dashboard or from the server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ env: { EMBED_ORIGINS: 'https://from-env.example' } });
  });
  afterAll(async () => h?.close());

  it('uses EMBED_ORIGINS until she saves a list, then hers alone (an empty one too)', async () => {
    expect(await embedOrigins(h.ctx)).toEqual({ origins: ['https://from-env.example'], from: 'server' });
    expect(await isEmbedOrigin(h.ctx, 'https://from-env.example')).toBe(true);
    await setEmbedOrigins(h.ctx, { origins: 'https://www.her-practice.com\nhttps://her-practice.com' });
    expect(await embedOrigins(h.ctx)).toEqual({ origins: ['https://www.her-practice.com', 'https://her-practice.com'], from: 'dashboard' });
    expect(await isEmbedOrigin(h.ctx, 'https://from-env.example')).toBe(false);
    expect(await isEmbedOrigin(h.ctx, 'https://her-practice.com')).toBe(true);
    expect(await isEmbedOrigin(h.ctx, 'null')).toBe(false);
    await setEmbedOrigins(h.ctx, { origins: '' });
    expect(await embedOrigins(h.ctx)).toEqual({ origins: [], from: 'dashboard' });
  });

  it('refuses a list with a bad entry as start-up does, naming it, and keeps what was saved', async () => {
    await setEmbedOrigins(h.ctx, { origins: 'https://kept.example' });
    for (const bad of ['*', 'https://her-practice.com/contact']) {
      const attempt = setEmbedOrigins(h.ctx, { origins: `https://fine.example\n${bad}` });
      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(attempt).rejects.toThrow(bad);
    }
    expect((await embedOrigins(h.ctx)).origins).toEqual(['https://kept.example']);
  });
});

describe('a signup source label', () => {
  it('keeps a short label and drops anything else, logging each bad one once', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    expect(signupSourceLabel('blog-mom-guilt_2', logger)).toBe('blog-mom-guilt_2');
    expect(signupSourceLabel(undefined, logger)).toBeNull();
    const bad = `https://her-practice.com/blog?x=${Math.random()}`;
    expect(signupSourceLabel(bad, logger)).toBeNull();
    expect(signupSourceLabel(bad, logger)).toBeNull();
    expect(signupSourceLabel('a'.repeat(65), logger)).toBeNull();
    expect(signupSourceLabel({ evil: true }, logger)).toBeNull();
    expect(lines.filter((l) => l.includes(bad))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('a'.repeat(65)))).toHaveLength(1);
  });
});
