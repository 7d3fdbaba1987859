import { describe, expect, it } from "vitest";
import { changeable } from "./changeable";

describe("changeable", () => {
  const now = new Date("2026-12-08T06:00:00Z");

  it("lets a saved, placed or waiting order change until its cutoff", () => {
    for (const status of ["saved", "submitted", "awaiting_approval"] as const) {
      expect(changeable({ status, closesAt: "2026-12-08T06:30:00Z" }, now)).toBe(true);
      expect(changeable({ status, closesAt: "2026-12-08T06:00:00Z" }, now)).toBe(false);
      expect(changeable({ status, closesAt: null }, now)).toBe(true);
    }
  });

  it("never once the supplier acted or the order ended", () => {
    for (const status of ["approved", "rejected", "cancelled", "voided"] as const) {
      expect(changeable({ status, closesAt: "2026-12-09T00:00:00Z" }, now)).toBe(false);
    }
  });
});
