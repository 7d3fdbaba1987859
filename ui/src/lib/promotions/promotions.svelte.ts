// The supplier's promotions for this customer (as of the last catalogue sync), for Home and the product details.
import * as backend from "../backend";
import { app } from "../app/app.svelte";
import { LatestOnly } from "../async";
import type { Promotion } from "../types";

class PromotionStore {
  list = $state.raw<Promotion[]>([]);
  loaded = $state(false);
  failed = $state(false);

  private tickets = new LatestOnly();
  /** The catalogue version the list was loaded for (-1: none yet). */
  private version = -1;

  /** Load the list unless it is already the one for this sync (`force`: in any case). */
  async load(force = false) {
    const version = app.catalogueVersion;
    if (!force && this.version === version && this.loaded) return;
    this.version = version;
    const ticket = this.tickets.next();
    try {
      const list = await backend.promotions();
      if (!this.tickets.isLatest(ticket)) return;
      this.list = list;
      this.loaded = true;
      this.failed = false;
    } catch {
      // Home still works without them; the card says they could not be loaded.
      if (!this.tickets.isLatest(ticket)) return;
      this.failed = true;
      this.version = -1;
    }
  }

  reset() {
    this.tickets.next();
    this.version = -1;
    this.list = [];
    this.loaded = false;
    this.failed = false;
  }
}

export const promotions = new PromotionStore();
