//! The single pass: every figure of both years counted from each record once.

use super::{AgeBand, Channel, Disability, Ethnicity, Gender, OmbudsmanFinding, RemedyKind, Who};
use super::{ContactKind, Escalation, Handling, Outcome, ReportRecord};
use crate::domain::calendar::{is_working_day, working_days_between};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Index 0 is the report's year, 1 the year before.
pub(super) type Pair = [u64; 2];
pub(super) const THIS: usize = 0;
pub(super) const LAST: usize = 1;

/// The statutory Stage 1 timescale (regulation 14): 10 working days unless extended.
pub(super) const STAGE1_DAYS: u32 = 10;
pub(super) const STAGE1_LIMITS: (i64, i64) = (10, 20);
pub(super) const STAGE2_LIMITS: (i64, i64) = (25, 65);
/// The review panel meets within 30 working days of the request (one limit).
pub(super) const STAGE3_PANEL_LIMITS: (i64, i64) = (30, 30);
/// The whole of Stage 3 is reported against 50 working days (one limit).
pub(super) const STAGE3_LIMITS: (i64, i64) = (50, 50);

/// Working days from a prefix-sum table over the years around the report, so each lookup is
/// constant time; dates outside it fall back to [`working_days_between`].
pub(super) struct WorkingDays {
    first: NaiveDate,
    /// `cumulative[i]`: working days in `(first, first + i]`.
    cumulative: Vec<u32>,
}

impl WorkingDays {
    pub(super) fn new(first: NaiveDate, last: NaiveDate) -> Self {
        let mut cumulative = Vec::new();
        let mut n = 0u32;
        for (i, d) in first.iter_days().take_while(|d| *d <= last).enumerate() {
            if i > 0 && is_working_day(d) {
                n += 1;
            }
            cumulative.push(n);
        }
        WorkingDays { first, cumulative }
    }

    fn index(&self, d: NaiveDate) -> Option<usize> {
        let i = usize::try_from((d - self.first).num_days()).ok()?;
        (i < self.cumulative.len()).then_some(i)
    }

    /// Same as [`working_days_between`].
    pub(super) fn between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        match (self.index(from), self.index(to)) {
            (Some(a), Some(b)) => i64::from(self.cumulative[b]) - i64::from(self.cumulative[a]),
            _ => working_days_between(from, to),
        }
    }
}

/// Counts keyed by a council's own words: each name is stored once.
pub(super) struct Named<T> {
    index: BTreeMap<String, usize>,
    values: Vec<T>,
}

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named {
            index: BTreeMap::new(),
            values: Vec::new(),
        }
    }
}

impl<T: Default> Named<T> {
    pub(super) fn get(&mut self, name: &str) -> &mut T {
        let key = name.trim();
        let i = match self.index.get(key) {
            Some(&i) => i,
            None => {
                let i = self.values.len();
                self.values.push(T::default());
                self.index.insert(key.to_string(), i);
                i
            }
        };
        &mut self.values[i]
    }

    /// Names sorted alphabetically ignoring case, "" (not recorded) last.
    pub(super) fn sorted(&self) -> Vec<(&str, &T)> {
        let mut out: Vec<(&str, &T)> = self
            .index
            .iter()
            .map(|(k, &i)| (k.as_str(), &self.values[i]))
            .collect();
        out.sort_by_cached_key(|(k, _)| (k.is_empty(), k.to_lowercase(), k.to_string()));
        out
    }
}

/// Timeliness in bands (within the first limit, up to the second, over it, no response) and
/// the sum for the average. With both limits equal there are only two timed bands.
#[derive(Default)]
pub(super) struct Timeliness {
    pub(super) bands: [Pair; 4],
    pub(super) days: Pair,
    pub(super) answered: Pair,
}

impl Timeliness {
    pub(super) fn add(&mut self, y: usize, days: Option<i64>, limits: (i64, i64)) {
        match days {
            None => self.bands[3][y] += 1,
            Some(d) => {
                let d = d.max(0);
                let band = if d <= limits.0 {
                    0
                } else if d <= limits.1 {
                    1
                } else {
                    2
                };
                self.bands[band][y] += 1;
                self.days[y] += d.unsigned_abs();
                self.answered[y] += 1;
            }
        }
    }
}

