// Every call to the Rust side goes through this module. Commands take one camelCase argument object and reject
// with an ApiError; anything else that comes back as a rejection is turned into one, so callers handle one shape.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type {
  ApprovalRule,
  CartUpdate,
  ApiError,
  AppInfo,
  CartReview,
  CartView,
  DeskStatus,
  ErrorCode,
  Order,
  Product,
  Promotion,
  QueuedOrder,
  QueueReport,
  SavedCart,
  SearchQuery,
  SessionView,
  StartedCart,
  SyncProgress,
  SupplierConnection,
  SyncReport,
} from "./types";

/** True inside the Tauri webview; false in a plain browser (e.g. `vite` opened without the app). */
export function hasBackend(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/** Is this value an ApiError as the backend sends it? */
export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string";
}

/** Turn whatever a failed call produced into an ApiError. */
export function toApiError(value: unknown): ApiError {
  if (isApiError(value)) return value;
  if (typeof value === "string") return { code: "internal", message: value };
  if (value instanceof Error) return { code: "internal", message: value.message };
  return { code: "internal", message: String(value) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  if (!hasBackend()) {
    const code: ErrorCode = "internal";
    throw {
      code,
      message: `Restock's backend is not available: "${command}" can only run inside the desktop app (Tauri), not in a plain browser.`,
    } satisfies ApiError;
  }
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const appInfo = () => call<AppInfo>("app_info");

/** The session saved by a previous run, if it is still there. */
export const currentSession = () => call<SessionView | null>("current_session");

export const login = (hubUrl: string, username: string, password: string) =>
  call<SessionView>("login", { hubUrl, username, password });

export const logout = () => call<null>("logout");

/**
 * Every supplier this desk has logged in to (one at a time is current). `loggedIn` false: its session token is
 * gone, so switching to it needs a new login. Logging in to another hub (`login`) adds one and makes it current.
 */
export const listSuppliers = () => call<SupplierConnection[]>("list_suppliers");

/**
 * Make another supplier current; its catalogue, carts and orders are its own. Refused with `not_logged_in` when
 * its token is gone (nothing changes then: log in to it again).
 */
export const switchSupplier = (connectionId: number) => call<SessionView>("switch_supplier", { connectionId });

/**
 * Replace the password (an issued one must be, before anything else works: until then every other command is
 * refused with `password_change_required`). Refused with `invalid_credentials` (the current password is wrong) or
 * `password_too_weak` (the message names the rule). Resolves to the session, now with `mustChangePassword` false.
 */
export const changePassword = (currentPassword: string, newPassword: string) =>
  call<SessionView>("change_password", { currentPassword, newPassword });

/** Pull the supplier's catalogue into the local store. */
export const syncCatalogue = () => call<SyncReport>("sync_catalogue");

/**
 * Search with filters (category, brand, origin, price band: exact decimal strings) and a sort order. An empty text
 * lists the whole catalogue (up to `limit`; 0 means 200).
 */
export const findProducts = (query: SearchQuery) => call<Product[]>("find_products", { query });

/** A product's picture as a `data:` URL (cached on this PC by the core), or null when it has none. */
export const productImage = (productCode: string) => call<string | null>("product_image", { productCode });

/** The supplier's promotions for this customer, as of the last catalogue sync. */
export const promotions = () => call<Promotion[]>("promotions");

/** An empty query lists the first products by code. */
export const searchProducts = (query: string, limit: number) =>
  call<Product[]>("search_products", { query, limit });

export const getCart = () => call<CartView>("get_cart");

/** Quantity 0 removes the line. */
/** The changed line and the cart's totals (the whole cart only when a line was removed). */
export const setCartQuantity = (productCode: string, quantity: number) =>
  call<CartUpdate>("set_cart_quantity", { productCode, quantity });

/**
 * Everything that changed in the cart since its lines were set (prices, delisted or removed products, quantities
 * now refused), after refreshing the catalogue from the hub (`offline`: the hub could not be reached and the last
 * synced catalogue was used).
 */
export const reviewCart = () => call<CartReview>("review_cart");

/** Accept the review: today's prices are taken, delisted and removed lines leave the cart. */
export const acceptReview = () => call<CartView>("accept_review");

/**
 * Submit the cart as an order; on success the cart is empty. When the hub cannot be reached (`hub_unreachable`)
 * the order is not lost: it waits in the offline queue (see `queuedOrders`, `sendQueued`) and the cart keeps its
 * lines until the hub has it. Refused with `cart_changed` while the cart has changes
 * the buyer has not accepted (see `reviewCart` / `acceptReview`).
 */
export const submitCart = () => call<Order>("submit_cart");

/** The offline queue, oldest first: orders waiting for the hub, and those it refused when they were sent. */
export const queuedOrders = () => call<QueuedOrder[]>("queued_orders");

/**
 * Send every waiting order, each exactly once however often this is called. `waiting` > 0 in the report means the
 * hub is still away (not an error); the sent orders' lines have left their carts.
 */
export const sendQueued = () => call<QueueReport>("send_queued");

/** Forget a refused queued order once the buyer has seen why (its cart is still there to fix and submit again). */
export const dismissQueued = (orderId: string) => call<null>("dismiss_queued", { orderId });

/** Newest first. */
export const listOrders = () => call<Order[]>("list_orders");

/**
 * The Home section: this cycle (open or closed, its orders), the balance, announcements and last cycle's short
 * items, with the hub's clock (`now`). When the hub cannot be reached, the status last seen in this session (its
 * `now` tells how old it is); with none seen yet, rejects (e.g. `hub_unreachable`).
 */
export const deskStatus = () => call<DeskStatus>("desk_status");

/**
 * 决定购买: a `saved` order becomes `submitted`. Refused with `cutoff_passed` (the message names the next ordering
 * day), `order_locked` (voided or cancelled), `order_rejected` (per-line problems) or `insufficient_balance`.
 */
export const confirmOrder = (orderId: string) => call<Order>("confirm_order", { orderId });
/** The company's approver (审批): approve a buyer's waiting order, or decline it with a reason. */
export const approveOrder = (orderId: string) => call<Order>("approve_order", { orderId });
export const declineOrder = (orderId: string, reason: string) => call<Order>("decline_order", { orderId, reason });
/** The approver sets the company's approval limit ("5000.00"), or clears it (null). */
export const setApprovalLimit = (approvalOver: string | null) =>
  call<ApprovalRule>("set_approval_limit", { approvalOver });

/** Cancel an order before its cutoff: it becomes `cancelled`. Refused with `cutoff_passed` or `order_locked`. */
export const cancelOrder = (orderId: string) => call<Order>("cancel_order", { orderId });

/** The saved carts, most recently changed first; one of them is active (the one `getCart` and edits work on). */
export const listSavedCarts = () => call<SavedCart[]>("list_saved_carts");

/** Start a new empty cart; it becomes the active one. */
export const newCart = (name: string) => call<CartView>("new_cart", { name });

/** Make a saved cart the active one. */
export const openCart = (cartId: number) => call<CartView>("open_cart", { cartId });

export const renameCart = (cartId: number, name: string) => call<null>("rename_cart", { cartId, name });

/** Copy a saved cart under a new name; the copy becomes the active one. */
export const duplicateCart = (cartId: number, name: string) => call<CartView>("duplicate_cart", { cartId, name });

/** Delete a saved cart; another one becomes active. */
export const deleteCart = (cartId: number) => call<null>("delete_cart", { cartId });

/** 再来一单: a new active cart with a past order's lines, and the lines that could not be put in it. */
export const reorder = (orderId: string) => call<StartedCart>("reorder", { orderId });

/**
 * A new active cart from a pasted list or a CSV file's text: one "code quantity" per row (tab, comma, semicolon or
 * space separated; a header row is allowed), and the rows that could not be put in it.
 */
export const importList = (cartName: string, text: string) => call<StartedCart>("import_list", { cartName, text });
/** An xlsx (or CSV) file's bytes, read by the core. */
export const importFile = (cartName: string, fileName: string, bytes: number[]) =>
  call<StartedCart>("import_file", { cartName, fileName, bytes });

/** Pin (or unpin) a product as usual (常用): usual products rank first in search. */
export const setUsualProduct = (productCode: string, usual: boolean) =>
  call<null>("set_usual_product", { productCode, usual });

/** Calls `handler` with each sync progress report (at most ten a second); returns how to stop listening. */
export async function onSyncProgress(handler: (progress: SyncProgress) => void): Promise<() => void> {
  if (!hasBackend()) return () => {};
  return listen<SyncProgress>("sync-progress", (event) => handler(event.payload));
}
