//! Advocacy offered, requested, referred and allocated, with the providers referred to and
//! allocating.
//!
//! Definitions: each step counts a contact once, in the year of the day the step was *first*
//! recorded on its case file (a second "offered" is not a second offer); a contact referred to
//! (or allocated by) two providers counts once under each, so the providers' rows can add up to
//! more than the referrals. Every step always shows, in the order of the procedure; providers
//! (the council's own words) show when they count something, alphabetically, "Not recorded"
//! last, as "of which" rows under their step. No total: one contact can take every step.

use super::assemble::{part, row, Builder, Spec};
use super::tally::{Named, Pair, Tally, Years};
use super::{AdvocateStep, ReportRecord, Row, Table, NOT_RECORDED};
use chrono::NaiveDate;

/// The slot of a step in [`Tally::advocacy_steps`].
fn slot(step: AdvocateStep) -> usize {
    match step {
        AdvocateStep::Offered => 0,
        AdvocateStep::Requested => 1,
        AdvocateStep::Referred => 2,
        AdvocateStep::Allocated => 3,
    }
}

pub(super) fn record(t: &mut Tally, r: &ReportRecord, years: &Years) {
    if r.advocacy.is_empty() {
        return;
    }
    // The first day of each step, and of each (step, provider): a handful per contact.
    let mut first: [Option<NaiveDate>; 4] = [None; 4];
    let mut providers: Vec<(AdvocateStep, &str, NaiveDate)> = Vec::new();
    for a in &r.advocacy {
        let s = &mut first[slot(a.step)];
        *s = Some(s.map_or(a.on, |d| d.min(a.on)));
        if matches!(a.step, AdvocateStep::Referred | AdvocateStep::Allocated) {
            let name = a.provider.trim();
            match providers
                .iter_mut()
                .find(|(st, p, _)| *st == a.step && *p == name)
            {
                Some(p) => p.2 = p.2.min(a.on),
                None => providers.push((a.step, name, a.on)),
            }
        }
    }
    for (i, day) in first.iter().enumerate() {
        if let Some(y) = day.and_then(|d| years.slot(d)) {
            t.advocacy_steps[i][y] += 1;
        }
    }
    for (step, name, day) in providers {
        if let Some(y) = years.slot(day) {
            let named = match step {
                AdvocateStep::Referred => &mut t.referred_to,
                AdvocateStep::Allocated => &mut t.allocated_by,
                AdvocateStep::Offered | AdvocateStep::Requested => continue,
            };
            named.get(name)[y] += 1;
        }
    }
}

fn provider_rows(step: &str, named: &Named<Pair>) -> Vec<Row> {
    named
        .sorted()
        .into_iter()
        .filter(|(_, c)| **c != [0, 0])
        .map(|(name, c)| {
            let label = if name.is_empty() { NOT_RECORDED } else { name };
            part(&format!("{step}:{name}"), &format!("of which {label}"), *c)
        })
        .collect()
}

pub(super) fn table(t: &Tally, b: &Builder) -> Table {
    let mut rows = Vec::new();
    for step in AdvocateStep::ALL {
        rows.push(row(
            step.code(),
            step.label(),
            t.advocacy_steps[slot(*step)],
        ));
        match step {
            AdvocateStep::Referred => rows.extend(provider_rows(step.code(), &t.referred_to)),
            AdvocateStep::Allocated => rows.extend(provider_rows(step.code(), &t.allocated_by)),
            AdvocateStep::Offered | AdvocateStep::Requested => {}
        }
    }
    b.make(
        Spec {
            id: "advocacy_by_provider",
            title: "Advocacy offered, requested, referred and allocated, by provider",
            dimension: "Advocacy",
            unit: "Each contact is counted once for each step, in the year the step was first recorded; under a step, once for each provider (so providers can add up to more than the step).",
        },
        rows,
        None,
        vec![],
    )
}
