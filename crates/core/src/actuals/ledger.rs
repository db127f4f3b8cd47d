//! What Finsam keeps of an SIE file: one fiscal year's opening balances, movements per account and
//! month, the bookkeeping program's budget, the same for the year before, and every voucher row.

use std::collections::BTreeMap;

use finsam_sie::{Accumulator, SieFile, Source, Voucher};

use crate::budget::YearMonth;

use crate::money::Money;
use crate::plan::Date;

/// A fiscal year's first and last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: Date,
    pub end: Date,
}

impl Span {
    /// The months of the year in order (12 for a calendar year; up to 18 for a long first year).
    pub fn months(&self) -> Vec<YearMonth> {
        let mut out = Vec::new();
        let mut m = YearMonth::of(self.start);
        let last = YearMonth::of(self.end);
        while m <= last && out.len() < 24 {
            out.push(m);
            m = m.next();
        }
        out
    }
}

/// Which fiscal year an entry belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum YearIndex {
    /// The file's current year (`#RAR 0`).
    Current,
    /// The year before (`#RAR -1`).
    Prior,
}

impl YearIndex {
    /// The SIE year number: 0 or −1.
    pub fn sie(self) -> i32 {
        match self {
            YearIndex::Current => 0,
            YearIndex::Prior => -1,
        }
    }

    /// From the SIE year number.
    pub fn from_sie(n: i32) -> Option<YearIndex> {
        match n {
            0 => Some(YearIndex::Current),
            -1 => Some(YearIndex::Prior),
            _ => None,
        }
    }
}

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    /// The opening balance (`#IB`); it has no month.
    Opening,
    /// The change of one month, from the vouchers or `#PSALDO`.
    Movement,
    /// The bookkeeping program's budget for one month (`#PBUDGET`).
    Budget,
}

impl EntryKind {
    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Opening => "ib",
            EntryKind::Movement => "rorelse",
            EntryKind::Budget => "budget",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<EntryKind> {
        match code {
            "ib" => Some(EntryKind::Opening),
            "rorelse" => Some(EntryKind::Movement),
            "budget" => Some(EntryKind::Budget),
            _ => None,
        }
    }
}

/// One amount for one account: SIE's sign (debit positive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub year: YearIndex,
    pub kind: EntryKind,
    pub account: String,
    /// `None` for an opening balance.
    pub month: Option<YearMonth>,
    pub amount: Money,
}

/// One voucher row, kept so that a deviation can be traced to what was booked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Series and number: `A 12`.
    pub voucher: String,
    /// The voucher's date, which places the row in a fiscal year.
    pub voucher_date: Date,
    /// The row's own date when it has one, else the voucher's.
    pub date: Date,
    pub account: String,
    pub amount: Money,
    /// The row's text, or the voucher's when the row has none.
    pub text: String,
    /// The SIE objects the row is booked on (`#TRANS`'s object list), in [`objects_text`]'s
    /// form; empty when none.
    pub objects: String,
}

/// An object list as one text: each object as its dimension, a tab and its code, the objects
/// sorted and joined by newlines (`"1\t100\n6\tCOACH"`). The store keeps it as it is and sums
/// costs per distinct list.
pub fn objects_text<'a>(objects: impl IntoIterator<Item = (u32, &'a str)>) -> String {
    let mut parts: Vec<String> = objects
        .into_iter()
        .map(|(dimension, code)| format!("{dimension}\t{code}"))
        .collect();
    parts.sort();
    parts.dedup();
    parts.join("\n")
}

/// The objects of an [`objects_text`]: (dimension, code).
pub fn objects_of(text: &str) -> Vec<(u32, String)> {
    text.lines()
        .filter_map(|l| {
            let (d, code) = l.split_once('\t')?;
            Some((d.parse().ok()?, code.to_owned()))
        })
        .collect()
}

/// One fiscal year of bookkeeping, as imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    pub org_number: Option<String>,
    pub company_name: Option<String>,
    /// The program and version that wrote the file.
    pub program: Option<String>,
    /// The day the file was written (`#GEN`).
    pub generated: Option<Date>,
    pub year: Span,
    pub prior: Option<Span>,
    /// Account names.
    pub accounts: BTreeMap<String, String>,
    /// The file's objects (`#OBJEKT`) by (dimension, code), with their names.
    pub objects: BTreeMap<(u32, String), String>,
    pub entries: Vec<Entry>,
    pub rows: Vec<Row>,
    /// What the reader and the reconciliation noted, in Swedish, for the import's report.
    pub notes: Vec<String>,
}

/// A voucher's counting rows as ledger rows, moving its texts rather than copying them.
fn voucher_rows(v: Voucher, out: &mut Vec<Row>) {
    let name = if v.series.is_empty() {
        v.number
    } else {
        format!("{} {}", v.series, v.number)
    };
    for r in v.rows.into_iter().filter(|r| r.counts()) {
        out.push(Row {
            voucher: name.clone(),
            voucher_date: v.date,
            date: r.date.unwrap_or(v.date),
            objects: objects_text(r.objects.iter().map(|o| (o.dimension, o.object.as_str()))),
            account: r.account,
            amount: Money::from_ore(r.amount.0),
            text: if r.text.is_empty() {
                v.text.clone()
            } else {
                r.text
            },
        });
    }
}

/// Why bytes could not be read into a ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Not a readable SIE file: every error with its line.
    Rejected(finsam_sie::Rejected),
    /// Read, but not usable as a fiscal year.
    Ledger(LedgerError),
}

/// Why a file that was read cannot be used as a fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("filen anger inget räkenskapsår (#RAR 0); exportera den med räkenskapsåret angivet")]
    NoYear,
}

