//! Every table can be taken away: the budget, the follow-up, the findings and the version
//! comparison as XLSX (re-read with calamine) and CSV (re-read with the csv crate), compared
//! with the table the page shows and with the seed's figures.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use finsam_core::Money;
use finsam_core::format::kr;
use reqwest::StatusCode;

use crate::helpers::*;

/// The rows of the page's table with `class`: the row label and the cells' text.
fn html_rows(html: &str, class: &str) -> Vec<(String, Vec<String>)> {
    let table = &html[html
        .find(&format!("<table class=\"{class}\""))
        .unwrap_or_else(|| panic!("a table {class}"))..];
    let body = &table[table.find("<tbody>").expect("a body")..table.find("</tbody>").expect("end")];
    body.split("<tr")
        .skip(1)
        .filter_map(|row| {
            let label_at = row.find("<th scope=\"row\">")? + "<th scope=\"row\">".len();
            let label = &row[label_at..label_at + row[label_at..].find("</th>")?];
            let cells = row
                .split("<td>")
                .skip(1)
                .map(|c| c[..c.find("</td>").unwrap_or(0)].trim().to_owned())
                .collect();
            Some((label.to_owned(), cells))
        })
        .collect()
}

/// A workbook's sheets by name: rows of cells.
fn workbook(bytes: Vec<u8>) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a sheet");
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

fn sheet<'a>(book: &'a [(String, Vec<Vec<Data>>)], name: &str) -> &'a [Vec<Data>] {
    &book
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("a sheet {name}"))
        .1
}

/// A number cell as an amount, to the öre.
fn amount(d: &Data) -> Option<Money> {
    match d {
        Data::Float(x) => finsam_report::xlsx::amount_of(*x),
        Data::Int(n) => Money::from_kr(*n).ok(),
        _ => None,
    }
}

async fn download(app: &TestApp, u: &User, path: &str) -> (String, Vec<u8>) {
    let r = app.get(&u.client, path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let kind = r.headers()["content-type"]
        .to_str()
        .expect("text")
        .to_owned();
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\""),
        "{path}: {disposition}"
    );
    (kind, r.bytes().await.expect("bytes").to_vec())
}

#[tokio::test]
async fn the_budget_as_xlsx_and_csv_is_the_table_on_the_page() {
    let app = spawn_app().await;
    let board = app.login("styrelse").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let page = app.text(&board.client, &format!("{v}/budget")).await;
    assert!(
        page.contains(&format!("href=\"{v}/export/plan.xlsx\"")),
        "the page offers it"
    );
    let shown = html_rows(&page, "numbers budget");
    assert!(shown.len() > 30);

    let (kind, bytes) = download(&app, &board, &format!("{v}/export/plan.xlsx")).await;
    assert_eq!(
        kind,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let book = workbook(bytes);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Budget", "Nyckeltal", "Medlemsbidrag", "Kontroller", "Mål"]
    );
    let budget = sheet(&book, "Budget");
    assert_eq!(
        budget[1][..5]
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["Rad", "Typ", "Avsnitt", "Kategori", "2024"]
    );
    // Every row of the page's table is a row of the sheet, with the same amounts as numbers.
    let rows: Vec<&Vec<Data>> = budget[2..]
        .iter()
        .filter(|r| r[1] != Data::String("rubrik".into()))
        .collect();
    assert_eq!(rows.len(), shown.len());
    for ((label, cells), row) in shown.iter().zip(&rows) {
        assert_eq!(&row[0].to_string(), label);
        let amounts: Vec<String> = row[4..7]
            .iter()
            .map(|d| amount(d).map(kr).unwrap_or_default())
            .collect();
        assert_eq!(&amounts, cells, "{label}");
    }
    // The seed: member contributions 3 600 000 and the result −109 825 in 2024.
    let find = |label: &str| rows.iter().find(|r| r[0] == *label).expect("a row");
    assert_eq!(
        amount(&find("Summa intäkter")[4]),
        Some(Money::from_ore(360_000_000))
    );
    assert_eq!(
        amount(&find("Resultat")[4]),
        Some(Money::from_ore(-10_982_500))
    );
    // Categories in words, never the plan file's codes.
    assert!(rows.iter().any(|r| r[3] == "styrelse och revision"));
    assert!(!rows.iter().any(|r| r[3].to_string().contains('-')));

    let (kind, bytes) = download(&app, &board, &format!("{v}/export/budget.csv")).await;
    assert_eq!(kind, "text/csv; charset=utf-8");
    let mut csv = csv::Reader::from_reader(bytes.as_slice());
    let records: Vec<csv::StringRecord> = csv.records().map(|r| r.expect("a record")).collect();
    let lines: Vec<&csv::StringRecord> = records.iter().filter(|r| &r[1] != "rubrik").collect();
    assert_eq!(lines.len(), shown.len());
    for ((label, cells), rec) in shown.iter().zip(lines) {
        assert_eq!(&rec[0], label);
        for (i, cell) in cells.iter().enumerate() {
            let back = if rec[4 + i].is_empty() {
                String::new()
            } else {
                kr(Money::parse(&rec[4 + i]).expect("a plain amount"))
            };
            assert_eq!(&back, cell, "{label}");
        }
    }

    // The findings as CSV: SOFINT's two administration-share warnings, in words.
    let (_, bytes) = download(&app, &board, &format!("{v}/export/kontroller.csv")).await;
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(
        text.starts_with("Nr,Nivå,Slag,Meddelande,Följd av nr\n"),
        "{text}"
    );
    assert_eq!(
        text.matches("varning,Administrationsandel över målet")
            .count(),
        2,
        "{text}"
    );
}

