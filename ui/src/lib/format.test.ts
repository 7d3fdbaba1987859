import { describe, expect, it } from "vitest";
import { formatDateTime, formatMoney } from "./format";

describe("formatMoney", () => {
  it("adds the yuan sign and thousands separators without touching the digits", () => {
    expect(formatMoney("228.00")).toBe("¥228.00");
    expect(formatMoney("1234.00")).toBe("¥1,234.00");
    expect(formatMoney("1810.62")).toBe("¥1,810.62");
    expect(formatMoney("1234567.89")).toBe("¥1,234,567.89");
    expect(formatMoney("0.00")).toBe("¥0.00");
  });

  it("keeps exact decimals that a float would not", () => {
    expect(formatMoney("90071992547409931.01")).toBe("¥90,071,992,547,409,931.01");
    expect(formatMoney("0.10")).toBe("¥0.10");
  });

  it("puts the sign of a discount before the yuan sign", () => {
    expect(formatMoney("-50.00")).toBe("-¥50.00");
  });

  it("shows an unexpected value as it came", () => {
    expect(formatMoney("n/a")).toBe("¥n/a");
    expect(formatMoney("")).toBe("");
    expect(formatMoney(null)).toBe("");
  });
});

describe("formatDateTime", () => {
  it("shows date and minutes", () => {
    expect(formatDateTime("2026-11-23T06:05:00Z")).toMatch(/^2026-11-2[34] \d\d:05$/);
  });

  it("shows an unreadable timestamp as it came", () => {
    expect(formatDateTime("yesterday")).toBe("yesterday");
  });
});
