//! Time: the [`Timestamp`] every record carries and the [`Clock`] rules read it from.
//!
//! Rules that depend on time (token expiry, service-level deadlines, "untouched for a day") never
//! call `Utc::now()`: they read a `Clock`, so tests can move time. Timestamps are UTC and kept to
//! the microsecond, the precision both SQLite and PostgreSQL store, so a value read back from
//! either database equals the value written and versions/ETags agree across backends.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Duration, NaiveDateTime, SecondsFormat, SubsecRound, Utc};

/// The longest RFC 3339 form [`Timestamp::to_rfc3339`] writes itself:
/// `9999-12-31T23:59:60.123456789Z`.
const RFC3339_MAX: usize = 30;

/// A point in time, UTC, microsecond precision.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[diesel(sql_type = diesel::sql_types::Timestamp)]
pub struct Timestamp(NaiveDateTime);

impl Timestamp {
    /// Wraps a UTC date-time, truncating it to microseconds.
    pub fn from_utc(dt: DateTime<Utc>) -> Self {
        Timestamp(dt.naive_utc().trunc_subsecs(6))
    }

    /// Wraps a naive date-time that is known to be UTC, truncating it to microseconds.
    pub fn from_naive_utc(naive: NaiveDateTime) -> Self {
        Timestamp(naive.trunc_subsecs(6))
    }

    /// Parses an RFC 3339 date-time (any offset; converted to UTC).
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|dt| Self::from_utc(dt.with_timezone(&Utc)))
    }

    /// The RFC 3339 form used everywhere in the API (`2026-11-22T09:30:00Z`, with fractional
    /// seconds only when there are any).
    pub fn to_rfc3339(&self) -> String {
        let mut buffer = [0u8; RFC3339_MAX];
        match self.write_rfc3339(&mut buffer) {
            Some(text) => text.to_owned(),
            None => self.to_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true),
        }
    }

    /// Writes [`Timestamp::to_rfc3339`]'s form into a buffer, without chrono's general formatter
    /// (every record of a list has two timestamps, and this runs for each). `None` for a year
    /// outside 0000-9999, which chrono writes with a sign.
    fn write_rfc3339<'b>(&self, out: &'b mut [u8; RFC3339_MAX]) -> Option<&'b str> {
        use chrono::{Datelike, Timelike};
        let (date, time) = (self.0.date(), self.0.time());
        let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
        fn digits(out: &mut [u8], mut value: u32) {
            for slot in out.iter_mut().rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        digits(&mut out[0..4], year);
        out[4] = b'-';
        digits(&mut out[5..7], date.month());
        out[7] = b'-';
        digits(&mut out[8..10], date.day());
        out[10] = b'T';
        digits(&mut out[11..13], time.hour());
        out[13] = b':';
        digits(&mut out[14..16], time.minute());
        out[16] = b':';
        // A leap second is carried in the nanoseconds (1_000_000_000 and more), as chrono does.
        let nanos = time.nanosecond();
        let (seconds, nanos) = if nanos >= 1_000_000_000 {
            (time.second() + 1, nanos - 1_000_000_000)
        } else {
            (time.second(), nanos)
        };
        digits(&mut out[17..19], seconds);
        let mut end = 19;
        // As chrono's `SecondsFormat::AutoSi`: no fraction, or 3, 6 or 9 digits, whichever shows
        // every non-zero digit.
        let fraction = if nanos == 0 {
            None
        } else if nanos % 1_000_000 == 0 {
            Some((nanos / 1_000_000, 3))
        } else if nanos % 1_000 == 0 {
            Some((nanos / 1_000, 6))
        } else {
            Some((nanos, 9))
        };
        if let Some((value, width)) = fraction {
            out[end] = b'.';
            digits(&mut out[end + 1..end + 1 + width], value);
            end += 1 + width;
        }
        out[end] = b'Z';
        std::str::from_utf8(&out[..end + 1]).ok()
    }

    /// The same instant as a chrono UTC date-time.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.0.and_utc()
    }

    /// The naive UTC value as stored.
    pub fn naive(&self) -> NaiveDateTime {
        self.0
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.0.and_utc().timestamp()
    }

    /// This instant moved by a duration (saturating at the representable range).
    pub fn plus(&self, duration: Duration) -> Self {
        Timestamp(self.0.checked_add_signed(duration).unwrap_or(self.0))
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut buffer = [0u8; RFC3339_MAX];
        match self.write_rfc3339(&mut buffer) {
            Some(text) => s.serialize_str(text),
            None => s.serialize_str(&self.to_rfc3339()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        Timestamp::parse_rfc3339(&text).ok_or_else(|| {
            serde::de::Error::custom("not an RFC 3339 date-time such as 2026-11-22T09:30:00Z")
        })
    }
}

impl utoipa::PartialSchema for Timestamp {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::DateTime,
            )))
            .into()
    }
}

