//! What a council sets for its own deployment that pages need to show. The server reads these
//! from the environment once (see `server/src/config.rs`) and hands them to every page.

use crate::domain::timescales::Timescales;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteSettings {
    /// The council's id, stored on every record.
    pub council_id: String,
    pub council_name: String,
    /// The Children's Rights Service's free phone number, shown to young people.
    pub rights_phone: String,
    /// A number young people can text.
    pub rights_text: String,
    /// The services a young person can choose from ("which service is it about?").
    pub services: Vec<String>,
    pub timescales: Timescales,
    /// Where "Leave this page quickly" goes.
    pub quick_exit_url: String,
    /// The council's teams by service area, and the team each service suggests at triage
    /// (see [`crate::domain::structure`]).
    pub structure: crate::domain::structure::CouncilStructure,
    /// The categories a concern can have (statutory guidance list by default).
    pub categories: Vec<String>,
    /// A deadline shows amber this many working days before it is due (red once overdue).
    pub amber_within_days: u32,
    /// Who officers call about an "I don't feel safe" alert, and how fast.
    pub safeguarding: SafeguardingSettings,
}

/// The council's safeguarding contacts and the rules for safety alerts
/// (see [`crate::domain::safeguarding`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SafeguardingSettings {
    /// The safeguarding / duty contact in working hours, e.g. "Children's Services front door
    /// 0300 000 0000".
    pub contact: String,
    /// Who covers outside working hours, e.g. "Emergency duty team 0300 000 0001".
    pub out_of_hours: String,
    pub rules: crate::domain::safeguarding::SafeguardingRules,
}

impl Default for SafeguardingSettings {
    fn default() -> Self {
        SafeguardingSettings {
            contact: "Your council's children's services front door (not set up: \
                      SPEAKUP_SAFEGUARDING_CONTACT)"
                .into(),
            out_of_hours: "Your council's emergency duty team (not set up: \
                           SPEAKUP_SAFEGUARDING_OUT_OF_HOURS). In an emergency call 999."
                .into(),
            rules: Default::default(),
        }
    }
}

impl SiteSettings {
    /// The procedure's timescales, with this council's acknowledgement and Stage 1 days.
    pub fn procedure_timescales(&self) -> crate::domain::procedure::Timescales {
        crate::domain::procedure::Timescales {
            acknowledge: self.timescales.acknowledge_days,
            stage1: self.timescales.first_response_days,
            amber_within: self.amber_within_days,
            ..Default::default()
        }
    }
}

/// The categories from the statutory guidance that councils' reports use.
pub fn default_categories() -> Vec<String> {
    [
        "Quality of service",
        "Attitude or behaviour of staff",
        "Assessment, care management or review",
        "Delay in decision or service",
        "Unwelcome or disputed decision",
        "Appropriateness of service",
        "Communication",
        "Finance",
        "Placement",
        "Contact or family time",
        "Confidentiality",
        "Other",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

impl Default for SiteSettings {
    fn default() -> Self {
        SiteSettings {
            council_id: "demo".into(),
            council_name: "Demo Council".into(),
            rights_phone: "0800 000 0000".into(),
            rights_text: "07700 900 000".into(),
            services: default_services(),
            timescales: Timescales::default(),
            quick_exit_url: "https://www.bbc.co.uk/weather".into(),
            structure: Default::default(),
            categories: default_categories(),
            amber_within_days: 2,
            safeguarding: SafeguardingSettings::default(),
        }
    }
}

pub fn default_services() -> Vec<String> {
    [
        "My social worker",
        "My foster home",
        "My children's home",
        "Leaving care (my personal adviser)",
        "Seeing my family (family time)",
        "Disability service",
        "Something else",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}
