// The rules a new password must meet, as the hub checks them (`password_problem` in crates/protocol/src/auth.rs,
// plus the hub's "must differ from the current one"), so the change-password form can say what is wrong while the
// buyer types instead of after a round trip. The hub stays the judge: whatever it answers is shown as well.
import type { MessageKey } from "../i18n/messages";

/** A rule the hub applies to a new password. */
export type PasswordRule = "too_short" | "is_username" | "digits_only" | "same_as_current";

/** Everything the form can find wrong, in the order it is reported. */
export type FormProblem = "missing_current" | PasswordRule | "missing_repeat" | "mismatch";

/** Which field a problem is about (it gets the focus and aria-invalid). */
export type PasswordField = "current" | "new" | "repeat";

export type PasswordForm = { current: string; next: string; repeat: string };

export const MIN_PASSWORD_CHARS = 8;

/** Characters as Rust's `chars()` counts them (Unicode scalar values), not UTF-16 units. */
function charCount(text: string): number {
  return [...text].length;
}

/**
 * The hub's `password_problem`, rule for rule and in the same order: at least 8 characters, not the user name,
 * not digits (0–9) only. Null when the password is acceptable.
 */
export function passwordProblem(password: string, username: string): PasswordRule | null {
  if (charCount(password) < MIN_PASSWORD_CHARS) return "too_short";
  if (password === username) return "is_username";
  if (/^[0-9]+$/.test(password)) return "digits_only";
  return null;
}

/** The hub also refuses a "new" password equal to the current one (checked only once both are typed). */
export function newPasswordProblem(form: Pick<PasswordForm, "current" | "next">, username: string): PasswordRule | null {
  const rule = passwordProblem(form.next, username);
  if (rule) return rule;
  if (form.current !== "" && form.next === form.current) return "same_as_current";
  return null;
}

/** Each rule and whether the new password meets it, for the checklist under the field. */
export function ruleChecklist(form: Pick<PasswordForm, "current" | "next">, username: string): { rule: PasswordRule; ok: boolean }[] {
  const next = form.next;
  return [
    { rule: "too_short", ok: charCount(next) >= MIN_PASSWORD_CHARS },
    { rule: "is_username", ok: next !== "" && next !== username },
    { rule: "digits_only", ok: next !== "" && !/^[0-9]+$/.test(next) },
    { rule: "same_as_current", ok: next !== "" && (form.current === "" || next !== form.current) },
  ];
}

/**
 * What to say while the buyer types: nothing about a field not started yet, and no "does not match" while the
 * repeat is still a beginning of the new password (the buyer is typing it).
 */
export function liveProblem(form: PasswordForm, username: string): FormProblem | null {
  if (form.next !== "") {
    const rule = newPasswordProblem(form, username);
    if (rule) return rule;
  }
  if (form.repeat !== "" && form.repeat !== form.next) {
    const stillTyping = form.repeat.length < form.next.length && form.next.startsWith(form.repeat);
    if (!stillTyping) return "mismatch";
  }
  return null;
}

/** What stops a submit, if anything: every field is checked, in the order of the form. */
export function submitProblem(form: PasswordForm, username: string): FormProblem | null {
  if (form.current === "") return "missing_current";
  const rule = newPasswordProblem(form, username);
  if (rule) return rule;
  if (form.repeat === "") return "missing_repeat";
  if (form.repeat !== form.next) return "mismatch";
  return null;
}

export function problemField(problem: FormProblem): PasswordField {
  if (problem === "missing_current") return "current";
  if (problem === "missing_repeat" || problem === "mismatch") return "repeat";
  return "new";
}

/** The message for each problem (and, for a rule, the checklist line is `password.rule.<rule>`). */
export const PROBLEM_KEYS: Record<FormProblem, MessageKey> = {
  missing_current: "password.problem.missing_current",
  too_short: "password.problem.too_short",
  is_username: "password.problem.is_username",
  digits_only: "password.problem.digits_only",
  same_as_current: "password.problem.same_as_current",
  missing_repeat: "password.problem.missing_repeat",
  mismatch: "password.problem.mismatch",
};

export const RULE_KEYS: Record<PasswordRule, MessageKey> = {
  too_short: "password.rule.too_short",
  is_username: "password.rule.is_username",
  digits_only: "password.rule.digits_only",
  same_as_current: "password.rule.same_as_current",
};

/**
 * Which rule a `password_too_weak` answer names. The hub's (and the desk's) message is the English sentence of
 * `password_problem`; a message this UI does not recognise gives null (then the general sentence and the message).
 */
export function ruleFromMessage(message: string): PasswordRule | null {
  const m = message.toLowerCase();
  if (m.includes("at least") || m.includes("characters")) return "too_short";
  if (m.includes("user name") || m.includes("username")) return "is_username";
  if (m.includes("digits")) return "digits_only";
  if (m.includes("differ") || m.includes("current one")) return "same_as_current";
  return null;
}
