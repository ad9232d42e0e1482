//! What someone tells us, and the rules for it.
//!
//! A submission is built one question page at a time. Each page ("step") posts a flat map of
//! field names to strings; [`apply_step`] checks them and copies them into [`Answers`], or returns
//! plain-words errors keyed by field. The very same code runs in the browser (so a mistake can be
//! shown before anything is sent) and on the server (which always decides).
//!
//! Decisions written down here so nobody has to ask:
//! - Nothing is ever refused for being old. A matter "more than a year ago" only asks *why now*
//!   (optional) and sets a flag for the officer ([`Answers::over_a_year`]).
//! - A name is optional for everyone except an advocate writing for a young person, who must
//!   say who they are (the council has to be able to check the young person agreed).
//! - The routing hint ([`routing_hint`]) is only a hint; a rights officer confirms it at triage.
//! - Limits are generous: [`LONG_TEXT_MAX`] characters for the free-text boxes.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The most characters a long answer ("what happened") may have.
pub const LONG_TEXT_MAX: usize = 5000;
/// The most characters a short answer (a name, a team) may have.
pub const SHORT_TEXT_MAX: usize = 200;

/// The fields a page posts: field name → what was typed or chosen.
pub type Fields = BTreeMap<String, String>;

/// The free-text boxes that may hold [`LONG_TEXT_MAX`] characters; every other field holds
/// [`SHORT_TEXT_MAX`] at most.
pub const LONG_FIELDS: [&str; 7] = [
    "yp_words",
    "consent_why",
    "what_happened",
    "why_now",
    "better",
    "help_with",
    "thanks_what",
];

/// The most characters field `name` may hold.
pub fn field_limit(name: &str) -> usize {
    if LONG_FIELDS.contains(&name) {
        LONG_TEXT_MAX
    } else {
        SHORT_TEXT_MAX
    }
}

/// What we keep of a page that had mistakes, to show it back: only that page's own fields
/// (`allowed`), each cut to the most it may hold. Stored drafts stay bounded whatever is sent.
pub fn truncate_fields(fields: Fields, allowed: &[&str]) -> Fields {
    fields
        .into_iter()
        .filter(|(k, _)| allowed.contains(&k.as_str()))
        .map(|(k, v)| {
            let v = v.chars().take(field_limit(&k)).collect();
            (k, v)
        })
        .collect()
}

/// A mistake in one field, with the words we show beside it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

coded!(
    /// What kind of thing someone wants to tell us.
    Kind {
        Complaint = "complaint" => "Something is wrong",
        Advocate = "advocate" => "I want someone to help me speak up",
        Compliment = "compliment" => "Say thank you",
        Representation = "representation" => "I just want to tell someone",
        Unsafe = "unsafe" => "I don't feel safe",
    }
);

coded!(
    /// Who is telling us.
    Who {
        InCare = "in_care" => "I am a young person in care",
        CareLeaver = "care_leaver" => "I used to be in care (care leaver)",
        YoungPerson = "young_person" => "I am a young person and get help from children's services",
        Parent = "parent" => "I am a parent or carer",
        FosterCarer = "foster_carer" => "I am a foster carer",
        Relative = "relative" => "I am another family member",
        Advocate = "advocate" => "I am helping a young person (advocate or professional)",
        SomeoneElse = "someone_else" => "Someone else",
    }
);

impl Who {
    /// The words the yearly report uses for who made contact (the form speaks to the person
    /// themselves; a report speaks about them).
    pub fn report_label(self) -> &'static str {
        match self {
            Who::InCare => "Young person in care",
            Who::CareLeaver => "Care leaver",
            Who::YoungPerson => "Other young person (child in need, protection plan, other)",
            Who::Parent => "Parent or carer",
            Who::FosterCarer => "Foster carer",
            Who::Relative => "Other family member",
            Who::Advocate => "Advocate or professional on a young person's behalf",
            Who::SomeoneElse => "Someone else",
        }
    }

    /// A young person speaking for themselves.
    pub fn is_young_person(self) -> bool {
        match self {
            Who::InCare | Who::CareLeaver | Who::YoungPerson => true,
            Who::Parent | Who::FosterCarer | Who::Relative | Who::Advocate | Who::SomeoneElse => {
                false
            }
        }
    }
}

