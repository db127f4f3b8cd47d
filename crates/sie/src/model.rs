//! What an SIE file says, record by record, in typed form.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::amount::Amount;
use crate::diag::Diagnostic;

/// A calendar date from the file (`YYYYMMDD`).
pub type Date = time::Date;

/// A year and month (`YYYYMM`), as in `#PSALDO` and `#PBUDGET`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct YearMonth {
    pub year: i32,
    /// 1–12.
    pub month: u8,
}

impl YearMonth {
    /// The month a date falls in.
    pub fn of(date: Date) -> YearMonth {
        YearMonth {
            year: date.year(),
            month: u8::from(date.month()),
        }
    }

    /// The month after this one.
    pub fn next(self) -> YearMonth {
        if self.month >= 12 {
            YearMonth {
                year: self.year.saturating_add(1),
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month.saturating_add(1),
            }
        }
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The text encoding the file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    /// IBM codepage 437, which the specification calls PC8.
    Cp437,
    /// UTF-8, which some programs write although the specification does not allow it.
    Utf8,
}

/// `#RAR`: a fiscal year, numbered 0 for the current year, −1 for the one before, and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FiscalYear {
    pub index: i32,
    pub start: Date,
    pub end: Date,
}

/// `#KTYP`: the kind of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AccountType {
    /// T: tillgång (asset).
    Asset,
    /// S: skuld (liability or equity).
    Liability,
    /// K: kostnad (cost).
    Cost,
    /// I: intäkt (income).
    Income,
}

impl AccountType {
    /// Whether the account belongs to the balance sheet.
    pub fn is_balance(self) -> bool {
        matches!(self, AccountType::Asset | AccountType::Liability)
    }
}

/// An account from `#KONTO` with what `#KTYP`, `#ENHET` and `#SRU` add to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Account {
    pub name: String,
    pub kind: Option<AccountType>,
    pub unit: Option<String>,
    pub sru: Vec<String>,
}

/// `#DIM` or `#UNDERDIM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dimension {
    pub name: String,
    /// The dimension this one is a sub-dimension of (`#UNDERDIM`).
    pub parent: Option<u32>,
}

/// One object in an object list: dimension number and object code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ObjectRef {
    pub dimension: u32,
    pub object: String,
}

/// A balance record: `#IB`, `#UB`, `#RES` (without object) or `#OIB`, `#OUB` (with one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Balance {
    pub line: u32,
    pub year: i32,
    pub account: String,
    pub object: Option<ObjectRef>,
    pub amount: Amount,
    pub quantity: Option<String>,
}

/// `#PSALDO` or `#PBUDGET`: an amount for one account and month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodAmount {
    pub line: u32,
    pub year: i32,
    pub period: YearMonth,
    pub account: String,
    pub objects: Vec<ObjectRef>,
    pub amount: Amount,
    pub quantity: Option<String>,
}

/// Which record a voucher row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RowKind {
    /// `#TRANS`: a row that counts.
    Normal,
    /// `#RTRANS`: a row added after the voucher was registered. The specification has it
    /// followed by the same row as `#TRANS`, which is the one that counts.
    Added,
    /// `#BTRANS`: a row removed after registration; it does not count.
    Removed,
}

/// A voucher row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transaction {
    pub line: u32,
    pub kind: RowKind,
    pub account: String,
    pub objects: Vec<ObjectRef>,
    pub amount: Amount,
    pub date: Option<Date>,
    pub text: String,
    pub quantity: Option<String>,
    pub sign: Option<String>,
}

impl Transaction {
    /// Whether the row adds to the account's balance.
    pub fn counts(&self) -> bool {
        self.kind == RowKind::Normal
    }
}

/// `#VER` with its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Voucher {
    pub line: u32,
    pub series: String,
    pub number: String,
    pub date: Date,
    pub text: String,
    pub registered: Option<Date>,
    pub sign: Option<String>,
    pub rows: Vec<Transaction>,
}

impl Voucher {
    /// The sum of the rows that count; zero for a balanced voucher.
    pub fn imbalance(&self) -> Amount {
        self.rows
            .iter()
            .filter(|r| r.counts())
            .fold(Amount::ZERO, |s, r| s.saturating_add(r.amount))
    }
}

/// Everything read from one SIE file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SieFile {
    pub encoding: Encoding,
    /// `#FLAGGA`: 0 when not yet imported.
    pub flag: Option<u8>,
    /// `#PROGRAM`: name and version.
    pub program: Option<(String, String)>,
    /// `#FORMAT` as written.
    pub format: Option<String>,
    /// `#GEN`: date and signature.
    pub generated: Option<(Date, Option<String>)>,
    /// `#SIETYP`: 1–4.
    pub sie_type: Option<u8>,
    pub prose: Option<String>,
    /// `#FTYP`: kind of company.
    pub company_type: Option<String>,
    /// `#FNR`: the company's code in the program.
    pub company_code: Option<String>,
    /// `#ORGNR` as written, with the optional acquisition and activity numbers dropped.
    pub org_number: Option<String>,
    /// `#FNAMN`.
    pub company_name: Option<String>,
    /// `#ADRESS`: contact, street, postal address, telephone.
    pub address: Option<[String; 4]>,
    /// `#OMFATTN`: the date balances are given for in a file that does not cover a whole year.
    pub extent: Option<Date>,
    pub tax_year: Option<i32>,
    pub currency: Option<String>,
    /// `#KPTYP`: the chart of accounts (BAS95, EUBAS97, …).
    pub chart_type: Option<String>,
    pub fiscal_years: Vec<FiscalYear>,
    pub accounts: BTreeMap<String, Account>,
    pub dimensions: BTreeMap<u32, Dimension>,
    pub objects: BTreeMap<ObjectRef, String>,
    pub opening: Vec<Balance>,
    pub closing: Vec<Balance>,
    pub object_opening: Vec<Balance>,
    pub object_closing: Vec<Balance>,
    pub results: Vec<Balance>,
    pub period_balances: Vec<PeriodAmount>,
    pub period_budgets: Vec<PeriodAmount>,
    pub vouchers: Vec<Voucher>,
    /// The checksum the file carried and that was verified, if any.
    pub checksum: Option<u32>,
    /// What was read but is worth knowing: unknown records, vouchers that do not balance, …
    pub warnings: Vec<Diagnostic>,
}

impl SieFile {
    pub(crate) fn new(encoding: Encoding) -> SieFile {
        SieFile {
            encoding,
            flag: None,
            program: None,
            format: None,
            generated: None,
            sie_type: None,
            prose: None,
            company_type: None,
            company_code: None,
            org_number: None,
            company_name: None,
            address: None,
            extent: None,
            tax_year: None,
            currency: None,
            chart_type: None,
            fiscal_years: Vec::new(),
            accounts: BTreeMap::new(),
            dimensions: BTreeMap::new(),
            objects: BTreeMap::new(),
            opening: Vec::new(),
            closing: Vec::new(),
            object_opening: Vec::new(),
            object_closing: Vec::new(),
            results: Vec::new(),
            period_balances: Vec::new(),
            period_budgets: Vec::new(),
            vouchers: Vec::new(),
            checksum: None,
            warnings: Vec::new(),
        }
    }

    /// The fiscal year with the given index (0 = current).
    pub fn year(&self, index: i32) -> Option<&FiscalYear> {
        self.fiscal_years.iter().find(|y| y.index == index)
    }

    /// The number of voucher rows of all kinds.
    pub fn transaction_count(&self) -> usize {
        self.vouchers.iter().map(|v| v.rows.len()).sum()
    }
}
