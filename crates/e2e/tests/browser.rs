//! Finsam in Debian's Chromium, headless, driven through chromedriver: a förbundschef logs in,
//! changes a budget line, sees the sums and findings change, and records the board's adoption.
//! axe-core (vendored from npm, vendor/axe-core) checks the login page, the dashboard and the
//! budget editor, and an ekonom's follow-up pages, against WCAG 2.1 A and AA. scripts/test.sh installs chromium and
//! chromium-driver when they are missing.

use std::net::TcpListener as StdListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use finsam_app::demo;
use finsam_store::SqlStore;
use finsam_web::AppState;
use serde_json::{Value, json};

const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn find_binary(candidates: &[&str]) -> Option<String> {
    candidates
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(|p| (*p).to_owned())
}

async fn start_browser(profile: &std::path::Path) -> (Driver, Client) {
    let chromium = find_binary(&["/usr/bin/chromium", "/usr/bin/chromium-browser"])
        .expect("Chromium saknas: kör bash scripts/test.sh, som installerar Debians chromium och chromium-driver");
    let chromedriver = find_binary(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])
        .expect("chromedriver saknas: kör bash scripts/test.sh, som installerar Debians chromium-driver");
    let port = free_port();
    let driver = Driver(
        Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts chromedriver"),
    );
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let mut last = None;
    for _ in 0..50 {
        match ClientBuilder::rustls()
            .expect("a TLS set-up")
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => return (driver, c),
            Err(e) => {
                last = Some(e);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
    panic!("kunde inte ansluta till chromedriver: {last:?}");
}

async fn start_app(dir: &std::path::Path) -> String {
    let url = format!("sqlite:{}", dir.join("e2e.db").display());
    let store = SqlStore::open(&url).await.expect("opens the database");
    demo::load(&store).await.expect("loads the demo");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(finsam_web::serve(
        listener,
        AppState::new(Arc::new(store), false),
    ));
    base
}

/// Runs axe-core on the current page and returns its WCAG 2.1 A/AA violations.
async fn axe(c: &Client) -> Vec<Value> {
    let script = format!(
        "{AXE}\n;const done = arguments[arguments.length - 1];\
         axe.run(document, {{ runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }} }})\
         .then(r => done(r.violations.map(v => ({{ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) }}))))\
         .catch(e => done([{{ id: 'axe-fel', help: String(e) }}]));"
    );
    match c.execute_async(&script, vec![]).await.expect("axe runs") {
        Value::Array(v) => v,
        other => panic!("axe returned {other}"),
    }
}

async fn text_of(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .expect(css)
        .text()
        .await
        .expect("text")
}

async fn assert_accessible(c: &Client, page: &str) {
    let violations = axe(c).await;
    assert!(
        violations.is_empty(),
        "{page}: axe-core found {:#}",
        Value::Array(violations)
    );
}

#[tokio::test]
async fn a_director_changes_a_line_sees_the_sums_and_findings_change_and_adopts_the_plan() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let base = start_app(dir.path()).await;
    let (_driver, c) = start_browser(&dir.path().join("profil")).await;

    c.goto(&format!("{base}/")).await.expect("opens");
    assert!(
        c.current_url()
            .await
            .expect("url")
            .path()
            .ends_with("/logga-in"),
        "asks to log in"
    );
    assert_accessible(&c, "inloggningssidan").await;
    // The check can fail: an input without a label is a violation axe must report.
    c.execute(
        "const i = document.createElement('input'); i.type = 'text'; document.body.appendChild(i);",
        vec![],
    )
    .await
    .expect("adds an unlabelled field");
    let found: Vec<String> = axe(&c)
        .await
        .iter()
        .filter_map(|v| v["id"].as_str().map(str::to_owned))
        .collect();
    assert!(
        found.iter().any(|id| id == "label"),
        "axe reported {found:?}"
    );
    c.refresh().await.expect("reloads");
    c.find(Locator::Id("username"))
        .await
        .expect("field")
        .send_keys("demo")
        .await
        .expect("types");
    c.find(Locator::Id("password"))
        .await
        .expect("field")
        .send_keys(demo::PASSWORD)
        .await
        .expect("types");
    c.find(Locator::Css("form.stack button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::LinkText("Samordningsförbundet SOFINT"))
        .await
        .expect("the list of förbund")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::LinkText(
            "Verksamhetsplan och budget 2024, version 1 (nr 1)",
        ))
        .await
        .expect("the version")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::Id("nyckeltal"))
        .await
        .expect("the dashboard");
    assert_accessible(&c, "översikten").await;
    let findings_before = text_of(&c, "#fynd-rubrik + p").await;
    assert_eq!(findings_before, "2 fynd.");

    c.find(Locator::LinkText("Budget"))
        .await
        .expect("link")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::Css("table.budget"))
        .await
        .expect("the editor");
    assert_accessible(&c, "budgetredigeraren").await;
    let page = c.source().await.expect("source");
    assert!(page.contains("−707 400"), "Summa tjänster as in the seed");
    // Köp av tjänst förbundschef: the second line of the third section.
    c.goto(&format!(
        "{}/rad/2/1",
        c.current_url()
            .await
            .expect("url")
            .as_str()
            .trim_end_matches('/')
    ))
    .await
    .expect("opens the line");
    assert_accessible(&c, "formuläret för en budgetrad").await;
    // A wrong value first: the form comes back with the message next to the field.
    let f2025 = c
        .find(Locator::Id("ar_2025"))
        .await
        .expect("the 2025 field");
    f2025.clear().await.expect("clears");
    f2025.send_keys("sexhundra").await.expect("types");
    c.find(Locator::Css("form.stack button[type=submit]"))
        .await
        .expect("save")
        .click()
        .await
        .expect("clicks");
    let message = c
        .wait()
        .for_element(Locator::Id("ar_2025-fel"))
        .await
        .expect("a message next to the field");
    assert!(
        message
            .text()
            .await
            .expect("text")
            .starts_with("Beloppet för 2025:")
    );
    assert_accessible(&c, "formuläret med ett fel").await;
    let f2025 = c
        .find(Locator::Id("ar_2025"))
        .await
        .expect("the 2025 field");
    f2025.clear().await.expect("clears");
    f2025.send_keys("-615 000").await.expect("types");
    let field = c
        .wait()
        .for_element(Locator::Id("ar_2024"))
        .await
        .expect("the 2024 field");
    field.clear().await.expect("clears");
    field.send_keys("-800 000").await.expect("types");
    c.find(Locator::Css("form.stack button[type=submit]"))
        .await
        .expect("save")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::Css("p.ok[role=status]"))
        .await
        .expect("saved");
    let page = c.source().await.expect("source");
    assert!(
        page.contains("−910 000"),
        "Summa tjänster 2024 recomputed: 110 000 + 800 000"
    );
    assert!(
        page.contains("Administrationsandelen 2024 blir"),
        "a new finding for 2024"
    );

    c.find(Locator::LinkText("Översikt"))
        .await
        .expect("link")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::Id("nyckeltal"))
        .await
        .expect("the dashboard");
    // More findings now: the 2024 administration share is above the goal, equity falls below
    // the förbund's own band, and the sums printed in the plan no longer match.
    let after = text_of(&c, "#fynd-rubrik + p").await;
    let count = |s: &str| {
        s.trim_end_matches(" fynd.")
            .parse::<usize>()
            .expect("a count")
    };
    assert!(
        count(&after) > count(&findings_before),
        "{findings_before} -> {after}"
    );
    let page = c.source().await.expect("source");
    // (110 000 + 800 000 + 181 000 + 163 925) / (3 708 325 + 202 600) = 32,1 %
    assert!(
        page.contains("Administrationsandelen 2024 blir 32,1 %"),
        "the new finding"
    );
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(std::env::temp_dir().join("finsam-oversikt.png"), png);
    }
    c.find(Locator::Id("on"))
        .await
        .expect("date")
        .send_keys("2023-11-17")
        .await
        .expect("types");
    c.find(Locator::Id("meeting"))
        .await
        .expect("meeting")
        .send_keys("Styrelsemöte 2023-11-17, § 45")
        .await
        .expect("types");
    c.find(Locator::Id("decision"))
        .await
        .expect("decision")
        .send_keys("Styrelsen fastställer verksamhetsplan och budget 2024.")
        .await
        .expect("types");
    c.find(Locator::Css("form.stack button[type=submit]"))
        .await
        .expect("adopt")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::XPath(
            "//p[starts-with(., 'Beslutad av styrelsen 2023-11-17')]",
        ))
        .await
        .expect("adopted");
    assert!(
        c.source()
            .await
            .expect("source")
            .contains("Starta en revidering")
    );
    assert_accessible(&c, "översikten efter beslut").await;
    // The other pages a förbundschef uses, each checked by axe-core too.
    let version = c.current_url().await.expect("url").as_str().to_owned();
    let association = version
        .split("/versioner/")
        .next()
        .expect("an association address")
        .to_owned();
    for (path, name) in [
        (format!("{version}/medlemmar"), "medlemmar"),
        (format!("{version}/mal"), "mål"),
        (association.clone(), "förbundets sida"),
        (format!("{association}/jamfor"), "jämförelsen"),
        (format!("{association}/logg"), "ändringsloggen"),
        (format!("{base}/"), "förbundslistan"),
    ] {
        c.goto(&path).await.expect("opens");
        c.wait()
            .for_element(Locator::Css("main h1"))
            .await
            .expect("a page");
        assert_accessible(&c, name).await;
    }
    c.close().await.expect("closes");
}

