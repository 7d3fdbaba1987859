import { describe, expect, it } from "vitest";
import { exactProduct, initialQuantity, normalizeCode } from "./codeEntry";

const products = [
  { code: "1001001", barcode: "6901028075015" },
  { code: "10010010", barcode: "" },
  { code: "AB-12", barcode: "6900000000001" },
];

describe("code entry", () => {
  it("reads codes typed with full-width characters and spaces", () => {
    expect(normalizeCode(" １００１００１ ")).toBe("1001001");
    expect(normalizeCode("ＡＢ－１２")).toBe("AB-12");
  });

  it("finds the product whose code is exactly the one typed, not one it is a prefix of", () => {
    expect(exactProduct(products, "1001001")?.code).toBe("1001001");
    expect(exactProduct(products, "10010010")?.code).toBe("10010010");
    expect(exactProduct(products, "100100")).toBeNull();
  });

  it("ignores case, and accepts a scanned barcode", () => {
    expect(exactProduct(products, "ab-12")?.code).toBe("AB-12");
    expect(exactProduct(products, "6901028075015")?.code).toBe("1001001");
    expect(exactProduct(products, "")).toBeNull();
  });

  it("starts a line at the pack multiple, or the minimum rounded up to the pack", () => {
    expect(initialQuantity({ packMultiple: 6, minPerOrder: 0 })).toBe(6);
    expect(initialQuantity({ packMultiple: 1, minPerOrder: 5 })).toBe(5);
    expect(initialQuantity({ packMultiple: 5, minPerOrder: 12 })).toBe(15);
    expect(initialQuantity({ packMultiple: 0, minPerOrder: 0 })).toBe(1);
  });
});
