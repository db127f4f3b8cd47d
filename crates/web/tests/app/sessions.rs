//! Logging in and out, sessions and their cookies, CSRF, and what an internal error shows.

use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn login_wrong_password_throttling_and_logout() {
    let app = spawn_app().await;
    let c = client();
    assert_eq!(
        app.get(&c, "/").await.status(),
        StatusCode::SEE_OTHER,
        "not logged in: to the login page"
    );
    let r = app.try_login(&c, "demo", "fel-lösenord").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let body = r.text().await.expect("body");
    assert!(body.contains("Fel användarnamn eller lösenord."));
    assert!(body.contains("value=\"demo\""), "the name typed is kept");
    for _ in 0..4 {
        app.try_login(&c, "demo", "fel").await;
    }
    // Five failures from this address: even the right password waits here, told how long...
    let r = app.try_login(&c, "demo", finsam_app::demo::PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = r.headers()["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry), "{retry}");
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("För många misslyckade inloggningar härifrån. Försök igen om en minut.")
    );
    // ...but the owner of the name, at another address, is not locked out.
    let owner = app.login_with(client_from("127.0.0.2"), "demo").await;
    assert_eq!(app.get(&owner.client, "/").await.status(), StatusCode::OK);

    // A password is taken exactly as typed: with a space after it, it is another password.
    let spaced = format!("{} ", finsam_app::demo::PASSWORD);
    let r = app.try_login(&client(), "ekonom", &spaced).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let u = app.login("ekonom").await;
    let r = app.get(&u.client, "/").await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = app.post_form(&u, "/logga-ut", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&u.client, "/").await.status(),
        StatusCode::SEE_OTHER,
        "logged out"
    );
}

#[tokio::test]
async fn session_cookies_and_security_headers() {
    let app = spawn_app().await;
    let c = client();
    let r = app.try_login(&c, "demo", finsam_app::demo::PASSWORD).await;
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("finsam_session="))
        .expect("a session cookie")
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let r = app.get(&c, "/forbund/1").await;
    let csp = r
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .expect("CSP");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(
        r.headers()
            .get("x-frame-options")
            .and_then(|v| v.to_str().ok()),
        Some("DENY")
    );
    // Pages and API answers stay out of caches; the style sheet may be cached. Over plain
    // http no HSTS.
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(header(&r, "cache-control").as_deref(), Some("no-store"));
    assert_eq!(header(&r, "strict-transport-security"), None);
    let api = app.get(&c, "/api/forbund").await;
    assert_eq!(header(&api, "cache-control").as_deref(), Some("no-store"));
    let css = app.get(&c, "/static/style.css").await;
    assert_eq!(
        header(&css, "cache-control").as_deref(),
        Some("max-age=3600")
    );
    // Served over https (secure cookies): HSTS on every answer.
    let https = spawn_configured(
        |s| s,
        |mut state| {
            state.secure_cookies = true;
            state
        },
    )
    .await;
    let r = https.get(&client(), "/logga-in").await;
    assert_eq!(
        header(&r, "strict-transport-security").as_deref(),
        Some(finsam_web::HSTS)
    );
}

