//! Insatser and applications as use cases: an application submitted (checked by core, refused
//! field by field in Swedish, nothing saved), a step of its way taken (core's state machine
//! decides, the store saves it against the row version with its audit row), the lists an
//! applicant and the kansli read, and the table of deadlines that are overdue or due soon.

use finsam_core::Finding;
use finsam_core::format::kr_with_unit;
use finsam_core::insats::deadlines::{self, Rules, Standing};
use finsam_core::insats::workflow::{Case, DecidedBy, Decision, Event, Outcome};
use finsam_core::insats::{Insats, MAX_NAME, checks};
use finsam_core::plan::Date;
use finsam_store::{
    ApplicationFilter, ApplicationHead, ApplicationId, Association, PageRequest, Paged, StoreError,
    StoredApplication,
};

use crate::App;

/// The case number format when the förbund's settings state none: `2024/12`.
pub const CASE_FORMAT: &str = "{år}/{nr}";

/// Why an application, or a step of it, was not saved. Nothing was.
#[derive(Debug)]
pub enum InsatsError {
    /// The form's fields that are wrong: (field name, Swedish message).
    Fields(Vec<(&'static str, String)>),
    /// The step may not happen now, or its contents are wrong: the state machine's Swedish
    /// reason.
    Step(String),
    /// Someone saved the application since it was read.
    Conflict,
    /// No such application in the förbund.
    NotFound,
    /// The store failed.
    Store(StoreError),
}

impl From<StoreError> for InsatsError {
    fn from(e: StoreError) -> InsatsError {
        match e {
            StoreError::NotFound => InsatsError::NotFound,
            StoreError::Conflict { .. } => InsatsError::Conflict,
            e => InsatsError::Store(e),
        }
    }
}

/// The action code and the sentence the audit log gets for a step.
pub fn step_words(number: &str, event: &Event) -> (&'static str, String) {
    let decision = |d: &Decision| {
        let by = match &d.by {
            DecidedBy::Board { paragraph } => format!("styrelsen {}, {paragraph}", d.on),
            DecidedBy::Delegation => format!("förbundschefen på delegation {}", d.on),
        };
        match &d.outcome {
            Outcome::Granted { amounts, .. } => {
                let years: Vec<String> = amounts
                    .iter()
                    .map(|(y, m)| format!("{y}: {}", kr_with_unit(*m)))
                    .collect();
                format!("beviljad ({}) av {by}", years.join(", "))
            }
            Outcome::Rejected { .. } => format!("avslagen av {by}"),
        }
    };
    match event {
        Event::RequestCompletion { missing, by } => (
            "application.request",
            format!("Ansökan {number}: komplettering begärd senast {by}: {missing}"),
        ),
        Event::Complete => (
            "application.complete",
            format!("Ansökan {number} kompletterad"),
        ),
        Event::Prepare { .. } => ("application.prepare", format!("Ansökan {number} beredd")),
        Event::Decide(d) => (
            "application.decide",
            format!("Ansökan {number} {}", decision(d)),
        ),
        Event::Amend(d) => (
            "application.amend",
            format!("Ansökan {number}: tilläggsbeslut, {}", decision(d)),
        ),
        Event::SignAgreement { forbund, owner } => (
            "application.agree",
            format!(
                "Ansökan {number}: avtal undertecknat av förbundet {forbund} och insatsägaren {owner}"
            ),
        ),
        Event::Start => (
            "application.start",
            format!("Ansökan {number}: insatsen startad"),
        ),
        Event::Close { final_report } => (
            "application.close",
            format!("Ansökan {number}: insatsen avslutad, slutrapport {final_report}"),
        ),
        Event::Withdraw => (
            "application.withdraw",
            format!("Ansökan {number} återkallad av sökanden"),
        ),
    }
}

/// The application's own fields checked: what the form must have, each with a Swedish message.
/// The parties are checked against the förbund's members when a plan names them.
pub fn check_insats(
    insats: &Insats,
    association: Option<&finsam_core::Association>,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let name = insats.name.trim();
    if name.is_empty() {
        out.push(("namn", "Skriv insatsens namn.".to_owned()));
    } else if name.chars().count() > MAX_NAME {
        out.push((
            "namn",
            format!(
                "Namnet har {} tecken; en insats får heta högst {MAX_NAME} tecken.",
                name.chars().count()
            ),
        ));
    }
    if insats.purpose.trim().is_empty() {
        out.push(("syfte", "Skriv insatsens syfte.".to_owned()));
    }
    if insats.target_groups.iter().all(|g| g.trim().is_empty()) {
        out.push(("malgrupper", "Välj minst en målgrupp.".to_owned()));
    }
    if let Err(e) = insats.budget.check(insats.period) {
        out.push(("budget", format!("Budgeten: {e}.")));
    }
    if insats.registration.orientation.trim().is_empty() {
        out.push(("inriktning", "Välj insatsens inriktning.".to_owned()));
    }
    if insats.registration.follow_up_method.trim().is_empty() {
        out.push(("uppfoljningsmetod", "Välj uppföljningsmetod.".to_owned()));
    }
    if let Some(a) = association {
        for f in checks::parties(insats, a) {
            out.push(("parter", f.message));
        }
    }
    out
}

/// A deadline as the tables show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueRow {
    /// The application.
    pub id: ApplicationId,
    /// Its case number.
    pub case_number: String,
    /// The insats.
    pub insats: String,
    /// Which deadline.
    pub kind: deadlines::Kind,
    /// Its last day.
    pub due: Date,
    /// How it stands.
    pub standing: Standing,
}

impl App {
    /// Submits an application for a new insats on `submitted`: checked field by field (nothing
    /// saved when anything is wrong), numbered, audited. Returns it with the 7 § guard's
    /// warnings over its texts, for the kansli and the board to consider.
    pub async fn submit_application(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        insats: Insats,
        (submitted, continuation): (Date, Option<String>),
    ) -> Result<(StoredApplication, Vec<Finding>), InsatsError> {
        let plan = self.adopted_plan(association, submitted.year()).await?;
        let errors = check_insats(&insats, plan.as_deref().map(|p| &p.association));
        if !errors.is_empty() {
            return Err(InsatsError::Fields(errors));
        }
        let warnings = checks::payments_to_individuals(
            [
                ("Syfte", insats.purpose.as_str()),
                (
                    "Plan för fortsättningen",
                    continuation.as_deref().unwrap_or(""),
                ),
            ],
            &checks::PAYMENT_WORDS,
        );
        let stored = self
            .store()
            .submit_application(
                actor,
                association.id,
                (&insats, &Case::new(submitted)),
                continuation.as_deref(),
                CASE_FORMAT,
            )
            .await?;
        Ok((stored, warnings))
    }

