/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { FAVICON_PATH } from '../public/assets.js';
import { baseStyles } from '../public/views/styles.js';
import { adminStyles } from './styles.js';

export type Section = 'overview' | 'broadcasts' | 'course' | 'subscribers' | 'queues' | 'settings' | null;

const NAV: Array<{ section: Exclude<Section, null>; href: string; label: string }> = [
  { section: 'overview', href: '/admin', label: 'Overview' },
  { section: 'broadcasts', href: '/admin/broadcasts', label: 'Newsletters' },
  { section: 'course', href: '/admin/course', label: 'Course' },
  { section: 'subscribers', href: '/admin/subscribers', label: 'Subscribers' },
  { section: 'queues', href: '/admin/queues', label: 'Queues' },
  { section: 'settings', href: '/admin/settings', label: 'Settings' },
];

/**
 * Every dashboard page: the landing page's calm look (the same stylesheet), a top bar with her
 * sections and "Log out", phone-first. `scripts` are files of ours under /assets/ (the CSP allows
 * no inline script); every page works without them.
 */
export function AdminPage({ title, section, children, scripts = [], wide = false }: { title: string; section: Section; children: Child; scripts?: string[]; wide?: boolean }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="same-origin" />
        <link rel="icon" href={FAVICON_PATH} type="image/svg+xml" />
        <title>{`${title} · Dashboard`}</title>
        <style>{raw(baseStyles + adminStyles)}</style>
      </head>
      <body class="admin">
        <a class="skip-link" href="#main">
          Skip to the content
        </a>
        {section !== null ? (
          <header class="admin-bar">
            <nav aria-label="Dashboard">
              <ul class="admin-nav">
                {NAV.map((item) => (
                  <li>
                    <a href={item.href} aria-current={item.section === section ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <form method="post" action="/admin/logout" class="logout">
              <button type="submit" class="link-button">
                Log out
              </button>
            </form>
          </header>
        ) : null}
        <main id="main" class={wide ? 'admin-main wide' : 'admin-main'}>
          {children}
        </main>
        {scripts.map((src) => (
          <script src={src} defer></script>
        ))}
      </body>
    </html>
  );
}
