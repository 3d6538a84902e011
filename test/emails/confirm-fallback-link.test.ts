import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogOrThrow, type Catalog } from '../../src/courses/catalog.js';
import { composeEmails, confirmUrl, type ComposeConfig } from '../../src/delivery/compose.js';
import type { OutgoingEmail } from '../../src/mail/mailer.js';
import { testComposeConfig } from '../support/compose-config.js';
import { confirmationTemplateKey } from '../../src/courses/template-keys.js';

const config: ComposeConfig = testComposeConfig;

/** What a mail client shows as text: tags gone, entities as typed. */
const visibleText = (html: string) => html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ' ').replace(/&[a-z#0-9]+;/g, ' ');

describe('the confirmation email’s fallback link', () => {
  let catalog: Catalog;
  let email: OutgoingEmail;
  let url: string;
  const warned: object[] = [];

  beforeAll(async () => {
    catalog = await loadCatalogOrThrow();
    const createdAt = new Date('2026-03-02T12:00:00Z');
    url = confirmUrl(config, 4242, createdAt);
    const composed = await composeEmails(config, catalog, confirmationTemplateKey('releasing-mom-guilt'), [{ deliveryId: 1, subscriberId: 4242, email: 'a@example.com', firstName: 'Ana', createdAt }], {
      warn: (details) => warned.push(details),
    });
    email = composed[0]!;
  });

  it('does not rely on word-break, which Outlook and Yahoo ignore', () => {
    expect(email.html).not.toMatch(/word-break/i);
  });

  it('shows no unbreakable run of text wider than a phone', () => {
    // ~40 characters of 14 px text is about the width of a 320 px screen's content column.
    const longest = Math.max(...visibleText(email.html).split(/\s+/).map((word) => word.length));
    expect(url.length).toBeGreaterThan(60);
    expect(longest).toBeLessThan(40);
  });

  it('keeps the whole URL in the fallback link’s href and in the plain-text part', () => {
    const fallback = email.html.slice(email.html.indexOf('If the button doesn'));
    expect(fallback).toContain(`<a href="${url}"`);
    // The button's line and the fallback's line both carry it, verbatim.
    expect(email.text.split(url).length - 1).toBeGreaterThanOrEqual(2);
  });

  it('stays compilable for render-once (no per-recipient fallback warning)', () => {
    expect(warned).toEqual([]);
  });
});
