//! Participant reports (issue 14): an insats's counts for a period of its report schedule,
//! entered in the form or uploaded from the template, checked together with the insats's other
//! periods, and moved on its way (utkast → inskickad → återsänd → godkänd). Core checks and
//! decides the steps; this module reads the forms and files, finds the period in the schedule,
//! and gives the store what to write. Who may take a step is the policy's (`Edit` on the
//! application sends in, `Adopt` returns, approves and reopens); the web asks it before calling.

use finsam_core::finding::Finding;
use finsam_core::insats::reports::{DueReport, schedule};
use finsam_core::participants::activity::{Activity, ActivityKind, Staffing, fte_words, parse_fte};
use finsam_core::participants::form::{read_fields, read_table};
use finsam_core::participants::rates::{
    Projection, Rate, RateKind, Targets, early_difference, on_track, rate, reaches,
};
use finsam_core::participants::{Approval, ApprovalStep, Dated, check_series};
use finsam_core::plan::Date;
use finsam_report::upload::{Format, read_rows};
use finsam_store::{
    Actor, Association, NewParticipantReport, Receipt, ReportStep, StoreError, StoredActivity,
    StoredApplication, StoredParticipantReport,
};

use crate::App;
use crate::insatser::day_field;
use crate::plan_edit::{Fields, get};
use crate::settings::FormError;

/// A stored report with its findings: its own, and those between it and the insats's other
/// periods (root findings, the consequences beneath).
#[derive(Clone, Debug)]
pub struct ReportView {
    /// The report.
    pub stored: StoredParticipantReport,
    /// What does not add up.
    pub findings: Vec<Finding>,
}

/// The period in words: "2024-01-01–2024-06-30".
pub fn period_words(from: Date, to: Date) -> String {
    format!("{from}–{to}")
}

/// The insats's reports with the findings of the whole series, each with its report.
pub fn with_findings(reports: Vec<StoredParticipantReport>) -> Vec<ReportView> {
    let dated: Vec<Dated<'_>> = reports.iter().map(|r| (r.from, r.to, &r.report)).collect();
    let mut findings: Vec<Vec<Finding>> = vec![Vec::new(); reports.len()];
    for (i, f) in check_series(&dated) {
        findings[i].push(f);
    }
    reports
        .into_iter()
        .zip(findings)
        .map(|(stored, findings)| ReportView { stored, findings })
        .collect()
}

/// A granted insats with its participant reports and the periods a report can be started for.
#[derive(Clone, Debug)]
pub struct InsatsReports {
    /// The insats's application.
    pub application: StoredApplication,
    /// Its reports with their findings, by period.
    pub reports: Vec<ReportView>,
    /// The periods of its schedule begun and without a report.
    pub open: Vec<DueReport>,
}

/// The periods of `stored`'s schedule under `kinds` begun by `today` that have no report in
/// `have`, by period.
pub fn open_periods(
    stored: &StoredApplication,
    kinds: &[finsam_core::insats::reports::ReportKind],
    have: &[StoredParticipantReport],
    today: Date,
) -> Vec<DueReport> {
    let Some(decided) = stored.case.decision().map(|d| d.on) else {
        return Vec::new();
    };
    let mut open: Vec<DueReport> = schedule(stored.insats.period, decided, kinds)
        .into_iter()
        .filter(|r| r.from <= today)
        .filter(|r| !have.iter().any(|h| h.kind == r.kind && h.to == r.to))
        .collect();
    open.sort_by(|a, b| (a.from, a.to, &a.kind).cmp(&(b.from, b.to, &b.kind)));
    open
}

/// The fields of the targets form: (field, words, percent).
pub const TARGET_FIELDS: [(&str, &str, bool); 6] = [
    ("mal_totalt", "Deltagare under året", false),
    ("mal_nya", "Nya deltagare under året", false),
    ("mal_avslutade", "Avslutade deltagare under året", false),
    (
        "mal_steg",
        "Stegförflyttning, procent av de avslutade",
        true,
    ),
    (
        "mal_arbete",
        "Till arbete eller studier, procent av de avslutade",
        true,
    ),
    (
        "mal_plan",
        "Med plan för fortsatt rehabilitering, procent av de avslutade",
        true,
    ),
];

