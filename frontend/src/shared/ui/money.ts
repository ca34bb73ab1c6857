// Sums of money. The API sends amounts as decimal strings ("125000.50"): they are added as whole
// numbers of their smallest digit (BigInt), never as floats, so a column of deals adds up exactly.

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

type Scaled = { units: bigint; scale: number };

/** A decimal string as a whole number and how many digits follow the point; null when it is not one. */
function parse(amount: string): Scaled | null {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return null;
  const [, sign, whole = '0', fraction = ''] = match;
  const units = BigInt(whole + fraction);
  return { units: sign ? -units : units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function print(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** The exact sum of decimal strings (`["0.10", "0.20"]` -> `"0.30"`); strings that are not decimals are skipped. */
export function addDecimals(amounts: readonly string[]): string {
  const values = amounts.map(parse).filter((v): v is Scaled => v !== null);
  const scale = Math.max(0, ...values.map((v) => v.scale));
  const total = values.reduce((sum, v) => sum + rescale(v, scale), 0n);
  return print(total, scale);
}

export type CurrencyTotal = { currency: string; amount: string; count: number };

/**
 * The sum of the amounts per currency, by currency code. Amounts without a
 * currency or without an amount are left out (they cannot be added to anything).
 */
export function sumByCurrency(items: readonly { amount: string | null | undefined; currency: string | null | undefined }[]): CurrencyTotal[] {
  const byCurrency = new Map<string, string[]>();
  for (const { amount, currency } of items) {
    if (!amount || !currency || !parse(amount)) continue;
    const list = byCurrency.get(currency) ?? [];
    list.push(amount);
    byCurrency.set(currency, list);
  }
  return [...byCurrency]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amounts]) => ({ currency, amount: addDecimals(amounts), count: amounts.length }));
}

/** The currencies offered in forms (any ISO 4217 code is accepted by the API). */
export const CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'CNY', 'INR', 'BRL'];
