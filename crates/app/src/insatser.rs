//! Insatser and applications as use cases: an application submitted (checked by core, refused
//! field by field in Swedish, nothing saved), a step of its way taken (core's state machine
//! decides, the store saves it against the row version with its audit row), the lists an
//! applicant and the kansli read, and the table of deadlines that are overdue or due soon.

use std::collections::BTreeMap;

use finsam_core::format::kr_with_unit;
use finsam_core::insats::deadlines::{self, Rules, Standing};
use finsam_core::insats::serial::parse_day;
use finsam_core::insats::workflow::{Case, DecidedBy, Decision, Event, Outcome};
use finsam_core::insats::{Insats, MAX_NAME, checks};
use finsam_core::plan::Date;
use finsam_core::{Finding, Money};
use finsam_store::{
    ApplicationFilter, ApplicationHead, ApplicationId, Association, PageRequest, Paged, StoreError,
    StoredApplication,
};

use crate::App;
use crate::plan_edit::{Fields, get};

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

    /// Takes a step of `stored`'s way on `today` (the application as read when the user's right
    /// to it was decided), if core's state machine lets it and nobody saved the application
    /// since `expected_row_version`.
    pub async fn application_step(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        (stored, expected_row_version): (&StoredApplication, i64),
        event: Event,
        today: Date,
    ) -> Result<StoredApplication, InsatsError> {
        let id = stored.id;
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

/// The steps of an application's way as the page offers them: the word the form sends, what
/// its button says, and whether it is the applicant's (an insatsägare may take it on its own)
/// or the kansli's.
pub const STEPS: [(&str, &str, bool); 9] = [
    ("begar-komplettering", "Begär komplettering", false),
    ("kompletterad", "Ansökan är kompletterad", true),
    ("beredd", "Ansökan är beredd", false),
    ("beslut", "Registrera beslut", false),
    ("tillagg", "Registrera tilläggsbeslut", false),
    ("avtal", "Registrera avtal", false),
    ("start", "Insatsen har startat", false),
    ("avslutad", "Insatsen är avslutad", false),
    ("aterkallad", "Återkalla ansökan", true),
];

/// Whether a step (by its form word) is the applicant's own (`Action::Edit`) rather than the
/// kansli's (`Action::Adopt`).
pub fn applicants_step(word: &str) -> bool {
    STEPS.iter().any(|(w, _, own)| *w == word && *own)
}

/// A day from a form field, or its Swedish message.
fn day_field(
    fields: &Fields,
    name: &str,
    label: &str,
    errors: &mut Vec<(String, String)>,
) -> Option<Date> {
    let v = get(fields, name).trim();
    if v.is_empty() {
        errors.push((
            name.to_owned(),
            format!("{label} saknas; skriv datumet som ÅÅÅÅ-MM-DD."),
        ));
        return None;
    }
    let d = parse_day(v);
    if d.is_none() {
        errors.push((
            name.to_owned(),
            format!("{label}: \"{v}\" är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-09-12."),
        ));
    }
    d
}

/// The event a step's form describes, its fields checked one by one (Swedish messages, by
/// field name); `years` are the calendar years the insats runs, for the amounts granted.
pub fn parse_step(fields: &Fields, years: &[i32]) -> Result<Event, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let text = |name: &str| {
        let v = get(fields, name).trim();
        (!v.is_empty()).then(|| v.to_owned())
    };
    let event = match get(fields, "steg") {
        "begar-komplettering" => {
            let missing = text("saknas");
            if missing.is_none() {
                errors.push((
                    "saknas".to_owned(),
                    "Skriv vad som saknas i ansökan.".to_owned(),
                ));
            }
            let by = day_field(
                fields,
                "senast",
                "Sista dag för kompletteringen",
                &mut errors,
            );
            missing
                .zip(by)
                .map(|(missing, by)| Event::RequestCompletion { missing, by })
        }
        "kompletterad" => Some(Event::Complete),
        "beredd" => Some(Event::Prepare {
            opinion: text("yttrande"),
        }),
        word @ ("beslut" | "tillagg") => {
            let on = day_field(fields, "beslutsdag", "Beslutsdagen", &mut errors);
            let by = match get(fields, "av") {
                "styrelsen" => match text("paragraf") {
                    Some(paragraph) => Some(DecidedBy::Board { paragraph }),
                    None => {
                        errors.push((
                            "paragraf".to_owned(),
                            "Skriv paragrafen i protokollet, t.ex. § 12.".to_owned(),
                        ));
                        None
                    }
                },
                "delegation" => Some(DecidedBy::Delegation),
                _ => {
                    errors.push((
                        "av".to_owned(),
                        "Välj om styrelsen eller förbundschefen på delegation beslutade."
                            .to_owned(),
                    ));
                    None
                }
            };
            let outcome = match (word, get(fields, "utfall")) {
                ("tillagg", _) | (_, "beviljad") => {
                    let mut amounts = BTreeMap::new();
                    for y in years {
                        let name = year_field(*y);
                        let v = get(fields, &name).trim();
                        if v.is_empty() {
                            continue;
                        }
                        match Money::parse(v) {
                            Ok(m) if !m.is_negative() => {
                                amounts.insert(*y, m);
                            }
                            Ok(_) => errors.push((name.clone(), format!("Beloppet för {y}: skriv det beviljade beloppet utan minustecken."))),
                            Err(e) => errors.push((name.clone(), format!("Beloppet för {y}: {e}. Skriv t.ex. 250 000."))),
                        }
                    }
                    Some(Outcome::Granted {
                        amounts,
                        conditions: text("villkor"),
                    })
                }
                (_, "avslagen") => match text("motivering") {
                    Some(motivation) => Some(Outcome::Rejected { motivation }),
                    None => {
                        errors.push(("motivering".to_owned(), "Ett avslag ska motiveras skriftligt; skriv motiveringen som sökanden får.".to_owned()));
                        None
                    }
                },
                _ => {
                    errors.push((
                        "utfall".to_owned(),
                        "Välj beviljad eller avslagen.".to_owned(),
                    ));
                    None
                }
            };
            match (on, by, outcome) {
                (Some(on), Some(by), Some(outcome)) => {
                    let d = Decision { on, by, outcome };
                    Some(if word == "tillagg" {
                        Event::Amend(d)
                    } else {
                        Event::Decide(d)
                    })
                }
                _ => None,
            }
        }
        "avtal" => {
            let forbund = day_field(fields, "forbundet", "Förbundets underskrift", &mut errors);
            let owner = day_field(
                fields,
                "insatsagaren",
                "Insatsägarens underskrift",
                &mut errors,
            );
            forbund
                .zip(owner)
                .map(|(forbund, owner)| Event::SignAgreement { forbund, owner })
        }
        "start" => Some(Event::Start),
        "avslutad" => day_field(fields, "slutrapport", "Slutrapportens datum", &mut errors)
            .map(|final_report| Event::Close { final_report }),
        "aterkallad" => Some(Event::Withdraw),
        _ => {
            errors.push(("steg".to_owned(), "Välj ett steg på sidan.".to_owned()));
            None
        }
    };
    match event {
        Some(e) if errors.is_empty() => Ok(e),
        _ => Err(errors),
    }
}

