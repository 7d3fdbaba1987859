// The stock and allocations screen's pure logic: the filters (remembered between runs) as the hub's query text, and
// what the user typed read as counts and allocations, with the mistake named before anything is sent.
import type { MessageKey } from "../i18n/messages";
import type { AllocationQuery, SetAllocation, StockQuery } from "../types";

export type Read<T> = { ok: true; value: T } | { ok: false; problem: MessageKey };

export type StockFilters = { q: string; lowOnly: boolean; below: string };
export type AllocationFilters = { customer: string; product: string; cycle: string };

export const DEFAULT_STOCK_FILTERS: StockFilters = { q: "", lowOnly: false, below: "10" };
export const DEFAULT_ALLOCATION_FILTERS: AllocationFilters = { customer: "", product: "", cycle: "" };
export const PAGE_SIZE = 200;
const STOCK_KEY = "restock.supply.stock.filters";
const ALLOCATION_KEY = "restock.supply.allocations.filters";

const trimmed = (text: string) => (text.trim() === "" ? undefined : text.trim());

export function stockQuery(filters: StockFilters, after: string | null = null): StockQuery {
  const query: StockQuery = { limit: String(PAGE_SIZE) };
  const q = trimmed(filters.q);
  if (q) query.q = q;
  const below = trimmed(filters.below);
  if (filters.lowOnly && below) query.below = below;
  if (after) query.after = after;
  return query;
}

export function allocationQuery(filters: AllocationFilters, after: string | null = null): AllocationQuery {
  const query: AllocationQuery = { limit: String(PAGE_SIZE) };
  const [customer, product, cycle] = [trimmed(filters.customer), trimmed(filters.product), trimmed(filters.cycle)];
  if (customer) query.customer = customer;
  if (product) query.product = product;
  if (cycle) query.cycle = cycle;
  if (after) query.after = after;
  return query;
}

/** A stored value read back as filters of the defaults' shape: unknown or mistyped fields take the defaults. */
export function readFilters<T extends Record<string, string | boolean>>(raw: unknown, defaults: T): T {
  const out = { ...defaults };
  if (!raw || typeof raw !== "object") return out;
  const value = raw as Record<string, unknown>;
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const v = value[key as string];
    if (typeof v === typeof defaults[key]) out[key] = v as T[keyof T];
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

export const lastStockFilters = () => readFilters(read(STOCK_KEY), DEFAULT_STOCK_FILTERS);
export const rememberStockFilters = (filters: StockFilters) => write(STOCK_KEY, filters);
export const lastAllocationFilters = () => readFilters(read(ALLOCATION_KEY), DEFAULT_ALLOCATION_FILTERS);
export const rememberAllocationFilters = (filters: AllocationFilters) => write(ALLOCATION_KEY, filters);

const MAX_COUNT = 4_294_967_295;

/** A count as typed: a whole number from 0, or null. */
export function readCount(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n <= MAX_COUNT ? n : null;
}

export function count(text: string): Read<number> {
  const n = readCount(text);
  return n === null ? { ok: false, problem: "supply.problem.count" } : { ok: true, value: n };
}

/** On hand and available as typed in a stock row (or the form that starts tracking one). */
export function stockEdit(onHand: string, available: string): Read<{ onHand: number; available: number }> {
  const [h, a] = [readCount(onHand), readCount(available)];
  if (h === null || a === null) return { ok: false, problem: "supply.problem.count" };
  if (a > h) return { ok: false, problem: "supply.problem.moreThanOnHand" };
  return { ok: true, value: { onHand: h, available: a } };
}

export type AllocationForm = { customerCode: string; productCode: string; standing: boolean; cycleDate: string; quantity: string };

export const emptyAllocationForm = (): AllocationForm => ({ customerCode: "", productCode: "", standing: true, cycleDate: "", quantity: "" });

const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`));

export function allocationOf(form: AllocationForm): Read<SetAllocation> {
  const customerCode = form.customerCode.trim();
  const productCode = form.productCode.trim();
  if (customerCode === "") return { ok: false, problem: "supply.problem.customer" };
  if (productCode === "") return { ok: false, problem: "supply.problem.code" };
  const cycle = form.cycleDate.trim();
  if (!form.standing && !isDay(cycle)) return { ok: false, problem: "supply.problem.cycle" };
  const quantity = readCount(form.quantity);
  if (quantity === null) return { ok: false, problem: "supply.problem.count" };
  return { ok: true, value: { customerCode, productCode, cycleDate: form.standing ? null : cycle, quantity } };
}

/** One allocation row's identity: a customer's product, standing or for one cycle. */
export const allocationKey = (row: { customerCode: string; productCode: string; cycleDate: string | null }) =>
  `${row.customerCode}|${row.productCode}|${row.cycleDate ?? ""}`;
