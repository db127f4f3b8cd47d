//! Per account and year: opening and closing balance, result, and the movements per month,
//! from the vouchers or, in files without vouchers, from `#PSALDO`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::amount::Amount;
use crate::model::{SieFile, YearMonth};

/// Where an account's movements were taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Source {
    /// The `#TRANS` rows of the vouchers dated within the year.
    Vouchers,
    /// `#PSALDO` rows without objects: the change of each month.
    PeriodBalances,
    /// The file has neither for the year.
    None,
}

/// What the file says of one account in one fiscal year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AccountTotals {
    /// `#IB`.
    pub opening: Option<Amount>,
    /// `#UB`.
    pub closing: Option<Amount>,
    /// `#RES`.
    pub result: Option<Amount>,
    /// The change in the year, per month.
    pub months: BTreeMap<YearMonth, Amount>,
    /// `#PBUDGET` rows without objects, per month.
    pub budget: BTreeMap<YearMonth, Amount>,
}

impl AccountTotals {
    /// The change over the whole year.
    pub fn movement(&self) -> Amount {
        self.months
            .values()
            .fold(Amount::ZERO, |s, a| s.saturating_add(*a))
    }
}

/// The totals of every account for fiscal year `year` (0 = current, −1 = the one before), and
/// where the movements came from. Vouchers are used when the file has any dated within the year.
pub fn totals(file: &SieFile, year: i32) -> (BTreeMap<String, AccountTotals>, Source) {
    let mut acc = Accumulator::default();
    for v in &file.vouchers {
        acc.add(v);
    }
    totals_with(file, year, &acc)
}

/// Like [`totals`], with the vouchers already summed (for a file read with
/// [`crate::read_streaming`], whose vouchers were not kept).
pub fn totals_with(
    file: &SieFile,
    year: i32,
    acc: &Accumulator,
) -> (BTreeMap<String, AccountTotals>, Source) {
    let mut out: BTreeMap<String, AccountTotals> = BTreeMap::new();
    for b in &file.opening {
        if b.year == year {
            out.entry(b.account.clone()).or_default().opening = Some(b.amount);
        }
    }
    for b in &file.closing {
        if b.year == year {
            out.entry(b.account.clone()).or_default().closing = Some(b.amount);
        }
    }
    for b in &file.results {
        if b.year == year {
            out.entry(b.account.clone()).or_default().result = Some(b.amount);
        }
    }
    for p in &file.period_budgets {
        if p.year == year && p.objects.is_empty() {
            let e = out.entry(p.account.clone()).or_default();
            let m = e.budget.entry(p.period).or_default();
            *m = m.saturating_add(p.amount);
        }
    }
    let mut source = acc.merge_into(file, year, &mut out);
    if source == Source::None {
        for p in &file.period_balances {
            if p.year == year && p.objects.is_empty() {
                source = Source::PeriodBalances;
                let e = out.entry(p.account.clone()).or_default();
                let m = e.months.entry(p.period).or_default();
                *m = m.saturating_add(p.amount);
            }
        }
    }
    (out, source)
}

/// Voucher rows summed per account and month as they are read (see [`crate::read_streaming`]):
/// the same sums [`totals`] makes from a file's vouchers, without keeping them.
#[derive(Debug, Default, Clone)]
pub struct Accumulator {
    months: std::collections::HashMap<String, BTreeMap<YearMonth, Amount>>,
    /// The vouchers' dates, per month, to tell which years they fall in.
    dated: std::collections::BTreeSet<crate::model::Date>,
}

impl Accumulator {
    /// Adds a voucher's counting rows.
    pub fn add(&mut self, v: &crate::model::Voucher) {
        self.dated.insert(v.date);
        let month = YearMonth::of(v.date);
        for r in v.rows.iter().filter(|r| r.counts()) {
            // Look up before inserting: a copy of the account per row would dominate.
            let e = match self.months.get_mut(r.account.as_str()) {
                Some(e) => e,
                None => self.months.entry(r.account.clone()).or_default(),
            };
            let m = e.entry(month).or_default();
            *m = m.saturating_add(r.amount);
        }
    }

    /// The movements of fiscal year `year` added to `out`, and where they came from. Vouchers
    /// count when the file has any dated within the year (without `#RAR`, only in year 0).
    pub fn merge_into(
        &self,
        file: &SieFile,
        year: i32,
        out: &mut BTreeMap<String, AccountTotals>,
    ) -> Source {
        let span = file.year(year).map(|y| (y.start, y.end));
        if span.is_none() && year != 0 {
            return Source::None;
        }
        let in_year = |d: &crate::model::Date| span.is_none_or(|(s, e)| s <= *d && *d <= e);
        if !self.dated.iter().any(in_year) {
            return Source::None;
        }
        let (first, last) = match span {
            Some((s, e)) => (YearMonth::of(s), YearMonth::of(e)),
            None => (
                YearMonth {
                    year: i32::MIN,
                    month: 1,
                },
                YearMonth {
                    year: i32::MAX,
                    month: 12,
                },
            ),
        };
        for (account, months) in &self.months {
            for (m, a) in months.range(first..=last) {
                let e = match out.get_mut(account.as_str()) {
                    Some(e) => e,
                    None => out.entry(account.clone()).or_default(),
                };
                let slot = e.months.entry(*m).or_default();
                *slot = slot.saturating_add(*a);
            }
        }
        Source::Vouchers
    }
}

/// An account whose balances and movements disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    pub account: String,
    /// What the file states: `#UB`, or `#RES` for a result account.
    pub stated: Amount,
    /// What the opening balance and the movements give.
    pub computed: Amount,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "konto {}: filen anger {} men ingående balans och rörelser ger {}",
            self.account, self.stated, self.computed
        )
    }
}

/// For fiscal year `year`: per account, opening balance + movements = closing balance, and
/// movements = result for result accounts. Empty when the file has no movements to check with.
///
/// Balance accounts are checked only when the file gives opening balances for the year. With
/// `#PSALDO` as the source, only accounts whose period rows all lack objects are checked: how
/// programs split an account over objects differs (some write disjoint parts, some a total and
/// its parts), so a sum over object rows proves nothing.
pub fn reconcile(file: &SieFile, year: i32) -> Vec<Mismatch> {
    let mut acc = Accumulator::default();
    for v in &file.vouchers {
        acc.add(v);
    }
    reconcile_with(file, year, &acc)
}

/// Like [`reconcile`], with the vouchers already summed.
pub fn reconcile_with(file: &SieFile, year: i32, acc: &Accumulator) -> Vec<Mismatch> {
    let (accounts, source) = totals_with(file, year, acc);
    if source == Source::None {
        return Vec::new();
    }
    let has_opening = file.opening.iter().any(|b| b.year == year);
    let checkable = |account: &str| match source {
        Source::Vouchers => true,
        Source::PeriodBalances => {
            let mut rows = file
                .period_balances
                .iter()
                .filter(|p| p.year == year && p.account == account)
                .peekable();
            rows.peek().is_some() && rows.all(|p| p.objects.is_empty())
        }
        Source::None => false,
    };
    let mut out = Vec::new();
    for (account, t) in &accounts {
        if !checkable(account) {
            continue;
        }
        let movement = t.movement();
        let (stated, computed) = match (t.closing, t.result) {
            (Some(closing), _) if has_opening => (
                closing,
                t.opening.unwrap_or_default().saturating_add(movement),
            ),
            (None, Some(result)) => (result, movement),
            _ => continue,
        };
        if stated != computed {
            out.push(Mismatch {
                account: account.clone(),
                stated,
                computed,
            });
        }
    }
    out
}
