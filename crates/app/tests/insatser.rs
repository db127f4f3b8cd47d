//! The insats use cases over the demo's SOFINT: an application refused field by field and
//! nothing saved, then submitted, asked to complete, completed, granted, agreed; a step out of
//! order and a stale save refused; the deadline table; an insatsägare's list of its own.

use std::collections::BTreeMap;

use finsam_app::App;
use finsam_app::insatser::{InsatsError, NewApplication, check_file};
use finsam_core::budget::YearMonth;
use finsam_core::insats::deadlines::{Kind as DeadlineKind, Standing};
use finsam_core::insats::workflow::{DecidedBy, Decision, Event, Outcome, State};
use finsam_core::insats::{Budget, Insats, Kind, Period, Registration};
use finsam_core::plan::Date;
use finsam_store::{Actor, AssociationId, PageRequest, SqlStore};

fn d(y: i32, m: u8, day: u8) -> Date {
    finsam_core::insats::serial::parse_day(&format!("{y:04}-{m:02}-{day:02}")).expect("a day")
}

fn kr(n: i64) -> finsam_core::Money {
    finsam_core::Money::from_kr(n).expect("fits")
}

fn insats(name: &str, members: &[&str], owner: &str) -> Insats {
    Insats {
        name: name.into(),
        kind: Kind::Individual,
        members: members.iter().map(|m| (*m).to_owned()).collect(),
        owner: owner.into(),
        target_groups: vec!["Unga vuxna 16–29 år".into()],
        purpose: "Stöd till arbete eller studier.".into(),
        period: Period::new(
            YearMonth {
                year: 2024,
                month: 1,
            },
            YearMonth {
                year: 2024,
                month: 12,
            },
        )
        .expect("a period"),
        budget: Budget::CalendarYears([(2024, kr(2_330_000))].into()),
        co_financing: BTreeMap::new(),
        goals: Vec::new(),
        steering_group: vec!["Enhetschef Arbetsförmedlingen".into()],
        registration: Registration {
            orientation: "Arbetslivsinriktad rehabilitering".into(),
            precise_orientation: None,
            follow_up_method: "Deltagare per kön och utfall".into(),
            esf: false,
        },
    }
}

fn new(insats: Insats, submitted: Date, continuation: Option<&str>) -> NewApplication {
    NewApplication {
        insats,
        submitted,
        continuation: continuation.map(str::to_owned),
        files: Vec::new(),
    }
}

async fn demo() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let store = SqlStore::open(&url).await.expect("opens");
    let app = App::new(std::sync::Arc::new(store));
    finsam_app::demo::load(app.store()).await.expect("the demo");
    (app, dir)
}

