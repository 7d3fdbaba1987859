// The supplier's promotions (促销): which products each one covers, which are on today for this customer, and
// how to say what each one gives.
import { translate, type Locale, type MessageKey, type Params, type Phrase } from "../i18n/messages";
import { formatMoney } from "../format";
import type { Covers, Product, Promotion } from "../types";

/** As the hub decides it: everything; a brand; a category and the categories under it ("饮料" covers "饮料/矿泉水"); a product. */
export function covers(scope: Covers, product: Pick<Product, "code" | "brand" | "category">): boolean {
  switch (scope.scope) {
    case "everything":
      return true;
    case "brand":
      return product.brand === scope.value;
    case "category":
      return product.category === scope.value || product.category.startsWith(`${scope.value}/`);
    case "product":
      return product.code === scope.value;
  }
}

/**
 * Is the promotion on for this customer on `today` ("YYYY-MM-DD", in the supplier's zone)? Its tiers (none: every
 * customer) and its dates, both ends included.
 */
export function isCurrent(promotion: Pick<Promotion, "tiers" | "validFrom" | "validTo">, today: string, tier: string | null): boolean {
  const forTier = promotion.tiers.length === 0 || tier === null || promotion.tiers.includes(tier);
  return forTier && promotion.validFrom <= today && today <= promotion.validTo;
}

/** The promotions that cover a product, in id order. */
export function promotionsFor<P extends Pick<Promotion, "covers" | "id">>(
  promotions: readonly P[],
  product: Pick<Product, "code" | "brand" | "category">,
): P[] {
  return promotions.filter((p) => covers(p.covers, product)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What it gives: "满 ¥1,000.00 减 ¥50.00", "买 10 送 1", "95 折 (5% off)". */
export function termsPhrase(promotion: Promotion): Phrase {
  switch (promotion.kind) {
    case "percent_off":
      return { key: "promotion.percentOff", params: { percent: trimZeros(promotion.percent) } };
    case "spend_save":
      return {
        key: "promotion.spendSave",
        params: { threshold: formatMoney(promotion.threshold), off: formatMoney(promotion.off) },
      };
    case "buy_get":
      return { key: "promotion.buyGet", params: { buy: promotion.buy, get: promotion.get } };
  }
}

/** Which products: "全部商品", "品牌：中华", "品类：饮料", "商品：1001001". */
export function coversPhrase(scope: Covers): Phrase {
  const keys: Record<Covers["scope"], MessageKey> = {
    everything: "promotion.covers.everything",
    brand: "promotion.covers.brand",
    category: "promotion.covers.category",
    product: "promotion.covers.product",
  };
  const params: Params | undefined = scope.scope === "everything" ? undefined : { value: scope.value };
  return { key: keys[scope.scope], params };
}

export function phraseText(locale: Locale, phrase: Phrase): string {
  return translate(locale, phrase.key, phrase.params);
}

/** "5.00" → "5", "2.50" → "2.5". */
function trimZeros(decimal: string): string {
  return decimal.includes(".") ? decimal.replace(/0+$/, "").replace(/\.$/, "") : decimal;
}
