//! `spawn_app`: the real application on 127.0.0.1:0 with a fresh SQLite database, the demo
//! förbund and users, and clients that act as those users.

use std::sync::Arc;

use finsam_app::demo;
use finsam_store::prelude::*;
use finsam_store::{AssociationId, SqlStore};
use finsam_web::AppState;
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};

pub struct TestApp {
    pub base: String,
    pub store: SqlStore,
    _dir: tempfile::TempDir,
}

/// The first demo förbund (SOFINT) and its first plan version.
pub const SOFINT: i64 = 1;
pub const SOFINT_V1: i64 = 1;
/// The second demo förbund (Älvdalen).
pub const ALVDALEN: i64 = 2;
/// The third demo förbund (Norrbygden, a plan written in tkr), and its version.
pub const NORRBY: i64 = 3;
pub const NORRBY_V1: i64 = 3;

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|s| s).await
}

/// Like [`spawn_app`], on the store that `choose` makes of the fresh one (e.g. without
/// SQLite's fast path, so that pages take the queries a PostgreSQL server gets).
pub async fn spawn_app_with(choose: impl FnOnce(SqlStore) -> SqlStore) -> TestApp {
    spawn_configured(choose, |s| s).await
}

/// Like [`spawn_app_with`], with the application's state set up by `configure` too (e.g. a
/// trusted proxy).
pub async fn spawn_configured(
    choose: impl FnOnce(SqlStore) -> SqlStore,
    configure: impl FnOnce(AppState) -> AppState,
) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite:{}", dir.path().join("test.db").display());
    let store = choose(SqlStore::open(&url).await.expect("opens the database"));
    demo::load(&store).await.expect("loads the demo");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let base = format!("http://{}", listener.local_addr().expect("has an address"));
    let state = configure(AppState::new(Arc::new(store.clone()), false));
    tokio::spawn(finsam_web::serve(listener, state));
    TestApp {
        base,
        store,
        _dir: dir,
    }
}

/// The demo's app with `day` as today (deadlines and reports stand on it).
pub async fn spawn_on(day: time::Date) -> TestApp {
    spawn_configured(
        |s| s,
        |mut state| {
            state.app = state.app.clone().on_day(day);
            state
        },
    )
    .await
}

/// A browser-like client: keeps cookies, does not follow redirects (so tests see them).
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("a client")
}

/// A browser-like client that connects from another loopback address (127.0.0.0/8 all
/// reaches the server on 127.0.0.1), as a user at another place would.
pub fn client_from(address: &str) -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .local_address(address.parse::<std::net::IpAddr>().expect("an address"))
        .build()
        .expect("a client")
}

/// The value of the first `_csrf` hidden field in a page.
pub fn csrf_in(html: &str) -> String {
    let at = html
        .find("name=\"_csrf\" value=\"")
        .expect("the page has a form with a CSRF token");
    let rest = &html[at + 20..];
    rest[..rest.find('"').expect("closing quote")].to_owned()
}

/// A logged-in user.
pub struct User {
    pub client: Client,
    pub csrf: String,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, c: &Client, path: &str) -> Response {
        c.get(self.url(path)).send().await.expect("request")
    }

    /// The body of a page.
    /// A page's HTML, its no-break spaces (which keep amounts whole in prose) read as spaces.
    pub async fn text(&self, c: &Client, path: &str) -> String {
        spaced(&self.get(c, path).await.text().await.expect("a body"))
    }

    /// Logs in with a password; returns the response to the login POST.
    pub async fn try_login(&self, c: &Client, username: &str, password: &str) -> Response {
        let page = self.get(c, "/logga-in").await.text().await.expect("body");
        let csrf = csrf_in(&page);
        c.post(self.url("/logga-in"))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("username", username),
                ("password", password),
            ])
            .send()
            .await
            .expect("request")
    }

    /// A demo user, logged in.
    pub async fn login(&self, username: &str) -> User {
        self.login_with(client(), username).await
    }

    /// A demo user, logged in on `client`.
    pub async fn login_with(&self, client: Client, username: &str) -> User {
        let r = self.try_login(&client, username, demo::PASSWORD).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login as {username}");
        let home = self.get(&client, "/").await.text().await.expect("body");
        User {
            csrf: csrf_in(&home),
            client,
        }
    }

    pub async fn post_form(&self, u: &User, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut all: Vec<(&str, &str)> = vec![("_csrf", u.csrf.as_str())];
        all.extend_from_slice(fields);
        u.client
            .post(self.url(path))
            .form(&all)
            .send()
            .await
            .expect("request")
    }

    /// A connection set of its own on the test's database file, for what no store method reads.
    pub async fn pool(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        let url = format!("sqlite:{}", self._dir.path().join("test.db").display());
        sqlx::AnyPool::connect(&url)
            .await
            .expect("opens the database")
    }

    /// How many plan versions a förbund has.
    pub async fn version_count(&self, a: i64) -> usize {
        self.store
            .versions(AssociationId(a))
            .await
            .expect("lists")
            .len()
    }

    pub async fn audit_len(&self, a: i64) -> usize {
        self.store
            .audit_log(AssociationId(a), 100_000)
            .await
            .expect("reads")
            .len()
    }

    pub async fn document(&self, a: i64, v: i64) -> String {
        self.store
            .version(AssociationId(a), finsam_store::VersionId(v))
            .await
            .expect("reads")
            .document
    }
}

