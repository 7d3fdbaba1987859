import { describe, expect, it } from "vitest";
import type { Promotion } from "../types";
import { localToday, promotionFormOf, promotionOf, ruleFormOf, ruleOf, standing } from "./forms";

describe("price rule form", () => {
  it("reads a customer's fixed price and a tier's rate, blank fields as none", () => {
    const fixed = { ...ruleFormOf(), target: "customer" as const, customerCode: " 330100000001 ", productCode: "100001", value: "228.00", validFrom: "2026-11-01", validTo: "2026-11-30" };
    expect(ruleOf(fixed)).toEqual({
      ok: true,
      value: { id: 0, customerCode: "330100000001", tier: null, productCode: "100001", fixedPrice: "228.00", rate: null, validFrom: "2026-11-01", validTo: "2026-11-30" },
    });
    const rate = { ...ruleFormOf(), tier: "B", kind: "rate" as const, value: "0.92" };
    expect(ruleOf(rate)).toMatchObject({ ok: true, value: { tier: "B", customerCode: null, productCode: null, rate: "0.92", fixedPrice: null, validFrom: null, validTo: null } });
  });

  it("names the first mistake", () => {
    expect(ruleOf(ruleFormOf())).toEqual({ ok: false, problem: "pricing.problem.tier" });
    expect(ruleOf({ ...ruleFormOf(), tier: "B", value: "2.345" })).toEqual({ ok: false, problem: "pricing.problem.price" });
    expect(ruleOf({ ...ruleFormOf(), tier: "B", kind: "rate", value: "abc" })).toEqual({ ok: false, problem: "pricing.problem.rate" });
    expect(ruleOf({ ...ruleFormOf(), tier: "B", value: "1", validFrom: "2026-12-01", validTo: "2026-11-01" })).toEqual({ ok: false, problem: "pricing.problem.datesOrder" });
    expect(ruleOf({ ...ruleFormOf(), target: "customer", tier: "B", value: "1" })).toEqual({ ok: false, problem: "pricing.problem.customer" });
  });

  it("fills from a record and reads back the same rule", () => {
    const rule = { id: 7, customerCode: null, tier: "A", productCode: null, fixedPrice: null, rate: "0.9", validFrom: "2026-01-01", validTo: null };
    expect(ruleOf(ruleFormOf(rule))).toEqual({ ok: true, value: { ...rule, id: 0 } });
  });
});

describe("promotion form", () => {
  const spend: Promotion = {
    id: 3,
    name: "农夫山泉 满1000减50",
    kind: "spend_save",
    threshold: "1000.00",
    off: "50.00",
    covers: { scope: "brand", value: "农夫山泉" },
    tiers: ["A", "B"],
    validFrom: "2026-11-01",
    validTo: "2026-11-30",
  };

  it("fills from a promotion and reads back the same one", () => {
    expect(promotionOf(promotionFormOf(spend, "2026-11-15"), 3)).toEqual({ ok: true, value: spend });
  });

  it("starts a new one today, for everything and every tier", () => {
    const form = { ...promotionFormOf(null, "2026-11-15"), name: "买10送1", kind: "buy_get" as const, buy: "10", get: "1", tiers: " A，B  C" };
    expect(promotionOf(form)).toEqual({
      ok: true,
      value: { id: 0, name: "买10送1", kind: "buy_get", buy: 10, get: 1, covers: { scope: "everything" }, tiers: ["A", "B", "C"], validFrom: "2026-11-15", validTo: "2026-11-15" },
    });
  });

  it("names the first mistake", () => {
    const form = promotionFormOf(null, "2026-11-15");
    expect(promotionOf(form)).toEqual({ ok: false, problem: "pricing.problem.name" });
    expect(promotionOf({ ...form, name: "x" })).toEqual({ ok: false, problem: "pricing.problem.percent" });
    expect(promotionOf({ ...form, name: "x", scope: "brand" })).toEqual({ ok: false, problem: "pricing.problem.covers" });
    expect(promotionOf({ ...form, name: "x", validTo: "" })).toEqual({ ok: false, problem: "pricing.problem.dates" });
    expect(promotionOf({ ...form, name: "x", kind: "buy_get", buy: "0", get: "1" })).toEqual({ ok: false, problem: "pricing.problem.buyGet" });
    expect(promotionOf({ ...form, name: "x", kind: "spend_save", threshold: "1000", off: "" })).toEqual({ ok: false, problem: "pricing.problem.spendSave" });
  });
});

describe("standing", () => {
  it("is upcoming, current or ended by whole days, both ends included", () => {
    expect(standing("2026-11-16", "2026-11-30", "2026-11-15")).toBe("upcoming");
    expect(standing("2026-11-15", "2026-11-15", "2026-11-15")).toBe("current");
    expect(standing(null, null, "2026-11-15")).toBe("current");
    expect(standing("2026-11-01", "2026-11-14", "2026-11-15")).toBe("ended");
  });

  it("gives the local date", () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });
});
