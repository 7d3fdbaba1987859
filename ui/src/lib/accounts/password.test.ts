import { describe, expect, it } from "vitest";
import { en, zh } from "../i18n/messages";
import {
  liveProblem,
  newPasswordProblem,
  passwordProblem,
  PROBLEM_KEYS,
  problemField,
  RULE_KEYS,
  ruleChecklist,
  ruleFromMessage,
  submitProblem,
} from "./password";

describe("the hub's password rule", () => {
  it("wants at least 8 characters, counted as characters, not bytes", () => {
    expect(passwordProblem("", "c001")).toBe("too_short");
    expect(passwordProblem("abc1234", "c001")).toBe("too_short");
    expect(passwordProblem("abcd1234", "c001")).toBeNull();
    expect(passwordProblem("订货密码一二三", "c001")).toBe("too_short"); // 7 characters
    expect(passwordProblem("订货密码一二三四", "c001")).toBeNull();
    expect(passwordProblem("😀😀😀😀😀😀😀😀", "c001")).toBeNull(); // 8 characters, 16 UTF-16 units
    expect(passwordProblem("😀😀😀😀", "c001")).toBe("too_short");
  });

  it("refuses the user name, exactly as typed", () => {
    expect(passwordProblem("customer01", "customer01")).toBe("is_username");
    expect(passwordProblem("Customer01", "customer01")).toBeNull();
  });

  it("refuses digits only, but not digits with anything else", () => {
    expect(passwordProblem("12345678", "c001")).toBe("digits_only");
    expect(passwordProblem("1234567a", "c001")).toBeNull();
    expect(passwordProblem("1234 5678", "c001")).toBeNull();
    expect(passwordProblem("１２３４５６７８", "c001")).toBeNull(); // full-width digits are not ASCII digits
  });

  it("checks in the hub's order: length first, then the user name", () => {
    expect(passwordProblem("12345678", "12345678")).toBe("is_username");
    expect(passwordProblem("1234", "1234")).toBe("too_short");
  });

  it("also refuses the current password as the new one", () => {
    expect(newPasswordProblem({ current: "issued-pass", next: "issued-pass" }, "c001")).toBe("same_as_current");
    expect(newPasswordProblem({ current: "", next: "issued-pass" }, "c001")).toBeNull();
    expect(newPasswordProblem({ current: "short", next: "short" }, "c001")).toBe("too_short");
  });
});

describe("the change-password form", () => {
  const user = "c001";

  it("says nothing before anything is typed", () => {
    expect(liveProblem({ current: "", next: "", repeat: "" }, user)).toBeNull();
    expect(liveProblem({ current: "old-pass", next: "", repeat: "" }, user)).toBeNull();
  });

  it("names the broken rule as the new password is typed", () => {
    expect(liveProblem({ current: "", next: "abc", repeat: "" }, user)).toBe("too_short");
    expect(liveProblem({ current: "", next: "87654321", repeat: "" }, user)).toBe("digits_only");
    expect(liveProblem({ current: "", next: "good-pass", repeat: "" }, user)).toBeNull();
  });

  it("does not call a repeat that is still being typed a mismatch", () => {
    expect(liveProblem({ current: "", next: "good-pass", repeat: "good" }, user)).toBeNull();
    expect(liveProblem({ current: "", next: "good-pass", repeat: "goox" }, user)).toBe("mismatch");
    expect(liveProblem({ current: "", next: "good-pass", repeat: "good-pass!" }, user)).toBe("mismatch");
    expect(liveProblem({ current: "", next: "good-pass", repeat: "good-pass" }, user)).toBeNull();
  });

  it("checks every field on submit, in the order of the form", () => {
    expect(submitProblem({ current: "", next: "", repeat: "" }, user)).toBe("missing_current");
    expect(submitProblem({ current: "old-pass", next: "", repeat: "" }, user)).toBe("too_short");
    expect(submitProblem({ current: "old-pass", next: "good-pass", repeat: "" }, user)).toBe("missing_repeat");
    expect(submitProblem({ current: "old-pass", next: "good-pass", repeat: "good" }, user)).toBe("mismatch");
    expect(submitProblem({ current: "old-pass", next: "old-pass", repeat: "old-pass" }, user)).toBe("same_as_current");
    expect(submitProblem({ current: "old-pass", next: "good-pass", repeat: "good-pass" }, user)).toBeNull();
  });

  it("puts each problem on its field", () => {
    expect(problemField("missing_current")).toBe("current");
    expect(problemField("too_short")).toBe("new");
    expect(problemField("same_as_current")).toBe("new");
    expect(problemField("mismatch")).toBe("repeat");
    expect(problemField("missing_repeat")).toBe("repeat");
  });

  it("ticks the rules off one by one", () => {
    const ok = (next: string, current = "") =>
      Object.fromEntries(ruleChecklist({ current, next }, user).map((r) => [r.rule, r.ok]));
    expect(ok("")).toEqual({ too_short: false, is_username: false, digits_only: false, same_as_current: false });
    expect(ok("12345678")).toEqual({ too_short: true, is_username: true, digits_only: false, same_as_current: true });
    expect(ok("good-pass", "good-pass")).toMatchObject({ same_as_current: false });
    expect(ok("good-pass", "old-pass")).toEqual({ too_short: true, is_username: true, digits_only: true, same_as_current: true });
  });

  it("has words for every problem and rule in both languages", () => {
    for (const key of [...Object.values(PROBLEM_KEYS), ...Object.values(RULE_KEYS)]) {
      expect(zh[key], key).toBeTruthy();
      expect(en[key], key).toBeTruthy();
    }
  });
});

describe("the hub's password_too_weak message", () => {
  it("is traced back to the rule it names", () => {
    expect(ruleFromMessage("the new password needs at least 8 characters")).toBe("too_short");
    expect(ruleFromMessage("the new password must not be the user name")).toBe("is_username");
    expect(ruleFromMessage("the new password must not be digits only")).toBe("digits_only");
    expect(ruleFromMessage("the new password must differ from the current one")).toBe("same_as_current");
    expect(ruleFromMessage("something else entirely")).toBeNull();
  });
});
