import { describe, expect, it } from "vitest";
import {
  cycleFocus,
  isTypingTarget,
  PAGE_STEP,
  parseQuantity,
  sectionShortcut,
  showQuantity,
  targetRow,
  undoShortcut,
} from "./grid";

describe("targetRow", () => {
  it("moves down on Enter and ArrowDown, up on ArrowUp", () => {
    expect(targetRow("Enter", 0, 3)).toBe(1);
    expect(targetRow("ArrowDown", 1, 3)).toBe(2);
    expect(targetRow("ArrowUp", 2, 3)).toBe(1);
  });

  it("goes nowhere past either end", () => {
    expect(targetRow("Enter", 2, 3)).toBeNull();
    expect(targetRow("ArrowDown", 2, 3)).toBeNull();
    expect(targetRow("ArrowUp", 0, 3)).toBeNull();
    expect(targetRow("ArrowDown", 0, 0)).toBeNull();
  });

  it("pages by ten, stopping at the ends", () => {
    expect(targetRow("PageDown", 0, 100)).toBe(PAGE_STEP);
    expect(targetRow("PageDown", 95, 100)).toBe(99);
    expect(targetRow("PageUp", 5, 100)).toBe(0);
    expect(targetRow("PageUp", 0, 100)).toBeNull();
    expect(targetRow("PageDown", 99, 100)).toBeNull();
  });

  it("ignores other keys", () => {
    expect(targetRow("Tab", 0, 3)).toBeNull();
    expect(targetRow("5", 0, 3)).toBeNull();
    expect(targetRow("ArrowLeft", 1, 3)).toBeNull();
  });
});

describe("parseQuantity", () => {
  it("reads whole numbers, with spaces around", () => {
    expect(parseQuantity("5")).toEqual({ ok: true, value: 5 });
    expect(parseQuantity(" 120 ")).toEqual({ ok: true, value: 120 });
    expect(parseQuantity("007")).toEqual({ ok: true, value: 7 });
  });

  it("reads full-width digits from a Chinese input method", () => {
    expect(parseQuantity("１２")).toEqual({ ok: true, value: 12 });
    expect(parseQuantity("\u3000３０\u3000")).toEqual({ ok: true, value: 30 });
  });

  it("takes an empty cell as 0 (remove the line)", () => {
    expect(parseQuantity("")).toEqual({ ok: true, value: 0 });
    expect(parseQuantity("   ")).toEqual({ ok: true, value: 0 });
    expect(parseQuantity("0")).toEqual({ ok: true, value: 0 });
  });

  it("refuses anything but a whole number within u32", () => {
    for (const text of ["-5", "2.5", "1e3", "abc", "5箱", "0x10", "4294967296"]) {
      expect(parseQuantity(text), text).toEqual({ ok: false });
    }
    expect(parseQuantity("4294967295")).toEqual({ ok: true, value: 4294967295 });
  });

  it("shows 0 as a blank cell", () => {
    expect(showQuantity(0)).toBe("");
    expect(showQuantity(35)).toBe("35");
  });
});

describe("sectionShortcut", () => {
  const key = (over: Partial<KeyboardEvent>) =>
    ({ altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, key: "", code: "", ...over }) as KeyboardEvent;

  it("maps Alt+1..3 to sections 0..2, by physical key", () => {
    expect(sectionShortcut(key({ code: "Digit1", key: "1" }), 3)).toBe(0);
    expect(sectionShortcut(key({ code: "Digit3", key: "£" }), 3)).toBe(2);
    expect(sectionShortcut(key({ code: "Numpad2", key: "2" }), 3)).toBe(1);
  });

  it("reaches the fourth section (Alt+4: My orders after Home, catalogue, cart)", () => {
    expect(sectionShortcut(key({ code: "Digit4", key: "4" }), 4)).toBe(3);
    expect(sectionShortcut(key({ code: "Digit5", key: "5" }), 4)).toBeNull();
  });

  it("ignores other digits and modifier combinations", () => {
    expect(sectionShortcut(key({ code: "Digit4", key: "4" }), 3)).toBeNull();
    expect(sectionShortcut(key({ code: "Digit0", key: "0" }), 3)).toBeNull();
    expect(sectionShortcut(key({ code: "Digit1", key: "1", altKey: false }), 3)).toBeNull();
    expect(sectionShortcut(key({ code: "Digit1", key: "1", ctrlKey: true }), 3)).toBeNull();
  });
});

describe("isTypingTarget", () => {
  it("knows where a '/' is a character", () => {
    expect(isTypingTarget({ tagName: "INPUT" })).toBe(true);
    expect(isTypingTarget({ tagName: "textarea" })).toBe(true);
    expect(isTypingTarget({ tagName: "DIV", isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: "BUTTON" })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe("cycleFocus", () => {
  it("moves forward and back, wrapping at both ends", () => {
    expect(cycleFocus(0, 2, false)).toBe(1);
    expect(cycleFocus(1, 2, false)).toBe(0);
    expect(cycleFocus(0, 2, true)).toBe(1);
    expect(cycleFocus(1, 3, true)).toBe(0);
    expect(cycleFocus(0, 1, false)).toBe(0);
  });

  it("enters at the first element, or the last one backwards, when focus is outside", () => {
    expect(cycleFocus(-1, 3, false)).toBe(0);
    expect(cycleFocus(-1, 3, true)).toBe(2);
  });

  it("has nowhere to go without focusable elements", () => {
    expect(cycleFocus(-1, 0, false)).toBeNull();
    expect(cycleFocus(0, 0, true)).toBeNull();
  });
});

describe("undoShortcut", () => {
  const key = (over: Partial<KeyboardEvent>) =>
    ({ altKey: false, ctrlKey: true, metaKey: false, shiftKey: false, key: "", code: "", ...over }) as KeyboardEvent;

  it("undoes on Ctrl+Z and redoes on Ctrl+Y or Ctrl+Shift+Z", () => {
    expect(undoShortcut(key({ key: "z", code: "KeyZ" }))).toBe("undo");
    expect(undoShortcut(key({ key: "Z", code: "KeyZ", shiftKey: true }))).toBe("redo");
    expect(undoShortcut(key({ key: "y", code: "KeyY" }))).toBe("redo");
    expect(undoShortcut(key({ key: "z", code: "KeyZ", ctrlKey: false, metaKey: true }))).toBe("undo");
  });

  it("follows the letter typed, or the physical key on another layout", () => {
    // German layout: the key labelled Z is where Y is on a US keyboard.
    expect(undoShortcut(key({ key: "z", code: "KeyY" }))).toBe("undo");
    expect(undoShortcut(key({ key: "я", code: "KeyZ" }))).toBe("undo");
    expect(undoShortcut(key({ key: "Process", code: "KeyZ" }))).toBe("undo");
  });

  it("ignores other keys and modifiers", () => {
    expect(undoShortcut(key({ key: "z", code: "KeyZ", ctrlKey: false }))).toBeNull();
    expect(undoShortcut(key({ key: "z", code: "KeyZ", altKey: true }))).toBeNull();
    expect(undoShortcut(key({ key: "Y", code: "KeyY", shiftKey: true }))).toBeNull();
    expect(undoShortcut(key({ key: "x", code: "KeyX" }))).toBeNull();
  });
});
