import { describe, expect, it } from "vitest";
import { checkCut } from "./cuts";

const lines = [
  { productCode: "A", quantity: 10 },
  { productCode: "B", quantity: 2 },
];

describe("a cut typed into the open order", () => {
  it("sends only the lines lowered, 0 taking a line off", () => {
    expect(checkCut(lines, { A: "4", B: "2" })).toEqual({ lines: [{ productCode: "A", quantity: 4 }] });
    expect(checkCut(lines, { B: "0" })).toEqual({ lines: [{ productCode: "B", quantity: 0 }] });
  });

  it("refuses what the hub would refuse, naming the line", () => {
    expect(checkCut(lines, { A: "11" })).toEqual({ problem: "higher", productCode: "A" });
    expect(checkCut(lines, { A: "4.5" })).toEqual({ problem: "notANumber", productCode: "A" });
    expect(checkCut(lines, { A: "10" })).toEqual({ problem: "nothing" });
    expect(checkCut(lines, {})).toEqual({ problem: "nothing" });
    expect(checkCut(lines, { A: "0", B: "0" })).toEqual({ problem: "everything" });
  });
});
