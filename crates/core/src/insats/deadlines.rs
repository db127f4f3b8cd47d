//! The deadlines of an application (SOFINT's process goals, domain.md §5): an answer (a request
//! for completion, a rejection or a grant) within two months of the application date, an
//! agreement within one month of the decision. The months come from the förbund's settings;
//! the arithmetic is [`add_months`].

use super::months::add_months;
use super::workflow::{Case, Outcome, State};
use crate::plan::Date;

/// The förbund's deadlines, in months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// From the application date to the answer.
    pub answer_months: i32,
    /// From the decision to the signed agreement.
    pub agreement_months: i32,
}

impl Default for Rules {
    /// SOFINT's: two months and one.
    fn default() -> Rules {
        Rules {
            answer_months: 2,
            agreement_months: 1,
        }
    }
}

/// Which deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The answer to the application.
    Answer,
    /// The signed agreement after a grant.
    Agreement,
    /// A report the insats owes ([`super::reports`]).
    Report,
}

impl Kind {
    /// As a list names it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Answer => "Svar på ansökan",
            Kind::Agreement => "Avtal efter beviljande",
            Kind::Report => "Rapport från insatsen",
        }
    }
}

/// One deadline of one application.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    /// Which.
    pub kind: Kind,
    /// The last day.
    pub due: Date,
    /// The day it was met, if it has been.
    pub met: Option<Date>,
}

/// How a deadline stands on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Met by its last day.
    MetInTime,
    /// Met, but after its last day.
    MetLate,
    /// Not met, and its last day has passed: by this many days.
    Overdue(i64),
    /// Not met, its last day within [`SOON_DAYS`]: in this many days (0: today).
    DueSoon(i64),
    /// Not met, its last day further off.
    Later,
}

/// How near a last day is "due soon": two weeks, a board meeting's preparation.
pub const SOON_DAYS: i64 = 14;

impl Deadline {
    /// How it stands on `today`.
    pub fn standing(&self, today: Date) -> Standing {
        match self.met {
            Some(m) if m <= self.due => Standing::MetInTime,
            Some(_) => Standing::MetLate,
            None => {
                let left = (self.due - today).whole_days();
                if left < 0 {
                    Standing::Overdue(-left)
                } else if left <= SOON_DAYS {
                    Standing::DueSoon(left)
                } else {
                    Standing::Later
                }
            }
        }
    }
}

/// The deadlines an application has: the answer's always (unless it was withdrawn before it
/// was answered), the agreement's once granted. `None` only for dates beyond the calendar.
pub fn deadlines(case: &Case, rules: Rules) -> Vec<Deadline> {
    let mut out = Vec::new();
    let answered = case.answered();
    let withdrawn_first = case.state() == State::Withdrawn && answered.is_none();
    if !withdrawn_first && let Some(due) = add_months(case.submitted, rules.answer_months) {
        out.push(Deadline {
            kind: Kind::Answer,
            due,
            met: answered,
        });
    }
    if let Some(d) = case.decision()
        && matches!(d.outcome, Outcome::Granted { .. })
        && let Some(due) = add_months(d.on, rules.agreement_months)
    {
        out.push(Deadline {
            kind: Kind::Agreement,
            due,
            met: case.agreed(),
        });
    }
    out
}

/// A share: how many of how many.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Share {
    /// How many met the rule.
    pub met: u32,
    /// Of how many that count.
    pub of: u32,
}

impl Share {
    fn count(&mut self, met: bool) {
        self.of += 1;
        self.met += u32::from(met);
    }
}

/// The process goals' figures over applications (the registry of computed figures takes them):
/// answers and agreements within their deadline, among those met or overdue on `today` whose
/// last day falls in `year`; rejections with a written motivation, among the year's rejections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ProcessFigures {
    /// Answered within the time limit.
    pub answered_in_time: Share,
    /// Agreements signed within the time limit.
    pub agreed_in_time: Share,
    /// Rejections with a written motivation (the workflow refuses any other; counted so that
    /// the goal is assessed from the data, not assumed).
    pub rejections_motivated: Share,
}

/// The process figures of `year` over `cases`, as they stand on `today`.
pub fn process_figures<'a>(
    cases: impl IntoIterator<Item = &'a Case>,
    rules: Rules,
    year: i32,
    today: Date,
) -> ProcessFigures {
    let mut f = ProcessFigures::default();
    for case in cases {
        for d in deadlines(case, rules) {
            if d.due.year() != year {
                continue;
            }
            let share = match d.kind {
                Kind::Answer => &mut f.answered_in_time,
                Kind::Agreement => &mut f.agreed_in_time,
                // An application's deadlines only; reports have their own table.
                Kind::Report => continue,
            };
            match d.standing(today) {
                Standing::MetInTime => share.count(true),
                Standing::MetLate | Standing::Overdue(_) => share.count(false),
                Standing::DueSoon(_) | Standing::Later => {}
            }
        }
        if let Some(d) = case.decision()
            && d.on.year() == year
            && let Outcome::Rejected { motivation } = &d.outcome
        {
            f.rejections_motivated.count(!motivation.trim().is_empty());
        }
    }
    f
}
