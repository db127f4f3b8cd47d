//! Actuals: the bookkeeping's figures from SIE files, tied to the budget, followed up per period.

pub mod followup;
pub mod ledger;
pub mod mapping;
pub mod period;

pub use followup::{
    BudgetRow, BudgetSource, CategoryBar, CategoryChart, CostCurve, Coverage, CurvePoint, FollowUp,
    Forecast, ForecastRow, Input, MonthCosts, StatementLine, Unmapped, category_chart, cost_curve,
    follow_up, unmapped_accounts,
};
pub use ledger::{
    Entry, EntryKind, Ledger, LedgerError, ReadError, Row, Span, YearIndex, objects_of,
    objects_text,
};
pub use mapping::{Chart, Mapping, Rule, RuleError, Target};
pub use period::{Period, PeriodSpec};
