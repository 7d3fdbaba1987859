// Search as you type over the local copy of the catalogue. Only the answer to the latest query is shown.
import * as backend from "../backend";
import { app } from "../app/app.svelte";
import { debounce, LatestOnly } from "../async";
import type { Product } from "../types";

export const SEARCH_LIMIT = 200;
export const SEARCH_DELAY_MS = 120;

class CatalogueStore {
  query = $state("");
  products = $state<Product[]>([]);
  searching = $state(false);
  /** Has any search answered yet (so "nothing found" is not shown before the first answer)? */
  loaded = $state(false);

  private tickets = new LatestOnly();
  private debounced = debounce(() => this.run(), SEARCH_DELAY_MS);

  /** The user typed: search after a short pause. */
  setQuery(query: string) {
    this.query = query;
    this.debounced.schedule();
  }

  /** Make sure the shown products answer the current query (e.g. before Enter moves to the first row). */
  flush(): Promise<void> {
    return this.debounced.flush();
  }

  /** Search again now (after a sync, or when the screen opens). */
  refresh(): Promise<void> {
    return this.debounced.now();
  }

  reset() {
    this.debounced.cancel();
    this.tickets.next(); // answers still on their way are for the previous user
    this.query = "";
    this.products = [];
    this.loaded = false;
    this.searching = false;
  }

  private async run() {
    const ticket = this.tickets.next();
    const query = this.query.trim();
    this.searching = true;
    try {
      const products = await backend.searchProducts(query, SEARCH_LIMIT);
      if (!this.tickets.isLatest(ticket)) return;
      this.products = products;
      this.loaded = true;
      app.clearError("search");
    } catch (e) {
      if (this.tickets.isLatest(ticket)) app.report("search", e);
    } finally {
      if (this.tickets.isLatest(ticket)) this.searching = false;
    }
  }
}

export const catalogue = new CatalogueStore();
