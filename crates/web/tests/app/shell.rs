//! The frame every page shares: the förbund in the header with a switcher, one navigation with
//! the current page marked, breadcrumbs, titles with the förbund's name, error pages inside the
//! layout, and a deep link kept through the login.

use reqwest::StatusCode;

use crate::helpers::*;

fn current_nav_item(html: &str) -> String {
    let nav = &html[html
        .find("class=\"main-nav\"")
        .expect("the förbund's navigation")..];
    let nav = &nav[..nav.find("</nav>").expect("end of nav")];
    let marked: Vec<&str> = nav
        .split("<li>")
        .filter(|item| item.contains("aria-current=\"page\""))
        .collect();
    assert_eq!(marked.len(), 1, "exactly one current item in {nav}");
    let item = marked[0];
    let text = &item[item.find('>').expect("a link") + 1..];
    text[..text.find('<').expect("end of link")].to_owned()
}

fn title_of(html: &str) -> &str {
    let at = html.find("<title>").expect("a title") + 7;
    &html[at..at + html[at..].find("</title>").expect("end of title")]
}

#[tokio::test]
async fn every_page_of_a_forbund_has_its_name_its_navigation_and_the_current_page_marked() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    let pages = [
        (v.clone(), "Översikt", "Verksamhetsplan och budget 2024"),
        (format!("{v}/budget"), "Budget", "Budget"),
        (format!("{v}/mal"), "Mål", "Mål och måluppfyllelse"),
        (
            format!("/forbund/{SOFINT}/uppfoljning/2024"),
            "Uppföljning",
            "Uppföljning 2024",
        ),
        (
            format!("/forbund/{SOFINT}/kontokoppling"),
            "Uppföljning",
            "Kontokoppling",
        ),
        (
            format!("/forbund/{SOFINT}"),
            "Versioner",
            "Planer och versioner",
        ),
        (
            format!("/forbund/{SOFINT}/jamfor"),
            "Versioner",
            "Jämför versioner",
        ),
        (format!("/forbund/{SOFINT}/logg"), "Logg", "Ändringslogg"),
    ];
    for (path, marked, title) in pages {
        let r = app.get(&u.client, &path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let html = r.text().await.expect("body");
        assert_eq!(current_nav_item(&html), marked, "{path}");
        assert_eq!(
            title_of(&html),
            format!("{title} – Samordningsförbundet SOFINT – Finsam"),
            "{path}"
        );
        assert!(
            html.contains("class=\"forbund\" href=\"/forbund/1\">Samordningsförbundet SOFINT</a>"),
            "{path}: the förbund in the header"
        );
        assert!(
            html.contains("<nav class=\"crumbs\" aria-label=\"Du är här\">"),
            "{path}: breadcrumbs"
        );
        assert!(html.contains(&format!("<h1>{title}</h1>")), "{path}");
        // The demo user has a role in all three demo förbund: the other two are offered.
        let switch = &html[html.find("class=\"switch\"").expect("a switcher")..];
        let switch = &switch[..switch.find("</details>").expect("end")];
        assert!(switch.contains("/forbund/2") && switch.contains("/forbund/3"));
        assert!(!switch.contains("/forbund/1\""), "not the förbund shown");
    }
}

#[tokio::test]
async fn the_navigation_goes_to_the_newest_version_and_stays_in_the_version_shown() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    for (from, to) in [
        (
            "oversikt",
            format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}"),
        ),
        (
            "budget",
            format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/budget"),
        ),
        (
            "mal",
            format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/mal"),
        ),
    ] {
        let r = app
            .get(&u.client, &format!("/forbund/{SOFINT}/{from}"))
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], to.as_str());
    }
    let html = app
        .text(
            &u.client,
            &format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/mal"),
        )
        .await;
    assert!(html.contains(&format!(
        "href=\"/forbund/{SOFINT}/versioner/{SOFINT_V1}/budget\">Budget</a>"
    )));
    // Without a role in a förbund its navigation is not found either.
    let board = app.login("styrelse").await;
    let html = app.text(&board.client, &format!("/forbund/{SOFINT}")).await;
    assert!(
        !html.contains(">Logg</a>"),
        "the board may not read the log: no link to it"
    );
}

#[tokio::test]
async fn a_missing_page_and_a_refusal_are_pages_of_the_app() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    for path in [
        "/finns-inte",
        "/forbund/999",
        "/forbund/1/versioner/1/budget/rad/99/0",
    ] {
        let r = app.get(&u.client, path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        let html = r.text().await.expect("body");
        assert!(
            html.contains("<header class=\"site\">"),
            "{path}: inside the layout"
        );
        assert!(html.contains("<h1>Sidan finns inte</h1>"), "{path}");
        assert!(html.contains("<title>Sidan finns inte – Finsam</title>"));
        assert!(html.contains("href=\"/tillganglighet\""), "the footer too");
    }
}

