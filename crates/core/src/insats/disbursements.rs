//! Money paid out against a grant (utbetalningar, issue 13): each disbursement is requested by
//! the insatsägare, approved by the kansli and paid, each step on a day. A disbursement is
//! refused before the agreement is signed and when it would take what is requested past what
//! is granted; when the grant is later lowered by a tillägg below what was already paid, the
//! sum paid above the grant is a warning finding (the money is out; the board must know).

use std::collections::BTreeMap;

use super::workflow::Case;
use crate::budget::Year;
use crate::finding::{Finding, FindingKind, Severity};
use crate::format::kr_with_unit;
use crate::location::Place;
use crate::money::Money;
use crate::plan::Date;

/// How far a disbursement has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Begärd: the insatsägare asked for it.
    Requested,
    /// Godkänd: the kansli approved it.
    Approved,
    /// Utbetald: the money left the förbund's account.
    Paid,
}

impl Stage {
    /// Every stage with its word, in order.
    pub const ALL: [(Stage, &'static str); 3] = [
        (Stage::Requested, "begard"),
        (Stage::Approved, "godkand"),
        (Stage::Paid, "utbetald"),
    ];

    /// The word: `godkand`.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("", |(_, w)| w)
    }

    /// Reads the word.
    pub fn from_word(word: &str) -> Option<Stage> {
        Self::ALL
            .iter()
            .find(|(_, w)| *w == word.trim())
            .map(|(s, _)| *s)
    }

    /// As a table says it: "godkänd".
    pub fn label(self) -> &'static str {
        match self {
            Stage::Requested => "begärd",
            Stage::Approved => "godkänd",
            Stage::Paid => "utbetald",
        }
    }
}

/// One disbursement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disbursement {
    /// The day it was requested.
    pub requested: Date,
    /// How much.
    pub amount: Money,
    /// The day the kansli approved it.
    pub approved: Option<Date>,
    /// The day it was paid.
    pub paid: Option<Date>,
    /// What it is for ("januari–mars"), if said.
    pub note: Option<String>,
}

impl Disbursement {
    /// How far it has come.
    pub fn stage(&self) -> Stage {
        if self.paid.is_some() {
            Stage::Paid
        } else if self.approved.is_some() {
            Stage::Approved
        } else {
            Stage::Requested
        }
    }

    /// The disbursement moved to `stage` on `on`: approval after the request, payment after
    /// the approval; a step back or a step taken twice is refused, in Swedish.
    pub fn advanced(&self, stage: Stage, on: Date) -> Result<Disbursement, String> {
        let mut next = self.clone();
        match (self.stage(), stage) {
            (Stage::Requested, Stage::Approved) => {
                if on < self.requested {
                    return Err(format!(
                        "Godkännandet {on} kan inte vara före begäran {}.",
                        self.requested
                    ));
                }
                next.approved = Some(on);
            }
            (Stage::Approved, Stage::Paid) => {
                let approved = self.approved.unwrap_or(self.requested);
                if on < approved {
                    return Err(format!(
                        "Utbetalningen {on} kan inte vara före godkännandet {approved}."
                    ));
                }
                next.paid = Some(on);
            }
            (from, to) => {
                return Err(format!(
                    "Utbetalningen är {}; den kan inte bli {} nu.",
                    from.label(),
                    to.label()
                ));
            }
        }
        Ok(next)
    }
}

/// The longest note, in characters.
pub const MAX_NOTE: usize = 200;

/// The sum of the disbursements' amounts that satisfy `which`; a sum past what an i64 holds is
/// held at its largest (no förbund's grants come near).
fn sum<'a>(items: impl IntoIterator<Item = &'a Disbursement>) -> Money {
    Money::checked_sum(items.into_iter().map(|d| d.amount)).unwrap_or(Money::from_ore(i64::MAX))
}

/// What the grant is in all its years together (the latest tillägg's, else the decision's).
pub fn granted_total(case: &Case) -> Option<Money> {
    case.granted()
        .map(|g| Money::checked_sum(g.values().copied()).unwrap_or(Money::from_ore(i64::MAX)))
}

