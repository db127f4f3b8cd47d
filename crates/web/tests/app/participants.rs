//! Deltagare (issue 14) over HTTP: the insatsägare fills in a quarter's report, the kansli
//! returns it, it is corrected and approved, and then locked; bad cells are said at their
//! fields and save nothing; an upload of the template is read and one with a personal column
//! refused; the template downloads with the report's figures; another member's reports are
//! not found.

use finsam_core::participants::ParticipantSettings;
use finsam_core::participants::form::read_table;
use finsam_report::upload::{Format, read_rows};
use reqwest::StatusCode;

use crate::helpers::*;

fn day(y: i32, m: time::Month, d: u8) -> time::Date {
    time::Date::from_calendar_date(y, m, d).expect("a day")
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().expect("text").to_owned()
}

/// Coachingteamet's third quarter as its form sends it, with `ongoing` at the end.
fn quarter<'a>(version: &'a str, ongoing: &'a str) -> [(&'a str, &'a str); 8] {
    [
        ("row_version", version),
        ("totalt.totalt", "70"),
        ("totalt.kvinnor", "40"),
        ("totalt.man", "30"),
        ("nya.totalt", "5"),
        ("avslutade.totalt", "4"),
        ("pagaende.totalt", ongoing),
        ("berattelse", "Sommaren var lugn."),
    ]
}

fn row_version_in(html: &str) -> String {
    html.split("name=\"row_version\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a row version")
        .to_owned()
}

