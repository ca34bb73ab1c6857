//! Money: never a float.
//!
//! The API writes an amount as a decimal string (`"12500.00"`) next to an ISO 4217 `currency`;
//! storage keeps an `i64` of minor units (cents for USD, yen for JPY, fils for KWD) beside the
//! currency code. The number of decimals a currency allows comes from ISO 4217, so `"10.5"` JPY
//! is refused rather than silently rounded.

/// ISO 4217 codes in use, with their number of minor-unit digits, sorted by code.
#[rustfmt::skip]
const CURRENCIES: &[(&str, u32)] = &[
    ("AED", 2), ("AFN", 2), ("ALL", 2), ("AMD", 2), ("ANG", 2), ("AOA", 2), ("ARS", 2),
    ("AUD", 2), ("AWG", 2), ("AZN", 2), ("BAM", 2), ("BBD", 2), ("BDT", 2), ("BGN", 2),
    ("BHD", 3), ("BIF", 0), ("BMD", 2), ("BND", 2), ("BOB", 2), ("BRL", 2), ("BSD", 2),
    ("BTN", 2), ("BWP", 2), ("BYN", 2), ("BZD", 2), ("CAD", 2), ("CDF", 2), ("CHF", 2),
    ("CLP", 0), ("CNY", 2), ("COP", 2), ("CRC", 2), ("CUP", 2), ("CVE", 2), ("CZK", 2),
    ("DJF", 0), ("DKK", 2), ("DOP", 2), ("DZD", 2), ("EGP", 2), ("ERN", 2), ("ETB", 2),
    ("EUR", 2), ("FJD", 2), ("FKP", 2), ("GBP", 2), ("GEL", 2), ("GHS", 2), ("GIP", 2),
    ("GMD", 2), ("GNF", 0), ("GTQ", 2), ("GYD", 2), ("HKD", 2), ("HNL", 2), ("HTG", 2),
    ("HUF", 2), ("IDR", 2), ("ILS", 2), ("INR", 2), ("IQD", 3), ("IRR", 2), ("ISK", 0),
    ("JMD", 2), ("JOD", 3), ("JPY", 0), ("KES", 2), ("KGS", 2), ("KHR", 2), ("KMF", 0),
    ("KRW", 0), ("KWD", 3), ("KYD", 2), ("KZT", 2), ("LAK", 2), ("LBP", 2), ("LKR", 2),
    ("LRD", 2), ("LSL", 2), ("LYD", 3), ("MAD", 2), ("MDL", 2), ("MGA", 2), ("MKD", 2),
    ("MMK", 2), ("MNT", 2), ("MOP", 2), ("MRU", 2), ("MUR", 2), ("MVR", 2), ("MWK", 2),
    ("MXN", 2), ("MYR", 2), ("MZN", 2), ("NAD", 2), ("NGN", 2), ("NIO", 2), ("NOK", 2),
    ("NPR", 2), ("NZD", 2), ("OMR", 3), ("PAB", 2), ("PEN", 2), ("PGK", 2), ("PHP", 2),
    ("PKR", 2), ("PLN", 2), ("PYG", 0), ("QAR", 2), ("RON", 2), ("RSD", 2), ("RUB", 2),
    ("RWF", 0), ("SAR", 2), ("SBD", 2), ("SCR", 2), ("SDG", 2), ("SEK", 2), ("SGD", 2),
    ("SHP", 2), ("SLE", 2), ("SOS", 2), ("SRD", 2), ("SSP", 2), ("STN", 2), ("SVC", 2),
    ("SYP", 2), ("SZL", 2), ("THB", 2), ("TJS", 2), ("TMT", 2), ("TND", 3), ("TOP", 2),
    ("TRY", 2), ("TTD", 2), ("TWD", 2), ("TZS", 2), ("UAH", 2), ("UGX", 0), ("USD", 2),
    ("UYU", 2), ("UZS", 2), ("VES", 2), ("VND", 0), ("VUV", 0), ("WST", 2), ("XAF", 0),
    ("XCD", 2), ("XOF", 0), ("XPF", 0), ("YER", 2), ("ZAR", 2), ("ZMW", 2), ("ZWG", 2),
];

/// Why an amount or a currency was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not an ISO 4217 code in use.
    #[error("{0} is not an ISO 4217 currency code such as USD or EUR")]
    UnknownCurrency(String),
    /// Not a decimal string.
    #[error("must be a decimal string such as \"12500.00\"")]
    NotDecimal,
    /// More decimals than the currency has.
    #[error("{currency} amounts have at most {digits} decimals")]
    TooPrecise {
        /// The currency.
        currency: String,
        /// Its minor-unit digits.
        digits: u32,
    },
    /// Beyond what is stored.
    #[error("is too large")]
    TooLarge,
}

