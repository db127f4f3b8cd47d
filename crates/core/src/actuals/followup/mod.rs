//! The follow-up of a period: the income statement against the same period last year, the
//! balance sheet at the period's end, budget against actual per category and line, the
//! administration share, and a full-year forecast with where equity lands.
//!
//! Signs: the ledger keeps SIE's (debit positive). The statements show income positive and costs
//! negative, as the seed's resultaträkning does. The budget table and the forecast show costs as
//! positive amounts, as the seed's prognosis table does; a deviation is budget − actual for costs
//! and actual − budget for income, so that a positive deviation is always money left.

use std::collections::BTreeMap;

use crate::budget::YearMonth;

use super::ledger::{EntryKind, Ledger, YearIndex};
use super::mapping::{BalanceRow, Class, Mapping, StatementRow};
use super::period::Period;
use crate::budget::Category;
use crate::finding::{Finding, FindingKind, Severity};
use crate::fraction::Fraction;
use crate::location::Place;
use crate::money::{Money, Overflow, Rounding};
use crate::plan::Plan;
use crate::report::serial;
use serde::Serialize;

mod budget;
mod chart;
mod coverage;
mod forecast;
mod statements;

use budget::BudgetTable;
pub use budget::{BudgetRow, BudgetSource, category_label};
pub use chart::{CategoryBar, CategoryChart, CostCurve, CurvePoint, category_chart, cost_curve};
pub use coverage::Coverage;
use forecast::forecast_notes;
pub use forecast::{Forecast, ForecastRow};
pub use statements::StatementLine;
use statements::{balance_sheet, income_statement, statement};

/// The whole follow-up. Its JSON (the API's and `finsam sie uppfoljning --format json`) has
/// amounts in öre and shares in hundredths of a percent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "Uppfoljning")]
pub struct FollowUp {
    pub period: Period,
    #[serde(rename = "jamforelseperiod")]
    pub prior_period: Option<Period>,
    #[serde(rename = "resultatrakning", serialize_with = "statement")]
    pub income_statement: Vec<StatementLine>,
    #[serde(rename = "balansrakning", serialize_with = "statement")]
    pub balance_sheet: Vec<StatementLine>,
    /// Assets − (equity + liabilities) at the period's end; zero when the books balance.
    #[serde(rename = "balansdifferens")]
    pub balance_difference: Money,
    /// How much of the period is booked: the whole, part of it, or nothing.
    #[serde(rename = "bokforing")]
    pub coverage: Coverage,
    /// The latest voucher date of the fiscal year (`None`: nothing booked).
    #[serde(rename = "bokford_till", serialize_with = "serial::date_opt")]
    #[schemars(with = "Option<String>")]
    pub booked_through: Option<crate::plan::Date>,
    /// The budget the table compares with.
    #[serde(rename = "budgetkalla")]
    pub budget_source: BudgetSource,
    /// The budgets there are to choose between for this year.
    #[serde(rename = "budgetkallor")]
    pub budget_sources: Vec<BudgetSource>,
    /// The seed's prognosis table: income and costs with the groups beneath.
    #[serde(rename = "prognostabell")]
    pub summary: Vec<BudgetRow>,
    /// Per category, with its lines beneath.
    #[serde(rename = "budgetrader")]
    pub lines: Vec<BudgetRow>,
    /// Administration (the plan's administration categories and financial costs) over all costs.
    #[serde(
        rename = "administrationsandel_hundradels_procent",
        serialize_with = "serial::basis_points"
    )]
    #[schemars(with = "Option<i64>")]
    pub administration_share: Option<Fraction>,
    #[serde(skip)]
    #[schemars(skip)]
    pub administration_share_max: Option<crate::fraction::Percent>,
    #[serde(rename = "helarsprognos")]
    pub forecast: Forecast,
    #[serde(rename = "fynd")]
    pub notes: Vec<Finding>,
    /// The year's costs month by month, booked and budgeted: the cost curve.
    #[serde(rename = "kostnader_per_manad")]
    pub monthly_costs: Vec<MonthCosts>,
}

