// 决定购买 and cancel, wherever they are pressed (Home, My orders, the confirmation after a submit). Afterwards,
// whether the hub agreed or not (the cutoff may have passed and voided the order), the desk status and the order
// list are loaded again, so every screen shows the hub's word on it.
import * as backend from "../backend";
import { app } from "../app/app.svelte";
import { cart } from "../cart/cart.svelte";
import { home } from "../home/home.svelte";
import type { Order } from "../types";
import { orders } from "./orders.svelte";

export type OrderAction = "confirm" | "cancel";

class OrderLifecycle {
  /** The action under way, if any: one at a time. */
  busy = $state<{ orderId: string; action: OrderAction } | null>(null);

  isBusy(orderId: string, action: OrderAction): boolean {
    return this.busy?.orderId === orderId && this.busy.action === action;
  }

  /** 决定购买: resolves to the confirmed order, or null when refused (the banner says why). */
  confirm(orderId: string): Promise<Order | null> {
    return this.run(orderId, "confirm");
  }

  /** Resolves to the cancelled order, or null when refused (the banner says why). */
  cancel(orderId: string): Promise<Order | null> {
    return this.run(orderId, "cancel");
  }

  private async run(orderId: string, action: OrderAction): Promise<Order | null> {
    if (this.busy) return null;
    this.busy = { orderId, action };
    let result: Order | null = null;
    try {
      result = action === "confirm" ? await backend.confirmOrder(orderId) : await backend.cancelOrder(orderId);
      orders.replace(result);
      cart.orderChanged(result);
      app.clearError("order");
    } catch (e) {
      app.report("order", e);
    }
    try {
      await Promise.all([home.load(), orders.load()]);
    } finally {
      this.busy = null;
    }
    return result;
  }
}

export const lifecycle = new OrderLifecycle();
