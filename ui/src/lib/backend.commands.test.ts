// The command names and argument objects the password and queue calls send (Tauri matches them to the Rust
// commands' snake_case names and camelCase arguments).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const backend = await import("./backend");

describe("password and queue commands", () => {
  const g = globalThis as { window?: unknown };
  const hadWindow = "window" in g;
  const previous = g.window;

  beforeAll(() => {
    g.window = { __TAURI_INTERNALS__: {} };
  });

  afterAll(() => {
    if (hadWindow) g.window = previous;
    else delete g.window;
  });

  beforeEach(() => {
    invoke.mockReset();
    invoke.mockResolvedValue(null);
  });

  it("send one camelCase argument object each", async () => {
    await backend.changePassword("issued-1", "new-pass-1");
    expect(invoke).toHaveBeenLastCalledWith("change_password", { currentPassword: "issued-1", newPassword: "new-pass-1" });
    await backend.queuedOrders();
    expect(invoke).toHaveBeenLastCalledWith("queued_orders", undefined);
    await backend.sendQueued();
    expect(invoke).toHaveBeenLastCalledWith("send_queued", undefined);
    await backend.dismissQueued("0190-abc");
    expect(invoke).toHaveBeenLastCalledWith("dismiss_queued", { orderId: "0190-abc" });
  });

  it("send the approver's commands with the order id and the reason", async () => {
    await backend.approveOrder("0190-abc");
    expect(invoke).toHaveBeenLastCalledWith("approve_order", { orderId: "0190-abc" });
    await backend.declineOrder("0190-abc", "本月已够");
    expect(invoke).toHaveBeenLastCalledWith("decline_order", { orderId: "0190-abc", reason: "本月已够" });
    await backend.setApprovalLimit("5000.00");
    expect(invoke).toHaveBeenLastCalledWith("set_approval_limit", { approvalOver: "5000.00" });
    await backend.setApprovalLimit(null);
    expect(invoke).toHaveBeenLastCalledWith("set_approval_limit", { approvalOver: null });
  });

  it("send the catalogue, picture, promotion and supplier commands' arguments as the Rust side names them", async () => {
    const query = {
      text: "中华",
      category: "卷烟",
      brand: null,
      origin: null,
      minPrice: "20",
      maxPrice: null,
      sort: "sales" as const,
      limit: 200,
    };
    await backend.findProducts(query);
    expect(invoke).toHaveBeenLastCalledWith("find_products", { query });
    await backend.productImage("1001001");
    expect(invoke).toHaveBeenLastCalledWith("product_image", { productCode: "1001001" });
    await backend.promotions();
    expect(invoke).toHaveBeenLastCalledWith("promotions", undefined);
    await backend.listSuppliers();
    expect(invoke).toHaveBeenLastCalledWith("list_suppliers", undefined);
    await backend.switchSupplier(2);
    expect(invoke).toHaveBeenLastCalledWith("switch_supplier", { connectionId: 2 });
  });

  it("pass the backend's ApiError through", async () => {
    invoke.mockRejectedValue({ code: "password_change_required", message: "change the issued password first" });
    await expect(backend.sendQueued()).rejects.toEqual({
      code: "password_change_required",
      message: "change the issued password first",
    });
  });
});