coded!(
    /// How a contact reached the council. The online form records itself; officers record the
    /// others ("Record a contact"). Stored as its code; an unknown stored code is an error.
    Channel {
        OnlineForm = "online_form" => "Online form",
        Phone = "phone" => "Phone",
        Email = "email" => "Email",
        Letter = "letter" => "Letter",
        InPerson = "in_person" => "In person",
        Advocate = "advocate" => "Through an advocate",
    }
);

impl Channel {
    /// The channels an officer records (everything but the online form).
    pub const RECORDED_BY_OFFICERS: &'static [Channel] = &[
        Channel::Phone,
        Channel::Email,
        Channel::Letter,
        Channel::InPerson,
        Channel::Advocate,
    ];
}

coded!(
    /// Did the young person agree to an advocate sending this?
    Consent {
        Yes = "yes" => "Yes",
        No = "no" => "No",
        CannotTell = "cannot_tell" => "They can't tell us",
    }
);

coded!(
    /// Roughly when it happened.
    When {
        Recent = "recent" => "In the last month",
        ThisYear = "this_year" => "In the last year",
        OverAYear = "over_a_year" => "More than a year ago",
        NotSure = "not_sure" => "I'm not sure",
        StillHappening = "still_happening" => "It is still happening",
    }
);

coded!(
    /// How we may get in touch.
    ContactBy {
        Phone = "phone" => "Phone call",
        Text = "text" => "Text message",
        Email = "email" => "Email",
        Worker = "worker" => "Through my social worker or advocate",
        None = "none" => "Please don't contact me",
    }
);

coded!(
    /// A plain yes or no.
    YesNo {
        Yes = "yes" => "Yes",
        No = "no" => "No",
    }
);

coded!(
    /// Age group (equality monitoring, voluntary).
    AgeBand {
        Under10 = "under_10" => "9 or younger",
        From10To12 = "10_12" => "10 to 12",
        From13To15 = "13_15" => "13 to 15",
        From16To17 = "16_17" => "16 or 17",
        From18To20 = "18_20" => "18 to 20",
        From21To25 = "21_25" => "21 to 25",
        Over25 = "over_25" => "26 or older",
        PreferNot = "prefer_not" => "I prefer not to say",
    }
);

coded!(
    /// Gender (equality monitoring, voluntary).
    Gender {
        Girl = "girl" => "Girl or woman",
        Boy = "boy" => "Boy or man",
        Other = "other" => "I describe myself another way",
        PreferNot = "prefer_not" => "I prefer not to say",
    }
);

coded!(
    /// Ethnic group, the five broad census groups (equality monitoring, voluntary).
    Ethnicity {
        White = "white" => "White",
        Mixed = "mixed" => "Mixed or more than one group",
        Asian = "asian" => "Asian or Asian British",
        Black = "black" => "Black, Black British, Caribbean or African",
        Other = "other" => "Another ethnic group",
        PreferNot = "prefer_not" => "I prefer not to say",
    }
);

coded!(
    /// Disability (equality monitoring, voluntary).
    Disability {
        Yes = "yes" => "Yes",
        No = "no" => "No",
        PreferNot = "prefer_not" => "I prefer not to say",
    }
);

/// The words the yearly report uses for the equality answers (the form asks in the first
/// person: "I prefer not to say"; the report says "Prefer not to say").
pub trait ReportLabel: Copy {
    fn report_label(self) -> &'static str;
}

impl ReportLabel for AgeBand {
    fn report_label(self) -> &'static str {
        match self {
            AgeBand::Under10 => "Under 10",
            AgeBand::From10To12 => "10 to 12",
            AgeBand::From13To15 => "13 to 15",
            AgeBand::From16To17 => "16 to 17",
            AgeBand::From18To20 => "18 to 20",
            AgeBand::From21To25 => "21 to 25",
            AgeBand::Over25 => "26 and over",
            AgeBand::PreferNot => "Prefer not to say",
        }
    }
}

impl ReportLabel for Gender {
    fn report_label(self) -> &'static str {
        match self {
            Gender::Girl => "Girl or woman",
            Gender::Boy => "Boy or man",
            Gender::Other => "Describes themselves another way",
            Gender::PreferNot => "Prefer not to say",
        }
    }
}

