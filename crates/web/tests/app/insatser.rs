//! The insatser pages over the demo: the list with what is overdue, one application with its
//! history and deadlines, its file; an insatsägare's own only, another member's not found.

use finsam_store::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn the_kansli_reads_the_applications_and_an_insatsagare_only_its_own() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let list = squash(
        &app.text(&u.client, &format!("/forbund/{SOFINT}/insatser"))
            .await,
    );
    assert!(
        list.contains("<td data-label=\"Insatsägare\">Lindesbergs kommun</td>"),
        "{list}"
    );
    for (number, insats, state) in [
        ("2023/1", "Coachingteamet", "pågående"),
        ("2024/1", "Rehabmässan", "avtal tecknat"),
        ("2024/2", "Hälsosteget", "inkommen"),
    ] {
        assert!(
            list.contains(&format!(
                ">{number}</a></th><td data-label=\"Insats\">{insats}</td>"
            )),
            "{number}: {list}"
        );
        assert!(list.contains(state), "{state}");
    }
    // The navigation has the page, marked.
    assert!(list.contains("<a href=\"/forbund/1/insatser\" aria-current=\"page\">Insatser</a>"));
    // Hälsosteget was never answered: its answer is overdue (due 2024-12-15).
    assert!(list.contains("<td data-label=\"Frist\">Svar på ansökan</td><td data-label=\"Sista dag\"><span class=\"date\">2024-12-15</span></td>"), "{list}");

    let page = squash(
        &app.text(&u.client, &format!("/forbund/{SOFINT}/insatser/1"))
            .await,
    );
    assert!(page.contains("<h1>Coachingteamet (2023/1)</h1>"), "{page}");
    assert!(
        page.contains("<dt>Insatsägare</dt><dd>Lindesbergs kommun</dd>"),
        "{page}"
    );
    // Granted 2 330 000, then the tillägg: 2 403 500 now.
    assert!(
        page.contains(
            "<tr><th scope=\"row\">2024</th><td>2 330 000 kr</td><td>2 403 500 kr</td></tr>"
        ),
        "{page}"
    );
    assert!(page.contains("Tilläggsbeslut: beviljad"));
    assert!(page.contains("<dt>Beslutat av</dt><dd>styrelsen, § 31</dd>"));
    assert!(page.contains("Avtal efter beviljande</th><td data-label=\"Sista dag\"><span class=\"date\">2023-11-12</span>"));
    assert!(page.contains("<strong class=\"ok\">i tid</strong>"));
    let r = app
        .get(&u.client, &format!("/forbund/{SOFINT}/insatser/1/filer/1"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.bytes().await.expect("bytes").starts_with(b"%PDF"));

    // The insatsägare for Lindesberg: its own only; the rest of the förbund is not its.
    let owner = app.login("insats").await;
    let own = squash(
        &app.text(&owner.client, &format!("/forbund/{SOFINT}/insatser"))
            .await,
    );
    assert!(own.contains("Coachingteamet"));
    assert!(
        !own.contains("Rehabmässan") && !own.contains("Hälsosteget"),
        "{own}"
    );
    assert!(own.contains("Du ser ansökningarna och insatserna för den medlem du företräder."));
    assert!(
        !own.contains(">Budget</a>"),
        "no plan pages in its navigation"
    );
    let r = app
        .get(&owner.client, &format!("/forbund/{SOFINT}/insatser/2"))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "another member's application"
    );
    let home = app.text(&owner.client, "/").await;
    assert!(home.contains("href=\"/forbund/1/insatser\""), "{home}");
}

