// The product detail dialog (Enter on a product's name or its 详情 button, `i` in its quantity cell), opened from
// the catalogue or the cart; the focus goes back where it was when it closes.
import type { Product } from "../types";

class DetailStore {
  product = $state.raw<Product | null>(null);
  private returnTo: HTMLElement | null = null;

  open(product: Product, from?: Element | null) {
    this.returnTo = from instanceof HTMLElement ? from : null;
    this.product = product;
  }

  close() {
    this.product = null;
    const back = this.returnTo;
    this.returnTo = null;
    if (back?.isConnected) back.focus();
  }

  reset() {
    this.product = null;
    this.returnTo = null;
  }
}

export const detail = new DetailStore();
