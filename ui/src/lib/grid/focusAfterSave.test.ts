import { describe, expect, it } from "vitest";
import { earlyKey, FOCUS_WAIT_MS, focusAfterSave, type FocusEnvironment } from "./focusAfterSave";

const key = (k: string, mods: Partial<Record<"ctrlKey" | "altKey" | "metaKey", boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe("earlyKey", () => {
  it("lets what is typed into a quantity, deletions, Tab and an input method's keys go on to the new focus", () => {
    const passing = ["0", "7", ".", ",", "-", "+", " ", "Backspace", "Delete", "Tab", "Shift", "Process"];
    for (const k of passing) {
      expect(earlyKey(key(k)), k).toBe("pass");
    }
  });

  it("sends the keys that handlers act on to the row the focus reached", () => {
    for (const k of ["Enter", "ArrowUp", "ArrowDown", "PageDown", "Escape", "F2", "Home", "i", "*"]) {
      expect(earlyKey(key(k)), k).toBe("forward");
    }
    expect(earlyKey(key("z", { ctrlKey: true }))).toBe("forward");
    expect(earlyKey(key("1", { altKey: true }))).toBe("forward");
  });
});

/** A window and two cells: the keys are dispatched at the window, standing for the cell the focus is leaving. */
function setup() {
  const events = new EventTarget();
  const next = new EventTarget();
  let focused: EventTarget | null = events;
  const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
  const forwarded: { key: string; to: EventTarget }[] = [];
  const env: FocusEnvironment = {
    events,
    focused: () => focused,
    forward: (k, to) => forwarded.push({ key: k.key, to }),
    setTimer: (run, ms) => {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      (timer as { cleared: boolean }).cleared = true;
    },
  };
  let moves = 0;
  const move = () => {
    moves += 1;
    focused = next;
  };
  const press = (k: string) => {
    const event = Object.assign(new Event("keydown", { cancelable: true }), key(k));
    let reachedCell = false;
    events.addEventListener("keydown", () => (reachedCell = true), { once: true });
    events.dispatchEvent(event);
    return { prevented: event.defaultPrevented, reachedCell };
  };
  return { env, events, next, timers, forwarded, move, moves: () => moves, press };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("focusAfterSave", () => {
  it("moves the focus when the save answers, once, and forgets its timer", async () => {
    const s = setup();
    const saved = deferred();
    focusAfterSave(saved.promise, s.move, s.env);
    expect(s.moves()).toBe(0);
    expect(s.timers[0].ms).toBe(FOCUS_WAIT_MS);
    saved.resolve();
    await settle();
    expect(s.moves()).toBe(1);
    expect(s.timers[0].cleared).toBe(true);
    s.timers[0].run();
    expect(s.moves()).toBe(1);
  });

  it("moves it too when the save was refused", async () => {
    const s = setup();
    const saved = deferred();
    focusAfterSave(saved.promise, s.move, s.env);
    saved.reject(new Error("refused"));
    await settle();
    expect(s.moves()).toBe(1);
  });

  it("does not wait longer than its limit for a slow save", async () => {
    const s = setup();
    const saved = deferred();
    focusAfterSave(saved.promise, s.move, s.env);
    s.timers[0].run();
    expect(s.moves()).toBe(1);
    saved.resolve();
    await settle();
    expect(s.moves()).toBe(1);
  });

  it("moves at once for a digit typed meanwhile, and lets its text go on to the new cell", () => {
    const s = setup();
    focusAfterSave(deferred().promise, s.move, s.env);
    const typed = s.press("7");
    expect(s.moves()).toBe(1);
    expect(typed.prevented).toBe(false);
    expect(typed.reachedCell).toBe(false);
    expect(s.forwarded).toEqual([]);
  });

  it("sends an Enter typed meanwhile to the row the focus reached, not the one it left", () => {
    const s = setup();
    focusAfterSave(deferred().promise, s.move, s.env);
    const enter = s.press("Enter");
    expect(s.moves()).toBe(1);
    expect(enter.prevented).toBe(true);
    expect(enter.reachedCell).toBe(false);
    expect(s.forwarded).toEqual([{ key: "Enter", to: s.next }]);
  });

  it("moves at once for a pointer press, and lets it go on", () => {
    const s = setup();
    focusAfterSave(deferred().promise, s.move, s.env);
    const press = new Event("pointerdown", { cancelable: true });
    s.events.dispatchEvent(press);
    expect(s.moves()).toBe(1);
    expect(press.defaultPrevented).toBe(false);
  });

  it("stops listening once moved: later keys are left alone", async () => {
    const s = setup();
    const saved = deferred();
    focusAfterSave(saved.promise, s.move, s.env);
    saved.resolve();
    await settle();
    const later = s.press("Enter");
    expect(later.prevented).toBe(false);
    expect(later.reachedCell).toBe(true);
    expect(s.forwarded).toEqual([]);
  });

  it("makes a waiting move happen before starting the next one", () => {
    const s = setup();
    let first = 0;
    focusAfterSave(deferred().promise, () => (first += 1), s.env);
    focusAfterSave(deferred().promise, s.move, s.env);
    expect(first).toBe(1);
    expect(s.moves()).toBe(0);
  });
});
