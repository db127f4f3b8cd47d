//! The förbund's world: money, the association and its members, the multi-year budget, goals,
//! the calculations and checks over them, and the plan file that holds it all.
//!
//! Nothing here does IO: every function takes values and returns values.

pub mod actuals;
pub mod association;
pub mod budget;
pub mod calc;
pub mod checks;
pub mod computed;
pub mod decimal;
pub mod finding;
pub mod format;
pub mod fraction;
pub mod goals;
pub mod insats;
pub mod location;
pub mod meeting;
pub mod money;
pub mod next_plan;
pub mod participants;
pub mod personal_data;
pub mod plan;
pub mod plan_file;
pub mod report;

#[cfg(test)]
pub(crate) mod testing;

pub use association::{Association, Member, MemberKind, OrgNumber, Party, Payer};
pub use budget::{AmountSpec, Budget, Category, Line, Section, Total, Year};
pub use calc::{Figures, YearFigures, compute};
pub use checks::check;
pub use finding::{Finding, FindingKind, Severity};
pub use location::Location;
pub use money::Money;
pub use plan::Plan;