#[tokio::test]
async fn the_half_year_follow_up_as_xlsx_has_the_interim_reports_figures() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let base = format!("/forbund/{SOFINT}/uppfoljning/2024");
    let page = app.text(&u.client, &format!("{base}?period=h1")).await;
    assert!(page.contains(&format!(
        "href=\"{base}/export/uppfoljning.xlsx?period=h1&#38;budget=sie\""
    )));
    let (_, bytes) = download(
        &app,
        &u,
        &format!("{base}/export/uppfoljning.xlsx?period=h1"),
    )
    .await;
    let book = workbook(bytes);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Resultaträkning",
            "Balansräkning",
            "Prognostabell",
            "Utfall mot budget",
            "Helårsprognos",
            "Kontroller",
            "Kostnader per månad"
        ]
    );
    // The cost curve's figures: through June the costs so far are the interim report's.
    let months = sheet(&book, "Kostnader per månad");
    let june = months.iter().find(|r| r[0] == "2024-06").expect("June");
    assert_eq!(amount(&june[3]), Some(Money::from_ore(180_300_500)));
    let july = months.iter().find(|r| r[0] == "2024-07").expect("July");
    assert_eq!(amount(&july[1]), None, "nothing booked after June");
    assert!(amount(&july[2]).is_some(), "but a budget");
    let table = sheet(&book, "Prognostabell");
    let row = |label: &str| {
        table
            .iter()
            .find(|r| r[0] == *label)
            .unwrap_or_else(|| panic!("a row {label}"))
    };
    // The seed's interim report: costs 1 803 005 against 1 811 828, deviation 8 823 (0,5 %).
    let costs = row("Rörelsens kostnader");
    assert_eq!(amount(&costs[2]), Some(Money::from_ore(180_300_500)));
    assert_eq!(amount(&costs[3]), Some(Money::from_ore(181_182_800)));
    assert_eq!(amount(&costs[4]), Some(Money::from_ore(882_300)));
    let admin = row("Varav administrativa kostnader");
    assert_eq!(amount(&admin[2]), Some(Money::from_ore(43_823_100)));
    let balance = sheet(&book, "Balansräkning");
    let equity = balance
        .iter()
        .find(|r| r[0] == "Eget kapital")
        .expect("equity");
    assert_eq!(amount(&equity[1]), Some(Money::from_ore(47_914_700)));

    // The same table as CSV, and against the API's JSON of the same follow-up.
    let (_, bytes) = download(
        &app,
        &u,
        &format!("{base}/export/prognostabell.csv?period=h1"),
    )
    .await;
    let json: serde_json::Value = app
        .get(
            &u.client,
            &format!("/api/forbund/{SOFINT}/uppfoljning/2024?period=h1"),
        )
        .await
        .json()
        .await
        .expect("json");
    let api = json["prognostabell"].as_array().expect("rows");
    let mut csv = csv::Reader::from_reader(bytes.as_slice());
    let records: Vec<csv::StringRecord> = csv.records().map(|r| r.expect("a record")).collect();
    assert_eq!(records.len(), api.len());
    for (rec, row) in records.iter().zip(api) {
        assert_eq!(&rec[0], row["rad"].as_str().expect("label"));
        let ore = |field: &str| Money::parse(field).expect("an amount").ore();
        assert_eq!(ore(&rec[2]), row["utfall"].as_i64().expect("öre"));
        assert_eq!(ore(&rec[3]), row["budget"].as_i64().expect("öre"));
    }
}

