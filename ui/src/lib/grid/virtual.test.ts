import { describe, expect, it } from "vitest";
import { halfPage, inBlocks, INITIAL_ROWS, sameSegments, scrollToShow, segments, shouldVirtualize, VIRTUAL_FROM, visibleRange } from "./virtual";

describe("visibleRange", () => {
  const base = { rowHeight: 40, viewportHeight: 400, headerHeight: 0, count: 1000, overscan: 5 };

  it("renders the rows in sight plus the margin", () => {
    expect(visibleRange({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 15 });
    // Rows 50..60 are in sight at 2000 px.
    expect(visibleRange({ ...base, scrollTop: 2000 })).toEqual({ start: 45, end: 65 });
  });

  it("counts the sticky header above the first row", () => {
    expect(visibleRange({ ...base, headerHeight: 40, scrollTop: 40, overscan: 0 })).toEqual({ start: 0, end: 10 });
    expect(visibleRange({ ...base, headerHeight: 40, scrollTop: 440, overscan: 0 })).toEqual({ start: 10, end: 20 });
  });

  it("stops at the last row", () => {
    expect(visibleRange({ ...base, scrollTop: 39_800 })).toEqual({ start: 990, end: 1000 });
    expect(visibleRange({ ...base, scrollTop: 99_999 })).toEqual({ start: 994, end: 1000 });
    expect(visibleRange({ ...base, count: 3, scrollTop: 0 })).toEqual({ start: 0, end: 3 });
  });

  it("renders a first screenful before anything is measured, and nothing without rows", () => {
    expect(visibleRange({ ...base, viewportHeight: 0, scrollTop: 0 })).toEqual({ start: 0, end: INITIAL_ROWS });
    expect(visibleRange({ ...base, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0 });
  });

  it("is used for long carts only", () => {
    expect(shouldVirtualize(VIRTUAL_FROM - 1)).toBe(false);
    expect(shouldVirtualize(VIRTUAL_FROM)).toBe(true);
    expect(shouldVirtualize(5000)).toBe(true);
  });
});

describe("inBlocks", () => {
  it("widens a window to whole blocks, so scrolling a row at a time rarely changes it", () => {
    expect(inBlocks({ start: 45, end: 65 }, 1000, 8)).toEqual({ start: 40, end: 72 });
    expect(inBlocks({ start: 47, end: 67 }, 1000, 8)).toEqual({ start: 40, end: 72 });
    expect(inBlocks({ start: 48, end: 68 }, 1000, 8)).toEqual({ start: 48, end: 80 });
    // One row further down, the same rows are rendered.
    const windows = [0, 1, 2, 3, 4, 5, 6, 7].map((down) => inBlocks({ start: 40 + down, end: 60 + down }, 1000, 8));
    expect(new Set(windows.map((w) => `${w.start}-${w.end}`)).size).toBe(1);
  });

  it("never goes past the last row, and leaves an empty window alone", () => {
    expect(inBlocks({ start: 990, end: 1000 }, 1000, 8)).toEqual({ start: 984, end: 1000 });
    expect(inBlocks({ start: 0, end: 3 }, 3, 8)).toEqual({ start: 0, end: 3 });
    expect(inBlocks({ start: 0, end: 0 }, 0, 8)).toEqual({ start: 0, end: 0 });
  });

  it("always covers the window it was given", () => {
    for (let start = 0; start < 200; start += 7) {
      for (const len of [1, 9, 23]) {
        const range = { start, end: Math.min(210, start + len) };
        const wide = inBlocks(range, 210, 8);
        expect(wide.start).toBeLessThanOrEqual(range.start);
        expect(wide.end).toBeGreaterThanOrEqual(range.end);
        expect(wide.end - wide.start).toBeLessThanOrEqual(range.end - range.start + 3 * 8 - 2);
      }
    }
  });
});

describe("scrollToShow", () => {
  const at = { rowHeight: 40, headerHeight: 30, viewportHeight: 430 }; // 10 rows below the header

  it("leaves a row in sight where it is", () => {
    expect(scrollToShow({ ...at, index: 0, scrollTop: 0 })).toBeNull();
    expect(scrollToShow({ ...at, index: 9, scrollTop: 0 })).toBeNull();
  });

  it("scrolls down just enough to show a row below (Enter, ↓, PgDn)", () => {
    // Row 10 spans 430..470: it must end at the viewport's bottom.
    expect(scrollToShow({ ...at, index: 10, scrollTop: 0 })).toBe(40);
    expect(scrollToShow({ ...at, index: 299, scrollTop: 0 })).toBe(30 + 300 * 40 - 430);
  });

  it("scrolls several rows at once when asked, keeping the row in sight", () => {
    // Row 10 goes past the bottom: with a jump of 5 rows, rows 6..15 are in sight afterwards.
    expect(scrollToShow({ ...at, index: 10, scrollTop: 0, jump: 5 })).toBe(40 + 4 * 40);
    // The next four Enters need no scroll at all.
    for (const index of [11, 12, 13, 14]) expect(scrollToShow({ ...at, index, scrollTop: 200, jump: 5 })).toBeNull();
    // Going up past the top, the same the other way.
    expect(scrollToShow({ ...at, index: 20, scrollTop: 1000, jump: 5 })).toBe(800 - 4 * 40);
    // Never so far that the row itself leaves the sight.
    // (row 10 ends up right under the header)
    expect(scrollToShow({ ...at, index: 10, scrollTop: 0, jump: 50 })).toBe(10 * 40);
    expect(scrollToShow({ ...at, index: 1, scrollTop: 1000, jump: 5 })).toBe(0);
  });

  it("jumps half the rows in sight", () => {
    expect(halfPage(430, 40, 30)).toBe(5);
    expect(halfPage(100, 40, 30)).toBe(1);
    expect(halfPage(430, 0, 30)).toBe(1);
  });

  it("scrolls up to show a row above right under the sticky header (↑, PgUp)", () => {
    expect(scrollToShow({ ...at, index: 5, scrollTop: 1000 })).toBe(200);
    expect(scrollToShow({ ...at, index: 0, scrollTop: 1000 })).toBe(0);
  });
});

describe("segments", () => {
  it("stand-in gaps above and below the window", () => {
    expect(segments({ start: 2, end: 4 }, 6)).toEqual([
      { kind: "gap", key: "gap-top", rows: 2 },
      { kind: "row", index: 2 },
      { kind: "row", index: 3 },
      { kind: "gap", key: "gap-bottom", rows: 2 },
    ]);
    expect(segments({ start: 0, end: 3 }, 3)).toEqual([
      { kind: "row", index: 0 },
      { kind: "row", index: 1 },
      { kind: "row", index: 2 },
    ]);
  });

  it("keep the focused row rendered when it is scrolled out of the window (below)", () => {
    expect(segments({ start: 0, end: 2 }, 10, 7)).toEqual([
      { kind: "row", index: 0 },
      { kind: "row", index: 1 },
      { kind: "gap", key: "gap-mid", rows: 5 },
      { kind: "row", index: 7 },
      { kind: "gap", key: "gap-bottom", rows: 2 },
    ]);
  });

  it("keep the focused row rendered when it is scrolled out of the window (above)", () => {
    expect(segments({ start: 6, end: 8 }, 10, 0)).toEqual([
      { kind: "row", index: 0 },
      { kind: "gap", key: "gap-mid", rows: 5 },
      { kind: "row", index: 6 },
      { kind: "row", index: 7 },
      { kind: "gap", key: "gap-bottom", rows: 2 },
    ]);
    expect(segments({ start: 6, end: 8 }, 10, 3)[0]).toEqual({ kind: "gap", key: "gap-top", rows: 3 });
  });

  it("add nothing for a focused row inside the window, or one that is gone", () => {
    expect(segments({ start: 0, end: 2 }, 2, 1)).toEqual(segments({ start: 0, end: 2 }, 2));
    expect(segments({ start: 0, end: 2 }, 4, 9)).toEqual(segments({ start: 0, end: 2 }, 4));
  });

  it("always account for every row exactly once", () => {
    for (const [range, pinned] of [
      [{ start: 100, end: 140 }, 3],
      [{ start: 100, end: 140 }, 999],
      [{ start: 0, end: 40 }, null],
      [{ start: 960, end: 1000 }, 500],
    ] as const) {
      const parts = segments(range, 1000, pinned);
      const total = parts.reduce((n, p) => n + (p.kind === "row" ? 1 : p.rows), 0);
      expect(total).toBe(1000);
      const keys = parts.filter((p) => p.kind === "gap").map((p) => (p.kind === "gap" ? p.key : ""));
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});

describe("sameSegments", () => {
  it("keeps the rendered segments when the focus moves within them, and takes new ones otherwise", () => {
    const shown = segments({ start: 10, end: 30 }, 1000, null);
    expect(sameSegments(shown, segments({ start: 10, end: 30 }, 1000, 12))).toBe(shown);
    const pinnedBelow = segments({ start: 10, end: 30 }, 1000, 500);
    expect(sameSegments(shown, pinnedBelow)).toBe(pinnedBelow);
    const scrolled = segments({ start: 11, end: 31 }, 1000, null);
    expect(sameSegments(shown, scrolled)).toBe(scrolled);
    expect(sameSegments([], [])).toEqual([]);
  });
});
