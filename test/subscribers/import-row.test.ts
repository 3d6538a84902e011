import { describe, expect, it } from 'vitest';
import { signupInput } from '../../src/subscribers/signup-input.js';
import { parseDate, parseImportRow } from '../../src/subscribers/import/row.js';
import { normaliseEmail } from '../../src/subscribers/person-fields.js';

describe('one row of her file', () => {
  it('takes exactly the addresses a signup takes, normalised the same way', () => {
    const addresses = [
      'Ana@Example.COM', '  bea@example.com ', 'cy+news@example.co.uk', "o'neil@example.ie", 'dee.d@sub.example.org',
      'no-at-sign', 'two@@example.com', 'dot.@example.com', '.dot@example.com', 'a..b@example.com', 'x@localhost',
      'x@example.c', 'tab\t@example.com', 'nul\u0000@example.com', `${'a'.repeat(250)}@example.com`, 'ünï@example.com', 'x@exämple.com', '',
    ];
    for (const address of addresses) {
      const signup = signupInput.shape.email.safeParse(address);
      expect(normaliseEmail(address), JSON.stringify(address)).toBe(signup.success ? signup.data : null);
    }
  });

  it('reads the dates spreadsheets write, and refuses impossible ones', () => {
    expect(parseDate('2024-03-01')).toEqual(new Date('2024-03-01T00:00:00Z'));
    expect(parseDate('2024-03-01 09:30')).toEqual(new Date('2024-03-01T09:30:00Z'));
    expect(parseDate('2024-03-01T09:30:15.5+02:00')).toEqual(new Date('2024-03-01T07:30:15.500Z'));
    expect(parseDate('2024-03-01T09:30:00-0500')).toEqual(new Date('2024-03-01T14:30:00Z'));
    expect(parseDate('2024-02-29')).toEqual(new Date('2024-02-29T00:00:00Z'));
    for (const bad of ['2023-02-29', '2024-13-01', '2024-03-01T24:00', '03/01/2024', 'yesterday', '2024-3-1']) expect(parseDate(bad), bad).toBeNull();
  });

  it('reads yes and no as the only newsletter words, never a name every object inherits', () => {
    for (const word of ['constructor', 'toString', '__proto__']) {
      const row = parseImportRow(['a@example.com', word], 2, { email: 0, newsletter: 1 }, 2, new Date());
      expect(row, word).toMatchObject({ reason: 'invalid_newsletter' });
    }
    expect(parseImportRow(['a@example.com', 'Yes'], 2, { email: 0, newsletter: 1 }, 2, new Date())).toMatchObject({ newsletter: true });
  });

  it('takes an apostrophe an export put before a formula-like value back off', () => {
    const row = parseImportRow(["'+1@example.com", "'=Ann"], 2, { email: 0, first_name: 1 }, 2, new Date());
    expect(row).toMatchObject({ email: '+1@example.com', firstName: '=Ann' });
  });
});
