// The offline order queue as the backend lists it, and the sending of it. An order submitted while the hub could not
// be reached waits on this PC (one per cart; its cart keeps the lines); the backend sends each exactly once, with
// the id it was given, however often `send_queued` is called. While one waits it is sent again every few seconds,
// and once right after login / app start. When orders go, the orders list, Home and the cart are loaded again
// (sent lines leave their carts); what the hub refused stays listed, with why, until the buyer dismisses it.
import * as backend from "../../backend";
import { app } from "../../app/app.svelte";
import { cart } from "../../cart/cart.svelte";
import { home } from "../../home/home.svelte";
import { orders } from "../orders.svelte";
import type { Order, QueuedOrder } from "../../types";
import { announce, mergeSent, POLL_MS, queueCounts, shouldPoll, summarise, waitingForCart, type Line } from "./queue";

class QueueStore {
  /** Oldest first: waiting ones, and refused ones (with `refusal`) until dismissed. */
  items = $state.raw<QueuedOrder[]>([]);
  counts = $derived(queueCounts(this.items));
  /** Orders sent from the queue in this session, newest first, shown until the buyer has seen them. */
  sent = $state.raw<Order[]>([]);
  /** A send is under way. */
  sending = $state(false);
  /** When the queue was last sent (ms since the epoch), for "last tried". */
  lastTry = $state<number | null>(null);
  /** What the last send changed, to announce (a new id for each, so the same words are announced again). */
  news = $state.raw<{ id: number; lines: Line[] } | null>(null);
  /** The refused order being dismissed. */
  dismissing = $state<string | null>(null);
  /** The panel has something to show. */
  visible = $derived(this.items.length > 0 || this.sent.length > 0);

  private running = false;
  /** Bumped on start and stop: answers to calls made for the previous session are dropped. */
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private newsId = 0;

  /** Is an order from the cart of this name waiting to be sent? */
  waitingFor(cartName: string): boolean {
    return waitingForCart(this.items, cartName);
  }

  /** The logged-in app is shown: send what waits (once now, then every few seconds while anything waits). */
  start() {
    if (this.running) return;
    this.running = true;
    this.generation += 1;
    void this.send(false);
  }

  /** Logged out (or back to the change-password screen): stop polling; whoever logs in next starts clean. */
  stop() {
    this.running = false;
    this.generation += 1;
    this.clearTimer();
    this.items = [];
    this.sent = [];
    this.sending = false;
    this.lastTry = null;
    this.news = null;
    this.dismissing = null;
  }

  /** List the queue again (e.g. right after a submit went to it); polls while anything waits. */
  async load() {
    if (!this.running) return;
    const generation = this.generation;
    try {
      const items = await backend.queuedOrders();
      if (generation !== this.generation) return;
      this.listed(items);
      app.clearError("queue");
    } catch (e) {
      if (generation === this.generation) app.report("queue", e);
    } finally {
      if (generation === this.generation) this.schedule();
    }
  }

  /** 立即重试 */
  retry(): Promise<void> {
    return this.send(true);
  }

  /**
   * Send every waiting order (the backend sends each once, however often this runs). The hub still away is not an
   * error: the orders keep waiting and the next try comes in a few seconds.
   */
  async send(manual: boolean) {
    if (!this.running || this.sending) return;
    const generation = this.generation;
    this.clearTimer();
    this.sending = true;
    const before = this.items;
    try {
      const report = await backend.sendQueued();
      if (generation !== this.generation) return;
      const items = await backend.queuedOrders();
      if (generation !== this.generation) return;
      this.listed(items);
      this.lastTry = Date.now();
      if (report.sent.length > 0) {
        this.sent = mergeSent(this.sent, report.sent);
        this.refreshAfterSent();
      }
      const lines = announce(summarise(report, before), manual);
      if (lines.length > 0) this.news = { id: ++this.newsId, lines };
      app.clearError("queue");
    } catch (e) {
      if (generation === this.generation) app.report("queue", e);
    } finally {
      if (generation === this.generation) {
        this.sending = false;
        this.schedule();
      }
    }
  }

  /** The buyer has seen why the hub refused this order: forget it (its cart stays). Resolves to true when done. */
  async dismiss(orderId: string): Promise<boolean> {
    if (this.dismissing !== null || !this.running) return false;
    const generation = this.generation;
    this.dismissing = orderId;
    try {
      await backend.dismissQueued(orderId);
      if (generation !== this.generation) return false;
      this.items = this.items.filter((q) => q.orderId !== orderId);
      app.clearError("queue");
      return true;
    } catch (e) {
      if (generation === this.generation) app.report("queue", e);
      return false;
    } finally {
      if (generation === this.generation) this.dismissing = null;
    }
  }

  /** The buyer has seen the orders sent from the queue. */
  dismissSent() {
    this.sent = [];
  }

  /** An order the hub changed since (e.g. 决定购买 on a sent one that was only saved): show it as it is now. */
  orderChanged(order: Order) {
    if (this.sent.some((o) => o.orderId === order.orderId)) {
      this.sent = this.sent.map((o) => (o.orderId === order.orderId ? order : o));
    }
  }

  private listed(items: QueuedOrder[]) {
    this.items = items;
    cart.queueListed();
  }

  /** The hub has new orders and their lines left their carts: every view of them loads again. */
  private refreshAfterSent() {
    void cart.load();
    void orders.load();
    void home.load();
  }

  private schedule() {
    this.clearTimer();
    if (!this.running || this.sending || !shouldPoll(this.items)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.send(false);
    }, POLL_MS);
  }

  private clearTimer() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

export const queue = new QueueStore();
