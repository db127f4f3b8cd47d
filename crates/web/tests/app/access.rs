//! Who may do what: every route for every role, the audit row of every change, and one förbund never reaching another.

use finsam_app::{Action, Resource};
use finsam_store::prelude::*;
use finsam_store::{Actor, Adoption, AssociationId, Role, SqlStore, VersionId};
use reqwest::StatusCode;

use crate::helpers::*;

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
    // A deletion to undo: Rehabmässan (line 1/2), deleted by the director. The draft's row
    // version is 2 after it.
    let deleted = app
        .post_form(
            &director,
            &format!("{v}/budget/rad/1/2/ta-bort"),
            &[("fingerprint", &fingerprint_in(&editor, 1, 2))],
        )
        .await;
    let undo_event = deleted.headers()["location"]
        .to_str()
        .expect("text")
        .split("borttagen=")
        .nth(1)
        .and_then(|s| s.split('#').next())
        .expect("the deletion's event")
        .to_owned();
    let auditor = {
        use finsam_store::prelude::*;
        app.store
            .user_by_username("revisor")
            .await
            .expect("the demo's auditor")
            .id
            .0
    };
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
    // The administration share's measurement point (area 3, goal 0, point 1): a written value.
    let measure_fp = goals
        .split("/mal/3/0/1\"")
        .nth(1)
        .and_then(|s| s.split("name=\"fingerprint\" value=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .expect("a measure form")
        .replace("&quot;", "\"");
    let line = |extra: Vec<(&'static str, String)>| {
        let mut f = vec![("fingerprint", fp.clone())];
        f.extend(extra);
        f
    };
    // The demo's applications: 1 is Lindesberg's Coachingteamet (the demo insatsägare's own,
    // with the signed agreement as file 1), 2 is the region's Rehabmässan.
    let own = Resource::Application { own: true };
    let others = Resource::Application { own: false };
    // A disbursement of Coachingteamet's, requested and not yet approved, to move on.
    let sofint = AssociationId(SOFINT);
    let coaching = finsam_store::ApplicationId(1);
    let read = app
        .store
        .application(sofint, coaching)
        .await
        .expect("Coachingteamet");
    let requested = app
        .store
        .add_disbursement(
            Actor::System,
            (sofint, coaching, read.row_version),
            &finsam_core::insats::disbursements::Disbursement {
                requested: time::Date::from_calendar_date(2024, time::Month::July, 1)
                    .expect("a day"),
                amount: finsam_core::Money::from_kr(1_000).expect("fits"),
                approved: None,
                paid: None,
                note: None,
            },
            "begärd",
        )
        .await
        .expect("requested");
    let money_version = (read.row_version + 1).to_string();
    // An item on the November board meeting's agenda, to take off.
    let november = app
        .store
        .meeting_on(
            sofint,
            time::Date::from_calendar_date(2024, time::Month::November, 15).expect("a day"),
        )
        .await
        .expect("reads")
        .expect("the meeting");
    let item = app
        .store
        .add_agenda_item(
            Actor::System,
            (sofint, november.id),
            &finsam_core::meeting::AgendaItem {
                kind: finsam_core::meeting::AgendaKind::Other,
                title: "Övriga frågor".into(),
            },
        )
        .await
        .expect("added");
    // A draft participant report of Coachingteamet's second quarter to fill in and send, and
    // one of the region's Rehabmässan (another member's); the demo's report 1 is sent in.
    let draft_report =
        |application: i64, to: (time::Month, u8)| finsam_store::NewParticipantReport {
            application: finsam_store::ApplicationId(application),
            kind: "Kvartalsrapport".into(),
            from: time::Date::from_calendar_date(2024, time::Month::April, 1).expect("a day"),
            to: time::Date::from_calendar_date(2024, to.0, to.1).expect("a day"),
            report: Default::default(),
        };
    let q2 = app
        .store
        .create_participant_report(
            Actor::System,
            sofint,
            &draft_report(1, (time::Month::June, 30)),
            "påbörjad",
        )
        .await
        .expect("started");
    let fair = app
        .store
        .create_participant_report(
            Actor::System,
            sofint,
            &draft_report(2, (time::Month::May, 31)),
            "påbörjad",
        )
        .await
        .expect("started");
    vec![
        get(format!("/forbund/{SOFINT}/deltagare"), (Action::Read, own)),
        post(
            format!("/forbund/{SOFINT}/deltagare"),
            (Action::Edit, own),
            vec![("period", "1|Kvartalsrapport|2024-09-30".into())],
        ),
        get(
            format!("/forbund/{SOFINT}/deltagare/1"),
            (Action::Read, own),
        ),
        post(
            format!("/forbund/{SOFINT}/insatser/1/deltagarmal"),
            (Action::Edit, own),
            vec![
                ("row_version", "1".into()),
                ("mal_totalt", "130".into()),
                ("mal_steg", "50".into()),
            ],
        ),
        get(
            format!("/forbund/{SOFINT}/aktiviteter?ar=2024"),
            (Action::Read, Resource::Association),
        ),
        post(
            format!("/forbund/{SOFINT}/aktiviteter"),
            (Action::Edit, Resource::Association),
            vec![
                ("dag", "2024-06-10".into()),
                ("slag", "kunskap".into()),
                ("insats", "".into()),
                ("text", "Föreläsning för styrelsen".into()),
            ],
        ),
        post(
            format!("/forbund/{SOFINT}/aktiviteter/1/ta-bort"),
            (Action::Edit, Resource::Association),
            Vec::new(),
        ),
        post(
            format!("/forbund/{SOFINT}/insatser/1/bemanning"),
            (Action::Edit, own),
            vec![
                ("fran", "2024-10-01".into()),
                ("roll", "Coach".into()),
                ("tjanster", "3".into()),
            ],
        ),
        get(
            format!("/forbund/{SOFINT}/insatser/1/uppfoljning-finsam.csv?ar=2024"),
            (Action::Export, own),
        ),
        post(
            format!("/forbund/{SOFINT}/insatser/1/indikatorer"),
            (Action::Edit, own),
            vec![("namn", "Besökare på mottagningen".into())],
        ),
        post(
            format!("/forbund/{SOFINT}/insatser/6/indikatorer/1"),
            (Action::Edit, others),
            vec![
                ("row_version", "1".into()),
                ("ar", "2025".into()),
                ("varde", "40 000".into()),
            ],
        ),
        get(
            format!("/forbund/{SOFINT}/deltagare/{}", fair.id),
            (Action::Read, others),
        ),
        get(
            format!("/forbund/{SOFINT}/deltagare/1/mall.xlsx"),
            (Action::Export, own),
        ),
        post(
            format!("/forbund/{SOFINT}/deltagare/{}", q2.id),
            (Action::Edit, own),
            vec![
                ("row_version", "1".into()),
                ("totalt.totalt", "70".into()),
                ("nya.totalt", "5".into()),
                ("avslutade.totalt", "4".into()),
                ("pagaende.totalt", "66".into()),
            ],
        ),
        Route {
            method: "TEMPLATE",
            path: format!("/forbund/{SOFINT}/deltagare/{}/fil", q2.id),
            action: Some((Action::Edit, own)),
            form: Vec::new(),
        },
        post(
            format!("/forbund/{SOFINT}/deltagare/{}/steg", q2.id),
            (Action::Edit, own),
            vec![("row_version", "1".into()), ("steg", "skicka".into())],
        ),
        post(
            format!("/forbund/{SOFINT}/deltagare/1/steg"),
            (Action::Adopt, own),
            vec![
                ("row_version", "2".into()),
                ("steg", "tillbaka".into()),
                ("kommentar", "Pågående ska vara 68.".into()),
            ],
        ),
        get(
            format!("/forbund/{SOFINT}/insatser/1/pengar"),
            (Action::Read, own),
        ),
        post(
            format!("/forbund/{SOFINT}/insatser/1/pengar"),
            (Action::Edit, Resource::Disbursements),
            vec![
                ("row_version", money_version.clone()),
                ("begard", "2024-07-02".into()),
                ("belopp", "2 000".into()),
            ],
        ),
        post(
            format!("/forbund/{SOFINT}/insatser/1/pengar/{}", requested.id),
            (Action::Edit, Resource::Disbursements),
            vec![
                ("row_version", money_version),
                ("steg", "godkand".into()),
                ("dag", "2024-07-03".into()),
            ],
        ),
        get(format!("/forbund/{SOFINT}/rapporter"), (Action::Read, own)),
        get(format!("/forbund/{SOFINT}/kalender"), (Action::Read, own)),
        post(
            format!("/forbund/{SOFINT}/moten/2024-11-15/dagordning"),
            (Action::Edit, Resource::Association),
            vec![("punkt", "ovrigt".into()), ("rubrik", "Information".into())],
        ),
        post(
            format!(
                "/forbund/{SOFINT}/moten/2024-11-15/dagordning/{}/ta-bort",
                item.id
            ),
            (Action::Edit, Resource::Association),
            Vec::new(),
        ),
        get(
            format!("/forbund/{SOFINT}/kalender.ics?ar=2024"),
            (Action::Read, own),
        ),
        // Anyone who reads the applications may subscribe to the calendar they see.
        post(
            format!("/forbund/{SOFINT}/kalender"),
            (Action::Read, own),
            Vec::new(),
        ),
        post(
            format!("/forbund/{SOFINT}/rapporter?status=alla"),
            (Action::Adopt, own),
            vec![
                ("rad", "1|2024-09-30|Kvartalsrapport".into()),
                ("inkom", "2024-11-01".into()),
            ],
        ),
        get(format!("/forbund/{SOFINT}/insatser"), (Action::Read, own)),
        get(format!("/forbund/{SOFINT}/insatser/1"), (Action::Read, own)),
        get(
            format!("/forbund/{SOFINT}/insatser/2"),
            (Action::Read, others),
        ),
        get(
            format!("/forbund/{SOFINT}/insatser/1/filer/1"),
            (Action::Export, own),
        ),
        get(
            format!("/forbund/{SOFINT}/insatser/ny"),
            (Action::Edit, own),
        ),
        Route {
            method: "APPLY",
            path: format!("/forbund/{SOFINT}/insatser/ny"),
            action: Some((Action::Edit, own)),
            form: Vec::new(),
        },
        get(
            format!("/forbund/{SOFINT}/insatser/1/komplettera"),
            (Action::Edit, own),
        ),
        get(
            format!("/forbund/{SOFINT}/insatser/2/komplettera"),
            (Action::Edit, others),
        ),
        Route {
            method: "COMPLETE",
            path: format!("/forbund/{SOFINT}/insatser/NY/komplettera"),
            action: Some((Action::Edit, own)),
            form: Vec::new(),
        },
        Route {
            method: "FILES",
            path: format!("/forbund/{SOFINT}/insatser/1/filer"),
            action: Some((Action::Edit, own)),
            form: Vec::new(),
        },
        Route {
            method: "FILES",
            path: format!("/forbund/{SOFINT}/insatser/2/filer"),
            action: Some((Action::Edit, others)),
            form: Vec::new(),
        },
        get(
            format!("/forbund/{SOFINT}/insatser/1/beslut/2"),
            (Action::Read, own),
        ),
        get(
            format!("/forbund/{SOFINT}/installningar"),
            (Action::Read, Resource::Association),
        ),
        post(
            format!("/forbund/{SOFINT}/installningar"),
            (Action::Edit, Resource::Association),
            vec![
                ("row_version", "1".into()),
                ("svarstid", "3".into()),
                ("avtalstid", "1".into()),
                ("delegation", "100 000".into()),
                ("diarieformat", "{år}/{nr}".into()),
                ("ord", "busskort".into()),
            ],
        ),
        get(
            format!("/forbund/{SOFINT}/moten"),
            (Action::Read, Resource::Association),
        ),
        get(
            format!("/api/forbund/{SOFINT}/moten/2024-05-31"),
            (Action::Read, Resource::Association),
        ),
        get(
            format!("/api/forbund/{SOFINT}/installningar"),
            (Action::Read, Resource::Association),
        ),
        get(
            format!("/forbund/{SOFINT}/moten/2024-05-31"),
            (Action::Read, Resource::Association),
        ),
        post(
            format!("/forbund/{SOFINT}/moten"),
            (Action::Edit, Resource::Association),
            vec![("dag", "2025-02-13".into()), ("typ", "styrelsemote".into())],
        ),
        post(
            format!("/forbund/{SOFINT}/moten/nasta-ar"),
            (Action::Edit, Resource::Association),
            vec![("ar", "2024".into())],
        ),
        // The kansli asks Hälsosteget (Nora kommun's, waiting for its answer) for more.
        post(
            format!("/forbund/{SOFINT}/insatser/3/steg"),
            (Action::Adopt, others),
            vec![
                ("steg", "begar-komplettering".into()),
                ("row_version", "1".into()),
                ("saknas", "Budget per år".into()),
                ("senast", "2099-01-31".into()),
            ],
        ),
        get(
            format!("/forbund/{SOFINT}"),
            (Action::Read, Resource::Association),
        ),
        get(v.clone(), (Action::Read, Resource::Plan)),
        get(
            format!("/forbund/{SOFINT}/oversikt"),
            (Action::Read, Resource::Plan),
        ),
        get(
            format!("/forbund/{SOFINT}/budget"),
            (Action::Read, Resource::Plan),
        ),
        get(
            format!("/forbund/{SOFINT}/mal"),
            (Action::Read, Resource::Plan),
        ),
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
            format!("/forbund/{SOFINT}/anvandare"),
            (Action::Edit, Resource::Association),
        ),
        post(
            format!("/forbund/{SOFINT}/anvandare"),
            (Action::Edit, Resource::Association),
            vec![
                ("namn", "Ny Person".into()),
                ("anvandarnamn", "ny.person".into()),
                ("roll", "styrelse".into()),
            ],
        ),
        post(
            format!("/forbund/{SOFINT}/anvandare/{auditor}"),
            (Action::Edit, Resource::Association),
            vec![("roll", "styrelse".into())],
        ),
        Route {
            method: "GET",
            path: "/konto".into(),
            action: None,
            form: Vec::new(),
        },
        get(
            format!("/forbund/{SOFINT}/logg/export/andringslogg.csv"),
            (Action::Export, Resource::AuditLog),
        ),
        get(
            format!("{v}/export/plan.xlsx"),
            (Action::Export, Resource::Plan),
        ),
        get(
            format!(
                "/forbund/{SOFINT}/jamfor/export/jamforelse.csv?fran={SOFINT_V1}&till={SOFINT_V1}"
            ),
            (Action::Export, Resource::Plan),
        ),
        get(
            format!("/forbund/{SOFINT}/uppfoljning/2024/export/uppfoljning.xlsx?period=h1"),
            (Action::Export, Resource::Actuals),
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
        get(
            format!("{v}/budget/rad/1/1/ta-bort"),
            (Action::Edit, Resource::Plan),
        ),
        post(
            format!("{v}/budget/rad/1/1/ta-bort"),
            (Action::Edit, Resource::Plan),
            line(vec![]),
        ),
        post(
            format!("{v}/budget/angra"),
            (Action::Edit, Resource::Plan),
            vec![("handelse", undo_event.clone())],
        ),
        post(
            format!("{v}/medlemmar/0"),
            (Action::Edit, Resource::Plan),
            vec![("fingerprint", member_fp), ("share", "1/2".into())],
        ),
        post(
            format!("{v}/mal/3/0/1"),
            (Action::Edit, Resource::Plan),
            vec![("fingerprint", measure_fp), ("value", "24".into())],
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
                ("row_version", "2".into()),
                ("on", "2023-11-17".into()),
                ("meeting", "Styrelsemöte".into()),
                ("decision", "Fastställd".into()),
                ("steg", "bekrafta".into()),
                ("kannedom", "ja".into()),
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
        get(
            format!("/forbund/{SOFINT}/api-nycklar"),
            (Action::Edit, Resource::Association),
        ),
        post(
            format!("/forbund/{SOFINT}/api-nycklar"),
            (Action::Edit, Resource::Association),
            vec![("namn", "Skript".into()), ("roll", "styrelse".into())],
        ),
        Route {
            method: "POST",
            path: "/logga-ut".into(),
            action: None,
            form: Vec::new(),
        },
    ]
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
            .header("if-match", "2")
            .body(SOFINT_TEXT)
            .send()
            .await
            .expect("request")
            .status(),
        "IMPORT" => upload(app, u, SOFINT_TEXT.as_bytes().to_vec())
            .await
            .status(),
        "SIE" => upload_sie(app, u, another_export(), &[]).await.status(),
        "APPLY" => {
            let mut fields = APPLICATION_FORM.to_vec();
            fields.push(("uppfoljningsmetod", "Deltagare per kön och utfall"));
            post_multipart(
                app,
                u,
                &r.path,
                &fields,
                &[("budget.pdf", b"%PDF-1.7 budget")],
            )
            .await
            .status()
        }
        "COMPLETE" => {
            // A new application of Lindesberg's (the demo insatsägare's member), asked for a
            // completion by the kansli, completed through the form.
            let mut fields = APPLICATION_FORM.to_vec();
            fields.push(("uppfoljningsmetod", "Deltagare per kön och utfall"));
            let owned: finsam_app::plan_edit::Fields = fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect();
            let (insats, _) =
                finsam_app::application_form::parse_application(&owned, Some("lindesberg"))
                    .expect("a whole form");
            let day = time::Date::from_calendar_date(2026, time::Month::January, 5).expect("a day");
            let stored = app
                .store
                .submit_application(
                    Actor::System,
                    AssociationId(SOFINT),
                    (&insats, &finsam_core::insats::Case::new(day)),
                    finsam_store::Submission {
                        continuation: None,
                        case_format: "{år}/{nr}",
                        files: &[],
                    },
                )
                .await
                .expect("submitted");
            let mut case = stored.case.clone();
            case.record(
                finsam_core::insats::Event::RequestCompletion {
                    missing: "Budget per kvartal".into(),
                    by: day + time::Duration::days(30),
                },
                day,
            )
            .expect("a legal step");
            app.store
                .record_step(
                    Actor::System,
                    AssociationId(SOFINT),
                    stored.id,
                    stored.row_version,
                    &case,
                    ("application.request", "Komplettering begärd"),
                )
                .await
                .expect("asked");
            fields.push(("row_version", "2"));
            let path = r.path.replace("NY", &stored.id.0.to_string());
            post_multipart(app, u, &path, &fields, &[]).await.status()
        }
        "FILES" => post_multipart(app, u, &r.path, &[], &[("avtal.pdf", b"%PDF-1.7 avtal")])
            .await
            .status(),
        "TEMPLATE" => {
            let form = reqwest::multipart::Form::new()
                .text("row_version", "1")
                .part(
                    "fil",
                    reqwest::multipart::Part::bytes(
                        std::fs::read(concat!(
                            env!("CARGO_MANIFEST_DIR"),
                            "/../../examples/deltagare/coachingteamet-2024-h1.xlsx"
                        ))
                        .expect("the example upload"),
                    )
                    .file_name("q2.xlsx"),
                );
            u.client
                .post(app.url(&format!("{}?_csrf={}", r.path, u.csrf)))
                .multipart(form)
                .send()
                .await
                .expect("request")
                .status()
        }
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
                    2,
                    &Adoption {
                        on: time::Date::from_calendar_date(2023, time::Month::November, 17)
                            .expect("a day"),
                        meeting: "M".into(),
                        decision: "B".into(),
                        acknowledged: None,
                    },
                )
                .await;
            app.post_form(u, &r.path, &[]).await.status()
        }
        other => panic!("unknown method {other}"),
    }
}

