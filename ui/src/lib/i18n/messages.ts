// The UI's words in both languages. Each feature folder owns its words in its own `messages.ts` (words used
// across the whole app are in ./common.ts); `zh` and `en` here join them. `zh` is the reference: `en` must have
// exactly the same keys (checked by the type of each feature's `en`, the type below and the unit tests, which also
// check that no key is in two tables). `{name}` marks a parameter filled in by `translate`.

import * as cart from "../cart/messages";
import * as catalogue from "../catalogue/messages";
import * as customers from "../customers/messages";
import * as grid from "../grid/messages";
import * as home from "../home/messages";
import * as login from "../accounts/messages";
import * as orders from "../orders/messages";
import * as pricing from "../pricing/messages";
import * as promotions from "../promotions/messages";
import * as queue from "../orders/queue/messages";
import * as review from "../review/messages";
import * as settings from "../settings/messages";
import * as supply from "../supply/messages";
import * as shell from "../shell/messages";
import * as common from "./common";

export type Locale = "zh" | "en";
export const LOCALES: readonly Locale[] = ["zh", "en"];
export const DEFAULT_LOCALE: Locale = "zh";

/** Every table of words, by the folder that owns it. A new table is added here and in `zh` and `en` below. */
export const MESSAGE_TABLES = {
  common,
  login,
  shell,
  grid,
  catalogue,
  cart,
  orders,
  home,
  queue,
  settings,
  promotions,
  review,
  customers,
  pricing,
  supply,
} as const;

export const zh = {
  ...common.zh,
  ...login.zh,
  ...shell.zh,
  ...grid.zh,
  ...catalogue.zh,
  ...cart.zh,
  ...orders.zh,
  ...home.zh,
  ...queue.zh,
  ...settings.zh,
  ...promotions.zh,
  ...review.zh,
  ...customers.zh,
  ...pricing.zh,
  ...supply.zh,
} as const;

export type MessageKey = keyof typeof zh;

export const en: Record<MessageKey, string> = {
  ...common.en,
  ...login.en,
  ...shell.en,
  ...grid.en,
  ...catalogue.en,
  ...cart.en,
  ...orders.en,
  ...home.en,
  ...queue.en,
  ...settings.en,
  ...promotions.en,
  ...review.en,
  ...customers.en,
  ...pricing.en,
  ...supply.en,
};

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { zh, en };

export type Params = Record<string, string | number>;

/** A sentence to show later, in whatever language is chosen then: a message key and its parameters. */
export type Phrase = { key: MessageKey; params?: Params };

/**
 * Fill `{name}` placeholders; a placeholder without a value stays as it is, so a gap is visible, not blank.
 * `{count|one|other}` picks the English singular or plural by the number (`1 product`, `2 products`; Chinese
 * needs none).
 */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  const has = (name: string) => Object.prototype.hasOwnProperty.call(params, name);
  return template
    .replace(/\{(\w+)\|([^|{}]*)\|([^|{}]*)\}/g, (whole, name: string, one: string, other: string) =>
      has(name) ? (Number(params[name]) === 1 ? one : other) : whole,
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) => (has(name) ? String(params[name]) : whole));
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const table = MESSAGES[locale] ?? MESSAGES[DEFAULT_LOCALE];
  return interpolate(table[key] ?? MESSAGES[DEFAULT_LOCALE][key] ?? key, params);
}

export function isLocale(value: unknown): value is Locale {
  return value === "zh" || value === "en";
}
