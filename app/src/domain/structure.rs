//! The council's own structure: its **teams**, grouped into **service areas**, and which team
//! each child-facing **service** ("who or what is it about?") suggests at triage.
//!
//! Words (one meaning each):
//! - A **team** is where a case is handled, chosen by an officer at triage from the configured
//!   list ([`CouncilStructure::is_team`]). "Various" ([`VARIOUS_TEAM`]) is a choice of its own,
//!   for a case about more than one team.
//! - A **service area** groups teams. A team's area is derived from the team
//!   ([`CouncilStructure::area_of`]): never typed separately, so the two cannot disagree.
//! - A **service** is the young person's own word for who or what a contact is about. It is not
//!   a team: it only *suggests* one at triage ([`CouncilStructure::suggested_team`]).
//!
//! Decisions:
//! - The case file keeps the team as a name, as before. Names are checked against the list when
//!   an officer sets them (the server function's edge), never rewritten afterwards.
//! - A name that is not in today's list (a team set before the list existed, a service name a
//!   young person chose and nobody triaged, a team since renamed) still shows under its own name
//!   in by-team tables, and under the area [`Area::NotInList`] ("Other / not in the list") in
//!   by-area tables, so no count disappears when the list changes. No team recorded at all is
//!   "Not recorded" in both.

use serde::{Deserialize, Serialize};

/// The team (and area) for a case about more than one team.
pub const VARIOUS_TEAM: &str = "Various";
/// The area label for teams that are not in the configured list.
pub const NOT_IN_LIST: &str = "Other / not in the list";

/// The teams when a council sets none (`SPEAKUP_TEAMS`): a typical children's services
/// structure.
pub const DEFAULT_TEAMS: &str = "Children in care: Children in care team, Leaving care team, \
    Disabled children's team; Placements: Fostering, Residential children's homes, Adoption; \
    Safeguarding and family help: Assessment and family help, Child protection, \
    Family time (contact) service";
/// The suggestions when a council sets none (`SPEAKUP_SERVICE_TEAMS`): one for each default
/// service but "Something else".
pub const DEFAULT_SERVICE_TEAMS: &str = "My social worker = Children in care team; \
    My foster home = Fostering; My children's home = Residential children's homes; \
    Leaving care (my personal adviser) = Leaving care team; \
    Seeing my family (family time) = Family time (contact) service; \
    Disability service = Disabled children's team";

/// A service area and its teams, in the order they are shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceArea {
    pub name: String,
    pub teams: Vec<String>,
}

/// Teams by area, and the team each child-facing service suggests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilStructure {
    pub areas: Vec<ServiceArea>,
    /// (service, team): the team suggested at triage for a contact about that service.
    pub service_teams: Vec<(String, String)>,
}

/// The area a recorded team name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area<'a> {
    /// A configured area.
    Named(&'a str),
    /// The case is about more than one team.
    Various,
    /// A name not in today's list.
    NotInList,
    /// No team recorded.
    NotRecorded,
}

impl<'a> Area<'a> {
    /// The stable key (the area's name, "" for not recorded) and the words a table shows.
    pub fn key_and_label(self) -> (&'a str, &'a str) {
        match self {
            Area::Named(name) => (name, name),
            Area::Various => (VARIOUS_TEAM, VARIOUS_TEAM),
            Area::NotInList => (NOT_IN_LIST, NOT_IN_LIST),
            Area::NotRecorded => ("", super::report::NOT_RECORDED),
        }
    }
}

impl CouncilStructure {
    /// Every configured team, area by area (not "Various").
    pub fn teams(&self) -> impl Iterator<Item = &str> {
        self.areas
            .iter()
            .flat_map(|a| a.teams.iter().map(String::as_str))
    }

    /// An officer may record this team: a configured team or "Various".
    pub fn is_team(&self, name: &str) -> bool {
        name == VARIOUS_TEAM || self.teams().any(|t| t == name)
    }

