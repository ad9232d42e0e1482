//! The moves of a case through the procedure ([`CaseState::apply`]) and what follows from them:
//! deadlines, flags, what can be done next.

use super::*;

impl CaseState {
    /// A new, open, untriaged case received on `received`. `over_a_year` comes from what the
    /// complainant said (see also [`Move::RecordMatterDate`]).
    pub fn new(received: NaiveDate, over_a_year: bool) -> Self {
        CaseState {
            received,
            matter_date: None,
            over_a_year,
            triage: None,
            acknowledged: None,
            stages: Vec::new(),
            ombudsman: Vec::new(),
            concerns: Vec::new(),
            status: CaseStatus::Open,
            status_on: None,
        }
    }

    pub fn received(&self) -> NaiveDate {
        self.received
    }

    pub fn matter_date(&self) -> Option<NaiveDate> {
        self.matter_date
    }

    /// The matter is more than a year old (flagged, never refused).
    pub fn over_a_year(&self) -> bool {
        self.over_a_year
    }

    pub fn triage(&self) -> Option<&TriageRecord> {
        self.triage.as_ref()
    }

    pub fn decision(&self) -> Option<TriageDecision> {
        self.triage.as_ref().map(|t| t.decision)
    }

    pub fn procedure(&self) -> Option<Procedure> {
        self.decision().and_then(TriageDecision::procedure)
    }

    pub fn acknowledged(&self) -> Option<NaiveDate> {
        self.acknowledged
    }

    /// Every stage started, in order.
    pub fn stages(&self) -> &[StageRecord] {
        &self.stages
    }

    /// The council stage being worked on (the last one started).
    pub fn current_record(&self) -> Option<&StageRecord> {
        self.stages.last()
    }

    /// Where the case is: the Ombudsman while an enquiry is open (not found premature),
    /// otherwise the council's current stage; `None` before a complaint stage starts.
    pub fn stage(&self) -> Option<Stage> {
        if self.ombudsman_active() {
            Some(Stage::Ombudsman)
        } else {
            self.stages.last().map(|s| s.stage)
        }
    }

    pub fn ombudsman(&self) -> &[OmbudsmanRecord] {
        &self.ombudsman
    }

    pub fn concerns(&self) -> &[Concern] {
        &self.concerns
    }

    pub fn status(&self) -> CaseStatus {
        self.status
    }

    /// When the status last changed (for an open case, when it was reopened).
    pub fn status_on(&self) -> Option<NaiveDate> {
        self.status_on
    }

    /// The stages that were asked for late.
    pub fn late_requests(&self) -> Vec<Stage> {
        self.stages
            .iter()
            .filter(|s| s.late_request())
            .map(|s| s.stage)
            .collect()
    }

    /// What an officer should notice.
    pub fn flags(&self) -> Vec<Flag> {
        let mut out = Vec::new();
        if self.over_a_year {
            out.push(Flag::OverAYear);
        }
        for s in &self.stages {
            if let Some(r) = s.request.filter(|r| r.late) {
                out.push(Flag::LateRequest {
                    stage: s.stage,
                    working_days: r.working_days,
                    window: r.window,
                });
            }
            if s.previous_unanswered {
                out.push(Flag::MovedOnWithoutResponse { stage: s.stage });
            }
        }
        out
    }

    /// Until when the complainant can ask for the council's next stage without being late;
    /// `None` when the current stage has not responded or there is no next council stage.
    pub fn request_window(&self, t: &Timescales) -> Option<RequestWindow> {
        if self.ombudsman_active() {
            return None;
        }
        let rec = self.stages.last()?;
        let response_sent = rec.response_sent?;
        let next = rec.stage.next()?;
        let until = due_date(response_sent, next.request_window(t)?)?;
        Some(RequestWindow {
            next,
            response_sent,
            until,
        })
    }

