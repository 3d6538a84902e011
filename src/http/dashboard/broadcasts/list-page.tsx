/** @jsxImportSource hono/jsx */
import { raw } from 'hono/html';
import type { Draft } from '../../../broadcasts/drafts.js';
import type { BroadcastOutcome } from '../../../reports/newsletter-outcomes.js';
import type { BroadcastSummary } from '../../../broadcasts/query.js';
import { ProviderReportsOff } from '../funnel.js';
import { AdminPage } from '../layout.js';
import { Alert, formatMoment, Notice, Progress, State } from './parts.js';
import { broadcastStyles } from './styles.js';

/** /admin/broadcasts: her drafts, then every broadcast (dashboard or command line) with its figures. */
export function ListPage(props: {
  drafts: Draft[];
  broadcasts: Array<BroadcastSummary & BroadcastOutcome>;
  /** Resend's webhooks are set up: delivered, bounced and complaints are reported. */
  providerReports: boolean;
  notice?: string;
  error?: string;
}) {
  const { drafts, broadcasts, providerReports, notice, error } = props;
  return (
    <AdminPage title="Newsletters" section="broadcasts" wide>
      <style>{raw(broadcastStyles)}</style>
      <div class="section-head">
        <h1>Newsletters</h1>
        <form method="post" action="/admin/broadcasts/drafts" class="inline-form">
          <button type="submit" class="button">
            Write a new newsletter
          </button>
        </form>
      </div>
      <Notice message={notice} />
      <Alert message={error} />

      <h2>Drafts</h2>
      {drafts.length === 0 ? (
        <p class="muted">No drafts. A newsletter you start writing is kept here until you send it.</p>
      ) : (
        <ul class="courses">
          {drafts.map((d) => (
            <li>
              <a href={`/admin/broadcasts/drafts/${d.id}`}>{d.subject || 'Untitled draft'}</a>
              <span class="muted small"> · last saved {formatMoment(d.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}

      <h2>Sent and scheduled</h2>
      {broadcasts.length === 0 ? (
        <p class="muted">Nothing sent yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="figures">
            <caption class="visually-hidden">Every newsletter sent or scheduled, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Newsletter</th>
                <th scope="col">State</th>
                <th scope="col">Recipients</th>
                <th scope="col">Progress</th>
                <th scope="col">Sent</th>
                {providerReports ? (
                  <>
                    <th scope="col">Delivered</th>
                    <th scope="col">Bounced</th>
                    <th scope="col">Complaints</th>
                  </>
                ) : null}
                <th scope="col">Unsubscribed after</th>
              </tr>
            </thead>
            <tbody>
              {broadcasts.map((b) => (
                <tr>
                  <td>
                    <a href={`/admin/broadcasts/${b.id}`}>{b.subject}</a>
                    <span class="hint">{formatMoment(b.firstDueAt)}</span>
                  </td>
                  <td>
                    <State status={b.status} />
                  </td>
                  <td>{b.recipients}</td>
                  <td>
                    <Progress broadcast={b} />
                  </td>
                  <td>{b.counts.sent}</td>
                  {providerReports ? (
                    <>
                      <td>{b.delivered}</td>
                      <td>{b.bounced}</td>
                      <td>{b.complained}</td>
                    </>
                  ) : null}
                  <td>{b.unsubscribedAfter}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {broadcasts.length > 0 && !providerReports ? <ProviderReportsOff /> : null}
    </AdminPage>
  );
}
