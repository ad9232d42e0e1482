//! "I don't feel safe" is a **safety alert**, not a complaint: it goes to the council's
//! safeguarding (duty) team at once. These are the rules officers work an alert by.
//!
//! - **Deadline in hours**, counted on the clock from the moment the message arrived
//!   (`deadline_hours`, 2 by default). A child's safety does not wait for a working day: evenings,
//!   weekends and bank holidays count. Out of working hours the out-of-hours (emergency duty)
//!   team covers, and the case page says so.
//! - **Working hours** are `day_starts..day_ends` (09:00–17:00 by default), local time in England
//!   (BST handled), on working days ([`super::calendar::is_working_day`]).
//! - **Red/amber/green**: red once the deadline has passed with nothing recorded, amber in the
//!   last half of the time, green before; none once the alert has been passed on.
//! - **Passing on comes first**: an outcome can only be recorded after the alert was passed to
//!   safeguarding (an officer alone never decides a child's safety needs nothing).
//!   "No further action" and "Other" need a reason.
//! - **Escalation**: if nobody has passed it on when the deadline passes, a manager is emailed,
//!   once per alert. Not for alerts more than [`ESCALATION_WINDOW_DAYS`] past their deadline:
//!   they have long been red in the inbox, and this stops the first start after an upgrade
//!   from emailing about every alert received before escalation existed.
//!
//! Every function takes the time it is asked about (`now`): callers pass their clock, tests pass
//! any moment they like.

use super::calendar::is_working_day;
use super::procedure::Rag;
use super::uk_time::{from_uk_local, uk_local};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

/// Alerts further past their deadline than this are not emailed about (see the module docs).
pub const ESCALATION_WINDOW_DAYS: i64 = 7;

/// The most hours a council may set: beyond a day it is no longer "at once".
pub const MAX_DEADLINE_HOURS: u32 = 24;

/// A council's rules for safety alerts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafeguardingRules {
    /// Hours from receipt until it must have been passed on.
    pub deadline_hours: u32,
    /// When the working day starts and ends in England (the duty team's hours).
    pub day_starts: NaiveTime,
    pub day_ends: NaiveTime,
}

impl Default for SafeguardingRules {
    fn default() -> Self {
        SafeguardingRules {
            deadline_hours: 2,
            day_starts: NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
            day_ends: NaiveTime::from_hms_opt(17, 0, 0).expect("time"),
        }
    }
}

coded!(
    /// Who covers an alert at a given moment.
    Cover {
        DutyTeam = "duty_team" => "the safeguarding duty team",
        OutOfHours = "out_of_hours" => "the out-of-hours team",
    }
);

coded!(
    /// What safeguarding did with an alert, once it was passed on.
    SafeguardingOutcome {
        SocialCare = "social_care" => "Referred to children's social care",
        Police = "police" => "Referred to the police",
        AlreadyKnown = "already_known" => "Already known: a plan is in place",
        NoFurtherAction = "no_further_action" => "No further action",
        Other = "other" => "Other",
    }
);

impl SafeguardingOutcome {
    /// "No further action" and "Other" must say why.
    pub fn needs_reason(self) -> bool {
        match self {
            SafeguardingOutcome::NoFurtherAction | SafeguardingOutcome::Other => true,
            SafeguardingOutcome::SocialCare
            | SafeguardingOutcome::Police
            | SafeguardingOutcome::AlreadyKnown => false,
        }
    }
}

coded!(
    /// Something an officer records on an alert (also its timeline heading).
    AlertAction {
        PassedOn = "passed_on" => "Passed to safeguarding",
        Outcome = "outcome" => "Safeguarding outcome",
    }
);

coded!(
    /// Where an alert is up to.
    AlertStatus {
        Waiting = "waiting" => "Not passed on yet",
        PassedOn = "passed_on" => "Passed to safeguarding",
        Done = "done" => "Outcome recorded",
    }
);

/// Who it was passed to, when, and which officer did it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassedOn {
    pub at: DateTime<Utc>,
    pub to: String,
    pub by_id: i64,
    pub by_name: String,
}

/// What safeguarding did, recorded by an officer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedOutcome {
    pub outcome: SafeguardingOutcome,
    pub reason: String,
    pub at: DateTime<Utc>,
    pub by_id: i64,
    pub by_name: String,
}

/// What officers have recorded on one alert. `due_at` is fixed when the first thing is
/// recorded, so a later change of the setting does not rewrite a closed year's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub due_at: DateTime<Utc>,
    pub passed_on: Option<PassedOn>,
    pub outcome: Option<RecordedOutcome>,
    /// When a manager was emailed because nothing was recorded in time.
    pub escalated_at: Option<DateTime<Utc>>,
}

