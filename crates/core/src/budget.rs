//! The multi-year budget: plan years, sections, lines and the ways a line's amounts are given.
//!
//! Amounts are signed as in a printed budget: income is positive and costs are negative, so a
//! section's sum and the result are plain sums of lines.

use std::collections::BTreeMap;
use std::fmt;

use crate::association::Payer;
use crate::fraction::Percent;
use crate::money::{Money, Rounding};

/// A calendar year, which is also the fiscal year.
pub type Year = i32;

/// What a line is, for the ratios: member contributions, insatser, administration …
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Medlemsbidrag: member contributions.
    MemberContribution,
    /// Other operating income, e.g. ESF project money (not a member contribution).
    OtherIncome,
    /// Financial income (interest).
    FinancialIncome,
    /// Insatser: funded interventions.
    Insats,
    /// Structural cooperation (strukturövergripande).
    Structural,
    /// Administration: the office, bought services, premises.
    Administration,
    /// Board and audit.
    BoardAndAudit,
    /// Other operating costs.
    OtherCost,
    /// Financial costs (bank charges, interest).
    FinancialCost,
}

impl Category {
    /// Every category with the word the plan file uses for it.
    pub const ALL: [(Category, &'static str); 9] = [
        (Category::MemberContribution, "medlemsbidrag"),
        (Category::OtherIncome, "övrig-intäkt"),
        (Category::FinancialIncome, "finansiell-intäkt"),
        (Category::Insats, "insats"),
        (Category::Structural, "strukturell"),
        (Category::Administration, "administration"),
        (Category::BoardAndAudit, "styrelse-revision"),
        (Category::OtherCost, "övrig-kostnad"),
        (Category::FinancialCost, "finansiell-kostnad"),
    ];

    /// The word used in plan files.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("", |(_, w)| w)
    }

    /// What people read: the category in words ("övrig intäkt"), never the plan file's word.
    pub fn label(self) -> &'static str {
        match self {
            Category::MemberContribution => "medlemsbidrag",
            Category::OtherIncome => "övrig intäkt",
            Category::FinancialIncome => "finansiell intäkt",
            Category::Insats => "insats",
            Category::Structural => "strukturövergripande insats",
            Category::Administration => "administration",
            Category::BoardAndAudit => "styrelse och revision",
            Category::OtherCost => "övrig kostnad",
            Category::FinancialCost => "finansiell kostnad",
        }
    }

    /// Reads the word used in plan files.
    pub fn from_word(word: &str) -> Option<Category> {
        Self::ALL.iter().find(|(_, w)| *w == word).map(|(c, _)| *c)
    }

    /// True for income categories (positive amounts).
    pub fn is_income(self) -> bool {
        matches!(
            self,
            Category::MemberContribution | Category::OtherIncome | Category::FinancialIncome
        )
    }

    /// True for financial items, which sit below the operating result.
    pub fn is_financial(self) -> bool {
        matches!(self, Category::FinancialIncome | Category::FinancialCost)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// A month of a year, as in `2024-03`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The year.
    pub year: Year,
    /// The month, 1–12.
    pub month: u8,
}

impl YearMonth {
    /// The month a date falls in.
    pub fn of(date: crate::plan::Date) -> YearMonth {
        finsam_sie::YearMonth::of(date).into()
    }

    /// The month after this one.
    pub fn next(self) -> YearMonth {
        finsam_sie::YearMonth {
            year: self.year,
            month: self.month,
        }
        .next()
        .into()
    }

    /// Reads `2024-03`.
    pub fn parse(text: &str) -> Option<YearMonth> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: Year = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }

    /// How many months of `year` lie in `from..=to` (`to` open-ended when `None`).
    pub fn months_in_year(from: YearMonth, to: Option<YearMonth>, year: Year) -> i64 {
        let first = if year < from.year {
            return 0;
        } else if year == from.year {
            from.month
        } else {
            1
        };
        let last = match to {
            Some(t) if year > t.year => return 0,
            Some(t) if year == t.year => t.month,
            _ => 12,
        };
        i64::from(last.saturating_sub(first)) + i64::from(last >= first)
    }
}

