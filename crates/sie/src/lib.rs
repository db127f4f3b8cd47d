//! An SIE 4 reader and writer (SIE filformat, utgåva 4B), standing on its own.
//!
//! [`read`] takes a file's bytes and returns every record in typed form ([`SieFile`]), or every
//! error with its line and a Swedish message ([`Rejected`]). It reads file types 1–4, export
//! (`.SE`) and import (`.SI`) files, in codepage 437 (`#FORMAT PC8`) or UTF-8, verifies
//! `#KSUMMA`, reports vouchers that do not balance, and never panics on any input.
//! [`totals`] sums what a file says per account and month; [`write`] writes a file back.
//!
//! Decisions, with the reasons, are in docs/decisions/0004-sie.md.

mod amount;
mod diag;
mod encoding;
mod lex;
mod model;
mod read;
mod totals;
mod write;

pub use amount::{Amount, AmountError};
pub use diag::{Diagnostic, Rejected};
pub use encoding::encode_cp437;
pub use model::{
    Account, AccountType, Balance, Date, Dimension, Encoding, FiscalYear, ObjectRef, PeriodAmount,
    RowKind, SieFile, Transaction, Voucher, YearMonth,
};
pub use read::{MAX_FILE_BYTES, load, read, read_path, read_streaming, read_with_progress};
pub use totals::{
    AccountTotals, Accumulator, Mismatch, Source, reconcile, reconcile_with, totals, totals_with,
};
pub use write::write;
