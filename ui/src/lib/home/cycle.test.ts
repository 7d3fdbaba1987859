import { describe, expect, it } from "vitest";
import type { CycleOrder, OrderStatus } from "../types";
import {
  clockOffset,
  closedText,
  dateTimeInZone,
  formatCountdown,
  formatCutoff,
  formatDay,
  isoWeekday,
  orderingDaysText,
  remainingMs,
  shortfall,
  summarizeCycle,
  timeInZone,
  weekdayName,
} from "./cycle";

const SHANGHAI = "Asia/Shanghai";

describe("the hub's clock", () => {
  it("measures how far the hub is ahead of the PC", () => {
    const pc = Date.parse("2026-12-01T06:00:00Z");
    expect(clockOffset("2026-12-01T06:00:05Z", pc)).toBe(5000);
    expect(clockOffset("2026-12-01T05:59:00Z", pc)).toBe(-60_000);
    expect(clockOffset("not a time", pc)).toBe(0);
  });

  it("counts down to the cutoff on the hub's time, not the PC's", () => {
    // Cutoff 14:30 Shanghai = 06:30Z. The PC is 10 minutes slow: its 06:05 is the hub's 06:15.
    const pc = Date.parse("2026-12-01T06:05:00Z");
    const offset = 10 * 60_000;
    expect(remainingMs("2026-12-01T14:30:00+08:00", offset, pc)).toBe(15 * 60_000);
    expect(remainingMs("2026-12-01T14:30:00+08:00", 0, pc)).toBe(25 * 60_000);
    expect(remainingMs("2026-12-01T06:00:00Z", offset, pc)).toBe(0);
    expect(remainingMs("soon", 0, pc)).toBeNull();
  });
});

describe("formatCountdown", () => {
  it("shows hours, minutes and seconds", () => {
    expect(formatCountdown((2 * 3600 + 14 * 60 + 5) * 1000)).toBe("02:14:05");
    expect(formatCountdown(59_000)).toBe("00:00:59");
    expect(formatCountdown(26 * 3600 * 1000)).toBe("26:00:00");
  });

  it("rounds up to the second and never goes below zero", () => {
    expect(formatCountdown(400)).toBe("00:00:01");
    expect(formatCountdown(0)).toBe("00:00:00");
    expect(formatCountdown(-5000)).toBe("00:00:00");
  });
});

describe("summarizeCycle", () => {
  const order = (orderNumber: string, status: OrderStatus): CycleOrder => ({
    orderId: `id-${orderNumber}`,
    orderNumber,
    status,
    total: "100.00",
  });

  it("says an order went through when one is submitted or approved", () => {
    const s = summarizeCycle([order("SO-3", "cancelled"), order("SO-2", "approved"), order("SO-1", "submitted")]);
    expect(s.state).toBe("through");
    expect(s.through?.orderNumber).toBe("SO-2");
    expect(s.pending).toEqual([]);
    expect(s.voided).toBeNull();
  });

  it("puts a saved order waiting for 决定购买 first, even beside one that went through", () => {
    const s = summarizeCycle([order("SO-2", "saved"), order("SO-1", "submitted")]);
    expect(s.state).toBe("pending");
    expect(s.pending.map((o) => o.orderNumber)).toEqual(["SO-2"]);
    expect(s.through?.orderNumber).toBe("SO-1");
  });

  it("says an order waits for the company's approver until it is approved, and not that it went through", () => {
    const s = summarizeCycle([order("SO-2", "awaiting_approval"), order("SO-1", "cancelled")]);
    expect(s.state).toBe("awaiting");
    expect(s.awaiting.map((o) => o.orderNumber)).toEqual(["SO-2"]);
    expect(s.through).toBeNull();
    expect(summarizeCycle([order("SO-2", "saved"), order("SO-1", "awaiting_approval")]).state).toBe("pending");
    expect(summarizeCycle([order("SO-2", "awaiting_approval"), order("SO-1", "voided")]).voided).toBeNull();
  });

  it("says the order was voided only when nothing else stands", () => {
    expect(summarizeCycle([order("SO-1", "voided")])).toMatchObject({ state: "voided", voided: { orderNumber: "SO-1" } });
    expect(summarizeCycle([order("SO-2", "voided"), order("SO-1", "cancelled")]).state).toBe("voided");
    expect(summarizeCycle([order("SO-2", "submitted"), order("SO-1", "voided")])).toMatchObject({
      state: "through",
      voided: null,
    });
  });

  it("has nothing to say without orders, or with only cancelled and rejected ones", () => {
    expect(summarizeCycle([]).state).toBe("none");
    expect(summarizeCycle([order("SO-1", "cancelled"), order("SO-0", "rejected")]).state).toBe("none");
  });
});

