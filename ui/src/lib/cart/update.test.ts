import { describe, expect, it } from "vitest";
import type { CartLineView, CartUpdate, CartView } from "../types";
import { applyUpdate } from "./update";

function line(code: string, quantity: number): CartLineView {
  return {
    product: { code, name: code } as CartLineView["product"],
    quantity,
    orderQuantity: quantity,
    cuts: [],
    lineAmount: `${quantity}.00`,
    problem: null,
    allocationLeft: null,
    available: null,
  };
}

const view: CartView = {
  id: 7,
  name: "周二补货",
  lines: [line("A", 1), line("B", 1), line("C", 1)],
  adjustments: [],
  total: "3.00",
  lineCount: 3,
  warnings: [],
  changesOrder: null,
};

function update(patch: Partial<CartUpdate>): CartUpdate {
  return { id: 7, productCode: "B", line: null, lines: null, adjustments: [], total: "3.00", lineCount: 3, warnings: [], ...patch };
}

describe("a quantity change applied to the cart on screen", () => {
  it("replaces the changed line in its place and takes the backend's totals", () => {
    const next = applyUpdate(view, update({ line: line("B", 5), total: "7.00" }));
    expect(next?.lines.map((l) => [l.product.code, l.quantity])).toEqual([["A", 1], ["B", 5], ["C", 1]]);
    expect(next?.total).toBe("7.00");
    expect(next?.lines[0]).toBe(view.lines[0]);
    expect(view.lines[1].quantity).toBe(1);
  });

  it("appends a new line, and takes every line when one was removed", () => {
    const added = applyUpdate(view, update({ productCode: "D", line: line("D", 2), lineCount: 4, total: "5.00" }));
    expect(added?.lines.map((l) => l.product.code)).toEqual(["A", "B", "C", "D"]);
    const removed = applyUpdate(view, update({ lines: [line("A", 1), line("C", 1)], lineCount: 2, total: "2.00" }));
    expect(removed?.lines.map((l) => l.product.code)).toEqual(["A", "C"]);
    expect(removed?.lineCount).toBe(2);
  });

  it("asks for the whole cart when the update is for another cart or does not add up", () => {
    expect(applyUpdate(view, update({ id: 8, line: line("B", 2) }))).toBeNull();
    expect(applyUpdate(view, update({ productCode: "D", line: line("D", 2), lineCount: 3 }))).toBeNull();
  });
});
