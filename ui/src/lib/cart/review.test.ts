import { describe, expect, it } from "vitest";
import { ERROR_MESSAGES } from "../i18n/errors";
import { en, zh } from "../i18n/messages";
import type { CartChange, ChangeKind } from "../types";
import {
  changeText,
  compareMoney,
  hasRefusedQuantity,
  KIND_KEYS,
  leavesCart,
  needsReview,
  priceTrend,
  shownPrices,
  totalTrend,
  trendArrow,
} from "./review";

const ALL_KINDS: ChangeKind[] = ["price_up", "price_down", "delisted", "removed", "quantity_refused", "allocation_reduced", "stock_short"];

function change(kind: ChangeKind, over: Partial<CartChange> = {}): CartChange {
  return {
    line: 1,
    productCode: "6901028075763",
    productName: "中华(硬)",
    quantity: 10,
    kind,
    oldPrice: "450.00",
    newPrice: "465.00",
    problem: null,
    ...over,
  };
}

describe("review labels", () => {
  it("name every kind of change in both languages", () => {
    for (const kind of ALL_KINDS) {
      expect(zh[KIND_KEYS[kind]], kind).toBeTruthy();
      expect(en[KIND_KEYS[kind]], kind).toBeTruthy();
    }
  });

  it("describe price and availability changes", () => {
    expect(changeText("zh", change("price_up"))).toBe("涨价");
    expect(changeText("en", change("price_up"))).toBe("Price up");
    expect(changeText("zh", change("price_down"))).toBe("降价");
    expect(changeText("en", change("price_down"))).toBe("Price down");
    expect(changeText("zh", change("delisted"))).toBe("已下架，将从购物车移除");
    expect(changeText("en", change("delisted"))).toBe("Delisted: will be removed from the cart");
    expect(changeText("zh", change("removed", { productName: "", newPrice: null }))).toBe(
      "已不在商品目录中，将从购物车移除",
    );
    expect(changeText("en", change("removed"))).toBe("No longer in the catalogue: will be removed");
  });

  it("say which rule a refused quantity breaks, as the cart rows do", () => {
    const problem = {
      line: 1,
      productCode: "6901028075763",
      code: "above_maximum" as const,
      message: "above the maximum of 5",
    };
    const rules = { packMultiple: 1, minPerOrder: 1, maxPerOrder: 5 };
    expect(changeText("en", change("quantity_refused", { problem }), rules)).toBe("Above the maximum of 5 per order.");
    expect(changeText("zh", change("quantity_refused", { problem }), rules)).toBe("数量超过最高订货量 5");
    expect(changeText("zh", change("quantity_refused", { problem }))).toBe(ERROR_MESSAGES.above_maximum.zh);
    // No problem sent: still a sentence, not a blank.
    expect(changeText("en", change("quantity_refused"))).toBe("The quantity breaks an ordering rule");
  });
});

describe("review price trend", () => {
  it("points up or down only for price changes", () => {
    expect(priceTrend("price_up")).toBe("up");
    expect(priceTrend("price_down")).toBe("down");
    for (const kind of ["delisted", "removed", "quantity_refused"] as const) expect(priceTrend(kind)).toBeNull();
    expect(trendArrow("up")).toBe("↑");
    expect(trendArrow("down")).toBe("↓");
    expect(trendArrow(null)).toBe("");
  });
});

describe("review outcome", () => {
  it("knows which lines leave the cart on accepting", () => {
    expect(ALL_KINDS.filter(leavesCart)).toEqual(["delisted", "removed"]);
  });

  it("asks for a review only when something changed", () => {
    expect(needsReview({ changes: [] })).toBe(false);
    expect(needsReview({ changes: [change("price_down")] })).toBe(true);
    expect(hasRefusedQuantity({ changes: [change("price_up")] })).toBe(false);
    expect(hasRefusedQuantity({ changes: [change("price_up"), change("quantity_refused")] })).toBe(true);
  });
});

describe("shownPrices", () => {
  it("shows before and after for a price change, else the price that applies", () => {
    expect(shownPrices(change("price_up"))).toEqual({ old: "450.00", now: "465.00" });
    expect(shownPrices(change("price_down", { oldPrice: "12.00", newPrice: "9.50" }))).toEqual({
      old: "12.00",
      now: "9.50",
    });
    expect(shownPrices(change("delisted", { oldPrice: "450.00", newPrice: "450.00" }))).toEqual({
      old: null,
      now: "450.00",
    });
    expect(shownPrices(change("removed", { newPrice: null }))).toEqual({ old: null, now: "450.00" });
    expect(shownPrices(change("quantity_refused", { oldPrice: null, newPrice: null }))).toEqual({
      old: null,
      now: null,
    });
  });
});

describe("compareMoney", () => {
  it("compares exact decimals whatever their scale", () => {
    expect(compareMoney("465.00", "450.00")).toBe(1);
    expect(compareMoney("450", "450.00")).toBe(0);
    expect(compareMoney("9.5", "10.00")).toBe(-1);
    expect(compareMoney("0100.10", "100.1")).toBe(0);
    expect(compareMoney("1234.01", "1234.1")).toBe(-1);
    expect(compareMoney("90071992547409931.02", "90071992547409931.01")).toBe(1);
  });

  it("handles signs and zero", () => {
    expect(compareMoney("-5.00", "3.00")).toBe(-1);
    expect(compareMoney("-5.00", "-3.00")).toBe(-1);
    expect(compareMoney("-0.00", "0")).toBe(0);
    expect(compareMoney("+1", "1.00")).toBe(0);
  });

  it("refuses what is not a decimal", () => {
    expect(compareMoney("n/a", "1.00")).toBeNull();
    expect(compareMoney("1.00", "")).toBeNull();
  });

  it("gives the direction of the total", () => {
    expect(totalTrend({ totalBefore: "4500.00", totalAfter: "4650.00" })).toBe("up");
    expect(totalTrend({ totalBefore: "4500.00", totalAfter: "0.00" })).toBe("down");
    expect(totalTrend({ totalBefore: "4500.00", totalAfter: "4500.0" })).toBeNull();
  });
});