    /// Takes a step of an application's way on `today`, if core's state machine lets it and
    /// nobody saved the application since `expected_row_version`.
    pub async fn application_step(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        (id, expected_row_version): (ApplicationId, i64),
        event: Event,
        today: Date,
    ) -> Result<StoredApplication, InsatsError> {
        let stored = self.store().application(association.id, id).await?;
        if stored.row_version != expected_row_version {
            return Err(InsatsError::Conflict);
        }
        let (action, summary) = step_words(&stored.case_number, &event);
        let mut case = stored.case.clone();
        case.record(event, today)
            .map_err(|e| InsatsError::Step(e.to_string()))?;
        Ok(self
            .store()
            .record_step(
                actor,
                association.id,
                id,
                expected_row_version,
                &case,
                (action, &summary),
            )
            .await?)
    }

    /// A page of the förbund's applications; only `member`'s when given (an insatsägare's).
    pub async fn applications(
        &self,
        association: &Association,
        member: Option<&str>,
        page: PageRequest,
    ) -> Result<Paged<ApplicationHead>, StoreError> {
        let filter = ApplicationFilter {
            owner: member.map(str::to_owned),
            states: Vec::new(),
        };
        self.store()
            .applications(association.id, &filter, page)
            .await
    }

    /// The deadlines that are overdue or due within two weeks on `today`, the most urgent
    /// first; only `member`'s when given.
    pub async fn deadlines_due(
        &self,
        association: &Association,
        member: Option<&str>,
        today: Date,
    ) -> Result<Vec<DueRow>, StoreError> {
        let open = self
            .store()
            .open_applications(association.id, member)
            .await?;
        let mut rows: Vec<DueRow> = open
            .iter()
            .flat_map(|a| {
                deadlines::deadlines(&a.case, Rules::default())
                    .into_iter()
                    .map(move |d| DueRow {
                        id: a.id,
                        case_number: a.case_number.clone(),
                        insats: a.insats.name.clone(),
                        kind: d.kind,
                        due: d.due,
                        standing: d.standing(today),
                    })
            })
            .filter(|r| matches!(r.standing, Standing::Overdue(_) | Standing::DueSoon(_)))
            .collect();
        rows.sort_by_key(|r| (r.due, r.case_number.clone()));
        Ok(rows)
    }
}
