import { describe, expect, it } from "vitest";
import type { SupplierConnection } from "../types";
import { connectionName, hubLabel, sortSuppliers } from "./suppliers";

function connection(id: number, name: string, hubUrl: string, isCurrent = false): SupplierConnection {
  return {
    id,
    isCurrent,
    loggedIn: true,
    session: {
      hubUrl,
      username: "u",
      role: "buyer",
      branch: null,
      mustChangePassword: false,
      account: { username: "u", customerCode: "C-1", customerName: name, tier: "A" },
    },
  };
}

describe("suppliers", () => {
  it("are named by their hub's host", () => {
    expect(hubLabel("https://hub.example.com/")).toBe("hub.example.com");
    expect(hubLabel("http://127.0.0.1:8443/api")).toBe("127.0.0.1:8443");
    expect(hubLabel("hub.local/")).toBe("hub.local");
  });

  it("list the current one first", () => {
    const sorted = sortSuppliers([
      connection(1, "乙", "https://b.example"),
      connection(2, "甲", "https://a.example", true),
      connection(3, "Alpha", "https://c.example"),
    ]);
    expect(sorted.map((c) => c.id)[0]).toBe(2);
    expect(sorted).toHaveLength(3);
  });

  it("name a staff connection by its user, a customer's by the customer", () => {
    const staff = { ...connection(4, "", "https://a.example").session, username: "xihu-reviewer", role: "reviewer" as const, account: null };
    expect(connectionName(staff)).toBe("xihu-reviewer");
    expect(connectionName(connection(5, "杭州副食", "https://a.example").session)).toBe("杭州副食");
  });
});
