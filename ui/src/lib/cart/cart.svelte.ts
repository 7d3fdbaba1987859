// The cart as the backend last described it. Edits and the submit run one after another, in the order the user
// made them, so a quantity typed just before "submit" is in the order, and answers never arrive out of order.
// Before an order goes, the cart is reviewed against today's catalogue: nothing that changed since the buyer set
// a line (price, delisted, gone, quantity now refused) is submitted without being shown and accepted.
import * as backend from "../backend";
import { app } from "../app/app.svelte";
import { SerialQueue } from "../async";
import * as perf from "../perf";
import type {
  ApiError,
  CartLineView,
  CartReview,
  CartView,
  LineProblem,
  Order,
  Product,
  SavedCart,
  SkippedRow,
  StartedCart,
} from "../types";
import { needsReview } from "./review";
import { applyUpdate } from "./update";
import { UndoStack, type QuantityChange } from "./undo";
import { exactProduct, initialQuantity, normalizeCode } from "./codeEntry";
import type { UndoKey } from "../grid/grid";

export type SubmitPhase = "idle" | "reviewing" | "submitting";

/** A cart started from a past order or a list, with the rows it could not take (shown until dismissed). */
export type Started = { cartId: number; name: string; skipped: SkippedRow[] };

/** What the last undo / redo did, for the live region (a new id each time, so the same words are read again). */
export type UndoNews = { id: number; kind: UndoKey; changes: QuantityChange[] | null };

/** What typing a code at the top of the cart did. */
export type CodeResult =
  | { kind: "in_cart"; line: CartLineView }
  | { kind: "added"; product: Product; quantity: number }
  | { kind: "not_found"; code: string }
  | { kind: "delisted"; product: Product }
  | { kind: "failed" };

/** How many products the code look-up asks for (the exact code ranks first; a barcode may match too). */
const CODE_LOOKUP_LIMIT = 50;

/**
 * A request to put the focus in a line's quantity cell (after an undo, or a product typed by code); `fromCodeEntry`:
 * Enter in that cell goes back to the code entry.
 */
export type FocusRequest = { id: number; code: string; fromCodeEntry: boolean };

const EMPTY: CartView = {
  id: 0,
  name: "",
  lines: [],
  adjustments: [],
  total: "0.00",
  lineCount: 0,
  warnings: [],
  changesOrder: null,
};

class CartStore {
  /**
   * Replaced whole on every change, never changed in place: raw state, so reading hundreds of lines after a keystroke
   * goes through no proxies.
   */
  view = $state.raw<CartView>(EMPTY);
  /** Lines by product code, for the catalogue rows. */
  byCode = $derived(new Map<string, CartLineView>(this.view.lines.map((l) => [l.product.code, l])));
  /** What a submit is doing: reviewing the cart against today's catalogue, or sending the order. */
  phase = $state<SubmitPhase>("idle");
  submitting = $derived(this.phase !== "idle");
  /** Changes since the cart was saved, for the buyer to accept before the order goes: the review panel is open. */
  review = $state.raw<CartReview | null>(null);
  /** Whether the last submit changed a reopened order rather than placing a new one. */
  lastWasChange = $state(false);
  /** The order the last submit created, shown until the cart changes again. */
  lastOrder = $state<Order | null>(null);
  /**
   * The cart whose submit just went to the offline queue (the hub could not be reached), until the queue has been
   * listed again (from then on the queue says which carts wait: see `queue.svelte.ts`).
   */
  queuedCartId = $state<number | null>(null);
  /** Per-line problems from the last refused submit, by product code. */
  submitProblems = $state<Map<string, LineProblem>>(new Map());

  /** The saved carts, most recently changed first. */
  saved = $state<SavedCart[]>([]);
  /** A saved-cart action (new, open, rename, duplicate, delete, 再来一单, import) is running. */
  switching = $state(false);
  /** The last cart started from an order or a list, with what it could not take. */
  started = $state<Started | null>(null);

  /** Undo / redo of quantity changes (Ctrl+Z, Ctrl+Y): cleared when another cart becomes active. */
  private history = new UndoStack();
  canUndo = $state(false);
  canRedo = $state(false);
  undoNews = $state<UndoNews | null>(null);
  focusRequest = $state<FocusRequest | null>(null);
  private newsId = 0;