#[tokio::test]
async fn an_application_goes_from_submission_to_agreement() {
    let (app, _dir) = demo().await;
    let sofint = app
        .store()
        .association(AssociationId(1))
        .await
        .expect("SOFINT");
    let kansli = Actor::System;
    let audit_before = app
        .store()
        .audit_log(sofint.id, 500)
        .await
        .expect("log")
        .len();

    // Wrong in three ways: no name, one kind of party only, a budget year outside the period.
    let mut wrong = insats("", &["lindesberg", "nora"], "lindesberg");
    wrong.budget = Budget::CalendarYears([(2025, kr(1))].into());
    let Err(InsatsError::Fields(errors)) = app
        .submit_application(kansli, &sofint, new(wrong, d(2024, 1, 15), None))
        .await
    else {
        panic!("refused field by field");
    };
    let fields: Vec<&str> = errors.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, ["namn", "budget", "parter"], "{errors:?}");
    assert!(
        errors[1].1.contains("budgeten har ett belopp för 2025"),
        "{errors:?}"
    );
    assert_eq!(
        app.store()
            .audit_log(sofint.id, 500)
            .await
            .expect("log")
            .len(),
        audit_before,
        "nothing saved"
    );

    // Submitted; the 7 § guard warns about a bus card in the purpose.
    let mut good = insats("Coachingteamet", &["lindesberg", "af"], "lindesberg");
    good.purpose = "Coachning, och busskort till deltagarna.".into();
    let (app1, warnings) = app
        .submit_application(
            kansli,
            &sofint,
            new(good, d(2024, 1, 15), Some("Kommunen tar över.")),
        )
        .await
        .expect("submitted");
    // The demo's own applications of 2024 are 2024/1 and 2024/2.
    assert_eq!(app1.case_number, "2024/3");
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].message.starts_with("Syfte: \"busskort\""));

    // Completion asked within the two months, completed, granted at a board meeting, agreed.
    let step = |id, rv, event, on| {
        let app = app.clone();
        let sofint = sofint.clone();
        async move {
            // As a page does: the application read (and the right to it decided) first.
            let stored = app.store().application(sofint.id, id).await.expect("reads");
            app.application_step(kansli, &sofint, (&stored, rv), event, on)
                .await
        }
    };
    let a = step(
        app1.id,
        app1.row_version,
        Event::RequestCompletion {
            missing: "Budget per kvartal".into(),
            by: d(2024, 3, 1),
        },
        d(2024, 2, 1),
    )
    .await
    .expect("asked");
    // Out of order: a second request while one is awaited.
    let Err(InsatsError::Step(why)) = step(
        a.id,
        a.row_version,
        Event::RequestCompletion {
            missing: "Mer".into(),
            by: d(2024, 3, 1),
        },
        d(2024, 2, 2),
    )
    .await
    else {
        panic!("refused");
    };
    assert!(
        why.contains("går inte när ansökan är komplettering begärd"),
        "{why}"
    );
    // A stale save: based on the row version before the request.
    assert!(matches!(
        step(a.id, app1.row_version, Event::Complete, d(2024, 2, 10)).await,
        Err(InsatsError::Conflict)
    ));
    let a = step(a.id, a.row_version, Event::Complete, d(2024, 2, 10))
        .await
        .expect("completed");
    let a = step(
        a.id,
        a.row_version,
        Event::Decide(Decision {
            on: d(2024, 2, 16),
            by: DecidedBy::Board {
                paragraph: "§ 7".into(),
            },
            outcome: Outcome::Granted {
                amounts: [(2024, kr(2_330_000))].into(),
                conditions: None,
            },
        }),
        d(2024, 2, 16),
    )
    .await
    .expect("granted");
    let a = step(
        a.id,
        a.row_version,
        Event::SignAgreement {
            forbund: d(2024, 3, 1),
            owner: d(2024, 3, 4),
        },
        d(2024, 3, 4),
    )
    .await
    .expect("agreed");
    assert_eq!(a.case.state(), State::Agreed);
    let log = app.store().audit_log(sofint.id, 20).await.expect("log");
    assert_eq!(log[0].action, "application.agree");
    assert_eq!(
        log[1].summary,
        "Ansökan 2024/3 beviljad (2024: 2 330 000 kr) av styrelsen 2024-02-16, § 7"
    );

    // Another application, never answered: overdue on 2024-06-01 (due 2024-04-02).
    let (late, _) = app
        .submit_application(
            kansli,
            &sofint,
            new(
                insats("Rehabmässan", &["nora", "region"], "nora"),
                d(2024, 2, 2),
                None,
            ),
        )
        .await
        .expect("submitted");
    let due = app
        .deadlines_due(&sofint, None, d(2024, 6, 1))
        .await
        .expect("reads");
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(
        (
            due[0].case_number.as_str(),
            due[0].kind,
            due[0].due,
            due[0].standing
        ),
        (
            "2024/4",
            DeadlineKind::Answer,
            d(2024, 4, 2),
            Standing::Overdue(60)
        )
    );
    assert_eq!(due[0].id, late.id);
    // An insatsägare for Lindesberg sees only its own: the demo's Coachingteamet and this one.
    let own = app
        .applications(&sofint, Some("lindesberg"), PageRequest::new(1, 20))
        .await
        .expect("lists");
    let numbers: Vec<&str> = own.items.iter().map(|h| h.case_number.as_str()).collect();
    assert_eq!(numbers, ["2024/3", "2023/1"]);
    assert!(
        app.deadlines_due(&sofint, Some("lindesberg"), d(2024, 6, 1))
            .await
            .expect("reads")
            .is_empty()
    );
}