/// The targets as their form shows them.
pub fn target_fields(t: &Targets) -> Fields {
    let values = [
        t.total,
        t.new,
        t.finished,
        t.step_forward,
        t.work_or_studies,
        t.with_plan,
    ];
    TARGET_FIELDS
        .iter()
        .zip(values)
        .map(|((name, _, _), v)| {
            (
                (*name).to_owned(),
                v.map(|n| n.to_string()).unwrap_or_default(),
            )
        })
        .collect()
}

/// The targets a form describes; empty fields are no target. The messages by field.
pub fn parse_targets(fields: &Fields) -> Result<Targets, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut values = [None; 6];
    for (i, (name, words, percent)) in TARGET_FIELDS.iter().enumerate() {
        match finsam_core::participants::form::count(get(fields, name)) {
            Ok(Some(n)) if *percent && n > 100 => errors.push((
                (*name).to_owned(),
                format!("{words}: {n} är mer än 100 procent."),
            )),
            Ok(v) => values[i] = v,
            Err(e) => errors.push(((*name).to_owned(), format!("{words}: {e}"))),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let [
        total,
        new,
        finished,
        step_forward,
        work_or_studies,
        with_plan,
    ] = values;
    Ok(Targets {
        total,
        new,
        finished,
        step_forward,
        work_or_studies,
        with_plan,
    })
}

/// A report read against its insats's targets: each rate by gender with the target, the
/// counts so far projected to the year, and the early leavers' difference between women and
/// men.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// (rate, its counts, the target in whole per cent, whether the whole reaches it).
    pub rates: Vec<(RateKind, Rate, Option<u32>, Option<bool>)>,
    /// The year so far against the yearly targets, when the period runs from the start of a
    /// calendar year to before its end.
    pub projections: Vec<Projection>,
    /// Months of the year the projection is from.
    pub months: u32,
    /// Women against men among those who left early.
    pub early: Option<String>,
}

/// The report against `targets` with the förbund's outcomes.
pub fn analysis(
    r: &StoredParticipantReport,
    targets: &Targets,
    outcomes: &[finsam_core::participants::OutcomeKind],
) -> Analysis {
    let rates = RateKind::ALL
        .iter()
        .filter_map(|&kind| {
            let rate = rate(&r.report, kind, outcomes)?;
            let target = targets.of(kind);
            let reached = target.and_then(|t| Some(reaches(rate.of("totalt")?, t)));
            Some((kind, rate, target, reached))
        })
        .collect();
    let part_of_year =
        r.from.year() == r.to.year() && r.from.ordinal() == 1 && (r.to.month() as u8) < 12;
    let months = u32::from(r.to.month() as u8);
    Analysis {
        rates,
        projections: if part_of_year {
            on_track(&r.report, months, targets)
        } else {
            Vec::new()
        },
        months,
        early: early_difference(&r.report, outcomes),
    }
}

/// The message when a report cannot be changed in its state.
fn locked(a: &Approval) -> FormError {
    FormError::Fields(vec![(
        "berattelse".into(),
        match a {
            Approval::Approved => "Rapporten är godkänd och låst. Förbundschefen kan öppna den igen om något måste rättas.".into(),
            _ => format!(
                "Rapporten är {} och kan inte ändras nu; förbundet skickar tillbaka den om något ska rättas.",
                a.label()
            ),
        },
    )])
}

impl App {
    /// An insats's participant reports, by period, with their findings.
    pub async fn participant_reports_of(
        &self,
        association: &Association,
        stored: &StoredApplication,
    ) -> Result<Vec<ReportView>, StoreError> {
        let reports = self
            .store()
            .participant_reports(association.id, Some(stored.id))
            .await?;
        Ok(with_findings(reports))
    }

