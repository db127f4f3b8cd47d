//! The insatser pages over the demo: the list with what is overdue, one application with its
//! history and deadlines, its file; an insatsägare's own only, another member's not found.

use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn the_kansli_reads_the_applications_and_an_insatsagare_only_its_own() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let list = squash(
        &app.text(&u.client, &format!("/forbund/{SOFINT}/insatser"))
            .await,
    );
    assert!(
        list.contains("<td data-label=\"Insatsägare\">Lindesbergs kommun</td>"),
        "{list}"
    );
    for (number, insats, state) in [
        ("2023/1", "Coachingteamet", "pågående"),
        ("2024/1", "Rehabmässan", "avtal tecknat"),
        ("2024/2", "Hälsosteget", "inkommen"),
    ] {
        assert!(
            list.contains(&format!(
                ">{number}</a></th><td data-label=\"Insats\">{insats}</td>"
            )),
            "{number}: {list}"
        );
        assert!(list.contains(state), "{state}");
    }
    // The navigation has the page, marked.
    assert!(list.contains("<a href=\"/forbund/1/insatser\" aria-current=\"page\">Insatser</a>"));
    // Hälsosteget was never answered: its answer is overdue (due 2024-12-15).
    assert!(list.contains("<td data-label=\"Frist\">Svar på ansökan</td><td data-label=\"Sista dag\"><span class=\"date\">2024-12-15</span></td>"), "{list}");

    let page = squash(
        &app.text(&u.client, &format!("/forbund/{SOFINT}/insatser/1"))
            .await,
    );
    assert!(page.contains("<h1>Coachingteamet (2023/1)</h1>"), "{page}");
    assert!(
        page.contains("<dt>Insatsägare</dt><dd>Lindesbergs kommun</dd>"),
        "{page}"
    );
    // Granted 2 330 000, then the tillägg: 2 403 500 now.
    assert!(
        page.contains(
            "<tr><th scope=\"row\">2024</th><td>2 330 000 kr</td><td>2 403 500 kr</td></tr>"
        ),
        "{page}"
    );
    assert!(page.contains("Tilläggsbeslut: beviljad"));
    assert!(page.contains("<dt>Beslutat av</dt><dd>styrelsen, § 31</dd>"));
    assert!(page.contains("Avtal efter beviljande</th><td data-label=\"Sista dag\"><span class=\"date\">2023-11-12</span>"));
    assert!(page.contains("<strong class=\"ok\">i tid</strong>"));
    let r = app
        .get(&u.client, &format!("/forbund/{SOFINT}/insatser/1/filer/1"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(r.bytes().await.expect("bytes").starts_with(b"%PDF"));

    // The insatsägare for Lindesberg: its own only; the rest of the förbund is not its.
    let owner = app.login("insats").await;
    let own = squash(
        &app.text(&owner.client, &format!("/forbund/{SOFINT}/insatser"))
            .await,
    );
    assert!(own.contains("Coachingteamet"));
    assert!(
        !own.contains("Rehabmässan") && !own.contains("Hälsosteget"),
        "{own}"
    );
    assert!(own.contains("Du ser ansökningarna och insatserna för den medlem du företräder."));
    assert!(
        !own.contains(">Budget</a>"),
        "no plan pages in its navigation"
    );
    let r = app
        .get(&owner.client, &format!("/forbund/{SOFINT}/insatser/2"))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "another member's application"
    );
    let home = app.text(&owner.client, "/").await;
    assert!(home.contains("href=\"/forbund/1/insatser\""), "{home}");
}