#[tokio::test]
async fn the_kansli_takes_steps_and_refused_ones_keep_the_form() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let page = format!("/forbund/{SOFINT}/insatser/3");
    let step = format!("{page}/steg");
    let before = squash(&app.text(&u.client, &page).await);
    // Hälsosteget waits for its answer: completion, preparation, a decision, withdrawal.
    for label in [
        "Begär komplettering",
        "Ansökan är beredd",
        "Registrera beslut",
        "Återkalla ansökan",
    ] {
        assert!(
            before.contains(&format!("<summary>{label}</summary>")),
            "{label}: {before}"
        );
    }
    assert!(!before.contains("<summary>Registrera avtal</summary>"));
    // A rejection without a motivation: refused, the form open with what was typed.
    let rejection = |motivation: &'static str| {
        [
            ("steg", "beslut"),
            ("row_version", "1"),
            ("mote", "2024-11-15"),
            ("av", "styrelsen"),
            ("paragraf", "§ 40"),
            ("utfall", "avslagen"),
            ("motivering", motivation),
        ]
    };
    let r = app.post_form(&u, &step, &rejection(" ")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = squash(&r.text().await.expect("body"));
    assert!(html.contains("<h2>Steget sparades inte</h2>"), "{html}");
    assert!(
        html.contains("<a href=\"#beslut-motivering\">Ett avslag ska motiveras skriftligt"),
        "{html}"
    );
    assert!(html.contains("<details class=\"step\" id=\"steg-beslut\" open>"));
    assert!(html.contains("value=\"§ 40\""), "the input kept");
    // A date that is none.
    let r = app
        .post_form(
            &u,
            &step,
            &[
                ("steg", "begar-komplettering"),
                ("row_version", "1"),
                ("saknas", "Budget per år"),
                ("senast", "31/1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        squash(&r.text().await.expect("body"))
            .contains("Sista dag för kompletteringen: &#34;31/1&#34; är inget datum")
    );
    // The decision, motivated: saved, said, and the history shows it.
    let r = app
        .post_form(&u, &step, &rejection("Insatsen ryms inte i årets budget."))
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().expect("text").to_owned();
    let after = squash(&app.text(&u.client, &to).await);
    assert!(after.contains("Sparat: Beslut: avslagen."), "{after}");
    assert!(after.contains("<dt>Motivering</dt><dd>Insatsen ryms inte i årets budget.</dd>"));
    assert!(after.contains("status: <strong>avslagen</strong>"));
    // The same form again, from the page as it was: someone saved in between.
    let r = app
        .post_form(&u, &step, &[("steg", "aterkallad"), ("row_version", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("Någon annan har ändrat ansökan")
    );
    let log = app
        .text(&u.client, &format!("/forbund/{SOFINT}/logg"))
        .await;
    assert!(log.contains("Beslut om ansökan"), "the log in words");

    // The insatsägare may not take the kansli's steps on its own insats.
    let owner = app.login("insats").await;
    let r = app
        .post_form(
            &owner,
            &format!("/forbund/{SOFINT}/insatser/1/steg"),
            &[
                ("steg", "avslutad"),
                ("row_version", "7"),
                ("slutrapport", "2024-12-20"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let own = app
        .text(&owner.client, &format!("/forbund/{SOFINT}/insatser/1"))
        .await;
    assert!(!own.contains("Nästa steg"), "no kansli steps offered to it");
}

#[tokio::test]
async fn the_api_gives_applications_in_the_same_words_and_rights() {
    let app = spawn_app().await;
    let json = |u: &User, path: String| {
        let c = u.client.clone();
        let url = app.url(&path);
        async move {
            let r = c.get(url).send().await.expect("answers");
            let status = r.status();
            (
                status,
                r.json::<serde_json::Value>().await.unwrap_or_default(),
            )
        }
    };
    let u = app.login("demo").await;
    let (status, list) = json(&u, format!("/api/forbund/{SOFINT}/ansokningar")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["sida"]["totalt"], 4);
    assert_eq!(list["ansokningar"][3]["diarienummer"], "2023/1");
    assert_eq!(list["ansokningar"][3]["status"], "pagaende");
    let (_, one) = json(&u, format!("/api/forbund/{SOFINT}/ansokningar/1")).await;
    assert_eq!(one["beviljat"]["2024"], 240_350_000, "2 403 500 kr in öre");
    assert_eq!(one["insats"]["insatsagare"], "lindesberg");
    assert_eq!(one["arende"]["historik"][1]["vad"]["handelse"], "beslut");
    // The insatsägare: its own only; another's not found.
    let owner = app.login("insats").await;
    let (_, own) = json(&owner, format!("/api/forbund/{SOFINT}/ansokningar")).await;
    assert_eq!(own["sida"]["totalt"], 1);
    let (status, _) = json(&owner, format!("/api/forbund/{SOFINT}/ansokningar/2")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The document names the paths and their bodies' schemas.
    let (_, doc) = json(&u, "/api/openapi.json".to_owned()).await;
    assert!(doc["paths"]["/api/forbund/{a}/ansokningar/{i}"].is_object());
    assert!(doc["components"]["schemas"]["Ansokan"].is_object());
    assert!(doc["components"]["schemas"]["Arendestatus"]["enum"].is_array());
    assert!(doc["paths"]["/api/forbund/{a}/moten/{d}"].is_object());
    assert!(doc["components"]["schemas"]["MoteMedBeslut"].is_object());
    // The settings, the meetings, and one meeting's decisions by paragraph.
    let (_, settings) = json(&u, format!("/api/forbund/{SOFINT}/installningar")).await;
    assert_eq!(settings["installningar"]["delegationsgrans"], 10_000_000);
    assert_eq!(settings["installningar"]["svarstid_manader"], 2);
    let (_, meetings) = json(&u, format!("/api/forbund/{SOFINT}/moten")).await;
    assert_eq!(meetings["moten"][0]["dag"], "2023-10-12");
    assert_eq!(meetings["moten"][0]["typ"], "styrelsemote");
    let (_, meeting) = json(&u, format!("/api/forbund/{SOFINT}/moten/2024-05-31")).await;
    assert_eq!(meeting["beslut"][0]["paragraf"], "§ 9");
    assert_eq!(meeting["beslut"][0]["beslut_nr"], 2, "the tillägg");
    assert_eq!(
        meeting["beslut"][0]["beslut"]["utfall"]["beviljad"]["belopp"]["2024"],
        240_350_000
    );
    // The insatsägare reads neither (they are the förbund's own).
    let (status, _) = json(&owner, format!("/api/forbund/{SOFINT}/moten")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

/// The whole way in the browser's forms, on 2 May 2024: the applicant applies with a file
/// (after a refused file), the förbundschef asks for completion, the applicant sends a file and
/// completes, the board decides at a meeting under a paragraph, the agreement is signed; the
/// protocol extract, the meeting's record and the process goals show it.
#[tokio::test]
async fn an_applicant_applies_and_the_application_goes_to_an_agreement() {
    let day = time::Date::from_calendar_date(2024, time::Month::May, 2).expect("a day");
    let app = spawn_on(day).await;
    let applicant = app.login("insats").await;
    let form = squash(
        &app.text(&applicant.client, &format!("/forbund/{SOFINT}/insatser/ny"))
            .await,
    );
    assert!(
        form.contains("Insatsägare: <strong>Lindesbergs kommun</strong>"),
        "{form}"
    );
    assert!(
        !form.contains("name=\"insatsagare\""),
        "an insatsägare applies for its own member only"
    );
    let mut fields: Vec<(&str, &str)> = APPLICATION_FORM
        .iter()
        .map(|(k, v)| match *k {
            "fran" => ("fran", "2024-06"),
            "till" => ("till", "2025-05"),
            "ar_1" => ("ar_1", "2024"),
            "ar_2" => ("ar_2", "2025"),
            // Another member in the form is not taken: the applicant's own is the owner.
            "insatsagare" => ("insatsagare", "nora"),
            _ => (*k, *v),
        })
        .collect();
    fields.push(("uppfoljningsmetod", "Deltagare per kön och utfall"));
    let path = format!("/forbund/{SOFINT}/insatser/ny");
    // A file that says it is a PDF but is not: refused, nothing saved, the fields kept.
    let audit_before = app
        .store
        .audit_log(finsam_store::AssociationId(SOFINT), 500)
        .await
        .expect("log")
        .len();
    let r = post_multipart(
        &app,
        &applicant,
        &path,
        &fields,
        &[("budget.pdf", b"MZ\x90")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = squash(&r.text().await.expect("body"));
    assert!(
        refused.contains("<h2>Ansökan skickades inte</h2>"),
        "{refused}"
    );
    assert!(
        refused.contains("heter .pdf men innehåller något annat"),
        "{refused}"
    );
    assert!(refused.contains("välj filerna igen"));
    assert!(
        refused.contains("value=\"Steg mot arbete\""),
        "the input kept"
    );
    assert_eq!(
        app.store
            .audit_log(finsam_store::AssociationId(SOFINT), 500)
            .await
            .expect("log")
            .len(),
        audit_before,
        "nothing saved"
    );
    // Sent with a real PDF.
    let r = post_multipart(
        &app,
        &applicant,
        &path,
        &fields,
        &[("budget.pdf", b"%PDF-1.7 budget")],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap_or_default()
    );
    let page_url = r.headers()["location"]
        .to_str()
        .expect("text")
        .split('?')
        .next()
        .expect("a path")
        .to_owned();
    let page = squash(
        &app.text(&applicant.client, &format!("{page_url}?inskickad=1"))
            .await,
    );
    assert!(
        page.contains("Ansökan är inskickad och har diarienummer 2024/3."),
        "{page}"
    );
    assert!(page.contains(">budget.pdf</a>"));
    assert!(
        page.contains("<dt>Insatsägare</dt><dd>Lindesbergs kommun</dd>"),
        "{page}"
    );
    // The applicant's own list has it; the kansli's steps are not offered to the applicant.
    assert!(!page.contains("<summary>Registrera beslut</summary>"));

    // The förbundschef asks for completion.
    let kansli = app.login("demo").await;
    let step = format!("{page_url}/steg");
    let r = app
        .post_form(
            &kansli,
            &step,
            &[
                ("steg", "begar-komplettering"),
                ("row_version", "1"),
                ("saknas", "Budget per kvartal"),
                ("senast", "2024-05-16"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The applicant sends the budget and says the application is complete.
    let r = post_multipart(
        &app,
        &applicant,
        &format!("{page_url}/filer"),
        &[],
        &[("kvartal.xlsx", b"PK\x03\x04 kvartal")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The completion form shows the application as it stands; changing the register's
    // inriktning is refused and nothing is saved; the purpose made clearer is saved with the step.
    let complete = format!("{page_url}/komplettera");
    let shown = squash(&app.text(&applicant.client, &complete).await);
    assert!(
        shown.contains(
            "Förbundet har begärt en komplettering senast 2024-05-16: Budget per kvartal."
        ),
        "{shown}"
    );
    assert!(shown.contains("value=\"Steg mot arbete\""));
    assert!(
        shown.contains("name=\"row_version\" value=\"2\""),
        "{shown}"
    );
    let mut changed = fields.clone();
    changed.retain(|(k, _)| *k != "syfte" && *k != "inriktning");
    changed.push(("syfte", "Stöd till unga vuxna, med en budget per kvartal."));
    changed.push(("row_version", "2"));
    let mut wrong = changed.clone();
    wrong.push(("inriktning", "Förebyggande"));
    let r = post_multipart(&app, &applicant, &complete, &wrong, &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("Uppföljning Finsam tillåter inte att inriktningen ändras")
    );
    changed.push(("inriktning", "Arbetslivsinriktad rehabilitering"));
    let r = post_multipart(&app, &applicant, &complete, &changed, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = squash(&app.text(&applicant.client, &page_url).await);
    assert!(
        page.contains("status: <strong>inkommen igen</strong>"),
        "{page}"
    );
    assert!(
        page.contains("<dt>Syfte</dt><dd>Stöd till unga vuxna, med en budget per kvartal.</dd>")
    );

    // The board decides at an extra meeting, which the kansli adds first.
    let r = app
        .post_form(
            &kansli,
            &format!("/forbund/{SOFINT}/moten"),
            &[("dag", "2024-05-02"), ("typ", "extra-styrelsemote")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let decision = [
        ("steg", "beslut"),
        ("row_version", "3"),
        ("av", "styrelsen"),
        ("mote", "2024-05-02"),
        ("paragraf", "12"),
        ("utfall", "beviljad"),
        ("belopp_2024", "440 000"),
        ("belopp_2025", "40 000"),
        ("villkor", "Rapport varje kvartal."),
    ];
    let r = app.post_form(&kansli, &step, &decision).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .post_form(
            &kansli,
            &step,
            &[
                ("steg", "avtal"),
                ("row_version", "4"),
                ("forbundet", "2024-05-02"),
                ("insatsagaren", "2024-05-02"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = squash(&app.text(&kansli.client, &page_url).await);
    assert!(
        page.contains("status: <strong>avtal tecknat</strong>"),
        "{page}"
    );
    assert!(page.contains(">kvartal.xlsx</a>"));

    // The protocol extract, and the meeting's record.
    let extract = squash(
        &app.text(&applicant.client, &format!("{page_url}/beslut/1"))
            .await,
    );
    assert!(
        extract.contains("Extra styrelsemöte 2024-05-02, § 12"),
        "{extract}"
    );
    assert!(
        extract.contains("Styrelsen beslutar att bevilja 480 000 kr för insatsen Steg mot arbete."),
        "{extract}"
    );
    assert!(extract.contains("<h3>Villkor</h3><p>Rapport varje kvartal.</p>"));
    let meeting = squash(
        &app.text(
            &kansli.client,
            &format!("/forbund/{SOFINT}/moten/2024-05-02"),
        )
        .await,
    );
    assert!(
        meeting.contains("<th scope=\"row\">§ 12</th><td data-label=\"Ärende\">"),
        "{meeting}"
    );
    assert!(meeting.contains("Beslut om Steg mot arbete (2024/3)"));

    // The process goals: every answer and agreement due in 2024 so far was in time; no
    // rejection yet, so that goal cannot be assessed.
    let goals = squash(
        &app.text(
            &kansli.client,
            &format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/mal"),
        )
        .await,
    );
    for (figure, assessment) in [
        (
            "andel ansökningar besvarade inom fristen 2024 = <strong>100 %</strong>",
            "uppfyllt",
        ),
        (
            "andel avtal tecknade inom fristen 2024 = <strong>100 %</strong>",
            "uppfyllt",
        ),
    ] {
        let at = goals
            .find(figure)
            .unwrap_or_else(|| panic!("{figure}: {goals}"));
        assert!(
            goals[at..].contains(&format!("Bedömning: <strong>{assessment}</strong>")),
            "{figure}"
        );
    }
    let at = goals
        .find("andel avslag med skriftlig motivering 2024")
        .expect("the rejections' goal");
    assert!(goals[at..].contains("Bedömning: <strong>kan inte bedömas</strong>"));

    // Every step is in the audit log, by its user.
    let log = app
        .store
        .audit_log(finsam_store::AssociationId(SOFINT), 50)
        .await
        .expect("log");
    for action in [
        "application.submit",
        "application.file",
        "application.request",
        "application.complete",
        "meeting.create",
        "application.decide",
        "application.agree",
    ] {
        assert!(log.iter().any(|e| e.action == action), "{action}");
    }
}

/// The value of the first hidden `row_version` field on a page.
fn row_version_in(html: &str) -> String {
    let marker = "name=\"row_version\" value=\"";
    let start = html.find(marker).expect("a row version field") + marker.len();
    html[start..].split('"').next().expect("a value").to_owned()
}

/// The kansli a week before the November board meeting (the demo's day): Coachingteamet's
/// money against its grant, a disbursement refused above the grant with the form kept, one
/// recorded; the overdue quarterly report on the overview and in the reports table, marked
/// received there; the insatsägare sees its reports but cannot mark them.
#[tokio::test]
async fn money_paid_and_reports_due_on_the_demos_day() {
    let day = finsam_core::insats::serial::parse_day(finsam_app::demo::insatser::DAY)
        .expect("the demo's day");
    let app = spawn_on(day).await;
    let kansli = app.login("ekonom").await;
    let money_url = format!("/forbund/{SOFINT}/insatser/1/pengar");
    let page = squash(&app.text(&kansli.client, &money_url).await);
    for figure in [
        "<dt>Beviljat</dt><dd class=\"num\">2 403 500 kr</dd>",
        "<dt>Utbetalt</dt><dd class=\"num\">1 189 503 kr</dd>",
        "<dt>Kvar att betala ut</dt><dd class=\"num\">1 213 997 kr</dd>",
        // Beside the paid, the cost booked on Coachingteamet's SIE object (6 COACH) in the
        // bookkeeping of January–June.
        "<th scope=\"row\">2024</th><td>2 403 500 kr</td><td>1 189 503 kr</td><td>1 189 503 kr</td>",
        "Bokfört: kostnaderna på objektet Coachingteamet (COACH i dimension 6), senast bokfört 2024-06-",
    ] {
        assert!(page.contains(figure), "{figure} in {page}");
    }
    let version = row_version_in(&page);
    let over = app
        .post_form(
            &kansli,
            &money_url,
            &[
                ("row_version", &version),
                ("begard", "2024-11-04"),
                ("belopp", "1 213 998"),
                ("anteckning", "juli–december"),
            ],
        )
        .await;
    assert_eq!(over.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = squash(&over.text().await.expect("a page"));
    assert!(
        refused.contains("högst 1 213 997 kr återstår") && refused.contains("value=\"1 213 998\""),
        "{refused}"
    );
    let before = app.audit_len(SOFINT).await;
    let ok = app
        .post_form(
            &kansli,
            &money_url,
            &[
                ("row_version", &version),
                ("begard", "2024-11-04"),
                ("belopp", "600 000"),
                ("anteckning", "juli–september"),
            ],
        )
        .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER, "{:?}", ok.text().await);
    assert_eq!(app.audit_len(SOFINT).await, before + 1);
    let after = squash(
        &app.text(&kansli.client, &format!("{money_url}?sparat=ny"))
            .await,
    );
    assert!(after.contains("Utbetalningen är registrerad."), "{after}");
    assert!(
        after.contains("<dt>Begärt</dt><dd class=\"num\">1 789 503 kr</dd>"),
        "{after}"
    );
    // The same form again is stale: someone (here the same person) changed the application.
    let stale = app
        .post_form(
            &kansli,
            &money_url,
            &[
                ("row_version", &version),
                ("begard", "2024-11-04"),
                ("belopp", "1"),
            ],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);

    // The overview and the reports table: Coachingteamet's third quarter is overdue.
    let director = app.login("demo").await;
    let overview = squash(
        &app.text(
            &director.client,
            &format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}"),
        )
        .await,
    );
    assert!(overview.contains("Rapporter från insatserna"), "{overview}");
    assert!(
        overview.contains("<td data-label=\"Rapport\">Kvartalsrapport</td><td data-label=\"Period\"><span class=\"date\">2024-07-01–2024-09-30</span></td><td data-label=\"Sista dag\"><span class=\"date\">2024-10-30</span></td><td data-label=\"Läge\"><strong class=\"late\">försenad 5 dagar</strong></td>"),
        "{overview}"
    );
    let reports_url = format!("/forbund/{SOFINT}/rapporter");
    let table = squash(
        &app.text(&director.client, &format!("{reports_url}?status=forsenade"))
            .await,
    );
    assert_eq!(table.matches("försenad 5 dagar").count(), 1, "{table}");
    assert!(table.contains("Markera inkommen"), "{table}");
    let future = app
        .post_form(
            &director,
            &format!("{reports_url}?status=forsenade"),
            &[
                ("rad", "1|2024-09-30|Kvartalsrapport"),
                ("inkom", "2024-11-05"),
            ],
        )
        .await;
    assert_eq!(future.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = future.text().await.expect("a page");
    assert!(said.contains("efter i dag (2024-11-04)"), "{said}");
    let received = app
        .post_form(
            &director,
            &format!("{reports_url}?status=forsenade"),
            &[
                ("rad", "1|2024-09-30|Kvartalsrapport"),
                ("inkom", "2024-11-01"),
            ],
        )
        .await;
    assert_eq!(received.status(), StatusCode::SEE_OTHER);
    let back = received.headers()["location"]
        .to_str()
        .expect("text")
        .to_owned();
    assert_eq!(back, format!("{reports_url}?status=forsenade&sparat=1"));
    let table = squash(&app.text(&director.client, &back).await);
    assert!(
        table.contains("Rapporten är markerad som inkommen."),
        "{table}"
    );
    assert!(
        table.contains("Inga rapporter att visa med det urvalet."),
        "{table}"
    );
    let kind = squash(
        &app.text(
            &director.client,
            &format!("{reports_url}?insats=1&rapport=Kvartalsrapport&status=inkomna"),
        )
        .await,
    );
    assert_eq!(
        kind.matches("<td data-label=\"Rapport\">Kvartalsrapport</td>")
            .count(),
        3,
        "{kind}"
    );
    assert!(
        kind.contains("<strong class=\"late\">försenad</strong>"),
        "{kind}"
    );

    // The insatsägare sees its own reports, without the kansli's form.
    let owner = app.login("insats").await;
    let own = squash(
        &app.text(&owner.client, &format!("{reports_url}?status=alla"))
            .await,
    );
    assert!(
        own.contains("Coachingteamet") && !own.contains("Rehabmässan"),
        "{own}"
    );
    assert!(!own.contains("Markera inkommen"), "{own}");
    let theirs = app
        .post_form(
            &owner,
            &money_url,
            &[
                ("row_version", "1"),
                ("begard", "2024-11-04"),
                ("belopp", "1"),
            ],
        )
        .await;
    assert_eq!(theirs.status(), StatusCode::FORBIDDEN);
}

/// A pending application's page shows its what-if: SOFINT's equity per plan year without and
/// with Hälsosteget, as core computes it with the grant added to the plan.
#[tokio::test]
async fn a_pending_application_shows_the_equity_path_with_and_without_it() {
    let day = finsam_core::insats::serial::parse_day(finsam_app::demo::insatser::DAY)
        .expect("the demo's day");
    let app = spawn_on(day).await;
    let u = app.login("styrelse").await;
    let page = squash(
        &app.text(&u.client, &format!("/forbund/{SOFINT}/insatser/3"))
            .await,
    );
    assert!(page.contains("Om ansökan beviljas: eget kapital"), "{page}");
    let plan = finsam_core::plan_file::read(include_str!("../../../../examples/sofint-2024.toml"))
        .expect("reads")
        .plan;
    let asked = [
        (2025, finsam_core::Money::from_kr(450_000).expect("fits")),
        (2026, finsam_core::Money::from_kr(450_000).expect("fits")),
    ]
    .into();
    let w = finsam_core::insats::whatif::what_if(&plan, "Hälsosteget", &asked).expect("computes");
    for y in &w.years {
        let kr = finsam_core::format::kr_with_unit;
        let with = if y.within_floor() {
            kr(y.with)
        } else {
            format!("<strong class=\"late\">{}</strong>", kr(y.with))
        };
        let row = format!(
            "<th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{with}</td><td>{}</td>",
            y.year,
            kr(y.asked),
            kr(y.without),
            kr(y.recommended_max)
        );
        assert!(page.contains(&row), "{row} in {page}");
    }
    let verdict = if w.fits() {
        "stannar eget kapital på eller över 200 000 kr"
    } else {
        "hamnar eget kapital under 200 000 kr"
    };
    assert!(page.contains(verdict), "{page}");
    // The overview weighs it too.
    let overview = squash(
        &app.text(
            &u.client,
            &format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}"),
        )
        .await,
    );
    let listed = format!(
        "<li><a href=\"/forbund/1/insatser/3\">Hälsosteget (2024/2)</a>: {}",
        if w.fits() {
            "Beviljas"
        } else {
            "<strong class=\"late\">Beviljas"
        }
    );
    assert!(overview.contains(&listed), "{overview}");
    // A decided application has none.
    let decided = squash(
        &app.text(&u.client, &format!("/forbund/{SOFINT}/insatser/1"))
            .await,
    );
    assert!(!decided.contains("Om ansökan beviljas"), "{decided}");
}

/// The förbundschef on the day of SOFINT's November board meeting: next year's meetings made
/// from this year's; Hälsosteget put on the meeting's agenda, shown there with its what-if, and
/// decided at the meeting; a disbursement recorded; the overdue report on the overview.
#[tokio::test]
async fn the_board_meeting_decides_an_agenda_item_with_its_what_if() {
    let day = time::Date::from_calendar_date(2024, time::Month::November, 15).expect("a day");
    let app = spawn_on(day).await;
    let u = app.login("demo").await;
    // Next year's meetings from this year's, 52 weeks on.
    let made = app
        .post_form(
            &u,
            &format!("/forbund/{SOFINT}/moten/nasta-ar"),
            &[("ar", "2024")],
        )
        .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let next = squash(
        &app.text(&u.client, &format!("/forbund/{SOFINT}/moten?ar=2025"))
            .await,
    );
    assert!(next.contains("<span class=\"date\">2025-02-14</span> 09:00–12:00 · <a href=\"/forbund/1/moten/2025-02-14\">Styrelsemöte</a>"), "{next}");

    let meeting = format!("/forbund/{SOFINT}/moten/2024-11-15");
    let page = squash(&app.text(&u.client, &meeting).await);
    assert!(
        page.contains("Inga punkter är uppsatta på dagordningen."),
        "{page}"
    );
    assert!(
        page.contains("<option value=\"ansokan-3\">Beslut om Hälsosteget (2024/2)</option>"),
        "{page}"
    );
    // Bad input: a choice that is none, an other item without a title; nothing added.
    let before = app.audit_len(SOFINT).await;
    let wrong = app
        .post_form(
            &u,
            &format!("{meeting}/dagordning"),
            &[("punkt", "ansokan-999")],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .text()
            .await
            .expect("a page")
            .contains("Välj en punkt i listan")
    );
    let untitled = app
        .post_form(
            &u,
            &format!("{meeting}/dagordning"),
            &[("punkt", "ovrigt"), ("rubrik", " ")],
        )
        .await;
    assert_eq!(untitled.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.audit_len(SOFINT).await, before);
    for form in [
        vec![("punkt", "ansokan-3")],
        vec![("punkt", "ovrigt"), ("rubrik", "Övriga frågor")],
    ] {
        let added = app
            .post_form(&u, &format!("{meeting}/dagordning"), &form)
            .await;
        assert_eq!(added.status(), StatusCode::SEE_OTHER);
    }
    let page = squash(&app.text(&u.client, &format!("{meeting}?sparat=1")).await);
    assert!(page.contains("Dagordningen är ändrad."), "{page}");
    assert!(
        page.contains("<h3 class=\"agenda-title\"><a href=\"/forbund/1/insatser/3\">Beslut om Hälsosteget (2024/2)</a></h3>"),
        "{page}"
    );
    assert!(
        page.contains("Eget kapital vid årets slut utan och med ansökan"),
        "{page}"
    );
    assert!(
        page.contains("<h3 class=\"agenda-title\">Övriga frågor</h3>"),
        "{page}"
    );

    // Decided at the meeting under its paragraph: the agenda item shows no what-if any more,
    // and the decision is in the meeting's record.
    let shown = squash(
        &app.text(&u.client, &format!("/forbund/{SOFINT}/insatser/3"))
            .await,
    );
    let version = row_version_in(&shown);
    let decided = app
        .post_form(
            &u,
            &format!("/forbund/{SOFINT}/insatser/3/steg"),
            &[
                ("steg", "beslut"),
                ("row_version", &version),
                ("av", "styrelsen"),
                ("mote", "2024-11-15"),
                ("paragraf", "§ 42"),
                ("utfall", "beviljad"),
                ("belopp_2025", "450 000"),
                ("belopp_2026", "450 000"),
            ],
        )
        .await;
    assert_eq!(
        decided.status(),
        StatusCode::SEE_OTHER,
        "{:?}",
        decided.text().await
    );
    let page = squash(&app.text(&u.client, &meeting).await);
    assert!(
        !page.contains("Eget kapital vid årets slut utan och med ansökan"),
        "{page}"
    );
    assert!(page.contains("<th scope=\"row\">§ 42</th>"), "{page}");

    // Granted, it has no line in SOFINT's draft: the line is made there from the grant.
    let money3 = format!("/forbund/{SOFINT}/insatser/3/pengar");
    let page = squash(&app.text(&u.client, &money3).await);
    assert!(page.contains("har ingen rad för insatsen."), "{page}");
    let marker = "name=\"version\" value=\"";
    let start = page.find(marker).expect("a draft to make it in") + marker.len();
    let draft = page[start..].split('"').next().expect("an id").to_owned();
    // Making the line edits the plan: not the board's.
    let board = app.login("styrelse").await;
    let refused = app
        .post_form(
            &board,
            &format!("{money3}/budgetrad"),
            &[("version", &draft)],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let made = app
        .post_form(&u, &format!("{money3}/budgetrad"), &[("version", &draft)])
        .await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    let page = squash(&app.text(&u.client, &format!("{money3}?sparat=rad")).await);
    assert!(page.contains("Raden är inlagd i utkastet."), "{page}");
    assert!(
        page.contains(
            "<th scope=\"row\">2025</th><td>450 000 kr</td><td>450 000 kr</td><td>0 kr</td>"
        ),
        "{page}"
    );
    let again = app
        .post_form(&u, &format!("{money3}/budgetrad"), &[("version", &draft)])
        .await;
    assert_eq!(
        again.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "made once only"
    );
    // Coachingteamet: the tillägg granted 73 500 kr more than the line budgets.
    let page = squash(
        &app.text(&u.client, &format!("/forbund/{SOFINT}/insatser/1/pengar"))
            .await,
    );
    assert!(
        page.contains("<th scope=\"row\">2024</th><td>2 403 500 kr</td><td>2 330 000 kr</td><td><strong class=\"late\">−73 500 kr</strong></td>"),
        "{page}"
    );

    // A disbursement to Coachingteamet, and the overview with the overdue report.
    let money = format!("/forbund/{SOFINT}/insatser/1/pengar");
    let version = row_version_in(&app.text(&u.client, &money).await);
    let paid = app
        .post_form(
            &u,
            &money,
            &[
                ("row_version", &version),
                ("begard", "2024-11-15"),
                ("belopp", "600 000"),
                ("godkand", "2024-11-15"),
            ],
        )
        .await;
    assert_eq!(paid.status(), StatusCode::SEE_OTHER);
    let overview = squash(
        &app.text(
            &u.client,
            &format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}"),
        )
        .await,
    );
    assert!(
        overview.contains("<strong class=\"late\">försenad 16 dagar</strong>"),
        "{overview}"
    );
}
