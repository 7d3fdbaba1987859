// A quantity change comes back as the changed line and the cart's totals (CartUpdate), not the whole cart: with
// hundreds of lines, carrying and replacing them all on each keystroke is what made typing slow.
import type { CartUpdate, CartView } from "../types";

/**
 * The cart after `update`: the changed line replaced in its place (or appended, when new), every line when the
 * backend sent them all (a line was removed), and the totals, promotions and warnings as the backend computed
 * them. Null when the update is for another cart than `view`: then the whole cart must be fetched.
 */
export function applyUpdate(view: CartView, update: CartUpdate): CartView | null {
  if (update.id !== view.id) return null;
  let lines = view.lines;
  if (update.lines) {
    lines = update.lines;
  } else if (update.line) {
    const changed = update.line;
    const at = view.lines.findIndex((l) => l.product.code === update.productCode);
    lines = [...view.lines];
    if (at >= 0) lines[at] = changed;
    else lines.push(changed);
  }
  if (lines.length !== update.lineCount) return null;
  return {
    ...view,
    lines,
    adjustments: update.adjustments,
    total: update.total,
    lineCount: update.lineCount,
    warnings: update.warnings,
  };
}
