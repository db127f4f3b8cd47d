//! The förbund's year in a calendar program (issue 13): the ICS file read back by a real
//! calendar parser (Python's `icalendar`, installed by `scripts/pytools.sh` when missing), its
//! meetings and due dates the same as the API's calendar, the static VTIMEZONE checked hour by
//! hour against the IANA database; the secret feed read without a cookie, revoked, then gone.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

/// What Python's `icalendar` reads in `ics` (see scripts/check_ics.py).
fn parsed(ics: &str) -> Value {
    use std::io::Write;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let setup = std::process::Command::new("bash")
        .arg(format!("{root}/scripts/pytools.sh"))
        .output()
        .expect("runs scripts/pytools.sh");
    assert!(
        setup.status.success(),
        "scripts/pytools.sh could not make a Python with icalendar: {}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let python = String::from_utf8(setup.stdout).expect("a path");
    let mut child = std::process::Command::new(python.trim())
        .arg(format!("{root}/scripts/check_ics.py"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts Python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(ics.as_bytes())
        .expect("writes");
    let out = child.wait_with_output().expect("Python ends");
    assert!(
        out.status.success(),
        "icalendar could not read the file: {}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The events as (uid, summary, start, end), start and end as check_ics.py writes them.
fn events(v: &Value) -> Vec<(String, String, String, String)> {
    let at = |w: &Value| {
        w.get("utc")
            .or_else(|| w.get("date"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    v["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["uid"].as_str().expect("uid").to_owned(),
                e["summary"].as_str().expect("summary").to_owned(),
                at(&e["start"]),
                at(&e["end"]),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_year_as_an_ics_file_reads_back_in_a_real_calendar_parser() {
    let day = time::Date::from_calendar_date(2024, time::Month::November, 4).expect("a day");
    let app = spawn_on(day).await;
    let u = app.login("demo").await;
    let r = app
        .get(
            &u.client,
            &format!("/forbund/{SOFINT}/kalender.ics?ar=2024"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
    let ics = r.text().await.expect("text");
    let read = parsed(&ics);
    assert_eq!(read["timezones"], serde_json::json!(["Europe/Stockholm"]));
    assert!(read["tz_checked"].as_u64().expect("a count") > 130_000);
    assert_eq!(read["tz_mismatches"], 0, "the VTIMEZONE agrees with tzdata");
    let got = events(&read);
    // The board's meetings in Swedish time: 16 February is winter time (UTC+1), 31 May summer
    // time (UTC+2); the planning day; the overdue quarterly report as a whole day.
    let has = |summary: &str, start: &str, end: &str| {
        got.iter()
            .any(|(_, s, a, b)| s == summary && a == start && b == end)
    };
    assert!(
        has("Styrelsemöte", "2024-02-16T08:00Z", "2024-02-16T11:00Z"),
        "{got:?}"
    );
    assert!(
        has("Styrelsemöte", "2024-05-31T07:00Z", "2024-05-31T10:00Z"),
        "{got:?}"
    );
    assert!(
        has("Planeringsdag", "2024-10-18T07:00Z", "2024-10-18T14:00Z"),
        "{got:?}"
    );
    assert!(
        has(
            "Kvartalsrapport från Coachingteamet",
            "2024-10-30",
            "2024-10-31"
        ),
        "{got:?}"
    );
    // The round trip: the file holds exactly the API's calendar of the year.
    let api: Value = u
        .client
        .get(app.url(&format!("/api/forbund/{SOFINT}/kalender?ar=2024")))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let items = api["handelser"].as_array().expect("items");
    assert_eq!(items.len(), got.len(), "{api}");
    for item in items {
        let uid = item["uid"].as_str().expect("uid");
        let (_, summary, start, _) = got
            .iter()
            .find(|(u, ..)| u == uid)
            .unwrap_or_else(|| panic!("{uid} in the file"));
        assert_eq!(summary, item["rubrik"].as_str().expect("a title"));
        let day = item["dag"].as_str().expect("a day");
        assert!(start.starts_with(day), "{uid}: {start} on {day}");
    }
    let meetings = items.iter().filter(|i| i["typ"] == "mote").count();
    let reports = items.iter().filter(|i| i["typ"] == "rapport").count();
    // SOFINT 2024: four board meetings, the planning day, four of the beredningsgrupp; the
    // reports not received that are due in 2024 (Coachingteamet's third quarter, and October's
    // and November's participant figures of Coachingteamet and Välfärdsguiden).
    assert_eq!((meetings, reports), (9, 5), "{api}");

    // The insatsägare's calendar: its own reports, no meetings.
    let owner = app.login("insats").await;
    let own = app
        .text(
            &owner.client,
            &format!("/forbund/{SOFINT}/kalender.ics?ar=2024"),
        )
        .await;
    let own = events(&parsed(&own));
    assert_eq!(own.len(), 3, "{own:?}");
    assert!(
        own.iter()
            .all(|(_, s, ..)| s.ends_with("från Coachingteamet"))
    );
}

#[tokio::test]
async fn a_feed_is_read_without_a_cookie_until_it_is_revoked() {
    let day = time::Date::from_calendar_date(2024, time::Month::November, 4).expect("a day");
    let app = spawn_on(day).await;
    let u = app.login("styrelse").await;
    let page = app
        .post_form(&u, &format!("/forbund/{SOFINT}/kalender"), &[])
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.expect("a page");
    let marker = "id=\"ny-adress\" class=\"token\" readonly value=\"";
    let start = page.find(marker).expect("the address") + marker.len();
    let address = page[start..].split('"').next().expect("a value").to_owned();
    let path = address
        .split_once("/kalender/")
        .map(|(_, s)| format!("/kalender/{s}"))
        .expect("a feed path");
    assert!(path.ends_with(".ics"), "{path}");
    // A calendar program: no cookie.
    let program = client();
    let feed = app.get(&program, &path).await;
    assert_eq!(feed.status(), StatusCode::OK);
    let read = parsed(&feed.text().await.expect("text"));
    let got = events(&read);
    assert!(
        got.iter()
            .any(|(_, s, a, _)| s == "Styrelsemöte" && a == "2024-11-15T08:00Z"),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|(_, s, ..)| s == "Kvartalsrapport från Coachingteamet")
    );
    // A wrong secret is not found.
    assert_eq!(
        app.get(&program, "/kalender/fsk_0000.ics").await.status(),
        StatusCode::NOT_FOUND
    );
    // Revoked by its user: gone, and both steps are in the log.
    let listed = app
        .text(&u.client, &format!("/forbund/{SOFINT}/kalender"))
        .await;
    let marker = "/aterkalla\"";
    let end = listed.find(marker).expect("a revoke form");
    let action_start = listed[..end].rfind("action=\"").expect("an action") + "action=\"".len();
    let revoke = format!("{}/aterkalla", &listed[action_start..end]);
    let revoked = app.post_form(&u, &revoke, &[]).await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&program, &path).await.status(),
        StatusCode::NOT_FOUND
    );
    // Another user cannot revoke it (it is gone already; and it was not theirs).
    let other = app.login("revisor").await;
    assert_eq!(
        app.post_form(&other, &revoke, &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    let log = app
        .text(
            &app.login("demo").await.client,
            &format!("/forbund/{SOFINT}/logg"),
        )
        .await;
    assert!(
        log.contains("Kalenderprenumeration skapad")
            && log.contains("Kalenderprenumeration återkallad"),
        "{log}"
    );
}
