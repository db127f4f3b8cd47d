//! API tokens: made by the förbundschef, shown once, stored hashed, scoped to one förbund and a
//! role, usable without a browser session or CSRF token, revocable, audited.

use reqwest::StatusCode;

use crate::helpers::*;

/// Makes a token with `role` on SOFINT's page; its text from the page.
async fn make_token(app: &TestApp, u: &User, name: &str, role: &str) -> String {
    let r = app
        .post_form(
            u,
            &format!("/forbund/{SOFINT}/api-nycklar"),
            &[("namn", name), ("roll", role)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.expect("body");
    let at = page.find("value=\"fsm_").expect("the token is shown") + 7;
    page[at..at + page[at..].find('"').expect("a quote")].to_owned()
}

#[tokio::test]
async fn a_token_acts_with_its_role_in_its_forbund_until_revoked() {
    let app = spawn_app().await;
    let chef = app.login("demo").await;
    let reader = make_token(&app, &chef, "Rapportskript", "styrelse").await;
    let writer = make_token(&app, &chef, "Planimport", "ekonom").await;
    // No cookies, no redirects followed: a script.
    let api = client();
    let get = |token: &str, path: &str| api.get(app.url(path)).bearer_auth(token).send();
    let versions = format!("/api/forbund/{SOFINT}/versioner");
    assert_eq!(
        get(&reader, &versions).await.expect("request").status(),
        StatusCode::OK
    );
    // Scoped to its förbund: Älvdalen is not found.
    let other = format!("/api/forbund/{ALVDALEN}/versioner");
    assert_eq!(
        get(&reader, &other).await.expect("request").status(),
        StatusCode::NOT_FOUND
    );
    // Its role decides: styrelse may not replace a plan, ekonom may, without a CSRF token.
    let put = |token: &str| {
        api.put(app.url(&format!(
            "/api/forbund/{SOFINT}/versioner/{SOFINT_V1}/planfil"
        )))
        .bearer_auth(token)
        .header("if-match", "1")
        .body(SOFINT_TEXT)
        .send()
    };
    assert_eq!(
        put(&reader).await.expect("request").status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        put(&writer).await.expect("request").status(),
        StatusCode::OK
    );
    // Pages take no tokens.
    let page = api
        .get(app.url(&format!("/forbund/{SOFINT}")))
        .bearer_auth(&reader)
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), StatusCode::SEE_OTHER, "to the login page");
    // A wrong token is no one.
    let r = get("fsm_fel", &versions).await.expect("request");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers()["content-type"], "application/problem+json");

    // Stored as a hash only; the token's user cannot log in.
    let pool = app.pool().await;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.token_hash, u.username FROM api_tokens t JOIN users u ON u.id = t.user_id",
    )
    .fetch_all(&pool)
    .await
    .expect("reads");
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter()
            .all(|(h, _)| h.len() == 64 && *h != reader && *h != writer)
    );
    let r = app.try_login(&client(), &rows[0].1, "vad som helst").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    // Revoked: no access from then on; both steps in the audit log.
    let list = app
        .text(&chef.client, &format!("/forbund/{SOFINT}/api-nycklar"))
        .await;
    let at = list.find("/aterkalla").expect("a revoke form");
    let start = list[..at].rfind("action=\"").expect("its action") + 8;
    let revoke = list[start..at + 10].to_owned();
    let r = app.post_form(&chef, &revoke, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let statuses = [
        get(&reader, &versions).await.expect("request").status(),
        get(&writer, &versions).await.expect("request").status(),
    ];
    assert!(statuses.contains(&StatusCode::UNAUTHORIZED), "{statuses:?}");
    assert!(
        statuses.contains(&StatusCode::OK),
        "the other still works: {statuses:?}"
    );
    let log = app
        .text(&chef.client, &format!("/forbund/{SOFINT}/logg"))
        .await;
    assert!(
        log.contains("API-nyckeln &#34;Rapportskript&#34; skapades med rollen styrelse"),
        "{log}"
    );
    assert!(log.contains("återkallades"));
    assert!(
        log.contains("<td data-label=\"Användare\">API-nyckel")
            && log.contains(">Utkast ändrat</td>"),
        "the token's change is its own: {log}"
    );
}

#[tokio::test]
async fn only_the_forbundschef_makes_tokens() {
    let app = spawn_app().await;
    for who in ["ekonom", "styrelse", "revisor"] {
        let u = app.login(who).await;
        let path = format!("/forbund/{SOFINT}/api-nycklar");
        assert_eq!(
            app.get(&u.client, &path).await.status(),
            StatusCode::FORBIDDEN,
            "{who}"
        );
        let r = app
            .post_form(&u, &path, &[("namn", "x"), ("roll", "förbundschef")])
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who}");
    }
    let chef = app.login("demo").await;
    let r = app
        .post_form(
            &chef,
            &format!("/forbund/{SOFINT}/api-nycklar"),
            &[("namn", ""), ("roll", "ekonom")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("Ge nyckeln ett namn")
    );
}
