//! What follows a grant (issue 13): the money paid out against it, and the reports the
//! insats owes. Core decides (`insats::disbursements`, `insats::reports`); this module reads
//! the forms, checks against what is stored, and keeps the förbund's table of reports due at
//! its audit stamp (every change to an application, a receipt or the settings writes the log).

use std::sync::Arc;

use finsam_core::Money;
use finsam_core::finding::Finding;
use finsam_core::insats::deadlines::Standing;
use finsam_core::insats::disbursements::{self, Disbursement, Stage, Summary};
use finsam_core::insats::reports::{DueReport, schedule};
use finsam_core::insats::whatif::{BudgetRow, WhatIf, beside_budget, lines_for, what_if};
use finsam_core::plan::Date;
use finsam_store::{
    ApplicationId, Association, Receipt, StoreError, StoredApplication, StoredDisbursement,
};

use crate::App;
use crate::insatser::day_field;
use crate::plan_edit::{Fields, get};
use crate::settings::FormError;

/// An application's money: its disbursements and their sums against the grant.
#[derive(Clone, Debug)]
pub struct GrantMoney {
    /// The disbursements, by request day.
    pub items: Vec<StoredDisbursement>,
    /// Their sums against the grant.
    pub summary: Summary,
    /// The warning when more is paid than granted.
    pub warning: Option<Finding>,
    /// The cost as booked, per year of the grant whose bookkeeping is imported: the SIE object
    /// named as the insats (decision 0011).
    pub booked: Vec<(i32, finsam_store::ObjectCost)>,
}

/// Whether an SIE object is the insats's: named as it (case and spacing aside), or coded so.
pub fn is_insats_object(o: &finsam_store::ObjectCost, insats: &str) -> bool {
    let key = insats.trim().to_lowercase();
    !key.is_empty() && (o.name.trim().to_lowercase() == key || o.code.trim().to_lowercase() == key)
}

/// The disbursement a form describes: the request day and amount, and, for one recorded
/// afterwards, the days it was approved and paid. The Swedish messages by field name.
pub fn parse_disbursement(fields: &Fields) -> Result<Disbursement, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let requested = day_field(fields, "begard", "Dagen för begäran", &mut errors);
    let optional_day = |name: &str, label: &str, errors: &mut Vec<(String, String)>| {
        if get(fields, name).is_empty() {
            None
        } else {
            day_field(fields, name, label, errors)
        }
    };
    let approved = optional_day("godkand", "Dagen för godkännandet", &mut errors);
    let paid = optional_day("utbetald", "Dagen för utbetalningen", &mut errors);
    let amount = match Money::parse(get(fields, "belopp")) {
        Ok(m) => Some(m),
        Err(e) => {
            errors.push((
                "belopp".to_owned(),
                format!("Beloppet: {e}. Skriv t.ex. 594 752."),
            ));
            None
        }
    };
    let note = Some(get(fields, "anteckning").to_owned()).filter(|n| !n.is_empty());
    let (Some(requested), Some(amount)) = (requested, amount) else {
        return Err(errors);
    };
    if let Some(a) = approved
        && a < requested
    {
        errors.push((
            "godkand".into(),
            format!("Godkännandet {a} kan inte vara före begäran {requested}."),
        ));
    }
    match (approved, paid) {
        (None, Some(_)) => errors.push((
            "godkand".into(),
            "En utbetald utbetalning är godkänd först; skriv dagen den godkändes.".into(),
        )),
        (Some(a), Some(p)) if p < a => errors.push((
            "utbetald".into(),
            format!("Utbetalningen {p} kan inte vara före godkännandet {a}."),
        )),
        _ => {}
    }
    if errors.is_empty() {
        Ok(Disbursement {
            requested,
            amount,
            approved,
            paid,
            note,
        })
    } else {
        Err(errors)
    }
}

/// How a report in the table stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportState {
    /// To hand in: overdue, or due within two weeks (the table's default).
    ToSubmit,
    /// Overdue.
    Overdue,
    /// Due later.
    Upcoming,
    /// Received.
    Received,
    /// Every one.
    All,
}

impl ReportState {
    /// Every state with its word and label, in the filter's order.
    pub const ALL: [(ReportState, &'static str, &'static str); 5] = [
        (ReportState::ToSubmit, "att-lamna", "att lämna nu"),
        (ReportState::Overdue, "forsenade", "försenade"),
        (ReportState::Upcoming, "kommande", "kommande"),
        (ReportState::Received, "inkomna", "inkomna"),
        (ReportState::All, "alla", "alla"),
    ];

