import { describe, expect, it } from "vitest";
import type { Cut } from "../types";
import { cutPhrase, cutsText, cutText, isCut, supplyPhrases } from "./cuts";

describe("cut reasons", () => {
  const cases: [Cut, string, string][] = [
    [{ kind: "allocation", limit: 30 }, "按货源分配削减至 30", "cut by allocation to 30"],
    [{ kind: "stock", available: 12 }, "按可订货量削减至 12", "cut by stock to 12"],
    [{ kind: "maximum_per_order", max: 50 }, "超过最高订量，削减至 50", "over the maximum per order: cut to 50"],
    [{ kind: "pack_multiple", pack_multiple: 6 }, "按订货倍数 6 向下取整", "rounded down to the pack multiple 6"],
    [{ kind: "below_minimum", min: 5 }, "低于最低订量 5，不能订购", "below the minimum 5: nothing can be ordered"],
  ];

  it.each(cases)("say %o in Chinese and English", (cut, zh, en) => {
    expect(cutText("zh", cut)).toBe(zh);
    expect(cutText("en", cut)).toBe(en);
  });

  it("name every kind with its own message", () => {
    const keys = cases.map(([cut]) => cutPhrase(cut).key);
    expect(new Set(keys).size).toBe(cases.length);
  });

  it("list several cuts in the order the rules applied them", () => {
    // The domain's example: allocation 50, stock 12, pack 5, demand 37 → cut by stock to 12, rounded down to 10.
    const cuts: Cut[] = [
      { kind: "stock", available: 12 },
      { kind: "pack_multiple", pack_multiple: 5 },
    ];
    expect(cutsText("zh", cuts)).toBe("按可订货量削减至 12；按订货倍数 5 向下取整");
    expect(cutsText("en", cuts)).toBe("cut by stock to 12; rounded down to the pack multiple 5");
    expect(cutsText("en", [])).toBe("");
  });

  it("tell a cut line from a whole one", () => {
    expect(isCut({ quantity: 37, orderQuantity: 30 })).toBe(true);
    expect(isCut({ quantity: 30, orderQuantity: 30 })).toBe(false);
  });
});

describe("what can still be ordered", () => {
  it("lists the allocation left and the stock when known", () => {
    expect(supplyPhrases({ allocationLeft: 30, available: 100 })).toEqual([
      { key: "supply.allocationLeft", params: { n: 30 } },
      { key: "supply.available", params: { n: 100 } },
    ]);
    expect(supplyPhrases({ allocationLeft: null, available: 0 })).toEqual([{ key: "supply.available", params: { n: 0 } }]);
    expect(supplyPhrases({ allocationLeft: null, available: null })).toEqual([]);
  });
});
