//! The young person's intake against the real server (127.0.0.1:0, temporary SQLite file),
//! posting plain forms exactly as a browser with JavaScript off does.

mod common;
use common::*;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_TYPE};
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_is_stored_and_the_confirmation_shows_reference_code_and_dates() {
    let s = TestServer::start().await;
    let (c, done) = complaint(&s).await;
    assert_eq!(done, "/tell/done");
    assert_eq!(s.count(), 1);
    let (status, html) = page(&c, &s.url("/tell/done")).await;
    assert_eq!(status, StatusCode::OK);
    let reference = find_reference(&html).expect("reference on the page");
    let code = find_code(&html).expect("secret code on the page");
    assert!(app::domain::reference::Reference::parse(&reference).is_ok());
    assert!(app::domain::reference::ProgressCode::parse(&code).is_ok());
    assert!(
        html.contains("We will reply by"),
        "what happens next, with a date"
    );
    assert!(
        html.contains("find you an advocate"),
        "they asked for an advocate"
    );
    // The copy to keep is inside the page (a data: link), with the words and the code.
    assert!(html.contains("download=\"speak-up-message.txt\""));
    assert!(html.contains("My%20social%20worker%20never%20calls%20me%20back."));
    assert!(html.contains(&format!("Your%20secret%20code%3A%20{code}")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sending_twice_returns_the_same_reference_and_makes_one_record() {
    let s = TestServer::start().await;
    let c = browser();
    post_redirect(&c, &s.url("/api/intake/start"), &[("kind", "compliment")]).await;
    save(&s, &c, "who", &[("who", "in_care")]).await;
    save(
        &s,
        &c,
        "thanks",
        &[
            ("thanks_who", "My foster carer"),
            ("thanks_what", "Kind"),
            ("share_ok", "yes"),
        ],
    )
    .await;
    save(&s, &c, "contact", &[("contact_by", "none")]).await;
    save(&s, &c, "about-you", &[("skip", "1")]).await;
    // A double tap: both posts carry the same draft cookie.
    let send = s.url("/api/intake/send");
    let (a, b) = tokio::join!(post_form(&c, &send, &[]), post_form(&c, &send, &[]));
    assert_eq!(location(&a), "/tell/done");
    assert_eq!(location(&b), "/tell/done");
    assert_eq!(s.count(), 1);
    let (_, first) = page(&c, &s.url("/tell/done")).await;
    assert!(find_reference(&first).is_some());
    // Back and send again: the draft cookie ended with the send, so nothing new is made.
    post_form(&c, &send, &[]).await;
    assert_eq!(s.count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_message_can_be_sent() {
    let s = TestServer::start().await;

    // Ask for someone to help you speak up.
    let c = browser();
    post_redirect(&c, &s.url("/api/intake/start"), &[("kind", "advocate")]).await;
    assert_eq!(
        save(&s, &c, "who", &[("who", "care_leaver")]).await,
        "/tell/help-with"
    );
    assert_eq!(
        save(&s, &c, "help-with", &[("help_with", "My pathway plan")]).await,
        "/tell/contact"
    );
    save(
        &s,
        &c,
        "contact",
        &[("contact_by", "email"), ("email", "sam@example.org")],
    )
    .await;
    save(
        &s,
        &c,
        "about-you",
        &[("age_band", "18_20"), ("gender", "prefer_not")],
    )
    .await;
    assert_eq!(
        post_redirect(&c, &s.url("/api/intake/send"), &[]).await,
        "/tell/done"
    );

    // Say thank you.
    let c = browser();
    post_redirect(&c, &s.url("/api/intake/start"), &[("kind", "compliment")]).await;
    assert_eq!(
        save(&s, &c, "who", &[("who", "foster_carer")]).await,
        "/tell/thanks"
    );
    save(
        &s,
        &c,
        "thanks",
        &[
            ("thanks_who", "The fostering team"),
            ("thanks_what", "They helped at Christmas"),
            ("share_ok", "yes"),
        ],
    )
    .await;
    save(&s, &c, "contact", &[("contact_by", "none")]).await;
    save(&s, &c, "about-you", &[("skip", "1")]).await;
    assert_eq!(
        post_redirect(&c, &s.url("/api/intake/send"), &[]).await,
        "/tell/done"
    );
    let (_, html) = page(&c, &s.url("/tell/done")).await;
    assert!(html.contains("Thank you sent"));

    // I just want to tell someone.
    let c = browser();
    post_redirect(
        &c,
        &s.url("/api/intake/start"),
        &[("kind", "representation")],
    )
    .await;
    save(&s, &c, "who", &[("who", "parent")]).await;
    save(
        &s,
        &c,
        "what",
        &[
            ("service", "Seeing my family (family time)"),
            ("what_happened", "Family time keeps moving"),
        ],
    )
    .await;
    assert_eq!(
        save(&s, &c, "when", &[("when", "still_happening")]).await,
        "/tell/contact"
    );
    save(
        &s,
        &c,
        "contact",
        &[("contact_by", "phone"), ("phone", "0113 496 0000")],
    )
    .await;
    save(&s, &c, "about-you", &[("skip", "1")]).await;
    assert_eq!(
        post_redirect(&c, &s.url("/api/intake/send"), &[]).await,
        "/tell/done"
    );

    // An advocate, on a young person's behalf, with the young person's words kept apart.
    let c = browser();
    post_redirect(&c, &s.url("/api/intake/start"), &[("kind", "complaint")]).await;
    assert_eq!(
        save(&s, &c, "who", &[("who", "advocate")]).await,
        "/tell/behalf"
    );
    let back = save(
        &s,
        &c,
        "behalf",
        &[("yp_name", "Jordan"), ("consent", "cannot_tell")],
    )
    .await;
    assert_eq!(
        back, "/tell/behalf",
        "needs a reason when the young person could not agree"
    );
    let (_, html) = page(&c, &s.url("/tell/behalf")).await;
    assert!(html.contains("Tell us why you are sending this without their agreement."));
    assert!(html.contains("value=\"Jordan\""), "what was typed is kept");
    assert_eq!(
        save(
            &s,
            &c,
            "behalf",
            &[
                ("yp_name", "Jordan"),
                ("yp_age", "6"),
                ("consent", "cannot_tell"),
                ("consent_why", "Jordan is non-verbal"),
                ("yp_words", "(points) want mum")
            ]
        )
        .await,
        "/tell/what"
    );
    save(
        &s,
        &c,
        "what",
        &[
            ("service", "My foster home"),
            ("what_happened", "No contact with mum for 8 weeks"),
        ],
    )
    .await;
    save(&s, &c, "when", &[("when", "recent")]).await;
    save(&s, &c, "help", &[("advocate_wanted", "no")]).await;
    let back = save(
        &s,
        &c,
        "contact",
        &[("contact_by", "email"), ("email", "adv@example.org")],
    )
    .await;
    assert_eq!(back, "/tell/contact", "an advocate must give their name");
    save(
        &s,
        &c,
        "contact",
        &[
            ("name", "A. Advocate, Advocacy Service"),
            ("contact_by", "email"),
            ("email", "adv@example.org"),
        ],
    )
    .await;
    save(&s, &c, "about-you", &[("skip", "1")]).await;
    let (_, check) = page(&c, &s.url("/tell/check")).await;
    assert!(
        check.contains("(points) want mum"),
        "the young person's own words are on the check page"
    );
    assert_eq!(
        post_redirect(&c, &s.url("/api/intake/send"), &[]).await,
        "/tell/done"
    );

    assert_eq!(s.count(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn i_dont_feel_safe_is_stored_at_once_and_more_can_be_added() {
    let s = TestServer::start().await;
    let c = browser();
    assert_eq!(
        post_redirect(&c, &s.url("/api/intake/unsafe"), &[]).await,
        "/unsafe"
    );
    assert_eq!(s.count(), 1, "stored before any question");
    // A second tap is the same message.
    assert_eq!(
        post_redirect(&c, &s.url("/api/intake/unsafe"), &[]).await,
        "/unsafe"
    );
    assert_eq!(s.count(), 1);
    let (_, html) = page(&c, &s.url("/unsafe")).await;
    assert!(html.contains("999") && html.contains("0800 1111"));
    assert!(find_reference(&html).is_some());
    let back = post_redirect(
        &c,
        &s.url("/api/intake/unsafe-details"),
        &[("f[phone]", "12")],
    )
    .await;
    assert_eq!(back, "/unsafe");
    let (_, html) = page(&c, &s.url("/unsafe")).await;
    assert!(html.contains("Enter a phone number like"));
    let back = post_redirect(
        &c,
        &s.url("/api/intake/unsafe-details"),
        &[
            ("f[what_happened]", "Someone at home hurts me"),
            ("f[phone]", "07700 900123"),
        ],
    )
    .await;
    assert_eq!(back, "/unsafe?added=1");
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let (urgent, hint): (bool, String) = conn
        .query_row("SELECT urgent, routing_hint FROM submissions", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert!(urgent);
    assert_eq!(hint, "safeguarding");
    let details: String = conn
        .query_row("SELECT answers FROM submission_details", [], |r| r.get(0))
        .unwrap();
    assert!(details.contains("Someone at home hurts me"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_are_shown_beside_the_field_and_nothing_is_lost() {
    let s = TestServer::start().await;
    let c = browser();
    post_redirect(&c, &s.url("/api/intake/start"), &[("kind", "complaint")]).await;
    save(&s, &c, "who", &[("who", "in_care")]).await;
    let back = save(
        &s,
        &c,
        "what",
        &[("service", "My social worker"), ("what_happened", "")],
    )
    .await;
    assert_eq!(back, "/tell/what");
    let (status, html) = page(&c, &s.url("/tell/what")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("There is a problem"));
    assert!(
        html.contains("href=\"#f-what_happened\""),
        "summary links to the field"
    );
    assert!(html.contains("Tell us what happened. A few words is fine."));

    let long = "a".repeat(5001);
    let back = save(
        &s,
        &c,
        "what",
        &[("service", "My social worker"), ("what_happened", &long)],
    )
    .await;
    assert_eq!(back, "/tell/what");
    let (_, html) = page(&c, &s.url("/tell/what")).await;
    assert!(html.contains("This is too long. Use 5,000 characters or fewer. You have used 5,001."));
    // What they typed is still there, cut to what the box holds (stored drafts stay bounded).
    assert!(html.contains(&long[..5000]));
    assert!(!html.contains(&long));
    assert_eq!(s.count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_oversized_requests_get_a_4xx_with_a_message() {
    let s = TestServer::start().await;
    let c = browser();
    // Unknown kind.
    let r = c
        .post(s.url("/api/intake/start"))
        .form(&[("kind", "king")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("Choose what you want to tell us."));
    // Missing arguments.
    let r = c
        .post(s.url("/api/intake/save"))
        .form(&[("nonsense", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("not in the shape we expected"));
    // A page that does not exist.
    let r = c
        .post(s.url("/api/intake/save"))
        .form(&[("step", "../../etc")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Too big.
    let huge = "x".repeat(server::MAX_BODY_BYTES + 10);
    let r = c
        .post(s.url("/api/intake/save"))
        .form(&[("step", "what"), ("f[what_happened]", huge.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // The server closes a connection after refusing its body: carry on with a fresh one.
    let c = browser();
    // Not a form at all.
    let r = c
        .post(s.url("/api/progress/check"))
        .header(CONTENT_TYPE, "application/json")
        .body("{\"reference\": 1}")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "got {}", r.status());
    // Reference and code much too long.
    let long = "A".repeat(500);
    let r = c
        .post(s.url("/api/progress/check"))
        .form(&[("reference", long.as_str()), ("code", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(s.count(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_survive_a_restart_and_progress_can_be_checked() {
    let s = TestServer::start().await;
    let (c, _) = complaint(&s).await;
    let (_, html) = page(&c, &s.url("/tell/done")).await;
    let reference = find_reference(&html).unwrap();
    let code = find_code(&html).unwrap();
    let db = s.db.clone();
    let _dir = s.stop();

    let s = TestServer::start_on(db).await;
    assert_eq!(s.count(), 1);
    let other = browser();
    // Lower case, spaces, no dash: still found.
    let typed = code.to_lowercase().replace('-', " ");
    assert_eq!(
        post_redirect(
            &other,
            &s.url("/api/progress/check"),
            &[("reference", &reference), ("code", &typed)]
        )
        .await,
        "/progress/status"
    );
    let (_, html) = page(&other, &s.url("/progress/status")).await;
    assert!(html.contains(&reference));
    assert!(html.contains("We got it on"));
    assert!(html.contains("We will reply by"));
    assert!(
        !html.contains("never calls me back"),
        "no words on the progress page"
    );
    // Another browser without the check sees nothing.
    let (_, html) = page(&browser(), &s.url("/progress/status")).await;
    assert!(html.contains("Please enter your reference and code again"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_code_and_unknown_reference_look_the_same_and_tries_are_slowed() {
    let s = TestServer::start().await;
    let (c, _) = complaint(&s).await;
    let (_, html) = page(&c, &s.url("/tell/done")).await;
    let reference = find_reference(&html).unwrap();
    let code = find_code(&html).unwrap();
    let b = browser();
    let wrong = post_redirect(
        &b,
        &s.url("/api/progress/check"),
        &[("reference", &reference), ("code", "AAAA-AAAA")],
    )
    .await;
    let unknown = post_redirect(
        &b,
        &s.url("/api/progress/check"),
        &[("reference", "SU-ZZZZ-ZZZZ"), ("code", "AAAA-AAAA")],
    )
    .await;
    assert_eq!(wrong, "/progress?e=nomatch");
    assert_eq!(wrong, unknown);
    for _ in 0..4 {
        post_redirect(
            &b,
            &s.url("/api/progress/check"),
            &[("reference", &reference), ("code", "AAAA-AAAA")],
        )
        .await;
    }
    // Even the right code waits now.
    let slowed = post_redirect(
        &b,
        &s.url("/api/progress/check"),
        &[("reference", &reference), ("code", &code)],
    )
    .await;
    assert_eq!(slowed, "/progress?e=slow");
    let (_, html) = page(&b, &s.url(&slowed)).await;
    assert!(html.contains("Wait 10 minutes"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_exit_forgets_the_draft_and_goes_somewhere_neutral() {
    let s = TestServer::start().await;
    let c = browser();
    post_redirect(&c, &s.url("/api/intake/start"), &[("kind", "complaint")]).await;
    save(&s, &c, "who", &[("who", "in_care")]).await;
    let r = post_form(&c, &s.url("/leave"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "https://www.bbc.co.uk/weather");
    assert!(r.headers().get("clear-site-data").is_some());
    // The draft is gone on the server, whatever the browser kept.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers_and_are_compressed() {
    let s = TestServer::start().await;
    let c = reqwest::Client::builder().no_gzip().build().unwrap();
    let r = c
        .get(s.url("/"))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("script-src 'nonce-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert_eq!(h.get("referrer-policy").unwrap(), "no-referrer");
    assert_eq!(h.get("cache-control").unwrap(), "no-store");
    assert_eq!(h.get("content-encoding").unwrap(), "gzip");
    let r = c.get(s.url("/no-such-page")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
