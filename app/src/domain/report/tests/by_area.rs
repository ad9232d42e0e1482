//! By-team tables regrouped by service area (`by_area.rs`).

use super::*;
use crate::domain::report::by_area::by_area;
use crate::domain::structure::CouncilStructure;

fn structure() -> CouncilStructure {
    CouncilStructure::parse(
        "Children in care: CiC North, CiC South; Placements: Fostering; Early help: Family hubs",
        "",
    )
    .unwrap()
}

#[test]
fn teams_add_up_into_their_areas_in_the_configured_order() {
    let up = Some(Outcome::Upheld);
    let records = [
        complaint(d(2017, 5, 1), "CiC North", &[("Communication", up)]),
        complaint(d(2017, 5, 2), "CiC South", &[]),
        complaint(d(2016, 5, 2), "CiC South", &[]),
        complaint(d(2017, 5, 3), "Fostering", &[("Communication", up)]),
        complaint(d(2017, 5, 4), "Various", &[]),
    ];
    let report = by_area(&build_report(&records, 2017), &structure());
    assert!(report.table("complaints_by_team").is_none());
    let t = tb(&report, "complaints_by_area");
    let labels: Vec<&str> = t.rows.iter().map(|r| r.label.as_str()).collect();
    // Every configured area shows, even with nothing in it; then Various.
    assert_eq!(
        labels,
        ["Children in care", "Placements", "Early help", "Various"]
    );
    assert_eq!(counts(t, "Children in care"), (2, 1));
    assert_eq!(counts(t, "Placements"), (1, 0));
    assert_eq!(counts(t, "Early help"), (0, 0));
    assert_eq!(counts(t, "Various"), (1, 0));
    assert_eq!(total(t), (4, 1));
    assert_eq!(t.columns[0], "Service area");
    let upheld = tb(&report, "upheld_by_area");
    assert_eq!(counts(upheld, "Children in care"), (1, 0));
    assert_eq!(counts(upheld, "Placements"), (1, 0));
}

#[test]
fn names_not_in_the_list_and_missing_teams_still_count() {
    let records = [
        complaint(d(2017, 5, 1), "ACPS Central", &[]), // old free text
        complaint(d(2017, 5, 2), "My foster home", &[]), // a child's service, not triaged to a team
        complaint(d(2017, 5, 3), "", &[]),
    ];
    let team_report = build_report(&records, 2017);
    let report = by_area(&team_report, &structure());
    let t = tb(&report, "complaints_by_area");
    assert_eq!(counts(t, "Other / not in the list"), (2, 0));
    assert_eq!(counts(t, ""), (1, 0));
    assert_eq!(t.row("").unwrap().label, "Not recorded");
    assert_eq!(total(t), total(tb(&team_report, "complaints_by_team")));
}

#[test]
fn compliments_by_team_are_also_shown_by_area_and_other_tables_are_untouched() {
    let mut praise = ReportRecord::new(
        d(2017, 9, 1),
        ContactKind::Compliment,
        Channel::OnlineForm,
        Some(Who::InCare),
        Handling::NotApplicable,
    );
    praise.team = "Family hubs".into();
    let team_report = build_report(&[praise], 2017);
    let report = by_area(&team_report, &structure());
    assert_eq!(
        counts(tb(&report, "compliments_by_area"), "Early help"),
        (1, 0)
    );
    assert_eq!(report.tables.len(), team_report.tables.len());
    assert_eq!(
        tb(&report, "contacts_by_kind"),
        tb(&team_report, "contacts_by_kind")
    );
}

#[test]
fn corporate_complaints_by_team_with_their_parts_add_up_by_area() {
    let corporate = |received: NaiveDate, team: &str, answered: Option<NaiveDate>, stage2: bool| {
        let mut r = contact(received, Handling::Stage1Corporate);
        r.team = team.to_string();
        r.stage1_response = answered;
        r.stage2 = stage2.then(|| Escalation {
            requested: received + Days::new(40),
            agreed: None,
            panel_met: None,
            response: None,
            outcome: None,
            declined: false,
            stage2_answer: None,
        });
        r
    };
    // Monday 2 October 2017: 10 working days later is Monday 16 October.
    let records = [
        corporate(d(2017, 10, 2), "CiC North", Some(d(2017, 10, 16)), false),
        corporate(d(2017, 10, 2), "CiC South", Some(d(2017, 10, 17)), true),
        corporate(d(2017, 10, 2), "CiC South", None, false),
        corporate(d(2016, 10, 3), "Fostering", Some(d(2016, 10, 4)), false),
    ];
    let team_report = build_report(&records, 2017);
    let teams = tb(&team_report, "corporate_by_team");
    assert_eq!(counts(teams, "CiC South"), (2, 0));
    assert_eq!(counts(teams, "CiC South:within_10"), (0, 0));
    assert_eq!(counts(teams, "CiC South:stage2"), (1, 0));
    assert_eq!(counts(teams, "CiC North:within_10"), (1, 0));
    assert_eq!(counts(teams, "Fostering:within_10"), (0, 1));
    assert_eq!(total(teams), (3, 1), "the parts are not added to the total");
    // Statutory complaints are not in it.
    assert!(teams.row("A").is_none());

    let report = by_area(&team_report, &structure());
    let areas = tb(&report, "corporate_by_area");
    assert_eq!(counts(areas, "Children in care"), (3, 0));
    assert_eq!(counts(areas, "Children in care:within_10"), (1, 0));
    assert_eq!(counts(areas, "Children in care:stage2"), (1, 0));
    assert_eq!(counts(areas, "Placements:within_10"), (0, 1));
    assert!(areas.row("Early help:within_10").is_none());
    assert_eq!(total(areas), (3, 1));
}