/// The demo's history is the seed's: Coachingteamet granted the plan's 2 330 000 kr for 2024,
/// raised by a tillägg to the 2 403 500 kr the interim report follows up, its agreement signed
/// within the month; Norrbygden's rejection is motivated and its other answer overdue.
#[tokio::test]
async fn the_demos_applications_follow_the_seed() {
    let (app, _dir) = demo().await;
    let sofint = app
        .store()
        .association(AssociationId(1))
        .await
        .expect("SOFINT");
    let list = app
        .applications(&sofint, None, PageRequest::new(1, 20))
        .await
        .expect("lists");
    let coaching = list
        .items
        .iter()
        .find(|h| h.insats == "Coachingteamet")
        .expect("Coachingteamet");
    assert_eq!(coaching.state, State::Running);
    let stored = app
        .store()
        .application(sofint.id, coaching.id)
        .await
        .expect("reads");
    assert_eq!(stored.case.granted(), Some(&[(2024, kr(2_403_500))].into()));
    let plan = app
        .adopted_plan(&sofint, 2024)
        .await
        .expect("reads")
        .expect("the plan");
    let fig = finsam_core::compute(&plan).expect("computes");
    let (si, li) = plan
        .budget
        .sections
        .iter()
        .enumerate()
        .find_map(|(si, s)| {
            s.lines
                .iter()
                .position(|l| l.name == "Coachingteamet")
                .map(|li| (si, li))
        })
        .expect("the plan's line");
    let first = stored
        .case
        .decision()
        .and_then(|d| d.granted())
        .expect("granted");
    assert_eq!(
        Some(
            &finsam_core::Money::ZERO
                .checked_sub(fig.sections[si].lines[li][0])
                .expect("fits")
        ),
        first.get(&2024),
        "the first grant is the plan's 2024 amount"
    );
    let agreement = finsam_core::insats::deadlines::deadlines(&stored.case, Default::default())[1];
    assert_eq!(agreement.standing(d(2024, 6, 1)), Standing::MetInTime);

    let norrbygden = app
        .store()
        .association(AssociationId(3))
        .await
        .expect("Norrbygden");
    let theirs = app
        .applications(&norrbygden, None, PageRequest::new(1, 20))
        .await
        .expect("lists");
    // The rejected one, the unanswered one, and the quarter-by-quarter insats.
    assert_eq!(theirs.total, 3);
    let rejected = theirs
        .items
        .iter()
        .find(|h| h.state == State::Rejected)
        .expect("a rejection");
    let stored = app
        .store()
        .application(norrbygden.id, rejected.id)
        .await
        .expect("reads");
    let Some(Decision {
        outcome: Outcome::Rejected { motivation },
        ..
    }) = stored.case.decision()
    else {
        panic!("rejected");
    };
    assert!(motivation.contains("7 §"));
    let due = app
        .deadlines_due(&norrbygden, None, d(2026, 12, 6))
        .await
        .expect("reads");
    assert_eq!(due.len(), 1);
    assert!(matches!(due[0].standing, Standing::Overdue(_)));
}

