//! Editing the budget in the browser: lines, amounts of every kind, conflicts between two editors, member shares and goal values.

use finsam_store::AssociationId;
use finsam_store::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn editing_a_line_recomputes_sums_and_findings() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let page = app.text(&u.client, &format!("{v}/budget")).await;
    assert!(
        squash(&page).contains("<th scope=\"row\">Summa insatser</th><td>−2 656 000</td>"),
        "the seed's sum"
    );
    let fp = fingerprint_in(&page, 1, 1);
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/1/1"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Coachingteamet"),
                ("category", "insats"),
                ("kind", "per-ar"),
                ("ar_2024", "-2 300 000"),
                ("ar_2025", "-2 100 000"),
                ("ar_2026", "-2 100 000"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app
        .get(&u.client, &format!("{v}/budget?sparat=1"))
        .await
        .text()
        .await
        .expect("body");
    assert!(
        page.contains("Sparat: Raden &#34;Coachingteamet&#34; i &#34;Insatser&#34;"),
        "{page}"
    );
    assert!(
        squash(&page).contains("<th scope=\"row\">Summa insatser</th><td>−2 626 000</td>"),
        "sum recomputed"
    );
    let dash = app.get(&u.client, &v).await.text().await.expect("body");
    assert!(
        dash.contains("<td>−79 825</td>"),
        "the result follows: −109 825 + 30 000"
    );
    let log = app
        .store
        .audit_log(AssociationId(SOFINT), 10)
        .await
        .expect("reads");
    assert_eq!(
        log[0].summary,
        "Raden \"Coachingteamet\" i \"Insatser\": 2024: −2 330 000 → −2 300 000"
    );
    // The sums the plan printed belong to the imported document: one ordinary edit gives no
    // new error, only one notice that says so (decision 0007).
    let page = app.text(&u.client, &format!("{v}/budget")).await;
    assert!(
        !page.contains("<li class=\"fel\">"),
        "one ordinary edit gives no new error"
    );
    assert_eq!(page.matches("<li class=\"notis\">").count(), 1, "{page}");
    assert!(page.contains("hör till dokumentet den lästes in från"));
    // The editor still offers to set them to the computed ones.
    assert!(page.contains("Sätt de skrivna summorna till de beräknade"));
    let r = app.post_form(&u, &format!("{v}/budget/summor"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app.text(&u.client, &format!("{v}/budget")).await;
    assert!(
        !page.contains("[summa]") && !page.contains("Sätt de skrivna summorna"),
        "no stale sums left"
    );
    let log = app
        .store
        .audit_log(AssociationId(SOFINT), 1)
        .await
        .expect("reads");
    assert_eq!(
        log[0].summary,
        "De tryckta summorna sattes till de beräknade"
    );
}

#[tokio::test]
async fn a_plan_written_in_tkr_is_shown_and_edited_in_tkr_with_its_nested_sections() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let v = format!("/forbund/{NORRBY}/versioner/{NORRBY_V1}");
    let page = app.text(&u.client, &format!("{v}/budget")).await;
    assert!(page.contains("belopp i tusental kronor (tkr)"), "{page}");
    let flat = squash(&page);
    // The subsection sits under its section, its sum before the section's.
    assert!(
        flat.contains(
            "<tr class=\"sum depth-2\"><th scope=\"row\">Summa insatser</th><td>−6 750</td>"
        ),
        "{flat}"
    );
    assert!(
        flat.contains("<tr class=\"sum depth-1\"><th scope=\"row\">Summa samverkansinsatser</th><td>−7 700</td>"),
        "{flat}"
    );
    // Section 2 is "Insatser" under "Samverkansinsatser"; its first line is in tkr in the form.
    let form = app.text(&u.client, &format!("{v}/budget/rad/2/0")).await;
    assert!(form.contains("Belopp i tkr"), "{form}");
    assert!(form.contains("value=\"-3 200\""), "{form}");
    let fp = fingerprint_in_form(&form);
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/2/0"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Arbetslivsinriktad rehabilitering"),
                ("category", "insats"),
                ("kind", "fast"),
                ("amount", "-3 300"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = squash(&app.text(&u.client, &format!("{v}/budget")).await);
    assert!(
        page.contains("<th scope=\"row\">Summa samverkansinsatser</th><td>−7 800</td>"),
        "the tkr amount is read as tkr: {page}"
    );
    // The plan file keeps its unit and whole tkr.
    let file = app.text(&u.client, &format!("{v}/planfil.toml")).await;
    assert!(file.contains("unit = \"tkr\""), "{file}");
    assert!(file.contains("amount = \"-3 300\""), "{file}");
}

#[tokio::test]
async fn a_bad_value_is_refused_next_to_its_field_and_the_input_is_kept() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let page = app.text(&u.client, &format!("{v}/budget")).await;
    let fp = fingerprint_in(&page, 1, 1);
    let before = app.document(SOFINT, SOFINT_V1).await;
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/1/1"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Coachingteamet"),
                ("category", "insats"),
                ("kind", "per-ar"),
                ("ar_2024", "-2 300 000,125"),
                ("ar_2025", "två miljoner"),
                ("ar_2026", "-2 100 000"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.expect("body");
    assert!(
        body.contains(
            "value=\"-2 300 000,125\" aria-invalid=\"true\" aria-describedby=\"ar_2024-fel\""
        ),
        "input kept and marked"
    );
    assert!(body.contains("<span class=\"field-error\" id=\"ar_2024-fel\">Beloppet för 2024: högst 2 decimaler är tillåtna."));
    assert!(body.contains("value=\"två miljoner\""));
    assert_eq!(
        app.document(SOFINT, SOFINT_V1).await,
        before,
        "nothing saved"
    );
}

