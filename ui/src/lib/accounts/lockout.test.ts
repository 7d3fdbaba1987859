import { describe, expect, it } from "vitest";
import { translate } from "../i18n/messages";
import { lockedUntil } from "./lockout";

describe("an account lock", () => {
  it("names the time the hub gave", () => {
    const message = "too many wrong passwords: this account is locked until 14:05; try again then, or ask the supplier to reset the password";
    expect(lockedUntil(message)).toBe("14:05");
    expect(translate("zh", "login.lockedUntil", { time: "14:05" })).toContain("14:05");
    expect(translate("en", "login.lockedUntil", { time: "14:05" })).toContain("locked until 14:05");
  });

  it("gives nothing when the message names no time", () => {
    expect(lockedUntil("account locked")).toBeNull();
    expect(lockedUntil("")).toBeNull();
  });
});
