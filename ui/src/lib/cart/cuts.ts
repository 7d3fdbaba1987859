// Demand (需求量) against order quantity (订单量): why the rules ordered less than the buyer typed, in words, and
// what is left to order (this cycle's allocation, the stock available). Pure: the phrases are message keys.
import { translate, type Locale, type Phrase } from "../i18n/messages";
import type { CartLineView, Cut } from "../types";

/** One cut, e.g. "按货源分配削减至 30" / "cut by allocation to 30". */
export function cutPhrase(cut: Cut): Phrase {
  switch (cut.kind) {
    case "allocation":
      return { key: "cut.allocation", params: { n: cut.limit } };
    case "stock":
      return { key: "cut.stock", params: { n: cut.available } };
    case "maximum_per_order":
      return { key: "cut.maximum_per_order", params: { n: cut.max } };
    case "pack_multiple":
      return { key: "cut.pack_multiple", params: { n: cut.pack_multiple } };
    case "below_minimum":
      return { key: "cut.below_minimum", params: { n: cut.min } };
  }
}

export function cutText(locale: Locale, cut: Cut): string {
  const phrase = cutPhrase(cut);
  return translate(locale, phrase.key, phrase.params);
}

/** Every cut of a line, in the order the rules applied them ("" when nothing was cut). */
export function cutsText(locale: Locale, cuts: readonly Cut[]): string {
  return cuts.map((c) => cutText(locale, c)).join(translate(locale, "list.separator"));
}

/** Did the rules order less than the demand? */
export function isCut(line: Pick<CartLineView, "quantity" | "orderQuantity">): boolean {
  return line.orderQuantity < line.quantity;
}

/** What is known of what can still be ordered: the allocation left this cycle and the stock available (可订量). */
export function supplyPhrases(line: Pick<CartLineView, "allocationLeft" | "available">): Phrase[] {
  const out: Phrase[] = [];
  if (line.allocationLeft !== null) out.push({ key: "supply.allocationLeft", params: { n: line.allocationLeft } });
  if (line.available !== null) out.push({ key: "supply.available", params: { n: line.available } });
  return out;
}