    /// One of the insats's reports with its findings; another insats's is not found.
    pub async fn participant_report_of(
        &self,
        association: &Association,
        stored: &StoredApplication,
        id: i64,
    ) -> Result<ReportView, StoreError> {
        self.participant_reports_of(association, stored)
            .await?
            .into_iter()
            .find(|v| v.stored.id == id)
            .ok_or(StoreError::NotFound)
    }

    /// An insats's targets and their row version (0 and no targets when none are set).
    pub async fn participant_targets_of(
        &self,
        association: &Association,
        stored: &StoredApplication,
    ) -> Result<(Targets, i64), StoreError> {
        Ok(self
            .store()
            .participant_targets(association.id)
            .await?
            .into_iter()
            .find(|t| t.application == stored.id)
            .map_or((Targets::default(), 0), |t| (t.targets, t.row_version)))
    }

    /// Sets an insats's targets from the form, read at `row_version`. Audited; nothing saved
    /// when a field is wrong.
    pub async fn save_participant_targets(
        &self,
        actor: Actor,
        association: &Association,
        (stored, row_version): (&StoredApplication, i64),
        fields: &Fields,
    ) -> Result<Targets, FormError> {
        let targets = parse_targets(fields).map_err(FormError::Fields)?;
        let summary = format!(
            "{}: deltagarmål för {} sparade",
            stored.case_number, stored.insats.name
        );
        Ok(self
            .store()
            .save_participant_targets(
                actor,
                (association.id, stored.id, row_version),
                &targets,
                &summary,
            )
            .await?
            .targets)
    }

    /// The periods of the insats's report schedule a report can be started for on `today`:
    /// begun by then, without a report yet.
    pub async fn open_report_periods(
        &self,
        association: &Association,
        stored: &StoredApplication,
        today: Date,
    ) -> Result<Vec<DueReport>, StoreError> {
        let kinds = self.settings(association).await?.settings.report_kinds;
        let have = self
            .store()
            .participant_reports(association.id, Some(stored.id))
            .await?;
        Ok(open_periods(stored, &kinds, &have, today))
    }

    /// The förbund's granted insatser (only `member`'s for an insatsägare) with their
    /// participant reports and the periods a report can be started for on `today`.
    pub async fn participant_overview(
        &self,
        association: &Association,
        member: Option<&str>,
        today: Date,
    ) -> Result<Vec<InsatsReports>, StoreError> {
        let granted = self.store().granted_applications(association.id).await?;
        let kinds = self.settings(association).await?.settings.report_kinds;
        let all = self
            .store()
            .participant_reports(association.id, None)
            .await?;
        Ok(granted
            .into_iter()
            .filter(|a| member.is_none_or(|m| m == a.insats.owner))
            .map(|a| {
                let have: Vec<StoredParticipantReport> = all
                    .iter()
                    .filter(|r| r.application == a.id)
                    .cloned()
                    .collect();
                let open = open_periods(&a, &kinds, &have, today);
                InsatsReports {
                    reports: with_findings(have),
                    open,
                    application: a,
                }
            })
            .collect())
    }

    /// The application of the förbund's participant report `id`, if the user may do `action`
    /// on the application (an insatsägare only on its own; another's is not found), with the
    /// report's findings.
    pub async fn authorize_participant_report(
        &self,
        user: finsam_store::UserId,
        association: finsam_store::AssociationId,
        id: i64,
        action: crate::Action,
    ) -> Result<
        (
            Association,
            finsam_store::Role,
            std::sync::Arc<StoredApplication>,
            ReportView,
        ),
        crate::policy::Denied,
    > {
        // Only the report's application is read before the application's own authorization
        // (which reads the role once): a missing report and one the user may not see are the
        // same "not found", so nobody learns of a report this way.
        let application = match self.store().participant_report(association, id).await {
            Ok(r) => r.application,
            Err(StoreError::NotFound) => return Err(crate::policy::Denied::NotFound),
            Err(e) => return Err(e.into()),
        };
        let (a, role, stored, _) = self
            .authorize_application_at(user, association, application, action)
            .await?;
        let view = self.participant_report_of(&a, &stored, id).await?;
        Ok((a, role, stored, view))
    }

