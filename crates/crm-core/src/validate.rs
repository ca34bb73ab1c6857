//! Field validation that lists every failing field at once.
//!
//! A form that reports one error at a time makes people submit it five times; integrators want the
//! whole list too. [`Validator`] collects [`FieldError`]s and turns them into one
//! [`DomainError::Validation`]. Texts are trimmed by the caller's type ([`clean`]) before checks,
//! so `"  "` counts as empty.

use crate::error::{DomainError, FieldError};

/// Collects field errors; [`Validator::finish`] fails if any were found.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
    conflict: Option<String>,
}

impl Validator {
    /// An empty collection.
    pub fn new() -> Self {
        Validator::default()
    }

    /// Adds an error.
    pub fn add(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, code, message));
    }

    /// Whether a field already has an error (later checks of the same field are then skipped).
    pub fn has(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    /// A required text: present and not blank.
    pub fn required(&mut self, field: &str, value: Option<&str>) {
        if value.is_none_or(|v| v.trim().is_empty()) {
            self.add(field, "required", format!("{field} is required"));
        }
    }

    /// A text no longer than `max` characters.
    pub fn max_len(&mut self, field: &str, value: Option<&str>, max: usize) {
        if let Some(v) = value
            && v.chars().count() > max
        {
            self.add(
                field,
                "too_long",
                format!("{field} must be at most {max} characters"),
            );
        }
    }

    /// A required text no longer than `max` characters.
    pub fn required_max(&mut self, field: &str, value: Option<&str>, max: usize) {
        self.required(field, value);
        if !self.has(field) {
            self.max_len(field, value, max);
        }
    }

    /// An optional text, trimmed (blank becomes `None`) and no longer than `max` characters.
    pub fn text(&mut self, field: &str, value: Option<String>, max: usize) -> Option<String> {
        let value = clean(value);
        self.max_len(field, value.as_deref(), max);
        value
    }

    /// An email address, when given.
    pub fn email(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value {
            if !is_email(v) {
                self.add(
                    field,
                    "invalid_format",
                    format!("{field} must be an email address such as name@example.com"),
                );
            } else {
                self.max_len(field, Some(v), 254);
            }
        }
    }

    /// A web address (http or https), when given.
    pub fn url(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value
            && !is_web_url(v)
        {
            self.add(
                field,
                "invalid_format",
                format!("{field} must be a web address such as https://example.com"),
            );
        }
    }

    /// A phone number, when given: digits with the usual separators, an optional leading `+`.
    pub fn phone(&mut self, field: &str, value: Option<&str>) {
        if let Some(v) = value
            && !is_phone(v)
        {
            self.add(
                field,
                "invalid_format",
                format!("{field} must be a phone number such as +1 555 0100"),
            );
        }
    }

    /// An amount as a decimal string in a currency (an ISO 4217 code, upper-cased), both
    /// optional: the currency is required with the amount, decimals follow the currency, and the
    /// amount is not negative. Returns the amount in minor units and the currency.
    pub fn money(
        &mut self,
        field: &str,
        amount: Option<String>,
        currency: Option<String>,
    ) -> (Option<i64>, Option<String>) {
        let currency = clean(currency).map(|c| c.to_ascii_uppercase());
        if let Some(code) = &currency
            && let Err(e) = crate::money::check_currency(code)
        {
            self.add("currency", "invalid_value", format!("currency: {e}"));
        }
        let minor = match (clean(amount), currency.as_deref()) {
            (None, _) => None,
            (Some(_), None) => {
                if !self.has("currency") {
                    self.add(
                        "currency",
                        "required",
                        format!("currency is required with {field}"),
                    );
                }
                None
            }
            (Some(amount), Some(code)) => match crate::money::parse_amount(&amount, code) {
                Ok(minor) if minor < 0 => {
                    self.add(field, "out_of_range", format!("{field} cannot be negative"));
                    None
                }
                Ok(minor) => Some(minor),
                Err(e) => {
                    if !self.has("currency") {
                        self.add(field, "invalid_format", format!("{field}: {e}"));
                    }
                    None
                }
            },
        };
        (minor, currency)
    }

    /// An integer within bounds, when given.
    pub fn range(&mut self, field: &str, value: Option<i64>, min: i64, max: i64) {
        if let Some(v) = value
            && (v < min || v > max)
        {
            self.add(
                field,
                "out_of_range",
                format!("{field} must be between {min} and {max}"),
            );
        }
    }

    /// Adds errors collected elsewhere.
    pub fn extend(&mut self, errors: impl IntoIterator<Item = FieldError>) {
        self.errors.extend(errors);
    }

    /// Notes a unique value already taken (a 409). It is reported only when every field is
    /// otherwise valid, so that a form learns all its field errors in one answer first.
    pub fn conflict(&mut self, detail: impl Into<String>) {
        self.conflict.get_or_insert_with(|| detail.into());
    }

    /// `Ok` when nothing failed; else every failing field (422); else the conflict (409).
    pub fn finish(self) -> Result<(), DomainError> {
        if !self.errors.is_empty() {
            Err(DomainError::Validation(self.errors))
        } else if let Some(detail) = self.conflict {
            Err(DomainError::conflict(detail))
        } else {
            Ok(())
        }
    }
}

