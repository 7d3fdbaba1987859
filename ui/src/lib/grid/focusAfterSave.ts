// Enter (or an arrow key) in a quantity cell saves it and goes to another row. Moving the focus at once drew a frame
// of its own (about 3 ms after the key), and the new totals, which come with the save's answer, then had to wait a
// whole frame after it (BENCHMARKS.md, keystroke to updated totals). So the focus moves when the save has answered,
// in the same frame as the totals; a key or a pointer press arriving before that moves it at once, and the key then
// acts in the row it was meant for.
import * as perf from "../perf";

/** The longest the focus waits for a save's answer (about three frames): a slow save never holds the cursor back. */
export const FOCUS_WAIT_MS = 50;

/** What a key arriving while the focus waits does once the focus has moved. */
export type EarlyKey =
  /** Let it go on: its text (or Tab's move) goes to the element focused now. */
  | "pass"
  /** Stop it where it was aimed and send it to the element focused now, where the row's own handler acts on it. */
  | "forward";

type KeyLike = Pick<KeyboardEvent, "key" | "ctrlKey" | "altKey" | "metaKey">;

/** Keys other than characters whose own default action belongs to the new focus. */
const PASSING_KEYS = new Set([
  "Tab",
  "Backspace",
  "Delete",
  "Shift",
  "Control",
  "Alt",
  "Meta",
  "Process",
  "Unidentified",
  "Dead",
  "Compose",
]);

/**
 * Characters typed into the next cell, Backspace and Delete, Tab and keys of an input method go on by themselves:
 * WebKit (as other engines) types or deletes in the element focused after the key's keydown, and Tab moves on from
 * the focus. Everything else (Enter, the arrows, Escape, a row's shortcut, Ctrl+Z) is acted on by keydown
 * handlers: those of the row the focus has reached must see it, not those of the row it left.
 */
export function earlyKey(event: KeyLike): EarlyKey {
  if (event.ctrlKey || event.altKey || event.metaKey) return "forward";
  if (/^[0-9.,+\- ]$/.test(event.key)) return "pass";
  if (PASSING_KEYS.has(event.key)) return "pass";
  return "forward";
}

export type FocusEnvironment = {
  /** Where keys and pointer presses are caught first (the window, in capture). */
  events: EventTarget;
  /** The element with the focus. */
  focused: () => EventTarget | null;
  /** Send a copy of a key to an element (a new, untrusted keydown that bubbles). */
  forward: (key: KeyboardEvent, to: EventTarget) => void;
  setTimer: (run: () => void, ms: number) => unknown;
  clearTimer: (timer: unknown) => void;
};

const browser = (): FocusEnvironment => ({
  events: window,
  focused: () => document.activeElement,
  forward: (key, to) =>
    to.dispatchEvent(
      new KeyboardEvent("keydown", {
        key: key.key,
        code: key.code,
        location: key.location,
        repeat: key.repeat,
        shiftKey: key.shiftKey,
        ctrlKey: key.ctrlKey,
        altKey: key.altKey,
        metaKey: key.metaKey,
        bubbles: true,
        cancelable: true,
        composed: true,
      }),
    ),
  setTimer: (run, ms) => setTimeout(run, ms),
  clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
});

/** The move waiting now (one at a time: a new one makes the last one happen first). */
let waiting: (() => void) | null = null;

/**
 * Run `move` (which puts the focus in another row) once `saved` has settled, or at once when a key or a pointer
 * press comes first, or after `FOCUS_WAIT_MS`, whichever is first; it runs exactly once.
 */
export function focusAfterSave(saved: Promise<unknown>, move: () => void, env: FocusEnvironment = browser()): void {
  waiting?.();
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    if (waiting === run) waiting = null;
    env.events.removeEventListener("keydown", onKey, true);
    env.events.removeEventListener("pointerdown", run, true);
    env.clearTimer(timer);
    move();
    perf.focusMoved();
  };
  const onKey = (event: Event) => {
    const key = event as KeyboardEvent;
    const from = env.focused();
    run();
    const to = env.focused();
    if (to === null || to === from || key.target !== from) return;
    // The key was typed for the row the focus was going to: the row it left must not act on it.
    key.stopImmediatePropagation();
    if (earlyKey(key) === "pass") return;
    key.preventDefault();
    env.forward(key, to);
  };
  env.events.addEventListener("keydown", onKey, true);
  env.events.addEventListener("pointerdown", run, true);
  const timer = env.setTimer(run, FOCUS_WAIT_MS);
  waiting = run;
  saved.then(run, run);
}
