/**
 * React Email's preview (@react-email/ui 6.11.6) scores every email it opens by posting the
 * email's HTML and text, from the browser, to https://react.email/api/check-spam, and has no
 * setting to stop it. Offline that fetch fails, and the toolbar shows the failure as a red toast
 * reading "{}" (JSON.stringify of a TypeError); online, her unsent lessons leave the machine.
 *
 * So `npm run email` serves the preview through this small proxy: every page gets one script,
 * loaded before the preview's own, that sends that one request here instead, where the local
 * SpamAssassin scores the email (as `email:check` does, --local, nothing leaves the machine).
 * Everything else, the live-reload socket included, passes through untouched.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { spamScore } from '../../checks/spam-score.js';

const SCRIPT_PATH = '/__local/offline-checks.js';
const CHECK_SPAM_PATH = '/__local/check-spam';
const REMOTE_CHECK_SPAM = 'https://react.email/api/check-spam';

const SCRIPT = `(() => {
  const fetchFromPage = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return fetchFromPage(url === ${JSON.stringify(REMOTE_CHECK_SPAM)} ? ${JSON.stringify(CHECK_SPAM_PATH)} : input, init);
  };
})();
`;

/** What the preview's Spam tab reads (SpamCheckingResult in @react-email/ui). */
interface SpamCheckingResult {
  checks: Array<{ name: string; description: string; points: number }>;
  isSpam: boolean;
  points: number;
}

/** Serves `port` in front of the preview server at 127.0.0.1:`targetPort()`. */
export function startOfflinePreviewProxy(port: number, targetPort: () => number): Promise<Server> {
  const server = createServer(async (req, res) => {
    if (req.url === SCRIPT_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(SCRIPT);
    }
    if (req.url === CHECK_SPAM_PATH && req.method === 'POST') {
      const result = await localSpamCheck(await readBody(req)).catch((error: unknown) => ({ error: `The local spam check failed: ${String(error instanceof Error ? error.message : error).split('\n')[0]}` }));
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(result));
    }
    // Uncompressed, so a page can have the script added to it.
    const upstream = request({ host: '127.0.0.1', port: targetPort(), method: req.method, path: req.url, headers: { ...req.headers, 'accept-encoding': 'identity' } }, (answer) => {
      const isPage = (answer.headers['content-type'] ?? '').startsWith('text/html');
      if (!isPage) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        return void answer.pipe(res);
      }
      readBody(answer).then((html) => {
        const withScript = html.replace(/<head(\s[^>]*)?>/i, (tag) => `${tag}<script src="${SCRIPT_PATH}"></script>`);
        const headers = { ...answer.headers };
        delete headers['content-length'];
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(withScript);
      }, () => res.destroy());
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('The preview is still starting. Reload the page in a moment.');
    });
    req.pipe(upstream);
  });
  // The live-reload socket: the upgrade request as it came, then bytes both ways.
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const upstream = connect(targetPort(), '127.0.0.1', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

async function localSpamCheck(body: string): Promise<SpamCheckingResult | { error: string }> {
  const { html, plainText } = JSON.parse(body) as { html?: string; plainText?: string };
  const result = await spamScore({ from: 'Course <hello@example.com>', to: 'sarah@example.com', subject: 'Preview', html: html ?? '', text: plainText ?? '', headers: {} });
  if (result === null) {
    return { checks: [{ name: 'NOT_SCORED', description: 'SpamAssassin is not installed on this machine (apt-get install spamassassin), so this email was not scored.', points: 0 }], isSpam: false, points: 0 };
  }
  return {
    checks: result.rules.map((rule) => ({ name: rule.name, description: rule.description, points: rule.score })),
    // email:check's threshold, not SpamAssassin's 5: see checks/spam-score.ts.
    isSpam: result.score > 2.5,
    points: result.score,
  };
}

function readBody(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}