impl ReportLabel for Ethnicity {
    fn report_label(self) -> &'static str {
        match self {
            Ethnicity::White => "White",
            Ethnicity::Mixed => "Mixed or multiple ethnic groups",
            Ethnicity::Asian => "Asian or Asian British",
            Ethnicity::Black => "Black, Black British, Caribbean or African",
            Ethnicity::Other => "Other ethnic group",
            Ethnicity::PreferNot => "Prefer not to say",
        }
    }
}

impl ReportLabel for Disability {
    fn report_label(self) -> &'static str {
        match self {
            Disability::Yes => "Disabled",
            Disability::No => "Not disabled",
            Disability::PreferNot => "Prefer not to say",
        }
    }
}

impl ReportLabel for Who {
    fn report_label(self) -> &'static str {
        Who::report_label(self)
    }
}

impl ReportLabel for Channel {
    fn report_label(self) -> &'static str {
        self.label()
    }
}

coded!(
    /// Which procedure the answers point to. The officer confirms it at triage.
    RoutingHint {
        Statutory = "statutory" => "Children's complaints procedure (statutory)",
        Corporate = "corporate" => "Council complaints procedure (corporate)",
        Representation = "representation" => "Representation (no formal complaint)",
        Compliment = "compliment" => "Compliment",
        AdvocacyRequest = "advocacy_request" => "Request for an advocate",
        Safeguarding = "safeguarding" => "Urgent: safety",
    }
);

/// Who is telling us about a complaint decides which procedure it probably belongs to.
/// Young people, parents, foster carers and advocates acting for a child qualify for the
/// statutory children's procedure; other family members and anyone else go to the corporate
/// procedure unless the council decides they have "sufficient interest" (an officer's call).
pub fn routing_hint(kind: Kind, who: Option<Who>) -> RoutingHint {
    match kind {
        Kind::Unsafe => RoutingHint::Safeguarding,
        Kind::Compliment => RoutingHint::Compliment,
        Kind::Advocate => RoutingHint::AdvocacyRequest,
        Kind::Representation => RoutingHint::Representation,
        Kind::Complaint => match who {
            Some(Who::Relative) | Some(Who::SomeoneElse) => RoutingHint::Corporate,
            _ => RoutingHint::Statutory,
        },
    }
}

/// The question pages, in the order they can appear.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Who,
    Behalf,
    What,
    When,
    Help,
    HelpWith,
    Thanks,
    Contact,
    AboutYou,
    Check,
}

impl Step {
    pub const ALL: &'static [Step] = &[
        Step::Who,
        Step::Behalf,
        Step::What,
        Step::When,
        Step::Help,
        Step::HelpWith,
        Step::Thanks,
        Step::Contact,
        Step::AboutYou,
        Step::Check,
    ];

    /// The last part of the page's address, `/tell/<slug>`.
    pub fn slug(self) -> &'static str {
        match self {
            Step::Who => "who",
            Step::Behalf => "behalf",
            Step::What => "what",
            Step::When => "when",
            Step::Help => "help",
            Step::HelpWith => "help-with",
            Step::Thanks => "thanks",
            Step::Contact => "contact",
            Step::AboutYou => "about-you",
            Step::Check => "check",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Step> {
        Step::ALL.iter().copied().find(|s| s.slug() == slug)
    }

    pub fn path(self) -> String {
        format!("/tell/{}", self.slug())
    }
}

/// Everything someone has told us so far. Every answer is optional until [`check_complete`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    pub kind: Option<Kind>,
    pub who: Option<Who>,
    // On a young person's behalf (advocate or professional)
    pub yp_name: String,
    pub yp_age: String,
    pub yp_words: String,
    pub consent: Option<Consent>,
    pub consent_why: String,
    // What it is about
    pub service: String,
    pub what_happened: String,
    pub when: Option<When>,
    pub why_now: String,
    pub better: String,
    // Someone to help you speak up
    pub advocate_wanted: Option<YesNo>,
    pub help_with: String,
    // Thank you
    pub thanks_who: String,
    pub thanks_what: String,
    pub share_ok: Option<YesNo>,
    // Contact
    pub name: String,
    pub contact_by: Option<ContactBy>,
    pub phone: String,
    pub email: String,
    pub safe_times: String,
    pub leave_message: Option<YesNo>,
    // Equality (voluntary)
    pub equality_skipped: bool,
    pub age_band: Option<AgeBand>,
    pub gender: Option<Gender>,
    pub ethnicity: Option<Ethnicity>,
    pub disability: Option<Disability>,
}