impl utoipa::ToSchema for Timestamp {}

impl<DB> diesel::serialize::ToSql<diesel::sql_types::Timestamp, DB> for Timestamp
where
    DB: diesel::backend::Backend,
    NaiveDateTime: diesel::serialize::ToSql<diesel::sql_types::Timestamp, DB>,
{
    fn to_sql<'b>(
        &'b self,
        out: &mut diesel::serialize::Output<'b, '_, DB>,
    ) -> diesel::serialize::Result {
        <NaiveDateTime as diesel::serialize::ToSql<diesel::sql_types::Timestamp, DB>>::to_sql(
            &self.0, out,
        )
    }
}

impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Timestamp, DB> for Timestamp
where
    DB: diesel::backend::Backend,
    NaiveDateTime: diesel::deserialize::FromSql<diesel::sql_types::Timestamp, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
        <NaiveDateTime as diesel::deserialize::FromSql<diesel::sql_types::Timestamp, DB>>::from_sql(
            bytes,
        )
        .map(Timestamp)
    }
}

/// Where rules read the current time from.
pub trait Clock: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Timestamp;
}

/// The real clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_utc(Utc::now())
    }
}

/// A clock that tests set and advance by hand. Clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock {
    now: Arc<Mutex<Timestamp>>,
}

impl ManualClock {
    /// A clock stopped at `start`.
    pub fn new(start: Timestamp) -> Self {
        ManualClock {
            now: Arc::new(Mutex::new(start)),
        }
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now = now.plus(by);
    }

    /// Sets the clock to an instant.
    pub fn set(&self, to: Timestamp) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = to;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_microseconds_only() {
        let ts = Timestamp::parse_rfc3339("2026-11-22T09:30:00.123456789Z").unwrap();
        assert_eq!(ts.to_rfc3339(), "2026-11-22T09:30:00.123456Z");
    }

    #[test]
    fn whole_seconds_print_without_a_fraction_and_offsets_become_utc() {
        let ts = Timestamp::parse_rfc3339("2026-11-22T10:30:00+01:00").unwrap();
        assert_eq!(ts.to_rfc3339(), "2026-11-22T09:30:00Z");
        assert!(Timestamp::parse_rfc3339("2026-11-22 09:30").is_none());
    }

    #[test]
    fn the_rfc3339_form_is_chronos_auto_si_form() {
        use chrono::{NaiveDate, NaiveTime};
        let dates = [
            NaiveDate::from_ymd_opt(2026, 12, 7),
            NaiveDate::from_ymd_opt(1, 1, 1),
            NaiveDate::from_ymd_opt(0, 2, 29),
            NaiveDate::from_ymd_opt(9999, 12, 31),
            NaiveDate::from_ymd_opt(1970, 1, 1),
        ];
        let times = [
            NaiveTime::from_hms_opt(0, 0, 0),
            NaiveTime::from_hms_nano_opt(9, 30, 5, 120_000_000),
            NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_000),
            NaiveTime::from_hms_nano_opt(12, 1, 2, 3_000),
            NaiveTime::from_hms_nano_opt(12, 1, 2, 5),
            NaiveTime::from_hms_nano_opt(12, 1, 2, 100_000_123),
            NaiveTime::from_hms_nano_opt(23, 59, 59, 1_500_000_000),
            NaiveTime::from_hms_nano_opt(23, 59, 59, 1_000_000_000),
        ];
        for date in dates.iter().map(|d| d.expect("a date")) {
            for time in times.iter().map(|t| t.expect("a time")) {
                // Not through `from_naive_utc`, which would drop the nanoseconds.
                let ts = Timestamp(date.and_time(time));
                let chrono = ts.to_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true);
                let mut buffer = [0u8; RFC3339_MAX];
                assert_eq!(ts.write_rfc3339(&mut buffer), Some(chrono.as_str()));
                assert_eq!(ts.to_rfc3339(), chrono);
                assert_eq!(
                    serde_json::to_string(&ts).expect("serialized"),
                    format!("\"{chrono}\"")
                );
            }
        }
        let far = Timestamp(
            NaiveDate::from_ymd_opt(10_000, 1, 1)
                .expect("a date")
                .and_hms_opt(0, 0, 0)
                .expect("a time"),
        );
        assert_eq!(far.to_rfc3339(), "+10000-01-01T00:00:00Z");
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start = Timestamp::parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
        let clock = ManualClock::new(start);
        assert_eq!(clock.now(), start);
        clock.advance(Duration::hours(25));
        assert_eq!(clock.now().to_rfc3339(), "2026-01-02T01:00:00Z");
    }
}
