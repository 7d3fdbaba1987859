// The supplier's cut (削减) as typed into the open order: each line's new quantity, read and checked before it goes
// to the hub (which checks the same again): whole numbers, never higher than ordered, something lowered, not all.
import type { LineCut, OrderLine } from "../types";

export type CutProblem = "notANumber" | "higher" | "nothing" | "everything";

export type CutCheck = { lines: LineCut[] } | { problem: CutProblem; productCode?: string };

/** `entered`: the new quantity typed per product code; a line left alone keeps its quantity. */
export function checkCut(lines: Pick<OrderLine, "productCode" | "quantity">[], entered: Record<string, string>): CutCheck {
  const cuts: LineCut[] = [];
  let left = 0;
  for (const line of lines) {
    const text = (entered[line.productCode] ?? "").trim();
    if (text === "") {
      left += 1;
      continue;
    }
    if (!/^\d+$/.test(text)) return { problem: "notANumber", productCode: line.productCode };
    const quantity = Number(text);
    if (quantity > line.quantity) return { problem: "higher", productCode: line.productCode };
    if (quantity < line.quantity) cuts.push({ productCode: line.productCode, quantity });
    if (quantity > 0) left += 1;
  }
  if (cuts.length === 0) return { problem: "nothing" };
  if (left === 0) return { problem: "everything" };
  return { lines: cuts };
}