    /// The area of a recorded team name (see the module docs).
    pub fn area_of(&self, team: &str) -> Area<'_> {
        let team = team.trim();
        if team.is_empty() {
            return Area::NotRecorded;
        }
        if team == VARIOUS_TEAM {
            return Area::Various;
        }
        self.areas
            .iter()
            .find(|a| a.teams.iter().any(|t| t == team))
            .map_or(Area::NotInList, |a| Area::Named(&a.name))
    }

    /// The team a contact about this service (or already on this team) is suggested for.
    pub fn suggested_team(&self, service_or_team: &str) -> Option<&str> {
        let name = service_or_team.trim();
        if self.is_team(name) {
            return Some(self.teams().find(|t| *t == name).unwrap_or(VARIOUS_TEAM));
        }
        self.service_teams
            .iter()
            .find(|(s, _)| s == name)
            .map(|(_, t)| t.as_str())
    }

    /// Reads `Area: Team, Team; Area: Team` (the teams) and `Service = Team; …` (the
    /// suggestions). Every suggested team must be in the list; names are trimmed; an area or
    /// team named twice is refused, as is an area with no teams.
    pub fn parse(areas: &str, service_teams: &str) -> Result<CouncilStructure, String> {
        let mut out = CouncilStructure {
            areas: Vec::new(),
            service_teams: Vec::new(),
        };
        for part in areas.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, teams) = part.split_once(':').ok_or_else(|| {
                format!("{part:?} needs an area, a colon and its teams: \"Area: Team, Team\"")
            })?;
            let name = name.trim().to_string();
            let teams: Vec<String> = teams
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            if name.is_empty() || teams.is_empty() {
                return Err(format!("{part:?} needs an area name and at least one team"));
            }
            if name == VARIOUS_TEAM || name == NOT_IN_LIST {
                return Err(format!(
                    "{name:?} is the report's own area; choose another name"
                ));
            }
            if out.areas.iter().any(|a| a.name == name) {
                return Err(format!("the area {name:?} is named twice"));
            }
            for t in &teams {
                if t == VARIOUS_TEAM
                    || out.teams().any(|x| x == t)
                    || teams.iter().filter(|x| *x == t).count() > 1
                {
                    return Err(format!("the team {t:?} is named twice (or is \"Various\", which is always offered)"));
                }
            }
            out.areas.push(ServiceArea { name, teams });
        }
        if out.areas.is_empty() {
            return Err("name at least one area and team".into());
        }
        for part in service_teams
            .split(';')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (service, team) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} needs a service, = and a team"))?;
            let (service, team) = (service.trim().to_string(), team.trim().to_string());
            if !out.is_team(&team) {
                return Err(format!(
                    "{service:?} suggests {team:?}, which is not in the list of teams"
                ));
            }
            out.service_teams.push((service, team));
        }
        Ok(out)
    }
}

impl Default for CouncilStructure {
    /// A typical children's services structure; the default services each suggest a team.
    fn default() -> Self {
        CouncilStructure::parse(DEFAULT_TEAMS, DEFAULT_SERVICE_TEAMS)
            .expect("the default structure is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn structure() -> CouncilStructure {
        CouncilStructure::parse(
            "Children in care: CiC North, CiC South; Placements: Fostering",
            "My social worker = CiC North; My foster home = Fostering",
        )
        .unwrap()
    }

    #[test]
    fn a_team_belongs_to_its_configured_area() {
        let s = structure();
        assert_eq!(s.area_of("CiC South"), Area::Named("Children in care"));
        assert_eq!(s.area_of(" Fostering "), Area::Named("Placements"));
    }

    #[test]
    fn various_empty_and_unlisted_names_have_their_own_areas() {
        let s = structure();
        assert_eq!(s.area_of("Various"), Area::Various);
        assert_eq!(s.area_of(""), Area::NotRecorded);
        // An old free-text team and a child's service name are not teams.
        assert_eq!(s.area_of("ACPS Central"), Area::NotInList);
        assert_eq!(s.area_of("My foster home"), Area::NotInList);
    }

    #[test]
    fn only_listed_teams_and_various_can_be_recorded() {
        let s = structure();
        assert!(s.is_team("CiC North"));
        assert!(s.is_team("Various"));
        assert!(!s.is_team("Children in care"), "an area is not a team");
        assert!(!s.is_team("My social worker"), "a service is not a team");
        assert!(!s.is_team("cic north"), "names match exactly");
    }

    #[test]
    fn a_service_suggests_its_team_and_a_team_suggests_itself() {
        let s = structure();
        assert_eq!(s.suggested_team("My foster home"), Some("Fostering"));
        assert_eq!(s.suggested_team("CiC South"), Some("CiC South"));
        assert_eq!(s.suggested_team("Something else"), None);
        assert_eq!(s.suggested_team(""), None);
    }

    #[test]
    fn bad_settings_are_refused_with_the_reason() {
        let err = |a: &str, s: &str| CouncilStructure::parse(a, s).unwrap_err();
        assert!(err("Fostering", "").contains("colon"));
        assert!(err("A: X; B: X", "").contains("\"X\" is named twice"));
        assert!(err("A: X; A: Y", "").contains("area \"A\" is named twice"));
        assert!(err("A: ", "").contains("at least one team"));
        assert!(err("", "").contains("at least one area"));
        assert!(err("A: X", "Foster = Y").contains("not in the list"));
        assert!(err("A: Various", "").contains("Various"));
    }

    #[test]
    fn the_default_structure_suggests_a_team_for_every_default_service_but_something_else() {
        let s = CouncilStructure::default();
        for service in crate::settings::default_services() {
            let suggested = s.suggested_team(&service);
            assert_eq!(
                suggested.is_none(),
                service == "Something else",
                "{service}"
            );
        }
    }
}