describe("days", () => {
  it("names weekdays in both languages", () => {
    expect(weekdayName(1, "zh")).toBe("周一");
    expect(weekdayName(2, "zh")).toBe("周二");
    expect(weekdayName(7, "zh")).toBe("周日");
    expect(weekdayName(2, "en")).toBe("Tuesday");
    expect(weekdayName(5, "en", true)).toBe("Fri");
    expect(weekdayName(0, "en")).toBe("");
    expect(weekdayName(8, "zh")).toBe("");
  });

  it("finds the weekday of a calendar date, whatever the PC's time zone", () => {
    expect(isoWeekday("2026-12-01")).toBe(2); // a Tuesday
    expect(isoWeekday("2026-11-29")).toBe(7); // a Sunday
    expect(isoWeekday("next week")).toBeNull();
  });

  it("shows a day as weekday and date", () => {
    expect(formatDay("2026-12-01", "zh")).toBe("周二 2026-12-01");
    expect(formatDay("2026-12-01", "en")).toBe("Tuesday 2026-12-01");
    expect(formatDay("someday", "en")).toBe("someday");
  });

  it("lists the ordering days, or says every day", () => {
    expect(orderingDaysText({ orderingDays: [5, 2], cutoff: "14:30:00" }, "zh")).toBe("订货日：每周二、周五");
    expect(orderingDaysText({ orderingDays: [2, 5], cutoff: null }, "en")).toBe("Ordering days: Tue, Fri");
    expect(orderingDaysText({ orderingDays: [], cutoff: null }, "zh")).toBe("每天都可以订货");
    expect(orderingDaysText({ orderingDays: [1, 2, 3, 4, 5, 6, 7], cutoff: null }, "en")).toBe(
      "Every day is an ordering day",
    );
  });
});

describe("times in the supplier's zone", () => {
  it("shows the cutoff as the supplier sets it", () => {
    expect(timeInZone("2026-12-01T06:30:00Z", SHANGHAI)).toBe("14:30");
    expect(dateTimeInZone("2026-11-30T16:05:00Z", SHANGHAI)).toBe("2026-12-01 00:05");
    expect(timeInZone("later", SHANGHAI)).toBe("later");
    expect(formatCutoff("14:30:00")).toBe("14:30");
    expect(formatCutoff("9:05")).toBe("09:05");
  });

  it("falls back to the PC's zone for a zone it does not know", () => {
    expect(timeInZone("2026-12-01T06:30:00Z", "Nowhere/Atlantis")).toMatch(/^\d\d:30$/);
  });
});

describe("closedText", () => {
  it("says the cutoff passed, when, and the next ordering day", () => {
    const cycle = {
      state: "closed" as const,
      reason: "cutoff_passed" as const,
      closedAt: "2026-11-24T06:30:00Z",
      nextOrderingDay: "2026-11-27",
    };
    expect(closedText(cycle, SHANGHAI, "zh")).toEqual({
      reason: "本周期已于 14:30 截止",
      next: "下一个订货日：周五 2026-11-27",
    });
    expect(closedText(cycle, SHANGHAI, "en")).toEqual({
      reason: "This cycle closed at 14:30",
      next: "Next ordering day: Friday 2026-11-27",
    });
    expect(closedText({ ...cycle, closedAt: null }, SHANGHAI, "en").reason).toBe("This cycle has closed");
  });

  it("says today is not an ordering day", () => {
    const cycle = {
      state: "closed" as const,
      reason: "not_ordering_day" as const,
      closedAt: null,
      nextOrderingDay: "2026-12-01",
    };
    expect(closedText(cycle, SHANGHAI, "zh")).toEqual({
      reason: "今天不是您的订货日",
      next: "下一个订货日：周二 2026-12-01",
    });
    expect(closedText(cycle, SHANGHAI, "en").next).toBe("Next ordering day: Tuesday 2026-12-01");
  });
});

describe("shortfall", () => {
  it("is what the last cycle did not supply", () => {
    expect(shortfall({ demand: 37, ordered: 30 })).toBe(7);
    expect(shortfall({ demand: 10, ordered: 10 })).toBe(0);
    expect(shortfall({ demand: 5, ordered: 8 })).toBe(0);
  });
});
