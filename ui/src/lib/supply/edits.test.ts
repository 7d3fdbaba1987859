import { beforeEach, describe, expect, it } from "vitest";
import {
  allocationKey,
  allocationOf,
  allocationQuery,
  DEFAULT_STOCK_FILTERS,
  emptyAllocationForm,
  lastAllocationFilters,
  lastStockFilters,
  readCount,
  readFilters,
  rememberAllocationFilters,
  rememberStockFilters,
  stockEdit,
  stockQuery,
} from "./edits";

describe("the filters", () => {
  beforeEach(() => localStorage.clear());

  it("send only what is set, trimmed, with a page size", () => {
    expect(stockQuery({ q: "  ", lowOnly: false, below: "10" })).toEqual({ limit: "200" });
    expect(stockQuery({ q: " 1000 ", lowOnly: true, below: " 5 " }, "100020")).toEqual({ limit: "200", q: "1000", below: "5", after: "100020" });
    expect(allocationQuery({ customer: " 330100000001", product: "", cycle: "2026-12-01" })).toEqual({
      limit: "200",
      customer: "330100000001",
      cycle: "2026-12-01",
    });
  });

  it("are remembered between runs, and a stored value of another shape takes the defaults", () => {
    expect(lastStockFilters()).toEqual(DEFAULT_STOCK_FILTERS);
    rememberStockFilters({ q: "中华", lowOnly: true, below: "3" });
    expect(lastStockFilters()).toEqual({ q: "中华", lowOnly: true, below: "3" });
    rememberAllocationFilters({ customer: "330100000005", product: "", cycle: "" });
    expect(lastAllocationFilters().customer).toBe("330100000005");
    expect(readFilters({ q: 3, lowOnly: "yes", extra: 1 }, DEFAULT_STOCK_FILTERS)).toEqual(DEFAULT_STOCK_FILTERS);
    expect(readFilters(null, DEFAULT_STOCK_FILTERS)).toEqual(DEFAULT_STOCK_FILTERS);
  });
});

describe("what is typed", () => {
  it("reads whole counts only", () => {
    expect([readCount(" 12 "), readCount("0"), readCount("-1"), readCount("1.5"), readCount(""), readCount("4294967296")]).toEqual([
      12,
      0,
      null,
      null,
      null,
      null,
    ]);
  });

  it("refuses more available than on hand, before the hub does", () => {
    expect(stockEdit("20", "15")).toEqual({ ok: true, value: { onHand: 20, available: 15 } });
    expect(stockEdit("20", "21")).toEqual({ ok: false, problem: "supply.problem.moreThanOnHand" });
    expect(stockEdit("x", "1")).toEqual({ ok: false, problem: "supply.problem.count" });
  });

  it("reads an allocation, standing or for one cycle, naming what is missing", () => {
    const form = { ...emptyAllocationForm(), customerCode: " 330100000001 ", productCode: "100003", quantity: "40" };
    expect(allocationOf(form)).toEqual({ ok: true, value: { customerCode: "330100000001", productCode: "100003", cycleDate: null, quantity: 40 } });
    expect(allocationOf({ ...form, standing: false, cycleDate: "2026-12-01" })).toMatchObject({ ok: true, value: { cycleDate: "2026-12-01" } });
    expect(allocationOf({ ...form, standing: false, cycleDate: "" })).toEqual({ ok: false, problem: "supply.problem.cycle" });
    expect(allocationOf({ ...form, customerCode: "" })).toEqual({ ok: false, problem: "supply.problem.customer" });
    expect(allocationOf({ ...form, productCode: " " })).toEqual({ ok: false, problem: "supply.problem.code" });
    expect(allocationOf({ ...form, quantity: "多" })).toEqual({ ok: false, problem: "supply.problem.count" });
    expect(allocationKey({ customerCode: "a", productCode: "b", cycleDate: null })).toBe("a|b|");
  });
});
