//! The follow-up in the browser and the API: the demo's SIE file gives SOFINT's interim report;
//! imports are all or nothing, idempotent and confirmed when the file is another's; the mapping
//! and the forecast figures save, and bad input is refused in place.

use finsam_store::AssociationId;
use finsam_store::prelude::*;
use reqwest::StatusCode;

use crate::helpers::*;

async fn page(app: &TestApp, u: &User, path: &str) -> (StatusCode, String) {
    let r = app.get(&u.client, path).await;
    let status = r.status();
    (status, squash(&r.text().await.expect("body")))
}

#[tokio::test]
async fn the_board_reads_the_interim_report_from_the_demo_file() {
    let app = spawn_app().await;
    let u = app.login("styrelse").await;
    let (status, html) = page(
        &app,
        &u,
        &format!("/forbund/{SOFINT}/uppfoljning/2024?period=h1"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for row in [
        "<th scope=\"row\">Verksamhetens intäkter</th><td>1 800 000</td><td>1 988 014</td>",
        "<th scope=\"row\">Verksamhetens kostnader</th><td>−1 802 981</td><td>−2 106 711</td>",
        "<th scope=\"row\">Finansiella kostnader</th><td>−24</td><td>−1 285</td>",
        "<th scope=\"row\">Periodens resultat</th><td>−3 005</td><td>−119 982</td>",
        "<th scope=\"row\">Fordringar</th><td>84 812</td><td>46 780</td>",
        "<th scope=\"row\">Kassa och bank</th><td>2 563 482</td><td>2 929 429</td>",
        "<th scope=\"row\">Eget kapital</th><td>479 147</td><td>649 165</td>",
        "<th scope=\"row\">Kortfristiga skulder</th><td>2 169 147</td><td>2 327 044</td>",
        "<th scope=\"row\">Summa eget kapital och skulder</th><td>2 648 294</td><td>2 976 209</td>",
        "<th scope=\"row\">Rörelsens kostnader</th><td>1 803 005</td><td>1 811 828</td><td>8 823</td><td>0,5 %</td>",
        "Varav insatser</th><td>1 189 503</td><td>1 189 496</td><td>−7</td>",
        "Varav strukturövergripande insatser</th><td>175 271</td><td>199 958</td><td>24 687</td><td>12,3 %</td>",
        "Varav administrativa kostnader</th><td>438 231</td><td>422 374</td><td>−15 857</td><td>−3,8 %</td>",
        "Administrationens andel av kostnaderna under perioden: <strong>24 %</strong>",
    ] {
        assert!(html.contains(row), "missing: {row}");
    }
    assert!(
        !html.contains("Spara prognosen"),
        "the board cannot change the forecast"
    );
    // A month, and a period that does not exist.
    let (status, html) = page(
        &app,
        &u,
        &format!("/forbund/{SOFINT}/uppfoljning/2024?period=2024-06"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<th scope=\"row\">Verksamhetens intäkter</th><td>300 000</td>"));
    let (status, html) = page(
        &app,
        &u,
        &format!("/forbund/{SOFINT}/uppfoljning/2024?period=2025-01"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("utanför räkenskapsåret"), "{html}");
    let (status, _) = page(&app, &u, &format!("/forbund/{SOFINT}/uppfoljning/2019")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The voucher rows behind a line, linked from it.
    let (_, html) = page(
        &app,
        &u,
        &format!("/forbund/{SOFINT}/uppfoljning/2024?period=h1"),
    )
    .await;
    assert!(
        html.contains(&format!("Coachingteamet <span class=\"muted\">(konto <a href=\"/forbund/{SOFINT}/uppfoljning/2024/konto/4010\">4010</a>)</span>")),
        "{html}"
    );
    let (_, html) = page(
        &app,
        &u,
        &format!("/forbund/{SOFINT}/uppfoljning/2024/konto/4010"),
    )
    .await;
    assert!(
        html.contains("<th scope=\"row\">Summa</th><td></td><td></td><td>1 189 503</td>"),
        "{html}"
    );
}

#[tokio::test]
async fn an_import_is_all_or_nothing_idempotent_and_confirmed_for_another_organisation() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let imports = || async {
        app.store
            .ledger_imports(AssociationId(SOFINT))
            .await
            .expect("lists")
    };
    let before = imports().await;
    // The demo's own file again: nothing changes.
    let r = upload_sie(
        &app,
        &u,
        include_bytes!("../../../../examples/sofint-2024-06.se").to_vec(),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(squash(&r.text().await.unwrap()).contains("Samma fil"));
    assert_eq!(imports().await, before);
    let audit = app.audit_len(SOFINT).await;
    // An HTML page saved as .SE: refused with the reason, nothing changes.
    let r = upload_sie(
        &app,
        &u,
        include_bytes!("../../../sie/tests/corpus/BokSald.SE").to_vec(),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = squash(&r.text().await.unwrap());
    assert!(
        html.contains("filen är inte en SIE-fil utan en webbsida (HTML)"),
        "{html}"
    );
    assert!(html.contains("ingenting har ändrats"));
    // A broken date deep in the file: refused with its line.
    let mut broken = another_export();
    let text: String = broken.iter().map(|&b| char::from(b)).collect();
    let text = text.replacen("#VER A 30 20240325", "#VER A 30 20240231", 1);
    broken = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let r = upload_sie(&app, &u, broken, &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(squash(&r.text().await.unwrap()).contains("&#34;20240231&#34; är inget giltigt datum"));
    assert_eq!(imports().await, before);
    assert_eq!(
        app.audit_len(SOFINT).await,
        audit,
        "a refused import writes nothing"
    );
    // The wrong year: refused until confirmed.
    let r = upload_sie(&app, &u, another_export(), &[("ar", "2023")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = squash(&r.text().await.unwrap());
    assert!(html.contains("inte 2023"), "{html}");
    assert!(
        html.contains("name=\"bekrafta\""),
        "the confirmation box is offered"
    );
    assert_eq!(imports().await, before);
    let r = upload_sie(
        &app,
        &u,
        another_export(),
        &[("ar", "2023"), ("bekrafta", "1")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = squash(&r.text().await.unwrap());
    assert!(html.contains("har ersatt den tidigare importen"), "{html}");
    let after = imports().await;
    assert_eq!(after.len(), 1);
    assert_ne!(after[0].file_sha256, before[0].file_sha256);
    let log = app.store.audit_log(AssociationId(SOFINT), 1).await.unwrap();
    assert_eq!(log[0].action, "ledger.replace");
}

#[tokio::test]
async fn the_mapping_is_edited_in_the_browser_and_bad_rules_are_refused_in_place() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let path = format!("/forbund/{SOFINT}/kontokoppling");
    let (_, html) = page(&app, &u, &path).await;
    assert!(
        html.contains(
            "<td data-label=\"Namn\">Coachingteamet</td><td data-label=\"Kategori\">Insatser</td><td data-label=\"Budgetrad\">Coachingteamet</td><td data-label=\"Enligt\">egen regel</td>"
        ),
        "{html}"
    );
    let bad = "4010 insats \"Coachingteamet\"\n4020-4010 insats\n4050 kaffe\n";
    let r = app
        .post_form(
            &u,
            &path,
            &[
                ("kontoplan", "kommunbas"),
                ("regler", bad),
                ("row_version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(
            "<a href=\"#regler\">Rad 2: intervallet 4020-4010 slutar före det börjar</a>"
        ),
        "the error summary links to the text: {html}"
    );
    assert!(
        html.contains("Rad 3: &#34;kaffe&#34; är ingen kategori"),
        "{html}"
    );
    assert!(html.contains("4050 kaffe"), "the text is kept");
    assert_eq!(
        app.store
            .mapping(AssociationId(SOFINT))
            .await
            .unwrap()
            .unwrap()
            .row_version,
        1
    );
    // A stale form: someone saved in between.
    let good = "3000-3999 medlemsbidrag\n4010 insats \"Coachingteamet\"\n";
    let r = app
        .post_form(
            &u,
            &path,
            &[
                ("kontoplan", "kommunbas"),
                ("regler", good),
                ("row_version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app
        .post_form(
            &u,
            &path,
            &[
                ("kontoplan", "bas"),
                ("regler", "4010 strukturell\n"),
                ("row_version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Någon annan har sparat kontokopplingen")
    );
    let saved = saved_mapping(&app).await;
    assert_eq!(
        (
            saved.chart.as_str(),
            saved.rules.as_str(),
            saved.row_version
        ),
        ("kommunbas", good, 2)
    );
    // Without their own rules, 4050–4620 fall to Kommun-Bas's default for class 4: insats.
    let (_, html) = page(
        &app,
        &u,
        &format!("/forbund/{SOFINT}/uppfoljning/2024?period=h1"),
    )
    .await;
    assert!(
        html.contains("Varav insatser</th><td>1 669 774</td>"),
        "{html}"
    );
}

#[tokio::test]
async fn forecast_figures_save_and_bad_ones_are_refused_next_to_the_form() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let path = format!("/forbund/{SOFINT}/uppfoljning/2024/prognos");
    let r = app
        .post_form(
            &u,
            &path,
            &[
                ("period", "h1"),
                ("rad", "insats:Coachingteamet"),
                ("belopp", "två miljoner"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = squash(&r.text().await.unwrap());
    assert!(html.contains("<h2>Prognosen sparades inte</h2>"), "{html}");
    // The summary links to the refused field, which keeps what was typed and is marked.
    let field = html
        .split("<a href=\"#belopp-")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a link to the field")
        .to_owned();
    assert!(html.contains(&format!(
        "id=\"belopp-{field}\" name=\"belopp\" inputmode=\"decimal\" size=\"12\" value=\"två miljoner\" aria-invalid=\"true\""
    )), "{html}");
    assert!(
        html.contains("Coachingteamet: &#34;två miljoner&#34;"),
        "{html}"
    );
    assert!(
        app.store
            .forecast_adjustments(AssociationId(SOFINT), 2024)
            .await
            .unwrap()
            .is_empty()
    );
    let r = app
        .post_form(
            &u,
            &path,
            &[
                ("period", "h1"),
                ("rad", "insats:Coachingteamet"),
                ("belopp", "2 403 500"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        format!("/forbund/{SOFINT}/uppfoljning/2024?period=h1#prognos")
    );
    let (_, html) = page(
        &app,
        &u,
        &format!("/forbund/{SOFINT}/uppfoljning/2024?period=h1"),
    )
    .await;
    assert!(
        html.contains("value=\"2 403 500\""),
        "the figure is shown in its field"
    );
    // 45 398 planned, less the extra 12 243 for Coachingteamet.
    assert!(
        html.contains("<th scope=\"row\">Resultat</th><td>33 155</td>"),
        "{html}"
    );
}

#[tokio::test]
async fn the_api_gives_the_follow_up_and_imports_files() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let v: serde_json::Value = u
        .client
        .get(app.url(&format!("/api/forbund/{SOFINT}/uppfoljning/2024?period=h1")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let row = |table: &str, key: &str| {
        v[table]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["nyckel"] == key || r["rad"] == key)
            .cloned()
            .unwrap()
    };
    let costs = row("prognostabell", "kostnader");
    assert_eq!(
        (costs["utfall"].as_i64(), costs["avvikelse"].as_i64()),
        (Some(180_300_500), Some(882_300))
    );
    assert_eq!(row("balansrakning", "Eget kapital")["period"], 47_914_700);
    assert_eq!(v["administrationsandel_hundradels_procent"], 2431);
    let post = |bytes: Vec<u8>, query: &str| {
        u.client
            .post(app.url(&format!("/api/forbund/{SOFINT}/uppfoljning{query}")))
            .header("x-csrf-token", &u.csrf)
            .body(bytes)
            .send()
    };
    let r = post(b"<html>404</html>".to_vec(), "").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["bekraftelse_kravs"], false);
    let r = post(another_export(), "?ar=2023").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["bekraftelse_kravs"],
        true
    );
    let r = post(another_export(), "?filnamn=juni.se").await.unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["resultat"],
        "ersatt"
    );
    let r = post(another_export(), "?filnamn=juni.se").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["resultat"],
        "oforandrad"
    );
}

#[tokio::test]
async fn an_older_export_does_not_replace_a_newer_one_unconfirmed() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let mut older = finsam_sie::read(include_bytes!("../../../../examples/sofint-2024-06.se"))
        .expect("the demo file");
    older.generated = Some((
        time::Date::from_calendar_date(2024, time::Month::July, 1).unwrap(),
        None,
    ));
    let bytes = finsam_sie::write(&older, true);
    let r = upload_sie(&app, &u, bytes.clone(), &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = squash(&r.text().await.unwrap());
    assert!(
        html.contains("Filen skapades 2024-07-01, före den som redan är importerad"),
        "{html}"
    );
    let r = upload_sie(&app, &u, bytes, &[("bekrafta", "1")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let imports = app
        .store
        .ledger_imports(AssociationId(SOFINT))
        .await
        .unwrap();
    assert_eq!(
        imports[0].generated.map(|d| d.to_string()).as_deref(),
        Some("2024-07-01")
    );
}

#[tokio::test]
async fn periods_after_the_last_booked_day_are_marked_and_the_budget_can_be_switched() {
    let app = spawn_app().await;
    let u = app.login("styrelse").await;
    let base = format!("/forbund/{SOFINT}/uppfoljning/2024");
    // The demo file ends 2024-06-30: halvår 2 has no bookkeeping, tertial 2 only May and June.
    let (status, h2) = page(&app, &u, &format!("{base}?period=h2")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        h2.contains(
            "Ingen bokföring efter 2024-06-30: perioden 2024-07-01 – 2024-12-31 har ingen bokföring"
        ),
        "{h2}"
    );
    // Its budget is shown, its deviation is a dash and no check claims the period is fine.
    assert!(
        h2.contains("<th scope=\"row\">Rörelsens intäkter</th><td>0</td><td>1 800 000</td><td>–</td><td></td>"),
        "{h2}"
    );
    assert!(!h2.contains("prognosen håller förbundets regler"));
    let (_, t2) = page(&app, &u, &format!("{base}?period=t2")).await;
    assert!(t2.contains(
        "Ingen bokföring efter 2024-06-30: perioden 2024-05-01 – 2024-08-31 är inte hel. Utfall och budget jämförs till och med 2024-06-30"
    ));
    let (_, h1) = page(&app, &u, &format!("{base}?period=h1")).await;
    assert!(!h1.contains("Ingen bokföring efter"));
    // The chart per cost category, with its figures in words for those who do not see it.
    assert!(
        h1.contains("<title id=\"kategori-titel\">Utfall mot budget per kostnadskategori"),
        "{h1}"
    );
    assert!(h1.contains("Insatser: utfall 1 189 503 kr mot budget 1 189 496 kr, över budget"));
    // The year's cost curve against the budget's months, whatever period is shown: booked
    // through June, its last dot labelled.
    for page in [&h1, &h2] {
        assert!(page.contains("<title id=\"kurva-titel\">Kostnader hittills i år mot budgeten, månad för månad</title>"));
        assert!(page.contains("Till och med 2024-06: kostnader 1 803 005 kr mot budgetens"));
        assert_eq!(
            page.matches("<circle ").count(),
            6,
            "a dot per booked month"
        );
        assert!(page.contains(">1 803 tkr</text>"));
    }
    // The forecast counts the books through June whichever period is shown.
    assert!(h2.contains("Utfall t.o.m. <span class=\"date\">2024-06-30</span>"));

    // The file's period budget by default, said so; the adopted plan's when asked for.
    assert!(h1.contains("<option value=\"sie\" selected>"), "{h1}");
    assert!(h1.contains("Budgeten är bokföringsprogrammets periodbudget ur SIE-filen."));
    let (_, plan) = page(&app, &u, &format!("{base}?period=h1&budget=plan")).await;
    assert!(plan.contains("<option value=\"plan\" selected>"), "{plan}");
    assert!(plan.contains("Budgeten är den antagna planens årsbelopp per månad"));
    // Income is the same actual against the plan's half of 3 600 000.
    assert!(
        plan.contains("<th scope=\"row\">Rörelsens intäkter</th><td>1 800 000</td><td>1 800 000</td><td>0</td><td>0,0 %</td>"),
        "{plan}"
    );
    // The export follows the page's choice.
    assert!(plan.contains("uppfoljning.xlsx?period=h1&#38;budget=plan"));
    // In tkr: the same rows in thousands, the switch keeps period and budget, the captions say
    // the unit; the forecast's own figures are still typed in kronor.
    assert!(
        plan.contains(
            "href=\"/forbund/1/uppfoljning/2024?period=h1&#38;budget=plan&#38;enhet=tkr\""
        ),
        "{plan}"
    );
    let (_, tkr) = page(&app, &u, &format!("{base}?period=h1&budget=plan&enhet=tkr")).await;
    assert!(
        tkr.contains("<th scope=\"row\">Rörelsens intäkter</th><td>1 800</td><td>1 800</td><td>0</td><td>0,0 %</td>"),
        "{tkr}"
    );
    assert!(
        tkr.contains(
            "Utfall och budget per kategori och budgetrad, belopp i tusental kronor (tkr)"
        )
    );
    assert!(tkr.contains("<th scope=\"col\">Eget belopp (kr)</th>"));
    assert!(tkr.contains("<input type=\"hidden\" name=\"enhet\" value=\"tkr\">"));
    // The API takes the same choice and says which budget it used; an unbooked period's
    // deviations are null there.
    let api = |q: &'static str| {
        let c = u.client.clone();
        let url = app.url(&format!("/api/forbund/{SOFINT}/uppfoljning/2024?{q}"));
        async move {
            c.get(url)
                .send()
                .await
                .expect("request")
                .json::<serde_json::Value>()
                .await
                .expect("JSON")
        }
    };
    let j = api("period=h1&budget=plan").await;
    assert_eq!(j["budgetkalla"], "plan");
    assert_eq!(j["budgetkallor"], serde_json::json!(["sie", "plan"]));
    let j = api("period=h2").await;
    assert_eq!(j["budgetkalla"], "sie");
    assert_eq!(j["bokforing"], "ingen");
    assert_eq!(j["bokford_till"], "2024-06-30");
    assert!(j["prognostabell"][0]["avvikelse"].is_null(), "{j}");
    // A word that names no budget is the default, never an error.
    let (status, other) = page(&app, &u, &format!("{base}?period=h1&budget=egen")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(other.contains("<option value=\"sie\" selected>"));
}

/// SOFINT's saved account mapping.
async fn saved_mapping(app: &TestApp) -> finsam_store::MappingData {
    app.store
        .mapping(AssociationId(SOFINT))
        .await
        .unwrap()
        .expect("SOFINT has a mapping")
}

/// The demo's bookkeeping with a tax of 1 234 kr on 8910 (outside every rule and the chart's
/// standard), moved from 8590 so that the balance sheet is untouched.
fn with_unmapped_tax() -> Vec<u8> {
    let text: String = another_export().iter().map(|&b| char::from(b)).collect();
    let text = text.replacen(
        "#KONTO 8590 Bankavgifter",
        "#KONTO 8590 Bankavgifter\r\n#KONTO 8910 Skatt",
        1,
    ) + "#VER A 999 20240315 Skatt 20240315\r\n{\r\n#TRANS 8910 {} 1234.00\r\n#TRANS 8590 {} -1234.00\r\n}\r\n";
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

#[tokio::test]
async fn unmapped_accounts_are_the_same_everywhere_and_mapped_from_a_list() {
    let app = spawn_app().await;
    let u = app.login("ekonom").await;
    let r = upload_sie(&app, &u, with_unmapped_tax(), &[]).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let label = "8910 Skatt (1 234 kr)";
    // The overview, the mapping page, the follow-up of any period and the account page.
    let (_, overview) = page(&app, &u, &format!("/forbund/{SOFINT}/uppfoljning")).await;
    assert!(
        squash(&overview).contains(&format!("Utan koppling till budgeten: {label}.")),
        "{overview}"
    );
    let mapping_path = format!("/forbund/{SOFINT}/kontokoppling");
    let (_, mapping) = page(&app, &u, &mapping_path).await;
    let mapping = squash(&mapping);
    assert!(
        mapping.contains(&format!(
            "1 konto har belopp under året men hör inte till någon budgetrad eller kategori:</strong></p><ul><li><a href=\"#konto-8910\">{label}</a></li></ul>"
        )),
        "{mapping}"
    );
    for period in ["2024-01", "h1", "helar"] {
        let (_, f) = page(
            &app,
            &u,
            &format!("/forbund/{SOFINT}/uppfoljning/2024?period={period}"),
        )
        .await;
        assert!(
            f.contains(
                "Konto 8910 Skatt har 1 234 kr under året men hör inte till någon budgetrad"
            ),
            "{period}"
        );
    }
    let account = format!("/forbund/{SOFINT}/uppfoljning/2024/konto/8910");
    let (_, acct) = page(&app, &u, &account).await;
    assert!(acct.contains("Kontot har 1 234 kr under året men hör inte till någon budgetrad"));
    assert!(acct.contains("I uppföljningen hör kontot till: Ingen budgetrad eller kategori."));

    // Mapped from the list on the mapping page: the rules text gets one line, nothing else
    // changes, and the account is no longer reported anywhere.
    let before = saved_mapping(&app).await;
    assert!(
        mapping
            .contains("<option value=\"insats|Coachingteamet\">Coachingteamet (insatser)</option>"),
        "{mapping}"
    );
    let rv = before.row_version.to_string();
    let save = format!("{mapping_path}/konto/8910");
    // A stale form is refused and changes nothing.
    let stale = (before.row_version - 1).to_string();
    let r = app
        .post_form(
            &u,
            &save,
            &[("mal", "övrig-kostnad|"), ("row_version", &stale)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("så konto 8910 ändrades inte")
    );
    // A choice that is not in the list is refused.
    let r = app
        .post_form(&u, &save, &[("mal", "kaffe|"), ("row_version", &rv)])
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .post_form(
            &u,
            &save,
            &[("mal", "övrig-kostnad|"), ("row_version", &rv)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    let (_, saved) = page(&app, &u, &to).await;
    assert!(
        saved.contains("Sparat: konto 8910 hör nu till kategorin övriga kostnader."),
        "{saved}"
    );
    let after = saved_mapping(&app).await;
    assert_eq!(after.rules, format!("{}8910 övrig-kostnad\n", before.rules));
    assert!(!squash(&saved).contains("hör inte till någon budgetrad eller kategori:</strong>"));
    let (_, overview) = page(&app, &u, &format!("/forbund/{SOFINT}/uppfoljning")).await;
    assert!(!overview.contains("Utan koppling till budgeten"));
    // From the account's own page, to a budget line; the answer comes back there.
    let rv = after.row_version.to_string();
    let r = app
        .post_form(
            &u,
            &save,
            &[
                ("mal", "insats|Coachingteamet"),
                ("row_version", &rv),
                ("fran", "konto"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(to.starts_with(&account), "{to}");
    let (_, acct) = page(&app, &u, &to).await;
    assert!(acct.contains("Sparat: konto 8910 hör nu till budgetraden Coachingteamet (insatser)."));
    assert!(acct.contains("<option value=\"insats|Coachingteamet\" selected>"));
    let last = saved_mapping(&app).await;
    assert_eq!(
        last.rules,
        format!("{}8910 insats \"Coachingteamet\"\n", before.rules)
    );
    // The board reads the mapping but gets no forms.
    let board = app.login("styrelse").await;
    let (_, read) = page(&app, &board, &account).await;
    assert!(!read.contains("kontokoppling/konto/8910"));
    let r = app
        .post_form(&board, &save, &[("mal", ""), ("row_version", "9")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// The follow-up's body and the budget's table are kept rendered for everyone with the same
/// rights, but each page carries its own session's CSRF token in its forms, and a save is seen
/// at once.
#[tokio::test]
async fn a_kept_follow_up_page_carries_each_sessions_token_and_never_goes_stale() {
    let app = spawn_app().await;
    let path = format!("/forbund/{SOFINT}/uppfoljning/2024?period=h1");
    let tokens = |html: &str| -> Vec<String> {
        html.split("name=\"_csrf\" value=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(str::to_owned)
            .collect()
    };
    let mut seen = Vec::new();
    for _ in 0..2 {
        let u = app.login("ekonom").await;
        let (_, html) = page(&app, &u, &path).await;
        let t = tokens(&html);
        assert!(t.len() >= 2, "the logout form and the forecast form");
        assert!(t.iter().all(|x| *x == u.csrf), "{t:?} vs {}", u.csrf);
        // The budget's kept table too: every move form carries this session's token.
        let (_, budget) = page(
            &app,
            &u,
            &format!("/forbund/{SOFINT}/versioner/{SOFINT_V1}/budget"),
        )
        .await;
        let t = tokens(&budget);
        assert!(t.len() > 10, "a move form per line");
        assert!(t.iter().all(|x| *x == u.csrf), "{t:?} vs {}", u.csrf);
        seen.push(u.csrf.clone());
        // A save shows at once: the kept page is of the stamp before it.
        let r = app
            .post_form(
                &u,
                &format!("/forbund/{SOFINT}/uppfoljning/2024/prognos"),
                &[
                    ("period", "h1"),
                    ("rad", "insats:Coachingteamet"),
                    (
                        "belopp",
                        if seen.len() == 1 {
                            "2 400 000"
                        } else {
                            "2 500 000"
                        },
                    ),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let (_, after) = page(&app, &u, &path).await;
        let expected = if seen.len() == 1 {
            "2 400 000"
        } else {
            "2 500 000"
        };
        assert!(after.contains(&format!("value=\"{expected}\"")), "{after}");
    }
    assert_ne!(seen[0], seen[1], "two sessions, two tokens");
}

/// In prose an amount is never split over two lines: its spaces are no-break spaces.
#[tokio::test]
async fn amounts_in_sentences_stay_on_one_line() {
    let app = spawn_app().await;
    let u = app.login("styrelse").await;
    let raw = app
        .get(
            &u.client,
            &format!("/forbund/{SOFINT}/uppfoljning/2024?period=h1"),
        )
        .await
        .text()
        .await
        .expect("body");
    assert!(
        raw.contains("kostnader 1\u{a0}803\u{a0}005\u{a0}kr mot budgetens"),
        "the cost curve's caption"
    );
    assert!(
        raw.contains("450\u{a0}000\u{a0}kr men bokföringens är 482\u{a0}152\u{a0}kr"),
        "a finding"
    );
    // Tables are left as they are (their cells do not wrap).
    assert!(raw.contains("<td>1 803 005</td>"));
}
