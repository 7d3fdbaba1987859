import { describe, expect, it } from "vitest";
import { en, translate, zh } from "../../i18n/messages";
import type { ApiError, Order, QueuedOrder, QueueReport } from "../../types";
import { announce, mergeSent, queueCounts, queuedState, shouldPoll, summarise, waitingForCart } from "./queue";

const refusal: ApiError = { code: "cutoff_passed", message: "the cutoff was 10:00" };

function queued(orderId: string, extra: Partial<QueuedOrder> = {}): QueuedOrder {
  return { orderId, cartName: "购物车 1", lineCount: 2, queuedAt: "2026-11-23T08:00:00+08:00", refusal: null, ...extra };
}

function order(orderId: string, orderNumber: string): Order {
  return {
    orderId,
    orderNumber,
    status: "submitted",
    createdAt: "2026-11-23T08:05:00+08:00",
    cycleDate: "2026-11-23",
    closesAt: null,
    lines: [],
    adjustments: [],
    total: "10.00",
    history: [],
  };
}

describe("queued orders", () => {
  it("are waiting until the hub refuses them", () => {
    expect(queuedState(queued("a"))).toBe("waiting");
    expect(queuedState(queued("a", { refusal }))).toBe("refused");
  });

  it("are counted by state", () => {
    expect(queueCounts([])).toEqual({ waiting: 0, refused: 0, total: 0 });
    expect(queueCounts([queued("a"), queued("b", { refusal }), queued("c")])).toEqual({ waiting: 2, refused: 1, total: 3 });
  });

  it("are polled for only while one is waiting", () => {
    expect(shouldPoll([])).toBe(false);
    expect(shouldPoll([queued("a", { refusal })])).toBe(false);
    expect(shouldPoll([queued("a", { refusal }), queued("b")])).toBe(true);
  });

  it("are matched to the cart they came from by its name", () => {
    const items = [queued("a", { cartName: "周一" }), queued("b", { cartName: "周二", refusal }), queued("c", { cartName: null })];
    expect(waitingForCart(items, "周一")).toBe(true);
    expect(waitingForCart(items, "周二")).toBe(false); // refused: not waiting any more
    expect(waitingForCart(items, "")).toBe(false);
  });
});

describe("a send of the queue", () => {
  const report = (r: Partial<QueueReport>): QueueReport => ({ sent: [], refused: [], waiting: 0, ...r });

  it("is summarised as the numbers sent, the orders newly refused and what still waits", () => {
    const before = [queued("a"), queued("b"), queued("old", { refusal })];
    const news = summarise(
      report({ sent: [order("a", "SO-1")], refused: [queued("old", { refusal }), queued("b", { refusal })], waiting: 0 }),
      before,
    );
    expect(news).toEqual({ sent: ["SO-1"], refused: ["b"], waiting: 0 });
  });

  it("announces what changed, and stays quiet when an automatic try changed nothing", () => {
    expect(announce({ sent: [], refused: [], waiting: 2 }, false)).toEqual([]);
    expect(announce({ sent: [], refused: [], waiting: 0 }, false)).toEqual([]);
    expect(announce({ sent: [], refused: [], waiting: 2 }, true)).toEqual([{ key: "queue.news.waiting", params: { count: 2 } }]);
    expect(announce({ sent: [], refused: [], waiting: 0 }, true)).toEqual([{ key: "queue.news.nothing" }]);
    expect(announce({ sent: ["SO-1", "SO-2"], refused: ["x"], waiting: 1 }, false)).toEqual([
      { key: "queue.news.sent", params: { numbers: "SO-1, SO-2" } },
      { key: "queue.news.refused", params: { count: 1 } },
      { key: "queue.news.waiting", params: { count: 1 } },
    ]);
  });

  it("has sentences that name the order numbers in both languages", () => {
    for (const line of announce({ sent: ["SO-20261123-000042"], refused: ["x"], waiting: 1 }, true)) {
      expect(zh[line.key]).toBeTruthy();
      expect(en[line.key]).toBeTruthy();
    }
    expect(translate("zh", "queue.news.sent", { numbers: "SO-20261123-000042" })).toContain("SO-20261123-000042");
    expect(translate("en", "queue.news.sent", { numbers: "SO-20261123-000042" })).toContain("SO-20261123-000042");
  });

  it("adds sent orders newest first, each once", () => {
    const first = mergeSent([], [order("a", "SO-1"), order("b", "SO-2")]);
    expect(first.map((o) => o.orderNumber)).toEqual(["SO-2", "SO-1"]);
    const again = mergeSent(first, [order("a", "SO-1"), order("c", "SO-3")]);
    expect(again.map((o) => o.orderNumber)).toEqual(["SO-3", "SO-1", "SO-2"]);
  });
});
