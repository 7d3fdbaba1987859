// The cart as the backend last described it. Edits and the submit run one after another, in the order the user
// made them, so a quantity typed just before "submit" is in the order, and answers never arrive out of order.
import * as backend from "../backend";
import { app } from "../app/app.svelte";
import { SerialQueue } from "../async";
import type { ApiError, CartLineView, CartView, LineProblem, Order } from "../types";

const EMPTY: CartView = { id: 0, name: "", lines: [], total: "0.00", lineCount: 0 };

class CartStore {
  view = $state<CartView>(EMPTY);
  /** Lines by product code, for the catalogue rows. */
  byCode = $derived(new Map<string, CartLineView>(this.view.lines.map((l) => [l.product.code, l])));
  submitting = $state(false);
  /** The order the last submit created, shown until the cart changes again. */
  lastOrder = $state<Order | null>(null);
  /** Per-line problems from the last refused submit, by product code. */
  submitProblems = $state<Map<string, LineProblem>>(new Map());

  private queue = new SerialQueue();

  quantityOf(code: string): number {
    return this.byCode.get(code)?.quantity ?? 0;
  }

  /** The problem to show for a product: the cart's own check, else what the hub said at the last submit. */
  problemOf(code: string): LineProblem | null {
    return this.byCode.get(code)?.problem ?? this.submitProblems.get(code) ?? null;
  }

  async load() {
    await this.queue.run(async () => {
      try {
        this.view = await backend.getCart();
        app.clearError("cart");
      } catch (e) {
        app.report("cart", e);
      }
    });
  }

  /** Set a line's quantity (0 removes it). Resolves to false when the backend refused; the banner says why. */
  setQuantity(code: string, quantity: number): Promise<boolean> {
    return this.queue.run(async () => {
      try {
        this.view = await backend.setCartQuantity(code, quantity);
        this.lastOrder = null;
        if (this.submitProblems.has(code)) {
          const rest = new Map(this.submitProblems);
          rest.delete(code);
          this.submitProblems = rest;
        }
        app.clearError("cart");
        return true;
      } catch (e) {
        app.report("cart", e);
        return false;
      }
    });
  }

  /** Submit the cart as an order. Resolves to the order, or null when it was refused (the banner says why). */
  submit(): Promise<Order | null> {
    this.submitting = true;
    return this.queue.run(async () => {
      try {
        app.clearError("cart");
        const order = await backend.submitCart();
        this.lastOrder = order;
        this.submitProblems = new Map();
        this.view = EMPTY;
        return order;
      } catch (e) {
        const error: ApiError = backend.toApiError(e);
        this.submitProblems = new Map((error.lines ?? []).map((p) => [p.productCode, p]));
        app.report("cart", error);
        return null;
      } finally {
        // The backend's word on what is left in the cart, whatever happened.
        try {
          this.view = await backend.getCart();
        } catch {
          // Keep what we have; the next edit refreshes it.
        }
        this.submitting = false;
      }
    });
  }

  reset() {
    this.view = EMPTY;
    this.lastOrder = null;
    this.submitProblems = new Map();
  }
}

export const cart = new CartStore();
