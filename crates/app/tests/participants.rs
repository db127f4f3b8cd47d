//! Participant reports through the app (issue 14): the demo's Coachingteamet January–June 2024
//! carries every figure the interim report prints; a report is started only for a period of
//! the insats's schedule, once; figures saved from the form or an upload, refused cell by cell;
//! the way utkast → inskickad → återsänd → godkänd, locked, reopened, every step audited, and a
//! sent-in report meets its due date in the reports table.

use finsam_app::App;
use finsam_app::settings::FormError;
use finsam_core::computed::{ComputedFigure, FigureRef, Period as FigurePeriod};
use finsam_core::goals::Quantity;
use finsam_core::participants::{Approval, ApprovalStep, default_outcomes};
use finsam_core::plan::Date;
use finsam_store::{Actor, ApplicationId, AssociationId, SqlStore};

fn d(text: &str) -> Date {
    finsam_core::insats::serial::parse_day(text).expect("a day")
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

async fn demo() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = format!("sqlite:{}", dir.path().join("t.db").display());
    let store = SqlStore::open(&url).await.expect("opens");
    let app = App::new(std::sync::Arc::new(store)).on_day(d("2024-11-04"));
    finsam_app::demo::load(app.store()).await.expect("the demo");
    (app, dir)
}

/// SOFINT and its Coachingteamet.
async fn sofint_coaching(
    app: &App,
) -> (finsam_store::Association, finsam_store::StoredApplication) {
    let sofint = app
        .store()
        .association(AssociationId(1))
        .await
        .expect("SOFINT");
    let coaching = app
        .store()
        .application(sofint.id, ApplicationId(1))
        .await
        .expect("Coachingteamet");
    (sofint, coaching)
}