fn fields(pairs: &[(&str, &str)]) -> finsam_app::plan_edit::Fields {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn the_forbunds_settings_rule_applications_files_and_decisions() {
    use finsam_app::settings::{FormError, MeetingItem, settings_fields};
    let (app, _dir) = demo().await;
    let sofint = app
        .store()
        .association(AssociationId(1))
        .await
        .expect("SOFINT");
    let kansli = Actor::System;

    // The demo's target groups: one outside them is refused.
    let mut outside = insats("Alla", &["lindesberg", "af"], "lindesberg");
    outside.target_groups = vec!["Alla invånare".into()];
    let Err(InsatsError::Fields(errors)) = app
        .submit_application(kansli, &sofint, new(outside, d(2024, 3, 1), None))
        .await
    else {
        panic!("refused");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "malgrupper");

    // The settings changed: a continuation plan required, numbers in the förbund's own format.
    let stored = app.settings(&sofint).await.expect("reads");
    let mut form = settings_fields(&stored.settings);
    form.retain(|(k, _)| k != "fortsattning" && k != "diarieformat");
    form.push(("fortsattning".into(), "ja".into()));
    form.push(("diarieformat".into(), "SOF-{år}-{nr}".into()));
    let Err(FormError::Conflict) = app
        .save_settings(kansli, &sofint, &form, stored.row_version + 7)
        .await
    else {
        panic!("a stale form is refused");
    };
    app.save_settings(kansli, &sofint, &form, stored.row_version)
        .await
        .expect("saved");
    let Err(InsatsError::Fields(errors)) = app
        .submit_application(
            kansli,
            &sofint,
            new(
                insats("Steget", &["nora", "af"], "nora"),
                d(2024, 3, 1),
                None,
            ),
        )
        .await
    else {
        panic!("refused");
    };
    assert_eq!(errors[0].0, "fortsattning", "{errors:?}");

    // Files: the type is read from the contents as well as the name.
    assert!(
        check_file("C:\\dokument\\ansökan.pdf", b"%PDF-1.7 ...")
            .is_ok_and(|f| f.name == "ansökan.pdf")
    );
    for (name, bytes, says) in [
        ("program.exe", &b"MZ"[..], "inte en PDF"),
        ("budget.xlsx", &b"%PDF-1.7"[..], "innehåller något annat"),
        ("tom.pdf", &b""[..], "tom"),
    ] {
        let e = check_file(name, bytes).expect_err(name);
        assert!(e.contains(says), "{name}: {e}");
    }
    let big = [b"%PDF-".as_slice(), &vec![b' '; 10 * 1024 * 1024]].concat();
    assert!(
        check_file("stor.pdf", &big)
            .unwrap_err()
            .contains("högst 10 MB")
    );
    let mut with_file = new(
        insats("Steget", &["nora", "af"], "nora"),
        d(2024, 3, 1),
        Some("Nora kommun tar över."),
    );
    with_file.files = vec![check_file("budget.pdf", b"%PDF-1.7 budget").expect("a PDF")];
    let (steget, _) = app
        .submit_application(kansli, &sofint, with_file)
        .await
        .expect("submitted");
    assert_eq!(steget.case_number, "SOF-2024-3");
    let files = app
        .store()
        .files(sofint.id, steget.id)
        .await
        .expect("lists");
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].content_type, "application/pdf");

    // On delegation up to the limit (the demo's 100 000 kr); by the board at a meeting only.
    let decide = |by: DecidedBy, on: Date, amount: i64| {
        Event::Decide(Decision {
            on,
            by,
            outcome: Outcome::Granted {
                amounts: [(2024, kr(amount))].into(),
                conditions: None,
            },
        })
    };
    let Err(InsatsError::Step(why)) = app
        .application_step(
            kansli,
            &sofint,
            (&steget, steget.row_version),
            decide(DecidedBy::Delegation, d(2024, 3, 4), 150_000),
            d(2024, 3, 4),
        )
        .await
    else {
        panic!("over the limit");
    };
    assert!(why.contains("delegation räcker till 100 000 kr"), "{why}");
    let board = DecidedBy::Board {
        paragraph: "§ 5".into(),
    };
    let Err(InsatsError::Step(why)) = app
        .application_step(
            kansli,
            &sofint,
            (&steget, steget.row_version),
            decide(board.clone(), d(2024, 3, 4), 150_000),
            d(2024, 3, 4),
        )
        .await
    else {
        panic!("no meeting that day");
    };
    assert!(why.contains("inget möte 2024-03-04"), "{why}");
    app.add_meeting(
        kansli,
        &sofint,
        &fields(&[("dag", "2024-03-04"), ("typ", "extra-styrelsemote")]),
    )
    .await
    .expect("a meeting");
    let Err(FormError::Fields(e)) = app
        .add_meeting(
            kansli,
            &sofint,
            &fields(&[("dag", "2024-03-04"), ("typ", "styrelsemote")]),
        )
        .await
    else {
        panic!("one a day");
    };
    assert!(e[0].1.contains("redan ett möte"), "{e:?}");
    app.application_step(
        kansli,
        &sofint,
        (&steget, steget.row_version),
        decide(board, d(2024, 3, 4), 150_000),
        d(2024, 3, 4),
    )
    .await
    .expect("decided at the meeting");
    let (meeting, items) = app
        .meeting_record(&sofint, d(2024, 3, 4))
        .await
        .expect("reads")
        .expect("the meeting");
    assert_eq!(meeting.meeting.title(), "Extra styrelsemöte 2024-03-04");
    assert_eq!(items.len(), 1);
    assert!(matches!(
        &items[0],
        MeetingItem::Application { case_number, number: 1, .. } if case_number == "SOF-2024-3"
    ));
    assert_eq!(items[0].paragraph(), "§ 5");
    // The demo's tillägg of 2024-05-31 is the meeting's second decision on Coachingteamet.
    let (_, items) = app
        .meeting_record(&sofint, d(2024, 5, 31))
        .await
        .expect("reads")
        .expect("the meeting");
    assert!(matches!(
        &items[..],
        [MeetingItem::Application { number: 2, .. }]
    ));
}

