//! Plan versions: adoption, revision, comparison, import and export of plan files, and the audit log.

use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn versions_adopt_revise_and_compare() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let r = app
        .post_form(
            &u,
            &format!("{v}/besluta"),
            &[
                ("row_version", "1"),
                ("on", "2023-11-31"),
                ("meeting", ""),
                ("decision", "x"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.expect("body");
    assert!(
        body.contains("Skriv beslutsdagen som ÅÅÅÅ-MM-DD") && body.contains("value=\"2023-11-31\"")
    );
    let decided = [
        ("row_version", "1"),
        ("on", "2023-11-17"),
        ("meeting", "Styrelsemöte 2023-11-17"),
        ("decision", "Styrelsen fastställer planen."),
    ];
    // First the check of what is about to be registered: nothing is adopted yet.
    let r = app.post_form(&u, &format!("{v}/besluta"), &decided).await;
    assert_eq!(r.status(), StatusCode::OK);
    let check = squash(&r.text().await.expect("body"));
    assert!(
        check.contains("<dt>Möte och paragraf</dt><dd>Styrelsemöte 2023-11-17</dd>"),
        "{check}"
    );
    assert!(
        check.contains("Administrationsandel över målet"),
        "the findings in words: {check}"
    );
    assert!(
        !check.contains("kannedom"),
        "no errors, no statement asked for"
    );
    assert!(
        !app.get(&u.client, &v)
            .await
            .text()
            .await
            .expect("body")
            .contains("Beslutad av styrelsen")
    );
    // "Ändra" goes back to the form with what was written.
    let mut change = decided.to_vec();
    change.push(("steg", "andra"));
    let r = app.post_form(&u, &format!("{v}/besluta"), &change).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("value=\"Styrelsemöte 2023-11-17\"")
    );
    let mut confirmed = decided.to_vec();
    confirmed.push(("steg", "bekrafta"));
    let r = app.post_form(&u, &format!("{v}/besluta"), &confirmed).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let dash = app.get(&u.client, &v).await.text().await.expect("body");
    assert!(dash.contains(
        "Beslutad av styrelsen 2023-11-17 (Styrelsemöte 2023-11-17): Styrelsen fastställer planen."
    ));
    // An adopted version cannot change.
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/ny-rad"),
            &[
                ("section", "1"),
                ("name", "x"),
                ("category", "insats"),
                ("amount", "-1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app.post_form(&u, &format!("{v}/revidera"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let new = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("to the new draft")
        .to_owned();
    let page = app
        .get(&u.client, &format!("{new}/budget"))
        .await
        .text()
        .await
        .expect("body");
    let fp = fingerprint_in(&page, 2, 1);
    let r = app
        .post_form(
            &u,
            &format!("{new}/budget/rad/2/1"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Köp av tjänst förbundschef"),
                ("category", "administration"),
                ("kind", "per-ar"),
                ("ar_2024", "-450 000"),
                ("ar_2025", "-615 000"),
                ("ar_2026", "-634 000"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cmp = app
        .get(&u.client, &format!("/forbund/{SOFINT}/jamfor"))
        .await
        .text()
        .await
        .expect("body");
    assert!(cmp.contains("1 rader skiljer sig."), "{cmp}");
    assert!(squash(&cmp).contains("<th scope=\"row\">Tjänster / Köp av tjänst förbundschef</th><td><mark>ändrad</mark></td>"), "{cmp}");
    assert!(cmp.contains("<td>−597 400</td><td>−450 000</td><td><mark>147 400</mark></td>"));
}

#[tokio::test]
async fn import_and_export_are_an_exact_round_trip() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let r = upload(&app, &u, SOFINT_TEXT.as_bytes().to_vec()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let new = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("location")
        .to_owned();
    let r = app.get(&u.client, &format!("{new}/planfil.toml")).await;
    assert!(
        r.headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("attachment"))
    );
    assert_eq!(r.text().await.expect("body"), SOFINT_TEXT, "byte for byte");

    // Not a plan file, another association's plan file, an empty upload: refused with a reason.
    for (bytes, reason) in [
        (b"<html>404</html>".to_vec(), "Rad 1, kolumn 1"),
        (
            include_bytes!("../../../../examples/alvdalen-2025.toml").to_vec(),
            "gäller organisationsnummer 222000-1230",
        ),
        (Vec::new(), "Välj en planfil"),
    ] {
        let before = app.version_count(SOFINT).await;
        let r = upload(&app, &u, bytes).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.expect("body").contains(reason), "{reason}");
        assert_eq!(app.version_count(SOFINT).await, before);
    }
    // Too large.
    let r = upload(&app, &u, vec![b'#'; 2 * 1024 * 1024]).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().await.expect("body").contains("för stort"));
}

#[tokio::test]
async fn an_imported_version_can_be_named_and_a_plan_without_org_number_is_confirmed_by_name() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    // A name tells two imports of the same plan apart, with the number the address uses.
    let r = upload_with(
        &app,
        &u,
        SOFINT_TEXT.as_bytes().to_vec(),
        &[("namn", "reviderad juni")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let new = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("location")
        .to_owned();
    let id = new.rsplit('/').next().expect("an id").to_owned();
    let page = app.text(&u.client, &format!("/forbund/{SOFINT}")).await;
    assert!(
        page.contains(&format!(
            "Verksamhetsplan och budget 2024, version 1: reviderad juni (nr {id})"
        )),
        "{page}"
    );
    // Without organisationsnummer the plan is matched by name, and imported only once the
    // user confirms; nothing is saved before.
    let no_org = SOFINT_TEXT.replace("org_number = \"222000-1818\"\n", "");
    assert_ne!(no_org, SOFINT_TEXT);
    let before = app.version_count(SOFINT).await;
    let r = upload_with(&app, &u, no_org.clone().into_bytes(), &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("body");
    assert!(
        page.contains("Planfilen saknar organisationsnummer"),
        "{page}"
    );
    assert!(page.contains("name=\"bekrafta_namn\""), "{page}");
    assert_eq!(app.version_count(SOFINT).await, before);
    let r = upload_with(&app, &u, no_org.into_bytes(), &[("bekrafta_namn", "ja")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.version_count(SOFINT).await, before + 1);
    // Another förbund's name without a number is refused outright.
    let other = include_str!("../../../../examples/alvdalen-2025.toml")
        .replace("org_number = \"222000-1230\"\n", "");
    let r = upload_with(&app, &u, other.into_bytes(), &[("bekrafta_namn", "ja")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("body");
    assert!(
        page.contains("Samordningsförbundet Älvdalen")
            && page.contains("inte Samordningsförbundet SOFINT"),
        "{page}"
    );
}

#[tokio::test]
async fn the_audit_log_is_readable_and_filterable_by_director_and_auditor() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    app.post_form(
        &u,
        &format!("{v}/budget/ny-rad"),
        &[
            ("section", "1"),
            ("name", "Mässa"),
            ("category", "insats"),
            ("amount", "-5 000"),
        ],
    )
    .await;
    let auditor = app.login("revisor").await;
    let page = app
        .get(&auditor.client, &format!("/forbund/{SOFINT}/logg"))
        .await
        .text()
        .await
        .expect("body");
    assert!(
        page.contains(
            "<td data-label=\"Användare\">Demo Förbundschef (demo)</td><td data-label=\"Händelse\">Utkast ändrat</td><td data-label=\"Vad\">Ny rad &#34;Mässa&#34; i &#34;Insatser&#34;</td>"
        ),
        "{page}"
    );
    let filtered = app
        .get(
            &auditor.client,
            &format!("/forbund/{SOFINT}/logg?handling=plan.create"),
        )
        .await
        .text()
        .await
        .expect("body");
    assert!(filtered.contains("1 händelser") && !filtered.contains("Mässa"));
}

/// A long audit log is shown a hundred rows a page, with links between the pages that keep the
/// filter; the API gives the same pages; a date that is no date is said so.
#[tokio::test]
async fn the_audit_log_is_paged_in_the_page_and_the_api() {
    use finsam_store::prelude::*;
    let app = spawn_app().await;
    let u = app.login("demo").await;
    for i in 0..250 {
        app.store
            .log_security_event(
                finsam_store::SecurityEvent {
                    association: finsam_store::AssociationId(SOFINT),
                    actor: finsam_store::Actor::System,
                    about: None,
                    action: "test.event",
                    summary: &format!("händelse {i}"),
                    at: 1_700_000_000 + i,
                },
                None,
            )
            .await
            .expect("writes");
    }
    let log = format!("/forbund/{SOFINT}/logg");
    let first = app
        .text(&u.client, &format!("{log}?handling=test.event"))
        .await;
    assert!(
        first.contains("250 händelser, nyaste först, svensk tid; sida 1 av 3"),
        "{first}"
    );
    // An action this version has no words for is shown by its code.
    assert_eq!(
        first
            .matches("<td data-label=\"Händelse\">test.event</td>")
            .count(),
        100
    );
    assert!(first.contains("händelse 249<") && !first.contains("händelse 149<"));
    assert!(
        first.contains("?handling=test.event&#38;sida=2\" rel=\"next\""),
        "{first}"
    );
    let last = app
        .text(&u.client, &format!("{log}?handling=test.event&sida=3"))
        .await;
    assert_eq!(
        last.matches("<td data-label=\"Händelse\">test.event</td>")
            .count(),
        50
    );
    assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""));
    let r = app.get(&u.client, &format!("{log}?fran=igår")).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("Från datum: &#34;igår&#34; är inget datum")
    );

    let api: serde_json::Value = u
        .client
        .get(app.url(&format!(
            "/api/forbund/{SOFINT}/logg?handling=test.event&sida=2&per_sida=120"
        )))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        (&api["totalt"], &api["sidor"], &api["sida"]),
        (
            &serde_json::json!(250),
            &serde_json::json!(3),
            &serde_json::json!(2)
        )
    );
    assert_eq!(api["poster"].as_array().map(Vec::len), Some(120));
    assert_eq!(api["poster"][0]["vad"], "händelse 129");
}

/// Many versions: the förbund's page shows fifty at a time, the API a page of them with the
/// whole list's length in X-Total-Count.
#[tokio::test]
async fn the_versions_are_paged_in_the_page_and_the_api() {
    use finsam_store::prelude::*;
    let app = spawn_app().await;
    for i in 0..60 {
        app.store
            .create_plan(
                finsam_store::Actor::System,
                finsam_store::AssociationId(SOFINT),
                &format!("Plan {i}"),
                SOFINT_TEXT,
            )
            .await
            .expect("creates");
    }
    let u = app.login("styrelse").await;
    let first = app.text(&u.client, &format!("/forbund/{SOFINT}")).await;
    assert!(
        first.contains("Planversioner, nyaste först; sida 1 av 2"),
        "{first}"
    );
    assert!(first.contains("Plan 59, version 1 (nr") && !first.contains("Plan 9, version 1 (nr"));
    let second = app
        .text(&u.client, &format!("/forbund/{SOFINT}?sida=2"))
        .await;
    assert!(second.contains("Plan 9, version 1 (nr") && second.contains("rel=\"prev\""));
    let r = app
        .get(
            &u.client,
            &format!("/api/forbund/{SOFINT}/versioner?per_sida=7&sida=2"),
        )
        .await;
    assert_eq!(r.headers()["x-total-count"], "61");
    let list: serde_json::Value = r.json().await.expect("JSON");
    assert_eq!(list.as_array().map(Vec::len), Some(7));
    assert_eq!(list[0]["titel"], "Plan 52");
}

#[tokio::test]
async fn a_plan_with_errors_is_adopted_only_with_the_boards_statement_which_is_logged() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let versions: serde_json::Value = u
        .client
        .get(app.url(&format!("/api/forbund/{ALVDALEN}/versioner")))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    let id = versions[0]["id"].as_i64().expect("a version");
    let v = format!("/forbund/{ALVDALEN}/versioner/{id}");
    let row_version = versions[0]["radversion"].as_i64().unwrap_or(1).to_string();
    let mut fields = vec![
        ("row_version", row_version.as_str()),
        ("on", "2024-11-20"),
        ("meeting", "Styrelsemöte 2024-11-20, § 12"),
        ("decision", "Styrelsen fastställer planen."),
        ("steg", "bekrafta"),
    ];
    // Without the statement: refused, said at the top and at the box, nothing adopted.
    let r = app.post_form(&u, &format!("{v}/besluta"), &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("body");
    assert!(page.contains("Beslutet är inte registrerat"), "{page}");
    assert!(page.contains("href=\"#kannedom\""));
    assert!(page.contains("aria-invalid=\"true\" aria-describedby=\"kannedom-fel\""));
    let log = app
        .text(&u.client, &format!("/forbund/{ALVDALEN}/logg"))
        .await;
    assert!(!log.contains("beslutades av styrelsen"));
    // With it: adopted, and the statement with the errors is in the log.
    fields.push(("kannedom", "ja"));
    let r = app.post_form(&u, &format!("{v}/besluta"), &fields).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap_or_default()
    );
    let log = app
        .text(&u.client, &format!("/forbund/{ALVDALEN}/logg"))
        .await;
    assert!(log.contains("beslutades av styrelsen 2024-11-20"), "{log}");
    assert!(
        log.contains(". Styrelsen beslutade med kännedom om "),
        "{log}"
    );
    assert!(log.contains(" fel i kontrollerna: "), "{log}");
}

/// Adopts SOFINT's first version as the demo's förbundschef.
async fn adopt_sofint(app: &TestApp, u: &User) {
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let r = app
        .post_form(
            u,
            &format!("{v}/besluta"),
            &[
                ("row_version", "1"),
                ("on", "2023-11-17"),
                ("meeting", "Styrelsemöte 2023-11-17 § 5"),
                ("decision", "Styrelsen fastställer planen."),
                ("steg", "bekrafta"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn next_years_plan_is_started_from_the_adopted_one() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    // A draft is not started from: it is still being changed.
    let dash = app.text(&u.client, &v).await;
    assert!(!dash.contains("nasta-ar"), "no button on a draft");
    let r = app.post_form(&u, &format!("{v}/nasta-ar"), &[]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("Nästa års plan startas från en beslutad version.")
    );
    adopt_sofint(&app, &u).await;
    let dash = app.text(&u.client, &v).await;
    assert!(dash.contains("Starta plan för 2025–2027"), "{dash}");
    // The board reads but does not start plans.
    let board = app.login("styrelse").await;
    assert!(
        !app.text(&board.client, &v)
            .await
            .contains("Starta plan för")
    );
    let r = app.post_form(&board, &format!("{v}/nasta-ar"), &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let before = app.version_count(SOFINT).await;
    let r = app.post_form(&u, &format!("{v}/nasta-ar"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("to the new draft")
        .to_owned();
    assert!(to.ends_with("?startad=1"), "{to}");
    assert_eq!(app.version_count(SOFINT).await, before + 1);
    let page = squash(&app.text(&u.client, &to).await);
    assert!(
        page.contains(
            "Sparat: Planen &#34;Verksamhetsplan och budget 2025&#34; startades som utkast från version 1 av &#34;Verksamhetsplan och budget 2024&#34;."
        ),
        "{page}"
    );
    // The message is said once, to the one who started it.
    let base = to.trim_end_matches("?startad=1");
    assert!(
        !app.text(&u.client, base)
            .await
            .contains("startades som utkast")
    );
    // The new budget: 2025–2027, 2025 and 2026 as the adopted plan had them, the equity
    // from the seed's closing equity of 2024 (340 175).
    let budget = squash(&app.text(&u.client, &format!("{base}/budget")).await);
    assert!(budget.contains("<th scope=\"col\">2027</th>"), "{budget}");
    assert!(!budget.contains("<th scope=\"col\">2024</th>"));
    let id: i64 = base
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let document = app.document(SOFINT, id).await;
    let plan = finsam_core::plan_file::read(&document).expect("reads").plan;
    assert_eq!(plan.budget.years, vec![2025, 2026, 2027]);
    assert_eq!(
        finsam_core::format::kr(plan.budget.opening_equity),
        "340 175"
    );
    // The opening equity in its parts, as the rule gave them; the ekonom's forecast replaces
    // the adopted plan's budgeted result. A wrong value changes nothing.
    assert!(budget.contains("<label for=\"ib-closed\">Eget kapital 2023-12-31 enligt årsredovisningen</label> <input id=\"ib-closed\" name=\"closed\" inputmode=\"decimal\" required value=\"450 000\""), "{budget}");
    assert!(budget.contains("<label for=\"ib-forecast\">Prognos för resultatet 2024</label> <input id=\"ib-forecast\" name=\"forecast\" inputmode=\"decimal\" required value=\"-109 825\""), "{budget}");
    let r = app
        .post_form(
            &u,
            &format!("{base}/budget/ingaende"),
            &[("closed", "450 000"), ("forecast", "minus hundra")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = squash(&r.text().await.expect("body"));
    assert!(
        page.contains("Ingående eget kapital sparades inte"),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"#ib-forecast\">Prognos för resultatet 2024:"),
        "{page}"
    );
    assert!(page.contains("value=\"minus hundra\""), "the input kept");
    assert_eq!(app.document(SOFINT, id).await, document, "nothing saved");
    let r = app
        .post_form(
            &u,
            &format!("{base}/budget/ingaende"),
            &[("closed", "482 152"), ("forecast", "-60 000")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let saved = squash(
        &app.text(&u.client, &format!("{base}/budget?sparat=1"))
            .await,
    );
    assert!(
        saved.contains("Sparat: Ingående eget kapital 422 152 kr (eget kapital 482 152 kr och prognos −60 000 kr), var 340 175 kr."),
        "{saved}"
    );
    let plan = finsam_core::plan_file::read(&app.document(SOFINT, id).await)
        .expect("reads")
        .plan;
    assert_eq!(
        finsam_core::format::kr(plan.budget.opening_equity),
        "422 152"
    );
    // The log says where it came from.
    let log = app
        .text(&u.client, &format!("/forbund/{SOFINT}/logg"))
        .await;
    assert!(log.contains("Nästa års plan påbörjad"), "{log}");
}

/// The adoption chosen at a recorded meeting: the day and the meeting's words come from it, the
/// decision links to the meeting, and the meeting lists the plan under its paragraph.
#[tokio::test]
async fn an_adoption_at_a_recorded_meeting_links_to_it() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let form = squash(&app.text(&u.client, &v).await);
    assert!(
        form.contains("<option value=\"2023-10-12\">Styrelsemöte 2023-10-12</option>"),
        "{form}"
    );
    // A meeting chosen without its paragraph is refused.
    let r = app
        .post_form(
            &u,
            &format!("{v}/besluta"),
            &[
                ("row_version", "1"),
                ("mote", "2023-10-12"),
                ("decision", "Styrelsen fastställer planen."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("Skriv paragrafen i protokollet")
    );
    // At the demo's meeting of 2023-10-12 (the demo records no meeting on the plan's own day).
    let adopted = [
        ("row_version", "1"),
        ("mote", "2023-10-12"),
        ("paragraf", "45"),
        ("decision", "Styrelsen fastställer planen."),
        ("steg", "bekrafta"),
    ];
    let r = app.post_form(&u, &format!("{v}/besluta"), &adopted).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let dash = squash(&app.text(&u.client, &v).await);
    assert!(
        dash.contains("Beslutad av styrelsen 2023-10-12 (<a href=\"/forbund/1/moten/2023-10-12\">Styrelsemöte 2023-10-12, § 45</a>)"),
        "{dash}"
    );
    let meeting = squash(
        &app.text(&u.client, &format!("/forbund/{SOFINT}/moten/2023-10-12"))
            .await,
    );
    assert!(
        meeting.contains("<th scope=\"row\">§ 45</th><td data-label=\"Ärende\"><a href=\"/forbund/1/versioner/1\">Beslut om Verksamhetsplan"),
        "{meeting}"
    );
    // The meeting's other decision, Coachingteamet's grant under § 31, comes first.
    let at31 = meeting.find("§ 31").expect("§ 31");
    let at45 = meeting.find("§ 45").expect("§ 45");
    assert!(at31 < at45);
}
