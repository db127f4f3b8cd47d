//! The web application as its users meet it: started on 127.0.0.1:0 with a fresh database,
//! driven over HTTP by clients that log in as each role.

mod actuals;
mod helpers;

use finsam_app::{Action, Resource};
use finsam_store::{Actor, Adoption, AssociationId, Role, Store, VersionId};
use helpers::*;
use reqwest::StatusCode;

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
    // Five failures: even the right password is refused for a while.
    let r = app.try_login(&c, "demo", finsam_app::demo::PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("För många misslyckade inloggningar")
    );

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

/// What a route needs: an action on a resource.
type Need = (Action, Resource);

/// A route, the action it needs, and how to call it.
struct Route {
    method: &'static str,
    path: String,
    action: Option<Need>,
    form: Vec<(&'static str, String)>,
}

fn get(path: String, action: Need) -> Route {
    Route {
        method: "GET",
        path,
        action: Some(action),
        form: Vec::new(),
    }
}

fn post(path: String, action: Need, form: Vec<(&'static str, String)>) -> Route {
    Route {
        method: "POST",
        path,
        action: Some(action),
        form,
    }
}

async fn routes(app: &TestApp) -> Vec<Route> {
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let director = app.login("demo").await;
    let editor = app
        .get(&director.client, &format!("{v}/budget"))
        .await
        .text()
        .await
        .expect("body");
    let fp = fingerprint_in(&editor, 1, 1);
    let members = app
        .get(&director.client, &format!("{v}/medlemmar"))
        .await
        .text()
        .await
        .expect("body");
    let member_fp = members
        .split("name=\"fingerprint\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a member form")
        .replace("&quot;", "\"")
        .replace("&#40;", "(");
    let goals = app
        .get(&director.client, &format!("{v}/mal"))
        .await
        .text()
        .await
        .expect("body");
    let measure_fp = goals
        .split("name=\"fingerprint\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a measure form")
        .replace("&quot;", "\"");
    let line = |extra: Vec<(&'static str, String)>| {
        let mut f = vec![("fingerprint", fp.clone())];
        f.extend(extra);
        f
    };
    vec![
        get(
            format!("/forbund/{SOFINT}"),
            (Action::Read, Resource::Association),
        ),
        get(v.clone(), (Action::Read, Resource::Plan)),
        get(format!("{v}/budget"), (Action::Read, Resource::Plan)),
        get(
            format!("{v}/budget/rad/1/1"),
            (Action::Read, Resource::Plan),
        ),
        get(format!("{v}/medlemmar"), (Action::Read, Resource::Plan)),
        get(format!("{v}/mal"), (Action::Read, Resource::Plan)),
        get(
            format!("{v}/planfil.toml"),
            (Action::Export, Resource::Plan),
        ),
        get(
            format!("/forbund/{SOFINT}/jamfor"),
            (Action::Read, Resource::Plan),
        ),
        get(
            format!("/forbund/{SOFINT}/logg"),
            (Action::Read, Resource::AuditLog),
        ),
        get(
            format!("/api/forbund/{SOFINT}/versioner"),
            (Action::Read, Resource::Plan),
        ),
        get(
            format!("/api/forbund/{SOFINT}/versioner/{SOFINT_V1}"),
            (Action::Read, Resource::Plan),
        ),
        post(
            format!("{v}/budget/rad/1/1"),
            (Action::Edit, Resource::Plan),
            line(vec![
                ("name", "Coachingteamet".into()),
                ("category", "insats".into()),
                ("kind", "fast".into()),
                ("amount", "-2 000 000".into()),
            ]),
        ),
        post(
            format!("{v}/budget/ny-rad"),
            (Action::Edit, Resource::Plan),
            vec![
                ("section", "1".into()),
                ("name", "Ny".into()),
                ("category", "insats".into()),
                ("amount", "-1".into()),
            ],
        ),
        post(
            format!("{v}/budget/rad/1/1/flytta"),
            (Action::Edit, Resource::Plan),
            line(vec![("riktning", "upp".into())]),
        ),
        post(
            format!("{v}/budget/rad/1/1/ta-bort"),
            (Action::Edit, Resource::Plan),
            line(vec![]),
        ),
        post(
            format!("{v}/medlemmar/0"),
            (Action::Edit, Resource::Plan),
            vec![("fingerprint", member_fp), ("share", "1/2".into())],
        ),
        post(
            format!("{v}/mal/0/0/0"),
            (Action::Edit, Resource::Plan),
            vec![("fingerprint", measure_fp), ("value", "92".into())],
        ),
        post(
            format!("{v}/budget/summor"),
            (Action::Edit, Resource::Plan),
            vec![],
        ),
        post(
            format!("{v}/besluta"),
            (Action::Adopt, Resource::Plan),
            vec![
                ("row_version", "1".into()),
                ("on", "2023-11-17".into()),
                ("meeting", "Styrelsemöte".into()),
                ("decision", "Fastställd".into()),
            ],
        ),
        Route {
            method: "PUT",
            path: format!("/api/forbund/{SOFINT}/versioner/{SOFINT_V1}/planfil"),
            action: Some((Action::Edit, Resource::Plan)),
            form: Vec::new(),
        },
        get(
            format!("/forbund/{SOFINT}/uppfoljning"),
            (Action::Read, Resource::Actuals),
        ),
        get(
            format!("/forbund/{SOFINT}/uppfoljning/2024?period=h1"),
            (Action::Read, Resource::Actuals),
        ),
        get(
            format!("/forbund/{SOFINT}/uppfoljning/2024/konto/4010"),
            (Action::Read, Resource::Actuals),
        ),
        get(
            format!("/forbund/{SOFINT}/kontokoppling"),
            (Action::Read, Resource::Actuals),
        ),
        get(
            format!("/api/forbund/{SOFINT}/uppfoljning"),
            (Action::Read, Resource::Actuals),
        ),
        get(
            format!("/api/forbund/{SOFINT}/uppfoljning/2024?period=h1"),
            (Action::Read, Resource::Actuals),
        ),
        get(
            format!("/api/forbund/{SOFINT}/kontokoppling"),
            (Action::Read, Resource::Actuals),
        ),
        post(
            format!("/forbund/{SOFINT}/uppfoljning/2024/prognos"),
            (Action::Edit, Resource::Actuals),
            vec![
                ("period", "h1".into()),
                ("rad", "insats:Coachingteamet".into()),
                ("belopp", "2 403 500".into()),
            ],
        ),
        post(
            format!("/forbund/{SOFINT}/kontokoppling"),
            (Action::Edit, Resource::Actuals),
            vec![
                ("kontoplan", "kommunbas".into()),
                ("regler", "4010 insats \"Coachingteamet\"\n".into()),
                ("row_version", "1".into()),
            ],
        ),
        Route {
            method: "SIE",
            path: format!("/forbund/{SOFINT}/uppfoljning/importera"),
            action: Some((Action::Import, Resource::Actuals)),
            form: Vec::new(),
        },
        Route {
            method: "SIEAPI",
            path: format!("/api/forbund/{SOFINT}/uppfoljning"),
            action: Some((Action::Import, Resource::Actuals)),
            form: Vec::new(),
        },
        Route {
            method: "IMPORT",
            path: format!("/forbund/{SOFINT}/importera"),
            action: Some((Action::Import, Resource::Plan)),
            form: Vec::new(),
        },
        Route {
            method: "REVISE",
            path: format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/revidera"),
            action: Some((Action::Revise, Resource::Plan)),
            form: Vec::new(),
        },
        Route {
            method: "POST",
            path: "/logga-ut".into(),
            action: None,
            form: Vec::new(),
        },
    ]
}

const SOFINT_TEXT: &str = include_str!("../../../../examples/sofint-2024.toml");

/// The demo's SIE file as the demo imported it.
const SOFINT_SIE: &[u8] = include_bytes!("../../../../examples/sofint-2024-06.se");

/// The same bookkeeping exported again (without its checksum): other bytes, so a new import.
fn another_export() -> Vec<u8> {
    finsam_sie::write(&finsam_sie::read(SOFINT_SIE).expect("the demo file"), false)
}

/// Uploads an SIE file through the page's form, with extra text fields.
async fn upload_sie(
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

async fn call(app: &TestApp, u: &User, r: &Route) -> StatusCode {
    match r.method {
        "GET" => app.get(&u.client, &r.path).await.status(),
        "POST" => {
            let f: Vec<(&str, &str)> = r.form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(u, &r.path, &f).await.status()
        }
        "PUT" => u
            .client
            .put(app.url(&r.path))
            .header("x-csrf-token", &u.csrf)
            .header("if-match", "1")
            .body(SOFINT_TEXT)
            .send()
            .await
            .expect("request")
            .status(),
        "IMPORT" => upload(app, u, SOFINT_TEXT.as_bytes().to_vec())
            .await
            .status(),
        "SIE" => upload_sie(app, u, another_export(), &[]).await.status(),
        "SIEAPI" => u
            .client
            .post(app.url(&r.path))
            .header("x-csrf-token", &u.csrf)
            .body(another_export())
            .send()
            .await
            .expect("request")
            .status(),
        "REVISE" => {
            // Revising needs an adopted version: adopt it first, as the system.
            let _ = app
                .store
                .adopt(
                    Actor::System,
                    AssociationId(SOFINT),
                    VersionId(SOFINT_V1),
                    1,
                    &Adoption {
                        on: "2023-11-17".into(),
                        meeting: "M".into(),
                        decision: "B".into(),
                    },
                )
                .await;
            app.post_form(u, &r.path, &[]).await.status()
        }
        other => panic!("unknown method {other}"),
    }
}

/// The design, written out independently of the code that enforces it: who may do what.
fn designed(role: Role, (action, resource): Need) -> bool {
    use Action as A;
    use Resource as Res;
    use Role as R;
    let all = matches!(role, R::Director | R::Accountant | R::Board | R::Auditor);
    match (resource, action) {
        (Res::Association, A::Read) | (Res::Plan | Res::Actuals, A::Read | A::Export) => all,
        (Res::Plan | Res::Actuals, A::Edit | A::Import) => {
            matches!(role, R::Director | R::Accountant)
        }
        (Res::AuditLog, A::Read) => matches!(role, R::Director | R::Auditor),
        _ => role == R::Director,
    }
}

#[tokio::test]
async fn every_route_for_every_role_is_allowed_or_denied_as_designed() {
    let roles: Vec<(Option<Role>, &str)> = vec![
        (Some(Role::Director), "demo"),
        (Some(Role::Accountant), "ekonom"),
        (Some(Role::Board), "styrelse"),
        (Some(Role::Auditor), "revisor"),
        (Some(Role::InsatsOwner), "insats"),
        (None, "utomstaende"),
    ];
    let probe = spawn_app().await;
    let count = routes(&probe).await.len();
    let mut checked = 0;
    for i in 0..count {
        for (role, name) in &roles {
            // A fresh application for every call, so that no call depends on another's change.
            let app = spawn_app().await;
            let hash =
                finsam_app::users::hash_password(finsam_app::demo::PASSWORD).expect("hashes");
            for (n, r) in [
                ("insats", Role::InsatsOwner),
                ("utomstaende", Role::InsatsOwner),
            ] {
                let id = app
                    .store
                    .create_user(Actor::System, n, n, &hash)
                    .await
                    .expect("creates");
                if n == "insats" {
                    app.store
                        .grant_role(Actor::System, id, AssociationId(SOFINT), r)
                        .await
                        .expect("grants");
                }
            }
            let route = routes(&app).await.remove(i);
            let u = app.login(name).await;
            let status = call(&app, &u, &route).await;
            let expected_ok = match (role, route.action) {
                (_, None) => true,
                (Some(role), Some(action)) => designed(*role, action),
                (None, Some(_)) => false,
            };
            if expected_ok {
                assert!(
                    status.is_success() || status.is_redirection(),
                    "{} {} as {name}: expected allowed, got {status}",
                    route.method,
                    route.path
                );
            } else {
                let want = if role.is_some() {
                    StatusCode::FORBIDDEN
                } else {
                    StatusCode::NOT_FOUND
                };
                assert_eq!(status, want, "{} {} as {name}", route.method, route.path);
            }
            checked += 1;
        }
    }
    assert_eq!(checked, count * roles.len());
}

#[tokio::test]
async fn every_mutating_route_writes_its_audit_entry() {
    let probe = spawn_app().await;
    let count = routes(&probe).await.len();
    for i in 0..count {
        let app = spawn_app().await;
        let route = routes(&app).await.remove(i);
        if route.method == "GET" || route.action.is_none() {
            continue;
        }
        let u = app.login("demo").await;
        if route.method == "REVISE" {
            let _ = app
                .store
                .adopt(
                    Actor::System,
                    AssociationId(SOFINT),
                    VersionId(SOFINT_V1),
                    1,
                    &Adoption {
                        on: "2023-11-17".into(),
                        meeting: "M".into(),
                        decision: "B".into(),
                    },
                )
                .await;
        }
        let before = app.audit_len(SOFINT).await;
        let status = call(&app, &u, &route).await;
        assert!(
            status.is_success() || status.is_redirection(),
            "{} {}: {status}",
            route.method,
            route.path
        );
        assert_eq!(
            app.audit_len(SOFINT).await,
            before + 1,
            "{} {} wrote no audit row",
            route.method,
            route.path
        );
    }
}

#[tokio::test]
async fn one_association_cannot_reach_another() {
    let app = spawn_app().await;
    let hash = finsam_app::users::hash_password(finsam_app::demo::PASSWORD).expect("hashes");
    let id = app
        .store
        .create_user(Actor::System, "bara-alvdalen", "Ä", &hash)
        .await
        .expect("creates");
    app.store
        .grant_role(Actor::System, id, AssociationId(ALVDALEN), Role::Director)
        .await
        .expect("grants");
    let u = app.login("bara-alvdalen").await;
    let before = app.document(SOFINT, SOFINT_V1).await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    for path in [
        format!("/forbund/{SOFINT}"),
        v.clone(),
        format!("{v}/budget"),
        format!("{v}/planfil.toml"),
        format!("/forbund/{SOFINT}/logg"),
        format!("/api/forbund/{SOFINT}/versioner/{SOFINT_V1}"),
    ] {
        assert_eq!(
            app.get(&u.client, &path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // Another association's version under one's own association is not found either.
    assert_eq!(
        app.get(
            &u.client,
            &format!("/forbund/{ALVDALEN}/versioner/{SOFINT_V1}")
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/ny-rad"),
            &[
                ("section", "1"),
                ("name", "x"),
                ("category", "insats"),
                ("amount", "-1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app
        .post_form(
            &u,
            &format!("/forbund/{ALVDALEN}/versioner/{SOFINT_V1}/budget/ny-rad"),
            &[
                ("section", "1"),
                ("name", "x"),
                ("category", "insats"),
                ("amount", "-1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let api = u
        .client
        .get(app.url("/api/forbund"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(api.contains("Älvdalen") && !api.contains("SOFINT"), "{api}");
    assert_eq!(app.document(SOFINT, SOFINT_V1).await, before);
}

#[tokio::test]
async fn malformed_ids_and_unknown_pages_are_not_found() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    for path in [
        "/forbund/x",
        "/forbund/1/versioner/abc",
        "/forbund/99",
        "/forbund/1/versioner/99",
        "/forbund/1/versioner/1/budget/rad/9/9",
        "/forbund/1/versioner/1/budget/rad/-1/0",
        "/finns-inte",
        "/api/forbund/ett/versioner",
    ] {
        let r = app.get(&u.client, path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn editing_a_line_recomputes_sums_and_findings() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let page = app
        .get(&u.client, &format!("{v}/budget"))
        .await
        .text()
        .await
        .expect("body");
    assert!(
        squash(&page).contains("<th scope=\"row\">Summa insatser</th><td>−2 656 000</td>"),
        "the seed's sum"
    );
    let fp = fingerprint_in(&page, 1, 1);
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/1/1"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Coachingteamet"),
                ("category", "insats"),
                ("kind", "per-ar"),
                ("ar_2024", "-2 300 000"),
                ("ar_2025", "-2 100 000"),
                ("ar_2026", "-2 100 000"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app
        .get(&u.client, &format!("{v}/budget?sparat=1"))
        .await
        .text()
        .await
        .expect("body");
    assert!(page.contains("Sparat."));
    assert!(
        squash(&page).contains("<th scope=\"row\">Summa insatser</th><td>−2 626 000</td>"),
        "sum recomputed"
    );
    let dash = app.get(&u.client, &v).await.text().await.expect("body");
    assert!(
        dash.contains("<td>−79 825</td>"),
        "the result follows: −109 825 + 30 000"
    );
    let log = app
        .store
        .audit_log(AssociationId(SOFINT), 10)
        .await
        .expect("reads");
    assert_eq!(
        log[0].summary,
        "Raden \"Coachingteamet\" i \"Insatser\": 2024: −2 330 000 → −2 300 000"
    );
    // The sums the plan printed are stale now; the editor offers to set them to the computed ones.
    let page = app
        .get(&u.client, &format!("{v}/budget"))
        .await
        .text()
        .await
        .expect("body");
    assert!(page.contains("Sätt de skrivna summorna till de beräknade"));
    let r = app.post_form(&u, &format!("{v}/budget/summor"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = app
        .get(&u.client, &format!("{v}/budget"))
        .await
        .text()
        .await
        .expect("body");
    assert!(
        !page.contains("[summa]") && !page.contains("Sätt de skrivna summorna"),
        "no stale sums left"
    );
    let log = app
        .store
        .audit_log(AssociationId(SOFINT), 1)
        .await
        .expect("reads");
    assert_eq!(
        log[0].summary,
        "De tryckta summorna sattes till de beräknade"
    );
}

#[tokio::test]
async fn a_bad_value_is_refused_next_to_its_field_and_the_input_is_kept() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let page = app
        .get(&u.client, &format!("{v}/budget"))
        .await
        .text()
        .await
        .expect("body");
    let fp = fingerprint_in(&page, 1, 1);
    let before = app.document(SOFINT, SOFINT_V1).await;
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/1/1"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Coachingteamet"),
                ("category", "insats"),
                ("kind", "per-ar"),
                ("ar_2024", "-2 300 000,125"),
                ("ar_2025", "två miljoner"),
                ("ar_2026", "-2 100 000"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.expect("body");
    assert!(
        body.contains(
            "value=\"-2 300 000,125\" aria-invalid=\"true\" aria-describedby=\"ar_2024-fel\""
        ),
        "input kept and marked"
    );
    assert!(body.contains("<span class=\"field-error\" id=\"ar_2024-fel\">Beloppet för 2024: högst 2 decimaler är tillåtna."));
    assert!(body.contains("value=\"två miljoner\""));
    assert_eq!(
        app.document(SOFINT, SOFINT_V1).await,
        before,
        "nothing saved"
    );
}

#[tokio::test]
async fn two_users_edit_the_same_line_the_second_gets_a_conflict() {
    let app = spawn_app().await;
    let anna = app.login("demo").await;
    let erik = app.login("ekonom").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let seen_by_anna = fingerprint_in(
        &app.get(&anna.client, &format!("{v}/budget"))
            .await
            .text()
            .await
            .expect("body"),
        1,
        1,
    );
    let seen_by_erik = fingerprint_in(
        &app.get(&erik.client, &format!("{v}/budget"))
            .await
            .text()
            .await
            .expect("body"),
        1,
        1,
    );
    let form = |fp: &str, amount: &str| -> Vec<(String, String)> {
        vec![
            ("fingerprint".into(), fp.into()),
            ("name".into(), "Coachingteamet".into()),
            ("category".into(), "insats".into()),
            ("kind".into(), "fast".into()),
            ("amount".into(), amount.into()),
        ]
    };
    let f1 = form(&seen_by_anna, "-2 000 000");
    let f1: Vec<(&str, &str)> = f1.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        app.post_form(&anna, &format!("{v}/budget/rad/1/1"), &f1)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let f2 = form(&seen_by_erik, "-1 500 000");
    let f2: Vec<(&str, &str)> = f2.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app
        .post_form(&erik, &format!("{v}/budget/rad/1/1"), &f2)
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let body = r.text().await.expect("body");
    assert!(body.contains("Någon annan har ändrat raden sedan du öppnade den"));
    assert!(
        body.contains("value=\"-1 500 000\""),
        "Erik's input is kept"
    );
    assert!(
        body.contains("<th scope=\"row\">2024</th><td>−2 000 000</td>"),
        "and he sees Anna's line"
    );
    assert!(
        app.document(SOFINT, SOFINT_V1)
            .await
            .contains("amount = \"-2 000 000\""),
        "Anna's save survives"
    );
    // Saving again from the conflict page is a deliberate overwrite.
    let again = fingerprint_in_form(&body);
    let f3 = form(&again, "-1 500 000");
    let f3: Vec<(&str, &str)> = f3.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        app.post_form(&erik, &format!("{v}/budget/rad/1/1"), &f3)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // A change to another line does not conflict.
    let fp0 = fingerprint_in(
        &app.get(&anna.client, &format!("{v}/budget"))
            .await
            .text()
            .await
            .expect("body"),
        1,
        0,
    );
    let f4 = vec![
        ("fingerprint", fp0.as_str()),
        ("name", "Projektfinansiering"),
        ("category", "insats"),
        ("kind", "fast"),
        ("amount", "-40 000"),
    ];
    assert_eq!(
        app.post_form(&anna, &format!("{v}/budget/rad/1/0"), &f4)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

/// Uploads `bytes` as a plan file to SOFINT's import form.
async fn upload(app: &TestApp, u: &User, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("plan.toml");
    u.client
        .post(app.url(&format!("/forbund/{SOFINT}/importera?_csrf={}", u.csrf)))
        .multipart(reqwest::multipart::Form::new().part("fil", part))
        .send()
        .await
        .expect("request")
}

fn fingerprint_in_form(html: &str) -> String {
    let at = html
        .find("name=\"fingerprint\" value=\"")
        .expect("fingerprint")
        + 26;
    html[at..at + html[at..].find('"').expect("quote")].to_owned()
}

#[tokio::test]
async fn versions_adopt_revise_and_compare() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let r = app
        .post_form(
            &u,
            &format!("{v}/besluta"),
            &[
                ("row_version", "1"),
                ("on", "2023-11-31"),
                ("meeting", ""),
                ("decision", "x"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.expect("body");
    assert!(
        body.contains("Skriv beslutsdagen som ÅÅÅÅ-MM-DD") && body.contains("value=\"2023-11-31\"")
    );
    let r = app
        .post_form(
            &u,
            &format!("{v}/besluta"),
            &[
                ("row_version", "1"),
                ("on", "2023-11-17"),
                ("meeting", "Styrelsemöte 2023-11-17"),
                ("decision", "Styrelsen fastställer planen."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let dash = app.get(&u.client, &v).await.text().await.expect("body");
    assert!(dash.contains(
        "Beslutad av styrelsen 2023-11-17 (Styrelsemöte 2023-11-17): Styrelsen fastställer planen."
    ));
    // An adopted version cannot change.
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/ny-rad"),
            &[
                ("section", "1"),
                ("name", "x"),
                ("category", "insats"),
                ("amount", "-1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app.post_form(&u, &format!("{v}/revidera"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let new = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("to the new draft")
        .to_owned();
    let page = app
        .get(&u.client, &format!("{new}/budget"))
        .await
        .text()
        .await
        .expect("body");
    let fp = fingerprint_in(&page, 2, 1);
    let r = app
        .post_form(
            &u,
            &format!("{new}/budget/rad/2/1"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Köp av tjänst förbundschef"),
                ("category", "administration"),
                ("kind", "per-ar"),
                ("ar_2024", "-450 000"),
                ("ar_2025", "-615 000"),
                ("ar_2026", "-634 000"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cmp = app
        .get(&u.client, &format!("/forbund/{SOFINT}/jamfor"))
        .await
        .text()
        .await
        .expect("body");
    assert!(cmp.contains("1 rader skiljer sig."), "{cmp}");
    assert!(squash(&cmp).contains("<th scope=\"row\">Tjänster / Köp av tjänst förbundschef</th><td><mark>ändrad</mark></td>"), "{cmp}");
    assert!(cmp.contains("<td>−597 400</td><td>−450 000</td><td><mark>147 400</mark></td>"));
}

#[tokio::test]
async fn import_and_export_are_an_exact_round_trip() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let r = upload(&app, &u, SOFINT_TEXT.as_bytes().to_vec()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let new = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .expect("location")
        .to_owned();
    let r = app.get(&u.client, &format!("{new}/planfil.toml")).await;
    assert!(
        r.headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("attachment"))
    );
    assert_eq!(r.text().await.expect("body"), SOFINT_TEXT, "byte for byte");

    // Not a plan file, another association's plan file, an empty upload: refused with a reason.
    for (bytes, reason) in [
        (b"<html>404</html>".to_vec(), "Rad 1, kolumn 1"),
        (
            include_bytes!("../../../../examples/alvdalen-2025.toml").to_vec(),
            "gäller organisationsnummer 222000-1230",
        ),
        (Vec::new(), "Välj en planfil"),
    ] {
        let before = app
            .store
            .versions(AssociationId(SOFINT))
            .await
            .expect("lists")
            .len();
        let r = upload(&app, &u, bytes).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.expect("body").contains(reason), "{reason}");
        assert_eq!(
            app.store
                .versions(AssociationId(SOFINT))
                .await
                .expect("lists")
                .len(),
            before
        );
    }
    // Too large.
    let r = upload(&app, &u, vec![b'#'; 2 * 1024 * 1024]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.expect("body").contains("för stort"));
}

#[tokio::test]
async fn the_audit_log_is_readable_and_filterable_by_director_and_auditor() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    app.post_form(
        &u,
        &format!("{v}/budget/ny-rad"),
        &[
            ("section", "1"),
            ("name", "Mässa"),
            ("category", "insats"),
            ("amount", "-5 000"),
        ],
    )
    .await;
    let auditor = app.login("revisor").await;
    let page = app
        .get(&auditor.client, &format!("/forbund/{SOFINT}/logg"))
        .await
        .text()
        .await
        .expect("body");
    assert!(
        page.contains(
            "<td>demo</td><td>plan.update</td><td>Ny rad &#34;Mässa&#34; i &#34;Insatser&#34;</td>"
        ) || page.contains("Ny rad &quot;Mässa&quot; i &quot;Insatser&quot;"),
        "{page}"
    );
    let filtered = app
        .get(
            &auditor.client,
            &format!("/forbund/{SOFINT}/logg?handling=plan.create"),
        )
        .await
        .text()
        .await
        .expect("body");
    assert!(filtered.contains("1 händelser") && !filtered.contains("Mässa"));
}

#[tokio::test]
async fn the_api_gives_the_budget_and_refuses_stale_writes() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let path = format!("/api/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let v: serde_json::Value = u
        .client
        .get(app.url(&path))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(v["nyckeltal"][0]["resultat"], -10_982_500);
    assert_eq!(v["nyckeltal"][0]["administrationsandel"], "28,4 %");
    assert_eq!(v["radversion"], 1);
    let put = |if_match: &'static str, body: String| {
        u.client
            .put(app.url(&format!("{path}/planfil")))
            .header("x-csrf-token", &u.csrf)
            .header("if-match", if_match)
            .body(body)
            .send()
    };
    let edited = SOFINT_TEXT.replace("amount = \"-35 000\"", "amount = \"-36 000\"");
    assert_eq!(
        put("1", edited.clone()).await.expect("request").status(),
        StatusCode::OK
    );
    let r = put("1", SOFINT_TEXT.to_owned()).await.expect("request");
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        r.json::<serde_json::Value>().await.expect("json")["radversion"],
        2
    );
    let r = put("2", "title = ".to_owned()).await.expect("request");
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.document(SOFINT, SOFINT_V1).await, edited);
    let anon = client()
        .get(app.url("/api/forbund"))
        .send()
        .await
        .expect("request");
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_openapi_document_lists_every_api_route() {
    let app = spawn_app().await;
    let doc: serde_json::Value = client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        paths,
        [
            "/api/forbund",
            "/api/forbund/{a}/kontokoppling",
            "/api/forbund/{a}/uppfoljning",
            "/api/forbund/{a}/uppfoljning/{y}",
            "/api/forbund/{a}/versioner",
            "/api/forbund/{a}/versioner/{v}",
            "/api/forbund/{a}/versioner/{v}/planfil"
        ]
    );
    let source = include_str!("../../src/api.rs");
    let squeezed: String = source.split_whitespace().collect();
    let routed = squeezed.matches(".route(\"/api/").count();
    assert_eq!(
        routed,
        paths.len() + 1,
        "every route but openapi.json itself is documented"
    );
}

#[tokio::test]
async fn internal_errors_show_a_correlation_id_and_no_internal_text() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    // A stored document that is no plan (only possible by going around the application).
    app.store
        .update_draft(
            Actor::System,
            AssociationId(SOFINT),
            VersionId(SOFINT_V1),
            1,
            "title = \"trasig\"",
            "test",
        )
        .await
        .expect("stores");
    let r = app
        .get(
            &u.client,
            &format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = r.text().await.expect("body");
    assert!(
        body.contains("Något gick fel") && body.contains("Felkod: <strong>"),
        "{body}"
    );
    for internal in ["lagrad plan", "nyckeln", "association", "RawPlan"] {
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
    let v: serde_json::Value = api.json().await.expect("json");
    assert_eq!(v["fel"], "Något gick fel");
    assert!(v["felkod"].as_str().is_some_and(|c| c.len() == 12));
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
async fn lines_move_and_go_and_every_amount_kind_saves_from_the_form() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let editor = |app: &TestApp, u: &User| {
        let url = format!("{v}/budget");
        let c = u.client.clone();
        let full = app.url(&url);
        async move {
            c.get(full)
                .send()
                .await
                .expect("request")
                .text()
                .await
                .expect("body")
        }
    };
    let page = editor(&app, &u).await;
    let order = |page: &str| -> Vec<usize> {
        ["Projektfinansiering", "Coachingteamet", "Rehabmässan"]
            .iter()
            .map(|n| page.find(&format!("<th scope=\"row\">{n}</th>")).expect(n))
            .collect()
    };
    let before = order(&page);
    assert!(before[0] < before[1] && before[1] < before[2]);
    let fp = fingerprint_in(&page, 1, 1);
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/1/1/flytta"),
            &[("fingerprint", fp.as_str()), ("riktning", "upp")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = editor(&app, &u).await;
    let after = order(&page);
    assert!(
        after[1] < after[0],
        "Coachingteamet moved above Projektfinansiering"
    );
    // Delete Rehabmässan (now still the third line of Insatser).
    let fp = fingerprint_in(&page, 1, 2);
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/1/2/ta-bort"),
            &[("fingerprint", fp.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = editor(&app, &u).await;
    assert!(!page.contains("<th scope=\"row\">Rehabmässan</th>"));
    assert!(squash(&page).contains("<th scope=\"row\">Summa insatser</th><td>−2 621 000</td>"));
    // A stale fingerprint deletes nothing.
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/1/0/ta-bort"),
            &[("fingerprint", fp.as_str())],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // Monthly and indexed lines through the form.
    let fp = fingerprint_in(&page, 4, 0);
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/4/0"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Välfärdsguiden"),
                ("category", "strukturell"),
                ("kind", "manad"),
                ("monthly_amount", "-12 600"),
                ("monthly_from", "2024-03"),
                ("monthly_fixed", "-37 800"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = editor(&app, &u).await;
    assert!(squash(&page).contains(
        "<th scope=\"row\">Välfärdsguiden</th><td>−163 800</td><td>−189 000</td><td>−189 000</td>"
    ));
    let fp = fingerprint_in(&page, 4, 1);
    let r = app
        .post_form(
            &u,
            &format!("{v}/budget/rad/4/1"),
            &[
                ("fingerprint", fp.as_str()),
                ("name", "Indexerad"),
                ("category", "administration"),
                ("kind", "index"),
                ("index_base", "-400 000"),
                ("index_percent", "2,5"),
                ("index_rounding", "krona"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = editor(&app, &u).await;
    assert!(squash(&page).contains(
        "<th scope=\"row\">Indexerad</th><td>−400 000</td><td>−410 000</td><td>−420 250</td>"
    ));
    let doc = app.document(SOFINT, SOFINT_V1).await;
    assert!(
        doc.contains("base = \"-400 000\"") && doc.contains("percent = \"2,5 %\""),
        "{doc}"
    );
}

#[tokio::test]
async fn shares_and_goal_values_save_and_bad_ones_are_refused_in_place() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let v = format!("/forbund/{ALVDALEN}/versioner/2");
    let page = app
        .get(&u.client, &format!("{v}/medlemmar"))
        .await
        .text()
        .await
        .expect("body");
    let fp = |page: &str, i: usize| -> String {
        page.split("name=\"fingerprint\" value=\"")
            .nth(i + 1)
            .and_then(|s| s.split('"').next())
            .expect("a fingerprint")
            .replace("&#34;", "\"")
            .replace("&quot;", "\"")
    };
    // Bergsta (the fifth member): a share that is not a share.
    let r = app
        .post_form(
            &u,
            &format!("{v}/medlemmar/4"),
            &[("fingerprint", &fp(&page, 4)), ("share", "en tiondel")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.expect("body");
    assert!(body.contains("id=\"share-4-fel\">Andelen:"), "{body}");
    let r = app
        .post_form(
            &u,
            &format!("{v}/medlemmar/4"),
            &[("fingerprint", &fp(&page, 4)), ("share", "1/8")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let dash = app.get(&u.client, &v).await.text().await.expect("body");
    assert!(
        dash.contains("Andelarna för kommunerna summerar till 11/40"),
        "the check sees the new share"
    );
    let log = app
        .store
        .audit_log(AssociationId(ALVDALEN), 1)
        .await
        .expect("reads");
    assert_eq!(log[0].summary, "Andelen för Bergsta kommun: 1/10 → 1/8");

    let goals = app
        .get(&u.client, &format!("{v}/mal"))
        .await
        .text()
        .await
        .expect("body");
    let r = app
        .post_form(
            &u,
            &format!("{v}/mal/0/0/0"),
            &[
                ("fingerprint", &fp(&goals, 0)),
                ("value", "nittio"),
                ("assessment", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.expect("body");
    assert!(
        body.contains("Värdet:") && body.contains("value=\"nittio\""),
        "{body}"
    );
    let r = app
        .post_form(
            &u,
            &format!("{v}/mal/0/0/0"),
            &[
                ("fingerprint", &fp(&goals, 0)),
                ("value", "95"),
                ("assessment", ""),
                ("comment", "Alla tillfrågade."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let goals = app
        .get(&u.client, &format!("{v}/mal"))
        .await
        .text()
        .await
        .expect("body");
    assert!(
        goals.contains("Bedömning: <strong>uppfyllt</strong> (beräknad ur värdet)"),
        "{goals}"
    );
}
