// The customer's orders as the backend lists them (newest first).
import * as backend from "../backend";
import { app } from "../app/app.svelte";
import { LatestOnly } from "../async";
import type { Order } from "../types";

class OrdersStore {
  orders = $state<Order[]>([]);
  loading = $state(false);
  loaded = $state(false);
  /** Order numbers whose lines are shown. */
  expanded = $state<Set<string>>(new Set());

  private tickets = new LatestOnly();

  async load() {
    const ticket = this.tickets.next();
    this.loading = true;
    try {
      const orders = await backend.listOrders();
      if (!this.tickets.isLatest(ticket)) return;
      this.orders = orders;
      this.loaded = true;
      app.clearError("orders");
    } catch (e) {
      if (this.tickets.isLatest(ticket)) app.report("orders", e);
    } finally {
      if (this.tickets.isLatest(ticket)) this.loading = false;
    }
  }

  /** An order the hub just changed (confirmed, cancelled): shown at once, before the list is loaded again. */
  replace(order: Order) {
    if (this.orders.some((o) => o.orderId === order.orderId)) {
      this.orders = this.orders.map((o) => (o.orderId === order.orderId ? order : o));
    }
  }

  toggle(orderNumber: string) {
    const next = new Set(this.expanded);
    if (next.has(orderNumber)) next.delete(orderNumber);
    else next.add(orderNumber);
    this.expanded = next;
  }

  reset() {
    this.orders = [];
    this.loaded = false;
    this.expanded = new Set();
  }
}

export const orders = new OrdersStore();
