import { describe, expect, it } from "vitest";
import { en, zh } from "../i18n/messages";
import type { SkipReason } from "../types";
import { cleanCartName, decodeListFile, defaultCartName, SKIP_REASON_KEYS, skipReasonKey } from "./carts";

const ALL_REASONS: SkipReason[] = ["unknown_product", "delisted", "unreadable", "bad_quantity"];

describe("skip reasons", () => {
  it("name every reason in both languages", () => {
    expect(Object.keys(SKIP_REASON_KEYS).sort()).toEqual([...ALL_REASONS].sort());
    for (const reason of ALL_REASONS) {
      const key = skipReasonKey(reason);
      expect(zh[key], reason).toBeTruthy();
      expect(en[key], reason).toBeTruthy();
    }
    expect(en[skipReasonKey("delisted")]).toContain("delisted");
  });

  it("fall back to a general sentence for a reason it does not know", () => {
    expect(skipReasonKey("something_new")).toBe("skip.other");
  });
});

describe("default cart name", () => {
  const zhName = (n: number) => `购物车 ${n}`;

  it("counts on from the carts there are", () => {
    expect(defaultCartName(zhName, [])).toBe("购物车 1");
    expect(defaultCartName(zhName, ["购物车"])).toBe("购物车 2");
    expect(defaultCartName(zhName, ["购物车", "再来一单 SO-1"])).toBe("购物车 3");
  });

  it("skips names already taken", () => {
    expect(defaultCartName(zhName, ["购物车 2"])).toBe("购物车 3");
    expect(defaultCartName(zhName, ["a", " 购物车 3 ", "购物车 4"])).toBe("购物车 5");
  });
});

describe("cart names", () => {
  it("are trimmed, and blank is no name", () => {
    expect(cleanCartName("  周末补货 ")).toBe("周末补货");
    expect(cleanCartName("   ")).toBeNull();
  });
});

describe("list files", () => {
  it("read UTF-8, without a byte-order mark", () => {
    const bytes = new TextEncoder().encode("\uFEFF商品编码,数量\nA001,12\n");
    expect(decodeListFile(bytes)).toBe("商品编码,数量\nA001,12\n");
  });

  it("fall back to GB18030 for what is not UTF-8", () => {
    // "中华,5" in GB18030.
    const bytes = new Uint8Array([0xd6, 0xd0, 0xbb, 0xaa, 0x2c, 0x35]);
    expect(decodeListFile(bytes)).toBe("中华,5");
  });
});
