//! Actuals in the application: importing an SIE file into an association's fiscal year, and
//! loading what a follow-up needs (the ledger, the mapping, the adopted plan, the forecast
//! figures). The pages, the API and the CLI all go through here.

use crate::App;
use crate::users::names_org;

use std::collections::BTreeMap;
use std::sync::Arc;

use finsam_core::Money;
use finsam_core::actuals::{
    Chart, FollowUp, Input, Ledger, Mapping, Period, PeriodSpec, ReadError, follow_up,
};
use finsam_store::{Actor, Association, ImportOutcome, LedgerData, LedgerImport, StoreError};
use sha2::Digest;

/// The largest SIE file accepted through the web (a förbund's file is a few MB).
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;

/// Why an import did not happen. Nothing was written in any case.
#[derive(Debug)]
pub enum ImportError {
    /// The file is not a readable SIE file: every error with its line.
    Unreadable(finsam_sie::Rejected),
    /// The file names no fiscal year.
    NoYear(String),
    /// The file belongs to another organisation or year; importing needs a confirmation.
    Mismatch(Vec<String>),
    /// The database failed.
    Store(StoreError),
}

impl ImportError {
    /// The Swedish lines to show.
    pub fn messages(&self) -> Vec<String> {
        match self {
            ImportError::Unreadable(r) => r.to_string().lines().map(str::to_owned).collect(),
            ImportError::NoYear(m) => vec![m.clone()],
            ImportError::Mismatch(m) => m.clone(),
            ImportError::Store(e) => vec![format!("Importen kunde inte sparas: {e}")],
        }
    }
}

/// What a successful import reports.
#[derive(Debug)]
pub struct ImportReport {
    pub outcome: ImportOutcome,
    /// What the reader and the reconciliation noted.
    pub notes: Vec<String>,
    pub fiscal_year: i32,
}

impl ImportReport {
    /// One Swedish sentence for the outcome.
    pub fn sentence(&self) -> String {
        match &self.outcome {
            ImportOutcome::Created(i) => format!(
                "SIE-filen {} är importerad för räkenskapsåret {} ({} verifikationsrader).",
                i.file_name,
                i.fiscal_year,
                finsam_core::format::grouped(i128::from(i.row_count))
            ),
            ImportOutcome::Replaced { previous, now } => format!(
                "SIE-filen {} har ersatt den tidigare importen ({}) för räkenskapsåret {}.",
                now.file_name, previous.file_name, now.fiscal_year
            ),
            ImportOutcome::Unchanged(i) => format!(
                "Samma fil ({}) är redan importerad för räkenskapsåret {}; ingenting ändrades.",
                i.file_name, i.fiscal_year
            ),
        }
    }
}