/// The SIE reader keeps its own month type (it stands on its own); the domain has this one.
impl From<finsam_sie::YearMonth> for YearMonth {
    fn from(m: finsam_sie::YearMonth) -> YearMonth {
        YearMonth {
            year: m.year,
            month: m.month,
        }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// How a line's yearly amounts are given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountSpec {
    /// The same amount every plan year.
    Fixed(Money),
    /// A written amount per year.
    PerYear(BTreeMap<Year, Money>),
    /// A monthly amount from a start month (to an end month), plus a fixed part each year the
    /// line runs: 37 800 + 12 600 × 10 = 163 800 for March–December.
    Monthly {
        /// The amount per month.
        per_month: Money,
        /// The first month.
        from: YearMonth,
        /// The last month, if the line ends.
        to: Option<YearMonth>,
        /// A fixed part added in every year the line runs.
        fixed_per_year: Money,
    },
    /// A base amount indexed by a yearly percentage and rounded, each year from the previous
    /// year's amount; a written override replaces a year and the index goes on from it.
    Indexed {
        /// The amount in the base year.
        base: Money,
        /// The base year; the first plan year when not given.
        base_year: Option<Year>,
        /// The yearly change.
        percent: Percent,
        /// How each year's amount is rounded.
        rounding: Rounding,
        /// Years whose amount is written instead of computed.
        overrides: BTreeMap<Year, Money>,
    },
    /// The payer's share of the year's total member contributions.
    Derived,
}

/// One budget line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The line's name as the document prints it.
    pub name: String,
    /// What the line is, for the ratios.
    pub category: Category,
    /// Who pays (member contributions).
    pub payer: Option<Payer>,
    /// How the amounts are given.
    pub amount: AmountSpec,
    /// A remark, shown beside the line.
    pub note: Option<String>,
    /// Whether the cost is already committed (a granted insats, the office) and so not free
    /// for new decisions; `None` follows the category (administration is committed).
    pub committed: Option<bool>,
}

/// A section of the budget (Intäkter, Insatser, Tjänster …) with the sums a document prints.
///
/// Sections nest: "Samverkansinsatser" holds "Insatser" and "Övriga insatser", each with its
/// own printed sum, and its own sum is the sum of its lines and its subsections. The budget
/// keeps them in one list in document order (a section, its own lines, then its subsections),
/// each subsection naming its parent, so that a line is always found by (section, line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// The section's heading.
    pub name: String,
    /// Its lines.
    pub lines: Vec<Line>,
    /// The section sum as written in the document, per year, to be checked.
    pub printed_sum: BTreeMap<Year, Money>,
    /// The section this is a subsection of, by index; always an earlier section.
    pub parent: Option<usize>,
}

/// The most levels sections nest: a section, its subsections and theirs. Printed budgets of
/// förbund use two ("Samverkansinsatser" over "Insatser"); a fourth level is more likely a
/// mistake in the file than a document's layout.
pub const MAX_SECTION_DEPTH: usize = 3;

/// The totals a document prints below the sections, to be checked against the computed ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Total {
    /// Summa intäkter (operating income).
    Income,
    /// Summa kostnader (operating costs, negative).
    Costs,
    /// Rörelseresultat.
    OperatingResult,
    /// Finansnetto.
    FinancialNet,
    /// Resultat.
    Result,
    /// Eget kapital IB.
    EquityOpening,
    /// Eget kapital UB.
    EquityClosing,
}

impl Total {
    /// Every total with the key the plan file uses for it.
    pub const ALL: [(Total, &'static str); 7] = [
        (Total::Income, "income"),
        (Total::Costs, "costs"),
        (Total::OperatingResult, "operating_result"),
        (Total::FinancialNet, "financial_net"),
        (Total::Result, "result"),
        (Total::EquityOpening, "equity_opening"),
        (Total::EquityClosing, "equity_closing"),
    ];

    /// The key used in plan files.
    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(t, _)| *t == self)
            .map_or("", |(_, k)| k)
    }

    /// How documents name the total.
    pub fn label(self) -> &'static str {
        match self {
            Total::Income => "Summa intäkter",
            Total::Costs => "Summa kostnader",
            Total::OperatingResult => "Rörelseresultat",
            Total::FinancialNet => "Finansnetto",
            Total::Result => "Resultat",
            Total::EquityOpening => "Eget kapital IB",
            Total::EquityClosing => "Eget kapital UB",
        }
    }
}