impl Answers {
    pub fn for_kind(kind: Kind) -> Self {
        Answers {
            kind: Some(kind),
            ..Default::default()
        }
    }

    pub fn on_behalf(&self) -> bool {
        self.who == Some(Who::Advocate)
    }

    pub fn over_a_year(&self) -> bool {
        self.when == Some(When::OverAYear)
    }

    pub fn wants_advocate(&self) -> bool {
        self.kind == Some(Kind::Advocate) || self.advocate_wanted == Some(YesNo::Yes)
    }

    /// The pages this person will see, in order. It depends on what they chose.
    pub fn steps(&self) -> Vec<Step> {
        let mut steps = vec![Step::Who];
        if self.on_behalf() {
            steps.push(Step::Behalf);
        }
        match self.kind {
            Some(Kind::Compliment) => steps.push(Step::Thanks),
            Some(Kind::Advocate) => steps.push(Step::HelpWith),
            Some(Kind::Representation) => {
                steps.extend([Step::What, Step::When]);
            }
            _ => {
                steps.extend([Step::What, Step::When, Step::Help]);
            }
        }
        steps.extend([Step::Contact, Step::AboutYou, Step::Check]);
        steps
    }

    pub fn next_step(&self, after: Step) -> Step {
        let steps = self.steps();
        let at = steps.iter().position(|s| *s == after);
        match at {
            Some(i) if i + 1 < steps.len() => steps[i + 1],
            _ => Step::Check,
        }
    }

    /// Where the back link goes: the page before, or `None` for the start page.
    pub fn previous_step(&self, before: Step) -> Option<Step> {
        let steps = self.steps();
        let i = steps.iter().position(|s| *s == before)?;
        i.checked_sub(1).map(|j| steps[j])
    }

    /// The value to show in a form field, as the page posts it.
    pub fn field_value(&self, field: &str) -> String {
        fn opt<T: Copy>(v: Option<T>, code: fn(T) -> &'static str) -> String {
            v.map(code).unwrap_or_default().to_string()
        }
        match field {
            "who" => opt(self.who, Who::code),
            "yp_name" => self.yp_name.clone(),
            "yp_age" => self.yp_age.clone(),
            "yp_words" => self.yp_words.clone(),
            "consent" => opt(self.consent, Consent::code),
            "consent_why" => self.consent_why.clone(),
            "service" => self.service.clone(),
            "what_happened" => self.what_happened.clone(),
            "when" => opt(self.when, When::code),
            "why_now" => self.why_now.clone(),
            "better" => self.better.clone(),
            "advocate_wanted" => opt(self.advocate_wanted, YesNo::code),
            "help_with" => self.help_with.clone(),
            "thanks_who" => self.thanks_who.clone(),
            "thanks_what" => self.thanks_what.clone(),
            "share_ok" => opt(self.share_ok, YesNo::code),
            "name" => self.name.clone(),
            "contact_by" => opt(self.contact_by, ContactBy::code),
            "phone" => self.phone.clone(),
            "email" => self.email.clone(),
            "safe_times" => self.safe_times.clone(),
            "leave_message" => opt(self.leave_message, YesNo::code),
            "age_band" => opt(self.age_band, AgeBand::code),
            "gender" => opt(self.gender, Gender::code),
            "ethnicity" => opt(self.ethnicity, Ethnicity::code),
            "disability" => opt(self.disability, Disability::code),
            _ => String::new(),
        }
    }
}

/// Reads and checks posted fields, collecting every mistake rather than stopping at the first.
struct Reader<'a> {
    fields: &'a Fields,
    errors: Vec<FieldError>,
}

impl<'a> Reader<'a> {
    fn new(fields: &'a Fields) -> Self {
        Self {
            fields,
            errors: Vec::new(),
        }
    }

    fn raw(&self, name: &str) -> &str {
        self.fields.get(name).map(|s| s.trim()).unwrap_or("")
    }