    /// Every deadline that applies, in order, with where it stands given what was recorded.
    pub fn deadlines(&self, t: &Timescales) -> Vec<Deadline> {
        let closed_on = match self.status {
            CaseStatus::Open => None,
            CaseStatus::Withdrawn | CaseStatus::Closed => self.status_on,
        };
        let mut out = Vec::new();
        let mut push = |kind, due: Option<NaiveDate>, done, stopped, extended| {
            if let Some(due) = due {
                out.push(Deadline {
                    kind,
                    due,
                    extended,
                    status: DeadlineStatus::of(due, done, stopped),
                });
            }
        };
        if self.acknowledgement_applies() {
            push(
                DeadlineKind::Acknowledge,
                due_date(self.received, t.acknowledge),
                self.acknowledged,
                closed_on,
                false,
            );
        }
        for (i, rec) in self.stages.iter().enumerate() {
            let stopped = rec
                .ending
                .as_ref()
                .map(Stage2Ending::on)
                .or_else(|| self.stages.get(i + 1).map(|n| n.started))
                .or(closed_on);
            if rec.stage == Stage::Stage3 {
                push(
                    DeadlineKind::Stage3Panel,
                    due_date(rec.started, t.stage3_panel),
                    rec.panel_met,
                    stopped,
                    false,
                );
                if let Some(met) = rec.panel_met {
                    push(
                        DeadlineKind::Stage3Report,
                        due_date(met, t.stage3_report),
                        rec.panel_report,
                        stopped,
                        false,
                    );
                }
                if let Some(report) = rec.panel_report {
                    push(
                        DeadlineKind::Stage3Response,
                        due_date(report, t.stage3_response),
                        rec.response_sent,
                        stopped,
                        false,
                    );
                }
            } else if let (Some(kind), Some(days)) =
                (DeadlineKind::response_for(rec.stage), rec.allowed_days(t))
            {
                push(
                    kind,
                    due_date(rec.clock_start(), days),
                    rec.response_sent,
                    stopped,
                    !rec.extensions.is_empty(),
                );
            }
        }
        out
    }

    /// The pending deadline due soonest; `None` when there is none or the case is not open.
    pub fn next_deadline(&self, t: &Timescales) -> Option<Deadline> {
        if self.status != CaseStatus::Open {
            return None;
        }
        self.deadlines(t)
            .into_iter()
            .filter(|d| d.status == DeadlineStatus::Pending)
            .min_by_key(|d| d.due)
    }

    /// The case after `mv`, or why `mv` is refused. `self` is never changed; repeating a move
    /// that is already recorded returns the same state.
    pub fn apply(&self, mv: Move, t: &Timescales) -> Result<CaseState, MoveError> {
        match mv {
            Move::Triage {
                decision,
                signpost,
                on,
            } => self.triage_move(decision, signpost, on),
            Move::Acknowledge { on } => {
                self.require_open()?;
                self.check_date(on, "The acknowledgement")?;
                match self.acknowledged {
                    Some(done) if done == on => Ok(self.clone()),
                    Some(done) => Err(MoveError::AlreadyRecorded {
                        what: "The acknowledgement".to_string(),
                        on: done,
                    }),
                    None => {
                        let mut next = self.clone();
                        next.acknowledged = Some(on);
                        Ok(next)
                    }
                }
            }
            Move::Extend { days, reason } => self.extend(days, &reason, t),
            Move::RecordResponse { on } => self.record_response(on),
            Move::Stage2Agreed { on } => self.stage2_agreed(on),
            Move::PanelMet { on } => self.panel_met(on),
            Move::PanelReport { on } => self.panel_report(on),
            Move::Escalate { to, on } => self.escalate(to, on, t),
            Move::RequestStage2 {
                on,
                by,
                unhappy_with,
            } => self.request_stage2(on, by, &unhappy_with, t),
            Move::EndStage2Request { ending } => self.end_stage2_request(ending),
            Move::AddConcern { category } => {
                self.require_open()?;
                let category = category.trim();
                if category.is_empty() {
                    return Err(MoveError::CategoryMissing);
                }
                if category.chars().count() > CATEGORY_MAX {
                    return Err(MoveError::TooLong {
                        what: "The category",
                        max: CATEGORY_MAX,
                    });
                }
                let mut next = self.clone();
                next.concerns.push(Concern {
                    category: category.to_string(),
                    outcomes: Vec::new(),
                });
                Ok(next)
            }
            Move::RecordOutcome { concern, outcome } => self.record_outcome(concern, outcome),
            Move::RecordMatterDate { on } => {
                self.require_open()?;
                if !plausible(on) {
                    return Err(MoveError::DateOutOfRange { on });
                }
                if on > self.received {
                    return Err(MoveError::MatterAfterReceived {
                        on,
                        received: self.received,
                    });
                }
                let mut next = self.clone();
                next.matter_date = Some(on);
                next.over_a_year = is_over_a_year(on, self.received);
                Ok(next)
            }
            Move::Withdraw { on } => self.set_status(CaseStatus::Withdrawn, on),
            Move::Close { on } => self.set_status(CaseStatus::Closed, on),
            Move::Reopen { on } => self.reopen(on),
            Move::OmbudsmanEnquiry { on } => self.ombudsman_enquiry(on),
            Move::OmbudsmanFinding { finding, on } => self.ombudsman_finding(finding, on),
        }
    }

