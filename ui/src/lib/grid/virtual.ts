// The window of a long grid that is rendered: the rows in sight plus a margin, the rest stand-in gaps of the same
// height, so a cart of thousands of lines scrolls and types as fast as a short one. Rows all have one height.

/** Rows from `start` (inclusive) to `end` (exclusive). */
export type Range = { start: number; end: number };

/** From this many rows on, the cart grid renders only its window (below, every row is in the page). */
export const VIRTUAL_FROM = 400;
/** Rows rendered above and below the ones in sight. */
export const OVERSCAN = 12;
/** Rows rendered before the viewport has been measured. */
export const INITIAL_ROWS = 40;

export function shouldVirtualize(count: number, from = VIRTUAL_FROM): boolean {
  return count >= from;
}

export type Viewport = {
  /** The scroller's scrollTop. */
  scrollTop: number;
  /** The scroller's visible height (clientHeight). */
  viewportHeight: number;
  rowHeight: number;
  /** Height of the (sticky) header above the first row, inside the scroller. */
  headerHeight?: number;
  count: number;
  overscan?: number;
};

/** The rows to render for a scroll position. */
export function visibleRange(v: Viewport): Range {
  const { scrollTop, viewportHeight, rowHeight, count } = v;
  const header = v.headerHeight ?? 0;
  const overscan = v.overscan ?? OVERSCAN;
  if (count <= 0) return { start: 0, end: 0 };
  if (!(rowHeight > 0) || !(viewportHeight > 0)) return { start: 0, end: Math.min(count, INITIAL_ROWS) };
  const top = Math.max(0, scrollTop - header);
  const first = Math.min(count - 1, Math.floor(top / rowHeight));
  const last = Math.ceil((Math.max(0, scrollTop + viewportHeight - header)) / rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(count, Math.max(first + 1, last) + overscan) };
}

/** Rendered windows start on a multiple of this many rows and span whole blocks of them (see {@link inBlocks}). */
export const BLOCK = 8;

/**
 * `range` widened to start on a whole block of `block` rows and to run a whole number of blocks, one more than it
 * needs: scrolling a row at a time (Enter going down a long order) then changes what is rendered only once every
 * `block` rows, and the other keystrokes add or remove no row and lay out no table.
 */
export function inBlocks(range: Range, count: number, block = BLOCK): Range {
  if (range.end <= range.start || block <= 1) return range;
  const start = Math.floor(range.start / block) * block;
  const blocks = Math.ceil((range.end - range.start) / block) + 1;
  return { start, end: Math.min(count, start + blocks * block) };
}

/**
 * The scrollTop that brings row `index` fully into sight below the sticky header; null when it is in sight already.
 * With `jump` above 1 it scrolls that many rows at least (keeping the row in sight), like vim's 'scrolljump': going
 * down a long order by Enter then scrolls once every few lines instead of on each, and each scroll repaints the
 * whole grid (BENCHMARKS.md).
 */
export function scrollToShow(o: {
  index: number;
  rowHeight: number;
  headerHeight?: number;
  scrollTop: number;
  viewportHeight: number;
  jump?: number;
}): number | null {
  const header = o.headerHeight ?? 0;
  const top = header + o.index * o.rowHeight;
  const bottom = top + o.rowHeight;
  const room = Math.max(0, o.viewportHeight - header - o.rowHeight);
  const extra = Math.min(room, Math.max(0, (o.jump ?? 1) - 1) * o.rowHeight);
  if (top < o.scrollTop + header) return Math.max(0, top - header - extra);
  if (bottom > o.scrollTop + o.viewportHeight) return Math.max(0, bottom - o.viewportHeight + extra);
  return null;
}

/** Half the rows in sight: how far Enter or an arrow scrolls when it goes past the edge. */
export function halfPage(viewportHeight: number, rowHeight: number, headerHeight = 0): number {
  if (!(rowHeight > 0)) return 1;
  return Math.max(1, Math.floor((viewportHeight - headerHeight) / rowHeight / 2));
}

/** A rendered row, or a stand-in for `rows` rows that are not rendered. */
export type Segment = { kind: "row"; index: number } | { kind: "gap"; key: string; rows: number };

/**
 * What to render for a window: the rows of `range`, plus the `pinned` row (the one with the focus) wherever it is,
 * so scrolling away with the mouse never takes the focus out of the page; gaps stand in for the rest.
 */
export function segments(range: Range, count: number, pinned: number | null = null): Segment[] {
  const start = Math.max(0, Math.min(range.start, count));
  const end = Math.max(start, Math.min(range.end, count));
  const out: Segment[] = [];
  const gap = (key: string, rows: number) => {
    if (rows > 0) out.push({ kind: "gap", key, rows });
  };
  const rows = (from: number, to: number) => {
    for (let i = from; i < to; i++) out.push({ kind: "row", index: i });
  };
  const extra = pinned !== null && pinned >= 0 && pinned < count && (pinned < start || pinned >= end) ? pinned : null;
  if (extra !== null && extra < start) {
    gap("gap-top", extra);
    rows(extra, extra + 1);
    gap("gap-mid", start - extra - 1);
  } else {
    gap("gap-top", start);
  }
  rows(start, end);
  if (extra !== null && extra >= end) {
    gap("gap-mid", extra - end);
    rows(extra, extra + 1);
    gap("gap-bottom", count - extra - 1);
  } else {
    gap("gap-bottom", count - end);
  }
  return out;
}

/** `next`, or `previous` itself when it describes the same segments (so a moved focus re-renders nothing). */
export function sameSegments(previous: Segment[], next: Segment[]): Segment[] {
  if (previous.length !== next.length) return next;
  const same = (a: Segment, b: Segment) =>
    a.kind === "row" ? b.kind === "row" && a.index === b.index : b.kind === "gap" && a.key === b.key && a.rows === b.rows;
  return next.every((segment, i) => same(previous[i], segment)) ? previous : next;
}
