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

/// A row of a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    #[serde(rename = "rad")]
    pub label: &'static str,
    /// A sum of the rows above, printed in bold.
    #[serde(rename = "summa")]
    pub is_sum: bool,
    /// A heading without amounts (left out of JSON, which has no layout).
    #[serde(skip)]
    pub is_heading: bool,
    #[serde(rename = "period")]
    pub current: Option<Money>,
    #[serde(rename = "foregaende_ar")]
    pub prior: Option<Money>,
}

fn not_heading(l: &StatementLine) -> bool {
    !l.is_heading
}

fn statement<S: serde::Serializer>(rows: &[StatementLine], s: S) -> Result<S::Ok, S::Error> {
    serial::seq_where(rows, not_heading, s)
}

/// A row of the budget table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BudgetRow {
    /// Stable key: `insats:Coachingteamet`, `insats:` for the category's accounts without a line,
    /// or the group's word (`intakter`, `kostnader`, `administration` …).
    #[serde(rename = "nyckel")]
    pub key: String,
    #[serde(rename = "rad")]
    pub label: String,
    /// 0 for a group or category, 1 for what it holds.
    #[serde(rename = "niva")]
    pub level: u8,
    #[serde(rename = "kostnad")]
    pub is_cost: bool,
    /// Shown positive for costs.
    #[serde(rename = "utfall")]
    pub actual: Money,
    pub budget: Money,
    /// Budget − actual for costs, actual − budget for income.
    #[serde(rename = "avvikelse")]
    pub deviation: Money,
    /// |deviation| / budget, when there is a budget.
    #[serde(
        rename = "avvikelse_hundradels_procent",
        serialize_with = "serial::basis_points"
    )]
    pub deviation_share: Option<Fraction>,
    /// The accounts booked on a line (level 1), so that a deviation can be traced.
    #[serde(rename = "konton")]
    pub accounts: Vec<String>,
}

/// Where the period's budget came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum BudgetSource {
    /// The bookkeeping program's budget in the SIE file (`#PBUDGET`).
    #[serde(rename = "sie")]
    Sie,
    /// The adopted plan's year amounts, spread evenly over the months.
    #[serde(rename = "plan")]
    Plan,
    /// Neither: the budget columns are zero.
    #[serde(rename = "ingen")]
    None,
}

impl BudgetSource {
    /// What the page says about it.
    pub fn describe(self) -> &'static str {
        match self {
            BudgetSource::Sie => "Budgeten är bokföringsprogrammets periodbudget ur SIE-filen.",
            BudgetSource::Plan => {
                "Budgeten är den antagna planens årsbelopp fördelade jämnt per månad."
            }
            BudgetSource::None => {
                "Det finns ingen budget för året: varken i SIE-filen eller en antagen plan."
            }
        }
    }
}

/// One row of the full-year forecast.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ForecastRow {
    #[serde(rename = "nyckel")]
    pub key: String,
    #[serde(rename = "rad")]
    pub label: String,
    #[serde(rename = "kostnad")]
    pub is_cost: bool,
    /// Actual from the start of the fiscal year to the period's end (costs positive).
    #[serde(rename = "utfall_hittills")]
    pub actual_to_date: Money,
    /// Budget for the rest of the year.
    #[serde(rename = "aterstaende_budget")]
    pub remaining_budget: Money,
    /// The full-year budget.
    #[serde(rename = "arsbudget")]
    pub year_budget: Money,
    /// Actual to date + remaining budget.
    #[serde(rename = "beraknad")]
    pub computed: Money,
    /// The ekonom's own figure for the full year, if given.
    #[serde(rename = "justerad")]
    pub adjusted: Option<Money>,
    /// The adjusted figure, or else the computed one.
    #[serde(rename = "prognos")]
    pub forecast: Money,
}

/// The forecast for the full year and where equity lands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Forecast {
    #[serde(rename = "rader")]
    pub rows: Vec<ForecastRow>,
    #[serde(rename = "intakter")]
    pub income: Money,
    #[serde(rename = "kostnader")]
    pub costs: Money,
    /// Income − costs.
    #[serde(rename = "resultat")]
    pub result: Money,
    /// Equity at the start of the fiscal year, from the opening balances.
    #[serde(rename = "eget_kapital_ingaende")]
    pub opening_equity: Money,
    #[serde(rename = "eget_kapital_utgaende")]
    pub closing_equity: Money,
    /// The forecast member contributions × the recommendation's share.
    #[serde(rename = "rekommenderat_max")]
    pub recommended_max: Money,
    #[serde(rename = "eget_intervall")]
    pub band: Option<crate::plan::EquityBand>,
}

