// The back office's queue filters: what the reviewer picked, remembered between runs, and named filters saved for
// the next day ("西湖 大单"). Turned into the hub's query text by `toQuery`.
import type { OrderQueueQuery } from "../types";

export type ReviewFilters = {
  /** One status, or "" for every status. */
  status: string;
  from: string;
  to: string;
  customer: string;
  branch: string;
  minAmount: string;
  maxAmount: string;
  awaitingMe: boolean;
  sort: "newest" | "oldest" | "amount_desc" | "amount_asc" | "customer";
};

export type SavedFilter = { name: string; filters: ReviewFilters };

export const DEFAULT_FILTERS: ReviewFilters = {
  status: "submitted",
  from: "",
  to: "",
  customer: "",
  branch: "",
  minAmount: "",
  maxAmount: "",
  awaitingMe: false,
  sort: "newest",
};

export const PAGE_SIZE = 100;
const LAST_KEY = "restock.review.filters";
const SAVED_KEY = "restock.review.saved";

/** The hub's query: only what is set, trimmed; `after` for the next page. */
export function toQuery(filters: ReviewFilters, after: string | null = null): OrderQueueQuery {
  const query: OrderQueueQuery = { sort: filters.sort, limit: String(PAGE_SIZE) };
  const text: [keyof OrderQueueQuery, string][] = [
    ["status", filters.status],
    ["from", filters.from],
    ["to", filters.to],
    ["customer", filters.customer],
    ["branch", filters.branch],
    ["minAmount", filters.minAmount],
    ["maxAmount", filters.maxAmount],
  ];
  for (const [key, value] of text) {
    if (value.trim() !== "") (query as Record<string, string>)[key] = value.trim();
  }
  if (filters.awaitingMe) query.awaitingMe = "true";
  if (after) query.after = after;
  return query;
}

/** A stored value read back as filters: unknown or missing fields take the defaults. */
export function readFilters(raw: unknown): ReviewFilters {
  const out: ReviewFilters = { ...DEFAULT_FILTERS };
  if (!raw || typeof raw !== "object") return out;
  const value = raw as Record<string, unknown>;
  for (const key of Object.keys(DEFAULT_FILTERS) as (keyof ReviewFilters)[]) {
    const v = value[key];
    if (typeof v === typeof DEFAULT_FILTERS[key]) (out as Record<string, unknown>)[key] = v;
  }
  return out;
}

function read(key: string): unknown {
  try {
    const text = localStorage.getItem(key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage unavailable: the filters last for this run only.
  }
}

export function lastFilters(): ReviewFilters {
  return readFilters(read(LAST_KEY));
}

export function rememberFilters(filters: ReviewFilters) {
  write(LAST_KEY, filters);
}

export function savedFilters(): SavedFilter[] {
  const raw = read(SAVED_KEY);
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((s): s is { name: string; filters: unknown } => !!s && typeof s.name === "string" && s.name.trim() !== "")
    .map((s) => ({ name: s.name, filters: readFilters(s.filters) }));
}

/** Saves under a name, replacing one of the same name; the list stays sorted by name. */
export function saveFilter(list: readonly SavedFilter[], name: string, filters: ReviewFilters): SavedFilter[] {
  const trimmed = name.trim();
  if (trimmed === "") return [...list];
  const next = [...list.filter((s) => s.name !== trimmed), { name: trimmed, filters: { ...filters } }];
  next.sort((a, b) => a.name.localeCompare(b.name));
  write(SAVED_KEY, next);
  return next;
}

export function removeFilter(list: readonly SavedFilter[], name: string): SavedFilter[] {
  const next = list.filter((s) => s.name !== name);
  write(SAVED_KEY, next);
  return next;
}
