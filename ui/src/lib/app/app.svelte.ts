// Application-wide state: who is logged in, the catalogue sync, the current section, and the error banner.
import * as backend from "../backend";
import type { MessageKey } from "../i18n/messages";
import type { ApiError, AppInfo, SessionView, SupplierConnection } from "../types";

/** `signup` and `reset`: the login screen's other forms (a new customer's sign-up, a reset code). */
/** `password`: logged in with a password the supplier issued, which must be changed before anything else works. */
export type Phase = "starting" | "login" | "signup" | "reset" | "password" | "main";
export type Section = "home" | "catalogue" | "cart" | "orders";
/** In this order in the header, on Alt+1 … Alt+4. Home comes first and is shown after login. */
export const SECTIONS: readonly Section[] = ["home", "catalogue", "cart", "orders"];

export type SyncState =
  | { state: "idle" }
  | { state: "running" }
  | { state: "done"; products: number }
  | { state: "failed" };

/** An error shown in the banner, with where it came from so that the next success there can clear it. */
export type BannerError = { source: string; error: ApiError };

/** Logging in to one more supplier (or again to one whose session is gone) while staying logged in to this one. */
export type Adding = { hubUrl: string; username: string };

const HUB_URL_KEY = "restock.lastHubUrl";

/** Errors after which the only way on is to log in again. */
const SESSION_LOST = new Set<string>(["session_expired", "not_logged_in"]);

class AppState {
  phase = $state<Phase>("starting");
  info = $state<AppInfo | null>(null);
  session = $state<SessionView | null>(null);
  section = $state<Section>("home");
  sync = $state<SyncState>({ state: "idle" });
  /** Bumped after each successful sync, so that views showing catalogue data reload it. */
  catalogueVersion = $state(0);
  banner = $state<BannerError | null>(null);
  /** An error to show on the login form (e.g. why the session ended, or that start-up failed). */
  loginError = $state<ApiError | null>(null);
  /**
   * Bumped whenever another supplier connection becomes current (login, switch): the logged-in screens are built
   * afresh for it (their stores are reset), as after a logout and login.
   */
  connection = $state(0);
  /** What the login form says above its fields after a sign-up or a reset (a message key), and the name to fill in. */
  loginNote = $state<MessageKey | null>(null);
  accountPrefill = $state("");
  /** The login form is open to add a supplier (or log in to one again) while this session stays. */
  adding = $state<Adding | null>(null);
  /** The suppliers this desk has logged in to, as last listed. */
  suppliers = $state<SupplierConnection[]>([]);
  /** A switch to another supplier is under way. */
  switching = $state(false);
  /** Put the focus on the supplier switcher once the screens are built again after a switch. */
  focusSwitcher = false;
  private syncRun = 0;

  /** The session is a member of the supplier's staff's: the back office, not the order desk. */
  get isStaff(): boolean {
    return !!this.session && !this.session.account;
  }

  /** The hub address to prefill: the last one used here, else the one the app was configured with. */
  get suggestedHubUrl(): string {
    if (this.adding) return this.adding.hubUrl;
    let last: string | null = null;
    try {
      last = localStorage.getItem(HUB_URL_KEY);
    } catch {
      last = null;
    }
    return this.info?.defaultHubUrl || last || "";
  }

  async start() {
    try {
      this.info = await backend.appInfo();
      const session = await backend.currentSession();
      if (session) {
        this.enter(session);
      } else {
        this.phase = "login";
      }
    } catch (e) {
      this.loginError = backend.toApiError(e);
      this.phase = "login";
    }
  }

  /**
   * Replace the password (from the change-password screen). On success the app opens; rejects with an ApiError for
   * the form to show, except when the session is gone: then the login form says why.
   */
  async changePassword(currentPassword: string, newPassword: string) {
    let session: SessionView;
    try {
      session = await backend.changePassword(currentPassword, newPassword);
    } catch (e) {
      const error = backend.toApiError(e);
      if (SESSION_LOST.has(error.code)) {
        this.loginError = error;
        this.leave();
        return;
      }
      throw error;
    }
    this.enter({ ...session, mustChangePassword: false });
  }

  /** Log in; rejects with an ApiError for the form to show. */
  async login(hubUrl: string, username: string, password: string) {
    const session = await backend.login(hubUrl, username, password);
    this.adding = null;
    this.connection += 1;
    try {
      localStorage.setItem(HUB_URL_KEY, session.hubUrl || hubUrl);
    } catch {
      // Not remembering the address is no reason to fail a login.
    }
    this.loginError = null;
    this.loginNote = null;
    this.enter(session);
  }

  async logout() {
    try {
      await backend.logout();
    } catch (e) {
      // Leave the screen anyway: the user asked to go. Say what failed on the login screen.
      this.loginError = backend.toApiError(e);
    }
    this.leave();
  }