/// One month of the fiscal year's costs (costs positive): what is booked, and what
/// the budget compared with gives the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "ManadensKostnader")]
pub struct MonthCosts {
    /// The month, as `2024-03`.
    #[serde(rename = "manad", serialize_with = "month_text")]
    #[schemars(with = "String")]
    pub month: YearMonth,
    /// The booked costs; none after the last booked month.
    #[serde(rename = "utfall")]
    pub actual: Option<Money>,
    /// The month's budget.
    pub budget: Money,
}

fn month_text<S: serde::Serializer>(m: &YearMonth, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(m)
}

/// What the follow-up is computed from.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub ledger: &'a Ledger,
    pub mapping: &'a Mapping,
    /// The adopted plan that covers the fiscal year, if any: its rules, and its budget when the
    /// file has none.
    pub plan: Option<&'a Plan>,
    pub period: Period,
    /// The ekonom's full-year figures per forecast row key (costs positive).
    pub adjustments: &'a BTreeMap<String, Money>,
    /// The budget asked for; `None` takes the file's own period budget when it has one, else
    /// the adopted plan's. A budget that is not there falls back to the default.
    pub budget: Option<BudgetSource>,
}

/// Sums per account: opening balance and movements per month, for one year and kind.
struct Sums {
    opening: BTreeMap<(YearIndex, String), Money>,
    months: BTreeMap<(YearIndex, EntryKind, String), BTreeMap<YearMonth, Money>>,
}

impl Sums {
    fn new(ledger: &Ledger) -> Result<Sums, Overflow> {
        let mut s = Sums {
            opening: BTreeMap::new(),
            months: BTreeMap::new(),
        };
        for e in &ledger.entries {
            match (e.kind, e.month) {
                (EntryKind::Opening, _) => {
                    let v = s.opening.entry((e.year, e.account.clone())).or_default();
                    *v = v.checked_add(e.amount)?;
                }
                (kind, Some(m)) => {
                    let v = s
                        .months
                        .entry((e.year, kind, e.account.clone()))
                        .or_default()
                        .entry(m)
                        .or_default();
                    *v = v.checked_add(e.amount)?;
                }
                (_, None) => {}
            }
        }
        Ok(s)
    }

    /// Every account with anything in the year.
    fn accounts(&self, year: YearIndex) -> Vec<String> {
        let mut out: Vec<String> = self
            .opening
            .keys()
            .filter(|(y, _)| *y == year)
            .map(|(_, a)| a.clone())
            .chain(
                self.months
                    .keys()
                    .filter(|(y, _, _)| *y == year)
                    .map(|(_, _, a)| a.clone()),
            )
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The sum of the months `filter` accepts.
    fn sum(
        &self,
        year: YearIndex,
        kind: EntryKind,
        account: &str,
        filter: impl Fn(YearMonth) -> bool,
    ) -> Result<Money, Overflow> {
        let Some(months) = self.months.get(&(year, kind, account.to_owned())) else {
            return Ok(Money::ZERO);
        };
        Money::checked_sum(months.iter().filter(|(m, _)| filter(**m)).map(|(_, v)| *v))
    }

    fn opening(&self, year: YearIndex, account: &str) -> Money {
        self.opening
            .get(&(year, account.to_owned()))
            .copied()
            .unwrap_or_default()
    }

    fn has_movements(&self, year: YearIndex, account: &str) -> bool {
        self.months
            .contains_key(&(year, EntryKind::Movement, account.to_owned()))
    }
}

fn add(a: &mut Money, b: Money) -> Result<(), Overflow> {
    *a = a.checked_add(b)?;
    Ok(())
}

/// A result account with money booked in the year that neither a rule nor the chart places.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unmapped {
    /// The account number.
    pub account: String,
    /// Its name in the file, if it has one.
    pub name: Option<String>,
    /// The year's booked movements on it (debit positive).
    pub amount: Money,
}

/// The accounts whose money would fall outside the follow-up: result accounts (or accounts
/// the chart does not know) with booked movements in the current year that sum to something,
/// which no rule and no default of the chart places. One list for every page that speaks of
/// unmapped accounts: the follow-up's findings whatever the period, the mapping page, the
/// overview and the account page.
pub fn unmapped_accounts(ledger: &Ledger, mapping: &Mapping) -> Result<Vec<Unmapped>, Overflow> {
    unmapped_in(&Sums::new(ledger)?, ledger, mapping)
}

