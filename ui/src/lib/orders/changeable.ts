// Whether the customer may still change an order (修改订单): the hub's transition table lets a saved, placed or
// waiting order change until its cycle's cutoff, or, without a cutoff, until the supplier acts on it.
import type { Order } from "../types";

const CHANGEABLE = new Set(["saved", "submitted", "awaiting_approval"]);

export function changeable(order: Pick<Order, "status" | "closesAt">, now: Date): boolean {
  if (!CHANGEABLE.has(order.status)) return false;
  return order.closesAt == null || new Date(order.closesAt).getTime() > now.getTime();
}
