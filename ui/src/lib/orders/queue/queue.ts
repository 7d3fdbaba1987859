// Pure rules for the offline order queue: orders submitted while the hub could not be reached wait on this PC and
// are sent (each exactly once, by the backend) when it is back; the hub may still refuse them then.
import type { MessageKey, Params } from "../../i18n/messages";
import type { Order, QueuedOrder, QueueReport } from "../../types";

/** While anything waits, the queue is sent again this often. */
export const POLL_MS = 5_000;

export type QueuedState = "waiting" | "refused";

export function queuedState(order: Pick<QueuedOrder, "refusal">): QueuedState {
  return order.refusal ? "refused" : "waiting";
}

export type QueueCounts = { waiting: number; refused: number; total: number };

export function queueCounts(items: readonly Pick<QueuedOrder, "refusal">[]): QueueCounts {
  const refused = items.filter((q) => q.refusal).length;
  return { waiting: items.length - refused, refused, total: items.length };
}

/** Poll only while an order is waiting: refused ones wait for the buyer, not for the network. */
export function shouldPoll(items: readonly Pick<QueuedOrder, "refusal">[]): boolean {
  return items.some((q) => !q.refusal);
}

/** Whether an order from the cart of this name is waiting to be sent (the queue names carts, it has no ids). */
export function waitingForCart(items: readonly Pick<QueuedOrder, "refusal" | "cartName">[], cartName: string): boolean {
  return items.some((q) => !q.refusal && q.cartName !== null && q.cartName === cartName);
}

/** What one send of the queue changed, for the buyer: the numbers of the orders that went, those refused now. */
export type QueueNews = {
  /** Order numbers the hub now has. */
  sent: string[];
  /** Ids of the orders refused by this send (not those refused before). */
  refused: string[];
  /** Still waiting for the hub. */
  waiting: number;
};

export function summarise(report: QueueReport, before: readonly Pick<QueuedOrder, "orderId" | "refusal">[]): QueueNews {
  const refusedBefore = new Set(before.filter((q) => q.refusal).map((q) => q.orderId));
  return {
    sent: report.sent.map((o) => o.orderNumber),
    refused: report.refused.filter((q) => !refusedBefore.has(q.orderId)).map((q) => q.orderId),
    waiting: report.waiting,
  };
}

export type Line = { key: MessageKey; params?: Params };

/**
 * The sentences to announce after a send (politely, to screen readers, and as the panel's status line). A send
 * that changed nothing is announced only when the buyer asked for it (立即重试): the automatic tries every few
 * seconds stay quiet.
 */
export function announce(news: QueueNews, manual: boolean): Line[] {
  const lines: Line[] = [];
  if (news.sent.length > 0) lines.push({ key: "queue.news.sent", params: { numbers: news.sent.join(", ") } });
  if (news.refused.length > 0) lines.push({ key: "queue.news.refused", params: { count: news.refused.length } });
  if (news.waiting > 0 && (manual || lines.length > 0)) {
    lines.push({ key: "queue.news.waiting", params: { count: news.waiting } });
  }
  if (manual && lines.length === 0) lines.push({ key: "queue.news.nothing" });
  return lines;
}

/** The orders sent so far in this session, newest first, each once (a later copy replaces an earlier one). */
export function mergeSent(shown: readonly Order[], sent: readonly Order[]): Order[] {
  const fresh = new Set(sent.map((o) => o.orderId));
  return [...[...sent].reverse(), ...shown.filter((o) => !fresh.has(o.orderId))];
}
