// Product pictures for the tiles and the detail view, fetched only for products that have one (`image` is its
// hash), only when shown, a few at a time. The core keeps them on this PC; this keeps them for the session, by hash,
// so a changed picture is fetched again.
import * as backend from "../backend";
import type { Product } from "../types";

/** Pictures fetched at the same time. */
export const IMAGE_CONCURRENCY = 4;

type Wanted = Pick<Product, "code" | "image">;

function keyOf(p: Wanted): string {
  return `${p.code}@${p.image ?? ""}`;
}

class ImageStore {
  /** By code@hash: a `data:` URL, or null when the product turned out to have none (or it could not be fetched). */
  urls = $state<Record<string, string | null>>({});

  private waiting: Wanted[] = [];
  private asked = new Set<string>();
  private running = 0;
  private generation = 0;

  /** The picture, null when there is none, undefined while it is not here yet. */
  url(product: Wanted): string | null | undefined {
    if (product.image === null) return null;
    return this.urls[keyOf(product)];
  }

  /** Fetch the picture (once) if the product has one. */
  want(product: Wanted) {
    if (product.image === null) return;
    const key = keyOf(product);
    if (this.asked.has(key)) return;
    this.asked.add(key);
    this.waiting.push({ code: product.code, image: product.image });
    this.pump();
  }

  private pump() {
    while (this.running < IMAGE_CONCURRENCY && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.running += 1;
      const generation = this.generation;
      void backend
        .productImage(next.code)
        .catch(() => null) // no picture is no reason for a banner: the placeholder stays
        .then((url) => {
          if (generation !== this.generation) return;
          this.urls = { ...this.urls, [keyOf(next)]: url };
        })
        .finally(() => {
          if (generation !== this.generation) return;
          this.running -= 1;
          this.pump();
        });
    }
  }

  reset() {
    this.generation += 1;
    this.waiting = [];
    this.asked = new Set();
    this.running = 0;
    this.urls = {};
  }
}

export const images = new ImageStore();