/// The whole follow-up. Its JSON (the API's and `finsam sie uppfoljning --format json`) has
/// amounts in öre and shares in hundredths of a percent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    #[serde(rename = "budgetkalla")]
    pub budget_source: BudgetSource,
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
    pub administration_share: Option<Fraction>,
    #[serde(skip)]
    pub administration_share_max: Option<crate::fraction::Percent>,
    #[serde(rename = "helarsprognos")]
    pub forecast: Forecast,
    #[serde(rename = "fynd")]
    pub notes: Vec<Finding>,
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

    // Budget against actual.
    let budget_source = if ledger.has_budget() {
        BudgetSource::Sie
    } else if input
        .plan
        .is_some_and(|p| p.budget.years.contains(&ledger.year.start.year()))
    {
        BudgetSource::Plan
    } else {
        BudgetSource::None
    };
    let table = BudgetTable::build(&input, &sums, budget_source, &mut notes)?;
    let (summary, lines, administration_share) = table.rows(&input)?;
    let forecast = table.forecast(&input, &sums)?;
    forecast_notes(&forecast, &mut notes);
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
        budget_source,
        summary,
        lines,
        administration_share,
        administration_share_max: input.plan.and_then(|p| p.rules.administration_share_max),
        forecast,
        notes,
    })
}

fn line(label: &'static str, current: Option<Money>, prior: Option<Money>) -> StatementLine {
    StatementLine {
        label,
        is_sum: false,
        is_heading: false,
        current,
        prior,
    }
}

fn sum_line(label: &'static str, current: Option<Money>, prior: Option<Money>) -> StatementLine {
    StatementLine {
        is_sum: true,
        ..line(label, current, prior)
    }
}

fn heading(label: &'static str) -> StatementLine {
    StatementLine {
        is_heading: true,
        ..line(label, None, None)
    }
}

/// Adds the values that are present; `None` when none is.
fn total<K: Ord>(rows: &BTreeMap<K, Money>, keys: &[K]) -> Result<Option<Money>, Overflow> {
    let present: Vec<Money> = keys.iter().filter_map(|k| rows.get(k).copied()).collect();
    if present.is_empty() {
        Ok(None)
    } else {
        Money::checked_sum(present).map(Some)
    }
}

fn income_statement(
    cur: &BTreeMap<StatementRow, Money>,
    prior: Option<&BTreeMap<StatementRow, Money>>,
) -> Result<Vec<StatementLine>, Overflow> {
    use StatementRow as S;
    let empty = BTreeMap::new();
    let pri = prior.unwrap_or(&empty);
    let operating = [S::Income, S::OperatingCosts, S::Depreciation];
    let all = [
        S::Income,
        S::OperatingCosts,
        S::Depreciation,
        S::FinancialIncome,
        S::FinancialCosts,
    ];
    let p = |v: Option<Money>| if prior.is_some() { v } else { None };
    let op = (total(cur, &operating)?, p(total(pri, &operating)?));
    let res = (total(cur, &all)?, p(total(pri, &all)?));
    Ok(vec![
        line(
            "Verksamhetens intäkter",
            cur.get(&S::Income).copied(),
            p(pri.get(&S::Income).copied()),
        ),
        line(
            "Verksamhetens kostnader",
            cur.get(&S::OperatingCosts).copied(),
            p(pri.get(&S::OperatingCosts).copied()),
        ),
        line(
            "Avskrivningar",
            cur.get(&S::Depreciation).copied(),
            p(pri.get(&S::Depreciation).copied()),
        ),
        sum_line("Verksamhetens resultat", op.0, op.1),
        line(
            "Finansiella intäkter",
            cur.get(&S::FinancialIncome).copied(),
            p(pri.get(&S::FinancialIncome).copied()),
        ),
        line(
            "Finansiella kostnader",
            cur.get(&S::FinancialCosts).copied(),
            p(pri.get(&S::FinancialCosts).copied()),
        ),
        sum_line("Resultat efter finansiella poster", res.0, res.1),
        sum_line("Periodens resultat", res.0, res.1),
    ])
}