/// Reads the file (CPU work: call it off the async threads) and checks it against the
/// association and the fiscal year asked for. With `confirmed`, a mismatch is let through.
pub fn prepare(
    association: &Association,
    bytes: &[u8],
    file_name: &str,
    fiscal_year: Option<i32>,
    confirmed: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(LedgerData, Vec<String>), ImportError> {
    let ledger = Ledger::read_sie(bytes, progress).map_err(|e| match e {
        ReadError::Rejected(r) => ImportError::Unreadable(r),
        ReadError::Ledger(e) => ImportError::NoYear(e.to_string()),
    })?;
    let mut mismatches = Vec::new();
    match &ledger.org_number {
        Some(org) if !names_org(&association.org_number, org) => mismatches.push(format!(
            "Filen gäller organisationsnummer {org}, men {} har {}. Kontrollera att du \
             exporterat rätt företag ur bokföringsprogrammet.",
            association.name, association.org_number
        )),
        _ => {}
    }
    let year = ledger.year.start.year();
    if let Some(asked) = fiscal_year
        && asked != year
    {
        mismatches.push(format!(
            "Filen gäller räkenskapsåret {} – {}, inte {asked}.",
            ledger.year.start, ledger.year.end
        ));
    }
    if !mismatches.is_empty() && !confirmed {
        return Err(ImportError::Mismatch(mismatches));
    }
    let sha = hex::encode(sha2::Sha256::digest(bytes));
    let mut notes = ledger.notes.clone();
    if ledger.org_number.is_none() {
        notes.push("Filen anger inget organisationsnummer (#ORGNR).".to_owned());
    }
    notes.extend(mismatches.iter().map(|m| format!("Bekräftat: {m}")));
    let mut ledger = ledger;
    ledger.notes.clone_from(&notes);
    let data = LedgerData {
        ledger,
        file_name: file_name.to_owned(),
        file_sha256: sha,
    };
    Ok((data, notes))
}

/// A file to import and what the user said about it.
#[derive(Debug, Clone)]
pub struct Upload {
    /// Where the file is (an uploaded file is on disk, never held whole in memory on its way).
    pub path: std::path::PathBuf,
    /// The file's name as the user knows it.
    pub file_name: String,
    /// The fiscal year the user means, when they said.
    pub fiscal_year: Option<i32>,
    /// The user confirmed a file of another organisation or year.
    pub confirmed: bool,
}

/// Reports progress: the step (`läser`, `sparar`), done and total.
pub type Progress = Arc<dyn Fn(&str, usize, usize) + Send + Sync>;

impl App {
    /// Reads and imports a file (off the async threads while reading), all or nothing.
    pub async fn import_sie(
        &self,
        actor: Actor,
        association: &Association,
        upload: Upload,
        progress: Progress,
    ) -> Result<ImportReport, ImportError> {
        let store = self.store();
        let a = association.clone();
        let p = progress.clone();
        let confirmed = upload.confirmed;
        let (data, mut notes) = tokio::task::spawn_blocking(move || {
            let bytes = finsam_sie::load(&upload.path).map_err(ImportError::Unreadable)?;
            prepare(
                &a,
                &bytes,
                &upload.file_name,
                upload.fiscal_year,
                upload.confirmed,
                &mut |d, t| p("läser", d, t),
            )
        })
        .await
        .map_err(|e| ImportError::Store(StoreError::Unsupported(leak_join(e))))??;
        // A file exported before the one already imported would put older figures in place of newer.
        let previous = store
            .ledger_imports(association.id)
            .await
            .map_err(ImportError::Store)?
            .into_iter()
            .find(|i| i.fiscal_year == data.fiscal_year());
        if let Some(p) = previous
            && p.file_sha256 != data.file_sha256
            && let (Some(before), Some(now)) = (p.generated, data.ledger.generated)
            && now < before
        {
            let m = format!(
                "Filen skapades {now}, före den som redan är importerad för {} ({}, skapad {before}). \
             Den skulle ersätta nyare siffror med äldre.",
                data.fiscal_year(),
                p.file_name
            );
            if !confirmed {
                return Err(ImportError::Mismatch(vec![m]));
            }
            notes.push(format!("Bekräftat: {m}"));
        }
        let outcome = store
            .import_ledger(actor, association.id, &data, &|d, t| {
                progress("sparar", d, t)
            })
            .await
            .map_err(ImportError::Store)?;
        Ok(ImportReport {
            outcome,
            notes,
            fiscal_year: data.fiscal_year(),
        })
    }

    /// The association's mapping: its saved one, or the chart's defaults.
    pub async fn mapping(
        &self,
        association: &Association,
    ) -> Result<(Mapping, i64, String), StoreError> {
        Ok(match self.store().mapping(association.id).await? {
            Some(m) => {
                let chart = Chart::from_word(&m.chart).unwrap_or_default();
                // Saved rules were checked when saved; a rule that no longer reads is left out
                // (and shows on the mapping page, where it can be fixed).
                let rules = Mapping::parse_rules(&m.rules, None).unwrap_or_default();
                (Mapping { chart, rules }, m.row_version, m.rules)
            }
            None => (Mapping::default(), 0, String::new()),
        })
    }

    /// Everything a follow-up of one fiscal year needs; `None` when it was never imported. Kept
    /// while the förbund's audit stamp stays the same: every change to the books, the mapping,
    /// the forecast or the plans writes an audit event, so a kept context is never stale.
    pub async fn follow_up_context(
        &self,
        association: &Association,
        year: i32,
    ) -> Result<Option<Arc<Context>>, String> {
        let stamp = self
            .store()
            .audit_stamp(association.id)
            .await
            .map_err(|e| e.to_string())?;
        let key = (association.id.0, year);
        if let Some(kept) = self.contexts.get(&key, stamp) {
            return Ok(kept.as_ref().clone());
        }
        let built = self
            .build_follow_up_context(association, year, stamp)
            .await?
            .map(Arc::new);
        Ok(self.contexts.put(&key, stamp, built).as_ref().clone())
    }

    async fn build_follow_up_context(
        &self,
        association: &Association,
        year: i32,
        stamp: i64,
    ) -> Result<Option<Context>, String> {
        let store = self.store();
        let Some((import, ledger)) = store
            .ledger(association.id, year)
            .await
            .map_err(|e| e.to_string())?
        else {
            return Ok(None);
        };
        let (mapping, _, _) = self.mapping(association).await.map_err(|e| e.to_string())?;
        let plan = self
            .adopted_plan(association, year)
            .await
            .map_err(|e| e.to_string())?;
        let adjustments = store
            .forecast_adjustments(association.id, year)
            .await
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|(k, v)| (k, Money::from_ore(v)))
            .collect();
        Ok(Some(Context {
            import,
            ledger,
            mapping,
            plan,
            adjustments,
            follow_ups: std::sync::Mutex::default(),
            stamp,
        }))
    }
}