#[tokio::test]
async fn state_changing_requests_need_the_csrf_token() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let before = app.document(SOFINT, SOFINT_V1).await;
    let path = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/budget/ny-rad");
    let fields = [
        ("section", "1"),
        ("name", "Ny"),
        ("category", "insats"),
        ("amount", "-1 000"),
    ];
    let r = u
        .client
        .post(app.url(&path))
        .form(&fields)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "no token");
    let mut wrong = vec![("_csrf", "0000")];
    wrong.extend_from_slice(&fields);
    let r = u
        .client
        .post(app.url(&path))
        .form(&wrong)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "wrong token");
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("Formuläret har gått ut")
    );
    assert_eq!(
        app.document(SOFINT, SOFINT_V1).await,
        before,
        "nothing changed"
    );
    let r = app.post_form(&u, &path, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "with the token");
    assert_ne!(app.document(SOFINT, SOFINT_V1).await, before);
    // The login form has its own token.
    let c = client();
    let r = c
        .post(app.url("/logga-in"))
        .form(&[
            ("username", "demo"),
            ("password", finsam_app::demo::PASSWORD),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn internal_errors_show_a_correlation_id_and_no_internal_text() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    // A database that fails under the application (a table gone, behind its back). A stored
    // plan that no longer reads is not an internal error but a reason shown (uncomputable.rs).
    sqlx::query("ALTER TABLE plan_versions RENAME TO plan_versions_borta")
        .execute(&app.pool().await)
        .await
        .expect("renames");
    let r = app
        .get(
            &u.client,
            &format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    // The code on the page is the request's id, which every log line of the request carries.
    let request_id = r.headers()["x-request-id"]
        .to_str()
        .expect("an id")
        .to_owned();
    assert_eq!(request_id.len(), 12);
    let body = r.text().await.expect("body");
    assert!(
        body.contains("Något gick fel")
            && body.contains(&format!("Felkod: <strong>{request_id}</strong>")),
        "{body}"
    );
    for internal in ["plan_versions", "no such table", "sqlx", "SQLite"] {
        assert!(
            !body.contains(internal),
            "internal text {internal:?} shown: {body}"
        );
    }
    let api = u
        .client
        .get(app.url(&format!("/api/forbund/{SOFINT}/versioner/{SOFINT_V1}")))
        .send()
        .await
        .expect("request");
    assert_eq!(api.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let api_id = api.headers()["x-request-id"]
        .to_str()
        .expect("an id")
        .to_owned();
    assert_ne!(api_id, request_id, "a new id for every request");
    assert_eq!(
        api.headers()["content-type"],
        "application/problem+json",
        "RFC 9457"
    );
    let v: serde_json::Value = api.json().await.expect("json");
    assert_eq!(v["title"], "Något gick fel");
    assert_eq!(v["status"], 500);
    assert_eq!(v["felkod"], api_id.as_str());
}

#[tokio::test]
async fn sessions_live_in_the_database_so_instances_share_them() {
    let app = spawn_app().await;
    let u = app.login("revisor").await;
    // A second server on the same database; cookies belong to the host, not the port, so the
    // client sends the session it got from the first server.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let second = format!("http://{}", listener.local_addr().expect("address"));
    let state = finsam_web::AppState::new(std::sync::Arc::new(app.store.clone()), false);
    tokio::spawn(finsam_web::serve(listener, state));
    let r = u
        .client
        .get(format!("{second}/forbund/{SOFINT}"))
        .send()
        .await
        .expect("request");
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "the second instance knows the session"
    );
    assert!(r.text().await.expect("body").contains("Din roll: revisor."));
    // Logging out on the second ends the session on the first too.
    let r = u
        .client
        .post(format!("{second}/logga-ut"))
        .form(&[("_csrf", u.csrf.as_str())])
        .send()
        .await
        .expect("request");
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&u.client, &format!("/forbund/{SOFINT}"))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn guesses_over_many_names_from_one_address_are_slowed() {
    let app = spawn_app().await;
    let c = client();
    let mut statuses = Vec::new();
    for i in 0..50 {
        let r = app.try_login(&c, &format!("namn{i}"), "gissning").await;
        statuses.push(r.status());
    }
    let wrong = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    assert_eq!(
        wrong,
        usize::try_from(finsam_app::throttle::FREE_PER_CLIENT).expect("small"),
        "then every name waits"
    );
    assert!(
        statuses[20..]
            .iter()
            .all(|s| *s == StatusCode::TOO_MANY_REQUESTS)
    );
    // The waits write nothing: the rows stay as many as the failures counted.
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_attempts")
        .fetch_one(&app.pool().await)
        .await
        .expect("counts");
    assert_eq!(rows, 20);
    // A user elsewhere logs in as usual.
    app.login_with(client_from("127.0.0.3"), "ekonom").await;
}

#[tokio::test]
async fn what_a_login_attempt_stores_is_bounded() {
    let app = spawn_app().await;
    // A login form is small: a large one is refused from its length alone...
    let huge = "x".repeat(900 * 1024);
    let r = app.try_login(&client(), &huge, "fel").await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // ...and a name longer than any user's is not stored at all.
    let long = "x".repeat(7 * 1024);
    for i in 0..20 {
        let c = client_from(&format!("127.0.1.{}", i + 1));
        let r = app.try_login(&c, &format!("{long}{i}"), "fel").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let pool = app.pool().await;
    let (rows, longest): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MAX(LENGTH(username)) FROM login_attempts")
            .fetch_one(&pool)
            .await
            .expect("counts");
    assert_eq!(
        (rows, longest),
        (0, None),
        "an over-long name stores nothing"
    );
    for i in 0..20 {
        app.try_login(&client(), &format!("namn-som-ingen-har-{i}"), "fel")
            .await;
    }
    let (rows, longest): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MAX(LENGTH(username)) FROM login_attempts")
            .fetch_one(&pool)
            .await
            .expect("counts");
    assert_eq!(rows, 20);
    assert!(longest.is_some_and(|n| n <= 64), "{longest:?}");
}

#[tokio::test]
async fn failed_logins_and_refusals_reach_the_associations_audit_log() {
    let app = spawn_app().await;
    let c = client_from("127.0.0.9");
    for _ in 0..5 {
        app.try_login(&c, "ekonom", "fel lösenord").await;
    }
    let styrelse = app.login("styrelse").await;
    for _ in 0..3 {
        let r = app
            .post_form(
                &styrelse,
                &format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/revidera"),
                &[],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let revisor = app.login("revisor").await;
    let log = app
        .get(&revisor.client, &format!("/forbund/{SOFINT}/logg"))
        .await
        .text()
        .await
        .expect("body");
    assert_eq!(
        log.matches("Misslyckad inloggning som ekonom från 127.0.0.9")
            .count(),
        1,
        "one row for the window: {log}"
    );
    assert!(log.contains("5 misslyckade inloggningar som ekonom från 127.0.0.9"));
    assert_eq!(
        log.matches("Nekad: rollen styrelse får inte revidera planen")
            .count(),
        1,
        "three refusals, one row"
    );
    // Ekonom works for Älvdalen too, so its log says the same; a name no user has is in no
    // förbund's log.
    app.try_login(&c, "ingen-sadan", "fel lösenord").await;
    let demo = app.login("demo").await;
    let other = app
        .get(&demo.client, &format!("/forbund/{ALVDALEN}/logg"))
        .await
        .text()
        .await
        .expect("body");
    assert_eq!(
        other
            .matches("Misslyckad inloggning som ekonom från 127.0.0.9")
            .count(),
        1
    );
    assert!(!other.contains("ingen-sadan") && !log.contains("ingen-sadan"));
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_counts() {
    let app = spawn_configured(
        |s| s,
        |mut state| {
            state.trusted_proxies = vec!["127.0.0.1".parse().expect("an address")];
            state
        },
    )
    .await;
    let via = |client: &'static str| {
        let mut h = reqwest::header::HeaderMap::new();
        h.insert("x-forwarded-for", client.parse().expect("a header"));
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(h)
            .build()
            .expect("a client")
    };
    let guesser = via("198.51.100.1");
    for _ in 0..5 {
        app.try_login(&guesser, "demo", "fel").await;
    }
    let r = app.try_login(&guesser, "demo", "fel").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // The same proxy, another client behind it.
    app.login_with(via("198.51.100.2"), "demo").await;
    // Without the setting, the header is the client's word and counts for nothing.
    let plain = spawn_app().await;
    let forged = via("198.51.100.3");
    for _ in 0..5 {
        plain.try_login(&forged, "demo", "fel").await;
    }
    let r = plain.try_login(&via("198.51.100.4"), "demo", "fel").await;
    assert_eq!(
        r.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "all from 127.0.0.1"
    );
}