/// The minor-unit digits of an ISO 4217 currency code, if it is one in use.
pub fn currency_digits(code: &str) -> Option<u32> {
    CURRENCIES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| CURRENCIES[i].1)
}

/// Checks a currency code (upper-case ISO 4217).
pub fn check_currency(code: &str) -> Result<(), MoneyError> {
    currency_digits(code)
        .map(|_| ())
        .ok_or_else(|| MoneyError::UnknownCurrency(code.to_owned()))
}

/// Parses a decimal string into minor units of `currency`.
///
/// Accepts an optional leading `-`, digits, and at most the currency's number of decimals
/// (`"12500"`, `"12500.5"`, `"12500.50"` for USD). No exponents, no thousands separators.
pub fn parse_amount(text: &str, currency: &str) -> Result<i64, MoneyError> {
    let digits = currency_digits(currency)
        .ok_or_else(|| MoneyError::UnknownCurrency(currency.to_owned()))?;
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (unsigned, ""),
    };
    let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !is_digits(whole)
        || !is_digits(fraction)
        || (unsigned.contains('.') && fraction.is_empty())
    {
        return Err(MoneyError::NotDecimal);
    }
    if fraction.len() as u32 > digits {
        return Err(MoneyError::TooPrecise {
            currency: currency.to_owned(),
            digits,
        });
    }
    let scale = 10_i64.pow(digits);
    let whole: i64 = whole.parse().map_err(|_| MoneyError::TooLarge)?;
    let mut minor_fraction: i64 = 0;
    if !fraction.is_empty() {
        minor_fraction = fraction.parse().map_err(|_| MoneyError::NotDecimal)?;
        minor_fraction *= 10_i64.pow(digits - fraction.len() as u32);
    }
    let magnitude = whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(minor_fraction))
        .ok_or(MoneyError::TooLarge)?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// Formats minor units of `currency` as the API's decimal string (`1250000` USD -> `"12500.00"`).
pub fn format_amount(minor: i64, currency: &str) -> String {
    let digits = currency_digits(currency).unwrap_or(2);
    if digits == 0 {
        return minor.to_string();
    }
    let scale = 10_u64.pow(digits);
    let magnitude = minor.unsigned_abs();
    let sign = if minor < 0 { "-" } else { "" };
    format!(
        "{sign}{}.{:0width$}",
        magnitude / scale,
        magnitude % scale,
        width = digits as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_currency_table_is_sorted_for_binary_search() {
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn amounts_parse_to_minor_units_of_their_currency() {
        assert_eq!(parse_amount("12500.00", "USD"), Ok(1_250_000));
        assert_eq!(parse_amount("12500.5", "USD"), Ok(1_250_050));
        assert_eq!(parse_amount("12500", "USD"), Ok(1_250_000));
        assert_eq!(parse_amount("-0.01", "EUR"), Ok(-1));
        assert_eq!(parse_amount("1000", "JPY"), Ok(1000));
        assert_eq!(parse_amount("1.234", "KWD"), Ok(1234));
    }

    #[test]
    fn amounts_that_are_not_plain_decimals_are_refused() {
        assert_eq!(parse_amount("1e5", "USD"), Err(MoneyError::NotDecimal));
        assert_eq!(parse_amount("1,000.00", "USD"), Err(MoneyError::NotDecimal));
        assert_eq!(parse_amount("12.", "USD"), Err(MoneyError::NotDecimal));
        assert_eq!(parse_amount(".5", "USD"), Err(MoneyError::NotDecimal));
        assert_eq!(parse_amount("", "USD"), Err(MoneyError::NotDecimal));
        assert!(matches!(
            parse_amount("10.5", "JPY"),
            Err(MoneyError::TooPrecise { digits: 0, .. })
        ));
        assert_eq!(
            parse_amount("99999999999999999999", "USD"),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(
            parse_amount("1", "XXX"),
            Err(MoneyError::UnknownCurrency("XXX".into()))
        );
    }

    #[test]
    fn amounts_format_with_the_currency_digits() {
        assert_eq!(format_amount(1_250_000, "USD"), "12500.00");
        assert_eq!(format_amount(-1, "EUR"), "-0.01");
        assert_eq!(format_amount(1000, "JPY"), "1000");
        assert_eq!(format_amount(1234, "KWD"), "1.234");
        assert_eq!(format_amount(i64::MIN, "USD"), "-92233720368547758.08");
    }
}