    pub(super) fn ombudsman_active(&self) -> bool {
        self.ombudsman
            .last()
            .is_some_and(|o| o.finding != Some(OmbudsmanFinding::Premature))
    }

    pub(super) fn acknowledgement_applies(&self) -> bool {
        matches!(
            self.decision(),
            None | Some(
                TriageDecision::Statutory
                    | TriageDecision::Corporate
                    | TriageDecision::Representation
            )
        )
    }

    pub(super) fn require_open(&self) -> Result<(), MoveError> {
        match self.status {
            CaseStatus::Open => Ok(()),
            status => Err(MoveError::NotOpen {
                status,
                since: self.status_on,
            }),
        }
    }

    /// `on` is a plausible date, not before the complaint arrived.
    pub(super) fn check_date(&self, on: NaiveDate, what: &str) -> Result<(), MoveError> {
        if !plausible(on) {
            return Err(MoveError::DateOutOfRange { on });
        }
        not_before(on, what, self.received, "the complaint arrived")
    }

    /// The council stage moves act on: refused before triage, for decisions without stages
    /// and while the Ombudsman is looking at the complaint.
    pub(super) fn working_stage(&self) -> Result<&StageRecord, MoveError> {
        let decision = self.decision().ok_or(MoveError::NotTriaged)?;
        if self.ombudsman_active() {
            return Err(MoveError::AtOmbudsman);
        }
        self.stages
            .last()
            .ok_or(MoveError::NoProcedure { decision })
    }

    pub(super) fn with_working_stage(&self, rec: StageRecord) -> CaseState {
        let mut next = self.clone();
        if let Some(last) = next.stages.last_mut() {
            *last = rec;
        }
        next
    }

    fn triage_move(
        &self,
        decision: TriageDecision,
        signpost: Option<Signpost>,
        on: NaiveDate,
    ) -> Result<CaseState, MoveError> {
        self.require_open()?;
        self.check_date(on, "The triage")?;
        match (decision, signpost) {
            (TriageDecision::OutsideScope, None) => return Err(MoveError::SignpostMissing),
            (TriageDecision::OutsideScope, Some(_)) | (_, None) => {}
            (decision, Some(_)) => return Err(MoveError::SignpostNotExpected { decision }),
        }
        let record = TriageRecord {
            decision,
            signpost,
            on,
        };
        if self.triage.as_ref() == Some(&record) {
            return Ok(self.clone());
        }
        let settled = self.stages.len() > 1
            || self.stages.iter().any(|s| {
                s.response_sent.is_some() || s.panel_met.is_some() || s.panel_report.is_some()
            })
            || !self.ombudsman.is_empty()
            || self.concerns.iter().any(|c| !c.outcomes.is_empty());
        if self.triage.is_some() && settled {
            return Err(MoveError::CannotRetriage);
        }
        let old = self.triage.as_ref().map(|r| r.decision.procedure());
        let new = decision.procedure();
        let mut next = self.clone();
        if old != Some(new) {
            next.stages = match new {
                None => Vec::new(),
                Some(procedure) => {
                    // The clock runs from receipt, unless this only became a complaint now.
                    let started = match old {
                        Some(None) => on,
                        _ => self.received,
                    };
                    vec![StageRecord::new(procedure.first_stage(), started)]
                }
            };
        }
        next.triage = Some(record);
        Ok(next)
    }