fn unmapped_in(sums: &Sums, ledger: &Ledger, mapping: &Mapping) -> Result<Vec<Unmapped>, Overflow> {
    let year = YearIndex::Current;
    let mut out = Vec::new();
    for account in sums.accounts(year) {
        if !matches!(
            mapping.chart.classify(&account),
            Class::Result(_) | Class::Closing | Class::Unknown
        ) || mapping.target(&account).is_some()
        {
            continue;
        }
        let amount = sums.sum(year, EntryKind::Movement, &account, |_| true)?;
        if !amount.is_zero() {
            out.push(Unmapped {
                name: ledger.accounts.get(&account).cloned(),
                account,
                amount,
            });
        }
    }
    Ok(out)
}

/// Computes the follow-up.
pub fn follow_up(input: Input<'_>) -> Result<FollowUp, Overflow> {
    let ledger = input.ledger;
    let period = input.period;
    let sums = Sums::new(ledger)?;
    let prior_period = ledger.prior.and_then(|p| period.a_year_earlier(p));
    let chart = input.mapping.chart;
    let mut notes = Vec::new();

    // The statements, for the period and the same period a year earlier.
    let statement =
        |year: YearIndex, p: &Period| -> Result<BTreeMap<StatementRow, Money>, Overflow> {
            let mut rows = BTreeMap::new();
            for account in sums.accounts(year) {
                if let Class::Result(row) = chart.classify(&account)
                    && sums.has_movements(year, &account)
                {
                    let m = sums.sum(year, EntryKind::Movement, &account, |m| p.contains(m))?;
                    add(rows.entry(row).or_default(), -m)?;
                }
            }
            Ok(rows)
        };
    let current_rows = statement(YearIndex::Current, &period)?;
    let prior_rows = match &prior_period {
        Some(p) => Some(statement(YearIndex::Prior, p)?),
        None => None,
    };
    let income_statement = income_statement(&current_rows, prior_rows.as_ref())?;

    let balances =
        |year: YearIndex, p: &Period| -> Result<(BTreeMap<BalanceRow, Money>, Money), Overflow> {
            let mut rows: BTreeMap<BalanceRow, Money> = BTreeMap::new();
            let mut result = Money::ZERO;
            let mut unknown = Money::ZERO;
            for account in sums.accounts(year) {
                let to_date = sums.sum(year, EntryKind::Movement, &account, |m| m <= p.last)?;
                match chart.classify(&account) {
                    Class::Balance(row) => {
                        let balance = sums.opening(year, &account).checked_add(to_date)?;
                        add(rows.entry(row).or_default(), balance)?;
                    }
                    Class::Result(_) | Class::Closing => add(&mut result, to_date)?,
                    Class::Unknown => add(&mut unknown, to_date)?,
                }
            }
            // The running result belongs to equity until the books are closed.
            add(rows.entry(BalanceRow::Equity).or_default(), result)?;
            Ok((rows, unknown))
        };
    let (current_bal, unknown) = balances(YearIndex::Current, &period)?;
    let prior_bal = match &prior_period {
        Some(p) => Some(balances(YearIndex::Prior, p)?.0),
        None => None,
    };
    let (balance_sheet, balance_difference) = balance_sheet(&current_bal, prior_bal.as_ref())?;
    if !balance_difference.is_zero() {
        notes.push(Finding::at(
            FindingKind::Balance,
            Severity::Error,
            Place::Whole,
            format!(
                "Balansräkningen går inte ihop: tillgångarna och eget kapital och skulder skiljer \
                 {} kr. Kontrollera att SIE-filen är komplett.",
                crate::format::kr(balance_difference)
            ),
        ));
    }
    if !unknown.is_zero() {
        notes.push(Finding::at(
            FindingKind::UnknownAccount,
            Severity::Warning,
            Place::Whole,
            format!(
                "Konton som inte är fyrsiffriga kontonummer har {} kr som inte visas i \
                 rapporterna.",
                crate::format::kr(unknown)
            ),
        ));
    }

    // Budget against actual, over the booked part of the period.
    let booked_through = ledger.last_booked_day();
    let coverage = Coverage::of(&period, ledger.last_booked_month());
    let mut budget_sources = Vec::new();
    if ledger.has_budget() {
        budget_sources.push(BudgetSource::Sie);
    }
    if input
        .plan
        .is_some_and(|p| p.budget.years.contains(&ledger.year.start.year()))
    {
        budget_sources.push(BudgetSource::Plan);
    }
    let budget_source = input
        .budget
        .filter(|b| budget_sources.contains(b))
        .or_else(|| budget_sources.first().copied())
        .unwrap_or(BudgetSource::None);
    // The plan's lines by month, once: the budget table and the cost curve both take them.
    let plan_months = match (budget_source, input.plan) {
        (BudgetSource::Plan, Some(plan)) => budget::plan_months(plan, ledger.year.start.year())?,
        _ => Vec::new(),
    };
    let table = BudgetTable::build(
        &input,
        &sums,
        (budget_source, &plan_months),
        coverage,
        &mut notes,
    )?;
    let (summary, lines, administration_share) = table.rows(&input, coverage)?;
    let forecast = table.forecast(&input, &sums)?;
    let monthly_costs = monthly_costs(&input, &sums, (budget_source, &plan_months))?;
    forecast_notes(&forecast, &mut notes);
    coverage::opening_equity_note(&input, &forecast, &mut notes)?;
    for n in &ledger.notes {
        notes.push(Finding::at(
            FindingKind::Sie,
            Severity::Warning,
            Place::Whole,
            n.clone(),
        ));
    }
    Ok(FollowUp {
        period,
        prior_period,
        income_statement,
        balance_sheet,
        balance_difference,
        coverage,
        booked_through,
        budget_source,
        budget_sources,
        summary,
        lines,
        administration_share,
        administration_share_max: input.plan.and_then(|p| p.rules.administration_share_max),
        forecast,
        notes,
        monthly_costs,
    })
}