fn balance_sheet(
    cur: &BTreeMap<BalanceRow, Money>,
    prior: Option<&BTreeMap<BalanceRow, Money>>,
) -> Result<(Vec<StatementLine>, Money), Overflow> {
    use BalanceRow as B;
    // Liabilities and equity are credit balances: shown with their sign turned.
    let credit = [
        B::Equity,
        B::Provisions,
        B::LongTermLiabilities,
        B::ShortTermLiabilities,
    ];
    let shown = |rows: &BTreeMap<BalanceRow, Money>| -> BTreeMap<BalanceRow, Money> {
        rows.iter()
            .map(|(k, v)| (*k, if credit.contains(k) { -*v } else { *v }))
            .collect()
    };
    let c = shown(cur);
    let p = prior.map(shown);
    let get =
        |rows: Option<&BTreeMap<BalanceRow, Money>>, k: B| rows.and_then(|r| r.get(&k).copied());
    let both = |k: B| (get(Some(&c), k), get(p.as_ref(), k));
    let current_assets = [B::Inventory, B::Receivables, B::ShortInvestments, B::Cash];
    let assets = [
        B::FixedAssets,
        B::Inventory,
        B::Receivables,
        B::ShortInvestments,
        B::Cash,
    ];
    let sums = |keys: &[B]| -> Result<(Option<Money>, Option<Money>), Overflow> {
        Ok((
            Some(total(&c, keys)?.unwrap_or_default()),
            match &p {
                Some(p) => Some(total(p, keys)?.unwrap_or_default()),
                None => None,
            },
        ))
    };
    let ca = sums(&current_assets)?;
    let ta = sums(&assets)?;
    let el = sums(&credit)?;
    let row = |label, k| {
        let (a, b) = both(k);
        line(label, a, b)
    };
    let lines = vec![
        heading("Tillgångar"),
        row("Anläggningstillgångar", B::FixedAssets),
        heading("Omsättningstillgångar"),
        row("Förråd", B::Inventory),
        row("Fordringar", B::Receivables),
        row("Kortfristiga placeringar", B::ShortInvestments),
        row("Kassa och bank", B::Cash),
        sum_line("Summa omsättningstillgångar", ca.0, ca.1),
        sum_line("Summa tillgångar", ta.0, ta.1),
        heading("Eget kapital och skulder"),
        row("Eget kapital", B::Equity),
        row("Avsättningar", B::Provisions),
        row("Långfristiga skulder", B::LongTermLiabilities),
        row("Kortfristiga skulder", B::ShortTermLiabilities),
        sum_line("Summa eget kapital och skulder", el.0, el.1),
    ];
    let difference =
        ta.0.unwrap_or_default()
            .checked_sub(el.0.unwrap_or_default())?;
    Ok((lines, difference))
}

/// A budget row's identity: its category and, when mapped to one, its budget line.
type Key = (Category, Option<String>);

fn key_id(k: &Key) -> String {
    format!("{}:{}", k.0.word(), k.1.as_deref().unwrap_or(""))
}

fn key_label(k: &Key) -> String {
    match &k.1 {
        Some(l) => l.clone(),
        None => format!("{} (konton utan budgetrad)", category_label(k.0)),
    }
}

/// The category's heading in the tables.
pub fn category_label(c: Category) -> &'static str {
    match c {
        Category::MemberContribution => "Medlemsbidrag",
        Category::OtherIncome => "Övriga intäkter",
        Category::FinancialIncome => "Finansiella intäkter",
        Category::Insats => "Insatser",
        Category::Structural => "Strukturövergripande insatser",
        Category::Administration => "Administration",
        Category::BoardAndAudit => "Styrelse och revision",
        Category::OtherCost => "Övriga kostnader",
        Category::FinancialCost => "Finansiella kostnader",
    }
}

/// Per key, in display sign (costs positive): the period's actual and budget, the year's actual
/// to the period's end, the budget for the rest of the year and for the whole year.
#[derive(Default)]
struct Cell {
    accounts: Vec<String>,
    actual: Money,
    budget: Money,
    actual_to_date: Money,
    remaining_budget: Money,
    year_budget: Money,
}