    /// Free text, tidied (line endings normalised, ends trimmed) and length-checked.
    fn text(&mut self, name: &str, max: usize, required: Option<&str>) -> String {
        let value = self.raw(name).replace("\r\n", "\n");
        if value.contains('\0') {
            self.errors.push(FieldError::new(
                name,
                "This has a character we cannot read. Please type it again.",
            ));
            return String::new();
        }
        let count = value.chars().count();
        if count > max {
            self.errors.push(FieldError::new(
                name,
                format!(
                    "This is too long. Use {} characters or fewer. You have used {}.",
                    group_thousands(max),
                    group_thousands(count)
                ),
            ));
        } else if value.is_empty() {
            if let Some(message) = required {
                self.errors.push(FieldError::new(name, message));
            }
        }
        value
    }

    fn choice<T: Copy>(
        &mut self,
        name: &str,
        parse: fn(&str) -> Option<T>,
        required: Option<&str>,
    ) -> Option<T> {
        let value = self.raw(name).to_string();
        if value.is_empty() {
            if let Some(message) = required {
                self.errors.push(FieldError::new(name, message));
            }
            return None;
        }
        match parse(&value) {
            Some(v) => Some(v),
            None => {
                self.errors.push(FieldError::new(
                    name,
                    required.unwrap_or("Choose one of the answers."),
                ));
                None
            }
        }
    }

    fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// 5000 → "5,000".
pub fn group_thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A UK phone number as people type it: digits, spaces, brackets, dashes and a leading +.
pub fn valid_phone(phone: &str) -> bool {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-".contains(c));
    allowed && (10..=13).contains(&digits.len())
}

/// A simple, forgiving email check: something@something.something, no spaces.
pub fn valid_email(email: &str) -> bool {
    if email.len() > 254 || email.chars().any(char::is_whitespace) {
        return false;
    }
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        }
        None => false,
    }
}