/// What is wrong with recording `new` beside `existing` for the application `case`, field by
/// field (the form's field name, a Swedish message); empty when it may be recorded. It needs a
/// grant and a signed agreement before it, and what is requested in all may not pass what is
/// granted.
pub fn check_new(
    case: &Case,
    existing: &[Disbursement],
    new: &Disbursement,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if !new.amount.is_positive() {
        out.push(("belopp", "Beloppet ska vara större än 0 kr.".to_owned()));
    }
    if new
        .note
        .as_deref()
        .is_some_and(|n| n.chars().count() > MAX_NOTE)
    {
        out.push((
            "anteckning",
            format!("Anteckningen får vara högst {MAX_NOTE} tecken."),
        ));
    }
    let Some(granted) = granted_total(case).filter(|_| case.state().is_granted()) else {
        out.push((
            "belopp",
            format!(
                "Ansökan är {}; medel betalas bara ut till en beviljad insats.",
                case.state().label()
            ),
        ));
        return out;
    };
    match case.agreed() {
        None => out.push((
            "begard",
            "Insatsen har inget undertecknat avtal ännu; registrera avtalet först, sedan utbetalningarna."
                .to_owned(),
        )),
        Some(agreed) if new.requested < agreed => out.push((
            "begard",
            format!(
                "Begäran {} är före avtalet {agreed}; medel betalas ut först efter avtalet. Kontrollera datumet.",
                new.requested
            ),
        )),
        Some(_) => {}
    }
    let before = sum(existing);
    let after = before
        .checked_add(new.amount)
        .unwrap_or(Money::from_ore(i64::MAX));
    if new.amount.is_positive() && after > granted {
        let room = granted
            .checked_sub(before)
            .unwrap_or(Money::ZERO)
            .max(Money::ZERO);
        out.push((
            "belopp",
            format!(
                "Med {} blir utbetalningarna {} i allt, mer än de beviljade {}; högst {} återstår.",
                kr_with_unit(new.amount),
                kr_with_unit(after),
                kr_with_unit(granted),
                kr_with_unit(room)
            ),
        ));
    }
    out
}

/// A year of the grant beside what was paid in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearRow {
    /// The calendar year.
    pub year: Year,
    /// Granted for it.
    pub granted: Money,
    /// Paid in it (by the day of payment).
    pub paid: Money,
}

/// The grant and its disbursements in sums.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Granted in all years (zero before a grant).
    pub granted: Money,
    /// Requested in all (every disbursement, whatever its stage).
    pub requested: Money,
    /// Approved or paid.
    pub approved: Money,
    /// Paid.
    pub paid: Money,
    /// Per calendar year: the grant's years and every year something was paid.
    pub years: Vec<YearRow>,
}

impl Summary {
    /// Of `case`'s grant and `items`.
    pub fn of(case: &Case, items: &[Disbursement]) -> Summary {
        let granted = granted_total(case).unwrap_or(Money::ZERO);
        let mut years: BTreeMap<Year, YearRow> = BTreeMap::new();
        for (year, amount) in case.granted().into_iter().flatten() {
            years.insert(
                *year,
                YearRow {
                    year: *year,
                    granted: *amount,
                    paid: Money::ZERO,
                },
            );
        }
        for d in items {
            if let Some(on) = d.paid {
                let row = years.entry(on.year()).or_insert(YearRow {
                    year: on.year(),
                    granted: Money::ZERO,
                    paid: Money::ZERO,
                });
                row.paid = row.paid.checked_add(d.amount).unwrap_or(row.paid);
            }
        }
        Summary {
            granted,
            requested: sum(items),
            approved: sum(items.iter().filter(|d| d.stage() >= Stage::Approved)),
            paid: sum(items.iter().filter(|d| d.stage() == Stage::Paid)),
            years: years.into_values().collect(),
        }
    }

    /// What is left to pay of the grant (negative when more was paid).
    pub fn left(&self) -> Money {
        self.granted.checked_sub(self.paid).unwrap_or(Money::ZERO)
    }

    /// The warning when more is paid than is granted (a tillägg lowered the grant after the
    /// money went out).
    pub fn warning(&self) -> Option<Finding> {
        (self.paid > self.granted).then(|| {
            Finding::at(
                FindingKind::PaidAboveGrant,
                Severity::Warning,
                Place::Row("utbetalningar".into()),
                format!(
                    "Utbetalt {} är {} mer än de beviljade {}; begär återbetalning av insatsägaren eller besluta om tillägg.",
                    kr_with_unit(self.paid),
                    kr_with_unit(self.paid.checked_sub(self.granted).unwrap_or(Money::ZERO)),
                    kr_with_unit(self.granted)
                ),
            )
        })
    }
}