    /// Starts a report for the form's period (`period`: `kind|last day`), which must be one of
    /// the insats's schedule, begun by `today`, and without a report yet. Audited.
    pub async fn start_participant_report(
        &self,
        actor: Actor,
        association: &Association,
        stored: &StoredApplication,
        fields: &Fields,
        today: Date,
    ) -> Result<StoredParticipantReport, FormError> {
        let chosen = get(fields, "period");
        let (kind, end) = chosen.rsplit_once('|').unwrap_or(("", chosen));
        let mut errors = Vec::new();
        let end = day_field(
            &vec![("slut".to_owned(), end.to_owned())],
            "slut",
            "Perioden",
            &mut errors,
        );
        let Some(end) = end else {
            return Err(FormError::Fields(vec![(
                "period".into(),
                "Välj perioden rapporten gäller i listan.".into(),
            )]));
        };
        let open = self.open_report_periods(association, stored, today).await?;
        let Some(due) = open.iter().find(|r| r.kind == kind && r.to == end) else {
            let have = self
                .store()
                .participant_reports(association.id, Some(stored.id))
                .await?;
            let message = if have.iter().any(|h| h.kind == kind && h.to == end) {
                format!(
                    "Det finns redan en deltagarrapport ({kind}) för perioden som slutar {end}; öppna den i listan."
                )
            } else {
                format!(
                    "{} har ingen \"{kind}\" för en period som slutar {end} och har börjat; perioden ligger utanför insatsens rapportplan. Välj en period i listan.",
                    stored.insats.name
                )
            };
            return Err(FormError::Fields(vec![("period".into(), message)]));
        };
        let new = NewParticipantReport {
            application: stored.id,
            kind: due.kind.clone(),
            from: due.from,
            to: due.to,
            report: Default::default(),
        };
        let summary = format!(
            "{}: deltagarrapport för {} ({}) påbörjad",
            stored.case_number,
            due.period(),
            due.kind
        );
        match self
            .store()
            .create_participant_report(actor, association.id, &new, &summary)
            .await
        {
            Err(StoreError::Duplicate) => Err(FormError::Fields(vec![(
                "period".into(),
                format!(
                    "Det finns redan en deltagarrapport för {}; öppna den i listan.",
                    due.period()
                ),
            )])),
            other => Ok(other?),
        }
    }

    /// Saves the form's figures (fields named by cell) into a draft or returned report read at
    /// `row_version`. Audited; nothing is saved when a cell is wrong.
    pub async fn save_participant_figures(
        &self,
        actor: Actor,
        association: &Association,
        key: (&StoredApplication, i64, i64),
        fields: &Fields,
    ) -> Result<StoredParticipantReport, FormError> {
        self.replace_figures(actor, association, key, "sparad".into(), |settings, _| {
            read_fields(fields, settings).map_err(FormError::Fields)
        })
        .await
    }

    /// Saves the figures of an uploaded template (CSV or XLSX by the file's name) into a draft
    /// or returned report; the narrative stays as it is. Every message names its cell; a
    /// column that looks like people refuses the file; nothing is saved on any error.
    pub async fn upload_participant_figures(
        &self,
        actor: Actor,
        association: &Association,
        key: (&StoredApplication, i64, i64),
        (file_name, bytes): (&str, &[u8]),
    ) -> Result<StoredParticipantReport, FormError> {
        let file_error = |messages: Vec<String>| {
            FormError::Fields(
                messages
                    .into_iter()
                    .map(|m| ("fil".to_owned(), m))
                    .collect(),
            )
        };
        let what = format!("uppladdad ({file_name})");
        self.replace_figures(actor, association, key, what, |settings, current| {
            let Some(format) = Format::of_name(file_name) else {
                return Err(file_error(vec![if file_name.is_empty() {
                    "Välj en fil att ladda upp: mallen sparad som .xlsx eller .csv.".into()
                } else {
                    format!(
                        "\"{file_name}\" är varken .xlsx eller .csv; spara mallen i något av dem."
                    )
                }]));
            };
            let rows = read_rows(bytes, format).map_err(file_error)?;
            read_table(&rows, settings, &current.report.narrative).map_err(file_error)
        })
        .await
    }