/// The budget table's summary, its lines, and the administration share.
type Tables = (Vec<BudgetRow>, Vec<BudgetRow>, Option<Fraction>);

/// The groups of the seed's prognosis table.
#[derive(Clone, Copy)]
enum Group {
    Income,
    Contributions,
    OtherIncome,
    Costs,
    Insatser,
    Structural,
    Administration,
    OtherCosts,
}

const GROUPS: [(&str, &str, Group); 8] = [
    ("intakter", "Rörelsens intäkter", Group::Income),
    ("medlemsbidrag", "Varav medlemsbidrag", Group::Contributions),
    (
        "ovriga-intakter",
        "Varav övriga intäkter",
        Group::OtherIncome,
    ),
    ("kostnader", "Rörelsens kostnader", Group::Costs),
    ("insatser", "Varav insatser", Group::Insatser),
    (
        "strukturell",
        "Varav strukturövergripande insatser",
        Group::Structural,
    ),
    (
        "administration",
        "Varav administrativa kostnader",
        Group::Administration,
    ),
    (
        "ovriga-kostnader",
        "Varav övriga kostnader",
        Group::OtherCosts,
    ),
];

impl Group {
    fn is_cost(self) -> bool {
        !matches!(
            self,
            Group::Income | Group::Contributions | Group::OtherIncome
        )
    }

    fn includes(self, c: Category, admin: &[Category]) -> bool {
        match self {
            Group::Income => c.is_income(),
            Group::Contributions => c == Category::MemberContribution,
            Group::OtherIncome => c.is_income() && c != Category::MemberContribution,
            Group::Costs => !c.is_income(),
            Group::Insatser => c == Category::Insats,
            Group::Structural => c == Category::Structural,
            Group::Administration => admin.contains(&c),
            Group::OtherCosts => {
                !c.is_income()
                    && c != Category::Insats
                    && c != Category::Structural
                    && !admin.contains(&c)
            }
        }
    }
}

struct BudgetTable {
    cells: BTreeMap<Key, Cell>,
}

impl BudgetTable {
    fn build(
        input: &Input<'_>,
        sums: &Sums,
        source: BudgetSource,
        notes: &mut Vec<Finding>,
    ) -> Result<BudgetTable, Overflow> {
        let period = input.period;
        let year = YearIndex::Current;
        let mut cells: BTreeMap<Key, Cell> = BTreeMap::new();
        let mut unmapped: Vec<(String, Money)> = Vec::new();
        for account in sums.accounts(year) {
            if !matches!(
                input.mapping.chart.classify(&account),
                Class::Result(_) | Class::Closing | Class::Unknown
            ) {
                continue;
            }
            let to_date = sums.sum(year, EntryKind::Movement, &account, |m| m <= period.last)?;
            let Some(target) = input.mapping.target(&account) else {
                if !to_date.is_zero() {
                    unmapped.push((account, to_date));
                }
                continue;
            };
            // Display sign: income positive (credit), costs positive (debit).
            let flip = |m: Money| if target.category.is_income() { -m } else { m };
            let cell = cells
                .entry((target.category, target.line.clone()))
                .or_default();
            cell.accounts.push(account.clone());
            add(
                &mut cell.actual,
                flip(sums.sum(year, EntryKind::Movement, &account, |m| period.contains(m))?),
            )?;
            add(&mut cell.actual_to_date, flip(to_date))?;
            if source == BudgetSource::Sie {
                add(
                    &mut cell.budget,
                    flip(sums.sum(year, EntryKind::Budget, &account, |m| period.contains(m))?),
                )?;
                add(
                    &mut cell.remaining_budget,
                    flip(sums.sum(year, EntryKind::Budget, &account, |m| m > period.last)?),
                )?;
                add(
                    &mut cell.year_budget,
                    flip(sums.sum(year, EntryKind::Budget, &account, |_| true)?),
                )?;
            }
        }
        if source == BudgetSource::Plan
            && let Some(plan) = input.plan
        {
            Self::plan_budget(plan, input, &mut cells)?;
        }
        for (account, amount) in unmapped {
            let name = input
                .ledger
                .accounts
                .get(&account)
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            notes.push(Finding::at(
                FindingKind::UnmappedAccount,
                Severity::Warning,
                Place::Row(format!("konto:{account}")),
                format!(
                    "Konto {account}{name} har {} kr under året men hör inte till någon budgetrad \
                     eller kategori. Lägg till en regel i kontokopplingen så att beloppet kommer \
                     med i uppföljningen.",
                    crate::format::kr(amount)
                ),
            ));
        }
        Ok(BudgetTable { cells })
    }

