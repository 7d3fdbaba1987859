import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../types";
import { ERROR_MESSAGES, errorDetail, errorText, problemText, STATUS_KEYS } from "./errors";
import { en, interpolate, isLocale, LOCALES, MESSAGE_TABLES, MESSAGES, translate, zh } from "./messages";

const ALL_CODES: ErrorCode[] = [
  "invalid_credentials", "account_locked", "too_many_attempts", "session_expired", "not_logged_in", "password_change_required",
  "password_too_weak", "reset_token_invalid", "username_taken", "forbidden", "awaiting_approval", "account_disabled", "bad_request", "not_found", "import_rejected", "empty_order",
  "order_rejected", "unknown_product", "product_delisted", "quantity_not_positive", "quantity_not_multiple",
  "below_minimum", "above_maximum", "duplicate_line", "allocation_exceeded", "out_of_stock", "insufficient_balance", "price_changed", "cart_changed", "cutoff_passed", "not_ordering_day", "order_locked", "not_confirmed", "needs_branch_review", "needs_approval", "idempotency_key_reused",
  "order_in_flight", "hub_unreachable", "hub_incompatible", "local_store", "credentials", "internal",
];

describe("message tables", () => {
  it("have the same keys in both languages, none empty", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const table of Object.values(MESSAGES)) {
      for (const [key, text] of Object.entries(table)) expect(text.trim(), key).not.toBe("");
    }
  });

  it("define each key in one feature table only, and join every table", () => {
    for (const locale of LOCALES) {
      const owner = new Map<string, string>();
      const twice: string[] = [];
      for (const [name, table] of Object.entries(MESSAGE_TABLES)) {
        for (const key of Object.keys(table[locale])) {
          const first = owner.get(key);
          if (first !== undefined) twice.push(`${locale} ${key}: ${first} and ${name}`);
          else owner.set(key, name);
        }
      }
      expect(twice).toEqual([]);
      expect([...owner.keys()].sort(), locale).toEqual(Object.keys(MESSAGES[locale]).sort());
    }
    for (const [name, table] of Object.entries(MESSAGE_TABLES)) {
      expect(Object.keys(table.en).sort(), name).toEqual(Object.keys(table.zh).sort());
    }
  });

  it("use the same placeholders in both languages", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(names(en[key]), key).toEqual(names(zh[key]));
    }
  });

  it("fill placeholders and keep unknown ones visible", () => {
    expect(translate("zh", "sync.done", { count: 2000 })).toBe("2000 个商品");
    expect(translate("en", "sync.done", { count: 2000 })).toBe("2000 products");
    expect(translate("zh", "sync.running")).toBe("正在同步商品目录…");
    expect(interpolate("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });

  it("say one product, two products in English", () => {
    expect(translate("en", "sync.done", { count: 1 })).toBe("1 product");
    expect(translate("en", "sync.done", { count: 0 })).toBe("0 products");
    expect(translate("en", "skipped.title", { count: 1 })).toBe("1 row was not added to the cart");
    expect(translate("en", "skipped.title", { count: 3 })).toBe("3 rows were not added to the cart");
    expect(translate("zh", "skipped.title", { count: 1 })).toBe("有 1 行没有加入购物车");
    expect(interpolate("{n|one|other}", {})).toBe("{n|one|other}");
  });

  it("accept only known locales", () => {
    expect(isLocale("zh")).toBe(true);
    expect(isLocale("en")).toBe(true);
    expect(isLocale("fr")).toBe(false);
    expect(isLocale(null)).toBe(false);
  });

  it("name every order status", () => {
    for (const key of Object.values(STATUS_KEYS)) {
      expect(zh[key]).toBeTruthy();
      expect(en[key]).toBeTruthy();
    }
    expect(translate("zh", STATUS_KEYS.submitted)).toBe("已提交");
  });
});

describe("error messages", () => {
  it("cover every ErrorCode in both languages", () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...ALL_CODES].sort());
    for (const code of ALL_CODES) {
      expect(ERROR_MESSAGES[code].zh, code).not.toBe("");
      expect(ERROR_MESSAGES[code].en, code).not.toBe("");
    }
  });

  it("say what to do for the common failures", () => {
    const bad = { code: "invalid_credentials" as const, message: "invalid credentials" };
    expect(errorText("zh", bad)).toBe("用户名或密码错误，请重试");
    expect(errorText("en", bad)).toBe("Wrong user name or password. Try again.");
    const down = { code: "hub_unreachable" as const, message: "connection refused" };
    expect(errorText("zh", down)).toBe("无法连接到供货方服务器，请检查网络或服务器地址");
    expect(errorText("en", down)).toContain("check the network or the hub address");
  });

  it("fall back to the backend's message for codes it does not know", () => {
    const future = { code: "balance_insufficient", message: "余额不足: available 1,500.00" } as unknown as {
      code: ErrorCode;
      message: string;
    };
    expect(errorText("en", future)).toBe("余额不足: available 1,500.00");
    expect(errorDetail(future)).toBeNull();
  });

  it("add the backend's message as a detail only where the sentence is generic", () => {
    expect(errorDetail({ code: "internal", message: "disk full" })).toBe("disk full");
    expect(errorDetail({ code: "invalid_credentials", message: "nope" })).toBeNull();
  });

  it("name the number a quantity must respect when the product is known", () => {
    const rules = { packMultiple: 5, minPerOrder: 10, maxPerOrder: 50 };
    const p = (code: ErrorCode) => ({ code, message: "server text" });
    expect(problemText("zh", p("quantity_not_multiple"), rules)).toBe("数量必须是 5 的整数倍（订货倍数 5）");
    expect(problemText("en", p("quantity_not_multiple"), rules)).toBe("The quantity must be a multiple of 5 (pack of 5).");
    expect(problemText("en", p("below_minimum"), rules)).toBe("Below the minimum of 10 per order.");
    expect(problemText("en", p("above_maximum"), rules)).toBe("Above the maximum of 50 per order.");
    // No maximum known, or no product at hand: the general sentence.
    expect(problemText("en", p("above_maximum"), { ...rules, maxPerOrder: null })).toBe(
      ERROR_MESSAGES.above_maximum.en,
    );
    expect(problemText("zh", p("quantity_not_multiple"))).toBe(ERROR_MESSAGES.quantity_not_multiple.zh);
    expect(problemText("zh", p("product_delisted"), rules)).toBe(ERROR_MESSAGES.product_delisted.zh);
  });

  it("treat a minimum of 0 as 1", () => {
    const rules = { packMultiple: 1, minPerOrder: 0, maxPerOrder: null };
    expect(problemText("en", { code: "below_minimum", message: "" }, rules)).toBe("Below the minimum of 1 per order.");
  });
});

describe("supply cuts", () => {
  it("name the most that can be ordered, or say nothing is left", () => {
    const cut = { code: "allocation_exceeded" as const, message: "only 10 left", allowed: 10 };
    expect(problemText("zh", cut)).toBe("超过本周期货源分配，最多可订 10");
    expect(problemText("en", { ...cut, allowed: 0 })).toBe("Your allocation for this cycle is used up.");
    expect(problemText("en", { code: "out_of_stock", message: "only 3 available", allowed: 3 })).toBe("Not enough stock: at most 3.");
  });
});