impl App {
    /// The registry of computed figures for a plan's goals: the plan's own figures for its
    /// years, the application process's shares for each (answers and agreements in time,
    /// rejections motivated, as they stand today), and for each half-year of a plan year whose bookkeeping is imported and booked
    /// through its last month, the follow-up's result and administration share.
    pub async fn figure_values(
        &self,
        association: &Association,
        plan: &finsam_core::Plan,
    ) -> Result<finsam_core::computed::FigureValues, String> {
        use finsam_core::computed::{FigureValues, Period as Half};
        let fig = finsam_core::compute(plan).map_err(|e| e.to_string())?;
        let mut values = FigureValues::of_plan(&fig);
        // The application process, as it stands today, for each plan year.
        let cases = self
            .store()
            .cases(association.id)
            .await
            .map_err(|e| e.to_string())?;
        if !cases.is_empty() {
            let rules = self
                .store()
                .settings(association.id)
                .await
                .map_err(|e| e.to_string())?
                .settings
                .rules();
            let today = self.today();
            for &year in &plan.budget.years {
                let f = finsam_core::insats::deadlines::process_figures(&cases, rules, year, today);
                values.add_process(year, &f);
            }
        }
        self.add_insats_figures(association, &plan.budget.years, &mut values)
            .await
            .map_err(|e| e.to_string())?;
        for &year in &plan.budget.years {
            let Some(ctx) = self.follow_up_context(association, year).await? else {
                continue;
            };
            let booked = ctx.ledger.last_booked_month();
            for half in [1u8, 2] {
                let Ok((_, period)) = ctx.resolve(Some(&format!("h{half}"))) else {
                    continue;
                };
                if booked.is_none_or(|b| b < period.last) {
                    continue;
                }
                if let Ok(fu) = ctx.follow_up(period, None) {
                    values.add_follow_up(Half::HalfYear(year, half), &fu);
                }
            }
        }
        Ok(values)
    }
}