    /// The plan's year amount per line, spread evenly over the months (rounded half away from
    /// zero to whole kronor for the period; the rest of the year is the year amount minus what
    /// the months so far were given, so that nothing is lost to rounding).
    fn plan_budget(
        plan: &Plan,
        input: &Input<'_>,
        cells: &mut BTreeMap<Key, Cell>,
    ) -> Result<(), Overflow> {
        let year = input.ledger.year.start.year();
        let Ok(figures) = crate::calc::compute(plan) else {
            return Ok(());
        };
        let Some(yi) = figures.years.iter().position(|y| *y == year) else {
            return Ok(());
        };
        let months = i128::try_from(input.ledger.year.months().len())
            .unwrap_or(12)
            .max(1);
        let period = input.period;
        let before = i128::try_from(
            input
                .ledger
                .year
                .months()
                .iter()
                .filter(|m| **m < period.first)
                .count(),
        )
        .unwrap_or(0);
        let through = before + i128::try_from(period.len()).unwrap_or(0);
        for (section, sf) in plan.budget.sections.iter().zip(&figures.sections) {
            for (line, amounts) in section.lines.iter().zip(&sf.lines) {
                let annual = amounts.get(yi).copied().unwrap_or_default();
                let annual = if line.category.is_income() {
                    annual
                } else {
                    -annual
                };
                let to_before = annual.mul_ratio(before, months, Rounding::Krona)?;
                let to_end = annual.mul_ratio(through, months, Rounding::Krona)?;
                let cell = cells
                    .entry((line.category, Some(line.name.clone())))
                    .or_default();
                add(&mut cell.budget, to_end.checked_sub(to_before)?)?;
                add(&mut cell.remaining_budget, annual.checked_sub(to_end)?)?;
                add(&mut cell.year_budget, annual)?;
            }
        }
        Ok(())
    }

    fn row(
        key: String,
        label: String,
        level: u8,
        is_cost: bool,
        actual: Money,
        budget: Money,
    ) -> Result<BudgetRow, Overflow> {
        let deviation = if is_cost {
            budget.checked_sub(actual)?
        } else {
            actual.checked_sub(budget)?
        };
        let deviation_share = if budget.is_zero() {
            None
        } else {
            Fraction::new(
                i128::from(deviation.ore()).abs(),
                i128::from(budget.ore()).abs(),
            )
        };
        Ok(BudgetRow {
            key,
            label,
            level,
            is_cost,
            actual,
            budget,
            deviation,
            deviation_share,
            accounts: Vec::new(),
        })
    }

    fn sum_of(&self, pred: impl Fn(Category) -> bool) -> Result<(Money, Money), Overflow> {
        let mut a = Money::ZERO;
        let mut b = Money::ZERO;
        for ((c, _), cell) in &self.cells {
            if pred(*c) {
                add(&mut a, cell.actual)?;
                add(&mut b, cell.budget)?;
            }
        }
        Ok((a, b))
    }

    fn rows(&self, input: &Input<'_>) -> Result<Tables, Overflow> {
        let admin = administration_categories(input);
        let is_admin = |c: Category| admin.contains(&c);
        let mut summary = Vec::new();
        for (key, label, group) in GROUPS {
            let (a, b) = self.sum_of(|c| group.includes(c, &admin))?;
            let level = u8::from(label.starts_with("Varav"));
            if level == 1 && a.is_zero() && b.is_zero() {
                continue;
            }
            summary.push(Self::row(
                key.to_owned(),
                label.to_owned(),
                level,
                group.is_cost(),
                a,
                b,
            )?);
        }
        let (admin_actual, _) = self.sum_of(is_admin)?;
        let (cost_actual, _) = self.sum_of(|c| !c.is_income())?;
        let administration_share = if cost_actual.is_positive() {
            Fraction::new(
                i128::from(admin_actual.ore()),
                i128::from(cost_actual.ore()),
            )
        } else {
            None
        };
        let mut lines = Vec::new();
        for (category, _) in Category::ALL {
            let members: Vec<(&Key, &Cell)> = self
                .cells
                .iter()
                .filter(|((c, _), _)| *c == category)
                .collect();
            if members.is_empty() {
                continue;
            }
            let (a, b) = self.sum_of(|c| c == category)?;
            let is_cost = !category.is_income();
            lines.push(Self::row(
                category.word().to_owned(),
                category_label(category).to_owned(),
                0,
                is_cost,
                a,
                b,
            )?);
            for (k, cell) in members {
                let mut row = Self::row(
                    key_id(k),
                    key_label(k),
                    1,
                    is_cost,
                    cell.actual,
                    cell.budget,
                )?;
                row.accounts.clone_from(&cell.accounts);
                lines.push(row);
            }
        }
        Ok((summary, lines, administration_share))
    }

