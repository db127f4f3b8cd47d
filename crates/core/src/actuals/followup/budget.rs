//! Budget against actual per group, category and line, in the seed's prognosis table's
//! layout, and the administration share.

use super::*;

/// A row of the budget table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "UtfallMotBudget")]
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
    /// Budget − actual for costs, actual − budget for income: positive is money left. `None`
    /// for a period without bookkeeping, whose actual is no result to compare.
    #[serde(rename = "avvikelse")]
    pub deviation: Option<Money>,
    /// The deviation over the budget's size, signed as the deviation (−3,8 %: 3,8 % over a
    /// cost budget), when there is a budget and a deviation.
    #[serde(
        rename = "avvikelse_hundradels_procent",
        serialize_with = "serial::basis_points"
    )]
    #[schemars(with = "Option<i64>")]
    pub deviation_share: Option<Fraction>,
    /// The accounts booked on a line (level 1), so that a deviation can be traced.
    #[serde(rename = "konton")]
    pub accounts: Vec<String>,
}

/// Where the period's budget came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[schemars(rename = "Budgetkalla")]
pub enum BudgetSource {
    /// The bookkeeping program's budget in the SIE file (`#PBUDGET`).
    #[serde(rename = "sie")]
    Sie,
    /// The adopted plan's year amounts, laid out over the months by each line's profile (a
    /// monthly line in the months it runs, other lines evenly).
    #[serde(rename = "plan")]
    Plan,
    /// Neither: the budget columns are zero.
    #[serde(rename = "ingen")]
    None,
}

impl BudgetSource {
    /// The word in web addresses and the API: `sie`, `plan`, `ingen`.
    pub fn word(self) -> &'static str {
        match self {
            BudgetSource::Sie => "sie",
            BudgetSource::Plan => "plan",
            BudgetSource::None => "ingen",
        }
    }

    /// From the word.
    pub fn from_word(word: &str) -> Option<BudgetSource> {
        [BudgetSource::Sie, BudgetSource::Plan, BudgetSource::None]
            .into_iter()
            .find(|b| b.word() == word.trim())
    }

    /// Its name where people choose it.
    pub fn name(self) -> &'static str {
        match self {
            BudgetSource::Sie => "Bokföringsprogrammets periodbudget (SIE)",
            BudgetSource::Plan => "Den antagna planens budget",
            BudgetSource::None => "Ingen budget",
        }
    }

    /// What the page says about it.
    pub fn describe(self) -> &'static str {
        match self {
            BudgetSource::Sie => "Budgeten är bokföringsprogrammets periodbudget ur SIE-filen.",
            BudgetSource::Plan => {
                "Budgeten är den antagna planens årsbelopp per månad: en månadsrad de månader den \
                 löper, andra rader jämnt över året."
            }
            BudgetSource::None => {
                "Det finns ingen budget för året: varken i SIE-filen eller en antagen plan."
            }
        }
    }
}

/// A budget row's identity: its category and, when mapped to one, its budget line.
pub(super) type Key = (Category, Option<String>);

pub(super) fn key_id(k: &Key) -> String {
    format!("{}:{}", k.0.word(), k.1.as_deref().unwrap_or(""))
}

