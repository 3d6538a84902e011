import type { ComposeConfig } from '../../src/delivery/compose.js';

/** What composing an email needs from the config, with test values. */
export const testComposeConfig: ComposeConfig = {
  appUrl: 'https://course.example.com',
  secret: 'x'.repeat(40),
  emailFrom: 'A <a@example.com>',
  postalAddress: '1 Test Lane',
  consultationUrl: 'https://course.example.com/#consultation',
};