/// Everything counted in the single pass.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) kind: [Pair; ContactKind::ALL.len()],
    pub(super) handling: [Pair; Handling::ALL.len()],
    /// Withdrawn, of [statutory, corporate].
    pub(super) withdrawn: [Pair; 2],
    pub(super) carried_over: Pair,
    pub(super) carried_forward: Pair,
    pub(super) forward_not_triaged: Pair,
    pub(super) channel: [Pair; Channel::ALL.len()],
    pub(super) who: [Pair; Who::ALL.len() + 1],
    pub(super) young_people: Pair,
    /// Complaints (either procedure) by month of the financial year, April first.
    pub(super) complaint_month: [Pair; 12],
    /// Complaints (either procedure) by who made them, then "not recorded".
    pub(super) complaint_who: [Pair; Who::ALL.len() + 1],
    /// Corporate procedure complaints by team (`corporate.rs`): [received, answered within 10
    /// working days, asked for Stage 2].
    pub(super) corporate_team: Named<[Pair; 3]>,
    /// Advocacy steps by provider (`advocacy.rs`): [offered, requested, referred, allocated]
    /// contacts, and referred and allocated by provider.
    pub(super) advocacy_steps: [Pair; 4],
    pub(super) referred_to: Named<Pair>,
    pub(super) allocated_by: Named<Pair>,
    /// Cross-tabs (`crosstab.rs`): who (then "not recorded") by handling, for contacts.
    pub(super) who_handling: [[Pair; Handling::ALL.len()]; Who::ALL.len() + 1],
    /// Who by the outcome of the complaint (then "still open"), Stage 1 statutory complaints.
    pub(super) who_outcome: [[Pair; Outcome::ALL.len() + 1]; Who::ALL.len() + 1],
    /// Channel by kind, for everything received.
    pub(super) channel_kind: [[Pair; ContactKind::ALL.len()]; Channel::ALL.len()],
    pub(super) with_advocate: Pair,
    pub(super) advocacy_requests: Pair,
    /// [complaints, complaints upheld or partly upheld]
    pub(super) team: Named<[Pair; 2]>,
    /// Per complaint, once per category it raises: [complaints, upheld or partly upheld]
    pub(super) category: Named<[Pair; 2]>,
    /// Per concern.
    pub(super) concern_category: Named<Pair>,
    /// Outcomes then "not decided".
    pub(super) concern_outcome: [Pair; Outcome::ALL.len() + 1],
    /// Outcomes then "still open".
    pub(super) complaint_outcome: [Pair; Outcome::ALL.len() + 1],
    pub(super) stage1: Timeliness,
    /// [within the agreed timescale, after it]
    pub(super) stage1_agreed: [Pair; 2],
    /// Complaints given an extension, by reason.
    pub(super) extensions: Named<Pair>,
    pub(super) stage2: Timeliness,
    pub(super) stage3_panel: Timeliness,
    pub(super) stage3: Timeliness,
    /// Outcomes, "declined", "not decided".
    pub(super) stage2_outcome: [Pair; Outcome::ALL.len() + 2],
    pub(super) stage2_requests: super::stage2_requests::Counts,
    pub(super) stage3_outcome: [Pair; Outcome::ALL.len() + 2],
    pub(super) ombudsman_received: Pair,
    pub(super) ombudsman_decided: [Pair; OmbudsmanFinding::ALL.len()],
    pub(super) ombudsman_investigated: Pair,
    pub(super) remedies: [Pair; RemedyKind::ALL.len()],
    pub(super) paid_pence: Pair,
    pub(super) payments: Pair,
    /// Agreed, completed in the year, agreed and completed by year end, outstanding at year end.
    pub(super) learning: [Pair; 4],
    /// [agreed in the year, of those completed by year end]
    pub(super) owners: Named<[Pair; 2]>,
    pub(super) compliment_team: Named<Pair>,
    pub(super) compliment_theme: Named<Pair>,
    pub(super) compliment_source: [Pair; Who::ALL.len() + 1],
    pub(super) age: [Pair; AgeBand::ALL.len() + 1],
    pub(super) gender: [Pair; Gender::ALL.len() + 1],
    pub(super) ethnicity: [Pair; Ethnicity::ALL.len() + 1],
    pub(super) disability: [Pair; Disability::ALL.len() + 1],
    /// Safety alerts: received, passed on in time, passed on late, not recorded as passed on.
    pub(super) safety: [Pair; 4],
    /// Tenths of hours to pass on, per year (for the median and average).
    pub(super) safety_hours: [Vec<u64>; 2],
}

/// The two years being compared.
pub(super) struct Years {
    /// (first, last) day, inclusive, for [THIS, LAST].
    pub(super) bounds: [(NaiveDate, NaiveDate); 2],
}

impl Years {
    pub(super) fn slot(&self, d: NaiveDate) -> Option<usize> {
        self.bounds.iter().position(|&(a, b)| a <= d && d <= b)
    }
}

/// Index of an optional value in `all`, with `None` as the last slot.
pub(super) fn opt_index<E: PartialEq>(all: &[E], v: Option<E>) -> usize {
    match v {
        Some(v) => all.iter().position(|e| *e == v).unwrap_or(all.len()),
        None => all.len(),
    }
}

