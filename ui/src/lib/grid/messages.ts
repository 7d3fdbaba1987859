// The order grids' words, shared by the catalogue, the cart and the order lines: column headings and the quantity cell.
// Part of the UI's words (../i18n/messages.ts): `zh` is the reference and `en` must have exactly its keys, which the
// type of `en` checks.

export const zh = {
  "col.code": "商品编码",
  "col.name": "商品名称",
  "col.brand": "品牌",
  "col.specification": "规格",
  "col.unit": "单位",
  "col.packMultiple": "订货倍数",
  "col.price": "单价",
  "col.quantity": "订货数量",
  "col.lineAmount": "金额",
  "col.line": "行",

  "qty.label": "{name} 的订货数量",
  "qty.invalid": "请输入整数数量（0 表示从购物车删除）",
  "qty.saving": "正在保存…",

  "col.usual": "常用",

  "col.demand": "需求量",

  "col.orderQuantity": "订单量",
  "col.note": "说明",
  "col.supply": "可订量",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "col.code": "Code",
  "col.name": "Product",
  "col.brand": "Brand",
  "col.specification": "Specification",
  "col.unit": "Unit",
  "col.packMultiple": "Pack of",
  "col.price": "Price",
  "col.quantity": "Quantity",
  "col.lineAmount": "Amount",
  "col.line": "Line",

  "qty.label": "Quantity of {name}",
  "qty.invalid": "Enter a whole number (0 removes it from the cart)",
  "qty.saving": "Saving…",

  "col.usual": "Usual",

  "col.demand": "Demand",

  "col.orderQuantity": "Order qty",
  "col.note": "Note",
  "col.supply": "Can order",
};
