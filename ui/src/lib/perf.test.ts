import { describe, expect, it } from "vitest";
import * as perf from "./perf";

const key = (timeStamp: number) => ({ timeStamp }) as Event;

describe("keystroke-to-totals marks", () => {
  it("measures from the key event's time stamp to the backend's answer and the DOM", async () => {
    const at = performance.now();
    perf.keystroke(key(at));
    perf.answered(true);
    await perf.shown();
    const mark = performance.getEntriesByName(perf.KEYSTROKE)[0];
    expect(mark.startTime).toBe(at);
    const backend = performance.getEntriesByName(perf.BACKEND);
    const dom = performance.getEntriesByName(perf.DOM);
    expect(backend).toHaveLength(1);
    expect(dom).toHaveLength(1);
    expect(backend[0].startTime).toBe(at);
    expect(dom[0].duration).toBeGreaterThanOrEqual(backend[0].duration);
  });

  it("marks only after a keystroke, and not after a refused save", async () => {
    performance.clearMeasures();
    perf.answered(true);
    await perf.shown();
    expect(performance.getEntriesByType("measure")).toHaveLength(0);
    perf.keystroke(key(performance.now()));
    perf.answered(false);
    await perf.shown();
    expect(performance.getEntriesByType("measure")).toHaveLength(0);
  });

  it("uses the time now when the event's stamp is not on the page's clock", () => {
    const before = performance.now();
    perf.keystroke(key(Date.now() + 1e6));
    const mark = performance.getEntriesByName(perf.KEYSTROKE)[0];
    expect(mark.startTime).toBeGreaterThanOrEqual(before);
    expect(mark.startTime).toBeLessThanOrEqual(performance.now());
  });
});