#[tokio::test]
async fn an_insatsagare_fills_in_a_report_the_kansli_returns_it_and_approves_it_corrected() {
    let app = spawn_on(day(2024, time::Month::November, 4)).await;
    let owner = app.login("insats").await;
    let kansli = app.login("demo").await;
    let list = app.text(&owner.client, "/forbund/1/deltagare").await;
    assert!(list.contains("Coachingteamet"), "{list}");
    assert!(list.contains("inskickad"), "{list}");
    // Only the insatsägare's own insats is offered; the region's Rehabmässan is not.
    assert!(list.contains("1|Kvartalsrapport|2024-09-30"), "{list}");
    assert!(!list.contains("Rehabmässan"), "{list}");

    let started = app
        .post_form(
            &owner,
            "/forbund/1/deltagare",
            &[("period", "1|Kvartalsrapport|2024-09-30")],
        )
        .await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    let page_url = location(&started);
    let page = app.text(&owner.client, &page_url).await;
    assert!(page.contains("Kvartalsrapport från"), "{page}");
    let version = row_version_in(&page);

    // A negative count and text in a number: said at their fields, the input kept, nothing saved.
    let before = app.audit_len(SOFINT).await;
    let bad = app
        .post_form(
            &owner,
            &page_url,
            &[
                ("row_version", &version),
                ("totalt.totalt", "70"),
                ("totalt.kvinnor", "60"),
                ("totalt.man", "30"),
                ("nya.kvinnor", "-2"),
                ("avslutade.totalt", "fyra"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = spaced(&bad.text().await.expect("a body"));
    assert!(html.contains("error-summary"), "{html}");
    assert!(html.contains("href=\"#nya.kvinnor\""), "{html}");
    assert!(html.contains("&#34;fyra&#34; är inget antal"), "{html}");
    assert!(html.contains("value=\"fyra\""), "the input is kept: {html}");
    assert!(html.contains("href=\"#totalt.totalt\""), "{html}");
    assert!(html.contains("= 90 är fler än totalt 70"), "{html}");
    assert_eq!(app.audit_len(SOFINT).await, before);

    // Figures that do not add up are saved, and the finding links to its cell.
    let saved = app
        .post_form(&owner, &page_url, &quarter(&version, "65"))
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let page = app.text(&owner.client, &page_url).await;
    assert!(page.contains("href=\"#pagaende.totalt\""), "{page}");
    let sent = app
        .post_form(
            &owner,
            &format!("{page_url}/steg"),
            &[("row_version", &row_version_in(&page)), ("steg", "skicka")],
        )
        .await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);

    // The insatsägare cannot approve its own; the kansli cannot approve it with a finding.
    let page = app.text(&kansli.client, &page_url).await;
    let version = row_version_in(&page);
    let own_approval = app
        .post_form(
            &owner,
            &format!("{page_url}/steg"),
            &[("row_version", &version), ("steg", "godkann")],
        )
        .await;
    assert_eq!(own_approval.status(), StatusCode::FORBIDDEN);
    let refused = app
        .post_form(
            &kansli,
            &format!("{page_url}/steg"),
            &[("row_version", &version), ("steg", "godkann")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(spaced(&refused.text().await.expect("body")).contains("1 siffra som inte stämmer"));
    let no_comment = app
        .post_form(
            &kansli,
            &format!("{page_url}/steg"),
            &[
                ("row_version", &version),
                ("steg", "tillbaka"),
                ("kommentar", ""),
            ],
        )
        .await;
    assert_eq!(no_comment.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let back = app
        .post_form(
            &kansli,
            &format!("{page_url}/steg"),
            &[
                ("row_version", &version),
                ("steg", "tillbaka"),
                ("kommentar", "Pågående ska vara 70 − 4 = 66."),
            ],
        )
        .await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);

    // The insatsägare reads the comment, corrects the cell and sends it in again.
    let page = app.text(&owner.client, &page_url).await;
    assert!(page.contains("Pågående ska vara 70 − 4 = 66."), "{page}");
    assert!(page.contains("återsänd"), "{page}");
    let fixed = app
        .post_form(&owner, &page_url, &quarter(&row_version_in(&page), "66"))
        .await;
    assert_eq!(fixed.status(), StatusCode::SEE_OTHER);
    let page = app.text(&owner.client, &page_url).await;
    assert!(page.contains("Siffrorna stämmer"), "{page}");
    let again = app
        .post_form(
            &owner,
            &format!("{page_url}/steg"),
            &[("row_version", &row_version_in(&page)), ("steg", "skicka")],
        )
        .await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let page = app.text(&kansli.client, &page_url).await;
    let approved = app
        .post_form(
            &kansli,
            &format!("{page_url}/steg"),
            &[("row_version", &row_version_in(&page)), ("steg", "godkann")],
        )
        .await;
    assert_eq!(approved.status(), StatusCode::SEE_OTHER);

    // Locked: the page has no form, a saved form is refused and changes nothing.
    let page = app.text(&owner.client, &page_url).await;
    assert!(page.contains("godkänd"), "{page}");
    assert!(!page.contains("name=\"totalt.totalt\""), "{page}");
    let before = app.audit_len(SOFINT).await;
    let late = app
        .post_form(
            &owner,
            &page_url,
            &[("row_version", "99"), ("totalt.totalt", "71")],
        )
        .await;
    assert_eq!(late.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(spaced(&late.text().await.expect("body")).contains("godkänd och låst"));
    assert_eq!(app.audit_len(SOFINT).await, before);

    // Sent in, the quarter's report is no longer overdue in the reports table.
    let reports = app
        .text(&kansli.client, "/forbund/1/rapporter?status=alla")
        .await;
    assert!(
        !reports.contains("2024-07-01–2024-09-30 Kvartalsrapport försenad"),
        "{reports}"
    );
    // The log says each step in words.
    let log = app.text(&kansli.client, "/forbund/1/logg").await;
    for words in [
        "Deltagarrapport påbörjad",
        "Deltagarrapport inskickad",
        "Deltagarrapport återsänd",
        "Deltagarrapport godkänd",
    ] {
        assert!(log.contains(words), "{words}: {log}");
    }
}

#[tokio::test]
async fn the_template_downloads_with_the_figures_and_an_upload_is_read_or_refused_whole() {
    let app = spawn_on(day(2024, time::Month::November, 4)).await;
    let owner = app.login("insats").await;
    // The demo's half-year report as a template: the interim report's figures come back.
    let xlsx = app
        .get(&owner.client, "/forbund/1/deltagare/1/mall.xlsx")
        .await
        .bytes()
        .await
        .expect("a file");
    let rows = read_rows(&xlsx, Format::Xlsx).expect("reads");
    let report = read_table(&rows, &ParticipantSettings::default(), "").expect("a report");
    assert_eq!((report.total.total, report.ongoing.total), (103, 65));

    let started = app
        .post_form(
            &owner,
            "/forbund/1/deltagare",
            &[("period", "1|Kvartalsrapport|2024-09-30")],
        )
        .await;
    let page_url = location(&started);
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("row_version", "1")
            .part(
                "fil",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
        owner
            .client
            .post(app.url(&format!("{page_url}/fil?_csrf={}", owner.csrf)))
            .multipart(form)
            .send()
    };
    let before = app.audit_len(SOFINT).await;
    let personal = "Rad;Nyckel;Totalt;Kvinnor;Män;Annat;Namn\nTotalt;totalt;1;1;0;0;Anna\n";
    let r = upload("q3.csv", personal.as_bytes().to_vec())
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = spaced(&r.text().await.expect("body"));
    assert!(html.contains("Kolumnen G (&#34;Namn&#34;)"), "{html}");
    assert!(html.contains("registrerar dem aldrig"), "{html}");
    let text_in_number = "Rad;Nyckel;Totalt\nTotalt;totalt;sjuttio\n";
    let r = upload("q3.csv", text_in_number.as_bytes().to_vec())
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        spaced(&r.text().await.expect("body"))
            .contains("Cell C2: Totalt antal deltagare, totalt: &#34;sjuttio&#34; är inget antal")
    );
    assert_eq!(app.audit_len(SOFINT).await, before, "nothing saved");
    let r = upload("q3.xlsx", xlsx.to_vec()).await.expect("request");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app.text(&owner.client, &page_url).await;
    assert!(page.contains("value=\"103\""), "{page}");
}

#[tokio::test]
async fn another_members_reports_are_not_found_for_an_insatsagare() {
    let app = spawn_on(day(2024, time::Month::November, 4)).await;
    let kansli = app.login("demo").await;
    // The kansli starts a report for the region's Rehabmässan.
    let started = app
        .post_form(
            &kansli,
            "/forbund/1/deltagare",
            &[("period", "2|Kvartalsrapport|2024-03-31")],
        )
        .await;
    assert_eq!(started.status(), StatusCode::SEE_OTHER);
    let page_url = location(&started);
    let owner = app.login("insats").await;
    assert_eq!(
        app.get(&owner.client, &page_url).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&owner.client, &format!("{page_url}/mall.csv"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let list = app.text(&owner.client, "/forbund/1/deltagare").await;
    assert!(!list.contains("Rehabmässan"), "{list}");
    let theirs = app.text(&kansli.client, "/forbund/1/deltagare").await;
    assert!(theirs.contains("Rehabmässan"), "{theirs}");
}

#[tokio::test]
async fn the_insats_targets_are_set_and_the_report_is_read_against_them() {
    let app = spawn_on(day(2024, time::Month::November, 4)).await;
    let kansli = app.login("demo").await;
    // The demo's half-year against Coachingteamet's targets.
    let page = app.text(&kansli.client, "/forbund/1/deltagare/1").await;
    for want in [
        "37 % (13 av 35)",
        "26 % (5 av 19)",
        "50 % (8 av 16)",
        "55 %",
        "Årets första 6 månader i samma takt hela året",
        "<td>141</td><td>120</td>",
        "24 procentenheter fler bland kvinnorna",
        // The charts, each with its text alternative.
        "<desc id=\"andelar-diagram-beskrivning\">Stegförflyttning: totalt 37 %, kvinnor 26 %, män 50 %; mål 55 %",
        "<desc id=\"utfall-diagram-beskrivning\">Myndigheternas program (AF, FK): kvinnor 5, män 8.",
    ] {
        assert!(page.contains(want), "{want}: {page}");
    }
    let list = app
        .text(&kansli.client, "/forbund/1/deltagare?insats=1")
        .await;
    assert!(
        list.contains("name=\"mal_totalt\" inputmode=\"numeric\" size=\"5\" value=\"120\""),
        "{list}"
    );
    let version = row_version_in(&list);
    let before = app.audit_len(SOFINT).await;
    let bad = app
        .post_form(
            &kansli,
            "/forbund/1/insatser/1/deltagarmal",
            &[
                ("row_version", &version),
                ("mal_totalt", "120"),
                ("mal_steg", "155"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = spaced(&bad.text().await.expect("body"));
    assert!(html.contains("155 är mer än 100 procent"), "{html}");
    assert!(html.contains("value=\"155\""), "kept: {html}");
    assert_eq!(app.audit_len(SOFINT).await, before);
    let saved = app
        .post_form(
            &kansli,
            "/forbund/1/insatser/1/deltagarmal",
            &[
                ("row_version", &version),
                ("mal_totalt", "120"),
                ("mal_steg", "35"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let page = app.text(&kansli.client, "/forbund/1/deltagare/1").await;
    assert!(page.contains("<td>35 %</td><td>ja</td>"), "{page}");
    // A stale form is a conflict and saves nothing.
    let stale = app
        .post_form(
            &kansli,
            "/forbund/1/insatser/1/deltagarmal",
            &[("row_version", &version), ("mal_totalt", "1")],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn activities_are_logged_by_the_kansli_and_staffing_kept_per_insats() {
    let app = spawn_on(day(2024, time::Month::November, 4)).await;
    let kansli = app.login("demo").await;
    let log = app
        .text(&kansli.client, "/forbund/1/aktiviteter?ar=2024")
        .await;
    assert!(log.contains("9 aktiviteter 2024"), "{log}");
    assert!(
        log.contains("Workshop med försörjningsstödet i Hällefors"),
        "{log}"
    );
    let before = app.audit_len(SOFINT).await;
    let bad = app
        .post_form(
            &kansli,
            "/forbund/1/aktiviteter",
            &[
                ("dag", "i juni"),
                ("slag", "kunskap"),
                ("insats", ""),
                ("text", ""),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = spaced(&bad.text().await.expect("body"));
    assert!(html.contains("href=\"#dag\""), "{html}");
    assert!(html.contains("Skriv vad som hände"), "{html}");
    assert_eq!(app.audit_len(SOFINT).await, before);
    let added = app
        .post_form(
            &kansli,
            "/forbund/1/aktiviteter",
            &[
                ("dag", "2024-10-02"),
                ("slag", "kunskap"),
                ("insats", ""),
                (
                    "text",
                    "Föreläsning om psykisk ohälsa för medlemmarnas handläggare",
                ),
            ],
        )
        .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    let log = app
        .text(&kansli.client, "/forbund/1/aktiviteter?ar=2024")
        .await;
    assert!(log.contains("10 aktiviteter 2024"), "{log}");
    assert!(
        log.contains("<td data-label=\"Vems\">Förbundet</td>"),
        "{log}"
    );
    // The board reads the log but cannot add to it.
    let board = app.login("styrelse").await;
    assert!(
        app.text(&board.client, "/forbund/1/aktiviteter?ar=2024")
            .await
            .contains("10 aktiviteter")
    );
    let refused = app
        .post_form(
            &board,
            "/forbund/1/aktiviteter",
            &[("dag", "2024-10-03"), ("slag", "annat"), ("text", "x")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // Staffing: Coachingteamet has 3,4 today; a wrong entry is said at its fields.
    let owner = app.login("insats").await;
    let page = app
        .text(&owner.client, "/forbund/1/deltagare?insats=1")
        .await;
    assert!(page.contains("I dag: 3,4 heltidstjänster."), "{page}");
    let bad = app
        .post_form(
            &owner,
            "/forbund/1/insatser/1/bemanning",
            &[
                ("fran", "2024-11-01"),
                ("roll", "Coach"),
                ("tjanster", "tre"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        spaced(&bad.text().await.expect("body"))
            .contains("&#34;tre&#34; är inget antal heltidstjänster")
    );
    let ok = app
        .post_form(
            &owner,
            "/forbund/1/insatser/1/bemanning",
            &[("fran", "2024-11-01"), ("roll", "Coach"), ("tjanster", "3")],
        )
        .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let page = app
        .text(&owner.client, "/forbund/1/deltagare?insats=1")
        .await;
    assert!(page.contains("I dag: 3,9 heltidstjänster."), "{page}");
}

/// The count cells of a public file (XLSX or CSV) as text, by row words: every cell of the
/// "Deltagare" sheet.
fn public_cells(file: &str, bytes: &[u8]) -> Vec<(String, Vec<String>)> {
    let rows = if file.ends_with(".xlsx") {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> =
            calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
        let range = book.worksheet_range("Deltagare").expect("the sheet");
        range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    } else {
        read_rows(bytes, Format::Csv).expect("a CSV")
    };
    rows.into_iter()
        .filter(|r| r.len() >= 5)
        .map(|r| (r[0].clone(), r[1..5].to_vec()))
        .collect()
}

#[tokio::test]
async fn every_public_output_hides_small_numbers_and_what_gives_them_away() {
    let app = spawn_on(day(2024, time::Month::November, 4)).await;
    let owner = app.login("insats").await;
    let started = app
        .post_form(
            &owner,
            "/forbund/1/deltagare",
            &[("period", "1|Kvartalsrapport|2024-09-30")],
        )
        .await;
    let page_url = location(&started);
    // Three men among 73: the men's count, and one more of the row, must not show.
    let saved = app
        .post_form(
            &owner,
            &page_url,
            &[
                ("row_version", "1"),
                ("totalt.totalt", "73"),
                ("totalt.kvinnor", "70"),
                ("totalt.man", "3"),
                ("totalt.annat", "0"),
                ("nya.totalt", "5"),
                ("avslutade.totalt", "7"),
                ("pagaende.totalt", "66"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    // Inside the förbund the page shows the 3.
    let page = app.text(&owner.client, &page_url).await;
    assert!(
        page.contains("<td>3</td>") || page.contains("value=\"3\""),
        "{page}"
    );
    assert!(!finsam_web::PUBLIC_PARTICIPANT_FILES.is_empty());
    for file in finsam_web::PUBLIC_PARTICIPANT_FILES {
        let r = app.get(&owner.client, &format!("{page_url}/{file}")).await;
        assert_eq!(r.status(), StatusCode::OK, "{file}");
        let bytes = r.bytes().await.expect("a file");
        let rows = public_cells(file, &bytes);
        let total = rows
            .iter()
            .find(|(words, _)| words == "Totalt antal deltagare")
            .unwrap_or_else(|| panic!("{file}: {rows:?}"));
        assert_eq!(total.1, ["73", "70", "< 5", "< 5"], "{file}");
        // No count from 1 to 4 anywhere in the file.
        for (words, cells) in &rows {
            for c in cells {
                if let Ok(n) = c.parse::<u32>() {
                    assert!(n == 0 || n >= 5, "{file}: {words} shows {n}");
                }
            }
        }
    }
    // The demo's half-year has nothing small: its public file shows the interim report's counts.
    let r = app
        .get(&owner.client, "/forbund/1/deltagare/1/offentlig.csv")
        .await;
    let rows = public_cells("offentlig.csv", &r.bytes().await.expect("a file"));
    assert_eq!(rows[1].1, ["103", "56", "47", "0"], "{rows:?}");
}

#[tokio::test]
async fn the_file_for_uppfoljning_finsam_has_the_forbunds_columns_and_the_approved_year() {
    use finsam_core::participants::{Approval, Counted, ParticipantReport};
    use finsam_store::prelude::*;
    use finsam_store::{Actor, ApplicationId, AssociationId, NewParticipantReport, ReportStep};
    let app = spawn_on(day(2024, time::Month::November, 4)).await;
    let kansli = app.login("demo").await;
    let path = "/forbund/1/insatser/1/uppfoljning-finsam.csv?ar=2024";
    let read = |bytes: &[u8]| read_rows(bytes, Format::Csv).expect("a CSV");
    // No approved report covers 2024: the heading row alone.
    let rows = read(
        &app.get(&kansli.client, path)
            .await
            .bytes()
            .await
            .expect("a file"),
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains(&"Deltagare kvinnor".to_owned()),
        "{rows:?}"
    );
    // An approved final report for the year: its counts under the förbund's headings.
    let sofint = AssociationId(1);
    let made = app
        .store
        .create_participant_report(
            Actor::System,
            sofint,
            &NewParticipantReport {
                application: ApplicationId(1),
                kind: "Slutrapport".into(),
                from: day(2024, time::Month::January, 1),
                to: day(2024, time::Month::December, 31),
                report: ParticipantReport {
                    total: Counted::split(121, 60, 61, 0),
                    new: Counted::split(56, 24, 32, 0),
                    finished: Counted::split(55, 27, 28, 0),
                    ongoing: Counted::total(66),
                    ..Default::default()
                },
            },
            "påbörjad",
        )
        .await
        .expect("made");
    app.store
        .step_participant_report(
            Actor::System,
            (sofint, made.id, made.row_version),
            &ReportStep {
                action: "participants.approve",
                approval: &Approval::Approved,
                receipt: None,
            },
            "godkänd",
        )
        .await
        .expect("approved");
    let rows = read(
        &app.get(&kansli.client, path)
            .await
            .bytes()
            .await
            .expect("a file"),
    );
    assert_eq!(rows.len(), 2, "{rows:?}");
    let at = |h: &str| rows[1][rows[0].iter().position(|x| x == h).expect(h)].clone();
    assert_eq!(
        (
            at("Insats"),
            at("År"),
            at("Deltagare kvinnor"),
            at("Avslutade män")
        ),
        (
            "Coachingteamet".into(),
            "2024".into(),
            "60".into(),
            "28".into()
        )
    );
    // The förbund renames a column in the settings; the file follows.
    let settings = app.text(&kansli.client, "/forbund/1/installningar").await;
    let version = row_version_in(&settings);
    let saved = app
        .post_form(
            &kansli,
            "/forbund/1/installningar",
            &[
                ("row_version", &version),
                ("svarstid", "2"),
                ("avtalstid", "1"),
                ("delegation", "100 000"),
                ("diarieformat", "{år}/{nr}"),
                ("ord", "busskort"),
                (
                    "rapporter",
                    "Halvårsrapport; halvår; 30\nSlutrapport; slut; 60",
                ),
                (
                    "registerkolumner",
                    "Insatsnamn; insats\nKvinnor totalt; totalt.kvinnor",
                ),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let rows = read(
        &app.get(&kansli.client, path)
            .await
            .bytes()
            .await
            .expect("a file"),
    );
    assert_eq!(
        rows,
        [
            vec!["Insatsnamn".to_owned(), "Kvinnor totalt".to_owned()],
            vec!["Coachingteamet".to_owned(), "60".to_owned()]
        ]
    );
}

#[tokio::test]
async fn a_structural_insats_keeps_its_indicator_over_the_years() {
    let app = spawn_on(day(2024, time::Month::November, 4)).await;
    let kansli = app.login("demo").await;
    let page = app
        .text(&kansli.client, "/forbund/1/deltagare?insats=6")
        .await;
    for want in [
        "Besök på Välfärdsguiden",
        "Tolka med försiktighet: Den lokala statistiken avgörs av IP-adressens hemvist",
        "<td>4 304</td>",
        "<td>28 759</td><td>568 %</td><td>30 000</td><td>nej</td>",
        "<td>35 677</td><td>24 %</td><td>30 000</td><td>ja</td><td>t.o.m. augusti</td>",
    ] {
        assert!(page.contains(want), "{want}: {page}");
    }
    let before = app.audit_len(SOFINT).await;
    let bad = app
        .post_form(
            &kansli,
            "/forbund/1/insatser/6/indikatorer/1",
            &[
                ("row_version", "1"),
                ("ar", "tjugotjugofem"),
                ("varde", "många"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = spaced(&bad.text().await.expect("body"));
    assert!(html.contains("href=\"#ind1-ar\""), "{html}");
    assert!(html.contains("id=\"ind1-varde-fel\""), "{html}");
    assert_eq!(app.audit_len(SOFINT).await, before);
    let ok = app
        .post_form(
            &kansli,
            "/forbund/1/insatser/6/indikatorer/1",
            &[
                ("row_version", "1"),
                ("ar", "2024"),
                ("varde", "52 110"),
                ("mal", "30 000"),
                ("anmarkning", ""),
            ],
        )
        .await;
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let page = app
        .text(&kansli.client, "/forbund/1/deltagare?insats=6")
        .await;
    assert!(
        page.contains("<td>52 110</td>"),
        "the year replaced: {page}"
    );
    assert!(!page.contains("35 677"), "{page}");
}
