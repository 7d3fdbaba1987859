// 决定购买 and cancel, and the approver's approve and decline (审批), wherever they are pressed (Home, My orders, the confirmation after a submit). Afterwards,
// whether the hub agreed or not (the cutoff may have passed and voided the order), the desk status and the order
// list are loaded again, so every screen shows the hub's word on it.
import * as backend from "../backend";
import { app } from "../app/app.svelte";
import { cart } from "../cart/cart.svelte";
import { home } from "../home/home.svelte";
import type { Order } from "../types";
import { orders } from "./orders.svelte";

export type OrderAction = "confirm" | "cancel" | "approve" | "decline";

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

  /** The company's approver places a buyer's waiting order; null when refused (the banner says why). */
  approve(orderId: string): Promise<Order | null> {
    return this.run(orderId, "approve");
  }

  /** The company's approver declines a buyer's waiting order, saying why. */
  decline(orderId: string, reason: string): Promise<Order | null> {
    return this.run(orderId, "decline", reason);
  }

  private send(orderId: string, action: OrderAction, reason: string): Promise<Order> {
    switch (action) {
      case "confirm":
        return backend.confirmOrder(orderId);
      case "cancel":
        return backend.cancelOrder(orderId);
      case "approve":
        return backend.approveOrder(orderId);
      case "decline":
        return backend.declineOrder(orderId, reason);
    }
  }

  private async run(orderId: string, action: OrderAction, reason = ""): Promise<Order | null> {
    if (this.busy) return null;
    this.busy = { orderId, action };
    let result: Order | null = null;
    try {
      result = await this.send(orderId, action, reason);
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