/// The form field of a year's amount: `belopp_2024`.
pub fn year_field(year: i32) -> String {
    format!("belopp_{year}")
}

/// An event of the kind a step's form word names, with placeholder contents: for asking the
/// state machine whether that kind of step may happen now.
fn sample(word: &str, on: Date) -> Option<Event> {
    let decision = || Decision {
        on,
        by: DecidedBy::Delegation,
        outcome: Outcome::Granted {
            amounts: BTreeMap::new(),
            conditions: None,
        },
    };
    Some(match word {
        "begar-komplettering" => Event::RequestCompletion {
            missing: String::new(),
            by: on,
        },
        "kompletterad" => Event::Complete,
        "beredd" => Event::Prepare { opinion: None },
        "beslut" => Event::Decide(decision()),
        "tillagg" => Event::Amend(decision()),
        "avtal" => Event::SignAgreement {
            forbund: on,
            owner: on,
        },
        "start" => Event::Start,
        "avslutad" => Event::Close { final_report: on },
        "aterkallad" => Event::Withdraw,
        _ => return None,
    })
}

/// The steps `case` may take now, as [`STEPS`] names them.
pub fn steps_now(case: &Case) -> Vec<(&'static str, &'static str, bool)> {
    let state = case.state();
    STEPS
        .iter()
        .filter(|(w, _, _)| sample(w, case.last_day()).is_some_and(|e| e.leads(state).is_some()))
        .copied()
        .collect()
}
