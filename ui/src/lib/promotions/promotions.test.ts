import { describe, expect, it } from "vitest";
import type { Promotion } from "../types";
import { covers, coversPhrase, isCurrent, phraseText, promotionsFor, termsPhrase } from "./promotions";

const product = { code: "2002001", brand: "农夫山泉", category: "饮料/矿泉水" };

function promo(over: Partial<Promotion> & Pick<Promotion, "covers">): Promotion {
  return {
    id: 1,
    name: "农夫山泉 满1000减50",
    tiers: [],
    validFrom: "2026-11-01",
    validTo: "2026-11-30",
    kind: "spend_save",
    threshold: "1000.00",
    off: "50.00",
    ...over,
  } as Promotion;
}

describe("which products a promotion covers", () => {
  it("everything", () => {
    expect(covers({ scope: "everything" }, product)).toBe(true);
  });

  it("a brand, exactly", () => {
    expect(covers({ scope: "brand", value: "农夫山泉" }, product)).toBe(true);
    expect(covers({ scope: "brand", value: "农夫" }, product)).toBe(false);
  });

  it("a category and the categories under it, not a mere prefix of the name", () => {
    expect(covers({ scope: "category", value: "饮料" }, product)).toBe(true);
    expect(covers({ scope: "category", value: "饮料/矿泉水" }, product)).toBe(true);
    expect(covers({ scope: "category", value: "饮" }, product)).toBe(false);
    expect(covers({ scope: "category", value: "饮料/矿泉水/大瓶" }, product)).toBe(false);
  });

  it("one product", () => {
    expect(covers({ scope: "product", value: "2002001" }, product)).toBe(true);
    expect(covers({ scope: "product", value: "2002002" }, product)).toBe(false);
  });

  it("lists those covering a product, in id order", () => {
    const list = [
      promo({ id: 3, covers: { scope: "category", value: "饮料" } }),
      promo({ id: 2, covers: { scope: "brand", value: "怡宝" } }),
      promo({ id: 1, covers: { scope: "everything" } }),
    ];
    expect(promotionsFor(list, product).map((p) => Number(p.id))).toEqual([1, 3]);
  });
});

describe("current promotions", () => {
  const p = promo({ covers: { scope: "everything" }, tiers: ["A"] });

  it("run from the first to the last day, both included", () => {
    expect(isCurrent(p, "2026-11-01", "A")).toBe(true);
    expect(isCurrent(p, "2026-11-30", "A")).toBe(true);
    expect(isCurrent(p, "2026-10-31", "A")).toBe(false);
    expect(isCurrent(p, "2026-12-01", "A")).toBe(false);
  });

  it("are for their tiers only (none listed: everyone)", () => {
    expect(isCurrent(p, "2026-11-15", "B")).toBe(false);
    expect(isCurrent({ ...p, tiers: [] }, "2026-11-15", "B")).toBe(true);
  });
});

describe("what a promotion gives", () => {
  it("in both languages", () => {
    const spend = promo({ covers: { scope: "brand", value: "农夫山泉" } });
    expect(phraseText("zh", termsPhrase(spend))).toBe("满 ¥1,000.00 减 ¥50.00");
    expect(phraseText("en", termsPhrase(spend))).toBe("¥50.00 off when you spend ¥1,000.00");
    const buyGet = { ...spend, kind: "buy_get", buy: 10, get: 1 } as Promotion;
    expect(phraseText("zh", termsPhrase(buyGet))).toBe("买 10 送 1");
    expect(phraseText("en", termsPhrase(buyGet))).toBe("Buy 10, get 1 free");
    const off = { ...spend, kind: "percent_off", percent: "5.00" } as Promotion;
    expect(phraseText("zh", termsPhrase(off))).toBe("立减 5%");
    expect(phraseText("en", termsPhrase(off))).toBe("5% off");
    expect(phraseText("en", coversPhrase({ scope: "category", value: "饮料" }))).toBe("Category: 饮料");
    expect(phraseText("zh", coversPhrase({ scope: "everything" }))).toBe("全部商品");
  });
});
