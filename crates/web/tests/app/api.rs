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

/// The OpenAPI document, as anyone gets it.
async fn openapi_of(app: &TestApp) -> serde_json::Value {
    client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn the_openapi_document_lists_every_api_route() {
    let app = spawn_app().await;
    let doc = openapi_of(&app).await;
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
            "/api/forbund/{a}/ansokningar",
            "/api/forbund/{a}/ansokningar/{i}",
            "/api/forbund/{a}/ansokningar/{i}/utbetalningar",
            "/api/forbund/{a}/installningar",
            "/api/forbund/{a}/kalender",
            "/api/forbund/{a}/kontokoppling",
            "/api/forbund/{a}/logg",
            "/api/forbund/{a}/moten",
            "/api/forbund/{a}/moten/{d}",
            "/api/forbund/{a}/rapporter",
            "/api/forbund/{a}/uppfoljning",
            "/api/forbund/{a}/uppfoljning/{y}",
            "/api/forbund/{a}/uppfoljning/{y}/konto/{k}",
            "/api/forbund/{a}/versioner",
            "/api/forbund/{a}/versioner/{v}",
            "/api/forbund/{a}/versioner/{v}/planfil"
        ]
    );
    let source = include_str!("../../src/api/mod.rs");
    let squeezed: String = source.split_whitespace().collect();
    let routed = squeezed.matches(".route(\"/api/").count();
    assert_eq!(
        routed,
        paths.len() + 1,
        "every route but openapi.json itself is documented"
    );
}

/// Whether `value` has the shape `schema` describes, following `$ref`s into the document's
/// components: types, required and known properties, list items, one of several shapes. Enough
/// of JSON Schema for the schemas schemars writes; the first mismatch, with its path, is the
/// error.
fn conforms(
    doc: &serde_json::Value,
    schema: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
) -> Result<(), String> {
    use serde_json::Value;
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r
            .strip_prefix("#/components/schemas/")
            .ok_or(format!("{at}: {r}"))?;
        let target = &doc["components"]["schemas"][name];
        if target.is_null() {
            return Err(format!("{at}: no schema {name}"));
        }
        // A `$ref` beside properties of its own (an internally tagged enum's variant: the tag
        // beside the variant's struct) means both: the object's keys are the two parts' together.
        let Some(own) = schema.get("properties").and_then(Value::as_object) else {
            return conforms(doc, target, value, at);
        };
        let mut merged = target.clone();
        if let Some(props) = merged.get_mut("properties").and_then(Value::as_object_mut) {
            props.extend(own.clone());
        }
        if let (Some(req), Some(more)) = (
            merged.get_mut("required").and_then(Value::as_array_mut),
            schema.get("required").and_then(Value::as_array),
        ) {
            req.extend(more.iter().cloned());
        }
        return conforms(doc, &merged, value, at);
    }
    if let Some(options) = schema
        .get("oneOf")
        .or(schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        return if options.iter().any(|o| conforms(doc, o, value, at).is_ok()) {
            Ok(())
        } else {
            Err(format!("{at}: none of the shapes fits {value}"))
        };
    }
    if let Some(types) = schema.get("type") {
        let names: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let fits = |t: &str| match t {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "string" => value.is_string(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => false,
        };
        if !names.iter().any(|t| fits(t)) {
            return Err(format!("{at}: {value} is not {names:?}"));
        }
    }
    if let Some(choices) = schema.get("enum").and_then(Value::as_array)
        && !choices.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {choices:?}"));
    }
    if let (Some(items), Some(list)) = (schema.get("items"), value.as_array()) {
        for (i, v) in list.iter().enumerate() {
            conforms(doc, items, v, &format!("{at}[{i}]"))?;
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = key.as_str().unwrap_or_default();
            if !object.contains_key(key) {
                return Err(format!("{at}: {key} is missing"));
            }
        }
        if let Some(properties) = properties {
            for (key, v) in object {
                match properties.get(key) {
                    Some(s) => conforms(doc, s, v, &format!("{at}.{key}"))?,
                    None => return Err(format!("{at}: {key} is not in the schema")),
                }
            }
        }
    }
    Ok(())
}

/// Every JSON answer the document describes has the shape of its schema, taken from the
/// structs: SOFINT's budget, its follow-up January–June 2024, the lists and the mapping, as
/// the förbundschef gets them.
#[tokio::test]
async fn every_json_answer_has_the_shape_its_schema_says() {
    let app = spawn_app().await;
    let u = app.login("demo").await;
    let doc = openapi_of(&app).await;
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let Some(schema) = item.pointer("/get/responses/200/content/application~1json/schema")
        else {
            continue;
        };
        let url = path
            .replace("{a}", &SOFINT.to_string())
            .replace("{v}", &SOFINT_V1.to_string())
            .replace("{y}/konto/{k}", "2024/konto/1930?per_sida=5&sida=2")
            .replace("{y}", "2024?period=h1")
            .replace("{i}", "1")
            .replace("{d}", "2024-05-31");
        let r = u.client.get(app.url(&url)).send().await.expect("request");
        assert_eq!(r.status(), StatusCode::OK, "{url}");
        let body: serde_json::Value = r.json().await.expect("json");
        conforms(&doc, schema, &body, &url).unwrap_or_else(|e| panic!("{e}"));
        checked += 1;
        // The check itself can fail: a body with a field the schema does not know.
        let mut changed = body.clone();
        let target = match &mut changed {
            serde_json::Value::Array(list) => list.first_mut(),
            other => Some(other),
        };
        if let Some(serde_json::Value::Object(m)) = target {
            m.insert("okand".into(), serde_json::json!(1));
            assert!(
                conforms(&doc, schema, &changed, &url).is_err(),
                "{url}: an unknown field passed"
            );
        }
    }
    assert_eq!(checked, 16, "every GET with a JSON answer has a schema");
    let budget = &doc["components"]["schemas"]["Planversion"]["properties"];
    assert_eq!(
        budget["nyckeltal"]["items"]["$ref"], "#/components/schemas/Nyckeltal",
        "the key figures' schema is core's YearFigures"
    );
}