#[tokio::test]
async fn two_users_edit_the_same_line_the_second_gets_a_conflict() {
    let app = spawn_app().await;
    let anna = app.login("demo").await;
    let erik = app.login("ekonom").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let seen_by_anna = fingerprint_in(
        &app.get(&anna.client, &format!("{v}/budget"))
            .await
            .text()
            .await
            .expect("body"),
        1,
        1,
    );
    let seen_by_erik = fingerprint_in(
        &app.get(&erik.client, &format!("{v}/budget"))
            .await
            .text()
            .await
            .expect("body"),
        1,
        1,
    );
    let form = |fp: &str, amount: &str| -> Vec<(String, String)> {
        vec![
            ("fingerprint".into(), fp.into()),
            ("name".into(), "Coachingteamet".into()),
            ("category".into(), "insats".into()),
            ("kind".into(), "fast".into()),
            ("amount".into(), amount.into()),
        ]
    };
    let f1 = form(&seen_by_anna, "-2 000 000");
    let f1: Vec<(&str, &str)> = f1.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        app.post_form(&anna, &format!("{v}/budget/rad/1/1"), &f1)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let f2 = form(&seen_by_erik, "-1 500 000");
    let f2: Vec<(&str, &str)> = f2.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app
        .post_form(&erik, &format!("{v}/budget/rad/1/1"), &f2)
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body = r.text().await.expect("body");
    // A form without the line as it was opened (posted by a script) cannot be merged: the
    // whole line is shown, with who saved it.
    assert!(
        body.contains("Demo Förbundschef (demo) sparade raden ")
            && body.contains("Raden har ändrats sedan du öppnade den"),
        "{body}"
    );
    assert!(
        body.contains("value=\"-1 500 000\""),
        "Erik's input is kept"
    );
    assert!(
        body.contains("<th scope=\"row\">2024</th><td>−2 000 000</td>"),
        "and he sees Anna's line"
    );
    assert!(
        app.document(SOFINT, SOFINT_V1)
            .await
            .contains("amount = \"-2 000 000\""),
        "Anna's save survives"
    );
    // Saving again from the conflict page is a deliberate overwrite.
    let again = fingerprint_in_form(&body);
    let f3 = form(&again, "-1 500 000");
    let f3: Vec<(&str, &str)> = f3.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        app.post_form(&erik, &format!("{v}/budget/rad/1/1"), &f3)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // A change to another line does not conflict.
    let fp0 = fingerprint_in(
        &app.get(&anna.client, &format!("{v}/budget"))
            .await
            .text()
            .await
            .expect("body"),
        1,
        0,
    );
    let f4 = vec![
        ("fingerprint", fp0.as_str()),
        ("name", "Projektfinansiering"),
        ("category", "insats"),
        ("kind", "fast"),
        ("amount", "-40 000"),
    ];
    assert_eq!(
        app.post_form(&anna, &format!("{v}/budget/rad/1/0"), &f4)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn lines_move_and_go_and_every_amount_kind_saves_from_the_form() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let editor = |app: &TestApp, u: &User| {
        let url = format!("{v}/budget");
        let c = u.client.clone();
        let full = app.url(&url);
        async move {
            c.get(full)
                .send()
                .await
                .expect("request")
                .text()
                .await
                .expect("body")
        }
    };
    let page = editor(&app, &u).await;
    let order = |page: &str| -> Vec<usize> {
        ["Projektfinansiering", "Coachingteamet", "Rehabmässan"]
            .iter()
            .map(|n| page.find(&format!("<th scope=\"row\">{n}</th>")).expect(n))
            .collect()
    };
    let before = order(&page);
    assert!(before[0] < before[1] && before[1] < before[2]);
    let fp = fingerprint_in(&page, 1, 1);
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/1/1/flytta"),
            &[("fingerprint", fp.as_str()), ("riktning", "upp")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = editor(&app, &u).await;
    let after = order(&page);
    assert!(
        after[1] < after[0],
        "Coachingteamet moved above Projektfinansiering"
    );
    // Delete Rehabmässan (now still the third line of Insatser).
    let fp = fingerprint_in(&page, 1, 2);
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/1/2/ta-bort"),
            &[("fingerprint", fp.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = editor(&app, &u).await;
    assert!(!page.contains("<th scope=\"row\">Rehabmässan</th>"));
    assert!(squash(&page).contains("<th scope=\"row\">Summa insatser</th><td>−2 621 000</td>"));
    // A stale fingerprint deletes nothing.
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/1/0/ta-bort"),
            &[("fingerprint", fp.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // Monthly and indexed lines through the form.
    let fp = fingerprint_in(&page, 4, 0);
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/4/0"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Välfärdsguiden"),
                ("category", "strukturell"),
                ("kind", "manad"),
                ("monthly_amount", "-12 600"),
                ("monthly_from", "2024-03"),
                ("monthly_fixed", "-37 800"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = editor(&app, &u).await;
    assert!(squash(&page).contains(
        "<th scope=\"row\">Välfärdsguiden</th><td>−163 800</td><td>−189 000</td><td>−189 000</td>"
    ));
    let fp = fingerprint_in(&page, 4, 1);
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/4/1"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Indexerad"),
                ("category", "administration"),
                ("kind", "index"),
                ("index_base", "-400 000"),
                ("index_percent", "2,5"),
                ("index_rounding", "krona"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = editor(&app, &u).await;
    assert!(squash(&page).contains(
        "<th scope=\"row\">Indexerad</th><td>−400 000</td><td>−410 000</td><td>−420 250</td>"
    ));
    let doc = app.document(SOFINT, SOFINT_V1).await;
    assert!(
        doc.contains("base = \"-400 000\"") && doc.contains("percent = \"2,5 %\""),
        "{doc}"
    );
}

#[tokio::test]
async fn shares_and_goal_values_save_and_bad_ones_are_refused_in_place() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let v = format!("/forbund/{ALVDALEN}/versioner/2");
    let page = app
        .get(&u.client, &format!("{v}/medlemmar"))
        .await
        .text()
        .await
        .expect("body");
    let fp = |page: &str, i: usize| -> String {
        page.split("name=\"fingerprint\" value=\"")
            .nth(i + 1)
            .and_then(|s| s.split('"').next())
            .expect("a fingerprint")
            .replace("&#34;", "\"")
            .replace("&quot;", "\"")
    };
    // Bergsta (the fifth member): a share that is not a share.
    let r = app
        .post_form(
            &u,
            &format!("{v}/medlemmar/4"),
            &[("fingerprint", &fp(&page, 4)), ("share", "en tiondel")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = squash(&r.text().await.expect("body"));
    assert!(body.contains("id=\"share-4-fel\">Andelen:"), "{body}");
    // The error summary at the top links to the field.
    assert!(
        body.contains(
            "<h2>Det gick inte att spara</h2><ul><li><a href=\"#share-4\">Bergsta kommun: Andelen:"
        ),
        "{body}"
    );
    let r = app
        .post_form(
            &u,
            &format!("{v}/medlemmar/4"),
            &[("fingerprint", &fp(&page, 4)), ("share", "1/8")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().expect("ascii").to_owned();
    assert!(
        app.text(&u.client, &to)
            .await
            .contains("Sparat: Andelen för Bergsta kommun: 1/10 → 1/8."),
        "the save says what was saved"
    );
    let dash = app.get(&u.client, &v).await.text().await.expect("body");
    assert!(
        dash.contains("Andelarna för kommunerna summerar till 11/40"),
        "the check sees the new share"
    );
    let log = app
        .store
        .audit_log(AssociationId(ALVDALEN), 1)
        .await
        .expect("reads");
    assert_eq!(log[0].summary, "Andelen för Bergsta kommun: 1/10 → 1/8");

    let goals = app
        .get(&u.client, &format!("{v}/mal"))
        .await
        .text()
        .await
        .expect("body");
    let r = app
        .post_form(
            &u,
            &format!("{v}/mal/0/0/0"),
            &[
                ("fingerprint", &fp(&goals, 0)),
                ("value", "nittio"),
                ("assessment", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = squash(&r.text().await.expect("body"));
    assert!(
        body.contains("Värdet:") && body.contains("value=\"nittio\""),
        "{body}"
    );
    assert!(
        body.contains("<h2>Det gick inte att spara</h2><ul><li><a href=\"#value-0-0-0\">"),
        "{body}"
    );
    // An overlong comment is refused with its own message; nothing is saved.
    let long = "x".repeat(2001);
    let r = app
        .post_form(
            &u,
            &format!("{v}/mal/0/0/0"),
            &[
                ("fingerprint", &fp(&goals, 0)),
                ("value", "95"),
                ("assessment", ""),
                ("comment", &long),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = squash(&r.text().await.expect("body"));
    assert!(
        body.contains("<a href=\"#comment-0-0-0\">")
            && body.contains("Kommentaren har 2001 tecken; den får ha högst 2000 tecken."),
        "{body}"
    );
    let r = app
        .post_form(
            &u,
            &format!("{v}/mal/0/0/0"),
            &[
                ("fingerprint", &fp(&goals, 0)),
                ("value", "95"),
                ("assessment", ""),
                ("comment", "Alla tillfrågade."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().expect("ascii").to_owned();
    assert!(
        app.text(&u.client, &to)
            .await
            .contains("Sparat: Mätpunkten")
    );
    let goals = app
        .get(&u.client, &format!("{v}/mal"))
        .await
        .text()
        .await
        .expect("body");
    assert!(
        goals.contains("Bedömning: <strong>uppfyllt</strong> (beräknad ur värdet)"),
        "{goals}"
    );
}

/// Three people save different lines of one draft over and over at the same time: every save
/// is accepted (no "database is locked", no conflict for a line nobody else touched), and each
/// one's last amount is in the draft.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_people_saving_different_lines_at_once_never_conflict() {
    const SAVES: usize = 12;
    let app = std::sync::Arc::new(spawn_app().await);
    let mut writers = Vec::new();
    for (who, line) in [("demo", 0), ("ekonom", 1), ("demo", 3)] {
        let u = app.login(who).await;
        let app = app.clone();
        writers.push(tokio::spawn(async move {
            let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
            let mut answers = Vec::new();
            for i in 0..SAVES {
                let page = app.text(&u.client, &format!("{v}/budget")).await;
                let fp = fingerprint_in(&page, 1, line);
                let amount = format!("-{} 000", 100 + line * 100 + i);
                let r = app
                    .post_form(
                        &u,
                        &format!("{v}/budget/rad/1/{line}"),
                        &[
                            ("fingerprint", fp.as_str()),
                            ("name", &format!("Rad {line}")),
                            ("category", "insats"),
                            ("kind", "fast"),
                            ("amount", &amount),
                        ],
                    )
                    .await;
                answers.push(r.status());
            }
            (line, answers)
        }));
    }
    let doc_has = |doc: &str, line: usize| {
        let last = format!("amount = \"-{} 000\"", 100 + line * 100 + SAVES - 1);
        doc.contains(&last)
    };
    let mut lines = Vec::new();
    for w in writers {
        let (line, answers) = w.await.expect("a writer");
        assert!(
            answers.iter().all(|s| *s == StatusCode::SEE_OTHER),
            "line {line}: {answers:?}"
        );
        lines.push(line);
    }
    let doc = app.document(SOFINT, SOFINT_V1).await;
    for line in lines {
        assert!(doc_has(&doc, line), "line {line}'s last save is kept");
    }
}

/// The hidden fields of the line form: the fingerprint and the line as it was opened.
fn hidden_fields(html: &str) -> Vec<(String, String)> {
    html.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let value = rest.split_once("value=\"")?.1.split_once('"')?.0;
            Some((
                name.to_owned(),
                value.replace("&#34;", "\"").replace("&quot;", "\""),
            ))
        })
        .filter(|(k, _)| k != "_csrf")
        .collect()
}

/// Coachingteamet's form as a user opened it, with `changes` made to its fields.
async fn line_form(app: &TestApp, u: &User, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let html = app.text(&u.client, &format!("{v}/budget/rad/1/1")).await;
    let mut form = hidden_fields(&html);
    let mut visible: Vec<(String, String)> = form
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("was_")?.to_owned(), v.clone())))
        .collect();
    for (k, v) in changes {
        visible.retain(|(x, _)| x != k);
        visible.push(((*k).to_owned(), (*v).to_owned()));
    }
    form.extend(visible);
    form
}

async fn post_line(app: &TestApp, u: &User, form: &[(String, String)]) -> reqwest::Response {
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let f: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form(u, &format!("{v}/budget/rad/1/1"), &f).await
}

#[tokio::test]
async fn two_people_changing_different_fields_of_a_line_both_keep_their_change() {
    let app = spawn_app().await;
    let anna = app.login("demo").await;
    let erik = app.login("ekonom").await;
    // Both open Coachingteamet (2 330 000, 2 100 000, 2 100 000 a year).
    let annas = line_form(&app, &anna, &[("name", "Coachingteamet Örebro")]).await;
    let eriks = line_form(&app, &erik, &[("ar_2025", "-2 250 000")]).await;
    assert!(
        annas
            .iter()
            .any(|(k, v)| k == "was_ar_2025" && v == "-2 100 000"),
        "{annas:?}"
    );
    assert_eq!(
        post_line(&app, &anna, &annas).await.status(),
        StatusCode::SEE_OTHER
    );
    // Erik saves after Anna: his amount and her name are both kept.
    assert_eq!(
        post_line(&app, &erik, &eriks).await.status(),
        StatusCode::SEE_OTHER
    );
    let doc = app.document(SOFINT, SOFINT_V1).await;
    assert!(doc.contains("name = \"Coachingteamet Örebro\""), "{doc}");
    assert!(doc.contains("2025 = \"-2 250 000\""), "{doc}");
    assert!(doc.contains("2024 = \"-2 330 000\""), "{doc}");
}

#[tokio::test]
async fn two_people_changing_the_same_field_the_second_is_asked_and_loses_nothing() {
    let app = spawn_app().await;
    let anna = app.login("demo").await;
    let erik = app.login("ekonom").await;
    let annas = line_form(
        &app,
        &anna,
        &[("name", "Coachingteamet Örebro"), ("ar_2024", "-2 400 000")],
    )
    .await;
    let eriks = line_form(
        &app,
        &erik,
        &[("ar_2024", "-2 300 000"), ("note", "Enligt avtal")],
    )
    .await;
    assert_eq!(
        post_line(&app, &anna, &annas).await.status(),
        StatusCode::SEE_OTHER
    );
    let r = post_line(&app, &erik, &eriks).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let page = r.text().await.expect("body");
    let flat = squash(&page);
    // Who, and the one field both changed with both values; nothing saved of Erik's yet.
    assert!(
        flat.contains("Demo Förbundschef (demo) sparade raden 20"),
        "{flat}"
    );
    assert!(
        flat.contains(
            "<tr><th scope=\"row\"><a href=\"#ar_2024\">Belopp 2024</a></th><td>-2 300 000</td><td>-2 400 000</td></tr>"
        ),
        "{flat}"
    );
    assert!(
        !flat.contains("<th scope=\"row\">Namn</th><td>"),
        "the name is no question"
    );
    assert!(
        !app.document(SOFINT, SOFINT_V1)
            .await
            .contains("Enligt avtal")
    );
    // The form holds Anna's name (merged in), Erik's amount and note, and the line as it now is
    // as its base.
    assert!(page.contains("value=\"Coachingteamet Örebro\""));
    assert!(
        page.contains("id=\"ar_2024\" name=\"ar_2024\" inputmode=\"decimal\" value=\"-2 300 000\"")
    );
    assert!(page.contains("<input type=\"hidden\" name=\"was_ar_2024\" value=\"-2 400 000\">"));
    // Erik keeps his figure and saves the form as shown: Anna's name survives.
    let mut again = hidden_fields(&page);
    for (k, v) in [
        ("name", "Coachingteamet Örebro"),
        ("category", "insats"),
        ("kind", "per-ar"),
        ("ar_2024", "-2 300 000"),
        ("ar_2025", "-2 100 000"),
        ("ar_2026", "-2 100 000"),
        ("note", "Enligt avtal"),
    ] {
        again.push((k.to_owned(), v.to_owned()));
    }
    assert_eq!(
        post_line(&app, &erik, &again).await.status(),
        StatusCode::SEE_OTHER
    );
    let doc = app.document(SOFINT, SOFINT_V1).await;
    assert!(doc.contains("name = \"Coachingteamet Örebro\""), "{doc}");
    assert!(doc.contains("2024 = \"-2 300 000\""), "{doc}");
    assert!(doc.contains("Enligt avtal"), "{doc}");
}

#[tokio::test]
async fn deleting_a_line_asks_first_and_can_be_undone_back_to_its_place() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let editor = app.text(&u.client, &format!("{v}/budget")).await;
    let order = |page: &str| -> Vec<String> {
        let flat = squash(page);
        let mut found: Vec<(usize, String)> =
            ["Projektfinansiering", "Coachingteamet", "Rehabmässan"]
                .iter()
                .filter_map(|n| {
                    Some((
                        flat.find(&format!("<th scope=\"row\">{n}</th>"))?,
                        (*n).to_owned(),
                    ))
                })
                .collect();
        found.sort();
        found.into_iter().map(|(_, n)| n).collect()
    };
    assert_eq!(
        order(&editor),
        ["Projektfinansiering", "Coachingteamet", "Rehabmässan"]
    );
    // "Ta bort" is a link to a question, not a button that deletes.
    let ask = format!("{v}/budget/rad/1/1/ta-bort");
    assert!(editor.contains(&format!("<a class=\"danger\" href=\"{ask}\">")));
    let question = app.text(&u.client, &ask).await;
    assert!(squash(&question).contains("Vill du ta bort raden <strong>Coachingteamet</strong>"));
    assert!(question.contains("Ja, ta bort raden"));
    assert!(
        app.document(SOFINT, SOFINT_V1)
            .await
            .contains("Coachingteamet"),
        "asking deletes nothing"
    );
    let fp = question
        .split("name=\"fingerprint\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the line's fingerprint")
        .to_owned();
    let r = app.post_form(&u, &ask, &[("fingerprint", &fp)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let back = r.headers()["location"].to_str().expect("text").to_owned();
    assert!(back.contains("?borttagen="), "{back}");
    let after = app.text(&u.client, &back).await;
    assert_eq!(order(&after), ["Projektfinansiering", "Rehabmässan"]);
    assert!(
        after.contains("Raden &#34;Coachingteamet&#34; i &#34;Insatser&#34; togs bort."),
        "{after}"
    );
    let event = back
        .split("borttagen=")
        .nth(1)
        .and_then(|s| s.split('#').next())
        .expect("an event")
        .to_owned();
    assert!(after.contains(&format!("name=\"handelse\" value=\"{event}\"")));
    // Undo: the line is back in its place, with its amounts, and the undo is in the log.
    let r = app
        .post_form(&u, &format!("{v}/budget/angra"), &[("handelse", &event)])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let restored = app.text(&u.client, &format!("{v}/budget?sparat=1")).await;
    assert_eq!(
        order(&restored),
        ["Projektfinansiering", "Coachingteamet", "Rehabmässan"]
    );
    assert!(squash(&restored).contains("<th scope=\"row\">Coachingteamet</th><td>−2 330 000</td>"));
    // The save says what it saved.
    assert!(
        restored.contains(
            "Sparat: Raden &#34;Coachingteamet&#34; i &#34;Insatser&#34; återställdes på sin plats"
        ),
        "{restored}"
    );
    let log = app
        .text(
            &u.client,
            &format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}"),
        )
        .await;
    assert!(!log.is_empty());
    // Twice is refused and changes nothing; an event that deleted nothing undoes nothing.
    let before = app.document(SOFINT, SOFINT_V1).await;
    let r = app
        .post_form(&u, &format!("{v}/budget/angra"), &[("handelse", &event)])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.expect("body").contains("redan ångrad"));
    let r = app
        .post_form(&u, &format!("{v}/budget/angra"), &[("handelse", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.document(SOFINT, SOFINT_V1).await, before);
}

#[tokio::test]
async fn a_saved_line_is_named_with_what_changed() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let form = line_form(&app, &u, &[("ar_2025", "-2 200 000")]).await;
    let r = post_line(&app, &u, &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let then = r.headers()["location"].to_str().expect("text").to_owned();
    let page = app.text(&u.client, &then).await;
    assert!(
        page.contains("Sparat: Raden &#34;Coachingteamet&#34; i &#34;Insatser&#34;: 2025: −2 100 000 → −2 200 000."),
        "{page}"
    );
}

#[tokio::test]
async fn the_line_form_opens_the_way_amounts_are_given_and_sums_up_its_errors() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let form = app.text(&u.client, &format!("{v}/budget/rad/1/1")).await;
    // Coachingteamet is given per year: that part is open, the other ways are closed.
    assert!(
        form.contains("<details class=\"amounts\" open>\n  <summary>Belopp per år</summary>"),
        "{form}"
    );
    for closed in ["Samma belopp varje år", "Månadsbelopp", "Indexerat belopp"] {
        assert!(
            form.contains(&format!(
                "<details class=\"amounts\">\n  <summary>{closed}</summary>"
            )),
            "{closed}"
        );
    }
    // A wrong value: the summary at the top links to the field, which keeps what was typed.
    let mut wrong = line_form(&app, &u, &[("ar_2025", "tre miljoner")]).await;
    wrong.retain(|(k, _)| k != "name");
    wrong.push(("name".to_owned(), String::new()));
    let r = post_line(&app, &u, &wrong).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("body");
    assert!(page.contains("<h2>Raden sparades inte</h2>"), "{page}");
    assert!(page.contains("<li><a href=\"#ar_2025\">"), "{page}");
    assert!(page.contains("<li><a href=\"#name\">"), "{page}");
    assert!(page.contains("value=\"tre miljoner\""));
}

#[tokio::test]
async fn a_wrong_new_line_is_said_at_its_fields_and_nothing_is_added() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let before = app.document(SOFINT, SOFINT_V1).await;
    let long = "x".repeat(121);
    for (fields, field, words) in [
        (
            vec![
                ("section", "1"),
                ("name", ""),
                ("category", "insats"),
                ("amount", "-1"),
            ],
            "ny-name",
            "Skriv radens namn.",
        ),
        (
            vec![
                ("section", "1"),
                ("name", long.as_str()),
                ("category", "insats"),
                ("amount", "-1"),
            ],
            "ny-name",
            "högst 120 tecken",
        ),
        (
            vec![
                ("section", "1"),
                ("name", "Mässa"),
                ("category", "kaffe"),
                ("amount", "-1"),
            ],
            "ny-category",
            "Välj en kategori.",
        ),
        (
            vec![
                ("section", "1"),
                ("name", "Mässa"),
                ("category", "insats"),
                ("amount", "mycket"),
            ],
            "ny-amount",
            "Beloppet:",
        ),
        (
            vec![
                ("section", "99"),
                ("name", "Mässa"),
                ("category", "insats"),
                ("amount", "-1"),
            ],
            "ny-section",
            "Välj ett avsnitt.",
        ),
    ] {
        let r = app
            .post_form(&u, &format!("{v}/budget/ny-rad"), &fields)
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let page = r.text().await.expect("body");
        assert!(page.contains("<h2>Raden lades inte till</h2>"), "{page}");
        assert!(
            page.contains(&format!("<li><a href=\"#{field}\">")),
            "{field}: {page}"
        );
        assert!(page.contains(words), "{words}: {page}");
    }
    // What was typed stays in the form.
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/ny-rad"),
            &[
                ("section", "1"),
                ("name", "Mässa"),
                ("category", "insats"),
                ("amount", "mycket"),
            ],
        )
        .await;
    let page = r.text().await.expect("body");
    assert!(page.contains("value=\"Mässa\"") && page.contains("value=\"mycket\""));
    assert_eq!(
        app.document(SOFINT, SOFINT_V1).await,
        before,
        "nothing added"
    );
}
