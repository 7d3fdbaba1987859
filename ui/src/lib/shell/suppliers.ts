// The suppliers this desk has logged in to, as the header's switcher names them.
import type { SupplierConnection } from "../types";

/** The hub's host (and port) for a label: "https://hub.example.com:8443/" → "hub.example.com:8443". */
export function hubLabel(url: string): string {
  try {
    const u = new URL(url);
    return u.host || url;
  } catch {
    return url.replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, "");
  }
}

/** The current one first, then by customer name and hub. */
export function sortSuppliers(list: readonly SupplierConnection[]): SupplierConnection[] {
  return [...list].sort((a, b) => {
    if (a.isCurrent !== b.isCurrent) return a.isCurrent ? -1 : 1;
    const byName = a.session.account.customerName.localeCompare(b.session.account.customerName);
    return byName !== 0 ? byName : hubLabel(a.session.hubUrl).localeCompare(hubLabel(b.session.hubUrl));
  });
}
