// The approval limit as the approver types it: yuan, to the fen, or empty for "no limit".

export type ParsedLimit = { ok: true; value: string | null } | { ok: false };

/** "5000", "5,000.5" or "¥5000.50" → "5000.50"; "" → null (no limit); anything else (negative, finer than a fen) is refused. */
export function parseLimit(text: string): ParsedLimit {
  const plain = text.trim().replace(/^[¥￥]/, "").replace(/[,，\s]/g, "");
  if (plain === "") return { ok: true, value: null };
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(plain);
  if (!match) return { ok: false };
  const yuan = match[1].replace(/^0+(?=\d)/, "");
  const fen = (match[2] ?? "").padEnd(2, "0");
  return { ok: true, value: `${yuan}.${fen}` };
}
