//! The service-level clock of a case: its first-response and resolution deadlines, moved on by
//! the time the case spends paused (on hold, waiting for the customer), and whether they were
//! missed. Pure: it reads the time it is given, which comes from the `Clock`.

use chrono::Duration;
use crm_core::Timestamp;

/// A policy's targets for one priority, in minutes from the case's creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    /// Minutes to the first response.
    pub first_response_minutes: i64,
    /// Minutes to the resolution.
    pub resolution_minutes: i64,
}

/// A case's deadlines and pauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaClock {
    /// When the case started.
    pub created_at: Timestamp,
    /// The first response is due by then (moved on by pauses while not yet given).
    pub first_response_due_at: Option<Timestamp>,
    /// The case is to be resolved by then (moved on by pauses).
    pub resolve_by_at: Option<Timestamp>,
    /// When the customer first heard from us.
    pub first_responded_at: Option<Timestamp>,
    /// Since when the clock has been stopped, if it is.
    pub paused_at: Option<Timestamp>,
    /// Whole minutes the clock has been stopped, pauses that ended.
    pub paused_minutes: i64,
}

/// How long something took on the clock, and whether its deadline was missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    /// Minutes on the clock (pauses left out).
    pub minutes: i64,
    /// Whether the deadline had passed.
    pub breached: bool,
}

impl SlaClock {
    /// A new case's clock, with the deadlines of its targets (none without a policy).
    pub fn start(created_at: Timestamp, targets: Option<Targets>) -> SlaClock {
        let mut clock = SlaClock {
            created_at,
            first_response_due_at: None,
            resolve_by_at: None,
            first_responded_at: None,
            paused_at: None,
            paused_minutes: 0,
        };
        clock.retarget(targets);
        clock
    }

    /// New targets (the priority or the policy changed): the deadlines count from the creation,
    /// moved on by the pauses so far. A first response already given keeps its deadline.
    pub fn retarget(&mut self, targets: Option<Targets>) {
        let base = self.created_at.plus(Duration::minutes(self.paused_minutes));
        if self.first_responded_at.is_none() {
            self.first_response_due_at =
                targets.map(|t| base.plus(Duration::minutes(t.first_response_minutes)));
        }
        self.resolve_by_at = targets.map(|t| base.plus(Duration::minutes(t.resolution_minutes)));
    }

    /// Stops the clock (the case went on hold or to wait for the customer).
    pub fn pause(&mut self, now: Timestamp) {
        if self.paused_at.is_none() {
            self.paused_at = Some(now);
        }
    }

    /// Starts the clock again: the whole minutes it stood still move the deadlines on.
    pub fn resume(&mut self, now: Timestamp) {
        let Some(since) = self.paused_at.take() else {
            return;
        };
        let minutes = (now.to_utc() - since.to_utc()).num_minutes().max(0);
        self.paused_minutes += minutes;
        let by = Duration::minutes(minutes);
        if self.first_responded_at.is_none() {
            self.first_response_due_at = self.first_response_due_at.map(|d| d.plus(by));
        }
        self.resolve_by_at = self.resolve_by_at.map(|d| d.plus(by));
    }

    /// The time the clock reads now: a stopped clock reads the moment it stopped.
    fn clock_time(&self, now: Timestamp) -> Timestamp {
        self.paused_at.map_or(now, |p| p.min(now))
    }

    /// Minutes on the clock since the creation.
    pub fn elapsed_minutes(&self, now: Timestamp) -> i64 {
        let end = self.clock_time(now);
        ((end.to_utc() - self.created_at.to_utc()).num_minutes() - self.paused_minutes).max(0)
    }

    fn passed(&self, deadline: Option<Timestamp>, now: Timestamp) -> bool {
        deadline.is_some_and(|d| d < self.clock_time(now))
    }

    /// Whether the first-response deadline has passed without a response.
    pub fn first_response_overdue(&self, now: Timestamp) -> bool {
        self.first_responded_at.is_none() && self.passed(self.first_response_due_at, now)
    }

    /// Whether the resolution deadline has passed.
    pub fn resolution_overdue(&self, now: Timestamp) -> bool {
        self.passed(self.resolve_by_at, now)
    }

