// An `account_locked` answer (too many wrong passwords) names the time the lock ends, on the supplier's clock:
// "too many wrong passwords: this account is locked until 14:05; …". The login form says it in the buyer's language.

/** The "HH:MM" the lock ends at, as the hub wrote it; null when the message names no time. */
export function lockedUntil(message: string): string | null {
  const match = /\buntil\s+(\d{1,2}:\d{2})\b/i.exec(message);
  return match ? match[1] : null;
}