impl Ledger {
    /// The fiscal year of an SIE file that was read whole, with the year before where the file
    /// has it.
    pub fn from_sie(file: &SieFile) -> Result<Ledger, LedgerError> {
        let mut acc = Accumulator::default();
        let mut rows = Vec::new();
        for v in &file.vouchers {
            acc.add(v);
            voucher_rows(v.clone(), &mut rows);
        }
        Ledger::build(file, &acc, rows)
    }

    /// Reads an SIE file's bytes straight into a ledger: the vouchers are summed and turned into
    /// rows as they are read, so that a large file is held once, not three times.
    pub fn read_sie(
        bytes: &[u8],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Ledger, ReadError> {
        let mut acc = Accumulator::default();
        let mut rows = Vec::new();
        let file = finsam_sie::read_streaming(bytes, progress, &mut |v| {
            acc.add(&v);
            voucher_rows(v, &mut rows);
        })
        .map_err(ReadError::Rejected)?;
        Ledger::build(&file, &acc, rows).map_err(ReadError::Ledger)
    }

    fn build(file: &SieFile, acc: &Accumulator, mut rows: Vec<Row>) -> Result<Ledger, LedgerError> {
        let current = file.year(0).ok_or(LedgerError::NoYear)?;
        let year = Span {
            start: current.start,
            end: current.end,
        };
        let prior = file.year(-1).map(|y| Span {
            start: y.start,
            end: y.end,
        });
        let mut entries = Vec::new();
        let mut notes: Vec<String> = file.warnings.iter().map(ToString::to_string).collect();
        for index in [YearIndex::Current, YearIndex::Prior] {
            let (totals, source) = finsam_sie::totals_with(file, index.sie(), acc);
            if index == YearIndex::Current && source == Source::None {
                notes.push(
                    "filen har varken verifikationer eller periodsaldon för året; bara \
                     balanserna kan följas upp"
                        .to_owned(),
                );
            }
            for (account, t) in totals {
                if let Some(ib) = t.opening {
                    entries.push(Entry {
                        year: index,
                        kind: EntryKind::Opening,
                        account: account.clone(),
                        month: None,
                        amount: Money::from_ore(ib.0),
                    });
                }
                for (kind, months) in [
                    (EntryKind::Movement, &t.months),
                    (EntryKind::Budget, &t.budget),
                ] {
                    for (month, amount) in months {
                        entries.push(Entry {
                            year: index,
                            kind,
                            account: account.clone(),
                            month: Some((*month).into()),
                            amount: Money::from_ore(amount.0),
                        });
                    }
                }
            }
            for m in finsam_sie::reconcile_with(file, index.sie(), acc) {
                notes.push(format!("räkenskapsår {}: {m}", index.sie()));
            }
        }
        // Only the fiscal year's vouchers are kept (a voucher's date, not its rows', decides).
        rows.retain(|r| year.start <= r.voucher_date && r.voucher_date <= year.end);
        Ok(Ledger {
            org_number: file.org_number.clone(),
            company_name: file.company_name.clone(),
            program: file
                .program
                .as_ref()
                .map(|(n, v)| format!("{n} {v}").trim().to_owned()),
            generated: file.generated.as_ref().map(|(d, _)| *d),
            year,
            prior,
            accounts: file
                .accounts
                .iter()
                .map(|(no, a)| (no.clone(), a.name.clone()))
                .collect(),
            objects: file
                .objects
                .iter()
                .map(|(o, name)| ((o.dimension, o.object.clone()), name.clone()))
                .collect(),
            entries,
            rows,
            notes,
        })
    }

    /// The span of a fiscal year.
    pub fn span(&self, index: YearIndex) -> Option<Span> {
        match index {
            YearIndex::Current => Some(self.year),
            YearIndex::Prior => self.prior,
        }
    }

    /// The last month of the current year with anything booked: a follow-up of a later
    /// period would show months without bookkeeping as if they were real.
    pub fn last_booked_month(&self) -> Option<YearMonth> {
        self.entries
            .iter()
            .filter(|e| e.year == YearIndex::Current && e.kind == EntryKind::Movement)
            .filter(|e| !e.amount.is_zero())
            .filter_map(|e| e.month)
            .max()
    }

    /// The last day of the current year with bookkeeping: the latest voucher date in the year;
    /// for a file of balances without vouchers, the last day of the last month with movements.
    /// `None` when nothing is booked in the year.
    pub fn last_booked_day(&self) -> Option<Date> {
        let in_year = |d: Date| self.year.start <= d && d <= self.year.end;
        self.rows
            .iter()
            .map(|r| r.voucher_date)
            .filter(|d| in_year(*d))
            .max()
            .or_else(|| self.last_booked_month().map(super::period::month_end))
    }

    /// Whether the file carried the bookkeeping program's budget for the current year.
    pub fn has_budget(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.year == YearIndex::Current && e.kind == EntryKind::Budget)
    }
}

#[cfg(test)]
mod object_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// An object list reads back from its text, sorted and once each, whatever its codes.
        #[test]
        fn object_lists_read_back(list in proptest::collection::vec((0u32..20, "[A-Za-z0-9 åäö.-]{1,8}"), 0..5)) {
            let text = objects_text(list.iter().map(|(d, c)| (*d, c.as_str())));
            let mut want: Vec<(u32, String)> = list.clone();
            want.sort_by(|a, b| format!("{}\t{}", a.0, a.1).cmp(&format!("{}\t{}", b.0, b.1)));
            want.dedup();
            prop_assert_eq!(objects_of(&text), want);
        }
    }
}