/// Checks the fields one page posted and, if they are all right, copies them into `answers`.
/// `services` is the council's list of services (the "which service" question).
/// On any mistake nothing is changed and every mistake is returned.
pub fn apply_step(
    answers: &mut Answers,
    step: Step,
    fields: &Fields,
    services: &[String],
) -> Result<(), Vec<FieldError>> {
    let mut r = Reader::new(fields);
    let mut next = answers.clone();
    match step {
        Step::Who => {
            next.who = r.choice(
                "who",
                Who::from_code,
                Some("Choose who you are. If none of these fit, choose 'Someone else'."),
            );
        }
        Step::Behalf => {
            next.yp_name = r.text(
                "yp_name",
                SHORT_TEXT_MAX,
                Some("Enter the young person's name."),
            );
            next.yp_age = r.text("yp_age", 20, None);
            next.yp_words = r.text("yp_words", LONG_TEXT_MAX, None);
            next.consent = r.choice(
                "consent",
                Consent::from_code,
                Some("Say if the young person agreed to you sending this."),
            );
            let why_needed = matches!(next.consent, Some(Consent::No | Consent::CannotTell));
            next.consent_why = r.text(
                "consent_why",
                LONG_TEXT_MAX,
                why_needed.then_some("Tell us why you are sending this without their agreement."),
            );
        }
        Step::What => {
            let service = r.raw("service").to_string();
            if service.is_empty() {
                r.errors.push(FieldError::new(
                    "service",
                    "Choose which service it is about. If you are not sure, choose 'Something else'.",
                ));
            } else if !services.contains(&service) {
                r.errors.push(FieldError::new(
                    "service",
                    "Choose one of the services in the list.",
                ));
            }
            next.service = service;
            next.what_happened = r.text(
                "what_happened",
                LONG_TEXT_MAX,
                Some("Tell us what happened. A few words is fine."),
            );
        }
        Step::When => {
            next.when = r.choice(
                "when",
                When::from_code,
                Some("Choose when it happened. You can choose 'I'm not sure'."),
            );
            next.why_now = r.text("why_now", LONG_TEXT_MAX, None);
            next.better = r.text("better", LONG_TEXT_MAX, None);
        }
        Step::Help => {
            next.advocate_wanted = r.choice(
                "advocate_wanted",
                YesNo::from_code,
                Some("Choose yes or no."),
            );
        }
        Step::HelpWith => {
            next.help_with = r.text(
                "help_with",
                LONG_TEXT_MAX,
                Some("Tell us what you want help with. A few words is fine."),
            );
        }
        Step::Thanks => {
            next.thanks_who = r.text(
                "thanks_who",
                SHORT_TEXT_MAX,
                Some("Tell us who you want to thank. It can be a person or a team."),
            );
            next.thanks_what = r.text("thanks_what", LONG_TEXT_MAX, Some("Tell us what they did."));
            next.share_ok = r.choice("share_ok", YesNo::from_code, Some("Choose yes or no."));
        }
        Step::Contact => {
            let name_needed = answers.on_behalf();
            next.name = r.text(
                "name",
                SHORT_TEXT_MAX,
                name_needed.then_some(
                    "Enter your name. We need it because you are writing for a young person.",
                ),
            );
            next.contact_by = r.choice(
                "contact_by",
                ContactBy::from_code,
                Some("Choose how we can get in touch, or 'Please don't contact me'."),
            );
            next.phone = r.text("phone", 30, None);
            next.email = r.text("email", 254, None);
            next.safe_times = r.text("safe_times", SHORT_TEXT_MAX, None);
            next.leave_message = r.choice("leave_message", YesNo::from_code, None);
            match next.contact_by {
                Some(ContactBy::Phone | ContactBy::Text) if next.phone.is_empty() => {
                    r.errors.push(FieldError::new(
                        "phone",
                        "Enter a phone number, or choose another way to get in touch.",
                    ));
                }
                Some(ContactBy::Email) if next.email.is_empty() => {
                    r.errors.push(FieldError::new(
                        "email",
                        "Enter an email address, or choose another way to get in touch.",
                    ));
                }
                _ => {}
            }
            if !next.phone.is_empty() && !valid_phone(&next.phone) {
                r.errors.push(FieldError::new(
                    "phone",
                    "Enter a phone number like 07700 900 123.",
                ));
            }
            if !next.email.is_empty() && !valid_email(&next.email) {
                r.errors.push(FieldError::new(
                    "email",
                    "Enter an email address like name@example.com.",
                ));
            }
        }
        Step::AboutYou => {
            next.equality_skipped = fields.contains_key("skip");
            if next.equality_skipped {
                next.age_band = None;
                next.gender = None;
                next.ethnicity = None;
                next.disability = None;
            } else {
                next.age_band = r.choice("age_band", AgeBand::from_code, None);
                next.gender = r.choice("gender", Gender::from_code, None);
                next.ethnicity = r.choice("ethnicity", Ethnicity::from_code, None);
                next.disability = r.choice("disability", Disability::from_code, None);
            }
        }
        Step::Check => {}
    }
    r.finish()?;
    *answers = next;
    Ok(())
}

/// Before sending: the first page with something missing, and what is missing.
/// Checks every page this person should have seen by running its rules again.
pub fn check_complete(
    answers: &Answers,
    services: &[String],
) -> Result<(), (Step, Vec<FieldError>)> {
    if answers.kind.is_none() {
        return Err((
            Step::Who,
            vec![FieldError::new(
                "kind",
                "Start again and choose what you want to tell us.",
            )],
        ));
    }
    for step in answers.steps() {
        if step == Step::Check {
            continue;
        }
        let mut copy = answers.clone();
        let fields = fields_of(answers, step);
        if let Err(errors) = apply_step(&mut copy, step, &fields, services) {
            return Err((step, errors));
        }
    }
    Ok(())
}

/// The fields a page would post for the answers we already have (used to re-check them).
pub fn fields_of(answers: &Answers, step: Step) -> Fields {
    let mut fields: Fields = field_names(step)
        .iter()
        .map(|n| (n.to_string(), answers.field_value(n)))
        .collect();
    if step == Step::AboutYou && answers.equality_skipped {
        fields.insert("skip".into(), "1".into());
    }
    fields
}

