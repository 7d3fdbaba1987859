// The back office's stock and allocations: a page of each from the hub with its remembered filters, the rows being
// edited in place (drafts), and what the last action did. A refusal stays on the row or form it came from; a lost
// session goes to the banner. Every answer is the hub's present state: a saved row is replaced from it.
import { app } from "../app/app.svelte";
import * as backend from "../backend";
import type { MessageKey } from "../i18n/messages";
import type { AllocationRecord, ApiError, SetAllocation, StockLevel } from "../types";
import {
  allocationKey,
  allocationQuery,
  lastAllocationFilters,
  lastStockFilters,
  rememberAllocationFilters,
  rememberStockFilters,
  stockQuery,
  type Read,
} from "./edits";

/** A refusal: the hub's, or the screen's own reading of what was typed. */
export type Problem = { error: ApiError | null; key: MessageKey | null };
export type Done = "tracked" | "untracked" | "allocated" | "removed";

/** Where a problem is shown: a stock row (its code), an allocation row (its key), a form, or a list's filters. */
export type Place = `stock:${string}` | `alloc:${string}` | "track" | "allocate" | "stock-list" | "alloc-list";

class Supply {
  stock = $state<StockLevel[]>([]);
  stockNext = $state<string | null>(null);
  stockLoaded = $state(false);
  stockFilters = $state(lastStockFilters());
  /** Typed into a stock row, by product code; none: the hub's values. */
  stockDrafts = $state<Record<string, { onHand: string; available: string }>>({});
  allocations = $state<AllocationRecord[]>([]);
  allocationsNext = $state<string | null>(null);
  allocationsLoaded = $state(false);
  cycleDate = $state<string | null>(null);
  allocationFilters = $state(lastAllocationFilters());
  /** Typed into an allocation's quantity, by `allocationKey`. */
  quantityDrafts = $state<Record<string, string>>({});
  problems = $state<Partial<Record<Place, Problem>>>({});
  /** The row just saved, shown as such until the next action. */
  saved = $state<Place | null>(null);
  done = $state<Done | null>(null);
  /** The row whose stop-tracking or removal waits to be confirmed. */
  confirming = $state<Place | null>(null);
  busy = $state(false);

  reset() {
    this.stock = [];
    this.stockNext = null;
    this.stockLoaded = false;
    this.stockDrafts = {};
    this.allocations = [];
    this.allocationsNext = null;
    this.allocationsLoaded = false;
    this.quantityDrafts = {};
    this.problems = {};
    this.saved = null;
    this.done = null;
    this.confirming = null;
  }

  private clearNews() {
    this.problems = {};
    this.saved = null;
    this.done = null;
  }

  /** Runs one action; true when it went through. A refusal is kept at `place`. */
  private async act(place: Place, action: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.clearNews();
    try {
      await action();
      app.clearError("supply");
      return true;
    } catch (e) {
      const error = backend.toApiError(e);
      if (error.code === "session_expired" || error.code === "not_logged_in") app.report("supply", error);
      else this.problems = { [place]: { error, key: null } };
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** What was typed, refused before sending: the problem is kept at `place`. */
  refused<T>(place: Place, read: Read<T>): read is { ok: false; problem: MessageKey } {
    if (read.ok) return false;
    this.clearNews();
    this.problems = { [place]: { error: null, key: read.problem } };
    return true;
  }

  async loadStock(more = false) {
    rememberStockFilters(this.stockFilters);
    await this.act("stock-list", async () => {
      const page = await backend.stockList(stockQuery(this.stockFilters, more ? this.stockNext : null));
      this.stock = more ? [...this.stock, ...page.items] : page.items;
      this.stockNext = page.next;
      if (!more) this.stockDrafts = {};
      this.stockLoaded = true;
    });
  }

  async saveStock(code: string, read: Read<{ onHand: number; available: number }>, place: Place = `stock:${code}`) {
    if (this.refused(place, read)) return;
    const ok = await this.act(place, async () => {
      const now = await backend.setStock(code, read.value.onHand, read.value.available);
      const known = this.stock.some((s) => s.productCode === code);
      if (now) this.stock = known ? this.stock.map((s) => (s.productCode === code ? now : s)) : [now, ...this.stock];
      delete this.stockDrafts[code];
    });
    if (ok) {
      if (place === "track") this.done = "tracked";
      else this.saved = place;
    }
  }

  restoreStock(code: string) {
    delete this.stockDrafts[code];
    delete this.problems[`stock:${code}`];
  }

  async untrack(code: string) {
    this.confirming = null;
    const ok = await this.act(`stock:${code}`, async () => {
      await backend.untrackStock(code);
      this.stock = this.stock.filter((s) => s.productCode !== code);
    });
    if (ok) this.done = "untracked";
  }

  async loadAllocations(more = false) {
    rememberAllocationFilters(this.allocationFilters);
    await this.act("alloc-list", async () => {
      const page = await backend.allocations(allocationQuery(this.allocationFilters, more ? this.allocationsNext : null));
      this.allocations = more ? [...this.allocations, ...page.items] : page.items;
      this.allocationsNext = page.next;
      this.cycleDate = page.cycleDate;
      if (!more) this.quantityDrafts = {};
      this.allocationsLoaded = true;
    });
  }

  /** Reads one customer's product again (what is left, and which row is in force), where its rows were. */
  private async refreshPair(customerCode: string, productCode: string) {
    const query = { ...allocationQuery(this.allocationFilters), customer: customerCode, product: productCode };
    const fresh = (await backend.allocations(query)).items;
    const same = (r: AllocationRecord) => r.customerCode === customerCode && r.productCode === productCode;
    const at = this.allocations.findIndex(same);
    const rest = this.allocations.filter((r) => !same(r));
    this.allocations = at < 0 ? [...fresh, ...rest] : [...rest.slice(0, at), ...fresh, ...rest.slice(at)];
  }

  /** Sets an allocation (from a row's quantity or the add form) and shows its rows as the hub now has them. */
  async allocate(allocation: Read<SetAllocation>, place: Place) {
    if (this.refused(place, allocation)) return;
    const value = allocation.value;
    const ok = await this.act(place, async () => {
      await backend.setAllocation(value);
      await this.refreshPair(value.customerCode, value.productCode);
      delete this.quantityDrafts[allocationKey(value)];
    });
    if (ok) {
      if (place === "allocate") this.done = "allocated";
      else this.saved = place;
    }
  }

  restoreQuantity(key: string) {
    delete this.quantityDrafts[key];
    delete this.problems[`alloc:${key}`];
  }

  async removeAllocation(row: AllocationRecord) {
    this.confirming = null;
    const key = allocationKey(row);
    const ok = await this.act(`alloc:${key}`, async () => {
      await backend.removeAllocation({ customerCode: row.customerCode, productCode: row.productCode, cycleDate: row.cycleDate });
      this.allocations = this.allocations.filter((r) => allocationKey(r) !== key);
      // A standing row it overrode is in force again.
      await this.refreshPair(row.customerCode, row.productCode);
    });
    if (ok) this.done = "removed";
  }
}

export const supply = new Supply();
