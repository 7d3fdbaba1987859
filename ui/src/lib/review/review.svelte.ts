// The back office's order review: the hub's queue under the current filters (paged by the hub), the orders ticked
// for a bulk approval, and the order open on the right with its lines. Every answer is the hub's present state;
// answers to a query the filters have since moved past are dropped.
import { app } from "../app/app.svelte";
import * as backend from "../backend";
import type { ApiError, CustomerOrder, LineCut, ReviewOrderDetail, ReviewQueueOrder } from "../types";
import { lastFilters, rememberFilters, removeFilter, saveFilter, savedFilters, toQuery, type ReviewFilters, type SavedFilter } from "./filters";

/** A filter typed into stays quiet this long before the hub is asked (a keystroke each ~100 ms does not queue). */
const TYPING_PAUSE_MS = 60;

class Review {
  filters = $state<ReviewFilters>(lastFilters());
  saved = $state<SavedFilter[]>(savedFilters());
  rows = $state<ReviewQueueOrder[]>([]);
  next = $state<string | null>(null);
  loading = $state(false);
  /** The query in the table answered it (for tests and screen readers: the table is current). */
  loadedQuery = $state(0);
  selected = $state<string[]>([]);
  open = $state<ReviewOrderDetail | null>(null);
  deciding = $state(false);
  /** A refusal of a decision, shown beside the decision buttons. */
  decisionError = $state<ApiError | null>(null);
  /** What a bulk approval did: how many were approved, and the refusals by order number. */
  bulkNews = $state<{ approved: number; refused: { orderNumber: string; error: ApiError }[] } | null>(null);
  private query = 0;
  private typing: ReturnType<typeof setTimeout> | null = null;

  reset() {
    this.rows = [];
    this.next = null;
    this.selected = [];
    this.open = null;
    this.bulkNews = null;
    this.decisionError = null;
  }

  /** Filters changed: remembered, and the first page asked for (after a short pause while typing). */
  setFilters(change: Partial<ReviewFilters>, typing = false) {
    this.filters = { ...this.filters, ...change };
    rememberFilters(this.filters);
    if (this.typing) clearTimeout(this.typing);
    this.typing = null;
    if (typing) this.typing = setTimeout(() => void this.load(), TYPING_PAUSE_MS);
    else void this.load();
  }

  useSaved(name: string) {
    const found = this.saved.find((s) => s.name === name);
    if (found) this.setFilters(found.filters);
  }

  saveAs(name: string) {
    this.saved = saveFilter(this.saved, name, this.filters);
  }

  forget(name: string) {
    this.saved = removeFilter(this.saved, name);
  }

  /** The first page under the current filters. */
  async load() {
    const query = ++this.query;
    this.loading = true;
    try {
      const page = await backend.reviewQueue(toQuery(this.filters));
      if (query !== this.query) return;
      this.rows = page.orders;
      this.next = page.next;
      this.selected = this.selected.filter((id) => page.orders.some((o) => o.orderId === id));
      this.loadedQuery = query;
      app.clearError("review");
    } catch (e) {
      if (query === this.query) app.report("review", e);
    } finally {
      if (query === this.query) this.loading = false;
    }
  }

  async loadMore() {
    if (!this.next || this.loading) return;
    const query = this.query;
    this.loading = true;
    try {
      const page = await backend.reviewQueue(toQuery(this.filters, this.next));
      if (query !== this.query) return;
      this.rows = [...this.rows, ...page.orders];
      this.next = page.next;
    } catch (e) {
      app.report("review", e);
    } finally {
      if (query === this.query) this.loading = false;
    }
  }

  toggle(orderId: string) {
    this.selected = this.selected.includes(orderId) ? this.selected.filter((id) => id !== orderId) : [...this.selected, orderId];
  }

  async show(orderId: string) {
    this.decisionError = null;
    try {
      this.open = await backend.reviewOrder(orderId);
    } catch (e) {
      app.report("review", e);
    }
  }

  /** The decided order's row shows its new state; the open order too, then fetched again (its stock, balance and
   * level have moved with the decision). */
  private decided(order: CustomerOrder) {
    const o = order.order;
    this.rows = this.rows.map((row) =>
      row.orderId === o.orderId ? { ...row, status: o.status, total: o.total, branchApproved: o.status === "submitted" ? true : row.branchApproved } : row,
    );
    if (this.open?.order.orderId === o.orderId) {
      this.open = { ...this.open, order: o };
      void this.show(o.orderId);
    }
  }

  async approve(orderId: string) {
    await this.decide(() => backend.approveReview(orderId));
  }

  async reject(orderId: string, reason: string) {
    await this.decide(() => backend.rejectReview(orderId, reason));
  }

  /** 削减: each line to its new quantity (0 takes it off), with the reason the customer reads. */
  async cut(orderId: string, lines: LineCut[], reason: string): Promise<boolean> {
    return this.decide(() => backend.cutOrder(orderId, lines, reason));
  }

  /** 取消 for the customer, with the reason they read. */
  async cancel(orderId: string, reason: string): Promise<boolean> {
    return this.decide(() => backend.cancelForCustomer(orderId, reason));
  }

  /** Whether the hub took the decision (else `decisionError` says why). */
  private async decide(call: () => Promise<CustomerOrder>): Promise<boolean> {
    if (this.deciding) return false;
    this.deciding = true;
    this.decisionError = null;
    try {
      this.decided(await call());
      return true;
    } catch (e) {
      const error = backend.toApiError(e);
      if (error.code === "session_expired" || error.code === "not_logged_in") app.report("review", error);
      else this.decisionError = error;
      return false;
    } finally {
      this.deciding = false;
    }
  }

  async approveSelected() {
    if (this.deciding || this.selected.length === 0) return;
    this.deciding = true;
    try {
      const outcomes = await backend.approveReviews(this.selected);
      const refused: { orderNumber: string; error: ApiError }[] = [];
      for (const outcome of outcomes) {
        if (outcome.order) this.decided(outcome.order);
        else if (outcome.error) {
          const row = this.rows.find((r) => r.orderId === outcome.orderId);
          refused.push({ orderNumber: row?.orderNumber ?? outcome.orderId, error: outcome.error });
        }
      }
      this.bulkNews = { approved: outcomes.length - refused.length, refused };
      this.selected = [];
    } catch (e) {
      app.report("review", e);
    } finally {
      this.deciding = false;
    }
  }
}

export const review = new Review();
