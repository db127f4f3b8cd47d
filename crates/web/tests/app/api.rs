//! The JSON API and its OpenAPI document.

use reqwest::StatusCode;

use crate::helpers::*;

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
    // The version's JSON is cached per row version: after the save it is the new plan's.
    let after = u.client.get(app.url(&path)).send().await.expect("request");
    assert_eq!(
        after.headers()["content-type"],
        "application/json",
        "served as JSON"
    );
    let after: serde_json::Value = after.json().await.expect("json");
    assert_eq!(after["radversion"], 2);
    assert_eq!(
        after["nyckeltal"][0]["resultat"],
        -10_982_500 - 100_000,
        "Rehabmässan 1 000 kr dearer"
    );
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
