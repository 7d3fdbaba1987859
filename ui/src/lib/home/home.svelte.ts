// The Home section's state: the desk status as the hub last described it (this cycle, balance, announcements,
// last cycle's short items), and how far the hub's clock is from this PC's, so countdowns follow the hub.
import * as backend from "../backend";
import { app } from "../app/app.svelte";
import { LatestOnly } from "../async";
import type { HomeStatus } from "../types";
import { clockOffset } from "./cycle";

/** While Home is shown, the status is fetched again this often. */
export const REFRESH_MS = 60_000;

class HomeStore {
  status = $state.raw<HomeStatus | null>(null);
  /** Hub clock − PC clock (ms), measured when a fresh status arrived. */
  offset = $state(0);
  loading = $state(false);
  /** The last fetch failed (the banner says why). */
  failed = $state(false);
  /**
   * The hub could not be reached and the backend answered with the status it last saw (`offline`). Its `now` is
   * when that was, so the clock offset measured at the last live answer is kept (or none, after a restart).
   */
  stale = $state(false);

  private tickets = new LatestOnly();

  async load() {
    const ticket = this.tickets.next();
    this.loading = true;
    try {
      const status = await backend.homeStatus();
      if (!this.tickets.isLatest(ticket)) return;
      if (!status.offline) this.offset = clockOffset(status.now, Date.now());
      this.stale = status.offline;
      this.status = status;
      this.failed = false;
      app.clearError("desk");
    } catch (e) {
      if (!this.tickets.isLatest(ticket)) return;
      this.failed = true;
      app.report("desk", e);
    } finally {
      if (this.tickets.isLatest(ticket)) this.loading = false;
    }
  }

  reset() {
    this.tickets.next(); // answers still on their way are for the previous user
    this.status = null;
    this.offset = 0;
    this.loading = false;
    this.failed = false;
    this.stale = false;
  }
}

export const home = new HomeStore();