fn idx<E: PartialEq>(all: &[E], v: E) -> usize {
    opt_index(all, Some(v))
}

impl Tally {
    pub(super) fn record(&mut self, r: &ReportRecord, years: &Years, days: &WorkingDays) {
        let t = self;
        if r.can_be_open() {
            let closed = r.effective_closed();
            for (y, &(first, last)) in years.bounds.iter().enumerate() {
                if r.received < first && closed.is_none_or(|c| c >= first) {
                    t.carried_over[y] += 1;
                }
                if r.received <= last && closed.is_none_or(|c| c > last) {
                    t.carried_forward[y] += 1;
                    if r.handling == Handling::NotTriaged {
                        t.forward_not_triaged[y] += 1;
                    }
                }
            }
        }

        if let Some(y) = years.slot(r.received) {
            t.kind[idx(ContactKind::ALL, r.kind)][y] += 1;
            t.channel_kind[idx(Channel::ALL, r.channel)][idx(ContactKind::ALL, r.kind)][y] += 1;
            match r.kind {
                ContactKind::Compliment => {
                    t.compliment_team.get(&r.team)[y] += 1;
                    t.compliment_theme
                        .get(r.compliment_theme.as_deref().unwrap_or(""))[y] += 1;
                    t.compliment_source[opt_index(Who::ALL, r.who)][y] += 1;
                }
                ContactKind::Safeguarding => {
                    let a = r.safety.clone().unwrap_or_default();
                    t.safety[0][y] += 1;
                    match a.tenths_of_hours_to_pass_on {
                        Some(h) => {
                            t.safety[if a.in_time { 1 } else { 2 }][y] += 1;
                            t.safety_hours[y].push(h);
                        }
                        None => t.safety[3][y] += 1,
                    }
                }
                ContactKind::Complaint
                | ContactKind::Representation
                | ContactKind::AdvocacyRequest => t.contact(r, y, days),
            }
        }

        if r.handling == Handling::Stage1Statutory {
            if let Some(s) = &r.stage2 {
                if let Some(y) = years.slot(s.requested) {
                    let from = s.agreed.unwrap_or(s.requested);
                    let clock = (from, STAGE2_LIMITS);
                    escalation(&mut t.stage2, &mut t.stage2_outcome, s, clock, y, days);
                    if let Some(answer) = s.stage2_answer {
                        t.stage2_requests.add(answer, y);
                    }
                }
            }
            if let Some(s) = &r.stage3 {
                if let Some(y) = years.slot(s.requested) {
                    if !s.declined {
                        let met = s.panel_met.map(|d| days.between(s.requested, d));
                        t.stage3_panel.add(y, met, STAGE3_PANEL_LIMITS);
                    }
                    let clock = (s.requested, STAGE3_LIMITS);
                    escalation(&mut t.stage3, &mut t.stage3_outcome, s, clock, y, days);
                }
            }
        }

        if let Some(o) = &r.ombudsman {
            if let Some(y) = years.slot(o.date) {
                t.ombudsman_received[y] += 1;
            }
            if let (Some(finding), Some(y)) = (o.finding, o.decided.and_then(|d| years.slot(d))) {
                t.ombudsman_decided[idx(OmbudsmanFinding::ALL, finding)][y] += 1;
                if finding.investigated() {
                    t.ombudsman_investigated[y] += 1;
                }
            }
        }

        super::advocacy::record(t, r, years);

        for remedy in &r.remedies {
            if let Some(y) = years.slot(remedy.agreed) {
                t.remedies[idx(RemedyKind::ALL, remedy.kind)][y] += 1;
                if let Some(p) = remedy.amount_pence {
                    t.paid_pence[y] += p;
                    t.payments[y] += 1;
                }
            }
        }

        for action in &r.learning {
            if let Some(y) = action.done.and_then(|d| years.slot(d)) {
                t.learning[1][y] += 1;
            }
            for (y, &(_, last)) in years.bounds.iter().enumerate() {
                if action.agreed <= last && action.done.is_none_or(|d| d > last) {
                    t.learning[3][y] += 1;
                }
            }
            if let Some(y) = years.slot(action.agreed) {
                let done_by_end = action.done.is_some_and(|d| d <= years.bounds[y].1);
                t.learning[0][y] += 1;
                let owner = t.owners.get(&action.owner);
                owner[0][y] += 1;
                if done_by_end {
                    t.learning[2][y] += 1;
                    owner[1][y] += 1;
                }
            }
        }
    }

