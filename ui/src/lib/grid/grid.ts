// Keyboard order grid: the pure rules behind "type a quantity, Enter goes to the next row, arrows move up and
// down". The components only map DOM events onto these.

export const PAGE_STEP = 10;

/** Where a key sends the focus from row `index` of `count` rows; null when the key is not a move or goes nowhere. */
export function targetRow(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  let next: number;
  switch (key) {
    case "Enter":
    case "ArrowDown":
      next = index + 1;
      break;
    case "ArrowUp":
      next = index - 1;
      break;
    case "PageDown":
      next = Math.min(index + PAGE_STEP, count - 1);
      break;
    case "PageUp":
      next = Math.max(index - PAGE_STEP, 0);
      break;
    default:
      return null;
  }
  if (next < 0 || next >= count || next === index) return null;
  return next;
}

export type ParsedQuantity = { ok: true; value: number } | { ok: false };

const MAX_QUANTITY = 4_294_967_295; // u32 on the Rust side

/**
 * Read what the buyer typed in a quantity cell. Empty means 0 (remove the line). Full-width digits from a
 * Chinese input method are accepted, as are surrounding spaces. Anything but a whole number ≥ 0 is refused.
 */
export function parseQuantity(text: string): ParsedQuantity {
  const normal = text
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\s\u3000]/g, "");
  if (normal === "") return { ok: true, value: 0 };
  if (!/^\d+$/.test(normal)) return { ok: false };
  const value = Number(normal);
  if (!Number.isSafeInteger(value) || value > MAX_QUANTITY) return { ok: false };
  return { ok: true, value };
}

/** What a cell shows for a quantity: blank for "not in the cart". */
export function showQuantity(quantity: number): string {
  return quantity > 0 ? String(quantity) : "";
}

/** A keyboard shortcut that switches sections: Alt+1..Alt+n → 0..n-1. */
export function sectionShortcut(
  event: Pick<KeyboardEvent, "altKey" | "ctrlKey" | "metaKey" | "shiftKey" | "key" | "code">,
  sections: number,
): number | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  // `code` is layout-independent (Alt+digit may produce another character, e.g. on macOS).
  const m = /^(?:Digit|Numpad)(\d)$/.exec(event.code) ?? /^(\d)$/.exec(event.key);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= sections ? n - 1 : null;
}

/** Is this element a place where the user types (so that a bare "/" must stay a character there)? */
export function isTypingTarget(target: { tagName?: string; isContentEditable?: boolean } | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? "").toUpperCase();
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
}

/**
 * Tab inside a dialog: where focus goes from element `index` of `count` focusable ones, wrapping at both ends.
 * `index` -1 (focus is outside the dialog) enters it at the first element, or the last one with Shift+Tab.
 */
export function cycleFocus(index: number, count: number, backwards: boolean): number | null {
  if (count <= 0) return null;
  if (index < 0 || index >= count) return backwards ? count - 1 : 0;
  return backwards ? (index - 1 + count) % count : (index + 1) % count;
}

export type UndoKey = "undo" | "redo";

/** Ctrl+Z undoes; Ctrl+Shift+Z and Ctrl+Y redo (⌘ on a Mac). By physical key too, for other layouts. */
export function undoShortcut(
  event: Pick<KeyboardEvent, "altKey" | "ctrlKey" | "metaKey" | "shiftKey" | "key" | "code">,
): UndoKey | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : "";
  // A Latin letter says which key it is; otherwise (another layout, an input method) the physical key does.
  const letter = /^[a-z]$/.test(key) ? key : event.code === "KeyZ" ? "z" : event.code === "KeyY" ? "y" : "";
  if (letter === "z") return event.shiftKey ? "redo" : "undo";
  if (letter === "y" && !event.shiftKey) return "redo";
  return null;
}
