import type { OutgoingEmail } from '../../src/mail/mailer.js';

const PARAGRAPH =
  '<p style="font-size:16px;line-height:26px;margin:16px 0;color:#333333">Zoë, it is okay to rest — “guilt” ' +
  'is not a measure of love 👶🏽. <a href="https://course.example.com/lesson?utm_source=email&amp;n=1" ' +
  'style="color:#b5446e;text-decoration:underline" target="_blank">Read on</a></p>\n';
const LINE = 'Zoë, it is okay to rest — “guilt” is not a measure of love 👶🏽. "Read on": https://course.example.com/\n';

/**
 * A batch shaped like the benchmark's: 100 emails, each with ~12 KB of html full of quoted
 * attributes and newlines (escaped in JSON) and ~3.4 KB of text, both with non-ASCII characters.
 */
export function sampleBatch(count = 100): OutgoingEmail[] {
  return Array.from({ length: count }, (_, i) => ({
    from: 'Dr. Jane Doe <jane@example.com>',
    to: `mom${i}@example.com`,
    subject: `Lesson 3 for Zoë #${i}: “Rest” is not a reward`,
    html: `<!DOCTYPE html><html lang="en"><body style="margin:0">\n${PARAGRAPH.repeat(38)}<p>#${i}</p></body></html>`,
    text: `${LINE.repeat(32)}#${i}\n`,
    headers: { 'List-Unsubscribe': `<https://course.example.com/u/${i}?t="x">`, 'X-Entity-Ref-ID': `delivery-${i}` },
  }));
}
