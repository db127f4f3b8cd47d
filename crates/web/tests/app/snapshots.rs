//! The HTML that the report structs are laid out as, kept as files so that a change to what a
//! page shows is seen in review: SOFINT's dashboard (key figures, findings, chart), its budget
//! and its follow-up January–June 2024. The text and JSON layouts of the same structs are the
//! CLI's expected files (crates/cli/tests/expected).
//!
//! Set `FINSAM_UPDATE_EXPECTED=1` to rewrite the files after a deliberate change.

use std::path::Path;

use crate::helpers::*;

/// The page's `<main>`, with what changes from run to run (the session's CSRF token, the time
/// of the demo's import) replaced by a fixed word.
fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>") + "</main>".len();
    let mut main = html[start..end].to_owned();
    for marker in ["name=\"_csrf\" value=\"", "_csrf="] {
        let mut out = String::new();
        let mut rest = main.as_str();
        while let Some(i) = rest.find(marker) {
            let (head, tail) = rest.split_at(i + marker.len());
            out.push_str(head);
            out.push_str("CSRF");
            rest = tail.trim_start_matches(|c: char| c.is_ascii_hexdigit());
        }
        out.push_str(rest);
        main = out;
    }
    // "importerad 2026-12-02": the day the test ran.
    if let Some(i) = main.find("importerad ") {
        let day = i + "importerad ".len();
        if main.len() >= day + 10 {
            main.replace_range(day..day + 10, "DATUM");
        }
    }
    main
}

fn compare(name: &str, actual: &str) {
    let expected = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(name);
    if std::env::var_os("FINSAM_UPDATE_EXPECTED").is_some() {
        std::fs::write(&expected, actual).expect("writes");
    }
    let want = std::fs::read_to_string(&expected).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with FINSAM_UPDATE_EXPECTED=1",
            expected.display()
        )
    });
    assert!(
        actual == want,
        "{} differs; the page now has:\n{actual}",
        expected.display()
    );
}

#[tokio::test]
async fn sofints_pages_are_laid_out_as_their_expected_files() {
    // A fixed day, so that the deadlines on the dashboard read the same every day the test runs.
    let day = time::Date::from_calendar_date(2024, time::Month::December, 20).expect("a day");
    let app = spawn_on(day).await;
    let u = app.login("styrelse").await;
    for (path, file) in [
        (
            format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}"),
            "dashboard-sofint.html",
        ),
        (
            format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/budget"),
            "budget-sofint.html",
        ),
        (
            format!("/forbund/{SOFINT}/uppfoljning/2024?period=h1"),
            "uppfoljning-sofint-h1.html",
        ),
    ] {
        let r = app.get(&u.client, &path).await;
        assert_eq!(r.status(), reqwest::StatusCode::OK, "{path}");
        compare(file, &main_of(&r.text().await.expect("body")));
    }
}

#[test]
fn the_variable_parts_are_replaced() {
    let html = "<p>x</p><main><input name=\"_csrf\" value=\"ab12\"><form action=\"/u?_csrf=ff0&amp;x=1\">importerad 2024-07-01.</main>";
    assert_eq!(
        main_of(html),
        "<main><input name=\"_csrf\" value=\"CSRF\"><form action=\"/u?_csrf=CSRF&amp;x=1\">importerad DATUM.</main>"
    );
}
