// The promotions' words. Part of the UI's words (../i18n/messages.ts): `zh` is the reference and `en` must have exactly
// its keys, which the type of `en` checks.

export const zh = {
  "promotions.label": "促销优惠",
  "promotions.free": "赠送 {quantity}（{code}）",

  "promotions.title": "促销活动",
  "promotions.empty": "目前没有促销活动",
  "promotions.failed": "无法加载促销活动",
  "promotion.percentOff": "立减 {percent}%",
  "promotion.spendSave": "满 {threshold} 减 {off}",
  "promotion.buyGet": "买 {buy} 送 {get}",
  "promotion.covers.everything": "全部商品",
  "promotion.covers.brand": "品牌：{value}",
  "promotion.covers.category": "品类：{value}",
  "promotion.covers.product": "商品：{value}",
  "promotion.valid": "{from} 至 {to}",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "promotions.label": "Promotions",
  "promotions.free": "{quantity} free ({code})",

  "promotions.title": "Promotions",
  "promotions.empty": "No promotions at the moment",
  "promotions.failed": "Could not load the promotions",
  "promotion.percentOff": "{percent}% off",
  "promotion.spendSave": "{off} off when you spend {threshold}",
  "promotion.buyGet": "Buy {buy}, get {get} free",
  "promotion.covers.everything": "All products",
  "promotion.covers.brand": "Brand: {value}",
  "promotion.covers.category": "Category: {value}",
  "promotion.covers.product": "Product: {value}",
  "promotion.valid": "{from} to {to}",
};