  /** List the suppliers (for the switcher); failures go to the banner. */
  async loadSuppliers() {
    try {
      this.suppliers = await backend.listSuppliers();
      this.clearError("suppliers");
    } catch (e) {
      this.report("suppliers", e);
    }
  }

  /**
   * Make another supplier current: the screens start afresh for it (cart, catalogue, orders, Home), as after a
   * login, and its catalogue is synced. One whose session is gone opens the login form for it instead (this
   * session stays until that login succeeds).
   */
  async switchSupplier(connection: SupplierConnection) {
    if (connection.isCurrent || this.switching) return;
    if (!connection.loggedIn) {
      this.addSupplier({ hubUrl: connection.session.hubUrl, username: connection.session.username });
      return;
    }
    this.switching = true;
    try {
      const session = await backend.switchSupplier(connection.id);
      this.connection += 1;
      this.focusSwitcher = true;
      this.enter(session);
    } catch (e) {
      const error = backend.toApiError(e);
      if (SESSION_LOST.has(error.code)) {
        // Its token is gone: nothing changed here; log in to it again.
        this.addSupplier({ hubUrl: connection.session.hubUrl, username: connection.session.username });
      } else {
        this.report("suppliers", error);
      }
    } finally {
      this.switching = false;
    }
  }

  /** Open the login form for another supplier (empty, or for one to log in to again); this session stays. */
  addSupplier(prefill: Adding = { hubUrl: "", username: "" }) {
    if (!this.session) return;
    this.adding = { ...prefill };
    this.loginError = null;
    this.banner = null;
    this.phase = "login";
  }

  /** Open the sign-up or reset-code form from the login form, with the user name typed there. */
  openAccountForm(phase: "signup" | "reset", username: string) {
    this.accountPrefill = username;
    this.loginNote = null;
    this.loginError = null;
    this.phase = phase;
  }

  /** Back to the login form from the sign-up or reset form: with the user name, and what was done (if anything). */
  backToLogin(username: string, note: MessageKey | null) {
    this.accountPrefill = username;
    this.loginNote = note;
    this.phase = "login";
  }

  /** Back from the login form to the supplier still current. */
  cancelAdding() {
    this.adding = null;
    this.loginError = null;
    if (this.session) this.phase = this.session.mustChangePassword ? "password" : "main";
  }

  private enter(session: SessionView) {
    this.session = session;
    this.section = "home";
    this.banner = null;
    if (session.mustChangePassword) {
      this.phase = "password";
      return;
    }
    this.phase = "main";
    // The back office works against the hub's present state; only the order desk keeps a catalogue here.
    if (!this.isStaff) void this.syncCatalogue();
  }

  /** The backend refused a command until the issued password is changed: show the change-password screen. */
  private requirePasswordChange() {
    if (this.session) this.session = { ...this.session, mustChangePassword: true };
    this.banner = null;
    this.phase = "password";
  }

  private leave() {
    this.session = null;
    this.adding = null;
    this.suppliers = [];
    this.banner = null;
    this.sync = { state: "idle" };
    this.phase = "login";
  }

  async syncCatalogue() {
    // One sync at a time per supplier; a sync for the supplier before a switch no longer counts.
    if (this.sync.state === "running" && this.syncRun === this.connection) return;
    const run = (this.syncRun = this.connection);
    this.sync = { state: "running" };
    try {
      const report = await backend.syncCatalogue();
      if (run !== this.connection) return;
      this.sync = { state: "done", products: report.products };
      this.catalogueVersion += 1;
      this.clearError("sync");
    } catch (e) {
      if (run !== this.connection) return;
      this.sync = { state: "failed" };
      this.report("sync", e);
    }
  }

  go(section: Section) {
    this.section = section;
  }

  /**
   * Show a failed call's error. A lost session sends the user back to the login form with the reason; a password
   * still to be changed (`password_change_required`) opens the change-password screen; anything else goes to the
   * banner. Late answers to calls made before the screen changed are not shown over it.
   */
  report(source: string, e: unknown) {
    const error = backend.toApiError(e);
    if (this.phase !== "main") {
      if (this.phase === "password" && SESSION_LOST.has(error.code)) {
        this.loginError = error;
        this.leave();
      }
      return;
    }
    if (SESSION_LOST.has(error.code)) {
      this.loginError = error;
      this.leave();
      return;
    }
    if (error.code === "password_change_required") {
      this.requirePasswordChange();
      return;
    }
    this.banner = { source, error };
  }

  /** A success from `source` makes its earlier error stale. */
  clearError(source: string) {
    if (this.banner?.source === source) this.banner = null;
  }

  dismissError() {
    this.banner = null;
  }
}

export const app = new AppState();
