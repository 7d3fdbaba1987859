// The customer list's filters, as the back office remembers them and sends them to the hub, and the edit form's
// starting values. Pure: no state, no calls.
import type { CustomerDetails, CustomerQuery, CustomerSummary } from "../types";

/** The list shows this many at once; a search narrows it. */
export const LIST_LIMIT = 200;
const FILTERS_KEY = "restock.customers.filters";

export type CustomerFilters = { q: string; status: "" | "active" | "pending" | "suspended" };

/** What the hub issued, to show once: a new customer's or user's password, or a reset code. */
export type Issued = { kind: "password" | "resetCode"; username: string; secret: string };

export function toCustomerQuery(filters: CustomerFilters): CustomerQuery {
  const query: CustomerQuery = { limit: String(LIST_LIMIT) };
  if (filters.q.trim()) query.q = filters.q.trim();
  if (filters.status) query.status = filters.status;
  return query;
}

export function lastCustomerFilters(): CustomerFilters {
  try {
    const saved = JSON.parse(localStorage.getItem(FILTERS_KEY) ?? "null") as Partial<CustomerFilters> | null;
    const status = saved?.status === "active" || saved?.status === "pending" || saved?.status === "suspended" ? saved.status : "";
    return { q: typeof saved?.q === "string" ? saved.q : "", status };
  } catch {
    return { q: "", status: "" };
  }
}

export function rememberCustomerFilters(filters: CustomerFilters) {
  try {
    localStorage.setItem(FILTERS_KEY, JSON.stringify(filters));
  } catch {
    // Private mode or a full disk: the filters are a convenience, the list still works.
  }
}

/** The form's text for an edit: what is shown, and what is sent (the core trims and clears empties). */
export function detailsOf(customer: CustomerSummary): CustomerDetails {
  return {
    name: customer.name,
    tier: customer.tier,
    branch: customer.branch,
    contact: customer.contact ?? "",
    phone: customer.phone ?? "",
    address: customer.address ?? "",
  };
}
