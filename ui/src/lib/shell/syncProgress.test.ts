import { describe, expect, it } from "vitest";
import { formatBytes, progressText } from "./syncProgress";

const t = (key: string, values?: Record<string, string | number>) => `${key}${values ? JSON.stringify(values) : ""}`;

describe("sync progress", () => {
  it("says what is happening and how much has arrived", () => {
    expect(progressText({ phase: "catalogue", receivedBytes: 3 * 1024 * 1024 + 1, products: 0 }, t)).toBe('sync.receiving{"size":"3.0 MB"}');
    expect(progressText({ phase: "catalogue", receivedBytes: 0, products: 0 }, t)).toBe("sync.running");
    expect(progressText({ phase: "applying", receivedBytes: 9, products: 2154 }, t)).toBe('sync.applying{"count":2154}');
    expect(progressText({ phase: "rules", receivedBytes: 9, products: 1 }, t)).toBe("sync.rules");
    expect(progressText(null, t)).toBe("sync.running");
    expect(formatBytes(300)).toBe("1 KB");
  });
});