    /// A contact (not a compliment or safety alert) received in year `y`.
    fn contact(&mut self, r: &ReportRecord, y: usize, days: &WorkingDays) {
        let t = self;
        t.handling[idx(Handling::ALL, r.handling)][y] += 1;
        if r.withdrawn {
            match r.handling {
                Handling::Stage1Statutory => t.withdrawn[0][y] += 1,
                Handling::Stage1Corporate => t.withdrawn[1][y] += 1,
                Handling::Representation
                | Handling::OutsideScope
                | Handling::NotTriaged
                | Handling::NotApplicable => {}
            }
        }
        t.channel[idx(Channel::ALL, r.channel)][y] += 1;
        t.who[opt_index(Who::ALL, r.who)][y] += 1;
        t.who_handling[opt_index(Who::ALL, r.who)][idx(Handling::ALL, r.handling)][y] += 1;
        let young_person = r.who.is_some_and(Who::is_young_person);
        if young_person && r.kind != ContactKind::AdvocacyRequest {
            t.young_people[y] += 1;
        }
        if r.advocate_allocated {
            t.with_advocate[y] += 1;
        }
        if r.kind == ContactKind::AdvocacyRequest {
            t.advocacy_requests[y] += 1;
        }
        t.age[opt_index(AgeBand::ALL, r.equality.age_band)][y] += 1;
        t.gender[opt_index(Gender::ALL, r.equality.gender)][y] += 1;
        t.ethnicity[opt_index(Ethnicity::ALL, r.equality.ethnicity)][y] += 1;
        t.disability[opt_index(Disability::ALL, r.equality.disability)][y] += 1;
        if r.handling.is_complaint() {
            t.complaint_month[super::receipt::month_of_year(r.received)][y] += 1;
            t.complaint_who[opt_index(Who::ALL, r.who)][y] += 1;
        }

        if r.handling == Handling::Stage1Corporate {
            let on_time = !r.withdrawn
                && r.stage1_response
                    .is_some_and(|d| days.between(r.received, d) <= STAGE1_LIMITS.0);
            let team = t.corporate_team.get(&r.team);
            team[0][y] += 1;
            team[1][y] += u64::from(on_time);
            team[2][y] += u64::from(r.stage2.as_ref().is_some_and(|s| !s.declined));
        }
        if r.handling != Handling::Stage1Statutory {
            return;
        }
        let outcome = r.complaint_outcome();
        t.complaint_outcome[opt_index(Outcome::ALL, outcome)][y] += 1;
        t.who_outcome[opt_index(Who::ALL, r.who)][opt_index(Outcome::ALL, outcome)][y] += 1;
        let upheld = u64::from(matches!(
            outcome,
            Some(Outcome::Upheld | Outcome::PartlyUpheld)
        ));
        let team = t.team.get(&r.team);
        team[0][y] += 1;
        team[1][y] += upheld;

        if !r.withdrawn {
            let response = r.stage1_response.map(|d| days.between(r.received, d));
            t.stage1.add(y, response, STAGE1_LIMITS);
            if let Some(d) = response {
                let allowed = r
                    .stage1_extension
                    .as_ref()
                    .map_or(STAGE1_DAYS, |e| e.to_days);
                let slot = usize::from(d > i64::from(allowed));
                t.stage1_agreed[slot][y] += 1;
            }
            if let Some(e) = &r.stage1_extension {
                t.extensions.get(&e.reason)[y] += 1;
            }
        }

        if r.concerns.is_empty() {
            t.category.get("")[0][y] += 1;
            t.concern_category.get("")[y] += 1;
            t.concern_outcome[Outcome::ALL.len()][y] += 1;
            return;
        }
        // Each category once per complaint; upheld there if any of its concerns was.
        let mut seen: Vec<(&str, bool)> = Vec::with_capacity(r.concerns.len());
        for c in &r.concerns {
            let name = c.category.trim();
            let up = matches!(c.outcome, Some(Outcome::Upheld | Outcome::PartlyUpheld));
            match seen.iter_mut().find(|(n, _)| *n == name) {
                Some(s) => s.1 |= up,
                None => seen.push((name, up)),
            }
            t.concern_category.get(name)[y] += 1;
            t.concern_outcome[opt_index(Outcome::ALL, c.outcome)][y] += 1;
        }
        for (name, up) in seen {
            let category = t.category.get(name);
            category[0][y] += 1;
            category[1][y] += u64::from(up);
        }
    }
}

fn escalation(
    time: &mut Timeliness,
    outcomes: &mut [Pair; Outcome::ALL.len() + 2],
    s: &Escalation,
    (from, limits): (NaiveDate, (i64, i64)),
    y: usize,
    days: &WorkingDays,
) {
    let n = Outcome::ALL.len();
    if s.declined {
        outcomes[n][y] += 1;
        return;
    }
    time.add(y, s.response.map(|d| days.between(from, d)), limits);
    outcomes[s.outcome.map_or(n + 1, |o| idx(Outcome::ALL, o))][y] += 1;
}
