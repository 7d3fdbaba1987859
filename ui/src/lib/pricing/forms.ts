// The back office's price-rule and promotion forms: what the form holds, filled from a record, and read back into the
// request the hub takes, with the mistakes the form can see itself (an empty field, a number that isn't one, dates
// the wrong way round) named before anything is sent. The hub checks everything again. Pure: no state, no calls.
import type { MessageKey } from "../i18n/messages";
import type { Covers, PriceRuleRecord, Promotion } from "../types";

export type RuleForm = {
  target: "tier" | "customer";
  tier: string;
  customerCode: string;
  productCode: string;
  kind: "fixed" | "rate";
  /** The fixed price (yuan) or the rate (0.92), as typed. */
  value: string;
  validFrom: string;
  validTo: string;
};

export type PromotionForm = {
  name: string;
  kind: Promotion["kind"];
  percent: string;
  threshold: string;
  off: string;
  buy: string;
  get: string;
  scope: Covers["scope"];
  covers: string;
  /** Tiers separated by commas or spaces; empty: every customer. */
  tiers: string;
  validFrom: string;
  validTo: string;
};

/** A request, or the first mistake the form found (a message key). */
export type Read<T> = { ok: true; value: T } | { ok: false; problem: MessageKey };

const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const DECIMAL = /^\d{1,4}(\.\d{1,6})?$/;
const COUNT = /^[1-9]\d{0,5}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function ruleFormOf(rule?: PriceRuleRecord): RuleForm {
  return {
    target: rule?.customerCode ? "customer" : "tier",
    tier: rule?.tier ?? "",
    customerCode: rule?.customerCode ?? "",
    productCode: rule?.productCode ?? "",
    kind: rule?.rate ? "rate" : "fixed",
    value: rule?.fixedPrice ?? rule?.rate ?? "",
    validFrom: rule?.validFrom ?? "",
    validTo: rule?.validTo ?? "",
  };
}

export function ruleOf(form: RuleForm): Read<PriceRuleRecord> {
  const who = (form.target === "tier" ? form.tier : form.customerCode).trim();
  if (!who) return { ok: false, problem: form.target === "tier" ? "pricing.problem.tier" : "pricing.problem.customer" };
  const value = form.value.trim();
  if (!(form.kind === "fixed" ? MONEY : DECIMAL).test(value)) {
    return { ok: false, problem: form.kind === "fixed" ? "pricing.problem.price" : "pricing.problem.rate" };
  }
  const dates = datesOf(form.validFrom, form.validTo, false);
  if (!dates.ok) return dates;
  return {
    ok: true,
    value: {
      id: 0,
      customerCode: form.target === "customer" ? who : null,
      tier: form.target === "tier" ? who : null,
      productCode: form.productCode.trim() || null,
      fixedPrice: form.kind === "fixed" ? value : null,
      rate: form.kind === "rate" ? value : null,
      validFrom: dates.value.from,
      validTo: dates.value.to,
    },
  };
}

export function promotionFormOf(promotion: Promotion | null, today: string): PromotionForm {
  const form: PromotionForm = {
    name: promotion?.name ?? "",
    kind: promotion?.kind ?? "percent_off",
    percent: "",
    threshold: "",
    off: "",
    buy: "",
    get: "",
    scope: promotion?.covers.scope ?? "everything",
    covers: promotion && promotion.covers.scope !== "everything" ? promotion.covers.value : "",
    tiers: promotion?.tiers.join(", ") ?? "",
    validFrom: promotion?.validFrom ?? today,
    validTo: promotion?.validTo ?? today,
  };
  if (promotion?.kind === "percent_off") form.percent = promotion.percent;
  if (promotion?.kind === "spend_save") Object.assign(form, { threshold: promotion.threshold, off: promotion.off });
  if (promotion?.kind === "buy_get") Object.assign(form, { buy: String(promotion.buy), get: String(promotion.get) });
  return form;
}

export function promotionOf(form: PromotionForm, id = 0): Read<Promotion> {
  const name = form.name.trim();
  if (!name) return { ok: false, problem: "pricing.problem.name" };
  const value = form.covers.trim();
  if (form.scope !== "everything" && !value) return { ok: false, problem: "pricing.problem.covers" };
  const covers: Covers = form.scope === "everything" ? { scope: "everything" } : { scope: form.scope, value };
  const dates = datesOf(form.validFrom, form.validTo, true);
  if (!dates.ok) return dates;
  const base = {
    id,
    name,
    covers,
    tiers: form.tiers.split(/[,，\s]+/).filter((t) => t !== ""),
    validFrom: dates.value.from ?? "",
    validTo: dates.value.to ?? "",
  };
  switch (form.kind) {
    case "percent_off":
      if (!DECIMAL.test(form.percent.trim())) return { ok: false, problem: "pricing.problem.percent" };
      return { ok: true, value: { ...base, kind: "percent_off", percent: form.percent.trim() } };
    case "spend_save":
      if (!MONEY.test(form.threshold.trim()) || !MONEY.test(form.off.trim())) return { ok: false, problem: "pricing.problem.spendSave" };
      return { ok: true, value: { ...base, kind: "spend_save", threshold: form.threshold.trim(), off: form.off.trim() } };
    case "buy_get":
      if (!COUNT.test(form.buy.trim()) || !COUNT.test(form.get.trim())) return { ok: false, problem: "pricing.problem.buyGet" };
      return { ok: true, value: { ...base, kind: "buy_get", buy: Number(form.buy.trim()), get: Number(form.get.trim()) } };
  }
}

function datesOf(fromText: string, toText: string, required: boolean): Read<{ from: string | null; to: string | null }> {
  const [from, to] = [fromText.trim() || null, toText.trim() || null];
  if ((required && (!from || !to)) || [from, to].some((d) => d !== null && !DATE.test(d))) return { ok: false, problem: "pricing.problem.dates" };
  if (from && to && to < from) return { ok: false, problem: "pricing.problem.datesOrder" };
  return { ok: true, value: { from, to } };
}

/** Where something with these dates stands on `today`: not yet begun, running, or over. No dates: always on. */
export function standing(validFrom: string | null, validTo: string | null, today: string): "upcoming" | "current" | "ended" {
  if (validTo !== null && validTo < today) return "ended";
  if (validFrom !== null && validFrom > today) return "upcoming";
  return "current";
}

/** Today on this PC as YYYY-MM-DD: staff work in the supplier's zone, and the hub decides what is valid anyway. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
