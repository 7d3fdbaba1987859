// Catalogue filters (category, brand, origin, price band 价位) and sort, turned into the backend's SearchQuery.
import type { Product, SearchQuery, SortOrder } from "../types";

export type Filters = {
  category: string | null;
  brand: string | null;
  origin: string | null;
  /** As typed; "" is no bound. */
  minPrice: string;
  maxPrice: string;
};

export const NO_FILTERS: Filters = { category: null, brand: null, origin: null, minPrice: "", maxPrice: "" };

export const SORTS: readonly SortOrder[] = ["relevance", "sales", "price_ascending", "price_descending", "code"];

export function isSortOrder(value: unknown): value is SortOrder {
  return typeof value === "string" && (SORTS as readonly string[]).includes(value);
}

export type ParsedPrice = { ok: true; value: string | null } | { ok: false };

/**
 * A price bound as typed: empty is no bound; yuan with at most two decimals (full-width digits from a Chinese
 * input method, a leading ¥ and thousands separators are accepted). Kept as a decimal string, never a float.
 */
export function parsePrice(text: string): ParsedPrice {
  const normal = text
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/\uFF0E|\u3002/g, ".")
    .replace(/[\s\u3000,，¥￥]/g, "");
  if (normal === "") return { ok: true, value: null };
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(normal);
  if (!m) return { ok: false };
  const whole = m[1].replace(/^0+(?=\d)/, "");
  const fraction = m[2] ?? "";
  return { ok: true, value: fraction === "" ? whole : `${whole}.${fraction}` };
}

/** Compare two non-negative decimal strings as numbers, exactly. */
export function compareDecimal(a: string, b: string): number {
  const [aw, af = ""] = a.split(".");
  const [bw, bf = ""] = b.split(".");
  const w = aw.replace(/^0+/, "");
  const v = bw.replace(/^0+/, "");
  if (w.length !== v.length) return w.length < v.length ? -1 : 1;
  if (w !== v) return w < v ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const x = af.padEnd(width, "0");
  const y = bf.padEnd(width, "0");
  return x === y ? 0 : x < y ? -1 : 1;
}

export type PriceProblem = "min" | "max" | "order" | null;

export type Built = { query: SearchQuery; problem: PriceProblem };

/**
 * The query for the search text, filters and sort. A price bound that cannot be read is left out (and named in
 * `problem`); a band whose minimum is above its maximum is searched as typed (it finds nothing) and named too.
 */
export function buildQuery(text: string, filters: Filters, sort: SortOrder, limit: number): Built {
  const min = parsePrice(filters.minPrice);
  const max = parsePrice(filters.maxPrice);
  let problem: PriceProblem = !min.ok ? "min" : !max.ok ? "max" : null;
  const minPrice = min.ok ? min.value : null;
  const maxPrice = max.ok ? max.value : null;
  if (problem === null && minPrice !== null && maxPrice !== null && compareDecimal(minPrice, maxPrice) > 0) problem = "order";
  return {
    query: {
      text: text.trim(),
      category: filters.category || null,
      brand: filters.brand || null,
      origin: filters.origin || null,
      minPrice,
      maxPrice,
      sort,
      limit,
    },
    problem,
  };
}

export function hasFilters(filters: Filters): boolean {
  return (
    filters.category !== null ||
    filters.brand !== null ||
    filters.origin !== null ||
    filters.minPrice.trim() !== "" ||
    filters.maxPrice.trim() !== ""
  );
}

export type Facets = { categories: string[]; brands: string[]; origins: string[] };

export const NO_FACETS: Facets = { categories: [], brands: [], origins: [] };

const collator = new Intl.Collator(["zh-CN", "en"], { numeric: true });

/** The values the filters offer: each category, brand and origin in the catalogue once, sorted. */
export function facetsOf(products: readonly Pick<Product, "category" | "brand" | "origin">[]): Facets {
  const sorted = (values: Iterable<string>) => [...new Set(values)].filter((v) => v.trim() !== "").sort(collator.compare);
  return {
    categories: sorted(products.map((p) => p.category)),
    brands: sorted(products.map((p) => p.brand)),
    origins: sorted(products.map((p) => p.origin)),
  };
}