/// Trims a text and turns a blank one into `None`.
pub fn clean(value: Option<String>) -> Option<String> {
    value.and_then(|v| {
        let trimmed = v.trim();
        if trimmed.is_empty() {
            None
        } else if trimmed.len() == v.len() {
            Some(v)
        } else {
            Some(trimmed.to_owned())
        }
    })
}

/// A pragmatic email check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !domain.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

/// An absolute http(s) address with a host.
pub fn is_web_url(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty()
                && value.len() <= 2048
                && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// Digits with spaces, dots, dashes, parentheses, an optional leading `+` and an extension.
pub fn is_phone(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value.chars().enumerate().all(|(i, c)| {
        c.is_ascii_digit()
            || matches!(c, ' ' | '.' | '-' | '(' | ')' | '/')
            || (c == '+' && i == 0)
            || matches!(c, 'x' | 'X' | 'e' | 't')
    });
    allowed && (3..=20).contains(&digits) && value.chars().count() <= 40
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_value_is_reported_once_the_fields_are_valid() {
        let mut v = Validator::new();
        v.conflict("ann@example.com is taken");
        v.add("phone", "invalid_format", "phone is not a phone number");
        assert!(matches!(v.finish(), Err(DomainError::Validation(e)) if e.len() == 1));
        let mut v = Validator::new();
        v.conflict("ann@example.com is taken");
        assert!(matches!(v.finish(), Err(DomainError::Conflict { .. })));
        assert!(Validator::new().finish().is_ok());
    }

    #[test]
    fn money_needs_its_currency_its_decimals_and_no_minus() {
        let mut v = Validator::new();
        assert_eq!(
            v.money("budget", Some("12.50".into()), Some("eur".into())),
            (Some(1250), Some("EUR".into()))
        );
        assert_eq!(v.money("budget", None, None), (None, None));
        assert!(v.finish().is_ok());
        for (amount, currency, field) in [
            ("12", None, "currency"),
            ("-1", Some("USD"), "budget"),
            ("1.5", Some("JPY"), "budget"),
            ("1", Some("XXQ"), "currency"),
        ] {
            let mut v = Validator::new();
            v.money("budget", Some(amount.into()), currency.map(str::to_owned));
            let Err(DomainError::Validation(errors)) = v.finish() else {
                panic!("{amount} {currency:?} should be refused");
            };
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].field, field);
        }
    }

    #[test]
    fn every_failing_field_is_listed() {
        let mut v = Validator::new();
        v.required("name", Some("  "));
        v.email("email", Some("not-an-email"));
        v.url("website", Some("ftp://x"));
        v.max_len("city", Some("ok"), 10);
        let Err(DomainError::Validation(errors)) = v.finish() else {
            panic!("expected validation errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "email", "website"]);
        assert_eq!(errors[0].code, "required");
    }

    #[test]
    fn required_max_reports_one_error_per_field() {
        let mut v = Validator::new();
        v.required_max("name", None, 3);
        v.required_max("title", Some("toolong"), 3);
        let Err(DomainError::Validation(errors)) = v.finish() else {
            panic!("expected validation errors");
        };
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[1].code, "too_long");
    }

    #[test]
    fn emails_urls_and_phones() {
        assert!(is_email("ada@example.com"));
        assert!(!is_email("ada@example"));
        assert!(!is_email("ada example@x.com"));
        assert!(!is_email("@example.com"));
        assert!(is_web_url("https://example.com/about"));
        assert!(!is_web_url("example.com"));
        assert!(!is_web_url("https://"));
        assert!(is_phone("+1 (555) 010-0100"));
        assert!(is_phone("+49 30 1234567 ext 12"));
        assert!(!is_phone("call me"));
        assert!(!is_phone("12"));
    }

    #[test]
    fn optional_text_is_trimmed_and_bounded() {
        let mut v = Validator::new();
        assert_eq!(
            v.text("city", Some(" Oslo ".into()), 10),
            Some("Oslo".into())
        );
        assert_eq!(v.text("city", Some("  ".into()), 10), None);
        assert_eq!(
            v.text("region", Some("x".repeat(11)), 10),
            Some("x".repeat(11))
        );
        let Err(DomainError::Validation(errors)) = v.finish() else {
            panic!("expected validation errors");
        };
        assert_eq!(errors[0].field, "region");
    }

    #[test]
    fn clean_trims_and_drops_blank_text() {
        assert_eq!(clean(Some("  Acme ".into())), Some("Acme".into()));
        assert_eq!(clean(Some("   ".into())), None);
        assert_eq!(clean(None), None);
    }
}
