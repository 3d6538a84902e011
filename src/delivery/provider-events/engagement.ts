import type postgres from 'postgres';

/**
 * Opens and clicks, counted only with TRACKING=on, per template and never per person. Resend
 * loads a pixel and rewrites links; its `email.opened` and `email.clicked` events say which email
 * and when, and that is all that is kept (no link, IP or user agent). Each email counts at most
 * once in each of the four figures, so they read as "how many emails", like `delivered`:
 *
 * - `opens`: emails whose pixel loaded at least once `MACHINE_OPEN_MS` or more after delivery.
 * - `machineOpens`: emails whose pixel loaded sooner than that after delivery, which no person
 *   does: spam filters, security scanners, Apple Mail Privacy Protection fetching at delivery.
 * - `clicks`: emails with a lone click, one that is not within `CLICK_BURST_MS` of another click
 *   on the same email: a person.
 * - `machineClicks`: emails with a burst, two or more clicks each under `CLICK_BURST_MS` after
 *   the one before: a link scanner following every link at once.
 *
 * An email can be in both columns of a pair (a scanner, then her). Delivery is the provider's
 * `email.delivered` time, else our `sent_at` until that event arrives.
 */
export const MACHINE_OPEN_MS = 5_000;
export const CLICK_BURST_MS = 1_000;

export const ENGAGEMENT_EVENTS = new Set(['email.opened', 'email.clicked']);

interface EngagementRow {
  template: string;
  sent_at: Date | null;
  delivered_at: Date | null;
  first_opened_at: Date | null;
  last_opened_at: Date | null;
  last_clicked_at: Date | null;
  last_click_in_burst: boolean | null;
  human_clicks: number | null;
  machine_clicks: number | null;
}

interface OpenState {
  deliveredAt: Date | null;
  sentAt: Date | null;
  firstOpenedAt: Date | null;
  lastOpenedAt: Date | null;
}

export interface ClickState {
  lastClickedAt: Date | null;
  lastClickInBurst: boolean;
  humanClicks: number;
  machineClicks: number;
}

interface Counted {
  opens: boolean;
  machineOpens: boolean;
  clicks: boolean;
  machineClicks: boolean;
}

/**
 * Keeping the first and the last open is enough, whatever order the events and the delivery
 * arrive in: some open was a machine's exactly when the first one was early, and some was a
 * person's exactly when the last one was not.
 */
export function countedOpens(s: OpenState): Pick<Counted, 'opens' | 'machineOpens'> {
  const deliveredAt = s.deliveredAt ?? s.sentAt;
  if (!s.firstOpenedAt || !s.lastOpenedAt) return { opens: false, machineOpens: false };
  // Without any delivery time there is nothing to call early.
  if (!deliveredAt) return { opens: true, machineOpens: false };
  const humanFrom = deliveredAt.getTime() + MACHINE_OPEN_MS;
  return { opens: s.lastOpenedAt.getTime() >= humanFrom, machineOpens: s.firstOpenedAt.getTime() < humanFrom };
}

export function countedClicks(s: ClickState): Pick<Counted, 'clicks' | 'machineClicks'> {
  return { clicks: s.humanClicks > 0, machineClicks: s.machineClicks > 0 };
}

const SMALLINT_MAX = 32_767;
const capped = (n: number) => Math.min(n, SMALLINT_MAX);

/**
 * One more click at `at`. Only the latest click's time is kept, so a click is placed against it:
 * under `CLICK_BURST_MS` from it (before or after: a burst's events can arrive in any order) it
 * joins that burst, and a lone click it joins moves from human to machine. A click that arrives
 * late and lies a second or more before the latest one counts as lone, since its neighbours are
 * no longer known; Resend sends click events as they happen, so that is rare.
 */
