// The suppliers this desk has logged in to, as the header's switcher names them.
import type { SessionView, SupplierConnection } from "../types";

/** Whose connection it is, as people name it: the customer's name, or a member of staff's user name. */
export function connectionName(session: SessionView): string {
  return session.account?.customerName ?? session.username;
}

/** The hub's host (and port) for a label: "https://hub.example.com:8443/" → "hub.example.com:8443". */
export function hubLabel(url: string): string {
  try {
    const u = new URL(url);
    return u.host || url;
  } catch {
    return url.replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, "");
  }
}

/** The current one first, then by customer (or staff user) name and hub. */
export function sortSuppliers(list: readonly SupplierConnection[]): SupplierConnection[] {
  return [...list].sort((a, b) => {
    if (a.isCurrent !== b.isCurrent) return a.isCurrent ? -1 : 1;
    const byName = connectionName(a.session).localeCompare(connectionName(b.session));
    return byName !== 0 ? byName : hubLabel(a.session.hubUrl).localeCompare(hubLabel(b.session.hubUrl));
  });
}