    /// Reads the word; the default for anything else.
    pub fn from_word(word: &str) -> ReportState {
        Self::ALL
            .iter()
            .find(|(_, w, _)| *w == word)
            .map_or(ReportState::ToSubmit, |(s, _, _)| *s)
    }

    /// The word.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(s, _, _)| *s == self)
            .map_or("", |(_, w, _)| w)
    }

    fn holds(self, standing: Standing) -> bool {
        match self {
            ReportState::ToSubmit => {
                matches!(standing, Standing::Overdue(_) | Standing::DueSoon(_))
            }
            ReportState::Overdue => matches!(standing, Standing::Overdue(_)),
            ReportState::Upcoming => matches!(standing, Standing::DueSoon(_) | Standing::Later),
            ReportState::Received => matches!(standing, Standing::MetInTime | Standing::MetLate),
            ReportState::All => true,
        }
    }
}

/// Which reports the table shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReportFilter {
    /// Only this application's.
    pub application: Option<ApplicationId>,
    /// Only this kind's (by name).
    pub kind: Option<String>,
    /// Only those standing so.
    pub state: ReportState,
}

impl ReportFilter {
    /// Whether it lets `r` through (the member aside).
    pub fn holds(&self, r: &ReportRow) -> bool {
        self.application.is_none_or(|a| r.id == a)
            && self.kind.as_deref().is_none_or(|k| r.report.kind == k)
            && self.state.holds(r.standing)
    }
}

impl Default for ReportFilter {
    fn default() -> ReportFilter {
        ReportFilter {
            application: None,
            kind: None,
            state: ReportState::ToSubmit,
        }
    }
}

/// A report due from an insats, as the table shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    /// The application.
    pub id: ApplicationId,
    /// Its case number.
    pub case_number: String,
    /// The insats.
    pub insats: String,
    /// The insatsägare's member key.
    pub owner: String,
    /// The report: kind, period, due date.
    pub report: DueReport,
    /// The day it came, if it has.
    pub received: Option<Date>,
    /// How it stands on the table's day.
    pub standing: Standing,
}

/// The förbund's reports due, kept per (förbund, day) at its audit stamp.
pub type ReportCache = crate::cache::StampCache<(i64, Date), Vec<ReportRow>>;

/// The reports every granted application in `granted` owes under the förbund's report kinds,
/// with the receipts matched, standing on `today`; by due date.
pub fn report_rows(
    granted: &[StoredApplication],
    kinds: &[finsam_core::insats::reports::ReportKind],
    receipts: &[Receipt],
    today: Date,
) -> Vec<ReportRow> {
    let received: std::collections::HashMap<(ApplicationId, &str, Date), Date> = receipts
        .iter()
        .map(|r| ((r.application, r.kind.as_str(), r.period_end), r.received))
        .collect();
    let mut rows = Vec::new();
    for a in granted {
        let Some(decided) = a.case.decision().map(|d| d.on) else {
            continue;
        };
        for report in schedule(a.insats.period, decided, kinds) {
            let got = received
                .get(&(a.id, report.kind.as_str(), report.to))
                .copied();
            rows.push(ReportRow {
                id: a.id,
                case_number: a.case_number.clone(),
                insats: a.insats.name.clone(),
                owner: a.insats.owner.clone(),
                standing: report.standing(got, today),
                received: got,
                report,
            });
        }
    }
    rows.sort_by(|x, y| {
        (x.report.due, &x.case_number, &x.report.kind).cmp(&(
            y.report.due,
            &y.case_number,
            &y.report.kind,
        ))
    });
    rows
}

/// A pending application's what-if: the plan it was weighed against and the equity path.
#[derive(Clone, Debug)]
pub struct PendingWhatIf {
    /// The plan's title ("Verksamhetsplan och budget 2024").
    pub plan_title: String,
    /// The equity path with and without the application.
    pub what_if: WhatIf,
}

