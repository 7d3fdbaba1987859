// The back office's prices and promotions: the hub's price rules and promotions, the one being edited (or a new one)
// in the side form, and what the last action did. A refusal stays beside the form it came from; a lost session goes
// to the banner. Every answer is the hub's present state: a saved, ended or deleted row is replaced from it.
import { app } from "../app/app.svelte";
import * as backend from "../backend";
import type { MessageKey } from "../i18n/messages";
import type { ApiError, PriceRuleRecord, Promotion } from "../types";
import type { Read } from "./forms";

/** What the side form holds: a rule or a promotion, new (`id` null) or one of the table's. */
export type Editing = { what: "rule" | "promotion"; id: number | null };
/** A refusal of the last action: the hub's, or the form's own reading. */
export type Problem = { what: Editing["what"]; error: ApiError | null; key: MessageKey | null };

class Pricing {
  rules = $state<PriceRuleRecord[]>([]);
  promotions = $state<Promotion[]>([]);
  loaded = $state(false);
  editing = $state<Editing | null>(null);
  busy = $state(false);
  problem = $state<Problem | null>(null);
  done = $state<{ what: Editing["what"]; kind: "saved" | "created" | "ended" | "deleted" } | null>(null);
  /** The row whose delete waits to be confirmed. */
  confirming = $state<Editing | null>(null);

  reset() {
    this.rules = [];
    this.promotions = [];
    this.loaded = false;
    this.editing = null;
    this.problem = null;
    this.done = null;
    this.confirming = null;
  }

  async load() {
    try {
      [this.rules, this.promotions] = await Promise.all([backend.priceRules(), backend.staffPromotions({})]);
      this.loaded = true;
      app.clearError("pricing");
    } catch (e) {
      app.report("pricing", e);
    }
  }

  edit(what: Editing["what"], id: number | null) {
    this.editing = { what, id };
    this.problem = null;
    this.done = null;
    this.confirming = null;
  }

  /** Runs one action; true when it went through. */
  private async act(what: Editing["what"], action: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.problem = null;
    this.done = null;
    try {
      await action();
      return true;
    } catch (e) {
      const error = backend.toApiError(e);
      if (error.code === "session_expired" || error.code === "not_logged_in") app.report("pricing", error);
      else this.problem = { what, error, key: null };
      return false;
    } finally {
      this.busy = false;
    }
  }

  private refused<T>(what: Editing["what"], read: Read<T>): read is { ok: false; problem: MessageKey } {
    if (read.ok) return false;
    this.problem = { what, error: null, key: read.problem };
    this.done = null;
    return true;
  }

  private putRule(rule: PriceRuleRecord) {
    const known = this.rules.some((r) => r.id === rule.id);
    this.rules = known ? this.rules.map((r) => (r.id === rule.id ? rule : r)) : [...this.rules, rule];
  }

  private putPromotion(promotion: Promotion) {
    const known = this.promotions.some((p) => p.id === promotion.id);
    this.promotions = known ? this.promotions.map((p) => (p.id === promotion.id ? promotion : p)) : [promotion, ...this.promotions];
  }

  async saveRule(read: Read<PriceRuleRecord>) {
    if (this.refused("rule", read)) return;
    const id = this.editing?.id ?? null;
    await this.act("rule", async () => {
      const saved = id === null ? await backend.createPriceRule(read.value) : await backend.editPriceRule(id, read.value);
      this.putRule(saved);
      this.editing = { what: "rule", id: saved.id };
      this.done = { what: "rule", kind: id === null ? "created" : "saved" };
    });
  }

  async endRule(id: number) {
    await this.act("rule", async () => {
      this.putRule(await backend.endPriceRule(id));
      this.done = { what: "rule", kind: "ended" };
    });
  }

  async deleteRule(id: number) {
    this.confirming = null;
    await this.act("rule", async () => {
      await backend.deletePriceRule(id);
      this.rules = this.rules.filter((r) => r.id !== id);
      if (this.editing?.id === id) this.editing = null;
      this.done = { what: "rule", kind: "deleted" };
    });
  }

  async savePromotion(read: Read<Promotion>) {
    if (this.refused("promotion", read)) return;
    const id = this.editing?.id ?? null;
    await this.act("promotion", async () => {
      const saved = id === null ? await backend.createPromotion(read.value) : await backend.editPromotion(id, read.value);
      this.putPromotion(saved);
      this.editing = { what: "promotion", id: saved.id };
      this.done = { what: "promotion", kind: id === null ? "created" : "saved" };
    });
  }

  async endPromotion(id: number) {
    await this.act("promotion", async () => {
      this.putPromotion(await backend.endPromotion(id));
      this.done = { what: "promotion", kind: "ended" };
    });
  }

  async deletePromotion(id: number) {
    this.confirming = null;
    await this.act("promotion", async () => {
      await backend.deletePromotion(id);
      this.promotions = this.promotions.filter((p) => p.id !== id);
      if (this.editing?.id === id) this.editing = null;
      this.done = { what: "promotion", kind: "deleted" };
    });
  }
}

export const pricing = new Pricing();