    /// Replaces the figures of a draft or returned report read at `row_version` by what `read`
    /// makes of them (with the förbund's lists and the report as it is); audited as `what`.
    async fn replace_figures(
        &self,
        actor: Actor,
        association: &Association,
        (stored, id, row_version): (&StoredApplication, i64, i64),
        what: String,
        read: impl FnOnce(
            &finsam_core::participants::ParticipantSettings,
            &StoredParticipantReport,
        ) -> Result<finsam_core::participants::ParticipantReport, FormError>,
    ) -> Result<StoredParticipantReport, FormError> {
        let current = self.participant_report_of(association, stored, id).await?;
        if !current.stored.approval.editable() {
            return Err(locked(&current.stored.approval));
        }
        let settings = self.settings(association).await?.settings.participants;
        let report = read(&settings, &current.stored)?;
        let summary = format!(
            "{}: deltagarrapport för {} {what}",
            stored.case_number,
            period_words(current.stored.from, current.stored.to)
        );
        Ok(self
            .store()
            .save_participant_report(actor, (association.id, id, row_version), &report, &summary)
            .await?)
    }

    /// Takes `step` on a report read at `row_version`: core decides whether it may be taken
    /// (approval only without findings, a return only with a comment). Sending in marks the
    /// schedule's report received on `today`, the first time. Audited.
    pub async fn step_participant_report(
        &self,
        actor: Actor,
        association: &Association,
        (stored, id, row_version): (&StoredApplication, i64, i64),
        step: &ApprovalStep,
        today: Date,
    ) -> Result<StoredParticipantReport, FormError> {
        let current = self.participant_report_of(association, stored, id).await?;
        let next = current
            .stored
            .approval
            .after(step, current.findings.len())
            .map_err(|e| {
                FormError::Fields(vec![(
                    if matches!(step, ApprovalStep::Return(_)) {
                        "kommentar"
                    } else {
                        "steg"
                    }
                    .to_owned(),
                    e,
                )])
            })?;
        let r = &current.stored;
        let receipt = Receipt {
            application: stored.id,
            kind: r.kind.clone(),
            period_end: r.to,
            received: today,
        };
        let (action, verb) = match step {
            ApprovalStep::Submit => ("participants.submit", "inskickad"),
            ApprovalStep::Return(_) => ("participants.return", "återsänd"),
            ApprovalStep::Approve => ("participants.approve", "godkänd"),
            ApprovalStep::Reopen => ("participants.reopen", "öppnad igen"),
        };
        let summary = format!(
            "{}: deltagarrapport för {} {verb}{}",
            stored.case_number,
            period_words(r.from, r.to),
            match step {
                ApprovalStep::Return(c) => format!(": {}", c.trim()),
                _ => String::new(),
            }
        );
        let step = ReportStep {
            action,
            approval: &next,
            receipt: matches!(step, ApprovalStep::Submit).then_some(&receipt),
        };
        Ok(self
            .store()
            .step_participant_report(actor, (association.id, id, row_version), &step, &summary)
            .await?)
    }
}

