import { describe, expect, it } from "vitest";
import { hueOf, initialOf } from "./picture";

describe("picture placeholder", () => {
  it("shows the brand's initial, else the name's", () => {
    expect(initialOf({ brand: "中华", name: "中华(硬)" })).toBe("中");
    expect(initialOf({ brand: "marlboro", name: "x" })).toBe("M");
    expect(initialOf({ brand: " ", name: "怡宝" })).toBe("怡");
    expect(initialOf({ brand: "", name: "" })).toBe("?");
  });

  it("gives a brand the same colour every time", () => {
    expect(hueOf("中华")).toBe(hueOf("中华"));
    expect(hueOf("中华")).toBeGreaterThanOrEqual(0);
    expect(hueOf("中华")).toBeLessThan(360);
  });
});
