//! Insatser and applications as use cases: an application submitted (checked by core, refused
//! field by field in Swedish, nothing saved), a step of its way taken (core's state machine
//! decides, the store saves it against the row version with its audit row), the lists an
//! applicant and the kansli read, and the table of deadlines that are overdue or due soon.

use std::collections::BTreeMap;

use finsam_core::format::kr_with_unit;
use finsam_core::insats::deadlines::{self, Standing};
use finsam_core::insats::serial::parse_day;
use finsam_core::insats::settings::Settings;
use finsam_core::insats::workflow::{Case, DecidedBy, Decision, Event, Outcome};
use finsam_core::insats::{Insats, MAX_NAME, checks};
use finsam_core::plan::Date;
use finsam_core::{Finding, Money};
use finsam_store::{
    ApplicationFilter, ApplicationHead, ApplicationId, Association, FileHead, NewFile, PageRequest,
    Paged, StoreError, StoredApplication, Submission,
};

use crate::App;
use crate::plan_edit::{Fields, get};

/// The case number format when the förbund's settings state none: `2024/12`.
pub const CASE_FORMAT: &str = "{år}/{nr}";

/// The largest file an application takes: 10 MB.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// At most this many files in one sending.
pub const MAX_FILES: usize = 5;

/// A file sent with an application, its type checked ([`check_file`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// Its name as sent (the path left out).
    pub name: String,
    /// Its content type, as its contents show.
    pub content_type: &'static str,
    /// Its contents.
    pub bytes: Vec<u8>,
}

/// The types an application takes, by the name's ending: PDF, Word, Excel, PowerPoint and
/// OpenDocument files. (ending, content type, what the contents begin with.)
const FILE_TYPES: [(&str, &str, &[u8]); 9] = [
    ("pdf", "application/pdf", b"%PDF-"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
    ),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        b"PK\x03\x04",
    ),
    (
        "odt",
        "application/vnd.oasis.opendocument.text",
        b"PK\x03\x04",
    ),
    (
        "ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        b"PK\x03\x04",
    ),
    (
        "doc",
        "application/msword",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    ),
    (
        "xls",
        "application/vnd.ms-excel",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    ),
    (
        "ppt",
        "application/vnd.ms-powerpoint",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    ),
];

/// A file as an application keeps it, if its name's ending and its contents agree on one of
/// the types it takes and it is not too large; otherwise the Swedish reason, naming the file.
pub fn check_file(name: &str, bytes: &[u8]) -> Result<Attachment, String> {
    // The name without the path some browsers send, and without control characters.
    let name: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err("Filen behöver ett namn på högst 200 tecken.".to_owned());
    }
    if bytes.is_empty() {
        return Err(format!("Filen \"{name}\" är tom."));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "Filen \"{name}\" är {} MB; en bilaga får vara högst {} MB.",
            bytes.len().div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let ending = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    match FILE_TYPES.iter().find(|(e, _, _)| *e == ending) {
        None => Err(format!(
            "Filen \"{name}\" är inte en PDF eller en kontorsfil; skicka PDF, Word, Excel, PowerPoint eller OpenDocument."
        )),
        Some((_, content_type, magic)) if bytes.starts_with(magic) => Ok(Attachment {
            name: name.to_owned(),
            content_type,
            bytes: bytes.to_vec(),
        }),
        Some(_) => Err(format!(
            "Filen \"{name}\" heter .{ending} men innehåller något annat; spara den på nytt som .{ending} eller som PDF."
        )),
    }
}

/// Checked files as the store keeps them.
fn new_files(files: &[Attachment]) -> Vec<NewFile<'_>> {
    files
        .iter()
        .map(|f| NewFile {
            name: &f.name,
            content_type: f.content_type,
            bytes: &f.bytes,
        })
        .collect()
}

/// A new application: the insats applied for, the day, the continuation plan, the files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApplication {
    /// The insats.
    pub insats: Insats,
    /// The day it comes in.
    pub submitted: Date,
    /// How the work continues in the members' ordinary operations after the funding.
    pub continuation: Option<String>,
    /// The files sent with it, checked.
    pub files: Vec<Attachment>,
}

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

