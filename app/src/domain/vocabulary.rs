//! The words of the domain, each defined once, and where. Intake, the case file, storage and
//! the yearly report all use these types (storage converts each to and from its stored code at
//! its edge, and an unknown stored code is an error, never a guess); matches over them are
//! exhaustive, so a new value breaks the build wherever it must be handled.
//!
//! | concept | type | defined in |
//! |---|---|---|
//! | kind (what the person chose) | [`Kind`] | `submission` |
//! | who is telling us | [`Who`] | `submission` |
//! | channel (how it reached us) | [`Channel`] | `submission` |
//! | equality answers | [`AgeBand`], [`Gender`], [`Ethnicity`], [`Disability`] | `submission` |
//! | triage decision | [`TriageDecision`] | `procedure` |
//! | stage | [`Stage`] | `procedure` |
//! | outcome (of a concern, of a complaint) | [`Outcome`], [`complaint_outcome`] | `procedure` |
//! | Ombudsman finding | [`OmbudsmanFinding`] | `procedure` |
//! | case status (of the procedure) | [`CaseStatus`] | `procedure` |
//! | where a contact stands (received, then the case status) | [`ContactStatus`] | `case_file` |
//! | why a Stage 2 request was declined, how it was resolved another way | [`Stage2DeclineReason`], [`Stage2Resolution`] | `procedure` (`stage2_request`) |
//! | remedy | [`RemedyKind`] | `case_file` |
//! | advocate step | [`AdvocateStep`] | `case_file` |
//! | what a contact turned out to be, the procedure it went to (derived for the report) | [`ContactKind`], [`Handling`] | `report` |
//!
//! Teams (services) and categories are the council's own words, configured
//! (`SPEAKUP_SERVICES`, `SPEAKUP_CATEGORIES`), so they are checked against that list rather
//! than fixed in code.

pub use super::case_file::{AdvocateStep, ContactStatus, RemedyKind};
pub use super::procedure::{
    complaint_outcome, CaseStatus, OmbudsmanFinding, Outcome, Stage, Stage2DeclineReason,
    Stage2Resolution, TriageDecision,
};
pub use super::report::{ContactKind, Handling};
pub use super::submission::{AgeBand, Channel, Disability, Ethnicity, Gender, Kind, Who};

/// Reads a stored code as its value: an unknown code is an error naming the concept and the
/// code, never a silent default.
pub fn from_stored<E: super::Coded>(
    concept: &str,
    code: &str,
    parse: fn(&str) -> Option<E>,
) -> Result<E, String> {
    parse(code).ok_or_else(|| format!("unknown {concept} {code:?} in the database"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Coded;

    /// Every stored code reads back as its value, codes are unique, and anything else is an
    /// error (never "online form" or another default).
    fn round_trip<E: Coded + PartialEq + std::fmt::Debug>(
        concept: &str,
        parse: fn(&str) -> Option<E>,
    ) {
        let mut seen = std::collections::BTreeSet::new();
        for &e in E::ALL {
            assert_eq!(from_stored(concept, e.code(), parse), Ok(e));
            assert!(seen.insert(e.code()), "{concept}: {e:?} code used twice");
            assert!(!e.label().is_empty());
        }
        let err = from_stored(concept, "fax", parse).unwrap_err();
        assert!(err.contains(concept) && err.contains("fax"), "{err}");
    }

    #[test]
    fn every_stored_code_converts_and_unknown_ones_are_errors() {
        round_trip("kind", Kind::from_code);
        round_trip("who", Who::from_code);
        round_trip("channel", Channel::from_code);
        round_trip("age band", AgeBand::from_code);
        round_trip("gender", Gender::from_code);
        round_trip("ethnicity", Ethnicity::from_code);
        round_trip("disability", Disability::from_code);
        round_trip("triage decision", TriageDecision::from_code);
        round_trip("stage", Stage::from_code);
        round_trip("outcome", Outcome::from_code);
        round_trip("Ombudsman finding", OmbudsmanFinding::from_code);
        round_trip("case status", CaseStatus::from_code);
        round_trip("contact status", ContactStatus::from_code);
        round_trip("Stage 2 decline reason", Stage2DeclineReason::from_code);
        round_trip("Stage 2 resolution", Stage2Resolution::from_code);
        round_trip("remedy", RemedyKind::from_code);
        round_trip("advocate step", AdvocateStep::from_code);
        round_trip("contact kind", ContactKind::from_code);
        round_trip("handling", Handling::from_code);
    }

    #[test]
    fn the_stored_codes_of_earlier_versions_still_read() {
        // Codes already in databases: changing one would need a migration.
        assert_eq!(Channel::from_code("online_form"), Some(Channel::OnlineForm));
        assert_eq!(Channel::from_code("in_person"), Some(Channel::InPerson));
        assert_eq!(Channel::from_code("advocate"), Some(Channel::Advocate));
        assert_eq!(Gender::from_code("girl"), Some(Gender::Girl));
        assert_eq!(AgeBand::from_code("prefer_not"), Some(AgeBand::PreferNot));
        assert_eq!(
            OmbudsmanFinding::from_code("no_maladministration"),
            Some(OmbudsmanFinding::NoMaladministration)
        );
        assert_eq!(
            RemedyKind::from_code("financial"),
            Some(RemedyKind::Financial)
        );
    }
}