impl App {
    /// The insatser's figures for each year and half-year of `years`: the participant rates
    /// from the approved participant reports (each insats's summed over the period, when its
    /// reports cover it), the share of the reports due in the period (by today) that came
    /// by their due date, and the activities logged in it.
    async fn add_insats_figures(
        &self,
        association: &Association,
        years: &[i32],
        values: &mut finsam_core::computed::FigureValues,
    ) -> Result<(), finsam_store::StoreError> {
        use finsam_core::computed::{ComputedFigure, Period};
        use finsam_core::participants::{Approval, Dated, over_period};
        let reports = self
            .store()
            .participant_reports(association.id, None)
            .await?;
        let settings = self.store().settings(association.id).await?.settings;
        let granted = self.store().granted_applications(association.id).await?;
        let receipts = self.store().receipts(association.id).await?;
        let today = self.today();
        let due = crate::grants::report_rows(&granted, &settings.report_kinds, &receipts, today);
        let approved: Vec<_> = reports
            .iter()
            .filter(|r| r.approval == Approval::Approved)
            .collect();
        let log: Vec<_> = self
            .store()
            .activities(association.id)
            .await?
            .into_iter()
            .map(|a| a.activity)
            .collect();
        let day = |y: i32, m: u8, d: u8| {
            finsam_core::insats::serial::parse_day(&format!("{y:04}-{m:02}-{d:02}"))
        };
        let structural: Vec<_> = {
            let ids: Vec<_> = granted
                .iter()
                .filter(|g| g.insats.kind == finsam_core::insats::Kind::Structural)
                .map(|g| g.id)
                .collect();
            self.store()
                .indicators(association.id)
                .await?
                .into_iter()
                .filter(|i| ids.contains(&i.application))
                .map(|i| i.indicator)
                .collect()
        };
        for &year in years {
            values.add_share(
                ComputedFigure::StructuralGoalsMet,
                Period::Year(year),
                finsam_core::participants::indicator::goals_met(&structural, year),
            );
            for (period, from, to) in [
                (Period::Year(year), day(year, 1, 1), day(year, 12, 31)),
                (Period::HalfYear(year, 1), day(year, 1, 1), day(year, 6, 30)),
                (
                    Period::HalfYear(year, 2),
                    day(year, 7, 1),
                    day(year, 12, 31),
                ),
            ] {
                let (Some(from), Some(to)) = (from, to) else {
                    continue;
                };
                let mut summed = Vec::new();
                for g in &granted {
                    let dated: Vec<Dated<'_>> = approved
                        .iter()
                        .filter(|r| r.application == g.id)
                        .map(|r| (r.from, r.to, &r.report))
                        .collect();
                    if let Some(r) = over_period(&dated, from, to) {
                        summed.push(r);
                    }
                }
                values.add_participants(period, &summed, &settings.participants.outcomes);
                let (on_time, of) = due
                    .iter()
                    .filter(|r| r.report.due >= from && r.report.due <= to && r.report.due <= today)
                    .fold((0u64, 0u64), |(p, o), r| {
                        (
                            p + u64::from(r.received.is_some_and(|d| d <= r.report.due)),
                            o + 1,
                        )
                    });
                values.add_share(ComputedFigure::ReportsOnTime, period, (on_time, of));
                values.add_activities(period, (from, to), &log);
            }
        }
        Ok(())
    }
}

pub(crate) fn leak_join(_: tokio::task::JoinError) -> &'static str {
    "inläsningen avbröts"
}

/// Follow-up contexts per (förbund, fiscal year), kept at the förbund's audit stamp.
pub type Contexts = crate::cache::StampCache<(i64, i32), Option<Arc<Context>>>;

/// Everything a follow-up of one fiscal year needs.
#[derive(Debug)]
pub struct Context {
    pub import: LedgerImport,
    pub ledger: Ledger,
    pub mapping: Mapping,
    pub plan: Option<Arc<finsam_core::Plan>>,
    pub adjustments: BTreeMap<String, Money>,
    /// The follow-ups computed from this context, per period and budget asked for: a context
    /// is replaced, not changed, when its data changes, so they are never stale.
    pub follow_ups: std::sync::Mutex<FollowUps>,
    /// The förbund's audit stamp the context was built at: what is made from it (a rendered
    /// page) is kept at the same stamp.
    pub stamp: i64,
}