/// The answer fields a question page has.
pub fn field_names(step: Step) -> &'static [&'static str] {
    match step {
        Step::Who => &["who"],
        Step::Behalf => &["yp_name", "yp_age", "yp_words", "consent", "consent_why"],
        Step::What => &["service", "what_happened"],
        Step::When => &["when", "why_now", "better"],
        Step::Help => &["advocate_wanted"],
        Step::HelpWith => &["help_with"],
        Step::Thanks => &["thanks_who", "thanks_what", "share_ok"],
        Step::Contact => &[
            "name",
            "contact_by",
            "phone",
            "email",
            "safe_times",
            "leave_message",
        ],
        Step::AboutYou => &["age_band", "gender", "ethnicity", "disability"],
        Step::Check => &[],
    }
}

/// One line of the "check your answers" list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub question: String,
    pub answer: String,
    pub step: Step,
}

/// What the "check your answers" list says for a question left empty.
pub const NOT_GIVEN: &str = "Not given";

/// The "check your answers" list, in page order, in plain words.
pub fn summary(answers: &Answers) -> Vec<SummaryRow> {
    fn row(rows: &mut Vec<SummaryRow>, step: Step, q: &str, a: impl Into<String>) {
        let a = a.into();
        rows.push(SummaryRow {
            question: q.to_string(),
            answer: if a.trim().is_empty() {
                NOT_GIVEN.to_string()
            } else {
                a
            },
            step,
        });
    }
    fn label<T: Copy>(v: Option<T>, f: fn(T) -> &'static str) -> String {
        v.map(f).unwrap_or_default().to_string()
    }
    let mut rows = Vec::new();
    for step in answers.steps() {
        match step {
            Step::Who => row(
                &mut rows,
                step,
                "Who you are",
                label(answers.who, Who::label),
            ),
            Step::Behalf => {
                row(&mut rows, step, "Young person's name", &answers.yp_name);
                row(&mut rows, step, "Young person's age", &answers.yp_age);
                row(
                    &mut rows,
                    step,
                    "The young person's own words",
                    &answers.yp_words,
                );
                row(
                    &mut rows,
                    step,
                    "Did they agree?",
                    label(answers.consent, Consent::label),
                );
                if !answers.consent_why.is_empty() {
                    row(
                        &mut rows,
                        step,
                        "Why without their agreement",
                        &answers.consent_why,
                    );
                }
            }
            Step::What => {
                row(&mut rows, step, "Which service", &answers.service);
                row(&mut rows, step, "What happened", &answers.what_happened);
            }
            Step::When => {
                row(&mut rows, step, "When", label(answers.when, When::label));
                if answers.over_a_year() {
                    row(
                        &mut rows,
                        step,
                        "Why you are telling us now",
                        &answers.why_now,
                    );
                }
                row(
                    &mut rows,
                    step,
                    "What would make it better",
                    &answers.better,
                );
            }
            Step::Help => row(
                &mut rows,
                step,
                "Someone to help you speak up",
                label(answers.advocate_wanted, YesNo::label),
            ),
            Step::HelpWith => row(
                &mut rows,
                step,
                "What you want help with",
                &answers.help_with,
            ),
            Step::Thanks => {
                row(
                    &mut rows,
                    step,
                    "Who you want to thank",
                    &answers.thanks_who,
                );
                row(&mut rows, step, "What they did", &answers.thanks_what);
                row(
                    &mut rows,
                    step,
                    "Can we pass your words on?",
                    label(answers.share_ok, YesNo::label),
                );
            }
            Step::Contact => {
                row(&mut rows, step, "Your name", &answers.name);
                row(
                    &mut rows,
                    step,
                    "How we can get in touch",
                    label(answers.contact_by, ContactBy::label),
                );
                if !answers.phone.is_empty() {
                    row(&mut rows, step, "Phone", &answers.phone);
                }
                if !answers.email.is_empty() {
                    row(&mut rows, step, "Email", &answers.email);
                }
                if !answers.safe_times.is_empty() {
                    row(&mut rows, step, "Safe times", &answers.safe_times);
                }
            }
            Step::AboutYou => row(
                &mut rows,
                step,
                "About you",
                if answers.equality_skipped {
                    "You skipped these questions".to_string()
                } else {
                    [
                        label(answers.age_band, AgeBand::label),
                        label(answers.gender, Gender::label),
                        label(answers.ethnicity, Ethnicity::label),
                        label(answers.disability, Disability::label),
                    ]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
                },
            ),
            Step::Check => {}
        }
    }
    rows
}

#[cfg(test)]
mod tests;