/// Logs in as the director from the login `page`, posting `next` with the form.
async fn log_in_from(
    app: &TestApp,
    c: &reqwest::Client,
    page: &str,
    next: &str,
) -> reqwest::Response {
    let csrf = csrf_in(page);
    c.post(app.url("/logga-in"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("username", "demo"),
            ("password", finsam_app::demo::PASSWORD),
            ("next", next),
        ])
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn a_deep_link_is_kept_through_the_login_but_only_to_our_own_pages() {
    let app = spawn_app().await;
    let c = client();
    let deep = "/forbund/1/uppfoljning/2024?period=h1";
    let r = app.get(&c, deep).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().expect("text").to_owned();
    assert_eq!(
        to,
        "/logga-in?next=%2Fforbund%2F1%2Fuppfoljning%2F2024%3Fperiod%3Dh1"
    );
    let page = app.text(&c, &to).await;
    assert!(page.contains(&format!(
        "name=\"next\" value=\"{}\"",
        deep.replace('&', "&amp;")
    )));
    let r = log_in_from(&app, &c, &page, deep).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], deep);

    for outside in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "evil.example",
        "/logga-ut",
        "/ok\nSet-Cookie: x",
    ] {
        let c = client();
        let page = app
            .text(
                &c,
                &format!(
                    "/logga-in?{}",
                    serde_urlencoded::to_string([("next", outside)]).expect("query")
                ),
            )
            .await;
        assert!(
            !page.contains("name=\"next\""),
            "{outside:?} is not offered"
        );
        let r = log_in_from(&app, &c, &page, outside).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/", "{outside:?} is ignored");
    }
}

#[tokio::test]
async fn the_glossary_and_the_accessibility_statement_are_readable_without_a_login() {
    let app = spawn_app().await;
    let c = client();
    let html = app.text(&c, "/ordlista").await;
    assert!(html.contains("<dt id=\"beslutsutrymme\">Kvarvarande beslutsutrymme</dt>"));
    assert!(html.contains("<dt id=\"rekommendation\">"));
    assert!(html.contains("<dt id=\"administrationsandel\">"));
    let html = app.text(&c, "/tillganglighet").await;
    assert!(html.contains("<h1>Tillgänglighetsredogörelse</h1>"));
    assert!(html.contains("Rapportera brister"));
    assert!(html.contains("Digg"));
}

#[tokio::test]
async fn hard_concepts_are_explained_beside_their_figures() {
    let app = spawn_app().await;
    let u = app.login("styrelse").await;
    let page = app
        .text(
            &u.client,
            &format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}"),
        )
        .await;
    for id in ["beslutsutrymme", "rekommendation", "administrationsandel"] {
        assert!(
            page.contains(&format!("<a href=\"/ordlista#{id}\">Mer i ordlistan</a>")),
            "{id}: {page}"
        );
    }
    // Explained in words, closed until asked for (no script needed).
    assert!(page.contains("<details class=\"help\"><summary>Vad betyder det?"));
    assert!(page.contains("Hur mycket mer styrelsen kan bevilja under året"));
}

#[tokio::test]
async fn the_budget_and_the_overview_show_amounts_in_kr_or_tkr_as_asked() {
    let app = spawn_app().await;
    let u = app.login("styrelse").await;
    let v = format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}");
    // SOFINT's plan is written in kronor: shown in kronor, with tkr one link away.
    let kr = squash(&app.text(&u.client, &format!("{v}/budget")).await);
    assert!(
        kr.contains("<strong aria-current=\"true\">kr</strong>"),
        "{kr}"
    );
    assert!(kr.contains(&format!("<a href=\"{v}/budget?enhet=tkr\">tkr</a>")));
    assert!(
        kr.contains("<th scope=\"row\">Summa intäkter</th><td>3 600 000</td>"),
        "{kr}"
    );
    let tkr = squash(&app.text(&u.client, &format!("{v}/budget?enhet=tkr")).await);
    assert!(
        tkr.contains("Budget, belopp i tusental kronor (tkr)"),
        "{tkr}"
    );
    assert!(
        tkr.contains("<th scope=\"row\">Summa intäkter</th><td>3 600</td>"),
        "{tkr}"
    );
    // The overview's key figures follow; the chart's labels too.
    let dash = squash(&app.text(&u.client, &format!("{v}?enhet=tkr")).await);
    assert!(
        dash.contains("Nyckeltal per år, belopp i tusental kronor (tkr)"),
        "{dash}"
    );
    assert!(
        dash.contains(">rek. 720</text>") && dash.contains(">340</text>"),
        "the chart's labels in tkr: {dash}"
    );
    // The files follow the page's unit, and come back in it.
    assert!(
        tkr.contains(&format!("href=\"{v}/export/budget.csv?enhet=tkr\"")),
        "{tkr}"
    );
    let csv = app
        .text(&u.client, &format!("{v}/export/budget.csv?enhet=tkr"))
        .await;
    assert!(
        csv.contains("Summa intäkter,summa,Intäkter,,3600,3600,3600"),
        "{csv}"
    );
    // A word that is no unit is the plan's own.
    let other = squash(&app.text(&u.client, &format!("{v}/budget?enhet=mkr")).await);
    assert!(other.contains("<th scope=\"row\">Summa intäkter</th><td>3 600 000</td>"));
}
