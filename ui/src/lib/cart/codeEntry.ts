// Typing a product code (or scanning a barcode) at the top of the cart grid: which product it is, and how many
// to put in the cart when it is not there yet.
import type { Product } from "../types";

/** A code as typed: trimmed, full-width letters and digits (from a Chinese input method) made plain. */
export function normalizeCode(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, "");
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The product whose code is exactly `text` (case aside), else the one with that barcode; null when none. */
export function exactProduct<P extends Pick<Product, "code" | "barcode">>(products: readonly P[], text: string): P | null {
  const code = normalizeCode(text);
  if (code === "") return null;
  return products.find((p) => same(p.code, code)) ?? products.find((p) => p.barcode !== "" && same(p.barcode, code)) ?? null;
}

/**
 * The first quantity to put in the cart: the smallest one the rules take, i.e. the pack multiple, or the minimum
 * per order rounded up to a multiple of the pack.
 */
export function initialQuantity(product: Pick<Product, "packMultiple" | "minPerOrder">): number {
  const pack = Math.max(1, product.packMultiple);
  const min = Math.max(1, product.minPerOrder);
  return Math.ceil(min / pack) * pack;
}