    fn forecast(&self, input: &Input<'_>, sums: &Sums) -> Result<Forecast, Overflow> {
        let mut rows = Vec::new();
        let mut income = Money::ZERO;
        let mut costs = Money::ZERO;
        let mut contributions = Money::ZERO;
        for (k, cell) in &self.cells {
            let id = key_id(k);
            let computed = cell.actual_to_date.checked_add(cell.remaining_budget)?;
            let adjusted = input.adjustments.get(&id).copied();
            let forecast = adjusted.unwrap_or(computed);
            let is_cost = !k.0.is_income();
            if is_cost {
                add(&mut costs, forecast)?;
            } else {
                add(&mut income, forecast)?;
            }
            if k.0 == Category::MemberContribution {
                add(&mut contributions, forecast)?;
            }
            rows.push(ForecastRow {
                key: id,
                label: key_label(k),
                is_cost,
                actual_to_date: cell.actual_to_date,
                remaining_budget: cell.remaining_budget,
                year_budget: cell.year_budget,
                computed,
                adjusted,
                forecast,
            });
        }
        let mut opening_equity = Money::ZERO;
        for ((year, account), v) in &sums.opening {
            if *year == YearIndex::Current
                && input.mapping.chart.classify(account) == Class::Balance(BalanceRow::Equity)
            {
                add(&mut opening_equity, -*v)?;
            }
        }
        let result = income.checked_sub(costs)?;
        let rules = input.plan.map(|p| p.rules.clone()).unwrap_or_default();
        let share = rules.equity_recommendation;
        let recommended_max =
            contributions.mul_ratio(i128::from(share.hundredths()), 10_000, Rounding::Krona)?;
        Ok(Forecast {
            rows,
            income,
            costs,
            result,
            opening_equity,
            closing_equity: opening_equity.checked_add(result)?,
            recommended_max,
            band: rules.equity_band,
        })
    }
}

/// The categories the administration share counts: the plan's administration categories and,
/// as SOFINT's interim report does, the financial costs (bank charges).
fn administration_categories(input: &Input<'_>) -> Vec<Category> {
    let mut cats = input
        .plan
        .map(|p| p.rules.administration_categories.clone())
        .unwrap_or_else(|| crate::plan::Rules::DEFAULT_ADMINISTRATION.to_vec());
    cats.push(Category::FinancialCost);
    cats
}

fn forecast_notes(f: &Forecast, notes: &mut Vec<Finding>) {
    use crate::format::kr;
    if f.closing_equity > f.recommended_max && f.recommended_max.is_positive() {
        notes.push(Finding::at(
            FindingKind::EquityAboveRecommendation,
            Severity::Warning,
            Place::Whole,
            format!(
                "Prognosen ger ett eget kapital vid årets slut på {} kr, över rekommendationens {} kr.",
                kr(f.closing_equity),
                kr(f.recommended_max)
            )
        ));
    }
    if let Some(b) = f.band
        && (f.closing_equity < b.min || f.closing_equity > b.max)
    {
        notes.push(Finding::at(
            FindingKind::EquityOutsideBand,
            Severity::Warning,
            Place::Whole,
            format!(
                "Prognosen ger ett eget kapital vid årets slut på {} kr, utanför förbundets \
                 intervall {} – {} kr.",
                kr(f.closing_equity),
                kr(b.min),
                kr(b.max)
            ),
        ));
    }
}