export function withClick(s: ClickState, at: Date): ClickState {
  if (!s.lastClickedAt) return { lastClickedAt: at, lastClickInBurst: false, humanClicks: 1, machineClicks: 0 };
  const last = s.lastClickedAt.getTime();
  const latest = at.getTime() > last ? at : s.lastClickedAt;
  if (Math.abs(at.getTime() - last) < CLICK_BURST_MS) {
    return s.lastClickInBurst
      ? { ...s, lastClickedAt: latest, machineClicks: capped(s.machineClicks + 1) }
      : { lastClickedAt: latest, lastClickInBurst: true, humanClicks: s.humanClicks - 1, machineClicks: capped(s.machineClicks + 2) };
  }
  if (at.getTime() > last) return { ...s, lastClickedAt: at, lastClickInBurst: false, humanClicks: capped(s.humanClicks + 1) };
  return { ...s, humanClicks: capped(s.humanClicks + 1) };
}

type Tx = postgres.TransactionSql;
export type EngagementEvent = { type: 'email.delivered' | 'email.opened' | 'email.clicked'; at: Date };

/**
 * Applies one delivery, open or click to a delivery row (which the caller holds locked) and moves
 * its template's figures by what that changes. Returns those moves (`opens +1`), none when the
 * email was already counted.
 */
export async function applyEngagement(tx: Tx, deliveryId: string, event: EngagementEvent): Promise<string[]> {
  const [row] = await tx<EngagementRow[]>`
    select template, sent_at, delivered_at, first_opened_at, last_opened_at, last_clicked_at, last_click_in_burst,
           human_clicks, machine_clicks
    from deliveries where id = ${deliveryId}`;
  if (!row) return [];
  const opens: OpenState = { deliveredAt: row.delivered_at, sentAt: row.sent_at, firstOpenedAt: row.first_opened_at, lastOpenedAt: row.last_opened_at };
  const clicks: ClickState = {
    lastClickedAt: row.last_clicked_at,
    lastClickInBurst: row.last_click_in_burst ?? false,
    humanClicks: row.human_clicks ?? 0,
    machineClicks: row.machine_clicks ?? 0,
  };
  const before: Counted = { ...countedOpens(opens), ...countedClicks(clicks) };
  const earliest = (a: Date | null, b: Date) => (a && a < b ? a : b);
  const latest = (a: Date | null, b: Date) => (a && a > b ? a : b);
  let after: Counted;

  if (event.type === 'email.clicked') {
    const next = withClick(clicks, event.at);
    await tx`
      update deliveries set last_clicked_at = ${next.lastClickedAt}, last_click_in_burst = ${next.lastClickInBurst},
        human_clicks = ${next.humanClicks}, machine_clicks = ${next.machineClicks}
      where id = ${deliveryId}`;
    after = { ...before, ...countedClicks(next) };
  } else {
    // A second `email.delivered` (there should be only one) keeps the earlier time.
    const next: OpenState =
      event.type === 'email.opened'
        ? { ...opens, firstOpenedAt: earliest(opens.firstOpenedAt, event.at), lastOpenedAt: latest(opens.lastOpenedAt, event.at) }
        : { ...opens, deliveredAt: earliest(opens.deliveredAt, event.at) };
    await tx`
      update deliveries set delivered_at = ${next.deliveredAt}, first_opened_at = ${next.firstOpenedAt}, last_opened_at = ${next.lastOpenedAt}
      where id = ${deliveryId}`;
    after = { ...before, ...countedOpens(next) };
  }

  const delta = (key: keyof Counted) => Number(after[key]) - Number(before[key]);
  const moved = (Object.keys(after) as (keyof Counted)[]).filter((key) => delta(key) !== 0);
  if (moved.length > 0) {
    await tx`
      insert into delivery_figures (template, opens, machine_opens, clicks, machine_clicks)
      values (${row.template}, ${delta('opens')}, ${delta('machineOpens')}, ${delta('clicks')}, ${delta('machineClicks')})
      on conflict (template) do update set opens = delivery_figures.opens + excluded.opens,
        machine_opens = delivery_figures.machine_opens + excluded.machine_opens, clicks = delivery_figures.clicks + excluded.clicks,
        machine_clicks = delivery_figures.machine_clicks + excluded.machine_clicks`;
  }
  return moved.map((key) => `${key} ${delta(key) > 0 ? '+1' : '-1'}`);
}