impl Alert {
    /// A fresh record for an alert received at `received`.
    pub fn new(received: DateTime<Utc>, rules: &SafeguardingRules) -> Self {
        Alert {
            due_at: deadline(received, rules),
            passed_on: None,
            outcome: None,
            escalated_at: None,
        }
    }

    pub fn status(&self) -> AlertStatus {
        match (&self.passed_on, &self.outcome) {
            (_, Some(_)) => AlertStatus::Done,
            (Some(_), None) => AlertStatus::PassedOn,
            (None, None) => AlertStatus::Waiting,
        }
    }

    /// Records who it was passed to. `at` may be earlier than now (recorded after the phone
    /// call) but not before it arrived, nor in the future.
    pub fn pass_on(
        &mut self,
        received: DateTime<Utc>,
        now: DateTime<Utc>,
        at: DateTime<Utc>,
        to: &str,
        by: (i64, &str),
    ) -> Result<(), String> {
        let to = to.trim();
        if to.is_empty() || to.chars().count() > 200 {
            return Err("Say who it was passed to (up to 200 characters).".into());
        }
        if at > now + Duration::minutes(5) {
            return Err("The time it was passed on cannot be in the future.".into());
        }
        if at < received - Duration::minutes(1) {
            return Err("The time it was passed on cannot be before the alert arrived.".into());
        }
        if self.passed_on.is_some() {
            return Err("It has already been recorded as passed to safeguarding.".into());
        }
        self.passed_on = Some(PassedOn {
            at,
            to: to.to_string(),
            by_id: by.0,
            by_name: by.1.to_string(),
        });
        Ok(())
    }

    /// Records what safeguarding did. Only after it was passed on; some outcomes need a reason.
    pub fn record_outcome(
        &mut self,
        outcome: SafeguardingOutcome,
        reason: &str,
        now: DateTime<Utc>,
        by: (i64, &str),
    ) -> Result<(), String> {
        if self.passed_on.is_none() {
            return Err("Record who it was passed to in safeguarding first.".into());
        }
        if self.outcome.is_some() {
            return Err("An outcome has already been recorded.".into());
        }
        let reason = reason.trim();
        if reason.chars().count() > 2000 {
            return Err("Keep the reason to 2,000 characters.".into());
        }
        if outcome.needs_reason() && reason.is_empty() {
            return Err(format!(
                "Give the reason for \u{201c}{}\u{201d}.",
                outcome.label()
            ));
        }
        self.outcome = Some(RecordedOutcome {
            outcome,
            reason: reason.to_string(),
            at: now,
            by_id: by.0,
            by_name: by.1.to_string(),
        });
        Ok(())
    }

    /// Hours (in tenths) from receipt to being passed on, if it was.
    pub fn tenths_of_hours_to_pass_on(&self, received: DateTime<Utc>) -> Option<u64> {
        self.passed_on
            .as_ref()
            .map(|p| ((p.at - received).num_minutes().max(0) as u64 * 10).div_ceil(60))
    }

    /// Passed on by the deadline fixed for this alert.
    pub fn passed_on_in_time(&self) -> bool {
        self.passed_on.as_ref().is_some_and(|p| p.at <= self.due_at)
    }
}

/// When an alert received at `received` must have been passed on.
pub fn deadline(received: DateTime<Utc>, rules: &SafeguardingRules) -> DateTime<Utc> {
    received + Duration::hours(rules.deadline_hours.clamp(1, MAX_DEADLINE_HOURS) as i64)
}

/// Inside the duty team's working hours at `at` (England, working days only).
pub fn in_working_hours(at: DateTime<Utc>, rules: &SafeguardingRules) -> bool {
    let local = uk_local(at);
    is_working_day(local.date())
        && local.time() >= rules.day_starts
        && local.time() < rules.day_ends
}

/// Who covers an alert at `at`.
pub fn cover_at(at: DateTime<Utc>, rules: &SafeguardingRules) -> Cover {
    if in_working_hours(at, rules) {
        Cover::DutyTeam
    } else {
        Cover::OutOfHours
    }
}

/// Red, amber or green for an alert not yet passed on; `None` once it has been.
pub fn rag(alert: &Alert, received: DateTime<Utc>, now: DateTime<Utc>) -> Option<Rag> {
    if alert.passed_on.is_some() {
        return None;
    }
    if now >= alert.due_at {
        return Some(Rag::Red);
    }
    let half = (alert.due_at - received) / 2;
    Some(if alert.due_at - now <= half {
        Rag::Amber
    } else {
        Rag::Green
    })
}

