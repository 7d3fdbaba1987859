// The pre-submit review: how each change since the cart was saved is described. Pure, so that it is unit-tested;
// the panel (ReviewPanel.svelte) only lays these out.
import { problemText } from "../i18n/errors";
import { translate, type Locale, type MessageKey } from "../i18n/messages";
import type { CartChange, CartReview, ChangeKind, Product } from "../types";

export const KIND_KEYS: Record<ChangeKind, MessageKey> = {
  price_up: "review.kind.price_up",
  price_down: "review.kind.price_down",
  delisted: "review.kind.delisted",
  removed: "review.kind.removed",
  quantity_refused: "review.kind.quantity_refused",
  allocation_reduced: "review.kind.allocation_reduced",
  stock_short: "review.kind.stock_short",
};

/** A line the hub would refuse as it is (a rule, the allocation or the stock), rather than a change to accept. */
export function isRefusal(kind: ChangeKind): boolean {
  return kind === "quantity_refused" || kind === "allocation_reduced" || kind === "stock_short";
}

export type Trend = "up" | "down" | null;

/** Which way the price went; only price changes have a direction worth an arrow. */
export function priceTrend(kind: ChangeKind): Trend {
  if (kind === "price_up") return "up";
  if (kind === "price_down") return "down";
  return null;
}

export function trendArrow(trend: Trend): string {
  return trend === "up" ? "↑" : trend === "down" ? "↓" : "";
}

/** Accepting the review takes these lines out of the cart. */
export function leavesCart(kind: ChangeKind): boolean {
  return kind === "delisted" || kind === "removed";
}

/** Is there anything the buyer must see before the order goes? */
export function needsReview(review: Pick<CartReview, "changes">): boolean {
  return review.changes.length > 0;
}

/** Does any line break a quantity rule now (it stays in the cart after accepting, and the hub will refuse it)? */
export function hasRefusedQuantity(review: Pick<CartReview, "changes">): boolean {
  return review.changes.some((c) => isRefusal(c.kind));
}

type Rules = Pick<Product, "packMultiple" | "minPerOrder" | "maxPerOrder">;

/**
 * What changed, in words. A refused quantity says which rule it breaks, as the cart's own rows do (with the
 * product's rules at hand, the number to respect).
 */
export function changeText(locale: Locale, change: Pick<CartChange, "kind" | "problem">, rules?: Rules): string {
  if (isRefusal(change.kind) && change.problem) return problemText(locale, change.problem, rules);
  return translate(locale, KIND_KEYS[change.kind]);
}

/**
 * The prices a change row shows: before and after for a price change, else the one price that applies (today's,
 * or the last one known for a product gone from the catalogue).
 */
export function shownPrices(change: Pick<CartChange, "kind" | "oldPrice" | "newPrice">): {
  old: string | null;
  now: string | null;
} {
  if (priceTrend(change.kind) !== null) return { old: change.oldPrice, now: change.newPrice };
  return { old: null, now: change.newPrice ?? change.oldPrice };
}

const DECIMAL = /^\s*([+-]?)(\d+)(?:\.(\d+))?\s*$/;

/**
 * Compare two exact decimal amounts ("1234.50") without turning them into floats: -1, 0 or 1, or null when
 * either is not a decimal.
 */
export function compareMoney(a: string, b: string): -1 | 0 | 1 | null {
  const ma = DECIMAL.exec(a);
  const mb = DECIMAL.exec(b);
  if (!ma || !mb) return null;
  const parse = (m: RegExpExecArray) => {
    const whole = m[2].replace(/^0+(?=\d)/, "");
    const fraction = (m[3] ?? "").replace(/0+$/, "");
    const zero = /^0*$/.test(whole) && fraction === "";
    return { negative: m[1] === "-" && !zero, whole, fraction };
  };
  const x = parse(ma);
  const y = parse(mb);
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const sign = x.negative ? -1 : 1;
  let order: number;
  if (x.whole.length !== y.whole.length) {
    order = x.whole.length < y.whole.length ? -1 : 1;
  } else {
    const width = Math.max(x.fraction.length, y.fraction.length);
    const dx = x.whole + x.fraction.padEnd(width, "0");
    const dy = y.whole + y.fraction.padEnd(width, "0");
    order = dx === dy ? 0 : dx < dy ? -1 : 1;
  }
  return (order * sign) as -1 | 0 | 1;
}

/** Which way the total moved from before the review to after it. */
export function totalTrend(review: Pick<CartReview, "totalBefore" | "totalAfter">): Trend {
  const order = compareMoney(review.totalAfter, review.totalBefore);
  return order === 1 ? "up" : order === -1 ? "down" : null;
}