/// How a refusal answers: forbidden for a role that may not, not found for someone without a
/// role, and not found for an insatsägare asking for another member's application (its
/// existence is not told).
fn refused(role: Option<Role>, need: Option<Need>) -> StatusCode {
    match (role, need) {
        (None, _) => StatusCode::NOT_FOUND,
        (Some(Role::InsatsOwner), Some((_, Resource::Application { own: false }))) => {
            StatusCode::NOT_FOUND
        }
        _ => StatusCode::FORBIDDEN,
    }
}

/// The design, written out independently of the code that enforces it: who may do what.
fn designed(role: Role, (action, resource): Need) -> bool {
    use Action as A;
    use Resource as Res;
    use Role as R;
    let all = matches!(role, R::Director | R::Accountant | R::Board | R::Auditor);
    match (resource, action) {
        (Res::Application { own }, A::Read | A::Export) => all || (own && role == R::InsatsOwner),
        (Res::Application { own }, A::Edit) => {
            role == R::Director || (own && role == R::InsatsOwner)
        }
        (Res::Association, A::Read) | (Res::Plan | Res::Actuals, A::Read | A::Export) => all,
        (Res::Plan | Res::Actuals, A::Edit | A::Import) => {
            matches!(role, R::Director | R::Accountant)
        }
        (Res::AuditLog, A::Read | A::Export) => matches!(role, R::Director | R::Auditor),
        (Res::Disbursements, A::Read | A::Export) => all,
        (Res::Disbursements, A::Edit) => matches!(role, R::Director | R::Accountant),
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
            // The demo's insatsägare ("insats", Lindesberg's in SOFINT) is there; an outsider
            // with no role anywhere is added.
            app.store
                .create_user(Actor::System, "utomstaende", "utomstaende", &hash)
                .await
                .expect("creates");
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
                assert_eq!(
                    status,
                    refused(*role, route.action),
                    "{} {} as {name}",
                    route.method,
                    route.path
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, count * roles.len());
}

/// The pages that read take one query for the session and the access together where there is
/// no fast path (as on PostgreSQL): every reading route, as each kind of user, answers as
/// designed on that path too.
#[tokio::test]
async fn reading_routes_answer_as_designed_without_the_fast_path() {
    let app = spawn_app_with(SqlStore::without_fast_path).await;
    assert!(!app.store.has_fast_path());
    let hash = finsam_app::users::hash_password(finsam_app::demo::PASSWORD).expect("hashes");
    app.store
        .create_user(Actor::System, "utomstaende", "U", &hash)
        .await
        .expect("creates");
    let reading: Vec<Route> = routes(&app)
        .await
        .into_iter()
        .filter(|r| r.method == "GET")
        .collect();
    assert!(reading.len() > 10, "the route table has its reading routes");
    for (role, name) in [
        (Some(Role::Director), "demo"),
        (Some(Role::Board), "styrelse"),
        (None, "utomstaende"),
    ] {
        let u = app.login(name).await;
        for route in &reading {
            let status = call(&app, &u, route).await;
            let allowed = match (role, route.action) {
                (_, None) => true,
                (Some(role), Some(need)) => designed(role, need),
                (None, Some(_)) => false,
            };
            let want_ok = status.is_success() || status.is_redirection();
            if allowed {
                assert!(want_ok, "GET {} as {name}: {status}", route.path);
            } else {
                assert_eq!(
                    status,
                    refused(role, route.action),
                    "GET {} as {name}",
                    route.path
                );
            }
        }
    }
    // Without a login, a plan page sends one to the login form.
    let anonymous = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let status = anonymous
        .get(format!(
            "{}/forbund/{SOFINT}/versioner/{SOFINT_V1}",
            app.base
        ))
        .send()
        .await
        .expect("answers")
        .status();
    assert!(status.is_redirection(), "{status}");
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
                    2,
                    &Adoption {
                        on: time::Date::from_calendar_date(2023, time::Month::November, 17)
                            .expect("a day"),
                        meeting: "M".into(),
                        decision: "B".into(),
                        acknowledged: None,
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
        assert!(
            app.audit_len(SOFINT).await > before,
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
