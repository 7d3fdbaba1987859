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

/**
 * The scrollTop that brings row `index` fully into sight below the sticky header, moving as little as possible;
 * null when it is in sight already.
 */
export function scrollToShow(o: {
  index: number;
  rowHeight: number;
  headerHeight?: number;
  scrollTop: number;
  viewportHeight: number;
}): number | null {
  const header = o.headerHeight ?? 0;
  const top = header + o.index * o.rowHeight;
  const bottom = top + o.rowHeight;
  if (top < o.scrollTop + header) return Math.max(0, top - header);
  if (bottom > o.scrollTop + o.viewportHeight) return Math.max(0, bottom - o.viewportHeight);
  return null;
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