#[tokio::test]
async fn the_process_goals_follow_the_applications_as_they_stand() {
    use finsam_core::computed::{ComputedFigure, FigureRef, Period as FigurePeriod};
    use finsam_core::goals::Quantity;
    let (app, _dir) = demo().await;
    let sofint = app
        .store()
        .association(AssociationId(1))
        .await
        .expect("SOFINT");
    let answered = FigureRef {
        figure: ComputedFigure::AnsweredInTime,
        period: FigurePeriod::Year(2024),
    };
    let plan = app
        .adopted_plan(&sofint, 2024)
        .await
        .expect("reads")
        .or(app.plan_covering(&sofint, &[2024]).await.expect("reads"))
        .expect("SOFINT's plan");
    // On 1 June 2024 Rehabmässan's answer (due 2024-03-22) was the one due: in time.
    let june = app.clone().on_day(d(2024, 6, 1));
    let values = june.figure_values(&sofint, &plan).await.expect("figures");
    assert_eq!(
        values.get(answered),
        Some(Quantity::from_hundredths(10_000))
    );
    // An application of 1 March never answered is overdue on 1 June (due 1 May): one of two.
    june.submit_application(
        Actor::System,
        &sofint,
        new(
            insats("Sent svar", &["nora", "af"], "nora"),
            d(2024, 3, 1),
            None,
        ),
    )
    .await
    .expect("submitted");
    let values = june.figure_values(&sofint, &plan).await.expect("figures");
    assert_eq!(values.get(answered), Some(Quantity::from_hundredths(5_000)));
    // A year without rejections has no share of motivated rejections to assess.
    let motivated = FigureRef {
        figure: ComputedFigure::RejectionsMotivated,
        period: FigurePeriod::Year(2024),
    };
    assert_eq!(values.get(motivated), None);
}

#[tokio::test]
async fn the_years_meetings_have_times_kinds_and_come_from_last_years() {
    use finsam_app::settings::FormError;
    let (app, _dir) = demo().await;
    let sofint = app
        .store()
        .association(AssociationId(1))
        .await
        .expect("SOFINT");
    let kansli = Actor::System;
    // A meeting that ends before it starts is refused at its end time.
    let Err(FormError::Fields(e)) = app
        .add_meeting(
            kansli,
            &sofint,
            &fields(&[
                ("dag", "2024-02-02"),
                ("typ", "beredningsgrupp"),
                ("start", "12:00"),
                ("slut", "9.30"),
            ]),
        )
        .await
    else {
        panic!("refused");
    };
    assert_eq!(e[0].0, "slut", "{e:?}");
    // The beredningsgrupp meets on the board's day; a second board meeting that day is refused.
    app.add_meeting(
        kansli,
        &sofint,
        &fields(&[
            ("dag", "2024-05-31"),
            ("typ", "beredningsgrupp"),
            ("start", "9:30"),
            ("slut", "12:00"),
        ]),
    )
    .await
    .expect("another kind");
    let Err(FormError::Fields(e)) = app
        .add_meeting(
            kansli,
            &sofint,
            &fields(&[("dag", "2024-05-31"), ("typ", "extra-styrelsemote")]),
        )
        .await
    else {
        panic!("refused");
    };
    assert!(
        e[0].1.contains("Styrelsen har redan ett möte 2024-05-31"),
        "{e:?}"
    );
    // 2025 from 2024: each meeting 52 weeks on, the same weekday; made once.
    let made = app
        .next_years_meetings(kansli, &sofint, 2024)
        .await
        .expect("made");
    let in_2024 = app
        .meetings(&sofint)
        .await
        .expect("lists")
        .iter()
        .filter(|m| m.meeting.on.year() == 2024)
        .count();
    assert_eq!(made, in_2024);
    let meetings = app.meetings(&sofint).await.expect("lists");
    let moved = meetings
        .iter()
        .find(|m| m.meeting.on == d(2025, 5, 30))
        .expect("2024-05-31 52 weeks on");
    assert_eq!(moved.meeting.on.weekday(), d(2024, 5, 31).weekday());
    assert_eq!(
        app.next_years_meetings(kansli, &sofint, 2024)
            .await
            .expect("made"),
        0,
        "nothing twice"
    );
}