/// The page with the white space between tags removed, so tests can match rows.
pub fn squash(html: &str) -> String {
    spaced(&html.lines().map(str::trim).collect::<Vec<_>>().join(""))
}

/// No-break spaces as ordinary ones, for comparing with the figures as core writes them.
pub fn spaced(html: &str) -> String {
    html.replace('\u{a0}', " ")
}

/// The fingerprint field of the form for line (s, l) on the budget editor page.
pub fn fingerprint_in(html: &str, s: usize, l: usize) -> String {
    let marker = format!("/budget/rad/{s}/{l}/flytta\">");
    let at = html.find(&marker).expect("the line's move form");
    let rest = &html[at..];
    let f = rest
        .find("name=\"fingerprint\" value=\"")
        .expect("fingerprint field")
        + 26;
    rest[f..f + rest[f..].find('"').expect("closing quote")].to_owned()
}

pub const SOFINT_TEXT: &str = include_str!("../../../../examples/sofint-2024.toml");

/// The demo's SIE file as the demo imported it.
pub const SOFINT_SIE: &[u8] = include_bytes!("../../../../examples/sofint-2024-06.se");

/// The same bookkeeping exported again (without its checksum): other bytes, so a new import.
pub fn another_export() -> Vec<u8> {
    finsam_sie::write(&finsam_sie::read(SOFINT_SIE).expect("the demo file"), false)
}

/// Uploads an SIE file through the page's form, with extra text fields.
pub async fn upload_sie(
    app: &TestApp,
    u: &User,
    bytes: Vec<u8>,
    fields: &[(&'static str, &'static str)],
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().part(
        "fil",
        reqwest::multipart::Part::bytes(bytes).file_name("sofint.se"),
    );
    for (k, v) in fields {
        form = form.text(*k, *v);
    }
    u.client
        .post(app.url(&format!(
            "/forbund/{SOFINT}/uppfoljning/importera?_csrf={}",
            u.csrf
        )))
        .multipart(form)
        .send()
        .await
        .expect("request")
}

/// Uploads `bytes` as a plan file to SOFINT's import form.
pub async fn upload(app: &TestApp, u: &User, bytes: Vec<u8>) -> reqwest::Response {
    upload_with(app, u, bytes, &[]).await
}

/// Uploads a plan file to SOFINT's import form with other form fields.
pub async fn upload_with(
    app: &TestApp,
    u: &User,
    bytes: Vec<u8>,
    fields: &[(&'static str, &'static str)],
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(*k, *v);
    }
    let form = form.part(
        "fil",
        reqwest::multipart::Part::bytes(bytes).file_name("plan.toml"),
    );
    u.client
        .post(app.url(&format!("/forbund/{SOFINT}/importera?_csrf={}", u.csrf)))
        .multipart(form)
        .send()
        .await
        .expect("request")
}

pub fn fingerprint_in_form(html: &str) -> String {
    let at = html
        .find("name=\"fingerprint\" value=\"")
        .expect("fingerprint")
        + 26;
    html[at..at + html[at..].find('"').expect("quote")].to_owned()
}

/// Posts a multipart form (text fields and files in the field `bilagor`) to `path`, with the
/// CSRF token in the query as the application forms carry it.
pub async fn post_multipart(
    app: &TestApp,
    u: &User,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, bytes) in files {
        form = form.part(
            "bilagor",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()),
        );
    }
    u.client
        .post(app.url(&format!("{path}?_csrf={}", u.csrf)))
        .multipart(form)
        .send()
        .await
        .expect("request")
}

/// A whole application for SOFINT, as its form sends it: Lindesberg's (the demo insatsägare's
/// member) with Arbetsförmedlingen, for 2027.
pub const APPLICATION_FORM: [(&str, &str); 15] = [
    ("namn", "Steg mot arbete"),
    ("typ", "individinriktad"),
    ("insatsagare", "lindesberg"),
    ("parter", "af"),
    ("malgrupp", "Unga vuxna 16–29 år"),
    (
        "syfte",
        "Stöd till unga vuxna på väg mot arbete eller studier.",
    ),
    ("fran", "2027-02"),
    ("till", "2028-01"),
    ("ar_1", "2027"),
    ("sokt_1", "440 000"),
    ("ar_2", "2028"),
    ("sokt_2", "40 000"),
    (
        "mal_1",
        "Hälften av deltagarna går till arbete eller studier",
    ),
    (
        "matt_1",
        "Andel avslutade deltagare till arbete eller studier",
    ),
    ("inriktning", "Arbetslivsinriktad rehabilitering"),
];
