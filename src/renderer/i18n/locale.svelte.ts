import i18next, { type TOptions } from 'i18next';
import type { Language } from '../../shared/config-schema';
import { en } from './en';
import { zhCN } from './zh-CN';

/**
 * The mirror's language: i18next holds the strings (en, zh-CN); this wraps it in Svelte state so every `t()` in a
 * template re-renders when the shopper switches language.
 */
class Locale {
  lang = $state<Language>('en');
  private readonly i18n = i18next.createInstance();

  constructor() {
    void this.i18n.init({
      lng: 'en',
      fallbackLng: 'en',
      resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
      interpolation: { escapeValue: false },
      initAsync: false,
    });
  }

  /** Translates `key` (e.g. `shop.tryOn`) in the current language. */
  t = (key: string, options?: TOptions): string => {
    void this.lang;
    return this.i18n.t(key, options) as string;
  };

  /** The store's language (config), which every new shopper starts in. */
  private storeDefault: Language = 'en';

  /** Sets the store's default language and switches to it. */
  setStoreDefault(lang: Language): void {
    this.storeDefault = lang;
    this.set(lang);
  }

  /** Back to the store's language (a shopper's session ended). */
  reset(): void {
    if (this.lang !== this.storeDefault) this.set(this.storeDefault);
  }

  set(lang: Language): void {
    void this.i18n.changeLanguage(lang);
    this.lang = lang;
    document.documentElement.lang = lang;
  }

  /** A catalog text (product or category name) in the current language: its translation, else the catalog's own. */
  name = (base: string, names: Record<string, string> | undefined): string => names?.[this.lang] || base;

  /** A colour as the catalog spells it, in the current language. */
  colour = (colour: string, colourNames: Record<string, Record<string, string>> | undefined): string => colourNames?.[this.lang]?.[colour] || colour;

  /** A price in the currency's minor unit, formatted for the current language (`¥299.00`, `CN¥299.00`). */
  price = (minor: number, currency: string): string => {
    const fmt = new Intl.NumberFormat(this.lang, { style: 'currency', currency });
    const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
    return fmt.format(minor / 10 ** digits);
  };
}

export const locale = new Locale();
export const t = locale.t;
