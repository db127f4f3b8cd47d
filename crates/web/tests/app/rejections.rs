//! Every rejection goes through one error mapping: a Swedish page for the pages, RFC 9457
//! problem details for the API, with the status that says what happened, and never the
//! framework's English.

use reqwest::{Response, StatusCode};

use crate::helpers::*;

/// Words of axum's, serde's and Rust's own messages that must never reach a user.
const ENGLISH: [&str; 8] = [
    "Failed to",
    "Invalid",
    "deserialize",
    "missing field",
    "boundary",
    "UTF-8",
    "Method Not Allowed",
    "Content-Type",
];

/// The answer's status, content type and body.
async fn seen(r: Response) -> (StatusCode, String, String) {
    let status = r.status();
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, kind, r.text().await.expect("a body"))
}

fn assert_swedish_page(what: &str, seen: &(StatusCode, String, String), status: StatusCode) {
    let (s, kind, body) = seen;
    assert_eq!(*s, status, "{what}: {body}");
    assert!(kind.starts_with("text/html"), "{what}: {kind}");
    assert!(body.contains("<html lang=\"sv\">"), "{what}: {body}");
    for word in ENGLISH {
        assert!(!body.contains(word), "{what}: {word:?} in {body}");
    }
}

fn assert_problem(
    what: &str,
    seen: &(StatusCode, String, String),
    status: StatusCode,
) -> serde_json::Value {
    let (s, kind, body) = seen;
    assert_eq!(*s, status, "{what}: {body}");
    assert_eq!(kind, "application/problem+json", "{what}");
    let v: serde_json::Value = serde_json::from_str(body).expect("JSON");
    assert_eq!(v["status"], status.as_u16(), "{what}");
    assert_eq!(v["type"], "about:blank", "{what}");
    let (title, detail) = (
        v["title"].as_str().expect("a title"),
        v["detail"].as_str().expect("a detail"),
    );
    for word in ENGLISH {
        assert!(
            !title.contains(word) && !detail.contains(word),
            "{what}: {word:?} in {body}"
        );
    }
    assert!(
        detail.chars().any(|c| "åäö".contains(c)) || title.chars().any(|c| "åäö".contains(c)),
        "{what}: Swedish: {body}"
    );
    v
}

#[tokio::test]
async fn the_pages_answer_every_rejection_in_swedish() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let line = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/budget/rad/0/0");

    // A form without a field its handler needs.
    let r = app.post_form(&u, &line, &[("label", "x")]).await;
    assert_swedish_page(
        "a form without row_version",
        &seen(r).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    );

    // A multipart body without a boundary.
    let r = u
        .client
        .post(app.url(&format!("/forbund/{SOFINT}/importera?_csrf={}", u.csrf)))
        .header("content-type", "multipart/form-data")
        .body("--x\r\n")
        .send()
        .await
        .expect("request");
    assert_swedish_page(
        "a multipart without boundary",
        &seen(r).await,
        StatusCode::BAD_REQUEST,
    );

    // A path that is not UTF-8, an unknown route, a wrong method.
    let r = app.get(&u.client, "/forbund/%FF").await;
    assert_swedish_page(
        "a path that is not UTF-8",
        &seen(r).await,
        StatusCode::BAD_REQUEST,
    );
    let r = app.get(&u.client, "/finns-inte").await;
    assert_swedish_page("an unknown route", &seen(r).await, StatusCode::NOT_FOUND);
    let r = app.get(&u.client, "/logga-ut").await;
    let got = seen(r).await;
    assert_swedish_page(
        "a GET of a POST route",
        &got,
        StatusCode::METHOD_NOT_ALLOWED,
    );

    // A form from another site, with the right token.
    let r = u
        .client
        .post(app.url(&line))
        .header("origin", "https://annan-webbplats.example")
        .form(&[("_csrf", u.csrf.as_str()), ("row_version", "1")])
        .send()
        .await
        .expect("request");
    assert_swedish_page(
        "a form from another site",
        &seen(r).await,
        StatusCode::FORBIDDEN,
    );

    // A body past the limit.
    let r = app
        .post_form(&u, &line, &[("label", &"x".repeat(2 * 1024 * 1024))])
        .await;
    assert_swedish_page(
        "a body past the limit",
        &seen(r).await,
        StatusCode::PAYLOAD_TOO_LARGE,
    );
}

/// A PUT of a plan file, with the CSRF token and If-Match when given.
async fn put_plan(
    c: &reqwest::Client,
    url: &str,
    csrf: Option<&str>,
    if_match: Option<&str>,
    body: String,
) -> Response {
    let mut r = c.put(url).body(body);
    if let Some(t) = csrf {
        r = r.header("x-csrf-token", t);
    }
    if let Some(m) = if_match {
        r = r.header("if-match", m);
    }
    r.send().await.expect("request")
}

/// [`assert_problem`] of an answer.
async fn problem_of(what: &str, r: Response, status: StatusCode) -> serde_json::Value {
    assert_problem(what, &seen(r).await, status)
}