  private queue = new SerialQueue();

  quantityOf(code: string): number {
    return this.byCode.get(code)?.quantity ?? 0;
  }

  /** The problem to show for a product: the cart's own check, else what the hub said at the last submit. */
  problemOf(code: string): LineProblem | null {
    return this.problemOfLine(code, this.byCode.get(code));
  }

  /** `problemOf` for a line already in hand (the grid's rows: reading `byCode` would tie each to every change). */
  problemOfLine(code: string, line: CartLineView | undefined): LineProblem | null {
    return line?.problem ?? this.submitProblems.get(code) ?? null;
  }

  async load() {
    await this.queue.run(async () => {
      try {
        const view = await backend.getCart();
        if (view.id !== this.view.id) this.clearHistory();
        this.view = view;
        app.clearError("cart");
      } catch (e) {
        app.report("cart", e);
      }
      await this.loadSaved();
    });
  }

  /** Refresh the list of saved carts (inside the queue, or on its own). */
  async loadSaved() {
    try {
      this.saved = await backend.listSavedCarts();
      app.clearError("carts");
    } catch (e) {
      app.report("carts", e);
    }
  }

  /** Another cart is now the active one: what was shown about the previous one goes. */
  private switchTo(view: CartView) {
    if (view.id !== this.view.id) this.clearHistory();
    this.view = view;
    this.lastOrder = null;
    this.submitProblems = new Map();
    this.review = null;
  }

  /**
   * Run a saved-cart action after the edits before it, then refresh the list. Resolves to true when it worked;
   * on failure the banner says why (or, with `rethrow`, the caller gets the ApiError to show where it is).
   */
  private cartAction(action: () => Promise<void>, rethrow = false): Promise<boolean> {
    if (this.phase !== "idle" || this.switching) return Promise.resolve(false);
    this.switching = true;
    return this.queue.run(async () => {
      try {
        await action();
        app.clearError("carts");
        return true;
      } catch (e) {
        if (rethrow) throw backend.toApiError(e);
        app.report("carts", e);
        return false;
      } finally {
        await this.loadSaved();
        this.switching = false;
      }
    });
  }

  newCart(name: string): Promise<boolean> {
    return this.cartAction(async () => this.switchTo(await backend.newCart(name)));
  }

  openCart(cartId: number): Promise<boolean> {
    return this.cartAction(async () => this.switchTo(await backend.openCart(cartId)));
  }

  renameCart(cartId: number, name: string): Promise<boolean> {
    return this.cartAction(async () => {
      await backend.renameCart(cartId, name);
      if (this.view.id === cartId) this.view = { ...this.view, name };
      if (this.started?.cartId === cartId) this.started = { ...this.started, name };
    });
  }

  duplicateCart(cartId: number, name: string): Promise<boolean> {
    return this.cartAction(async () => this.switchTo(await backend.duplicateCart(cartId, name)));
  }

  deleteCart(cartId: number): Promise<boolean> {
    return this.cartAction(async () => {
      await backend.deleteCart(cartId);
      if (this.started?.cartId === cartId) this.started = null;
      this.switchTo(await backend.getCart());
    });
  }

  /** 再来一单: a new active cart with a past order's lines; the rows it could not take are kept in `started`. */
  reorder(orderId: string): Promise<boolean> {
    return this.cartAction(async () => this.begin(await backend.reorder(orderId)));
  }

  /** 修改订单: an order reopened in the grid as the active cart; submitting it changes that order. */
  changeOrder(orderId: string): Promise<boolean> {
    return this.cartAction(async () => this.begin(await backend.changeOrderInGrid(orderId)));
  }

  /** A new active cart from a pasted list; rejects with the ApiError for the import dialog to show. */
  importList(cartName: string, text: string): Promise<boolean> {
    return this.cartAction(async () => this.begin(await backend.importList(cartName, text)), true);
  }

  importFile(cartName: string, fileName: string, bytes: Uint8Array): Promise<boolean> {
    return this.cartAction(async () => this.begin(await backend.importFile(cartName, fileName, Array.from(bytes))), true);
  }

  private begin(result: StartedCart) {
    this.switchTo(result.cart);
    this.started = { cartId: result.cart.id, name: result.cart.name, skipped: result.skipped };
  }