/// The activity a form describes: `dag`, `slag` (a kind's word), `insats` (an id among
/// `insatser`, or empty for the förbund's own), `text`. The messages by field.
pub fn parse_activity(
    fields: &Fields,
    insatser: &[i64],
) -> Result<Activity, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let on = day_field(fields, "dag", "Dagen", &mut errors);
    let kind = ActivityKind::from_word(get(fields, "slag"));
    if kind.is_none() {
        errors.push((
            "slag".into(),
            "Välj vad för slags aktivitet det var.".into(),
        ));
    }
    let insats = match get(fields, "insats") {
        "" => None,
        v => match v.parse::<i64>().ok().filter(|i| insatser.contains(i)) {
            Some(i) => Some(i),
            None => {
                errors.push((
                    "insats".into(),
                    "Välj en av förbundets insatser, eller förbundet självt.".into(),
                ));
                None
            }
        },
    };
    let text = get(fields, "text").trim().to_owned();
    if text.is_empty() {
        errors.push((
            "text".into(),
            "Skriv vad som hände, t.ex. Studiebesök från Vadstena.".into(),
        ));
    } else if text.chars().count() > finsam_core::participants::activity::MAX_TEXT {
        errors.push((
            "text".into(),
            format!(
                "Texten är längre än {} tecken; korta den.",
                finsam_core::participants::activity::MAX_TEXT
            ),
        ));
    } else if finsam_core::personal_data::mentions_identity_number(&text) {
        errors.push((
            "text".into(),
            "Texten innehåller något som ser ut som ett personnummer; ta bort det. Ingenting har sparats.".into(),
        ));
    }
    match (on, kind) {
        (Some(on), Some(kind)) if errors.is_empty() => Ok(Activity {
            on,
            kind,
            insats,
            text,
        }),
        _ => Err(errors),
    }
}

/// The staffing entry a form describes: `fran` (a day), `roll`, `tjanster` ("2,5").
pub fn parse_staffing(fields: &Fields) -> Result<Staffing, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let from = day_field(fields, "fran", "Från och med", &mut errors);
    let role = get(fields, "roll").trim().to_owned();
    if role.is_empty() || role.chars().count() > 80 {
        errors.push((
            "roll".into(),
            "Skriv rollen med högst 80 tecken, t.ex. Coach eller Samordnare.".into(),
        ));
    }
    let fte = parse_fte(get(fields, "tjanster")).map_err(|e| errors.push(("tjanster".into(), e)));
    match (from, fte) {
        (Some(from), Ok(fte)) if errors.is_empty() => Ok(Staffing { from, role, fte }),
        _ => Err(errors),
    }
}

impl App {
    /// The förbund's activities of `year`, by day.
    pub async fn activities_of(
        &self,
        association: &Association,
        year: i32,
    ) -> Result<Vec<StoredActivity>, StoreError> {
        Ok(self
            .store()
            .activities(association.id)
            .await?
            .into_iter()
            .filter(|a| a.activity.on.year() == year)
            .collect())
    }

    /// Logs the form's activity. Audited; nothing saved when a field is wrong.
    pub async fn add_activity(
        &self,
        actor: Actor,
        association: &Association,
        fields: &Fields,
    ) -> Result<StoredActivity, FormError> {
        let insatser: Vec<i64> = self
            .store()
            .granted_applications(association.id)
            .await?
            .iter()
            .map(|a| a.id.0)
            .collect();
        let a = parse_activity(fields, &insatser).map_err(FormError::Fields)?;
        let summary = format!("Aktivitet {}: {} ({})", a.on, a.text, a.kind.label());
        Ok(self
            .store()
            .add_activity(actor, association.id, &a, &summary)
            .await?)
    }

    /// Takes an activity out of the log. Audited.
    pub async fn remove_activity(
        &self,
        actor: Actor,
        association: &Association,
        id: i64,
    ) -> Result<(), StoreError> {
        let log = self.store().activities(association.id).await?;
        let a = log
            .iter()
            .find(|a| a.id == id)
            .ok_or(StoreError::NotFound)?;
        let summary = format!("Aktivitet {} borttagen: {}", a.activity.on, a.activity.text);
        self.store()
            .remove_activity(actor, association.id, id, &summary)
            .await
    }