/// A grant beside the förbund's budget: the plan, its lines for the insats, the years side by
/// side, and the draft where the line can be made when the plan has none.
#[derive(Clone, Debug)]
pub struct GrantInBudget {
    /// The plan's title.
    pub plan_title: String,
    /// The version read.
    pub version: finsam_store::VersionId,
    /// The names of the lines that budget the insats (none: the plan has no line for it).
    pub lines: Vec<String>,
    /// Per year: granted (or asked), in the budget.
    pub rows: Vec<BudgetRow>,
    /// A draft covering the years, where a line can be made (only when no line is found).
    pub draft: Option<finsam_store::VersionId>,
}

/// The amounts of `stored`: what is granted, else what is asked.
fn granted_or_asked(stored: &StoredApplication) -> std::collections::BTreeMap<i32, Money> {
    stored.case.granted().cloned().unwrap_or_else(|| {
        stored
            .insats
            .budget
            .per_calendar_year(stored.insats.period)
            .unwrap_or_default()
    })
}

/// A pending application with its what-if, for the overview.
#[derive(Clone, Debug)]
pub struct PendingEntry {
    /// The application.
    pub id: ApplicationId,
    /// Its case number.
    pub case_number: String,
    /// The insats.
    pub insats: String,
    /// Its what-if.
    pub what_if: PendingWhatIf,
}

/// The overview's pending applications per förbund, at its audit stamp.
pub type PendingCache = crate::cache::StampCache<i64, Vec<PendingEntry>>;

/// How many pending applications the overview weighs (the oldest first).
pub const PENDING_SHOWN: usize = 5;

impl App {
    /// The applications awaiting a decision, the oldest first (at most [`PENDING_SHOWN`]), each
    /// with its what-if; kept at the förbund's audit stamp.
    pub async fn pending_what_ifs(
        &self,
        association: &Association,
    ) -> Result<Arc<Vec<PendingEntry>>, StoreError> {
        let stamp = self.store().audit_stamp(association.id).await?;
        self.pending_what_ifs_at(association, stamp).await
    }

    /// [`App::pending_what_ifs`] at the audit stamp the caller has read.
    pub async fn pending_what_ifs_at(
        &self,
        association: &Association,
        stamp: i64,
    ) -> Result<Arc<Vec<PendingEntry>>, StoreError> {
        if let Some(kept) = self.pending.get(&association.id.0, stamp) {
            return Ok(kept);
        }
        let mut out = Vec::new();
        for a in self.store().open_applications(association.id, None).await? {
            if out.len() == PENDING_SHOWN {
                break;
            }
            if !a.case.state().awaits_decision() {
                continue;
            }
            if let Some(w) = self.what_if(association, &a).await? {
                out.push(PendingEntry {
                    id: a.id,
                    case_number: a.case_number.clone(),
                    insats: a.insats.name.clone(),
                    what_if: w,
                });
            }
        }
        Ok(self.pending.put(&association.id.0, stamp, out))
    }

    /// The what-if of granting `stored` as asked, against the adopted plan (else a draft) that
    /// covers its first year; none when no plan covers its years, or its budget does not
    /// divide into calendar years.
    pub async fn what_if(
        &self,
        association: &Association,
        stored: &StoredApplication,
    ) -> Result<Option<PendingWhatIf>, StoreError> {
        let Ok(asked) = stored.insats.budget.per_calendar_year(stored.insats.period) else {
            return Ok(None);
        };
        let years: Vec<i32> = asked.keys().copied().collect();
        let Some(plan) = self.plan_covering(association, &years).await? else {
            return Ok(None);
        };
        Ok(what_if(&plan, &stored.insats.name, &asked)
            .ok()
            .map(|w| PendingWhatIf {
                plan_title: plan.title.clone(),
                what_if: w,
            }))
    }

    /// The grant (or, before the decision, what is asked) beside the lines of the förbund's
    /// plan that budget the insats (by its name; decision 0012): the adopted plan covering its
    /// first year, else a draft.
    pub async fn grant_in_budget(
        &self,
        association: &Association,
        stored: &StoredApplication,
    ) -> Result<Option<GrantInBudget>, StoreError> {
        let amounts = granted_or_asked(stored);
        let years: Vec<i32> = amounts.keys().copied().collect();
        let versions = self.store().versions(association.id).await?;
        let Some((version, plan)) = self.version_covering(&versions, &years) else {
            return Ok(None);
        };
        let Ok(fig) = finsam_core::compute(&plan) else {
            return Ok(None);
        };
        let found = lines_for(&plan, &stored.insats.name);
        let draft = if found.is_empty() {
            versions
                .iter()
                .filter(|v| v.status == finsam_store::Status::Draft)
                .find(|v| {
                    self.plan_of(v)
                        .is_ok_and(|p| years.iter().any(|y| p.budget.years.contains(y)))
                })
                .map(|v| v.head.id)
        } else {
            None
        };
        Ok(Some(GrantInBudget {
            plan_title: plan.title.clone(),
            version: version.head.id,
            lines: found
                .iter()
                .map(|(s, l)| plan.budget.sections[*s].lines[*l].name.clone())
                .collect(),
            rows: beside_budget(&plan, &fig, &found, &amounts),
            draft,
        }))
    }