#[tokio::test]
async fn the_api_answers_every_rejection_with_problem_details() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let styrelse = app.login("styrelse").await;
    let doc = app.url(&format!(
        "/api/forbund/{SOFINT}/versioner/{SOFINT_V1}/planfil"
    ));
    let anon = client();
    let plan = || SOFINT_TEXT.to_owned();
    use StatusCode as S;

    // Not logged in: a 401, for a read and for a change alike (never a redirect).
    let r = app.get(&anon, "/api/forbund").await;
    problem_of("an anonymous read", r, S::UNAUTHORIZED).await;
    let r = put_plan(&anon, &doc, None, Some("1"), plan()).await;
    problem_of("an anonymous change", r, S::UNAUTHORIZED).await;

    // Logged in without the token, or with a role that may not.
    let r = put_plan(&u.client, &doc, None, Some("1"), plan()).await;
    problem_of("a change without the CSRF token", r, S::FORBIDDEN).await;
    let (c, t) = (&styrelse.client, Some(styrelse.csrf.as_str()));
    let r = put_plan(c, &doc, t, Some("1"), plan()).await;
    problem_of("a role that may not", r, S::FORBIDDEN).await;

    let (c, t) = (&u.client, Some(u.csrf.as_str()));
    let r = put_plan(c, &doc, t, Some("1"), "x".repeat(2 * 1024 * 1024)).await;
    problem_of("a body past the limit", r, S::PAYLOAD_TOO_LARGE).await;
    let r = put_plan(c, &doc, t, Some("1"), "title = ".to_owned()).await;
    let v = problem_of("a plan that cannot be read", r, S::UNPROCESSABLE_ENTITY).await;
    assert_eq!(v["fel"][0]["rad"], 1, "{v}");
    assert!(v["fel"][0]["meddelande"].is_string(), "{v}");
    let r = put_plan(c, &doc, t, Some("7"), plan()).await;
    let v = problem_of("a stale row version", r, S::CONFLICT).await;
    assert_eq!(v["radversion"], 1);
    let r = put_plan(c, &doc, t, None, plan()).await;
    problem_of("no If-Match", r, S::BAD_REQUEST).await;

    // What the router itself refuses.
    let cases = [
        ("/api/finns-inte", S::NOT_FOUND, "an unknown route"),
        (
            "/api/forbund/%FF/versioner",
            S::BAD_REQUEST,
            "a path that is not UTF-8",
        ),
        (
            "/api/forbund/ett/versioner",
            S::NOT_FOUND,
            "an id that is no number",
        ),
        (
            "/api/forbund/1/uppfoljning/2024?period=vinter",
            S::BAD_REQUEST,
            "an unknown period",
        ),
    ];
    for (path, status, what) in cases {
        problem_of(what, app.get(c, path).await, status).await;
    }
    let r = c
        .delete(app.url("/api/forbund"))
        .header("x-csrf-token", &u.csrf)
        .send()
        .await
        .expect("request");
    problem_of("a wrong method", r, S::METHOD_NOT_ALLOWED).await;

    // Too many tries: 429 with Retry-After.
    let c = client();
    for _ in 0..5 {
        app.try_login(&c, "revisor", "fel").await;
    }
    let r = app.try_login(&c, "revisor", "fel").await;
    assert_eq!(r.status(), S::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
}

/// A request's head alone, and the first line of the answer, if one comes within five
/// seconds without the body being sent.
async fn answer_to_head(app: &TestApp, head: &str) -> Option<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr)
        .await
        .expect("connects");
    s.write_all(head.replace("{addr}", addr).as_bytes())
        .await
        .expect("writes");
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut buf))
        .await
        .ok()?
        .ok()?;
    String::from_utf8_lossy(&buf[..n])
        .lines()
        .next()
        .map(str::to_owned)
}

#[tokio::test]
async fn the_session_is_checked_before_a_body_is_read() {
    let app = spawn_app().await;
    // A form of almost 1 MB announced, nothing sent: the answer comes without it.
    let form = "POST /forbund/1/versioner/1/budget/rad/0/0 HTTP/1.1\r\nHost: {addr}\r\n\
                Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000000\r\n\r\n";
    assert_eq!(
        answer_to_head(&app, form).await.as_deref(),
        Some("HTTP/1.1 303 See Other")
    );
    let api = "PUT /api/forbund/1/versioner/1/planfil HTTP/1.1\r\nHost: {addr}\r\n\
               Content-Length: 1000000\r\n\r\n";
    assert_eq!(
        answer_to_head(&app, api).await.as_deref(),
        Some("HTTP/1.1 401 Unauthorized")
    );
    let upload = "POST /api/forbund/1/uppfoljning HTTP/1.1\r\nHost: {addr}\r\n\
                  Content-Length: 60000000\r\n\r\n";
    assert_eq!(
        answer_to_head(&app, upload).await.as_deref(),
        Some("HTTP/1.1 401 Unauthorized")
    );
}

/// A plan with 140 000 bad years (1 MB): refused with the first hundred errors and a count, in
/// a page of a few kilobytes (it was 14 MB).
#[tokio::test]
async fn a_plan_with_thousands_of_errors_gets_a_short_answer() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let years: Vec<String> = (1..=140_000).map(|y| y.to_string()).collect();
    let text = SOFINT_TEXT.replacen(
        "years = [2024, 2025, 2026]",
        &format!("years = [2024, 2025, 2026, {}]", years.join(", ")),
        1,
    );
    let r = upload(&app, &u, text.into_bytes()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.expect("body");
    assert!(body.contains("och 138800 fel till"), "{body}");
    assert!(body.len() < 100_000, "{} bytes", body.len());
}