    /// The file for Uppföljning Finsam of an insats's `year`: the förbund's columns, and the
    /// year's counts from the approved reports when they cover the year (else the heading row
    /// alone, as any export of an empty table).
    pub async fn register_file(
        &self,
        association: &Association,
        stored: &StoredApplication,
        year: i32,
    ) -> Result<Vec<Vec<String>>, StoreError> {
        let settings = self.settings(association).await?.settings.participants;
        let columns = settings.register();
        let reports = self
            .store()
            .participant_reports(association.id, Some(stored.id))
            .await?;
        let dated: Vec<Dated<'_>> = reports
            .iter()
            .filter(|r| r.approval == Approval::Approved)
            .map(|r| (r.from, r.to, &r.report))
            .collect();
        let day = |m: u8, d: u8| {
            finsam_core::insats::serial::parse_day(&format!("{year:04}-{m:02}-{d:02}"))
        };
        let covered = match (day(1, 1), day(12, 31)) {
            (Some(from), Some(to)) => finsam_core::participants::over_period(&dated, from, to),
            _ => None,
        };
        let mut rows = finsam_core::participants::register::rows(
            &columns,
            &covered.clone().unwrap_or_default(),
            (&stored.insats.name, &stored.case_number, year),
        );
        if covered.is_none() {
            rows.truncate(1);
        }
        Ok(rows)
    }

    /// An insats's indicators with their ids and row versions.
    pub async fn indicators_of(
        &self,
        association: &Association,
        stored: &StoredApplication,
    ) -> Result<Vec<finsam_store::StoredIndicator>, StoreError> {
        Ok(self
            .store()
            .indicators(association.id)
            .await?
            .into_iter()
            .filter(|i| i.application == stored.id)
            .collect())
    }

    /// Adds an indicator (`namn`, `forsiktighet`) to an insats. Audited.
    pub async fn add_indicator(
        &self,
        actor: Actor,
        association: &Association,
        stored: &StoredApplication,
        fields: &Fields,
    ) -> Result<finsam_store::StoredIndicator, FormError> {
        let name = get(fields, "namn").trim();
        let caution = get(fields, "forsiktighet").trim();
        let mut errors = Vec::new();
        if name.is_empty() || name.chars().count() > 120 {
            errors.push((
                "namn".to_owned(),
                "Skriv vad som räknas, högst 120 tecken, t.ex. Besök på Välfärdsguiden.".to_owned(),
            ));
        }
        if caution.chars().count() > 1_000 {
            errors.push((
                "forsiktighet".to_owned(),
                "Försiktighetsnoten är längre än 1 000 tecken; korta den.".to_owned(),
            ));
        }
        if !errors.is_empty() {
            return Err(FormError::Fields(errors));
        }
        let indicator = finsam_core::participants::indicator::Indicator {
            name: name.to_owned(),
            caution: caution.to_owned(),
            years: Vec::new(),
        };
        let summary = format!("{}: indikatorn {name} tillagd", stored.insats.name);
        Ok(self
            .store()
            .save_indicator(
                actor,
                (association.id, stored.id),
                None,
                &indicator,
                &summary,
            )
            .await?)
    }

