// Performance marks for "keystroke to updated totals" (BENCHMARKS.md, `cargo xtask bench-keystroke`): a quantity
// saved by Enter (or an arrow key) marks the keystroke; the cart store marks the backend's answer, the DOM showing
// the new cart, and the frame that paints it; the grid marks the focus moving on. Only user timing entries: nothing
// is sent anywhere, and each new keystroke clears the last one's marks (the measures are capped), so a day of typing
// does not pile them up.
import { tick } from "svelte";

export const KEYSTROKE = "qty-keystroke";
/** `set_cart_quantity` answered (the new CartView is in the page). */
export const BACKEND = "keystroke-to-backend";
/** The DOM shows the new cart (after Svelte's update). */
export const DOM = "keystroke-to-dom";
/** The frame that paints the new totals begins (its requestAnimationFrame callback). */
export const TOTALS = "keystroke-to-totals";
/** The task after that frame's rendering update (an approximation of "painted"). */
export const PAINTED = "keystroke-to-painted";
/** The focus moved to the next row (it waits for the save's answer: grid/focusAfterSave.ts). */
export const FOCUS = "keystroke-to-focus";

const MARKS = [KEYSTROKE, "backend-answered", "totals-in-dom", "totals-updated", "totals-painted", "focus-moved"];
const MEASURES = [BACKEND, DOM, TOTALS, PAINTED, FOCUS];
const KEEP_MEASURES = 200;

/** A keystroke whose save is on its way: the marks below are taken only for it. */
let pending = false;
/** A keystroke whose focus move has not happened yet. */
let focusPending = false;

const supported = () => typeof performance !== "undefined" && typeof performance.mark === "function";

/**
 * The user's keystroke that saves a quantity arrived: marked at the event's own time stamp (when the key event was
 * created, so time spent waiting for the handler counts), or now when the stamp is not on this clock.
 */
export function keystroke(event: Event) {
  if (!supported()) return;
  for (const name of MARKS) performance.clearMarks(name);
  if (performance.getEntriesByType("measure").length > KEEP_MEASURES) {
    for (const name of MEASURES) performance.clearMeasures(name);
  }
  const now = performance.now();
  const stamp = event.timeStamp;
  const startTime = stamp > 0 && stamp <= now ? stamp : now;
  performance.mark(KEYSTROKE, { startTime, detail: { handler: now } });
  pending = true;
  focusPending = true;
}

/** The focus moved on after the keystroke's save. */
export function focusMoved() {
  if (!focusPending || !supported()) return;
  focusPending = false;
  measure("focus-moved", FOCUS);
}

function measure(mark: string, name: string) {
  try {
    performance.mark(mark);
    performance.measure(name, KEYSTROKE, mark);
  } catch {
    // Timing only: never in the way of the app.
  }
}

/** The backend answered the save (or refused it: then no totals follow). */
export function answered(ok: boolean) {
  if (!pending || !supported()) return;
  if (!ok) {
    pending = false;
    return;
  }
  measure("backend-answered", BACKEND);
}

/** The new cart view is in the store: mark when the DOM shows it, and the next frame. */
export async function shown() {
  if (!pending || !supported()) return;
  pending = false;
  await tick();
  measure("totals-in-dom", DOM);
  if (typeof requestAnimationFrame !== "function") return;
  requestAnimationFrame(() => {
    measure("totals-updated", TOTALS);
    setTimeout(() => measure("totals-painted", PAINTED), 0);
  });
}
