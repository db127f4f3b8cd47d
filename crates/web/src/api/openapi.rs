//! The OpenAPI document of the API. Paths and their words are written here; the response
//! bodies' schemas come from the structs that are serialized (schemars), so that a field the
//! JSON gains is in the document too.

use axum::Json;
use finsam_core::actuals::FollowUp;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Value, json};

use super::responses::*;
use crate::error::Problem;

/// The OpenAPI description of the API.
pub fn openapi_document() -> Value {
    let mut schemas = SchemaSettings::draft2020_12()
        .with(|s| {
            s.definitions_path = "/components/schemas".into();
            s.meta_schema = None;
        })
        .into_generator();
    // A JSON answer whose body is `T` (or a list of `T`).
    let body = |list: bool, schema: Value, description: &str| {
        let schema = if list {
            json!({ "type": "array", "items": schema })
        } else {
            schema
        };
        json!({ "description": description, "content": { "application/json": { "schema": schema } } })
    };
    let associations = body(
        true,
        reference::<AssociationItem>(&mut schemas),
        "Förbund där du har en roll, med din roll",
    );
    let versions = body(
        true,
        reference::<VersionItem>(&mut schemas),
        "Versionerna, nyaste planen först",
    );
    let version = body(
        false,
        reference::<VersionReport>(&mut schemas),
        "Budgeten med beräknade summor, nyckeltal per år och kontrollernas fynd",
    );
    let saved = body(
        false,
        reference::<Saved>(&mut schemas),
        "Sparad; ny radversion",
    );
    let imports = body(
        true,
        reference::<ImportItem>(&mut schemas),
        "Importerna: år, fil, SHA-256, program, antal verifikationsrader",
    );
    let follow_up = body(
        false,
        reference::<FollowUp>(&mut schemas),
        "Uppföljningen; belopp i öre, andelar i hundradels procent",
    );
    let mapping = body(
        false,
        reference::<MappingReport>(&mut schemas),
        "Kontoplan, regeltext och tolkade regler",
    );
    let audit = body(
        false,
        reference::<AuditPageReport>(&mut schemas),
        "En sida av ändringsloggen, nyaste först",
    );
    let settings = body(
        false,
        reference::<SettingsReport>(&mut schemas),
        "Förbundets inställningar för ansökningar; belopp i öre",
    );
    let meetings = body(
        false,
        reference::<MeetingsReport>(&mut schemas),
        "Styrelsens möten, det tidigaste först",
    );
    let meeting = body(
        false,
        reference::<MeetingReport>(&mut schemas),
        "Mötet och besluten där, i paragrafernas ordning",
    );
    let disbursements = body(
        false,
        reference::<DisbursementsReport>(&mut schemas),
        "Beviljat, begärt, godkänt och utbetalt; belopp i öre",
    );
    let reports_due = body(
        false,
        reference::<ReportsDueReport>(&mut schemas),
        "Rapporter från insatserna efter sista dag (en insatsägare ser bara sina)",
    );
    let calendar = body(
        false,
        reference::<finsam_core::report::calendar::Calendar>(&mut schemas),
        "Årets möten och rapportdagar, efter dag och tid (svensk tid)",
    );
    let account_rows = body(
        false,
        reference::<AccountRowsReport>(&mut schemas),
        "En sida av kontots verifikationsrader i datumordning, med summan av alla",
    );
    let applications = body(
        false,
        reference::<ApplicationPage>(&mut schemas),
        "En sida av förbundets ansökningar, senast inkomna först (en insatsägare ser bara sina)",
    );
    let application = body(
        false,
        reference::<ApplicationReport>(&mut schemas),
        "En ansökan: insatsen, ärendets gång och det som är beviljat nu",
    );
    let id = |name: &str| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "integer" } });
    let page = |name: &str, description: &str| json!({ "name": name, "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1 }, "description": description });
    let text = |name: &str, description: &str| json!({ "name": name, "in": "query", "required": false, "schema": { "type": "string" }, "description": description });
    // Every refusal and error: RFC 9457 problem details.
    let problem_schema = reference::<Problem>(&mut schemas);
    let problem = |description: &str| json!({ "description": description, "content": { "application/problem+json": { "schema": problem_schema } } });
    let errors = json!({
        "400": problem("Begäran kunde inte läsas"),
        "401": problem("Inte inloggad"),
        "403": problem("Rollen tillåter inte detta, eller CSRF-token saknas"),
        "404": problem("Finns inte, eller inte i ett förbund där du har en roll"),
        "429": problem("För många försök eller uppladdningar just nu; vänta Retry-After sekunder"),
    });
    let with = |extra: Value| {
        let mut m = errors.as_object().cloned().unwrap_or_default();
        if let Some(o) = extra.as_object() {
            m.extend(o.clone());
        }
        Value::Object(m)
    };
    json!({
        "openapi": "3.1.0",
        "info": { "title": "Finsam API", "version": env!("CARGO_PKG_VERSION"),
                  "description": "Samma resurser och behörigheter som webbsidorna. Belopp anges i öre. Logga in via /logga-in; ändringar kräver då sessionens CSRF-token i X-CSRF-Token. Ett annat system använder i stället en API-nyckel: Authorization: Bearer …" },
        "components": {
            "securitySchemes": { "session": { "type": "apiKey", "in": "cookie", "name": "finsam_session" },
                                 "token": { "type": "http", "scheme": "bearer", "description": "En API-nyckel som förbundschefen skapat under Förbund › API-nycklar; ingen CSRF-token behövs" } },
            "schemas": without_descriptions(Value::Object(schemas.take_definitions(true))),
        },
        "security": [{ "session": [] }, { "token": [] }],
        "paths": {
            "/api/forbund": { "get": { "summary": "Förbund där du har en roll", "responses": with(json!({ "200": associations })) } },
            "/api/forbund/{a}/versioner": { "get": { "summary": "Planversioner i ett förbund, sida för sida (hela listans längd i X-Total-Count)",
                "parameters": [id("a"), page("sida", "Sidan, från 1"), page("per_sida", "Versioner per sida (högst 500)")],
                "responses": with(json!({ "200": versions })) } },
            "/api/forbund/{a}/versioner/{v}": { "get": { "summary": "En version: budget, nyckeltal och fynd", "parameters": [id("a"), id("v")],
                "responses": with(json!({ "200": version })) } },
            "/api/forbund/{a}/versioner/{v}/planfil": { "put": { "summary": "Ersätt ett utkasts planfil", "parameters": [id("a"), id("v"),
                    { "name": "If-Match", "in": "header", "required": true, "schema": { "type": "integer" }, "description": "Radversionen du utgick från" }],
                "requestBody": { "required": true, "content": { "application/toml": { "schema": { "type": "string" } }, "text/plain": { "schema": { "type": "string" } } } },
                "responses": with(json!({ "200": saved, "409": problem("Någon annan har sparat; aktuell radversion anges"),
                                          "413": problem("Planfilen är för stor"),
                                          "422": problem("Planfilen kunde inte läsas; fel med rad och kolumn") })) } },
            "/api/forbund/{a}/uppfoljning": {
                "get": { "summary": "Importerade räkenskapsår", "parameters": [id("a")],
                    "responses": with(json!({ "200": imports })) },
                "post": { "summary": "Importera en SIE-fil (allt eller inget; samma fil igen ändrar ingenting)", "parameters": [id("a"),
                        { "name": "ar", "in": "query", "required": false, "schema": { "type": "integer" }, "description": "Räkenskapsåret filen ska gälla" },
                        { "name": "bekrafta", "in": "query", "required": false, "schema": { "type": "string", "enum": ["1"] }, "description": "Importera trots annat organisationsnummer eller år" },
                        { "name": "filnamn", "in": "query", "required": false, "schema": { "type": "string" } }],
                    "requestBody": { "required": true, "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } } },
                    "responses": with(json!({ "201": { "description": "Importerad eller ersatt" }, "200": { "description": "Samma fil fanns redan; ingenting ändrades" },
                                              "413": problem("Filen är för stor"),
                                              "422": problem("Inte en läsbar SIE-fil, eller annat organisationsnummer eller år (bekraftelse_kravs)") })) } },
            "/api/forbund/{a}/uppfoljning/{y}": { "get": { "summary": "Uppföljning av en period: resultaträkning, balansräkning, utfall mot budget, helårsprognos",
                "parameters": [id("a"), id("y"), { "name": "period", "in": "query", "required": false, "schema": { "type": "string" }, "description": "helar, h1, h2, t1–t3, ÅÅÅÅ-MM eller tom-ÅÅÅÅ-MM" },
                    { "name": "budget", "in": "query", "required": false, "schema": { "type": "string", "enum": ["sie", "plan"] }, "description": "budgeten att jämföra med: sie (bokföringsprogrammets periodbudget, förvalt när filen har en) eller plan (den antagna planens); budgetkalla i svaret säger vilken" }],
                "responses": with(json!({ "200": follow_up, "400": problem("Okänd period") })) } },
            "/api/forbund/{a}/logg": { "get": { "summary": "Ändringsloggen, sida för sida (förbundschef och revisor)",
                "parameters": [id("a"), page("sida", "Sidan, från 1"), page("per_sida", "Poster per sida (högst 500)"),
                    text("handling", "Bara denna händelse, t.ex. plan.update"), text("anvandare", "Bara denna användares ändringar"),
                    text("fran", "Från och med datum ÅÅÅÅ-MM-DD"), text("till", "Till och med datum ÅÅÅÅ-MM-DD")],
                "responses": with(json!({ "200": audit })) } },
            "/api/forbund/{a}/uppfoljning/{y}/konto/{k}": { "get": { "summary": "Ett kontos verifikationsrader under året, sida för sida",
                "parameters": [id("a"), id("y"), { "name": "k", "in": "path", "required": true, "schema": { "type": "string" } },
                    page("sida", "Sidan, från 1"), page("per_sida", "Rader per sida (högst 500)")],
                "responses": with(json!({ "200": account_rows })) } },
            "/api/forbund/{a}/kontokoppling": { "get": { "summary": "Kontokopplingen: kontoplan och regler", "parameters": [id("a")],
                "responses": with(json!({ "200": mapping })) } },
            "/api/forbund/{a}/ansokningar": { "get": { "summary": "Ansökningar om insatser, sida för sida",
                "parameters": [id("a"), page("sida", "Sidan, från 1"), page("per_sida", "Ansökningar per sida (högst 500)")],
                "responses": with(json!({ "200": applications })) } },
            "/api/forbund/{a}/ansokningar/{i}": { "get": { "summary": "En ansökan med insats och ärendets gång", "parameters": [id("a"), id("i")],
                "responses": with(json!({ "200": application })) } },
            "/api/forbund/{a}/installningar": { "get": { "summary": "Förbundets inställningar för insatser och ansökningar", "parameters": [id("a")],
                "responses": with(json!({ "200": settings })) } },
            "/api/forbund/{a}/moten": { "get": { "summary": "Styrelsens möten", "parameters": [id("a")],
                "responses": with(json!({ "200": meetings })) } },
            "/api/forbund/{a}/moten/{d}": { "get": { "summary": "Ett möte och besluten där", "parameters": [id("a"), { "name": "d", "in": "path", "required": true, "schema": { "type": "string" }, "description": "Mötesdagen ÅÅÅÅ-MM-DD" }],
                "responses": with(json!({ "200": meeting })) } },
            "/api/forbund/{a}/ansokningar/{i}/utbetalningar": { "get": { "summary": "En beviljad insats utbetalningar mot det beviljade", "parameters": [id("a"), id("i")],
                "responses": with(json!({ "200": disbursements })) } },
            "/api/forbund/{a}/rapporter": { "get": { "summary": "Rapporter som insatserna ska lämna, med urval",
                "parameters": [id("a"), page("insats", "Bara denna ansökans rapporter"), text("rapport", "Bara detta rapportslag"),
                    { "name": "status", "in": "query", "required": false, "schema": { "type": "string", "enum": ["att-lamna", "forsenade", "kommande", "inkomna", "alla"] }, "description": "Läge; att-lamna (försenade och inom två veckor) om det utelämnas" }],
                "responses": with(json!({ "200": reports_due })) } },
            "/api/forbund/{a}/kalender": { "get": { "summary": "Årets möten och rapportdagar som kalender (JSON; ICS på /forbund/{a}/kalender.ics)",
                "parameters": [id("a"), page("ar", "Året, t.ex. 2024; i år om det utelämnas")],
                "responses": with(json!({ "200": calendar })) } },
        }
    })
}

/// The schemas without the `description`s that schemars takes from the structs' doc comments:
/// those are the code's English; the document speaks Swedish in its paths.
fn without_descriptions(mut v: Value) -> Value {
    match &mut v {
        Value::Object(m) => {
            if m.get("description").is_some_and(Value::is_string) {
                m.remove("description");
            }
            for (_, x) in m.iter_mut() {
                *x = without_descriptions(x.take());
            }
        }
        Value::Array(a) => {
            for x in a.iter_mut() {
                *x = without_descriptions(x.take());
            }
        }
        _ => {}
    }
    v
}

/// The schema of `T` as a reference into the document's components.
fn reference<T: JsonSchema + ?Sized>(schemas: &mut SchemaGenerator) -> Value {
    schemas.subschema_for::<T>().to_value()
}

pub(super) async fn openapi() -> Json<Value> {
    Json(openapi_document())
}
