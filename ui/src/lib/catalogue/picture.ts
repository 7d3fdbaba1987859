// The stand-in for a product without a picture: its brand's first character on a colour of its own.
import type { Product } from "../types";

/** The first letter or character of the brand (else the name), upper-cased; "?" when there is none. */
export function initialOf(product: Pick<Product, "brand" | "name">): string {
  for (const text of [product.brand, product.name]) {
    const first = [...text.trim()][0];
    if (first) return first.toUpperCase();
  }
  return "?";
}

/** A hue (0–359) that is always the same for the same text, so a brand keeps its colour. */
export function hueOf(text: string): number {
  let hash = 0;
  for (const ch of text) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return hash % 360;
}
