// The current language, shared by every component. Reading `i18n.locale` (directly or through `t`) inside a
// template or $derived makes it follow language changes.
import type { ApiError, LineProblem, Product } from "../types";
import { errorDetail, errorText, problemText } from "./errors";
import { DEFAULT_LOCALE, isLocale, translate, type Locale, type MessageKey, type Params, type Phrase } from "./messages";

export type { Phrase };

const STORAGE_KEY = "restock.locale";

function stored(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

function applyToDocument(locale: Locale) {
  if (typeof document !== "undefined") document.documentElement.lang = locale === "zh" ? "zh-CN" : "en";
}

class I18n {
  locale = $state<Locale>(stored());

  constructor() {
    applyToDocument(this.locale);
  }

  set(locale: Locale) {
    this.locale = locale;
    applyToDocument(locale);
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Storage unavailable: the choice lasts for this run only.
    }
  }

  toggle() {
    this.set(this.locale === "zh" ? "en" : "zh");
  }
}

export const i18n = new I18n();

export const t = (key: MessageKey, params?: Params): string => translate(i18n.locale, key, params);
export const tPhrase = (phrase: Phrase): string => translate(i18n.locale, phrase.key, phrase.params);
export const tError = (error: Pick<ApiError, "code" | "message">): string => errorText(i18n.locale, error);
export const tErrorDetail = (error: Pick<ApiError, "code" | "message">): string | null => errorDetail(error);
export const tProblem = (
  problem: Pick<LineProblem, "code" | "message">,
  rules?: Pick<Product, "packMultiple" | "minPerOrder" | "maxPerOrder">,
): string => problemText(i18n.locale, problem, rules);