    /// Makes the insats's line in the draft `version` from what is granted (negative costs per
    /// year, committed), last in the first section holding insatser; adopted versions stay as
    /// they were. Audited as a change of the draft.
    pub async fn create_grant_line(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        stored: &StoredApplication,
        version: finsam_store::VersionId,
    ) -> Result<(), FormError> {
        let Some(granted) = stored.case.granted().cloned() else {
            return Err(FormError::Fields(vec![(
                "rad".into(),
                "Insatsen är inte beviljad; raden görs av det beviljade beloppet.".into(),
            )]));
        };
        let v = self.store().version(association.id, version).await?;
        if v.status != finsam_store::Status::Draft {
            return Err(FormError::Fields(vec![(
                "rad".into(),
                "Versionen är beslutad och ändras inte; starta en revidering eller nästa års plan."
                    .into(),
            )]));
        }
        let plan = self
            .plan_of(&v)
            .map_err(|e| FormError::Store(StoreError::Corrupt(e)))?;
        let name = stored.insats.name.clone();
        let summary = format!(
            "Raden {name} lades till från beslutet om {} ({})",
            stored.case_number,
            crate::insatser::years_words(&granted)
        );
        let result = self
            .edit_draft(actor, &v.head, plan, |p| {
                if !lines_for(p, &name).is_empty() {
                    return Err(format!("Planen har redan en rad för {name}."));
                }
                let mut changed = finsam_core::insats::whatif::with_grant(p, &name, &granted);
                // The line stays, as granted: no longer a what-if.
                for section in &mut changed.budget.sections {
                    for line in &mut section.lines {
                        if line.name == name {
                            line.note = Some(format!("Beviljad, {}", stored.case_number));
                        }
                    }
                }
                Ok((changed, summary.clone(), ()))
            })
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(crate::plans::EditError::Refused(m)) => {
                Err(FormError::Fields(vec![("rad".into(), m)]))
            }
            Err(crate::plans::EditError::Save(crate::plans::SaveError::Store(e))) => {
                Err(FormError::Store(e))
            }
            Err(crate::plans::EditError::Save(crate::plans::SaveError::Conflict)) => {
                Err(FormError::Conflict)
            }
            Err(crate::plans::EditError::Save(e)) => Err(FormError::Fields(vec![(
                "rad".into(),
                format!("Raden kunde inte sparas: {e:?}"),
            )])),
        }
    }

    /// An application's disbursements and their sums against its grant.
    pub async fn grant_money(
        &self,
        association: &Association,
        stored: &StoredApplication,
    ) -> Result<GrantMoney, StoreError> {
        let items = self
            .store()
            .disbursements(association.id, stored.id)
            .await?;
        let plain: Vec<Disbursement> = items.iter().map(|d| d.disbursement.clone()).collect();
        let summary = Summary::of(&stored.case, &plain);
        let warning = summary.warning();
        let mut booked = Vec::new();
        for y in &summary.years {
            if let Some(o) = self
                .store()
                .object_costs(association.id, y.year)
                .await?
                .into_iter()
                .find(|o| is_insats_object(o, &stored.insats.name))
            {
                booked.push((y.year, o));
            }
        }
        Ok(GrantMoney {
            items,
            summary,
            warning,
            booked,
        })
    }

    /// Records a disbursement from its form for `stored` (as read when the user's right was
    /// decided), if nobody changed the application since `expected_row_version`: checked
    /// against the grant, the agreement and the disbursements before it (nothing saved when
    /// anything is wrong). Audited.
    pub async fn add_disbursement(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        (stored, expected_row_version): (&StoredApplication, i64),
        fields: &Fields,
    ) -> Result<StoredDisbursement, FormError> {
        if stored.row_version != expected_row_version {
            return Err(FormError::Conflict);
        }
        let new = parse_disbursement(fields).map_err(FormError::Fields)?;
        let existing: Vec<Disbursement> = self
            .store()
            .disbursements(association.id, stored.id)
            .await?
            .into_iter()
            .map(|d| d.disbursement)
            .collect();
        let errors = disbursements::check_new(&stored.case, &existing, &new);
        if !errors.is_empty() {
            return Err(FormError::Fields(
                errors.into_iter().map(|(f, m)| (f.to_owned(), m)).collect(),
            ));
        }
        let summary = format!(
            "{}: utbetalning {} ({}) registrerad som {}",
            stored.case_number,
            finsam_core::format::kr_with_unit(new.amount),
            new.requested,
            new.stage().label()
        );
        Ok(self
            .store()
            .add_disbursement(
                actor,
                (association.id, stored.id, expected_row_version),
                &new,
                &summary,
            )
            .await?)
    }

    /// Moves disbursement `id` of `stored` on to the stage its form names (`steg`: godkand or
    /// utbetald) on the form's day (`dag`), under the same row-version rule. Audited.
    pub async fn advance_disbursement(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        (stored, expected_row_version): (&StoredApplication, i64),
        id: i64,
        fields: &Fields,
    ) -> Result<StoredDisbursement, FormError> {
        if stored.row_version != expected_row_version {
            return Err(FormError::Conflict);
        }
        let mut errors = Vec::new();
        let stage = Stage::from_word(get(fields, "steg"));
        let on = day_field(fields, "dag", "Dagen", &mut errors);
        let (Some(stage), Some(on)) = (stage, on) else {
            if stage.is_none() {
                errors.push(("steg".into(), "Välj godkänd eller utbetald.".into()));
            }
            return Err(FormError::Fields(errors));
        };
        let current = self
            .store()
            .disbursements(association.id, stored.id)
            .await?
            .into_iter()
            .find(|d| d.id == id)
            .ok_or(StoreError::NotFound)?;
        let next = current
            .disbursement
            .advanced(stage, on)
            .map_err(|m| FormError::Fields(vec![("dag".into(), m)]))?;
        let summary = format!(
            "{}: utbetalning {} {} {on}",
            stored.case_number,
            finsam_core::format::kr_with_unit(next.amount),
            stage.label()
        );
        Ok(self
            .store()
            .advance_disbursement(
                actor,
                (association.id, stored.id, expected_row_version),
                (id, &next),
                &summary,
            )
            .await?)
    }

    /// Every report the förbund's granted insatser owe, standing on `today`, by due date; kept
    /// at the förbund's audit stamp (the overview asks on every view).
    pub async fn reports_due(
        &self,
        association: &Association,
        today: Date,
    ) -> Result<Arc<Vec<ReportRow>>, StoreError> {
        let stamp = self.store().audit_stamp(association.id).await?;
        self.reports_due_at(association, today, stamp).await
    }

    /// [`App::reports_due`] at the audit stamp the caller has read.
    pub async fn reports_due_at(
        &self,
        association: &Association,
        today: Date,
        stamp: i64,
    ) -> Result<Arc<Vec<ReportRow>>, StoreError> {
        let key = (association.id.0, today);
        if let Some(kept) = self.reports.get(&key, stamp) {
            return Ok(kept);
        }
        let granted = self.store().granted_applications(association.id).await?;
        let kinds = self
            .store()
            .settings(association.id)
            .await?
            .settings
            .report_kinds;
        let receipts = self.store().receipts(association.id).await?;
        let rows = report_rows(&granted, &kinds, &receipts, today);
        Ok(self.reports.put(&key, stamp, rows))
    }

    /// The reports of the table that `filter` lets through (and only `member`'s, for an
    /// insatsägare).
    pub async fn reports_filtered(
        &self,
        association: &Association,
        member: Option<&str>,
        filter: &ReportFilter,
        today: Date,
    ) -> Result<Vec<ReportRow>, StoreError> {
        Ok(self
            .reports_due(association, today)
            .await?
            .iter()
            .filter(|r| member.is_none_or(|m| r.owner == m))
            .filter(|r| filter.holds(r))
            .cloned()
            .collect())
    }

    /// Records a report of `stored` as received on the form's day (`inkom`, not after `today`):
    /// the form names the kind (`rapport`) and the last day of its period (`period_slut`), which
    /// must be one of the insats's schedule. Audited; a report received already is refused.
    pub async fn receive_report(
        &self,
        actor: finsam_store::Actor,
        association: &Association,
        stored: &StoredApplication,
        fields: &Fields,
        today: Date,
    ) -> Result<Receipt, FormError> {
        let mut errors = Vec::new();
        let received = day_field(fields, "inkom", "Dagen rapporten kom", &mut errors);
        let period_end = day_field(fields, "period_slut", "Periodens slut", &mut errors);
        let (Some(received), Some(period_end)) = (received, period_end) else {
            return Err(FormError::Fields(errors));
        };
        let kind = get(fields, "rapport");
        let rows = self.reports_due(association, today).await?;
        let Some(row) = rows
            .iter()
            .find(|r| r.id == stored.id && r.report.kind == kind && r.report.to == period_end)
        else {
            return Err(FormError::Fields(vec![(
                "rapport".into(),
                format!(
                    "{} ska inte lämna någon \"{kind}\" för perioden som slutar {period_end}; välj rapporten i tabellen.",
                    stored.insats.name
                ),
            )]));
        };
        if received > today {
            return Err(FormError::Fields(vec![(
                "inkom".into(),
                format!("Rapporten kan inte ha kommit {received}, efter i dag ({today})."),
            )]));
        }
        if received < row.report.from {
            return Err(FormError::Fields(vec![(
                "inkom".into(),
                format!(
                    "Rapporten kan inte ha kommit {received}, före perioden den gäller ({}).",
                    row.report.period()
                ),
            )]));
        }
        let receipt = Receipt {
            application: stored.id,
            kind: kind.to_owned(),
            period_end,
            received,
        };
        let summary = format!(
            "{}: {} för {} inkommen {received}",
            stored.case_number,
            kind,
            row.report.period()
        );
        match self
            .store()
            .receive_report(actor, association.id, &receipt, &summary)
            .await
        {
            Err(StoreError::Duplicate) => Err(FormError::Fields(vec![(
                "rapport".into(),
                format!("{kind} för {} är redan inkommen.", row.report.period()),
            )])),
            other => {
                other?;
                Ok(receipt)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn a_disbursement_form_is_read_field_by_field() {
        let d = parse_disbursement(&fields(&[
            ("begard", "2024-01-15"),
            ("belopp", "594 752"),
            ("godkand", "2024-01-20"),
            ("utbetald", "2024-01-31"),
            ("anteckning", " januari–mars "),
        ]))
        .unwrap();
        assert_eq!(d.amount, Money::from_kr(594_752).unwrap());
        assert_eq!(d.stage(), Stage::Paid);
        assert_eq!(d.note.as_deref(), Some("januari–mars"));
        let e =
            parse_disbursement(&fields(&[("begard", "15/1"), ("belopp", "mycket")])).unwrap_err();
        let names: Vec<&str> = e.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["begard", "belopp"]);
        let e = parse_disbursement(&fields(&[
            ("begard", "2024-01-15"),
            ("belopp", "100"),
            ("utbetald", "2024-01-31"),
        ]))
        .unwrap_err();
        assert_eq!(e[0].0, "godkand");
        let e = parse_disbursement(&fields(&[
            ("begard", "2024-01-15"),
            ("belopp", "100"),
            ("godkand", "2024-01-10"),
        ]))
        .unwrap_err();
        assert!(e[0].1.contains("före begäran"), "{e:?}");
    }

    #[test]
    fn report_states_read_their_words_and_default_to_what_is_to_hand_in() {
        for (s, w, _) in ReportState::ALL {
            assert_eq!(ReportState::from_word(w), s);
            assert_eq!(s.word(), w);
        }
        assert_eq!(ReportState::from_word("x"), ReportState::ToSubmit);
        assert!(ReportState::ToSubmit.holds(Standing::Overdue(1)));
        assert!(ReportState::ToSubmit.holds(Standing::DueSoon(3)));
        assert!(!ReportState::ToSubmit.holds(Standing::Later));
        assert!(!ReportState::ToSubmit.holds(Standing::MetLate));
        assert!(ReportState::Received.holds(Standing::MetLate));
    }
}
