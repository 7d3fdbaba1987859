import { beforeEach, describe, expect, it } from "vitest";
import { detailsOf, lastCustomerFilters, LIST_LIMIT, rememberCustomerFilters, toCustomerQuery } from "./filters";

describe("customer filters", () => {
  beforeEach(() => localStorage.clear());

  it("send the hub only what is set, and never ask for every customer at once", () => {
    expect(toCustomerQuery({ q: "", status: "" })).toEqual({ limit: String(LIST_LIMIT) });
    expect(toCustomerQuery({ q: " 西湖 ", status: "pending" })).toEqual({ q: "西湖", status: "pending", limit: String(LIST_LIMIT) });
  });

  it("are remembered, and what can't be read is forgotten", () => {
    expect(lastCustomerFilters()).toEqual({ q: "", status: "" });
    rememberCustomerFilters({ q: "3301", status: "pending" });
    expect(lastCustomerFilters()).toEqual({ q: "3301", status: "pending" });
    localStorage.setItem("restock.customers.filters", JSON.stringify({ q: 7, status: "deleted" }));
    expect(lastCustomerFilters()).toEqual({ q: "", status: "" });
    localStorage.setItem("restock.customers.filters", "{not json");
    expect(lastCustomerFilters()).toEqual({ q: "", status: "" });
  });

  it("fill the edit form with empty text where the customer has nothing", () => {
    const details = detailsOf({
      code: "330100000001",
      name: "西湖便利店",
      tier: "A",
      status: "active",
      branch: "西湖分公司",
      prepaid: null,
      creditLimit: null,
      schedule: { orderingDays: [], cutoff: null },
      contact: null,
      phone: "13800000000",
      address: null,
    });
    expect(details).toEqual({ name: "西湖便利店", tier: "A", branch: "西湖分公司", contact: "", phone: "13800000000", address: "" });
  });
});
