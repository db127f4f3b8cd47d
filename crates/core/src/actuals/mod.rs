//! Actuals: the bookkeeping's figures from SIE files, tied to the budget, followed up per period.

pub mod followup;
pub mod ledger;
pub mod mapping;
pub mod period;

pub use followup::{
    BudgetRow, BudgetSource, CategoryBar, CategoryChart, Coverage, FollowUp, Forecast, ForecastRow,
    Input, StatementLine, Unmapped, category_chart, follow_up, unmapped_accounts,
};
pub use ledger::{Entry, EntryKind, Ledger, LedgerError, ReadError, Row, Span, YearIndex};
pub use mapping::{Chart, Mapping, Rule, RuleError, Target};
pub use period::{Period, PeriodSpec};
