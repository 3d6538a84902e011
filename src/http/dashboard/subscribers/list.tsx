/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '../../../subscribers/columns.js';
import type { SubscriberSearch } from '../../../subscribers/search.js';
import { SEARCH_LIMIT } from '../../../subscribers/search.js';
import { AdminPage } from '../layout.js';
import { formatCount, formatDay, STATUS_LABEL } from './format.js';
import { subscriberStyles } from './styles.js';

/** What the list says after a redirect to it (an erasure); never anyone's address in the URL. */
export const LIST_NOTICES = {
  erased: 'She has been erased: her address, name and every email made for her are gone. Only a count of erasures and a keyed hash of her address remain, so no import can add her back without her own confirmation.',
  gone: 'There was no one left to erase: she had already been erased.',
} as const;
export type ListNotice = keyof typeof LIST_NOTICES;

export function StatusSelect({ id, name, value, allLabel }: { id: string; name: string; value: SubscriberStatus | null; allLabel: string }) {
  return (
    <select id={id} name={name}>
      <option value="" selected={value === null}>
        {allLabel}
      </option>
      {SUBSCRIBER_STATUSES.map((s) => (
        <option value={s} selected={value === s}>
          {`${STATUS_LABEL[s][0]!.toUpperCase()}${STATUS_LABEL[s].slice(1)}`}
        </option>
      ))}
    </select>
  );
}

/** /admin/subscribers: search by address or name, the counts, and the ways in and out (import, export). */
export function SubscriberListPage(props: { search: SubscriberSearch | null; query: string; status: SubscriberStatus | null; error?: string; notice?: ListNotice }) {
  const { search, query, status, error, notice } = props;
  const total = search ? Object.values(search.counts).reduce((a, b) => a + b, 0) : null;
  return (
    <AdminPage title="Subscribers" section="subscribers" wide>
      <style>{raw(subscriberStyles)}</style>
      <h1>Subscribers</h1>
      {notice ? (
        <p class="notice" role="status">
          {LIST_NOTICES[notice]}
        </p>
      ) : null}
      {search && total !== null ? (
        <div class="figure-row" aria-label="Everyone on the list, by status" role="group">
          <div class="figure">
            <strong>{formatCount(total)}</strong> in all
          </div>
          {SUBSCRIBER_STATUSES.map((s) => (
            <div class="figure">
              <strong>{formatCount(search.counts[s])}</strong> {STATUS_LABEL[s]}
            </div>
          ))}
        </div>
      ) : null}
      <div class="section-actions">
        <a class="button button-quiet" href="/admin/subscribers/import">
          Import a CSV file
        </a>
        <a class="button button-quiet" href="#export">
          Download the list (CSV)
        </a>
      </div>

      <form method="get" action="/admin/subscribers" class="search-form" role="search">
        <div class="field">
          <label for="q">Search by address or name</label>
          <input id="q" name="q" type="search" value={query} maxlength={200} autocomplete="off" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'search-error' : undefined} />
        </div>
        <div class="field">
          <label for="status">Status</label>
          <StatusSelect id="status" name="status" value={status} allLabel="Everyone" />
        </div>
        <button type="submit" class="button">
          Search
        </button>
      </form>

      {error ? (
        <p class="alert" role="alert" id="search-error">
          {error}
        </p>
      ) : null}

      {search ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading" class="visually-hidden">
            Results
          </h2>
          <p class="muted" aria-live="polite">
            {search.people.length === 0
              ? query
                ? `No one's address or name contains "${query}".`
                : 'No one here yet.'
              : search.more
                ? `The newest ${SEARCH_LIMIT} of more${query ? ` whose address or name contains "${query}"` : ''}. Type more of an address or a name to narrow it down.`
                : `${formatCount(search.people.length)} ${search.people.length === 1 ? 'person' : 'people'}${query ? ` whose address or name contains "${query}"` : ''}, newest first.`}
          </p>
          {search.people.length > 0 ? (
            <ul class="people">
              {search.people.map((p) => (
                <li>
                  <span>
                    <a href={`/admin/subscribers/${p.id}`}>{p.email}</a>
                    {p.firstName ? <span class="muted"> · {p.firstName}</span> : null}
                  </span>
                  <span>
                    <span class="status">{STATUS_LABEL[p.status]}</span> <span class="muted small">joined {formatDay(p.createdAt)}</span>
                  </span>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}

      <section class="panel" id="export" aria-labelledby="export-heading">
        <h2 id="export-heading">Download the list</h2>
        <p>A CSV file for a spreadsheet, with the same columns an import reads, so it can be imported back as it is.</p>
        <form method="get" action="/admin/subscribers/export">
          <div class="field">
            <label for="export-status">Who</label>
            <StatusSelect id="export-status" name="status" value={null} allLabel="Everyone" />
          </div>
          <button type="submit" class="button">
            Download CSV
          </button>
        </form>
      </section>
    </AdminPage>
  );
}