    fn extend(&self, days: u32, reason: &str, t: &Timescales) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let rec = self.working_stage()?;
        rec.require_investigation()?;
        let stage = rec.stage;
        if let Some(on) = rec.response_sent {
            return Err(MoveError::ResponseAlreadySent { stage, on });
        }
        let (Some(current), Some(max)) = (rec.allowed_days(t), stage.max_days(t)) else {
            return Err(MoveError::ExtensionNotAllowed { stage });
        };
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(MoveError::ExtensionReasonMissing);
        }
        if reason.chars().count() > REASON_MAX {
            return Err(MoveError::TooLong {
                what: "The reason",
                max: REASON_MAX,
            });
        }
        if rec
            .extensions
            .last()
            .is_some_and(|e| e.to_days == days && e.reason == reason)
        {
            return Ok(self.clone());
        }
        let base = stage.response_days(t).unwrap_or(current);
        if max <= base && stage.procedure() == Some(Procedure::Corporate) {
            return Err(MoveError::CorporateExtensionOff { stage, days: base });
        }
        if days > max {
            return Err(MoveError::ExtensionTooLong {
                stage,
                max,
                already_at_max: current >= max,
            });
        }
        if days <= current {
            return Err(MoveError::ExtensionNotLonger { stage, current });
        }
        let mut rec = rec.clone();
        rec.extensions.push(Extension {
            to_days: days,
            reason: reason.to_string(),
        });
        Ok(self.with_working_stage(rec))
    }

    fn record_response(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let rec = self.working_stage()?;
        rec.require_investigation()?;
        let what = format!("The {} response", rec.stage.label());
        self.check_date(on, &what)?;
        not_before(
            on,
            &what,
            rec.started,
            &format!("{} started", rec.stage.label()),
        )?;
        if rec.stage == Stage::Stage3 {
            let report = rec.panel_report.ok_or(MoveError::PanelReportMissing)?;
            not_before(on, &what, report, "the review panel's report")?;
        }
        match rec.response_sent {
            Some(done) if done == on => Ok(self.clone()),
            Some(done) => Err(MoveError::AlreadyRecorded { what, on: done }),
            None => {
                let mut rec = rec.clone();
                rec.response_sent = Some(on);
                Ok(self.with_working_stage(rec))
            }
        }
    }

    fn stage2_agreed(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let rec = self.working_stage()?;
        if rec.stage != Stage::Stage2 {
            return Err(MoveError::NotAtStage2);
        }
        rec.require_investigation()?;
        let what = "The agreed complaint";
        self.check_date(on, what)?;
        not_before(on, what, rec.started, "Stage 2 was asked for")?;
        match rec.agreed {
            Some(done) if done == on => Ok(self.clone()),
            Some(done) => Err(MoveError::AlreadyRecorded {
                what: what.to_string(),
                on: done,
            }),
            None => {
                let mut rec = rec.clone();
                rec.agreed = Some(on);
                Ok(self.with_working_stage(rec))
            }
        }
    }

    fn panel_met(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let rec = self.working_stage()?;
        if rec.stage != Stage::Stage3 {
            return Err(MoveError::NotAtStage3);
        }
        let what = "The review panel";
        self.check_date(on, what)?;
        not_before(on, what, rec.started, "Stage 3 was asked for")?;
        match rec.panel_met {
            Some(done) if done == on => Ok(self.clone()),
            Some(done) => Err(MoveError::AlreadyRecorded {
                what: what.to_string(),
                on: done,
            }),
            None => {
                let mut rec = rec.clone();
                rec.panel_met = Some(on);
                Ok(self.with_working_stage(rec))
            }
        }
    }

    fn panel_report(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let rec = self.working_stage()?;
        if rec.stage != Stage::Stage3 {
            return Err(MoveError::NotAtStage3);
        }
        let met = rec.panel_met.ok_or(MoveError::PanelNotMet)?;
        let what = "The review panel's report";
        self.check_date(on, what)?;
        not_before(on, what, met, "the panel met")?;
        match rec.panel_report {
            Some(done) if done == on => Ok(self.clone()),
            Some(done) => Err(MoveError::AlreadyRecorded {
                what: what.to_string(),
                on: done,
            }),
            None => {
                let mut rec = rec.clone();
                rec.panel_report = Some(on);
                Ok(self.with_working_stage(rec))
            }
        }
    }

    pub(super) fn escalate(
        &self,
        to: Stage,
        on: NaiveDate,
        t: &Timescales,
    ) -> Result<CaseState, MoveError> {
        self.require_open()?;
        if to == Stage::Ombudsman {
            return Err(MoveError::EscalateToOmbudsman);
        }
        let what = format!("The request for {}", to.label());
        self.check_date(on, &what)?;
        let rec = self.working_stage()?;
        if rec.stage == to && rec.started == on {
            return Ok(self.clone());
        }
        match rec.stage.next() {
            Some(next) if next == to => rec.require_investigation()?,
            None if to.procedure() == rec.stage.procedure() => {
                return Err(MoveError::LastStage { stage: rec.stage })
            }
            _ => {
                return Err(MoveError::WrongNextStage {
                    from: rec.stage,
                    to,
                })
            }
        }
        not_before(
            on,
            &what,
            rec.started,
            &format!("{} started", rec.stage.label()),
        )?;
        let mut new = StageRecord::new(to, on);
        match rec.response_sent {
            Some(response) => {
                not_before(
                    on,
                    &what,
                    response,
                    &format!("the {} response", rec.stage.label()),
                )?;
                let working_days = working_days_between(response, on);
                let window = to.request_window(t).unwrap_or(STATUTORY_REQUEST_WINDOW);
                new.request = Some(RequestTiming {
                    working_days,
                    window,
                    late: working_days > i64::from(window),
                });
            }
            None if to == Stage::Stage3 => {
                return Err(MoveError::NeedsResponseFirst { stage: rec.stage })
            }
            None => new.previous_unanswered = true,
        }
        let mut next = self.clone();
        next.stages.push(new);
        Ok(next)
    }

    fn record_outcome(&self, concern: usize, outcome: Outcome) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let stage = self.working_stage()?.stage;
        let count = self.concerns.len();
        let mut next = self.clone();
        let c = next
            .concerns
            .get_mut(concern)
            .ok_or(MoveError::NoSuchConcern { concern, count })?;
        match c.outcomes.iter_mut().find(|o| o.stage == stage) {
            Some(existing) => existing.outcome = outcome,
            None => c.outcomes.push(StageOutcome { stage, outcome }),
        }
        Ok(next)
    }

    fn set_status(&self, status: CaseStatus, on: NaiveDate) -> Result<CaseState, MoveError> {
        if self.status == status && self.status_on == Some(on) {
            return Ok(self.clone());
        }
        self.require_open()?;
        let what = match status {
            CaseStatus::Withdrawn => "The withdrawal",
            _ => "The closure",
        };
        self.check_date(on, what)?;
        if let Some(reopened) = self.status_on {
            not_before(on, what, reopened, "the case was reopened")?;
        }
        let mut next = self.clone();
        next.status = status;
        next.status_on = Some(on);
        Ok(next)
    }

    fn reopen(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        if self.status == CaseStatus::Open {
            return if self.status_on == Some(on) {
                Ok(self.clone())
            } else {
                Err(MoveError::AlreadyOpen)
            };
        }
        let what = "Reopening";
        self.check_date(on, what)?;
        if let Some(since) = self.status_on {
            let after = match self.status {
                CaseStatus::Withdrawn => "the case was withdrawn",
                _ => "the case was closed",
            };
            not_before(on, what, since, after)?;
        }
        let mut next = self.clone();
        next.status = CaseStatus::Open;
        next.status_on = Some(on);
        Ok(next)
    }

    fn ombudsman_enquiry(&self, on: NaiveDate) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let what = "The Ombudsman enquiry";
        self.check_date(on, what)?;
        if let Some(last) = self.ombudsman.last() {
            if self.ombudsman_active() {
                return if last.enquiry_on == on {
                    Ok(self.clone())
                } else {
                    Err(MoveError::AlreadyRecorded {
                        what: what.to_string(),
                        on: last.enquiry_on,
                    })
                };
            }
            not_before(on, what, last.enquiry_on, "the last Ombudsman enquiry")?;
        }
        let mut next = self.clone();
        next.ombudsman.push(OmbudsmanRecord {
            enquiry_on: on,
            finding: None,
            finding_on: None,
        });
        Ok(next)
    }

    fn ombudsman_finding(
        &self,
        finding: OmbudsmanFinding,
        on: NaiveDate,
    ) -> Result<CaseState, MoveError> {
        self.require_open()?;
        let what = "The Ombudsman's finding";
        self.check_date(on, what)?;
        let last = self.ombudsman.last().ok_or(MoveError::NoOmbudsmanEnquiry)?;
        not_before(on, what, last.enquiry_on, "the Ombudsman's enquiry")?;
        let mut next = self.clone();
        if let Some(record) = next.ombudsman.last_mut() {
            record.finding = Some(finding);
            record.finding_on = Some(on);
        }
        Ok(next)
    }
}

pub(super) fn not_before(
    on: NaiveDate,
    what: &str,
    earliest: NaiveDate,
    after: &str,
) -> Result<(), MoveError> {
    if on < earliest {
        Err(MoveError::TooEarly {
            what: what.to_string(),
            on,
            after: after.to_string(),
            earliest,
        })
    } else {
        Ok(())
    }
}