/// A manager must be emailed now: the deadline has passed, nobody has passed it on, and no
/// email was sent about it before.
pub fn escalation_due(alert: &Alert, now: DateTime<Utc>) -> bool {
    alert.passed_on.is_none()
        && alert.escalated_at.is_none()
        && now >= alert.due_at
        && now < alert.due_at + Duration::days(ESCALATION_WINDOW_DAYS)
}

/// "14:30 on 23 November 2026", in England's local time.
pub fn local_time_text(at: DateTime<Utc>) -> String {
    let local = uk_local(at);
    format!(
        "{} on {}",
        local.format("%H:%M"),
        super::timescales::long_date(local.date())
    )
}

/// A time typed on a form ("2026-11-23T14:05", England's local time) in UTC.
pub fn parse_local_input(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .map(from_uk_local)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    /// A fake clock: starts somewhere and moves only when told.
    struct FakeClock(DateTime<Utc>);
    impl FakeClock {
        fn now(&self) -> DateTime<Utc> {
            self.0
        }
        fn advance(&mut self, minutes: i64) {
            self.0 += Duration::minutes(minutes);
        }
    }

    #[test]
    fn friday_half_past_four_is_covered_by_the_duty_team_then_out_of_hours() {
        // Friday 27 November 2026, 16:30 in England (GMT).
        let rules = SafeguardingRules::default();
        let received = utc(2026, 11, 27, 16, 30);
        let mut clock = FakeClock(received);
        let alert = Alert::new(received, &rules);
        assert_eq!(alert.due_at, utc(2026, 11, 27, 18, 30), "two clock hours");
        assert_eq!(cover_at(clock.now(), &rules), Cover::DutyTeam);
        assert_eq!(rag(&alert, received, clock.now()), Some(Rag::Green));
        clock.advance(31);
        assert_eq!(cover_at(clock.now(), &rules), Cover::OutOfHours, "17:01");
        assert_eq!(rag(&alert, received, clock.now()), Some(Rag::Green));
        clock.advance(30);
        assert_eq!(
            rag(&alert, received, clock.now()),
            Some(Rag::Amber),
            "17:31"
        );
        assert!(!escalation_due(&alert, clock.now()));
        clock.advance(59);
        assert_eq!(rag(&alert, received, clock.now()), Some(Rag::Red), "18:30");
        assert!(escalation_due(&alert, clock.now()));
    }

    #[test]
    fn eleven_at_night_is_out_of_hours_and_the_clock_still_runs() {
        let rules = SafeguardingRules::default();
        // A summer evening: 23:00 BST is 22:00 UTC.
        let received = utc(2026, 7, 1, 22, 0);
        assert_eq!(uk_local(received).format("%H:%M").to_string(), "23:00");
        assert_eq!(cover_at(received, &rules), Cover::OutOfHours);
        let alert = Alert::new(received, &rules);
        assert_eq!(
            local_time_text(alert.due_at),
            "01:00 on Thursday 2 July 2026"
        );
        // 09:00 BST next morning (08:00 UTC) is working hours again.
        assert_eq!(cover_at(utc(2026, 7, 2, 8, 0), &rules), Cover::DutyTeam);
        assert_eq!(cover_at(utc(2026, 7, 2, 7, 59), &rules), Cover::OutOfHours);
    }

    #[test]
    fn bank_holidays_and_weekends_are_out_of_hours_but_not_paused() {
        let rules = SafeguardingRules::default();
        // Christmas Day 2026 is a Friday; Boxing Day Saturday; Monday 28th the substitute day.
        for day in [25, 26, 27, 28] {
            assert_eq!(
                cover_at(utc(2026, 12, day, 11, 0), &rules),
                Cover::OutOfHours,
                "{day} December"
            );
        }
        assert_eq!(cover_at(utc(2026, 12, 29, 11, 0), &rules), Cover::DutyTeam);
        let received = utc(2026, 12, 25, 11, 0);
        let alert = Alert::new(received, &rules);
        assert!(escalation_due(&alert, utc(2026, 12, 25, 13, 0)));
    }

    #[test]
    fn configured_hours_and_working_day() {
        let rules = SafeguardingRules {
            deadline_hours: 4,
            day_starts: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
            day_ends: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
        };
        let received = utc(2026, 11, 23, 8, 30); // Monday
        assert_eq!(cover_at(received, &rules), Cover::DutyTeam);
        assert_eq!(cover_at(utc(2026, 11, 23, 17, 59), &rules), Cover::DutyTeam);
        assert_eq!(
            cover_at(utc(2026, 11, 23, 18, 0), &rules),
            Cover::OutOfHours
        );
        assert_eq!(
            Alert::new(received, &rules).due_at,
            utc(2026, 11, 23, 12, 30)
        );
        // Absurd settings are held to at least one and at most 24 hours.
        let zero = SafeguardingRules {
            deadline_hours: 0,
            ..rules
        };
        assert_eq!(deadline(received, &zero), received + Duration::hours(1));
        let huge = SafeguardingRules {
            deadline_hours: 1000,
            ..rules
        };
        assert_eq!(deadline(received, &huge), received + Duration::hours(24));
    }

    #[test]
    fn passing_on_stops_the_clock_and_comes_before_an_outcome() {
        let rules = SafeguardingRules::default();
        let received = utc(2026, 11, 23, 10, 0);
        let mut clock = FakeClock(received);
        let mut alert = Alert::new(received, &rules);
        let me = (7, "Pat Officer");
        assert!(alert
            .record_outcome(SafeguardingOutcome::SocialCare, "", clock.now(), me)
            .unwrap_err()
            .contains("first"));
        clock.advance(95);
        assert!(alert
            .pass_on(received, clock.now(), clock.now(), "  ", me)
            .is_err());
        assert!(alert
            .pass_on(
                received,
                clock.now(),
                clock.now() + Duration::hours(1),
                "MASH",
                me
            )
            .unwrap_err()
            .contains("future"));
        assert!(alert
            .pass_on(
                received,
                clock.now(),
                received - Duration::hours(1),
                "MASH",
                me
            )
            .unwrap_err()
            .contains("before"));
        alert
            .pass_on(
                received,
                clock.now(),
                clock.now(),
                "MASH duty social worker",
                me,
            )
            .unwrap();
        assert_eq!(alert.status(), AlertStatus::PassedOn);
        assert!(alert
            .pass_on(received, clock.now(), clock.now(), "again", me)
            .is_err());
        assert_eq!(rag(&alert, received, clock.now()), None);
        clock.advance(600);
        assert!(!escalation_due(&alert, clock.now()), "passed on: no email");
        assert!(alert.passed_on_in_time());
        assert_eq!(alert.tenths_of_hours_to_pass_on(received), Some(16)); // 95 min = 1.6 h
        assert!(alert
            .record_outcome(SafeguardingOutcome::NoFurtherAction, " ", clock.now(), me)
            .unwrap_err()
            .contains("reason"));
        alert
            .record_outcome(SafeguardingOutcome::AlreadyKnown, "", clock.now(), me)
            .unwrap();
        assert_eq!(alert.status(), AlertStatus::Done);
        assert!(alert
            .record_outcome(SafeguardingOutcome::Police, "", clock.now(), me)
            .is_err());
    }

    #[test]
    fn escalation_happens_once() {
        let rules = SafeguardingRules::default();
        let received = utc(2026, 11, 23, 10, 0);
        let mut alert = Alert::new(received, &rules);
        let late = utc(2026, 11, 23, 12, 1);
        assert!(escalation_due(&alert, late));
        assert!(escalation_due(&alert, late + Duration::days(6)));
        assert!(
            !escalation_due(&alert, late + Duration::days(7)),
            "a week late: red in the inbox, no email"
        );
        alert.escalated_at = Some(late);
        assert!(!escalation_due(&alert, late + Duration::hours(5)));
        // Passed on late: counted as passed on, but not in time.
        alert
            .pass_on(received, late, late, "Out-of-hours team", (1, "A"))
            .unwrap();
        assert!(!alert.passed_on_in_time());
    }

    #[test]
    fn typed_local_times_are_read_in_england() {
        assert_eq!(
            parse_local_input("2026-07-01T14:05"),
            Some(utc(2026, 7, 1, 13, 5))
        );
        assert_eq!(
            parse_local_input("2026-12-01T14:05"),
            Some(utc(2026, 12, 1, 14, 5))
        );
        assert_eq!(parse_local_input("yesterday"), None);
    }

    #[test]
    fn codes_round_trip() {
        for o in SafeguardingOutcome::ALL {
            assert_eq!(SafeguardingOutcome::from_code(o.code()), Some(*o));
        }
        for a in AlertAction::ALL {
            assert_eq!(AlertAction::from_code(a.code()), Some(*a));
        }
    }
}