/// Follow-ups per (period, budget asked for).
pub type FollowUps =
    std::collections::HashMap<(Period, Option<finsam_core::actuals::BudgetSource>), Arc<FollowUp>>;

impl Context {
    /// The period asked for (`h1`, `2024-03` …), or the whole year.
    pub fn resolve(&self, asked: Option<&str>) -> Result<(PeriodSpec, Period), String> {
        let spec = match asked {
            Some(w) if !w.is_empty() => PeriodSpec::parse(w)?,
            _ => PeriodSpec::FullYear,
        };
        let period = spec.resolve(self.ledger.year)?;
        Ok((spec, period))
    }

    /// The accounts with money in the year that the mapping places nowhere: the one list every
    /// page shows (core's `unmapped_accounts`).
    pub fn unmapped(&self) -> Result<Vec<finsam_core::actuals::Unmapped>, String> {
        finsam_core::actuals::unmapped_accounts(&self.ledger, &self.mapping)
            .map_err(|_| "beloppen blir för stora att räkna med".to_owned())
    }

    /// The follow-up of a period against the budget asked for (`None`: the default, the
    /// file's own period budget when it has one, else the adopted plan's).
    pub fn follow_up(
        &self,
        period: Period,
        budget: Option<finsam_core::actuals::BudgetSource>,
    ) -> Result<Arc<FollowUp>, String> {
        let key = (period, budget);
        if let Some(kept) = self
            .follow_ups
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return Ok(kept);
        }
        let made = Arc::new(
            follow_up(Input {
                ledger: &self.ledger,
                mapping: &self.mapping,
                plan: self.plan.as_deref(),
                period,
                adjustments: &self.adjustments,
                budget,
            })
            .map_err(|_| "beloppen blir för stora att räkna med".to_owned())?,
        );
        if let Ok(mut m) = self.follow_ups.lock() {
            // A year has at most 30 periods and 3 budgets; the bound keeps a bad client small.
            if m.len() < 200 {
                m.insert(key, made.clone());
            }
        }
        Ok(made)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use finsam_core::computed::{ComputedFigure, FigureRef, Period};
    use finsam_store::{AssociationId, SqlStore};

    /// The demo's SOFINT has its books of January–June 2024: the registry gets the first
    /// half-year's result and administration share from the follow-up, and nothing for the
    /// second half-year, which has no bookkeeping yet.
    #[tokio::test]
    async fn the_registry_takes_the_half_years_the_books_cover() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("t.db").display());
        let store = SqlStore::open(&url).await.expect("opens");
        let app = App::new(Arc::new(store));
        crate::demo::load(app.store()).await.expect("demo");
        let sofint = app
            .store()
            .association(AssociationId(1))
            .await
            .expect("SOFINT");
        let plan = app
            .adopted_plan(&sofint, 2024)
            .await
            .expect("reads")
            .expect("a plan for 2024");
        let values = app.figure_values(&sofint, &plan).await.expect("computes");
        let at = |figure, period| values.get(FigureRef { figure, period });
        let h1 = Period::HalfYear(2024, 1);
        // The interim report's income statement: a result of −3 005 kr for January–June.
        assert_eq!(
            at(ComputedFigure::Result, h1),
            Some(finsam_core::goals::Quantity::from_hundredths(-300_500))
        );
        assert!(at(ComputedFigure::AdministrationShare, h1).is_some());
        assert_eq!(at(ComputedFigure::Result, Period::HalfYear(2024, 2)), None);
        // The plan's own years are there too.
        assert!(at(ComputedFigure::Result, Period::Year(2025)).is_some());
    }
}
