import { describe, expect, it } from "vitest";
import { DEFAULT_VIEW, loadViewMode, otherView, saveViewMode, VIEW_KEY } from "./view";

function memory(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

describe("list / tiles preference", () => {
  it("is the list until the buyer chooses", () => {
    expect(DEFAULT_VIEW).toBe("list");
    expect(loadViewMode(memory())).toBe("list");
    expect(loadViewMode(null)).toBe("list");
  });

  it("is remembered", () => {
    const storage = memory();
    expect(saveViewMode(storage, "tiles")).toBe(true);
    expect(storage.data.get(VIEW_KEY)).toBe("tiles");
    expect(loadViewMode(storage)).toBe("tiles");
    saveViewMode(storage, "list");
    expect(loadViewMode(storage)).toBe("list");
  });

  it("ignores anything else stored, and storage that fails", () => {
    expect(loadViewMode(memory({ [VIEW_KEY]: "grid" }))).toBe("list");
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("full");
      },
    };
    expect(loadViewMode(broken)).toBe("list");
    expect(saveViewMode(broken, "tiles")).toBe(false);
    expect(saveViewMode(null, "tiles")).toBe(false);
  });

  it("toggles", () => {
    expect(otherView("list")).toBe("tiles");
    expect(otherView("tiles")).toBe("list");
  });
});
