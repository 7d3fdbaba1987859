// Keys every modal dialog shares: Escape closes it, Tab and Shift+Tab cycle inside it.
import { cycleFocus } from "./grid";

/** The enabled controls inside a dialog, in document order. */
export function focusablesIn(root: HTMLElement | null | undefined): HTMLElement[] {
  if (!root) return [];
  return [...root.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, [tabindex="0"]')].filter(
    (el) => !(el as HTMLButtonElement).disabled,
  );
}

/** Handles Escape and Tab for a modal dialog; returns whether the key was one of them. */
export function handleDialogKey(event: KeyboardEvent, root: HTMLElement | null | undefined, close: () => void): boolean {
  if (event.key === "Escape") {
    event.preventDefault();
    event.stopPropagation();
    close();
    return true;
  }
  if (event.key === "Tab") {
    const items = focusablesIn(root);
    const next = cycleFocus(items.indexOf(document.activeElement as HTMLElement), items.length, event.shiftKey);
    event.preventDefault();
    if (next !== null) items[next].focus();
    return true;
  }
  return false;
}
