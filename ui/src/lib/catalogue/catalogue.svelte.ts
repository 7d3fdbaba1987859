// Search as you type over the local copy of the catalogue, with filters (category, brand, origin, price band) and a
// sort order. Only the answer to the latest query is shown. Also: the values the filters offer (from the whole
// catalogue, once per sync) and the list / tiles choice (remembered on this PC).
import * as backend from "../backend";
import { app } from "../app/app.svelte";
import { debounce, LatestOnly } from "../async";
import type { Product, SortOrder } from "../types";
import { buildQuery, facetsOf, NO_FACETS, NO_FILTERS, type Facets, type Filters, type PriceProblem } from "./filters";
import { loadViewMode, saveViewMode, type ViewMode } from "./view";

export const SEARCH_LIMIT = 200;
export const SEARCH_DELAY_MS = 120;
/** The filters' values come from this many products of the catalogue (a broad query, once per sync). */
export const FACET_LIMIT = 5000;

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

class CatalogueStore {
  query = $state("");
  filters = $state<Filters>({ ...NO_FILTERS });
  sort = $state<SortOrder>("relevance");
  /** A price bound that cannot be read (left out of the search), or a band upside down. */
  priceProblem = $state<PriceProblem>(null);
  products = $state<Product[]>([]);
  searching = $state(false);
  /** Has any search answered yet (so "nothing found" is not shown before the first answer)? */
  loaded = $state(false);
  view = $state<ViewMode>(loadViewMode(storage()));
  facets = $state.raw<Facets>(NO_FACETS);

  private tickets = new LatestOnly();
  private facetTickets = new LatestOnly();
  /** The catalogue version the facets were computed for (-1: none yet). */
  private facetsVersion = -1;
  private debounced = debounce(() => this.run(), SEARCH_DELAY_MS);

  /** The user typed: search after a short pause. */
  setQuery(query: string) {
    this.query = query;
    this.debounced.schedule();
  }

  /** Show the catalogue for `query` from elsewhere (Home's substitutes, usual products): no filters, best match first. */
  lookUp(query: string) {
    this.filters = { ...NO_FILTERS };
    this.sort = "relevance";
    this.setQuery(query);
  }

  /** A filter chosen from a list: search now. A price typed: after a short pause. */
  setFilter<K extends keyof Filters>(name: K, value: Filters[K]) {
    this.filters = { ...this.filters, [name]: value };
    if (name === "minPrice" || name === "maxPrice") this.debounced.schedule();
    else void this.debounced.now();
  }

  clearFilters() {
    this.filters = { ...NO_FILTERS };
    void this.debounced.now();
  }

  setSort(sort: SortOrder) {
    this.sort = sort;
    void this.debounced.now();
  }

  setView(view: ViewMode) {
    this.view = view;
    saveViewMode(storage(), view);
  }

  /** Make sure the shown products answer the current query (e.g. before Enter moves to the first row). */
  flush(): Promise<void> {
    return this.debounced.flush();
  }

  /** Search again now (after a sync, or when the screen opens). */
  refresh(): Promise<void> {
    return this.debounced.now();
  }

  /** The filters' values, from a broad query over the catalogue: once per sync. */
  async loadFacets(version: number) {
    if (this.facetsVersion === version) return;
    this.facetsVersion = version;
    const ticket = this.facetTickets.next();
    try {
      const all = await backend.findProducts({
        text: "",
        category: null,
        brand: null,
        origin: null,
        minPrice: null,
        maxPrice: null,
        sort: "code",
        limit: FACET_LIMIT,
      });
      if (this.facetTickets.isLatest(ticket)) this.facets = facetsOf(all);
    } catch (e) {
      if (!this.facetTickets.isLatest(ticket)) return;
      this.facetsVersion = -1; // try again next time
      app.report("search", e);
    }
  }

  reset() {
    this.debounced.cancel();
    this.tickets.next(); // answers still on their way are for the previous user
    this.facetTickets.next();
    this.facetsVersion = -1;
    this.facets = NO_FACETS;
    this.query = "";
    this.filters = { ...NO_FILTERS };
    this.sort = "relevance";
    this.priceProblem = null;
    this.products = [];
    this.loaded = false;
    this.searching = false;
  }

  private async run() {
    const ticket = this.tickets.next();
    const { query, problem } = buildQuery(this.query, this.filters, this.sort, SEARCH_LIMIT);
    this.priceProblem = problem;
    this.searching = true;
    try {
      const products = await backend.findProducts(query);
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
