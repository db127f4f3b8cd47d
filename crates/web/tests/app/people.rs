//! The förbund's people managed in the browser: a new person with a one-time password link, roles
//! changed and taken away (never the last förbundschef's), and a user's own password.

use reqwest::StatusCode;

use crate::helpers::*;

/// The link a page shows to hand over.
fn link_in(html: &str) -> String {
    html.split("id=\"lank\" class=\"token\" readonly value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a link to hand over")
        .to_owned()
}

/// Sets a password through a link as someone not logged in would: the form, then the post.
async fn use_link(app: &TestApp, link: &str, password: &str, again: &str) -> (StatusCode, String) {
    let c = client();
    let path = &link[link.find("/nytt-losenord/").expect("our path")..];
    let mut form = app.get(&c, path).await.text().await.expect("body");
    if !form.contains("name=\"_csrf\"") {
        // A used link shows no form; the login page gives the same double-submit token.
        form = app.get(&c, "/logga-in").await.text().await.expect("body");
    }
    let csrf = csrf_in(&form);
    let r = c
        .post(app.url(path))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("losenord", password),
            ("igen", again),
        ])
        .send()
        .await
        .expect("request");
    (r.status(), r.text().await.expect("body"))
}

#[tokio::test]
async fn a_new_person_gets_a_role_and_sets_a_password_through_a_one_time_link() {
    let app = spawn_app().await;
    let chef = app.login("demo").await;
    let here = format!("/forbund/{SOFINT}/anvandare");
    let r = app
        .post_form(
            &chef,
            &here,
            &[
                ("namn", "Anna Ek"),
                ("anvandarnamn", "anna.ek"),
                ("roll", "ekonom"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.expect("body");
    assert!(page.contains("Anna Ek (anna.ek) lades till."), "{page}");
    let link = link_in(&page);
    assert!(link.starts_with("http://127.0.0.1:"), "{link}");
    // She cannot log in before she has chosen a password.
    assert_eq!(
        app.try_login(&client(), "anna.ek", "").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let c = client();
    let form = app
        .get(&c, &link[link.find("/nytt-losenord/").expect("path")..])
        .await
        .text()
        .await
        .expect("body");
    assert!(
        form.contains("Välj lösenord för <strong>Anna Ek (anna.ek)</strong>"),
        "{form}"
    );
    // Two different passwords, a short one: refused, the link still works.
    let (status, body) = use_link(&app, &link, "ett långt lösenord", "ett annat lösenord").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Lösenorden är inte lika"));
    let (status, body) = use_link(&app, &link, "kort", "kort").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("minst 12 tecken"), "{body}");
    let (status, body) =
        use_link(&app, &link, "vår egen budget 2025", "vår egen budget 2025").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Lösenordet är sparat"));
    // Once only.
    let (status, body) = use_link(&app, &link, "ett annat långt ord", "ett annat långt ord").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("redan använd"), "{body}");
    let r = app
        .try_login(&client(), "anna.ek", "vår egen budget 2025")
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The log names what happened, with the people's names.
    let log = app
        .text(&chef.client, &format!("/forbund/{SOFINT}/logg"))
        .await;
    assert!(
        log.contains("Anna Ek (anna.ek) fick rollen ekonom"),
        "{log}"
    );
    assert!(log.contains("Lösenordslänk skapad"));
    assert!(log.contains("Lösenord ändrat"));
}

#[tokio::test]
async fn a_wrong_new_person_is_said_at_each_field_and_nothing_is_made() {
    let app = spawn_app().await;
    let chef = app.login("demo").await;
    let here = format!("/forbund/{SOFINT}/anvandare");
    let before = app.text(&chef.client, &here).await;
    let r = app
        .post_form(
            &chef,
            &here,
            &[("namn", ""), ("anvandarnamn", "Anna Ek"), ("roll", "kung")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.expect("body");
    for (field, words) in [
        ("username", "Användarnamnet får bara ha små bokstäver"),
        ("display_name", "Skriv personens namn"),
        ("role", "Välj en roll."),
    ] {
        assert!(
            page.contains(&format!("<a href=\"#{field}\">{words}")),
            "{field}: {page}"
        );
    }
    assert!(page.contains("value=\"Anna Ek\""), "the input is kept");
    let overlong = "x".repeat(81);
    let r = app
        .post_form(
            &chef,
            &here,
            &[
                ("namn", &overlong),
                ("anvandarnamn", "anna"),
                ("roll", "ekonom"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.expect("body").contains("högst 80 tecken"));
    let after = app.text(&chef.client, &here).await;
    let count = |html: &str| html.matches("<td data-label=\"Användarnamn\">").count();
    assert_eq!(count(&after), count(&before));
    // Only the förbundschef manages people.
    let ekonom = app.login("ekonom").await;
    assert_eq!(
        app.get(&ekonom.client, &here).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn roles_change_and_go_but_the_last_forbundschef_stays() {
    use finsam_store::prelude::*;
    let app = spawn_app().await;
    let chef = app.login("demo").await;
    let here = format!("/forbund/{SOFINT}/anvandare");
    let id = |name: &'static str| {
        let store = app.store.clone();
        async move {
            store
                .user_by_username(name)
                .await
                .expect("a demo user")
                .id
                .0
        }
    };
    let (demo, ekonom) = (id("demo").await, id("ekonom").await);
    let r = app
        .post_form(&chef, &format!("{here}/{ekonom}"), &[("roll", "revisor")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("Rollen ändrades till revisor.")
    );
    let log = app
        .text(&chef.client, &format!("/forbund/{SOFINT}/logg"))
        .await;
    assert!(
        log.contains("Demo Ekonom (ekonom) fick rollen revisor (hade ekonom)"),
        "{log}"
    );
    // The only förbundschef cannot leave the role.
    let r = app
        .post_form(&chef, &format!("{here}/{demo}"), &[("roll", "styrelse")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("Förbundet måste ha en förbundschef")
    );
    // Taken away: the person no longer reaches the förbund.
    let former = app.login("ekonom").await;
    let r = app
        .post_form(&chef, &format!("{here}/{ekonom}"), &[("roll", "ingen")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.get(&former.client, &format!("/forbund/{SOFINT}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let log = app
        .text(&chef.client, &format!("/forbund/{SOFINT}/logg"))
        .await;
    assert!(log.contains("Roll borttagen"), "{log}");
}

#[tokio::test]
async fn a_user_changes_its_own_password_and_logs_in_again() {
    let app = spawn_app().await;
    let u = app.login("styrelse").await;
    let r = app
        .post_form(
            &u,
            "/konto",
            &[
                ("nuvarande", "fel lösenord här"),
                ("nytt", "ett nytt långt lösenord"),
                ("igen", "ett nytt långt lösenord"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .expect("body")
            .contains("<a href=\"#present\">Det nuvarande lösenordet stämmer inte.</a>")
    );
    let r = app
        .post_form(
            &u,
            "/konto",
            &[
                ("nuvarande", finsam_app::demo::PASSWORD),
                ("nytt", "ett nytt långt lösenord"),
                ("igen", "ett nytt långt lösenord"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Every session of the user ended; the new password works, the old does not.
    let r = app.get(&u.client, &format!("/forbund/{SOFINT}")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "back to the login");
    assert_eq!(
        app.try_login(&client(), "styrelse", finsam_app::demo::PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.try_login(&client(), "styrelse", "ett nytt långt lösenord")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}