  /** The hub changed an order (e.g. 决定购买): if it is the one the last submit created, show it as it is now. */
  orderChanged(order: Order) {
    if (this.lastOrder?.orderId === order.orderId) this.lastOrder = order;
  }

  /** The offline queue was listed: from now on it tells which cart's order waits. */
  queueListed() {
    this.queuedCartId = null;
  }

  dismissStarted() {
    this.started = null;
  }

  /**
   * Set a line's quantity (0 removes it); the change can be undone. Resolves to false when the backend refused;
   * the banner says why.
   */
  setQuantity(code: string, quantity: number): Promise<boolean> {
    return this.queue.run(() => this.apply(code, quantity, true));
  }

  /** Inside the queue: set the quantity, and remember the change for undo when `record`. */
  private async apply(code: string, quantity: number, record: boolean): Promise<boolean> {
    const before = this.byCode.get(code);
    const from = before?.quantity ?? 0;
    try {
      const update = await backend.setCartQuantity(code, quantity);
      perf.answered(true);
      const view = applyUpdate(this.view, update) ?? (await backend.getCart());
      if (record) {
        const name = (before ?? view.lines.find((l) => l.product.code === code))?.product.name ?? code;
        this.history.record({ code, name, from, to: quantity });
        this.syncHistory();
      }
      this.view = view;
      void perf.shown();
      this.lastOrder = null;
      if (this.submitProblems.has(code)) {
        const rest = new Map(this.submitProblems);
        rest.delete(code);
        this.submitProblems = rest;
      }
      app.clearError("cart");
      return true;
    } catch (e) {
      perf.answered(false);
      app.report("cart", e);
      return false;
    }
  }

  /**
   * Undo (or redo) the last quantity change(s), after the edits queued before. Resolves to the changes made (null:
   * nothing to undo / redo); each is announced, and in the cart the changed line gets the focus.
   */
  undoRedo(kind: UndoKey): Promise<QuantityChange[] | null> {
    if (this.phase !== "idle" || this.switching) return Promise.resolve(null);
    return this.queue.run(async () => {
      const changes = kind === "undo" ? this.history.undo() : this.history.redo();
      this.syncHistory();
      if (changes) {
        for (const change of changes) {
          if (!(await this.apply(change.code, change.to, false))) break;
        }
        this.requestFocus(changes[changes.length - 1].code, false);
      }
      this.undoNews = { id: ++this.newsId, kind, changes };
      return changes;
    });
  }

  /**
   * A product code (or barcode) typed at the top of the cart: a line already there is pointed at; otherwise the
   * product goes in with the smallest quantity the rules take (its pack multiple, or the minimum). Either way the
   * line's quantity cell is asked for the focus, with Enter there coming back to the code entry.
   */
  async addByCode(text: string): Promise<CodeResult> {
    const code = normalizeCode(text);
    const here = exactProduct(this.view.lines.map((l) => l.product), code);
    if (here) {
      const line = this.byCode.get(here.code)!;
      this.requestFocus(here.code, true);
      return { kind: "in_cart", line };
    }
    let product: Product | null;
    try {
      product = exactProduct(
        await backend.findProducts({
          text: code,
          category: null,
          brand: null,
          origin: null,
          minPrice: null,
          maxPrice: null,
          sort: "relevance",
          limit: CODE_LOOKUP_LIMIT,
        }),
        code,
      );
    } catch (e) {
      app.report("search", e);
      return { kind: "failed" };
    }
    if (!product) return { kind: "not_found", code };
    if (product.status === "delisted") return { kind: "delisted", product };
    const existing = this.byCode.get(product.code);
    if (existing) {
      this.requestFocus(product.code, true);
      return { kind: "in_cart", line: existing };
    }
    const quantity = initialQuantity(product);
    if (!(await this.setQuantity(product.code, quantity))) return { kind: "failed" };
    this.requestFocus(product.code, true);
    return { kind: "added", product, quantity };
  }

  /** Ask the screen showing the line to focus its quantity cell. */
  requestFocus(code: string, fromCodeEntry: boolean) {
    this.focusRequest = { id: ++this.newsId, code, fromCodeEntry };
  }

  private syncHistory() {
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
  }

  private clearHistory() {
    this.history.clear();
    this.syncHistory();
    this.undoNews = null;
  }

