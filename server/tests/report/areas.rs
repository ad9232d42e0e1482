//! The council's own structure in the report: complaints triaged to teams through the
//! officers' own server functions, then the by-team tables shown by service area (the page's
//! `by=area` switch, the server function and the CSV), and the receipt tables (by month, by
//! quarter, by whom), the cross-tabs and advocacy by provider.

use super::common::*;
use super::surrey::section_text;
use super::{act, count};
use app::api::officer::ReportView;
use app::domain::officer::Role;
use app::domain::structure::CouncilStructure;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn by_team_tables_show_by_service_area_and_complaints_by_month_and_by_whom() {
    let s = TestServer::start_with(|c| {
        c.site.structure = CouncilStructure::parse(
            "Children in care: CiC North, CiC South; Placements: Fostering",
            "My social worker = CiC North",
        )
        .unwrap();
    })
    .await;
    let o = officer(&s, "o@council.example", Role::Officer).await;
    // (received, who, team at triage: None keeps the young person's service)
    let complaints = [
        ("2024-04-01", "in_care", Some("CiC North")),
        ("2024-04-30", "foster_carer", Some("CiC South")),
        ("2024-07-01", "advocate", Some("Various")),
        ("2025-03-31", "in_care", None),
    ];
    for (received, who, team) in complaints {
        let reference = record_contact(
            &o,
            &s,
            &[
                ("kind", "complaint"),
                ("channel", "email"),
                ("who", who),
                ("service", "My social worker"),
                ("summary", "A complaint"),
                ("received", received),
            ],
        )
        .await;
        let mut fields = vec![
            ("decision", "statutory"),
            ("on", received),
            ("reason", "A complaint about the service"),
        ];
        fields.extend(team.map(|t| ("team", t)));
        act(&o, &s, &reference, "triage", &fields).await;
        if who == "in_care" {
            let fields = [
                ("step", "referred"),
                ("provider", "Coram Voice"),
                ("on", received),
            ];
            act(&o, &s, &reference, "advocate", &fields).await;
        }
    }

    let get = |by: &'static str| {
        let (o, s) = (&o, &s);
        async move {
            let r =
                officer_call(o, s, "/api/officer/report", &[("year", "2024"), ("by", by)]).await;
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<ReportView>().await.unwrap()
        }
    };
    let by_team = get("team").await;
    assert!(!by_team.by_area);
    assert_eq!(count(&by_team, "complaints_by_team", "CiC North", 1), "1");
    // Not triaged to a team: the young person's service still shows under its own name.
    assert_eq!(
        count(&by_team, "complaints_by_team", "My social worker", 1),
        "1"
    );

    let by_area = get("area").await;
    assert!(by_area.by_area);
    assert!(by_area.tables.iter().all(|t| t.id != "complaints_by_team"));
    assert_eq!(
        count(&by_area, "complaints_by_area", "Children in care", 1),
        "2"
    );
    assert_eq!(count(&by_area, "complaints_by_area", "Placements", 1), "0");
    assert_eq!(count(&by_area, "complaints_by_area", "Various", 1), "1");
    assert_eq!(
        count(&by_area, "complaints_by_area", "Other / not in the list", 1),
        "1"
    );
    assert_eq!(
        count(&by_area, "complaints_by_area", "Complaints received", 1),
        "4"
    );

    // Receipt: 1 and 30 April, 1 July, 31 March (the year's last day).
    assert_eq!(count(&by_area, "complaints_by_month", "April", 1), "2");
    assert_eq!(count(&by_area, "complaints_by_month", "March", 1), "1");
    assert_eq!(count(&by_area, "complaints_by_quarter", "Q1", 1), "2");
    assert_eq!(count(&by_area, "complaints_by_quarter", "Q2", 1), "1");
    assert_eq!(count(&by_area, "complaints_by_quarter", "Q4", 1), "1");
    assert_eq!(
        count(
            &by_area,
            "complaints_by_whom",
            "Made by the young person",
            1
        ),
        "2"
    );
    assert_eq!(
        count(&by_area, "complaints_by_whom", "Made by someone else", 1),
        "2"
    );
    assert_eq!(
        count(
            &by_area,
            "complaints_by_whom",
            "\u{2003}of which: Foster carer",
            1
        ),
        "1"
    );

    // Cross-tabs: each "who" with its handling under it.
    assert_eq!(
        count(&by_area, "who_by_handling", "Young person in care", 1),
        "2"
    );
    assert_eq!(
        count(
            &by_area,
            "who_by_handling",
            "\u{2003}Foster carer: Stage 1 complaint (statutory",
            1
        ),
        "1"
    );
    assert_eq!(
        count(
            &by_area,
            "who_by_outcome",
            "\u{2003}Young person in care: Still open",
            1
        ),
        "2"
    );
    assert_eq!(
        count(&by_area, "channel_by_kind", "\u{2003}Email: Complaint", 1),
        "4"
    );

    // Both young people in care were referred to the same provider.
    assert_eq!(count(&by_area, "advocacy_by_provider", "Referred", 1), "2");
    assert_eq!(
        count(
            &by_area,
            "advocacy_by_provider",
            "\u{2003}of which Coram Voice",
            1
        ),
        "2"
    );

    // The headline, in words, from the same figures.
    assert_eq!(
        by_area.headline[0],
        "We received 4 contacts in 2024/25; 4 were complaints (4 in the statutory children's procedure and 0 in the corporate procedure)."
    );
    assert_eq!(
        by_area.headline[1],
        "2 complaints were made by young people themselves."
    );

    // The page's switch is a plain GET parameter (works without JavaScript).
    let (status, html) = page(&o, &s.url("/officer/report?year=2024&by=area")).await;
    assert_eq!(status, StatusCode::OK);
    let text = section_text(&html, "complaints_by_area");
    assert!(
        text.contains("Service area") && text.contains("Children in care 2"),
        "{text}"
    );
    assert!(html.contains("/officer/report/2024/complaints_by_area.csv?by=area"));
    assert!(section_text(&html, "headline").contains("We received 4 contacts in 2024/25"));

    // The CSV follows the same switch.
    let csv = o
        .get(s.url("/officer/report/2024/complaints_by_area.csv?by=area"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    let body = csv.text().await.unwrap();
    assert!(body.contains("Children in care,2,0,+2"), "{body}");
    let missing = o
        .get(s.url("/officer/report/2024/complaints_by_area.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        missing.status(),
        StatusCode::NOT_FOUND,
        "by area needs by=area"
    );
}