async fn log_in(c: &Client, base: &str, username: &str) {
    c.goto(&format!("{base}/logga-in")).await.expect("opens");
    for (id, value) in [("username", username), ("password", demo::PASSWORD)] {
        c.find(Locator::Id(id))
            .await
            .expect("field")
            .send_keys(value)
            .await
            .expect("types");
    }
    c.find(Locator::Css("form.stack button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::Css("main h1"))
        .await
        .expect("the first page");
}

#[tokio::test]
async fn an_ekonom_follows_up_the_half_year_and_sets_a_forecast_figure() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let base = start_app(dir.path()).await;
    let (_driver, c) = start_browser(&dir.path().join("profil")).await;
    log_in(&c, &base, "ekonom").await;
    c.find(Locator::LinkText("Samordningsförbundet SOFINT"))
        .await
        .expect("the association")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::Css("a[href$=\"/uppfoljning\"]"))
        .await
        .expect("the follow-up link")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::Id("fil"))
        .await
        .expect("the upload form");
    assert_accessible(&c, "uppföljningens översikt").await;
    c.find(Locator::LinkText("Helår 2024"))
        .await
        .expect("the year")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::Id("period"))
        .await
        .expect("the period form")
        .select_by_value("h1")
        .await
        .expect("chooses the first half-year");
    c.find(Locator::Css("form.inline button"))
        .await
        .expect("button")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::Css("#prognos"))
        .await
        .expect("the page");
    assert!(
        c.current_url()
            .await
            .expect("url")
            .as_str()
            .ends_with("period=h1")
    );
    let table = text_of(&c, "section[aria-labelledby=budget-rubrik] table").await;
    assert!(
        table.contains("1 803 005") && table.contains("8 823"),
        "{table}"
    );
    assert_accessible(&c, "uppföljningen av halvår 1").await;
    let field = c
        .find(Locator::Css("input[name=belopp]"))
        .await
        .expect("a forecast field");
    field.send_keys("3 700 000").await.expect("types");
    c.find(Locator::XPath("//button[text()='Spara prognosen']"))
        .await
        .expect("the save button")
        .click()
        .await
        .expect("clicks");
    c.wait()
        .for_element(Locator::Css("#prognos"))
        .await
        .expect("back on the page");
    let saved = c
        .find(Locator::Css("input[name=belopp]"))
        .await
        .expect("the field")
        .prop("value")
        .await
        .expect("its value");
    assert_eq!(saved.as_deref(), Some("3 700 000"));
    for (path, name) in [
        ("/forbund/1/kontokoppling", "kontokopplingen"),
        (
            "/forbund/1/uppfoljning/2024/konto/4010",
            "kontots verifikationsrader",
        ),
    ] {
        c.goto(&format!("{base}{path}")).await.expect("opens");
        c.wait()
            .for_element(Locator::Css("main h1"))
            .await
            .expect("a page");
        assert_accessible(&c, name).await;
    }
    c.close().await.expect("closes");
}