    /// Records the first response now; `None` if there was one already.
    pub fn respond(&mut self, now: Timestamp) -> Option<Measured> {
        if self.first_responded_at.is_some() {
            return None;
        }
        let measured = Measured {
            minutes: self.elapsed_minutes(now),
            breached: self.passed(self.first_response_due_at, now),
        };
        self.first_responded_at = Some(now);
        Some(measured)
    }

    /// How long the resolution took, and whether it was late.
    pub fn resolve(&self, now: Timestamp) -> Measured {
        Measured {
            minutes: self.elapsed_minutes(now),
            breached: self.passed(self.resolve_by_at, now),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> Timestamp {
        Timestamp::parse_rfc3339("2026-12-02T09:00:00Z")
            .unwrap()
            .plus(Duration::minutes(minutes))
    }

    const TARGETS: Targets = Targets {
        first_response_minutes: 60,
        resolution_minutes: 8 * 60,
    };

    #[test]
    fn deadlines_count_from_the_creation() {
        let clock = SlaClock::start(at(0), Some(TARGETS));
        assert_eq!(clock.first_response_due_at, Some(at(60)));
        assert_eq!(clock.resolve_by_at, Some(at(480)));
        assert!(!clock.first_response_overdue(at(60)));
        assert!(clock.first_response_overdue(at(61)));
        assert!(!clock.resolution_overdue(at(479)));
        assert!(clock.resolution_overdue(at(481)));
        let none = SlaClock::start(at(0), None);
        assert_eq!(none.resolve_by_at, None);
        assert!(!none.resolution_overdue(at(100_000)));
    }

    #[test]
    fn time_on_hold_does_not_count() {
        let mut clock = SlaClock::start(at(0), Some(TARGETS));
        clock.pause(at(30));
        // Stopped: two hours later nothing is overdue, and the clock reads 30 minutes.
        assert!(!clock.first_response_overdue(at(150)));
        assert_eq!(clock.elapsed_minutes(at(150)), 30);
        clock.resume(at(150));
        assert_eq!(clock.paused_minutes, 120);
        assert_eq!(clock.first_response_due_at, Some(at(180)));
        assert_eq!(clock.resolve_by_at, Some(at(600)));
        assert!(!clock.first_response_overdue(at(180)));
        assert!(clock.first_response_overdue(at(181)));
        // A second pause adds up.
        clock.pause(at(200));
        clock.pause(at(210));
        clock.resume(at(260));
        assert_eq!(clock.paused_minutes, 180);
        assert_eq!(clock.resolve_by_at, Some(at(660)));
    }

    #[test]
    fn a_deadline_passed_before_the_pause_stays_missed() {
        let mut clock = SlaClock::start(at(0), Some(TARGETS));
        clock.pause(at(90));
        assert!(clock.first_response_overdue(at(1000)));
    }

    #[test]
    fn the_first_response_is_measured_once_and_keeps_its_deadline() {
        let mut clock = SlaClock::start(at(0), Some(TARGETS));
        let first = clock.respond(at(45)).unwrap();
        assert_eq!(
            first,
            Measured {
                minutes: 45,
                breached: false
            }
        );
        assert_eq!(clock.respond(at(50)), None);
        clock.pause(at(100));
        clock.resume(at(160));
        // The response was given: its deadline no longer moves.
        assert_eq!(clock.first_response_due_at, Some(at(60)));
        assert!(!clock.first_response_overdue(at(1000)));
        let late = SlaClock::start(at(0), Some(TARGETS))
            .respond(at(61))
            .unwrap();
        assert!(late.breached);
    }

    #[test]
    fn a_resolution_is_measured_without_the_pauses() {
        let mut clock = SlaClock::start(at(0), Some(TARGETS));
        clock.pause(at(100));
        clock.resume(at(400));
        let on_time = clock.resolve(at(700));
        assert_eq!(
            on_time,
            Measured {
                minutes: 400,
                breached: false
            }
        );
        assert!(clock.resolve(at(781)).breached);
    }

    #[test]
    fn new_targets_keep_the_pauses() {
        let mut clock = SlaClock::start(at(0), Some(TARGETS));
        clock.pause(at(10));
        clock.resume(at(70));
        clock.retarget(Some(Targets {
            first_response_minutes: 15,
            resolution_minutes: 120,
        }));
        assert_eq!(clock.first_response_due_at, Some(at(75)));
        assert_eq!(clock.resolve_by_at, Some(at(180)));
    }
}
