/** @jsxImportSource hono/jsx */
import { AdminPage } from './layout.js';

/** The landing form's script: it fills and enables the hidden `timezone` field (public/assets.ts). */
const TIMEZONE_SCRIPT = '/assets/timezone.js';

export function LoginPage({ error, status }: { error?: string; status?: 'logged-out' | 'expired' }) {
  return (
    <AdminPage title="Log in" section={null} scripts={[TIMEZONE_SCRIPT]}>
      <h1>Your dashboard</h1>
      {status === 'logged-out' ? (
        <p class="notice" role="status">
          You are logged out.
        </p>
      ) : null}
      {status === 'expired' ? (
        <p class="notice" role="status">
          Your session ended after a while without use. Please log in again.
        </p>
      ) : null}
      {error ? (
        <p class="alert" role="alert">
          {error}
        </p>
      ) : null}
      <form method="post" action="/admin/login" class="panel">
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        {/* Her browser's timezone, the first guess at her dashboard's. Disabled (not sent) unless the script ran. */}
        <input type="hidden" id="timezone" name="timezone" value="" disabled />
        <button class="button" type="submit">
          Log in
        </button>
      </form>
    </AdminPage>
  );
}