/// SOFINT's interim report: 1 189 503 kr paid to Coachingteamet in January–June against a
/// grant of 2 403 500. On the demo's day its third-quarter report is the one overdue.
#[tokio::test]
async fn money_paid_against_the_grant_and_the_reports_due() {
    use finsam_app::grants::{ReportFilter, ReportState};
    use finsam_app::settings::FormError;
    let (app, _dir) = demo().await;
    let sofint = app
        .store()
        .association(AssociationId(1))
        .await
        .expect("SOFINT");
    let coaching = app
        .store()
        .application(sofint.id, finsam_store::ApplicationId(1))
        .await
        .expect("Coachingteamet");
    assert_eq!(coaching.insats.name, "Coachingteamet");
    let money = app.grant_money(&sofint, &coaching).await.expect("reads");
    assert_eq!(money.items.len(), 2);
    assert_eq!(
        (
            money.summary.granted,
            money.summary.paid,
            money.summary.left()
        ),
        (kr(2_403_500), kr(1_189_503), kr(1_213_997))
    );
    assert_eq!(money.warning, None);

    // More than is left is refused, and nothing is saved; what is left is accepted.
    let stamp = app.store().audit_stamp(sofint.id).await.expect("a stamp");
    let over = fields(&[("begard", "2024-07-01"), ("belopp", "1 213 998")]);
    match app
        .add_disbursement(
            Actor::System,
            &sofint,
            (&coaching, coaching.row_version),
            &over,
        )
        .await
    {
        Err(FormError::Fields(e)) => {
            assert_eq!(e[0].0, "belopp");
            assert!(e[0].1.contains("högst 1 213 997 kr återstår"), "{e:?}");
        }
        other => panic!("refused, not {other:?}"),
    }
    assert_eq!(
        app.store().audit_stamp(sofint.id).await.expect("a stamp"),
        stamp
    );
    let before = fields(&[("begard", "2023-10-30"), ("belopp", "10")]);
    assert!(matches!(
        app.add_disbursement(Actor::System, &sofint, (&coaching, coaching.row_version), &before)
            .await,
        Err(FormError::Fields(e)) if e[0].1.contains("före avtalet 2023-11-02")
    ));
    let rest = fields(&[("begard", "2024-07-01"), ("belopp", "1 213 997")]);
    let added = app
        .add_disbursement(
            Actor::System,
            &sofint,
            (&coaching, coaching.row_version),
            &rest,
        )
        .await
        .expect("within the grant");
    // Nothing more can be paid now; and a step on the application as read before is stale.
    assert!(matches!(
        app.add_disbursement(Actor::System, &sofint, (&coaching, coaching.row_version), &fields(&[("begard", "2024-07-02"), ("belopp", "1")]))
            .await,
        Err(FormError::Fields(e)) if e[0].1.contains("högst 0 kr återstår")
    ));
    let approve = fields(&[("steg", "godkand"), ("dag", "2024-07-02")]);
    assert!(matches!(
        app.advance_disbursement(
            Actor::System,
            &sofint,
            (&coaching, coaching.row_version),
            added.id,
            &approve
        )
        .await,
        Err(FormError::Conflict)
    ));
    let coaching = app
        .store()
        .application(sofint.id, coaching.id)
        .await
        .expect("reads");
    let paid = fields(&[("steg", "utbetald"), ("dag", "2024-07-05")]);
    assert!(matches!(
        app.advance_disbursement(Actor::System, &sofint, (&coaching, coaching.row_version), added.id, &paid)
            .await,
        Err(FormError::Fields(e)) if e[0].1.contains("begärd")
    ));

    // The reports due on the demo's day: Coachingteamet's third quarter is overdue.
    let today = d(2024, 11, 4);
    let overdue = app
        .reports_filtered(
            &sofint,
            None,
            &ReportFilter {
                state: ReportState::Overdue,
                ..ReportFilter::default()
            },
            today,
        )
        .await
        .expect("reads");
    let what: Vec<(String, String, String)> = overdue
        .iter()
        .map(|r| (r.insats.clone(), r.report.kind.clone(), r.report.period()))
        .collect();
    assert_eq!(
        what,
        [(
            "Coachingteamet".to_owned(),
            "Kvartalsrapport".to_owned(),
            "2024-07-01–2024-09-30".to_owned()
        )]
    );
    assert_eq!(overdue[0].standing, Standing::Overdue(5));
    let all = app
        .reports_filtered(
            &sofint,
            None,
            &ReportFilter {
                state: ReportState::All,
                ..ReportFilter::default()
            },
            today,
        )
        .await
        .expect("reads");
    // Coachingteamet: 12 monthly, 4 quarterly, 2 half-yearly (SOFINT asks for one), 1 final;
    // Rehabmässan: 3, 2, 1, 1; Välfärdsguiden as Coachingteamet.
    assert_eq!(all.len(), 19 + 7 + 19);
    let by_kind = app
        .reports_filtered(
            &sofint,
            None,
            &ReportFilter {
                application: Some(coaching.id),
                kind: Some("Slutrapport".into()),
                state: ReportState::All,
            },
            today,
        )
        .await
        .expect("reads");
    assert_eq!(by_kind.len(), 1);
    assert_eq!(by_kind[0].report.due, d(2025, 3, 1));
    // The insatsägare for Nora sees none of Lindesberg's.
    assert!(
        app.reports_filtered(&sofint, Some("nora"), &ReportFilter::default(), today)
            .await
            .expect("reads")
            .is_empty()
    );

    // Receiving: a day after today, and a report the insats does not owe, are refused.
    let received = |on: &str, end: &str| {
        fields(&[
            ("rapport", "Kvartalsrapport"),
            ("period_slut", end),
            ("inkom", on),
        ])
    };
    for (form, field) in [
        (received("2024-11-05", "2024-09-30"), "inkom"),
        (received("2024-11-01", "2024-09-29"), "rapport"),
    ] {
        assert!(matches!(
            app.receive_report(Actor::System, &sofint, &coaching, &form, today).await,
            Err(FormError::Fields(e)) if e[0].0 == field
        ));
    }
    app.receive_report(
        Actor::System,
        &sofint,
        &coaching,
        &received("2024-11-01", "2024-09-30"),
        today,
    )
    .await
    .expect("received");
    assert!(matches!(
        app.receive_report(Actor::System, &sofint, &coaching, &received("2024-11-01", "2024-09-30"), today)
            .await,
        Err(FormError::Fields(e)) if e[0].1.contains("redan inkommen")
    ));
    let after = app
        .reports_filtered(&sofint, None, &ReportFilter::default(), today)
        .await
        .expect("reads");
    assert!(
        after
            .iter()
            .all(|r| !matches!(r.standing, Standing::Overdue(_))),
        "{after:?}"
    );
    let late = app
        .reports_filtered(
            &sofint,
            None,
            &ReportFilter {
                kind: Some("Kvartalsrapport".into()),
                state: ReportState::Received,
                ..ReportFilter::default()
            },
            today,
        )
        .await
        .expect("reads");
    let coaching_late = late.iter().rfind(|r| r.insats == "Coachingteamet");
    assert_eq!(coaching_late.map(|r| r.standing), Some(Standing::MetLate));
}
