// The back office's customers: the hub's list under the current search and status (filtered there), the customer
// open on the right with its users, and what staff just did to it. Passwords and reset codes the hub issues are
// kept only until the next action: they are shown once, to be read out or handed over. Every answer is the hub's
// present state; answers to a search the filters have since moved past are dropped.
import { app } from "../app/app.svelte";
import * as backend from "../backend";
import type { ApiError, Branch, CustomerDetail, CustomerDetails, CustomerSummary, NewCustomer, OrderingSchedule, SetBalance, UserRole } from "../types";
import { lastCustomerFilters, rememberCustomerFilters, toCustomerQuery, type CustomerFilters, type Issued } from "./filters";

/** A search typed into stays quiet this long before the hub is asked. */
const TYPING_PAUSE_MS = 60;
class Customers {
  filters = $state<CustomerFilters>(lastCustomerFilters());
  rows = $state<CustomerSummary[]>([]);
  loading = $state(false);
  /** The search the table answers (for tests and screen readers: the table is current). */
  loadedQuery = $state(0);
  open = $state<CustomerDetail | null>(null);
  /** The new-customer form is open instead of a customer. */
  creating = $state(false);
  branches = $state<Branch[]>([]);
  busy = $state(false);
  /** A refusal of the last action, shown beside its form. */
  actionError = $state<ApiError | null>(null);
  issued = $state<Issued | null>(null);
  /** The last action that went through, for the note beside the form. */
  done = $state<
    "created" | "approved" | "saved" | "schedule" | "balance" | "user" | "reset" | "disabled" | "enabled" | "suspended" | "reactivated" | null
  >(null);
  private query = 0;
  private typing: ReturnType<typeof setTimeout> | null = null;

  reset() {
    this.rows = [];
    this.open = null;
    this.creating = false;
    this.issued = null;
    this.actionError = null;
    this.done = null;
  }

  setFilters(change: Partial<CustomerFilters>, typing = false) {
    this.filters = { ...this.filters, ...change };
    rememberCustomerFilters(this.filters);
    if (this.typing) clearTimeout(this.typing);
    this.typing = null;
    if (typing) this.typing = setTimeout(() => void this.load(), TYPING_PAUSE_MS);
    else void this.load();
  }

  async load() {
    const query = ++this.query;
    this.loading = true;
    try {
      const rows = await backend.customers(toCustomerQuery(this.filters));
      if (query !== this.query) return;
      this.rows = rows;
      this.loadedQuery = query;
      app.clearError("customers");
    } catch (e) {
      if (query === this.query) app.report("customers", e);
    } finally {
      if (query === this.query) this.loading = false;
    }
  }

  async loadBranches() {
    try {
      this.branches = await backend.branches();
    } catch (e) {
      app.report("customers", e);
    }
  }

  private clearNews() {
    this.actionError = null;
    this.issued = null;
    this.done = null;
  }

  async show(code: string) {
    this.clearNews();
    this.creating = false;
    try {
      this.open = await backend.customer(code);
    } catch (e) {
      app.report("customers", e);
    }
  }

  startCreating() {
    this.clearNews();
    this.open = null;
    this.creating = true;
  }

  /** The customer's row shows what the hub now has. */
  private changed(customer: CustomerSummary) {
    const known = this.rows.some((row) => row.code === customer.code);
    this.rows = known ? this.rows.map((row) => (row.code === customer.code ? customer : row)) : [customer, ...this.rows];
    if (this.open?.customer.code === customer.code) this.open = { ...this.open, customer };
  }

  /** Runs one action; a refusal is kept for its form, a lost session goes to the banner. True when it went through. */
  private async act(action: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.clearNews();
    try {
      await action();
      return true;
    } catch (e) {
      const error = backend.toApiError(e);
      if (error.code === "session_expired" || error.code === "not_logged_in") app.report("customers", error);
      else this.actionError = error;
      return false;
    } finally {
      this.busy = false;
    }
  }

  async create(customer: NewCustomer) {
    await this.act(async () => {
      const issued = await backend.createCustomer(customer);
      this.creating = false;
      this.open = await backend.customer(issued.username);
      this.changed(this.open.customer);
      this.issued = { kind: "password", username: issued.username, secret: issued.initialPassword };
      this.done = "created";
    });
  }

  async approve(code: string) {
    await this.act(async () => {
      const approved = await backend.approveCustomer(code);
      if (this.filters.status === "pending") this.rows = this.rows.filter((row) => row.code !== code);
      this.changed(approved);
      this.done = "approved";
    });
  }

  async edit(code: string, details: CustomerDetails) {
    await this.act(async () => {
      this.changed(await backend.editCustomer(code, details));
      this.done = "saved";
    });
  }

  async setSchedule(code: string, schedule: OrderingSchedule) {
    await this.act(async () => {
      this.changed(await backend.setCustomerSchedule(code, schedule));
      this.done = "schedule";
    });
  }

  async setBalance(code: string, balance: SetBalance) {
    await this.act(async () => {
      this.changed(await backend.setCustomerBalance(code, balance));
      this.done = "balance";
    });
  }

  async addUser(code: string, username: string, role: UserRole): Promise<boolean> {
    return this.act(async () => {
      const issued = await backend.addCustomerUser(code, username, role);
      this.open = await backend.customer(code);
      this.issued = { kind: "password", username: issued.username, secret: issued.initialPassword };
      this.done = "user";
    });
  }

  /** 停用 / 启用 one of the open customer's users; the user list shows it. */
  async setUserDisabled(code: string, username: string, disabled: boolean) {
    await this.act(async () => {
      await backend.setUserDisabled(username, disabled);
      this.open = await backend.customer(code);
      this.done = disabled ? "disabled" : "enabled";
    });
  }

  /** 暂停 / 恢复 the customer: none of its users can log in while suspended. */
  async setSuspended(code: string, suspended: boolean) {
    await this.act(async () => {
      this.changed(await backend.setCustomerSuspended(code, suspended));
      this.done = suspended ? "suspended" : "reactivated";
    });
  }

  async issueReset(username: string) {
    await this.act(async () => {
      const issued = await backend.issuePasswordReset(username);
      this.issued = { kind: "resetCode", username: issued.username, secret: issued.token };
      this.done = "reset";
    });
  }
}

export const customers = new Customers();