    /// Sets a year of an indicator read at `row_version` (`ar`, `varde`, `mal`, `anmarkning`).
    /// Audited; nothing saved when a field is wrong.
    pub async fn set_indicator_year(
        &self,
        actor: Actor,
        association: &Association,
        (stored, id, row_version): (&StoredApplication, i64, i64),
        fields: &Fields,
    ) -> Result<finsam_store::StoredIndicator, FormError> {
        use finsam_core::participants::form::count;
        let mut current = self
            .indicators_of(association, stored)
            .await?
            .into_iter()
            .find(|i| i.id == id)
            .ok_or(StoreError::NotFound)?;
        let mut errors = Vec::new();
        let year = match get(fields, "ar").trim().parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => Some(y),
            _ => {
                errors.push((
                    "ar".to_owned(),
                    format!(
                        "\"{}\" är inget år; skriv t.ex. 2024.",
                        get(fields, "ar").trim()
                    ),
                ));
                None
            }
        };
        let mut number = |name: &str, words: &str| -> Option<u64> {
            let text: String = get(fields, name)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if text.is_empty() {
                return None;
            }
            match text.parse::<u64>() {
                Ok(n) if n <= 1_000_000_000 => Some(n),
                _ => {
                    let e = count(&text)
                        .err()
                        .unwrap_or_else(|| format!("\"{text}\" är för stort."));
                    errors.push((name.to_owned(), format!("{words}: {e}")));
                    None
                }
            }
        };
        let value = number("varde", "Värdet");
        let target = number("mal", "Målet");
        let note = get(fields, "anmarkning").trim().to_owned();
        if note.chars().count() > 200 {
            errors.push((
                "anmarkning".to_owned(),
                "Anmärkningen är längre än 200 tecken.".to_owned(),
            ));
        }
        let Some(year) = year.filter(|_| errors.is_empty()) else {
            return Err(FormError::Fields(errors));
        };
        current
            .indicator
            .set(finsam_core::participants::indicator::YearValue {
                year,
                value,
                target,
                note,
            });
        let summary = format!("{}: {} {year}", stored.insats.name, current.indicator.name);
        Ok(self
            .store()
            .save_indicator(
                actor,
                (association.id, stored.id),
                Some((id, row_version)),
                &current.indicator,
                &summary,
            )
            .await?)
    }

    /// An insats's staffing entries, by day.
    pub async fn staffing_of(
        &self,
        association: &Association,
        stored: &StoredApplication,
    ) -> Result<Vec<Staffing>, StoreError> {
        Ok(self
            .store()
            .staffing(association.id)
            .await?
            .into_iter()
            .filter(|s| s.application == stored.id)
            .map(|s| s.staffing)
            .collect())
    }

    /// Adds the form's staffing entry to an insats. Audited; nothing saved when a field is wrong.
    pub async fn add_staffing(
        &self,
        actor: Actor,
        association: &Association,
        stored: &StoredApplication,
        fields: &Fields,
    ) -> Result<Staffing, FormError> {
        let s = parse_staffing(fields).map_err(FormError::Fields)?;
        let summary = format!(
            "{}: {} {} heltidstjänster från {}",
            stored.insats.name,
            s.role,
            fte_words(s.fte),
            s.from
        );
        Ok(self
            .store()
            .add_staffing(actor, (association.id, stored.id), &s, &summary)
            .await?
            .staffing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_targets_form_reads_back_and_refuses_what_is_no_count_or_over_100_per_cent() {
        let t = Targets {
            total: Some(120),
            new: Some(50),
            finished: Some(50),
            step_forward: Some(55),
            ..Targets::default()
        };
        assert_eq!(parse_targets(&target_fields(&t)), Ok(t));
        let mut f = target_fields(&t);
        f[3].1 = "155".into();
        f[0].1 = "många".into();
        let e = parse_targets(&f).unwrap_err();
        assert_eq!(e[0].0, "mal_totalt");
        assert!(e[1].1.contains("155 är mer än 100 procent"), "{e:?}");
    }

    #[test]
    fn a_wrong_activity_or_staffing_is_said_at_its_fields() {
        let f = |pairs: &[(&str, &str)]| -> Fields {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        let ok = parse_activity(
            &f(&[
                ("dag", "2024-04-10"),
                ("slag", "studiebesok"),
                ("insats", "1"),
                ("text", "Studiebesök från Vadstena"),
            ]),
            &[1],
        )
        .expect("reads");
        assert_eq!((ok.insats, ok.kind), (Some(1), ActivityKind::StudyVisit));
        let e = parse_activity(
            &f(&[
                ("dag", "10 april"),
                ("slag", "fest"),
                ("insats", "9"),
                ("text", "Samtal med 811218-9876"),
            ]),
            &[1],
        )
        .unwrap_err();
        let names: Vec<&str> = e.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["dag", "slag", "insats", "text"], "{e:?}");
        assert!(e[3].1.contains("personnummer"), "{e:?}");
        let e = parse_staffing(&f(&[
            ("fran", "2024-03-01"),
            ("roll", ""),
            ("tjanster", "två"),
        ]))
        .unwrap_err();
        let names: Vec<&str> = e.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["roll", "tjanster"], "{e:?}");
    }
}
