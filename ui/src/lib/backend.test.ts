import { describe, expect, it } from "vitest";
import { hasBackend, isApiError, toApiError } from "./backend";
import * as backend from "./backend";

describe("backend errors", () => {
  it("passes ApiErrors through and wraps anything else as internal", () => {
    const e = { code: "hub_unreachable", message: "connection refused" };
    expect(isApiError(e)).toBe(true);
    expect(toApiError(e)).toBe(e);
    expect(toApiError("plain string")).toEqual({ code: "internal", message: "plain string" });
    expect(toApiError(new Error("boom"))).toEqual({ code: "internal", message: "boom" });
    expect(isApiError({ code: 1, message: "x" })).toBe(false);
  });

  it("says clearly when there is no Tauri backend", async () => {
    expect(hasBackend()).toBe(false);
    await expect(backend.getCart()).rejects.toMatchObject({
      code: "internal",
      message: expect.stringContaining("desktop app"),
    });
  });

  it("rejects the saved-cart, reorder, import, usual-product, desk and order-action commands the same way outside the app", async () => {
    for (const pending of [
      backend.listSavedCarts(),
      backend.newCart("购物车 2"),
      backend.openCart(1),
      backend.renameCart(1, "x"),
      backend.duplicateCart(1, "x"),
      backend.deleteCart(1),
      backend.reorder("o-1"),
      backend.importList("x", "A001 1"),
      backend.setUsualProduct("A001", true),
      backend.homeStatus(),
      backend.confirmOrder("o-1"),
      backend.cancelOrder("o-1"),
    ]) {
      await expect(pending).rejects.toMatchObject({ code: "internal", message: expect.stringContaining("desktop app") });
    }
  });
});