  /**
   * Submit the cart. It is first reviewed against today's catalogue: with changes, the review panel opens
   * (`review` is set) and nothing is sent until the buyer accepts them; without, the order goes. Resolves to the
   * order, or null when none was placed (refused: the banner says why; or waiting on the review).
   */
  submit(): Promise<Order | null> {
    if (this.phase !== "idle" || this.review) return Promise.resolve(null);
    this.phase = "reviewing";
    return this.queue.run(async () => {
      try {
        app.clearError("cart");
        const review = await this.fetchReview();
        if (needsReview(review)) {
          this.review = review;
          return null;
        }
        return await this.send();
      } catch (e) {
        this.refused(e);
        return null;
      } finally {
        await this.refresh();
        this.phase = "idle";
      }
    });
  }

  /** The buyer accepts the review: today's prices, delisted and removed lines out of the cart; then the order goes. */
  acceptReview(): Promise<Order | null> {
    const shown = this.review;
    if (this.phase !== "idle" || !shown) return Promise.resolve(null);
    this.phase = "submitting";
    return this.queue.run(async () => {
      try {
        app.clearError("cart");
        this.view = await backend.acceptReview();
        this.clearHistory(); // delisted and removed lines left the cart: their old quantities cannot come back
        return await this.send();
      } catch (e) {
        this.refused(e);
        return null;
      } finally {
        // Close the panel, unless the submit was refused for new changes and it now shows those.
        if (this.review === shown) this.review = null;
        await this.refresh();
        this.phase = "idle";
      }
    });
  }

  /** Back to the cart without accepting: nothing changes. */
  cancelReview() {
    if (this.phase === "idle") this.review = null;
  }

  /** Review the cart; the backend refreshes the catalogue from the hub first (unless it is unreachable). */
  private async fetchReview(): Promise<CartReview> {
    const review = await backend.reviewCart();
    if (!review.offline) app.catalogueVersion += 1; // the catalogue was synced: views showing it reload
    return review;
  }

  /**
   * Send the cart as an order (inside the queue). Refused for changes not yet reviewed: open the review. When the
   * hub cannot be reached the backend keeps the order in its offline queue and sends it (once) later: that is not
   * an error to show, the cart screen says it is queued (`queuedCartId`).
   */
  private async send(): Promise<Order | null> {
    this.phase = "submitting";
    const cartId = this.view.id;
    const change = this.view.changesOrder !== null;
    try {
      const order = await backend.submitCart();
      this.lastOrder = order;
      this.lastWasChange = change;
      this.submitProblems = new Map();
      this.clearHistory();
      this.view = EMPTY;
      if (this.queuedCartId === cartId) this.queuedCartId = null;
      return order;
    } catch (e) {
      const error: ApiError = backend.toApiError(e);
      // A new order waits in the offline queue; a change to a placed order is not queued (it may be past the
      // cutoff by the time it goes): the cart stays as typed and the banner says the hub is unreachable.
      if (error.code === "hub_unreachable" && !this.view.changesOrder) {
        this.queuedCartId = cartId;
        this.lastOrder = null;
        this.submitProblems = new Map();
        app.clearError("cart");
        return null;
      }
      // The desk (cart_changed) or the hub (price_changed) saw prices move: show the review.
      if (error.code === "cart_changed" || error.code === "price_changed") {
        const review = await this.fetchReview().catch(() => null);
        if (review && needsReview(review)) {
          this.review = review;
          return null;
        }
      }
      throw error;
    }
  }

  private refused(e: unknown) {
    const error: ApiError = backend.toApiError(e);
    this.submitProblems = new Map((error.lines ?? []).map((p) => [p.productCode, p]));
    app.report("cart", error);
  }

  /** The backend's word on what is left in the cart, whatever happened. */
  private async refresh() {
    try {
      this.view = await backend.getCart();
    } catch {
      // Keep what we have; the next edit refreshes it.
    }
    await this.loadSaved();
  }

  reset() {
    this.clearHistory();
    this.focusRequest = null;
    this.view = EMPTY;
    this.lastOrder = null;
    this.queuedCartId = null;
    this.submitProblems = new Map();
    this.review = null;
    this.saved = [];
    this.started = null;
    this.switching = false;
  }
}

export const cart = new CartStore();
