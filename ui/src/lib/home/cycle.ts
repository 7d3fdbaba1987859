// Pure rules behind the Home section: the hub's clock, the countdown to the cutoff, what this cycle's orders add
// up to, and days and times in the supplier's time zone. The components only display what these return.
import { translate, type Locale } from "../i18n/messages";
import type { CycleOrder, CycleWindow, OrderingSchedule, ShortItem } from "../types";

/** How far the hub's clock is ahead of this PC's (ms): countdowns run on the hub's time, not the PC's. */
export function clockOffset(hubNow: string, pcNow: number): number {
  const hub = Date.parse(hubNow);
  return Number.isNaN(hub) ? 0 : hub - pcNow;
}

/** Milliseconds left until `closesAt` on the hub's clock; null for an unreadable time. Never below 0. */
export function remainingMs(closesAt: string, offset: number, pcNow: number): number | null {
  const end = Date.parse(closesAt);
  if (Number.isNaN(end)) return null;
  return Math.max(0, end - (pcNow + offset));
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** 8,045,000 ms → "02:14:05". Seconds are rounded up, so "00:00:00" is shown only once the cutoff has come. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}`;
}

/**
 * Where this cycle stands, from its orders (newest first):
 * - `through`: the newest order that has gone through (submitted or approved);
 * - `pending`: saved orders still waiting for 决定购买;
 * - `awaiting`: orders waiting for the company's approver (审批);
 * - `voided`: the newest voided order, only when nothing went through and nothing is pending;
 * - `state`: the one thing the buyer must see first.
 */
export type CycleSummary = {
  state: "pending" | "awaiting" | "through" | "voided" | "none";
  through: CycleOrder | null;
  pending: CycleOrder[];
  awaiting: CycleOrder[];
  voided: CycleOrder | null;
};

export function summarizeCycle(orders: readonly CycleOrder[]): CycleSummary {
  const through = orders.find((o) => o.status === "submitted" || o.status === "approved") ?? null;
  const pending = orders.filter((o) => o.status === "saved");
  const awaiting = orders.filter((o) => o.status === "awaiting_approval");
  const open = pending.length + awaiting.length;
  const voided = !through && open === 0 ? (orders.find((o) => o.status === "voided") ?? null) : null;
  const state = pending.length > 0 ? "pending" : awaiting.length > 0 ? "awaiting" : through ? "through" : voided ? "voided" : "none";
  return { state, through, pending, awaiting, voided };
}

const WEEKDAYS: Record<Locale, readonly string[]> = {
  zh: ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
  en: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
};

const WEEKDAYS_SHORT: Record<Locale, readonly string[]> = {
  zh: WEEKDAYS.zh,
  en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};

/** ISO weekday (1 = Monday … 7 = Sunday) → "周二" / "Tuesday"; "" for anything else. */
export function weekdayName(isoDay: number, locale: Locale, short = false): string {
  return (short ? WEEKDAYS_SHORT : WEEKDAYS)[locale][isoDay - 1] ?? "";
}

/** The ISO weekday of a calendar date "2026-12-01" (a Tuesday → 2); null when it is not such a date. */
export function isoWeekday(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return null;
  return d.getUTCDay() === 0 ? 7 : d.getUTCDay();
}

/** "2026-12-01" → "周二 2026-12-01" / "Tuesday 2026-12-01". */
export function formatDay(date: string, locale: Locale): string {
  const day = isoWeekday(date);
  const plain = date.slice(0, 10);
  return day === null ? date : `${weekdayName(day, locale)} ${plain}`;
}

/** "14:30:00" → "14:30". */
export function formatCutoff(cutoff: string): string {
  const m = /^(\d{1,2}):(\d{2})/.exec(cutoff);
  return m ? `${pad(Number(m[1]))}:${m[2]}` : cutoff;
}

/** An instant as date and time in a time zone (the supplier's): { date: "2026-12-01", time: "14:30" }. */
export function inZone(iso: string, timeZone: string | null): { date: string; time: string } | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone: timeZone ?? undefined,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(d);
  } catch {
    // An unknown zone name: the PC's own zone is better than nothing.
    return inZone(iso, null);
  }
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}

/** "14:30" in the supplier's zone; the instant as it came when unreadable. */
export function timeInZone(iso: string, timeZone: string | null): string {
  return inZone(iso, timeZone)?.time ?? iso;
}

/** "2026-12-01 14:30" in the supplier's zone; the instant as it came when unreadable. */
export function dateTimeInZone(iso: string, timeZone: string | null): string {
  const p = inZone(iso, timeZone);
  return p ? `${p.date} ${p.time}` : iso;
}

/** The ordering days: "每周二、周五" / "Tue, Fri"; every day when the list is empty. */
export function orderingDaysText(schedule: OrderingSchedule, locale: Locale): string {
  const days = [...new Set(schedule.orderingDays)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  if (days.length === 0 || days.length === 7) return translate(locale, "home.days.every");
  const names = days.map((d) => weekdayName(d, locale, true));
  return translate(locale, "home.days.some", { days: names.join(locale === "zh" ? "、" : ", ") });
}

/** Why ordering is closed, and when it opens again: "本周期已于 14:30 截止。下一个订货日：周二 2026-12-01". */
export function closedText(
  cycle: Extract<CycleWindow, { state: "closed" }>,
  timeZone: string | null,
  locale: Locale,
): { reason: string; next: string } {
  const reason =
    cycle.reason === "cutoff_passed"
      ? cycle.closedAt
        ? translate(locale, "home.closed.cutoffAt", { time: timeInZone(cycle.closedAt, timeZone) })
        : translate(locale, "home.closed.cutoff")
      : translate(locale, "home.closed.notOrderingDay");
  return { reason, next: translate(locale, "home.closed.next", { day: formatDay(cycle.nextOrderingDay, locale) }) };
}

/** What a short item still lacks: demand − ordered, never below 0. */
export function shortfall(item: Pick<ShortItem, "demand" | "ordered">): number {
  return Math.max(0, item.demand - item.ordered);
}
