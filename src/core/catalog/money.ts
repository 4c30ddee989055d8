const digitsCache = new Map<string, number>();
let known: Set<string> | null = null;

/** True for an ISO 4217 code this runtime's Intl knows. */
export function isKnownCurrency(code: string): boolean {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return known.has(code);
}

/** Digits after the decimal point in the currency's minor unit: CNY 2, JPY 0, KWD 3. */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

/**
 * Parses a price written in major units (`299`, `299.5`, `299.00`) into integer minor units. Returns an error
 * message instead of guessing: no thousands separators, no currency symbols, no more decimals than the currency has.
 */
export function parsePrice(raw: string | number, currency: string): number | string {
  const s = typeof raw === 'number' ? String(raw) : raw.trim();
  const m = /^(\d{1,12})(?:\.(\d+))?$/.exec(s);
  if (!m) return `"${s}" is not a price: write digits with a dot for decimals, e.g. 299.00`;
  const digits = minorDigits(currency);
  const frac = m[2] ?? '';
  if (frac.length > digits && /[1-9]/.test(frac.slice(digits))) {
    return `"${s}" has more than ${digits} decimal place${digits === 1 ? '' : 's'} for ${currency}`;
  }
  const minor = Number(m[1]) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || '0');
  if (!Number.isSafeInteger(minor)) return `"${s}" is too large`;
  return minor;
}

/** Minor units back to the major-unit text `parsePrice` reads: 29900 CNY → `299.00`. */
export function formatPrice(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const s = String(minor).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}