/// The multi-year budget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Budget {
    /// The unit the document writes its amounts in, and the plan is shown in by default.
    pub unit: crate::format::Unit,
    /// The budget year and the plan years, in order.
    pub years: Vec<Year>,
    /// Equity at the start of the first year.
    pub opening_equity: Money,
    /// Its parts, when the plan states them: before the year is closed, the opening equity is
    /// the equity at the end of the last closed year plus the current year's forecast result.
    pub opening_parts: Option<OpeningParts>,
    /// The state's allocation per year, when the document states it: the state pays half of
    /// all member contributions, so the budgeted contributions should be twice this.
    pub state_allocation: BTreeMap<Year, Money>,
    /// Total member contributions per year, for derived lines and the split check.
    pub contributions: BTreeMap<Year, Money>,
    /// The sections, in document order.
    pub sections: Vec<Section>,
    /// Totals as written in the document, to be checked.
    pub printed: BTreeMap<Total, BTreeMap<Year, Money>>,
    /// "Eget kapital i procent av medlemsbidragen" as the document prints it, per year.
    pub printed_equity_ratio: BTreeMap<Year, Percent>,
    /// True when the plan has been edited since it was read from its document: the printed
    /// sums then describe a text that no longer exists and are not checked as errors.
    pub printed_outdated: bool,
}

/// The two parts of an opening equity that is not yet closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpeningParts {
    /// Equity at the end of the last closed year (from its annual report).
    pub closed: Money,
    /// The forecast result of the current year, the year before the budget year.
    pub forecast: Money,
}

impl Budget {
    /// The sections directly under `parent` (`None`: the top level), in document order.
    pub fn children(&self, parent: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        (0..self.sections.len()).filter(move |&i| self.sections[i].parent == parent)
    }

    /// How deep a section sits: 1 at the top level.
    pub fn depth(&self, si: usize) -> usize {
        let mut depth = 1;
        let mut cur = self.sections.get(si).and_then(|s| s.parent);
        while let Some(p) = cur.filter(|&p| depth <= self.sections.len() && p < si) {
            depth += 1;
            cur = self.sections[p].parent;
        }
        depth
    }

    /// True when section `si` is `ancestor` or lies (at any depth) inside it.
    pub fn is_within(&self, si: usize, ancestor: usize) -> bool {
        let mut cur = Some(si);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            steps += 1;
            if steps > self.sections.len() {
                return false;
            }
            cur = self
                .sections
                .get(c)
                .and_then(|s| s.parent)
                .filter(|&p| p < c);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(s: &str) -> YearMonth {
        YearMonth::parse(s).expect(s)
    }

    #[test]
    fn counts_months_per_year() {
        // Välfärdsguiden from March 2024: ten months in 2024.
        assert_eq!(YearMonth::months_in_year(ym("2024-03"), None, 2024), 10);
        assert_eq!(YearMonth::months_in_year(ym("2024-03"), None, 2025), 12);
        assert_eq!(YearMonth::months_in_year(ym("2024-03"), None, 2023), 0);
        // A project 2024-02-01..2027-01-31: 11 + 12 + 12 + 1 months.
        let months: Vec<i64> = (2024..=2027)
            .map(|y| YearMonth::months_in_year(ym("2024-02"), Some(ym("2027-01")), y))
            .collect();
        assert_eq!(months, vec![11, 12, 12, 1]);
        assert_eq!(
            YearMonth::months_in_year(ym("2024-05"), Some(ym("2024-04")), 2024),
            0
        );
    }

    #[test]
    fn reads_year_months() {
        assert_eq!(YearMonth::parse("2024-13"), None);
        assert_eq!(YearMonth::parse("2024-3"), None);
        assert_eq!(YearMonth::parse("24-03"), None);
        assert_eq!(ym("2024-12").to_string(), "2024-12");
    }

    #[test]
    fn categories_know_their_side() {
        for (c, w) in Category::ALL {
            assert_eq!(Category::from_word(w), Some(c));
        }
        assert!(Category::OtherIncome.is_income());
        assert!(!Category::Structural.is_income());
        assert!(Category::FinancialCost.is_financial());
    }
}