/// The application's fields checked against the förbund's settings: its target groups from
/// the förbund's list (when it keeps one), and the continuation plan where it is required.
pub fn check_against(
    insats: &Insats,
    continuation: Option<&str>,
    settings: &Settings,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if !settings.target_groups.is_empty() {
        for g in &insats.target_groups {
            if !settings.target_groups.iter().any(|t| t == g.trim()) {
                out.push((
                    "malgrupper",
                    format!("\"{g}\" är inte en av förbundets målgrupper; välj bland dem."),
                ));
            }
        }
    }
    if settings.continuation_required && continuation.is_none_or(|c| c.trim().is_empty()) {
        out.push((
            "fortsattning",
            "Förbundet kräver en plan för hur arbetet fortsätter i medlemmarnas ordinarie verksamhet när finansieringen upphör; skriv den.".to_owned(),
        ));
    }
    out
}

/// The 7 § guard over an application's texts, with the förbund's words.
pub fn guard(insats: &Insats, continuation: Option<&str>, settings: &Settings) -> Vec<Finding> {
    let goals: Vec<String> = insats
        .goals
        .iter()
        .map(|g| format!("{} {}", g.goal, g.measure))
        .collect();
    let goals = goals.join("\n");
    checks::payments_to_individuals(
        [
            ("Syfte", insats.purpose.as_str()),
            ("Mål", goals.as_str()),
            ("Plan för fortsättningen", continuation.unwrap_or("")),
        ],
        &settings.payment_words,
    )
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

/// The deadline tables kept per (förbund, member, day) at the förbund's audit stamp.
pub type DueCache = crate::cache::StampCache<(i64, Option<String>, Date), Vec<DueRow>>;

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
    /// Submits an application for a new insats with its files: checked field by field against
    /// the förbund's members and settings (nothing saved when anything is wrong), numbered in
    /// the förbund's format, audited. Returns it with the 7 § guard's warnings over its texts,
    /// for the kansli and the board to consider.
    pub async fn submit_application(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        new: NewApplication,
    ) -> Result<(StoredApplication, Vec<Finding>), InsatsError> {
        let NewApplication {
            insats,
            submitted,
            continuation,
            files,
        } = new;
        let years = [submitted.year(), insats.period.from.year];
        let (settings, errors) = self
            .check_application(
                association,
                &years,
                (&insats, continuation.as_deref()),
                &files,
            )
            .await?;
        if !errors.is_empty() {
            return Err(InsatsError::Fields(errors));
        }
        let warnings = guard(&insats, continuation.as_deref(), &settings);
        let files = new_files(&files);
        let stored = self
            .store()
            .submit_application(
                actor,
                association.id,
                (&insats, &Case::new(submitted)),
                Submission {
                    continuation: continuation.as_deref(),
                    case_format: &settings.case_format,
                    files: &files,
                },
            )
            .await?;
        Ok((stored, warnings))
    }

    /// The applicant's completion of `stored` (as read when the user's right to it was
    /// decided) on `today`: the insats as changed (checked like a new one, and the register's
    /// fixed fields kept), its continuation plan and files, and the completion step, saved
    /// together or not at all, if nobody saved the application since `expected_row_version`.
    pub async fn complete_application(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        (stored, expected_row_version): (&StoredApplication, i64),
        new: NewApplication,
    ) -> Result<StoredApplication, InsatsError> {
        if stored.row_version != expected_row_version {
            return Err(InsatsError::Conflict);
        }
        let NewApplication {
            insats,
            submitted: today,
            continuation,
            files,
        } = new;
        let mut case = stored.case.clone();
        case.record(Event::Complete, today)
            .map_err(|e| InsatsError::Step(e.to_string()))?;
        let years = [stored.case.submitted.year(), insats.period.from.year];
        let (_, mut errors) = self
            .check_application(
                association,
                &years,
                (&insats, continuation.as_deref()),
                &files,
            )
            .await?;
        if let Err(e) = checks::registration_kept(&stored.insats.registration, &insats.registration)
        {
            errors.push(("inriktning", e));
        }
        if !errors.is_empty() {
            return Err(InsatsError::Fields(errors));
        }
        let files = new_files(&files);
        let (_, summary) = step_words(&stored.case_number, &Event::Complete);
        Ok(self
            .store()
            .complete_application(
                actor,
                (association.id, stored.id, expected_row_version),
                (&insats, continuation.as_deref()),
                &files,
                (&case, &summary),
            )
            .await?)
    }

    /// An application's insats, continuation plan and files checked against the members of the
    /// plan covering `years` and the förbund's settings: the settings, and what is wrong.
    async fn check_application(
        &self,
        association: &Association,
        years: &[i32],
        (insats, continuation): (&Insats, Option<&str>),
        files: &[Attachment],
    ) -> Result<(Settings, Vec<(&'static str, String)>), InsatsError> {
        let plan = self.plan_covering(association, years).await?;
        let settings = self.store().settings(association.id).await?.settings;
        let mut errors = check_insats(insats, plan.as_deref().map(|p| &p.association));
        errors.extend(check_against(insats, continuation, &settings));
        if files.len() > MAX_FILES {
            errors.push((
                "bilagor",
                format!("Högst {MAX_FILES} bilagor åt gången; skicka fler efteråt."),
            ));
        }
        Ok((settings, errors))
    }

    /// Keeps a file with an application (the applicant's, or the signed agreement the kansli
    /// sends); audited.
    pub async fn add_application_file(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        stored: &StoredApplication,
        file: &Attachment,
    ) -> Result<FileHead, InsatsError> {
        Ok(self
            .store()
            .add_file(
                actor,
                association.id,
                stored.id,
                (&file.name, file.content_type),
                &file.bytes,
            )
            .await?)
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
        if let Event::Decide(d) | Event::Amend(d) = &event {
            self.check_decision(association, d).await?;
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

    /// Whether a decision may be recorded as it says it was taken: on delegation within the
    /// förbundschef's limit, by the board at a meeting held on its day.
    async fn check_decision(
        &self,
        association: &Association,
        decision: &Decision,
    ) -> Result<(), InsatsError> {
        let settings = self.store().settings(association.id).await?.settings;
        settings
            .within_delegation(decision)
            .map_err(InsatsError::Step)?;
        if matches!(decision.by, DecidedBy::Board { .. })
            && self
                .store()
                .meeting_on(association.id, decision.on)
                .await?
                .is_none()
        {
            return Err(InsatsError::Step(format!(
                "Styrelsen har inget möte {} i förbundets möten; lägg in mötet under Möten, eller välj det möte där beslutet togs.",
                decision.on
            )));
        }
        Ok(())
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
        // Kept at the förbund's audit stamp: every change to an application or the settings
        // writes the förbund's log. The overview asks on every view.
        let stamp = self.store().audit_stamp(association.id).await?;
        self.deadlines_due_at(association, member, today, stamp)
            .await
    }

    /// [`App::deadlines_due`] at the audit stamp the caller has read.
    pub async fn deadlines_due_at(
        &self,
        association: &Association,
        member: Option<&str>,
        today: Date,
        stamp: i64,
    ) -> Result<Vec<DueRow>, StoreError> {
        let key = (association.id.0, member.map(str::to_owned), today);
        if let Some(kept) = self.due.get(&key, stamp) {
            return Ok((*kept).clone());
        }
        let rows = self.build_deadlines_due(association, member, today).await?;
        Ok((*self.due.put(&key, stamp, rows)).clone())
    }

    async fn build_deadlines_due(
        &self,
        association: &Association,
        member: Option<&str>,
        today: Date,
    ) -> Result<Vec<DueRow>, StoreError> {
        let open = self
            .store()
            .open_applications(association.id, member)
            .await?;
        let rules = self
            .store()
            .settings(association.id)
            .await?
            .settings
            .rules();
        let mut rows: Vec<DueRow> = open
            .iter()
            .flat_map(|a| {
                deadlines::deadlines(&a.case, rules)
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
pub fn day_field(
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
            // The board decides at a meeting, chosen by its day; the förbundschef on a day.
            let on = if get(fields, "av") == "styrelsen" {
                if get(fields, "mote").is_empty() {
                    errors.push((
                        "mote".to_owned(),
                        "Välj mötet där styrelsen beslutade; finns det inte i listan, lägg in det under Möten.".to_owned(),
                    ));
                    None
                } else {
                    day_field(fields, "mote", "Mötet", &mut errors)
                }
            } else {
                day_field(fields, "beslutsdag", "Beslutsdagen", &mut errors)
            };
            let by = match get(fields, "av") {
                "styrelsen" => match finsam_core::meeting::paragraph(get(fields, "paragraf")) {
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

/// Amounts per year in words: "2024: 2 330 000 kr, 2025: 450 000 kr".
pub fn years_words(amounts: &std::collections::BTreeMap<i32, finsam_core::Money>) -> String {
    amounts
        .iter()
        .map(|(y, m)| format!("{y}: {}", finsam_core::format::kr_with_unit(*m)))
        .collect::<Vec<_>>()
        .join(", ")
}
