import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { debounce, LatestOnly, SerialQueue } from "./async";

describe("debounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs once, after the last call has rested", async () => {
    const action = vi.fn(async () => {});
    const d = debounce(action, 120);
    d.schedule();
    await vi.advanceTimersByTimeAsync(100);
    d.schedule();
    await vi.advanceTimersByTimeAsync(100);
    expect(action).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(action).toHaveBeenCalledTimes(1);
  });

  it("flush runs a waiting search at once and waits for it", async () => {
    let done = false;
    const d = debounce(async () => {
      await Promise.resolve();
      done = true;
    }, 120);
    d.schedule();
    await d.flush();
    expect(done).toBe(true);
    await vi.advanceTimersByTimeAsync(200);
  });

  it("flush with nothing waiting resolves", async () => {
    const action = vi.fn(async () => {});
    await debounce(action, 120).flush();
    expect(action).not.toHaveBeenCalled();
  });

  it("keeps working after a failed run", async () => {
    const action = vi.fn(async () => {
      throw new Error("boom");
    });
    const d = debounce(action, 10);
    await d.now();
    await d.now();
    expect(action).toHaveBeenCalledTimes(2);
  });
});

describe("LatestOnly", () => {
  it("only the newest ticket counts", () => {
    const l = new LatestOnly();
    const a = l.next();
    const b = l.next();
    expect(l.isLatest(a)).toBe(false);
    expect(l.isLatest(b)).toBe(true);
  });
});

describe("SerialQueue", () => {
  it("runs tasks in order, even when an earlier one is slower or fails", async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const slow = q.run(async () => {
      await new Promise((r) => setTimeout(r, 20));
      log.push("set 5");
      throw new Error("refused");
    });
    const fast = q.run(async () => {
      log.push("submit");
      return "order";
    });
    await expect(slow).rejects.toThrow("refused");
    await expect(fast).resolves.toBe("order");
    await q.idle();
    expect(log).toEqual(["set 5", "submit"]);
  });

  it("starts a task at once when nothing is queued, and after the one before it otherwise", async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    let release = () => {};
    const first = q.run(async () => {
      log.push("first started");
      await new Promise<void>((r) => (release = r));
      log.push("first done");
    });
    expect(log).toEqual(["first started"]); // in the caller's turn: a save leaves before the page redraws
    const second = q.run(async () => {
      log.push("second started");
    });
    await Promise.resolve();
    expect(log).toEqual(["first started"]);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(["first started", "first done", "second started"]);
    await q.idle();
    const third = q.run(async () => {
      log.push("third started");
    });
    expect(log.at(-1)).toBe("third started");
    await third;
  });

  it("turns a task that throws at once into a rejection, and goes on", async () => {
    const q = new SerialQueue();
    const bad = q.run(() => {
      throw new Error("no");
    });
    await expect(bad).rejects.toThrow("no");
    await expect(q.run(async () => 1)).resolves.toBe(1);
  });
});