pub(super) fn key_label(k: &Key) -> String {
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
pub(super) struct Cell {
    pub(super) accounts: Vec<String>,
    pub(super) actual: Money,
    pub(super) budget: Money,
    pub(super) actual_to_date: Money,
    pub(super) remaining_budget: Money,
    pub(super) year_budget: Money,
}

/// The budget table's summary, its lines, and the administration share.
pub(super) type Tables = (Vec<BudgetRow>, Vec<BudgetRow>, Option<Fraction>);

/// The groups of the seed's prognosis table.
#[derive(Clone, Copy)]
pub(super) enum Group {
    Income,
    Contributions,
    OtherIncome,
    Costs,
    Insatser,
    Structural,
    Administration,
    OtherCosts,
}

pub(super) const GROUPS: [(&str, &str, Group); 8] = [
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
    pub(super) fn is_cost(self) -> bool {
        !matches!(
            self,
            Group::Income | Group::Contributions | Group::OtherIncome
        )
    }

    pub(super) fn includes(self, c: Category, admin: &[Category]) -> bool {
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

/// One line of the adopted plan in the ledger's fiscal year: its year amount and the months it
/// is laid out over (`calc::month_profile`), costs positive. Made once per follow-up, for the
/// budget table and the cost curve.
pub(super) struct PlanMonths {
    pub(super) category: crate::budget::Category,
    pub(super) name: String,
    pub(super) annual: Money,
    pub(super) months: [Money; 12],
}

/// Every line of the plan in `year`, laid out by month; none when the plan does not cover the
/// year or cannot be computed.
pub(super) fn plan_months(plan: &Plan, year: i32) -> Result<Vec<PlanMonths>, Overflow> {
    let Ok(figures) = crate::calc::compute(plan) else {
        return Ok(Vec::new());
    };
    let Some(yi) = figures.years.iter().position(|y| *y == year) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (section, sf) in plan.budget.sections.iter().zip(&figures.sections) {
        for (line, amounts) in section.lines.iter().zip(&sf.lines) {
            let annual = amounts.get(yi).copied().unwrap_or_default();
            // Display sign: costs positive.
            let annual = if line.category.is_income() {
                annual
            } else {
                Money::ZERO.checked_sub(annual)?
            };
            out.push(PlanMonths {
                category: line.category,
                name: line.name.clone(),
                annual,
                months: crate::calc::month_profile(line, year, annual)?,
            });
        }
    }
    Ok(out)
}

pub(super) struct BudgetTable {
    pub(super) cells: BTreeMap<Key, Cell>,
}

impl BudgetTable {
    pub(super) fn build(
        input: &Input<'_>,
        sums: &Sums,
        (source, plan_months): (BudgetSource, &[PlanMonths]),
        coverage: Coverage,
        notes: &mut Vec<Finding>,
    ) -> Result<BudgetTable, Overflow> {
        let period = input.period;
        let year = YearIndex::Current;
        // The budget the period's actual is compared with: its months through the last booked
        // one; for a period without bookkeeping, the whole period's budget (shown, not compared).
        let compared = coverage.compared_through(&period);
        let in_budget = |m: YearMonth| period.contains(m) && compared.is_none_or(|c| m <= c);
        // The forecast counts actual through the last booked month (never past the period)
        // and budget after it: a month without bookkeeping is budget, not a zero result.
        let through = input.ledger.last_booked_month().map(|b| b.min(period.last));
        let to_date = |m: YearMonth| through.is_some_and(|t| m <= t);
        let mut cells: BTreeMap<Key, Cell> = BTreeMap::new();
        for account in sums.accounts(year) {
            if !matches!(
                input.mapping.chart.classify(&account),
                Class::Result(_) | Class::Closing | Class::Unknown
            ) {
                continue;
            }
            let to_date = sums.sum(year, EntryKind::Movement, &account, to_date)?;
            // An account without a place is reported below, from the one list.
            let Some(target) = input.mapping.target(&account) else {
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
                    flip(sums.sum(year, EntryKind::Budget, &account, in_budget)?),
                )?;
                add(
                    &mut cell.remaining_budget,
                    flip(sums.sum(year, EntryKind::Budget, &account, |m| {
                        through.is_none_or(|t| m > t)
                    })?),
                )?;
                add(
                    &mut cell.year_budget,
                    flip(sums.sum(year, EntryKind::Budget, &account, |_| true)?),
                )?;
            }
        }
        if source == BudgetSource::Plan {
            let year = input.ledger.year.start.year();
            Self::plan_budget(plan_months, year, (&in_budget, through), &mut cells)?;
        }
        for u in super::unmapped_in(sums, input.ledger, input.mapping)? {
            let (account, amount) = (u.account, u.amount);
            let name = u.name.map(|n| format!(" {n}")).unwrap_or_default();
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

    /// The plan's year amount per line, laid out over the months (see [`PlanMonths`]): the
    /// months `in_budget` takes are the period's budget, the months after `through` the rest of
    /// the year's.
    pub(super) fn plan_budget(
        plan_months: &[PlanMonths],
        year: i32,
        (in_budget, through): (&dyn Fn(YearMonth) -> bool, Option<YearMonth>),
        cells: &mut BTreeMap<Key, Cell>,
    ) -> Result<(), Overflow> {
        for line in plan_months {
            let cell = cells
                .entry((line.category, Some(line.name.clone())))
                .or_default();
            for (i, amount) in line.months.iter().enumerate() {
                let month = YearMonth {
                    year,
                    month: u8::try_from(i + 1).unwrap_or(12),
                };
                if in_budget(month) {
                    add(&mut cell.budget, *amount)?;
                }
                if through.is_none_or(|t| month > t) {
                    add(&mut cell.remaining_budget, *amount)?;
                }
            }
            add(&mut cell.year_budget, line.annual)?;
        }
        Ok(())
    }

    /// A row; `compared` is false for a period without bookkeeping, whose row has no
    /// deviation.
    pub(super) fn row(
        (key, label, level): (String, String, u8),
        is_cost: bool,
        (actual, budget): (Money, Money),
        compared: bool,
    ) -> Result<BudgetRow, Overflow> {
        let deviation = match (compared, is_cost) {
            (false, _) => None,
            (true, true) => Some(budget.checked_sub(actual)?),
            (true, false) => Some(actual.checked_sub(budget)?),
        };
        let deviation_share = match deviation {
            Some(d) if !budget.is_zero() => {
                Fraction::new(i128::from(d.ore()), i128::from(budget.ore()).abs())
            }
            _ => None,
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

    pub(super) fn sum_of(
        &self,
        pred: impl Fn(Category) -> bool,
    ) -> Result<(Money, Money), Overflow> {
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

    pub(super) fn rows(&self, input: &Input<'_>, coverage: Coverage) -> Result<Tables, Overflow> {
        let compared = coverage != Coverage::Unbooked;
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
                (key.to_owned(), label.to_owned(), level),
                group.is_cost(),
                (a, b),
                compared,
            )?);
        }
        let (admin_actual, _) = self.sum_of(is_admin)?;
        let (cost_actual, _) = self.sum_of(|c| !c.is_income())?;
        let administration_share = if compared && cost_actual.is_positive() {
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
                (
                    category.word().to_owned(),
                    category_label(category).to_owned(),
                    0,
                ),
                is_cost,
                (a, b),
                compared,
            )?);
            for (k, cell) in members {
                let mut row = Self::row(
                    (key_id(k), key_label(k), 1),
                    is_cost,
                    (cell.actual, cell.budget),
                    compared,
                )?;
                row.accounts.clone_from(&cell.accounts);
                lines.push(row);
            }
        }
        Ok((summary, lines, administration_share))
    }
}

/// The categories the administration share counts: the plan's administration categories and,
/// as SOFINT's interim report does, the financial costs (bank charges).
pub(super) fn administration_categories(input: &Input<'_>) -> Vec<Category> {
    let mut cats = input
        .plan
        .map(|p| p.rules.administration_categories.clone())
        .unwrap_or_else(|| crate::plan::Rules::DEFAULT_ADMINISTRATION.to_vec());
    cats.push(Category::FinancialCost);
    cats
}
