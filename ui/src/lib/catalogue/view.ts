// The catalogue as a list (the order grid) or as picture tiles; the choice is remembered on this PC.

export type ViewMode = "list" | "tiles";
export const VIEW_KEY = "restock.catalogueView";
export const DEFAULT_VIEW: ViewMode = "list";

type Reader = Pick<Storage, "getItem">;
type Writer = Pick<Storage, "setItem">;

export function isViewMode(value: unknown): value is ViewMode {
  return value === "list" || value === "tiles";
}

/** The remembered choice; the list when there is none (or storage is unavailable). */
export function loadViewMode(storage: Reader | null | undefined): ViewMode {
  try {
    const value = storage?.getItem(VIEW_KEY);
    return isViewMode(value) ? value : DEFAULT_VIEW;
  } catch {
    return DEFAULT_VIEW;
  }
}

/** Remember the choice; false when it could not be stored (it then lasts for this run only). */
export function saveViewMode(storage: Writer | null | undefined, mode: ViewMode): boolean {
  try {
    if (!storage) return false;
    storage.setItem(VIEW_KEY, mode);
    return true;
  } catch {
    return false;
  }
}

export function otherView(mode: ViewMode): ViewMode {
  return mode === "list" ? "tiles" : "list";
}