fn field_errors(r: Result<impl std::fmt::Debug, FormError>) -> Vec<(String, String)> {
    match r {
        Err(FormError::Fields(e)) => e,
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn the_demo_half_year_has_the_interim_reports_figures_and_its_one_finding() {
    let (app, _dir) = demo().await;
    let (sofint, coaching) = sofint_coaching(&app).await;
    let views = app
        .participant_reports_of(&sofint, &coaching)
        .await
        .expect("reads");
    assert_eq!(views.len(), 1);
    let v = &views[0];
    assert_eq!(
        (v.stored.from, v.stored.to),
        (d("2024-01-01"), d("2024-06-30"))
    );
    assert_eq!(v.stored.approval, Approval::Submitted);
    let r = &v.stored.report;
    assert_eq!((r.total.total, r.total.split), (103, Some([56, 47, 0])));
    assert_eq!((r.new.total, r.new.split), (38, Some([18, 20, 0])));
    assert_eq!(
        (r.finished.total, r.finished.split),
        (35, Some([19, 16, 0]))
    );
    assert_eq!(r.ongoing.total, 65);
    let rate = r.step_forward(&default_outcomes()).expect("some finished");
    assert_eq!(finsam_core::format::percent(rate, 0), "37 %");
    assert_eq!(v.findings.len(), 1, "{:?}", v.findings);
    assert!(
        v.findings[0]
            .message
            .contains("Pågående deltagare 65, men totalt 103 − avslutade 35 = 68"),
        "{}",
        v.findings[0].message
    );
    // Against the insats's targets: 37 % against 55 %, women 26 % and men 50 %; on track for
    // the year's 120, 50 and 50; women left early more often, as a figure.
    let (targets, _) = app
        .participant_targets_of(&sofint, &coaching)
        .await
        .expect("reads");
    let settings = app
        .settings(&sofint)
        .await
        .expect("reads")
        .settings
        .participants;
    let a = finsam_app::participants::analysis(&v.stored, &targets, &settings.outcomes);
    let (kind, step, target, reached) = &a.rates[0];
    assert_eq!(
        *kind,
        finsam_core::participants::rates::RateKind::StepForward
    );
    assert_eq!(
        (
            step.words("totalt"),
            step.words("kvinnor"),
            step.words("man")
        ),
        (
            "37 % (13 av 35)".into(),
            "26 % (5 av 19)".into(),
            "50 % (8 av 16)".into()
        )
    );
    assert_eq!((*target, *reached), (Some(55), Some(false)));
    assert_eq!(a.months, 6);
    let projected: Vec<(u32, u32, bool)> = a
        .projections
        .iter()
        .map(|p| (p.projected, p.target, p.on_track))
        .collect();
    assert_eq!(
        projected,
        [(141, 120, true), (76, 50, true), (70, 50, true)]
    );
    assert!(
        a.early
            .as_deref()
            .is_some_and(|e| e.contains("24 procentenheter fler bland kvinnorna")),
        "{:?}",
        a.early
    );

    // Sent in on 25 July: the half-year report is met in the reports table.
    let due = app
        .reports_due(&sofint, d("2024-11-04"))
        .await
        .expect("reads");
    let row = due
        .iter()
        .find(|r| {
            r.id == coaching.id
                && r.report.kind == "Halvårsrapport"
                && r.report.to == d("2024-06-30")
        })
        .expect("the half-year report is due");
    assert_eq!(row.received, Some(d("2024-07-25")));
}

#[tokio::test]
async fn a_report_is_returned_corrected_approved_locked_and_reopened_with_audit_rows() {
    let (app, _dir) = demo().await;
    let (sofint, coaching) = sofint_coaching(&app).await;
    let today = d("2024-11-04");
    let v = app
        .participant_reports_of(&sofint, &coaching)
        .await
        .expect("reads")[0]
        .clone();
    let id = v.stored.id;
    let me = Actor::System;

    // Sent in but not approved, the report is not in the registry yet.
    let plan = app
        .plan_covering(&sofint, &[2024])
        .await
        .expect("reads")
        .expect("SOFINT's plan");
    let values = app.figure_values(&sofint, &plan).await.expect("figures");
    assert_eq!(
        values.get(FigureRef {
            figure: ComputedFigure::StepForward,
            period: FigurePeriod::HalfYear(2024, 1)
        }),
        None
    );

    // Approval with a finding is refused; the kansli returns it with a comment.
    let refused = app
        .step_participant_report(
            me,
            &sofint,
            (&coaching, id, v.stored.row_version),
            &ApprovalStep::Approve,
            today,
        )
        .await;
    assert!(
        field_errors(refused)[0]
            .1
            .contains("1 siffra som inte stämmer")
    );
    let no_comment = app
        .step_participant_report(
            me,
            &sofint,
            (&coaching, id, v.stored.row_version),
            &ApprovalStep::Return("  ".into()),
            today,
        )
        .await;
    assert_eq!(field_errors(no_comment)[0].0, "kommentar");
    let back = app
        .step_participant_report(
            me,
            &sofint,
            (&coaching, id, v.stored.row_version),
            &ApprovalStep::Return("Pågående ska vara 103 − 35 = 68.".into()),
            today,
        )
        .await
        .expect("returned");

    // A wrong cell is named and nothing is saved; the right figure is saved.
    let settings = app
        .settings(&sofint)
        .await
        .expect("settings")
        .settings
        .participants;
    let mut form = finsam_core::participants::form::fields_of(&back.report, &settings);
    form.iter_mut()
        .find(|(n, _)| n == "pagaende.totalt")
        .expect("a cell")
        .1 = "-68".into();
    let bad = app
        .save_participant_figures(me, &sofint, (&coaching, id, back.row_version), &form)
        .await;
    let e = field_errors(bad);
    assert_eq!(e[0].0, "pagaende.totalt");
    assert!(e[0].1.contains("negativt"), "{e:?}");
    form.iter_mut()
        .find(|(n, _)| n == "pagaende.totalt")
        .expect("a cell")
        .1 = "68".into();
    let fixed = app
        .save_participant_figures(me, &sofint, (&coaching, id, back.row_version), &form)
        .await
        .expect("saved");
    assert_eq!(fixed.report.ongoing.total, 68);
    // A stale save is a conflict.
    let stale = app
        .save_participant_figures(me, &sofint, (&coaching, id, back.row_version), &form)
        .await;
    assert!(matches!(stale, Err(FormError::Conflict)), "{stale:?}");

    let sent = app
        .step_participant_report(
            me,
            &sofint,
            (&coaching, id, fixed.row_version),
            &ApprovalStep::Submit,
            today,
        )
        .await
        .expect("sent in again");
    let approved = app
        .step_participant_report(
            me,
            &sofint,
            (&coaching, id, sent.row_version),
            &ApprovalStep::Approve,
            today,
        )
        .await
        .expect("approved");
    assert_eq!(approved.approval, Approval::Approved);
    // Approved, the half-year counts in the registry of computed figures a goal can refer to.
    let plan = app
        .plan_covering(&sofint, &[2024])
        .await
        .expect("reads")
        .expect("SOFINT's plan");
    let values = app.figure_values(&sofint, &plan).await.expect("figures");
    let at = |figure, period| values.get(FigureRef { figure, period });
    assert_eq!(
        at(ComputedFigure::StepForward, FigurePeriod::HalfYear(2024, 1)),
        Some(Quantity::from_hundredths(3714))
    );
    // The second half-year is not reported, the year not covered: no value, no assessment.
    assert_eq!(
        at(ComputedFigure::StepForward, FigurePeriod::Year(2024)),
        None
    );
    assert_eq!(
        at(ComputedFigure::WithPlan, FigurePeriod::HalfYear(2024, 1)),
        None
    );
    // The activity log: Coachingteamet's nine activities January–May, two of them knowledge.
    assert_eq!(
        at(ComputedFigure::Activities, FigurePeriod::HalfYear(2024, 1)),
        Some(Quantity::from_hundredths(900))
    );
    assert_eq!(
        at(
            ComputedFigure::KnowledgeActivities,
            FigurePeriod::Year(2024)
        ),
        Some(Quantity::from_hundredths(200))
    );
    assert_eq!(
        at(ComputedFigure::Activities, FigurePeriod::HalfYear(2024, 2)),
        Some(Quantity::from_hundredths(0))
    );
    // Its staffing: 4 until February, 3 from March, 3,4 from September.
    let staffing = app.staffing_of(&sofint, &coaching).await.expect("reads");
    let total = |d: &str| {
        finsam_core::participants::activity::fte_words(
            finsam_core::participants::activity::total_on(&staffing, self::d(d)),
        )
    };
    assert_eq!(
        (
            total("2024-02-29"),
            total("2024-03-01"),
            total("2024-09-01")
        ),
        ("4".into(), "3".into(), "3,4".into())
    );
    // Reports due in 2024 by 4 November: 33 (Coachingteamet 13, Rehabmässan 7, Välfärdsguiden
    // 13), all on time but Coachingteamet's third quarter: 32 / 33.
    assert_eq!(
        at(ComputedFigure::ReportsOnTime, FigurePeriod::Year(2024)),
        Some(Quantity::from_hundredths(9697))
    );
    // Välfärdsguiden's visits reached the demo's target of 30 000 in 2024, not in 2023.
    assert_eq!(
        at(ComputedFigure::StructuralGoalsMet, FigurePeriod::Year(2024)),
        Some(Quantity::from_hundredths(10_000))
    );
    // Locked: neither the form nor an upload changes it.
    let locked = app
        .save_participant_figures(me, &sofint, (&coaching, id, approved.row_version), &form)
        .await;
    assert!(field_errors(locked)[0].1.contains("godkänd och låst"));
    let reopened = app
        .step_participant_report(
            me,
            &sofint,
            (&coaching, id, approved.row_version),
            &ApprovalStep::Reopen,
            today,
        )
        .await
        .expect("reopened");
    assert_eq!(reopened.approval, Approval::Draft);

    let log = app.store().audit_log(sofint.id, 500).await.expect("reads");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for (want, n) in [
        ("participants.return", 1),
        ("participants.update", 1),
        ("participants.submit", 2),
        ("participants.approve", 1),
        ("participants.reopen", 1),
    ] {
        assert_eq!(
            actions.iter().filter(|a| **a == want).count(),
            n,
            "{want} in {actions:?}"
        );
    }
    let returned = log
        .iter()
        .find(|e| e.action == "participants.return")
        .expect("logged");
    assert!(
        returned
            .summary
            .contains("Pågående ska vara 103 − 35 = 68."),
        "{}",
        returned.summary
    );
}

#[tokio::test]
async fn a_report_is_started_only_for_a_period_of_the_schedule_once() {
    let (app, _dir) = demo().await;
    let (sofint, coaching) = sofint_coaching(&app).await;
    let today = d("2024-11-04");
    let open = app
        .open_report_periods(&sofint, &coaching, today)
        .await
        .expect("reads");
    assert!(
        open.iter()
            .any(|r| r.kind == "Kvartalsrapport" && r.to == d("2024-09-30"))
    );
    assert!(
        !open
            .iter()
            .any(|r| r.kind == "Halvårsrapport" && r.to == d("2024-06-30")),
        "has one"
    );
    assert!(open.iter().all(|r| r.from <= today));
    let me = Actor::System;
    for (period, says) in [
        (
            "Halvårsrapport|2024-06-30",
            "Det finns redan en deltagarrapport",
        ),
        (
            "Kvartalsrapport|2023-03-31",
            "utanför insatsens rapportplan",
        ),
        (
            "Kvartalsrapport|2025-03-31",
            "utanför insatsens rapportplan",
        ),
        ("", "Välj perioden"),
    ] {
        let before = app.store().audit_log(sofint.id, 1).await.expect("reads")[0].id;
        let e = field_errors(
            app.start_participant_report(
                me,
                &sofint,
                &coaching,
                &fields(&[("period", period)]),
                today,
            )
            .await,
        );
        assert!(e[0].1.contains(says), "{period}: {e:?}");
        assert_eq!(
            app.store().audit_log(sofint.id, 1).await.expect("reads")[0].id,
            before
        );
    }
    let made = app
        .start_participant_report(
            me,
            &sofint,
            &coaching,
            &fields(&[("period", "Kvartalsrapport|2024-09-30")]),
            today,
        )
        .await
        .expect("started");
    assert_eq!(
        (made.from, made.approval.clone()),
        (d("2024-07-01"), Approval::Draft)
    );

    // The quarter's figures from an upload: a file with a personal column is refused whole.
    let upload = "Rad;Nyckel;Totalt;Kvinnor;Män;Annat eller ej angivet;Personnummer\nTotalt;totalt;70;40;30;0;\n";
    let e = field_errors(
        app.upload_participant_figures(
            me,
            &sofint,
            (&coaching, made.id, made.row_version),
            ("q3.csv", upload.as_bytes()),
        )
        .await,
    );
    assert!(
        e[0].1
            .contains("Finsam räknar deltagare men registrerar dem aldrig"),
        "{e:?}"
    );
    let upload = "Rad;Nyckel;Totalt;Kvinnor;Män;Annat eller ej angivet\nTotalt;totalt;70;40;30;0\nNya;nya;2;;;\nAvslutade;avslutade;4;;;\nPågående;pagaende;66;;;\n";
    let saved = app
        .upload_participant_figures(
            me,
            &sofint,
            (&coaching, made.id, made.row_version),
            ("q3.csv", upload.as_bytes()),
        )
        .await
        .expect("uploaded");
    assert_eq!(saved.report.total.split, Some([40, 30, 0]));
    let e = field_errors(
        app.upload_participant_figures(
            me,
            &sofint,
            (&coaching, made.id, saved.row_version),
            ("q3.pdf", b"%PDF"),
        )
        .await,
    );
    assert!(e[0].1.contains("varken .xlsx eller .csv"), "{e:?}");
}

/// SOFINT's goal "Andel av deltagarna … som erbjudits att besvara NNS indikatorer" (> 90 %,
/// delvis ≥ 75 %) refers to the computed figure: with the year's two half-year reports
/// approved it is assessed from them, and the delårsrapport's goal table says so.
#[tokio::test]
async fn a_goal_on_the_nns_forms_is_assessed_from_the_approved_reports() {
    use finsam_core::report::{goal_tables, goals_table};
    let (app, _dir) = demo().await;
    let (sofint, coaching) = sofint_coaching(&app).await;
    let today = d("2024-11-04");
    let me = Actor::System;
    let settings = app
        .settings(&sofint)
        .await
        .expect("reads")
        .settings
        .participants;
    // The first half-year corrected, with 100 of its 103 offered the forms, and approved.
    let h1 = app
        .participant_reports_of(&sofint, &coaching)
        .await
        .expect("reads")[0]
        .clone();
    let mut first = finsam_core::participants::form::fields_of(&h1.stored.report, &settings);
    for (cell, value) in [
        ("pagaende.totalt", "68"),
        ("nns.erbjudna", "100"),
        ("nns.besvarade", "71"),
    ] {
        first.iter_mut().find(|(n, _)| n == cell).expect(cell).1 = value.into();
    }
    let back = app
        .step_participant_report(
            me,
            &sofint,
            (&coaching, h1.stored.id, h1.stored.row_version),
            &ApprovalStep::Return("Pågående 68.".into()),
            today,
        )
        .await
        .expect("returned");
    let saved = app
        .save_participant_figures(
            me,
            &sofint,
            (&coaching, h1.stored.id, back.row_version),
            &first,
        )
        .await
        .expect("saved");
    let sent = app
        .step_participant_report(
            me,
            &sofint,
            (&coaching, h1.stored.id, saved.row_version),
            &ApprovalStep::Submit,
            today,
        )
        .await
        .expect("sent");
    app.step_participant_report(
        me,
        &sofint,
        (&coaching, h1.stored.id, sent.row_version),
        &ApprovalStep::Approve,
        today,
    )
    .await
    .expect("approved");
    let plan = app
        .plan_covering(&sofint, &[2024])
        .await
        .expect("reads")
        .expect("SOFINT's plan");
    let nns_row = |tables: &[finsam_core::report::GoalTable]| {
        tables
            .iter()
            .flat_map(|t| t.rows.iter())
            .find(|r| r.goal.contains("NNS"))
            .expect("the NNS goal")
            .clone()
    };
    // The year is not covered by the first half alone.
    let values = app.figure_values(&sofint, &plan).await.expect("figures");
    let row = nns_row(&goal_tables(&goals_table(&plan, &values)));
    assert_eq!(row.assessment, "Målet kan inte bedömas ännu.");
    // The second half-year: 68 at its start and 20 new, the 20 new offered the forms.
    let h2 = app
        .start_participant_report(
            me,
            &sofint,
            &coaching,
            &fields(&[("period", "Halvårsrapport|2024-12-31")]),
            today,
        )
        .await
        .expect("started");
    let second = fields(&[
        ("totalt.totalt", "88"),
        ("nya.totalt", "20"),
        ("avslutade.totalt", "30"),
        ("pagaende.totalt", "58"),
        ("nns.erbjudna", "20"),
        ("nns.besvarade", "15"),
    ]);
    let saved = app
        .save_participant_figures(me, &sofint, (&coaching, h2.id, h2.row_version), &second)
        .await
        .expect("saved");
    let sent = app
        .step_participant_report(
            me,
            &sofint,
            (&coaching, h2.id, saved.row_version),
            &ApprovalStep::Submit,
            today,
        )
        .await
        .expect("sent");
    app.step_participant_report(
        me,
        &sofint,
        (&coaching, h2.id, sent.row_version),
        &ApprovalStep::Approve,
        today,
    )
    .await
    .expect("approved");
    // 2024: 65 at the start and 58 new are 123, 120 of them offered: 97,56 % > 90 %.
    let values = app.figure_values(&sofint, &plan).await.expect("figures");
    assert_eq!(
        values.get(FigureRef {
            figure: ComputedFigure::NnsOffered,
            period: FigurePeriod::Year(2024)
        }),
        Some(Quantity::from_hundredths(9756))
    );
    let tables = goal_tables(&goals_table(&plan, &values));
    assert_eq!(tables[0].area, "Insats");
    let row = nns_row(&tables);
    assert_eq!(row.assessment, "Målet bedöms vara uppfyllt.");
    assert!(row.activity.contains("Uppmätt: 97,56 %"), "{row:?}");
}

/// Norrbygden's quarter-by-quarter insats: its three quarters agree with each other (each
/// starts with the last one's ongoing), and its approved first half-year counts in the
/// registry: 11 of 18 finished to work, 61,11 %.
#[tokio::test]
async fn norrbygdens_quarters_agree_and_their_half_year_counts() {
    let (app, _dir) = demo().await;
    let norrbygden = app
        .store()
        .association(AssociationId(3))
        .await
        .expect("Norrbygden");
    let training = app
        .store()
        .granted_applications(norrbygden.id)
        .await
        .expect("reads")
        .into_iter()
        .find(|a| a.insats.name == "Arbetsträning i Sjövik")
        .expect("the quarterly insats");
    let views = app
        .participant_reports_of(&norrbygden, &training)
        .await
        .expect("reads");
    assert_eq!(views.len(), 3);
    assert!(views.iter().all(|v| v.findings.is_empty()), "{views:?}");
    assert_eq!(views[2].stored.approval, Approval::Submitted);
    // The registry's half-year figure for 2024, summed as App::figure_values sums (Norrbygden's
    // plan starts in 2025, so its plan years do not ask for 2024).
    let mut values = finsam_core::computed::FigureValues::default();
    use finsam_core::participants::{Dated, over_period};
    let approved: Vec<Dated<'_>> = views
        .iter()
        .filter(|v| v.stored.approval == Approval::Approved)
        .map(|v| (v.stored.from, v.stored.to, &v.stored.report))
        .collect();
    let h1 = over_period(&approved, d("2024-01-01"), d("2024-06-30")).expect("covered");
    let settings = app
        .settings(&norrbygden)
        .await
        .expect("reads")
        .settings
        .participants;
    values.add_participants(FigurePeriod::HalfYear(2024, 1), &[h1], &settings.outcomes);
    assert_eq!(
        values.get(FigureRef {
            figure: ComputedFigure::StepForward,
            period: FigurePeriod::HalfYear(2024, 1)
        }),
        Some(Quantity::from_hundredths(6111))
    );
    // The third quarter is not approved: the year is not covered.
    assert!(over_period(&approved, d("2024-01-01"), d("2024-12-31")).is_none());
}