#[tokio::test]
async fn the_version_comparison_exports_and_unknown_files_are_not_found() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    // A revision of Älvdalen's adopted plan? SOFINT has one version: compare it with itself.
    let path =
        format!("/forbund/{SOFINT}/jamfor/export/jamforelse.csv?fran={SOFINT_V1}&till={SOFINT_V1}");
    let (_, bytes) = download(&app, &u, &path).await;
    let text = String::from_utf8(bytes).expect("utf-8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "Rad,Avsnitt,Förändring,2024 från,2024 till,2024 skillnad,2025 från,2025 till,2025 skillnad,2026 från,2026 till,2026 skillnad"
        )
    );
    assert!(
        text.contains("Coachingteamet,Insatser,,-2330000,-2330000,,"),
        "{text}"
    );
    let (_, bytes) = download(
        &app,
        &u,
        &format!(
            "/forbund/{SOFINT}/jamfor/export/jamforelse.xlsx?fran={SOFINT_V1}&till={SOFINT_V1}"
        ),
    )
    .await;
    assert_eq!(workbook(bytes).len(), 1);
    for missing in [
        format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/export/plan.pdf"),
        format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/export/okand.csv"),
        format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/export/budget.xlsx"),
        format!("/forbund/{SOFINT}/jamfor/export/jamforelse.csv"),
    ] {
        assert_eq!(
            app.get(&u.client, &missing).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

/// The cells of every row of the page's first table body, as text.
fn body_cells(html: &str) -> Vec<Vec<String>> {
    let body = &html[html.find("<tbody>").expect("a body")..html.find("</tbody>").expect("end")];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|c| {
                    let c = &c[c.find('>').expect("a cell") + 1..];
                    c[..c.find("</td>").expect("its end")]
                        .replace("&quot;", "\"")
                        .replace("&#34;", "\"")
                        .replace("&#39;", "'")
                        .replace("&gt;", ">")
                        .replace("&lt;", "<")
                        .replace("&amp;", "&")
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_audit_log_names_people_in_swedish_time_and_exports_what_it_shows() {
    let app = spawn_app().await;
    let ekonom = app.login("ekonom").await;
    let r = app
        .post_form(
            &ekonom,
            &format!("/forbund/{SOFINT}/uppfoljning/2024/prognos"),
            &[
                ("period", "h1"),
                ("rad", "insats:Coachingteamet"),
                ("belopp", "2 403 500"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let auditor = app.login("revisor").await;
    let log = format!("/forbund/{SOFINT}/logg");
    let page = app.text(&auditor.client, &log).await;
    let rows = body_cells(&page);
    assert!(rows.len() > 5, "{page}");
    for r in &rows {
        // Swedish local time to the second, a person or the system, an event in words.
        let at = &r[0];
        assert_eq!(at.len(), 19, "{at}");
        assert!(!at.contains("UTC"), "{at}");
        assert!(!r[2].contains('.'), "a code shows through: {}", r[2]);
        assert!(
            !r[3].contains("Användare ") || !r[3].contains("fick rollen"),
            "{}",
            r[3]
        );
    }
    // The newest: the forecast, by the ekonom by name, with the row and its new figure.
    assert_eq!(rows[0][1], "Demo Ekonom (ekonom)");
    assert_eq!(rows[0][2], "Helårsprognos ändrad");
    assert!(
        rows[0][3].ends_with("Coachingteamet: beräknad → 2 403 500 kr"),
        "{}",
        rows[0][3]
    );
    assert!(
        rows.iter()
            .any(|r| r[2] == "Roll ändrad" && r[3] == "Demo Revisor (revisor) fick rollen revisor"),
        "a role names its user: {rows:?}"
    );
    // The filter offers the events in words and keeps its codes as values.
    assert!(page.contains("<option value=\"forecast.update\">Helårsprognos ändrad</option>"));

    // The files hold the same rows as the page.
    let (kind, csv) = download(&app, &auditor, &format!("{log}/export/andringslogg.csv")).await;
    assert_eq!(kind, "text/csv; charset=utf-8");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&csv[..]);
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("a record").iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(records[0], ["Tid", "Användare", "Händelse", "Beskrivning"]);
    assert_eq!(&records[1..], &rows[..]);

    let (_, bytes) = download(&app, &auditor, &format!("{log}/export/logg.xlsx")).await;
    let book = workbook(bytes);
    let sheet = sheet(&book, "Ändringslogg");
    let cells: Vec<Vec<String>> = sheet[2..]
        .iter()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(cells, rows);

    // A filter narrows the file as it narrows the page; a wrong date exports nothing.
    let (_, csv) = download(
        &app,
        &auditor,
        &format!("{log}/export/andringslogg.csv?handling=forecast.update"),
    )
    .await;
    let text = String::from_utf8(csv).expect("UTF-8");
    assert_eq!(text.matches("Helårsprognos ändrad").count(), 1, "{text}");
    assert!(!text.contains("Roll ändrad"));
    let r = app
        .get(
            &auditor.client,
            &format!("{log}/export/andringslogg.csv?fran=igår"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("är inget datum"));
    // Someone who may not read the log may not take it away either.
    let board = app.login("styrelse").await;
    let r = app
        .get(&board.client, &format!("{log}/export/andringslogg.csv"))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_kept_export_is_made_again_after_a_change() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let file = format!("{v}/export/budget.csv");
    let (_, before) = download(&app, &u, &file).await;
    let (_, again) = download(&app, &u, &file).await;
    assert_eq!(before, again, "the same file while nothing changed");
    let page = app.text(&u.client, &format!("{v}/budget/rad/1/1")).await;
    let fp = page
        .split("name=\"fingerprint\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a fingerprint")
        .to_owned();
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/1/1"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Coachingteamet"),
                ("category", "insats"),
                ("kind", "fast"),
                ("amount", "-1 234 000"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, after) = download(&app, &u, &file).await;
    let text = String::from_utf8(after).expect("UTF-8");
    assert!(
        text.contains("Coachingteamet,rad,Insatser,insats,-1234000,-1234000,-1234000"),
        "{text}"
    );
}
