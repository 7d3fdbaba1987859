import { describe, expect, it } from "vitest";
import { parseLimit } from "./approvalLimit";

describe("the approval limit as typed", () => {
  it("reads yuan to the fen, with or without ¥ and thousands separators", () => {
    expect(parseLimit("5000")).toEqual({ ok: true, value: "5000.00" });
    expect(parseLimit(" ¥5,000.5 ")).toEqual({ ok: true, value: "5000.50" });
    expect(parseLimit("0")).toEqual({ ok: true, value: "0.00" });
    expect(parseLimit("007.25")).toEqual({ ok: true, value: "7.25" });
  });

  it("takes an empty field as no limit", () => {
    expect(parseLimit("  ")).toEqual({ ok: true, value: null });
  });

  it("refuses negatives, fractions of a fen and words", () => {
    for (const bad of ["-1", "10.005", "abc", "1e3", "."]) expect(parseLimit(bad)).toEqual({ ok: false });
  });
});
