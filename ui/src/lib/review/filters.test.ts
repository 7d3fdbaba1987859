import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_FILTERS, lastFilters, readFilters, rememberFilters, removeFilter, saveFilter, savedFilters, toQuery } from "./filters";

describe("review filters", () => {
  beforeEach(() => localStorage.clear());

  it("send the hub only what is set", () => {
    expect(toQuery(DEFAULT_FILTERS)).toEqual({ status: "submitted", sort: "newest", limit: "100" });
    const query = toQuery({ ...DEFAULT_FILTERS, status: "", customer: " 3301 ", minAmount: "100.00", awaitingMe: true }, "cursor-1");
    expect(query).toEqual({ customer: "3301", minAmount: "100.00", awaitingMe: "true", sort: "newest", limit: "100", after: "cursor-1" });
  });

  it("are remembered between runs, and a damaged store gives the defaults", () => {
    rememberFilters({ ...DEFAULT_FILTERS, branch: "西湖分公司", awaitingMe: true });
    expect(lastFilters()).toEqual({ ...DEFAULT_FILTERS, branch: "西湖分公司", awaitingMe: true });
    localStorage.setItem("restock.review.filters", "{not json");
    expect(lastFilters()).toEqual(DEFAULT_FILTERS);
    expect(readFilters({ status: 7, customer: "甲" })).toEqual({ ...DEFAULT_FILTERS, customer: "甲" });
  });

  it("are saved by name, a name once", () => {
    let list = saveFilter([], "西湖 大单", { ...DEFAULT_FILTERS, branch: "西湖分公司", minAmount: "5000" });
    list = saveFilter(list, "全部", { ...DEFAULT_FILTERS, status: "" });
    list = saveFilter(list, "西湖 大单", { ...DEFAULT_FILTERS, branch: "西湖分公司", minAmount: "8000" });
    expect(list.map((s) => s.name)).toEqual(["全部", "西湖 大单"].sort((a, b) => a.localeCompare(b)));
    expect(savedFilters().find((s) => s.name === "西湖 大单")?.filters.minAmount).toBe("8000");
    expect(saveFilter(list, "  ", DEFAULT_FILTERS)).toHaveLength(2);
    expect(removeFilter(list, "全部").map((s) => s.name)).toEqual(["西湖 大单"]);
    expect(savedFilters()).toHaveLength(1);
  });
});
