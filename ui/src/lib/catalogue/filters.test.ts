import { describe, expect, it } from "vitest";
import { buildQuery, compareDecimal, facetsOf, hasFilters, isSortOrder, NO_FILTERS, parsePrice } from "./filters";

describe("price bounds", () => {
  it("read yuan as exact decimal strings", () => {
    expect(parsePrice("")).toEqual({ ok: true, value: null });
    expect(parsePrice(" 25 ")).toEqual({ ok: true, value: "25" });
    expect(parsePrice("30.5")).toEqual({ ok: true, value: "30.5" });
    expect(parsePrice("¥1,000.00")).toEqual({ ok: true, value: "1000.00" });
    expect(parsePrice("２５．５")).toEqual({ ok: true, value: "25.5" });
    expect(parsePrice("007")).toEqual({ ok: true, value: "7" });
    expect(parsePrice("12.")).toEqual({ ok: true, value: "12" });
  });

  it("refuse what is not a price", () => {
    expect(parsePrice("abc").ok).toBe(false);
    expect(parsePrice("-5").ok).toBe(false);
    expect(parsePrice("1.234").ok).toBe(false);
    expect(parsePrice("1e3").ok).toBe(false);
  });

  it("compare exactly", () => {
    expect(compareDecimal("100", "99.99")).toBe(1);
    expect(compareDecimal("30.5", "30.50")).toBe(0);
    expect(compareDecimal("0.1", "0.09")).toBe(1);
    expect(compareDecimal("7", "10")).toBe(-1);
  });
});

describe("buildQuery", () => {
  it("passes the text, filters and sort on", () => {
    const { query, problem } = buildQuery(
      " 中华 ",
      { category: "卷烟", brand: "中华", origin: null, minPrice: "20", maxPrice: "60.5" },
      "price_ascending",
      200,
    );
    expect(problem).toBeNull();
    expect(query).toEqual({
      text: "中华",
      category: "卷烟",
      brand: "中华",
      origin: null,
      minPrice: "20",
      maxPrice: "60.5",
      sort: "price_ascending",
      limit: 200,
    });
  });

  it("leaves out a bound it cannot read, and says which", () => {
    const built = buildQuery("", { ...NO_FILTERS, minPrice: "abc", maxPrice: "50" }, "relevance", 200);
    expect(built.problem).toBe("min");
    expect(built.query.minPrice).toBeNull();
    expect(built.query.maxPrice).toBe("50");
    expect(buildQuery("", { ...NO_FILTERS, maxPrice: "x" }, "relevance", 1).problem).toBe("max");
  });

  it("names a band upside down", () => {
    expect(buildQuery("", { ...NO_FILTERS, minPrice: "100", maxPrice: "20" }, "relevance", 1).problem).toBe("order");
    expect(buildQuery("", { ...NO_FILTERS, minPrice: "20", maxPrice: "20" }, "relevance", 1).problem).toBeNull();
  });

  it("knows when anything filters", () => {
    expect(hasFilters(NO_FILTERS)).toBe(false);
    expect(hasFilters({ ...NO_FILTERS, origin: "云南" })).toBe(true);
    expect(hasFilters({ ...NO_FILTERS, maxPrice: " " })).toBe(false);
    expect(isSortOrder("sales")).toBe(true);
    expect(isSortOrder("popularity")).toBe(false);
  });
});

describe("facetsOf", () => {
  it("lists each value once, sorted, without blanks", () => {
    const facets = facetsOf([
      { category: "饮料/矿泉水", brand: "农夫山泉", origin: "浙江" },
      { category: "卷烟", brand: "中华", origin: "上海" },
      { category: "饮料/矿泉水", brand: "怡宝", origin: "" },
      { category: "卷烟", brand: "中华", origin: "上海" },
    ]);
    expect(facets.categories).toHaveLength(2);
    expect(new Set(facets.categories)).toEqual(new Set(["卷烟", "饮料/矿泉水"]));
    expect(facets.brands).toHaveLength(3);
    expect(facets.origins).toEqual([...new Set(["上海", "浙江"])].sort(new Intl.Collator(["zh-CN", "en"]).compare));
  });
});