/// The fiscal year's costs per month (every cost category, as mapped, as the tables count
/// them): booked through the last booked month, and the budget compared with,
/// the file's period budget per month or the plan's lines laid out by `calc::month_profile`.
fn monthly_costs(
    input: &Input<'_>,
    sums: &Sums,
    (source, plan_months): (BudgetSource, &[budget::PlanMonths]),
) -> Result<Vec<MonthCosts>, Overflow> {
    let months = input.ledger.year.months();
    let booked = input.ledger.last_booked_month();
    // Every cost, the financial ones too, as the follow-up's tables count "Kostnader".
    let is_cost = |c: crate::budget::Category| !c.is_income();
    let mut actual: BTreeMap<YearMonth, Money> = BTreeMap::new();
    let mut budget: BTreeMap<YearMonth, Money> = BTreeMap::new();
    for account in sums.accounts(YearIndex::Current) {
        let Some(target) = input.mapping.target(&account) else {
            continue;
        };
        if !is_cost(target.category) {
            continue;
        }
        for &m in &months {
            let here = |x: YearMonth| x == m;
            add(
                actual.entry(m).or_default(),
                sums.sum(YearIndex::Current, EntryKind::Movement, &account, here)?,
            )?;
            if source == BudgetSource::Sie {
                add(
                    budget.entry(m).or_default(),
                    sums.sum(YearIndex::Current, EntryKind::Budget, &account, here)?,
                )?;
            }
        }
    }
    let year = input.ledger.year.start.year();
    for line in plan_months.iter().filter(|l| is_cost(l.category)) {
        for (i, amount) in line.months.iter().enumerate() {
            let m = YearMonth {
                year,
                month: u8::try_from(i + 1).unwrap_or(12),
            };
            if months.contains(&m) {
                add(budget.entry(m).or_default(), *amount)?;
            }
        }
    }
    Ok(months
        .into_iter()
        .map(|m| MonthCosts {
            month: m,
            actual: booked
                .filter(|b| m <= *b)
                .map(|_| actual.get(&m).copied().unwrap_or_default()),
            budget: budget.get(&m).copied().unwrap_or_default(),
        })
        .collect())
}
