// Pure helpers for saved carts and for the rows a new cart (再来一单, an imported list) could not take.
import type { MessageKey } from "../i18n/messages";
import type { SkipReason } from "../types";

/** The message explaining why a row was skipped, for every reason the backend sends. */
export const SKIP_REASON_KEYS: Record<SkipReason, MessageKey> = {
  unknown_product: "skip.unknown_product",
  delisted: "skip.delisted",
  unreadable: "skip.unreadable",
  bad_quantity: "skip.bad_quantity",
};

/** The key for a reason; a reason this UI does not know yet (a newer backend) gets the general one. */
export function skipReasonKey(reason: string): MessageKey {
  return (SKIP_REASON_KEYS as Record<string, MessageKey>)[reason] ?? "skip.other";
}

/**
 * A name for a new cart that no saved cart has yet: `make(n)` for the first n from the number of carts + 1 up
 * (e.g. "购物车 2" next to one cart), compared without surrounding spaces.
 */
export function defaultCartName(make: (n: number) => string, existing: readonly string[]): string {
  const taken = new Set(existing.map((name) => name.trim()));
  let n = Math.max(1, taken.size + 1);
  while (taken.has(make(n).trim())) n += 1;
  return make(n);
}

/** A typed cart name, or null when there is nothing but spaces. */
export function cleanCartName(name: string): string | null {
  const trimmed = name.trim();
  return trimmed === "" ? null : trimmed;
}

/**
 * The text of a list file: UTF-8 (a byte-order mark is dropped), else GB18030, which is how spreadsheets on
 * Chinese Windows save CSV files.
 */
export function decodeListFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}
