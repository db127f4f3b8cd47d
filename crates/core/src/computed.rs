//! The one registry of figures the product computes, which a goal's measurement point can refer
//! to (`figure = "administrationsandel"`, `period = "2024"`), and the one function that assesses
//! a measurement point. The plan's figures fill the registry for its years; later capabilities
//! (the follow-up of the books for a half-year, application deadlines, participant rates) add
//! their figures to the same registry instead of assessing goals on their own.

use std::collections::BTreeMap;
use std::fmt;

use crate::budget::Year;
use crate::calc::Figures;
use crate::goals::{Assessment, Measure, Quantity};
use crate::money::Money;

/// A figure the product computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ComputedFigure {
    /// Closing equity as a share of the year's member contributions, in percent.
    EquityShare,
    /// Administration costs over all operating costs, in percent.
    AdministrationShare,
    /// The year's result, in kronor.
    Result,
    /// Kvarvarande beslutsutrymme, in kronor.
    DecisionRoom,
    /// Applications answered within the förbund's deadline, in percent of those whose answer
    /// was due in the year (and is met or overdue).
    AnsweredInTime,
    /// Agreements signed within the deadline after a grant, in percent.
    AgreedInTime,
    /// Rejections with a written motivation, in percent of the year's rejections.
    RejectionsMotivated,
    /// The insatser's finished participants with a step forward, in percent of all finished
    /// (approved participant reports).
    StepForward,
    /// Finished to work or studies, in percent of all finished.
    WorkOrStudies,
    /// Finished with a plan for further rehabilitation, in percent of those whose plan was
    /// reported.
    WithPlan,
    /// Participants offered the NNS forms, in percent of the participants of the reports that
    /// count them.
    NnsOffered,
    /// The insatser's reports due in the period that came by their due date, in percent.
    ReportsOnTime,
    /// Activities in the log (the förbund's and its insatser's), a count.
    Activities,
    /// Knowledge activities in the log, a count.
    KnowledgeActivities,
    /// The structural insatser's indicator targets for the year that were met, in percent of
    /// those with a value and a target.
    StructuralGoalsMet,
}

impl ComputedFigure {
    /// Every figure with the word a plan file uses for it.
    pub const ALL: [(ComputedFigure, &'static str); 15] = [
        (ComputedFigure::EquityShare, "eget-kapital-andel"),
        (ComputedFigure::AdministrationShare, "administrationsandel"),
        (ComputedFigure::Result, "resultat"),
        (ComputedFigure::DecisionRoom, "beslutsutrymme"),
        (ComputedFigure::AnsweredInTime, "svar-inom-fristen"),
        (ComputedFigure::AgreedInTime, "avtal-inom-fristen"),
        (ComputedFigure::RejectionsMotivated, "motiverade-avslag"),
        (ComputedFigure::StepForward, "deltagare-stegforflyttning"),
        (ComputedFigure::WorkOrStudies, "deltagare-arbete-studier"),
        (ComputedFigure::WithPlan, "deltagare-med-plan"),
        (ComputedFigure::NnsOffered, "deltagare-nns-erbjudna"),
        (ComputedFigure::ReportsOnTime, "rapporter-i-tid"),
        (ComputedFigure::Activities, "aktiviteter"),
        (
            ComputedFigure::KnowledgeActivities,
            "kunskapshojande-aktiviteter",
        ),
        (
            ComputedFigure::StructuralGoalsMet,
            "strukturella-mal-uppfyllda",
        ),
    ];

    /// The word used in plan files.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("", |(_, w)| w)
    }

    /// Reads the word used in plan files.
    pub fn from_word(word: &str) -> Option<ComputedFigure> {
        Self::ALL
            .iter()
            .find(|(_, w)| *w == word.trim())
            .map(|(f, _)| *f)
    }

    /// How a report names the figure.
    pub fn label(self) -> &'static str {
        match self {
            ComputedFigure::EquityShare => "eget kapital i procent av medlemsbidragen",
            ComputedFigure::AdministrationShare => "administrationsandel",
            ComputedFigure::Result => "resultat",
            ComputedFigure::DecisionRoom => "kvarvarande beslutsutrymme",
            ComputedFigure::AnsweredInTime => "andel ansökningar besvarade inom fristen",
            ComputedFigure::AgreedInTime => "andel avtal tecknade inom fristen",
            ComputedFigure::RejectionsMotivated => "andel avslag med skriftlig motivering",
            ComputedFigure::StepForward => "andel avslutade deltagare med stegförflyttning",
            ComputedFigure::WorkOrStudies => "andel avslutade deltagare till arbete eller studier",
            ComputedFigure::WithPlan => {
                "andel avslutade deltagare med plan för fortsatt rehabilitering"
            }
            ComputedFigure::NnsOffered => "andel deltagare som erbjudits NNS-formulären",
            ComputedFigure::ReportsOnTime => "andel rapporter från insatserna i tid",
            ComputedFigure::Activities => "antal aktiviteter",
            ComputedFigure::KnowledgeActivities => "antal kunskapshöjande aktiviteter",
            ComputedFigure::StructuralGoalsMet => {
                "andel uppfyllda mål för de strukturövergripande insatserna"
            }
        }
    }

    /// Whether its values come from the förbund's applications (the web app's register), not
    /// from the plan or the books: a plan file alone never has them.
    pub fn from_applications(self) -> bool {
        matches!(
            self,
            ComputedFigure::AnsweredInTime
                | ComputedFigure::AgreedInTime
                | ComputedFigure::RejectionsMotivated
                | ComputedFigure::StepForward
                | ComputedFigure::WorkOrStudies
                | ComputedFigure::WithPlan
                | ComputedFigure::NnsOffered
                | ComputedFigure::ReportsOnTime
                | ComputedFigure::Activities
                | ComputedFigure::KnowledgeActivities
                | ComputedFigure::StructuralGoalsMet
        )
    }

    /// The unit of its value: `%`, `kr` or `st` (a count).
    pub fn unit(self) -> &'static str {
        match self {
            ComputedFigure::EquityShare
            | ComputedFigure::AdministrationShare
            | ComputedFigure::AnsweredInTime
            | ComputedFigure::AgreedInTime
            | ComputedFigure::RejectionsMotivated
            | ComputedFigure::StepForward
            | ComputedFigure::WorkOrStudies
            | ComputedFigure::WithPlan
            | ComputedFigure::NnsOffered
            | ComputedFigure::ReportsOnTime
            | ComputedFigure::StructuralGoalsMet => "%",
            ComputedFigure::Result | ComputedFigure::DecisionRoom => "kr",
            ComputedFigure::Activities | ComputedFigure::KnowledgeActivities => "st",
        }
    }
}

/// The period a figure is for: a year, or a half of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// A calendar year.
    Year(Year),
    /// January–June (1) or July–December (2) of a year.
    HalfYear(Year, u8),
}

impl Period {
    /// Reads `2024`, `2024-H1` or `2024-H2`.
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim();
        let (year, half) = match t.split_once('-') {
            Some((y, h)) => (y, Some(h)),
            None => (t, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: Year = year.parse().ok()?;
        match half {
            None => Some(Period::Year(year)),
            Some("H1" | "h1") => Some(Period::HalfYear(year, 1)),
            Some("H2" | "h2") => Some(Period::HalfYear(year, 2)),
            Some(_) => None,
        }
    }

    /// The year the period lies in.
    pub fn year(self) -> Year {
        match self {
            Period::Year(y) | Period::HalfYear(y, _) => y,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Four digits always, as it is read: "0012" is written back as "0012".
            Period::Year(y) => write!(f, "{y:04}"),
            Period::HalfYear(y, h) => write!(f, "{y:04}-H{h}"),
        }
    }
}

/// A measurement point's reference to a computed figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FigureRef {
    /// Which figure.
    pub figure: ComputedFigure,
    /// For which period.
    pub period: Period,
}

impl fmt::Display for FigureRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.figure.label(), self.period)
    }
}

/// The registry: every computed figure that has a value, per period. Values are quantities in
/// hundredths of their unit (a percent with two decimals, an amount in öre).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FigureValues {
    values: BTreeMap<(ComputedFigure, Period), Quantity>,
}

/// A share as a quantity in percent: 24,31 % is 2 431 hundredths.
fn percent_quantity(num: i128, den: i128) -> Option<Quantity> {
    crate::money::div_round_half_away(num.checked_mul(10_000)?, den)
        .and_then(|v| i64::try_from(v).ok())
        .map(Quantity::from_hundredths)
}

/// An amount as a quantity in kronor: hundredths of a krona are öre.
fn money_quantity(m: Money) -> Quantity {
    Quantity::from_hundredths(m.ore())
}

impl FigureValues {
    /// The plan's figures for each of its years.
    pub fn of_plan(fig: &Figures) -> FigureValues {
        let mut out = FigureValues::default();
        for y in &fig.per_year {
            let p = Period::Year(y.year);
            if y.member_contributions.is_positive()
                && let Some(q) = percent_quantity(
                    i128::from(y.equity_closing.ore()),
                    i128::from(y.member_contributions.ore()),
                )
            {
                out.insert(ComputedFigure::EquityShare, p, q);
            }
            if let Some(q) = y
                .administration_share
                .and_then(|f| percent_quantity(f.num(), f.den()))
            {
                out.insert(ComputedFigure::AdministrationShare, p, q);
            }
            out.insert(ComputedFigure::Result, p, money_quantity(y.result));
            out.insert(
                ComputedFigure::DecisionRoom,
                p,
                money_quantity(y.decision_room),
            );
        }
        out
    }

    /// The follow-up of the books for a half-year: its result and its administration share.
    pub fn add_follow_up(&mut self, period: Period, fu: &crate::actuals::FollowUp) {
        if let Some(result) = fu
            .income_statement
            .iter()
            .find(|l| l.label == "Periodens resultat")
            .and_then(|l| l.current)
        {
            self.insert(ComputedFigure::Result, period, money_quantity(result));
        }
        if let Some(q) = fu
            .administration_share
            .and_then(|f| percent_quantity(f.num(), f.den()))
        {
            self.insert(ComputedFigure::AdministrationShare, period, q);
        }
    }

    /// The application process's figures for a year: each share that has anything to count
    /// (a year without a rejection has no share of motivated rejections, and a goal on it
    /// cannot be assessed).
    pub fn add_process(&mut self, year: Year, f: &crate::insats::deadlines::ProcessFigures) {
        for (figure, share) in [
            (ComputedFigure::AnsweredInTime, f.answered_in_time),
            (ComputedFigure::AgreedInTime, f.agreed_in_time),
            (ComputedFigure::RejectionsMotivated, f.rejections_motivated),
        ] {
            if share.of > 0
                && let Some(q) = percent_quantity(i128::from(share.met), i128::from(share.of))
            {
                self.insert(figure, Period::Year(year), q);
            }
        }
    }

    /// The activity log's counts for a period (`from`–`to`): all activities, and the knowledge
    /// activities. A count is a value even when it is 0: a year without activities has none.
    pub fn add_activities(
        &mut self,
        period: Period,
        (from, to): (crate::plan::Date, crate::plan::Date),
        log: &[crate::participants::activity::Activity],
    ) {
        use crate::participants::activity::{ActivityKind, count};
        for (figure, kind) in [
            (ComputedFigure::Activities, None),
            (
                ComputedFigure::KnowledgeActivities,
                Some(ActivityKind::Knowledge),
            ),
        ] {
            let n = i64::try_from(count(log, from, to, kind)).unwrap_or(i64::MAX / 100);
            self.insert(figure, period, Quantity::from_hundredths(n * 100));
        }
    }

    /// A share as a percentage value, when there is anything to count (`of` > 0).
    pub fn add_share(&mut self, figure: ComputedFigure, period: Period, (part, of): (u64, u64)) {
        if of > 0
            && let Some(q) = percent_quantity(i128::from(part), i128::from(of))
        {
            self.insert(figure, period, q);
        }
    }

    /// The insatser's participant figures for a period, from each insats's reports summed over
    /// it ([`crate::participants::over_period`]): the rates' parts and wholes added across the
    /// insatser, then divided once.
    pub fn add_participants(
        &mut self,
        period: Period,
        reports: &[crate::participants::ParticipantReport],
        outcomes: &[crate::participants::OutcomeKind],
    ) {
        use crate::participants::rates::{RateKind, rate};
        for (figure, kind) in [
            (ComputedFigure::StepForward, RateKind::StepForward),
            (ComputedFigure::WorkOrStudies, RateKind::WorkOrStudies),
            (ComputedFigure::WithPlan, RateKind::WithPlan),
        ] {
            let (part, of) = reports
                .iter()
                .filter_map(|r| rate(r, kind, outcomes))
                .fold((0u64, 0u64), |(p, o), r| {
                    (p + u64::from(r.total.0), o + u64::from(r.total.1))
                });
            self.add_share(figure, period, (part, of));
        }
        let (offered, of) = reports
            .iter()
            .filter_map(|r| r.nns.map(|n| (n.offered, r.total.total)))
            .fold((0u64, 0u64), |(p, o), (n, t)| {
                (p + u64::from(n), o + u64::from(t))
            });
        self.add_share(ComputedFigure::NnsOffered, period, (offered, of));
    }

    /// Adds or replaces a value (a later capability adds its own figures and periods).
    pub fn insert(&mut self, figure: ComputedFigure, period: Period, value: Quantity) {
        self.values.insert((figure, period), value);
    }

    /// The value of a figure for a period, if it has one.
    pub fn get(&self, r: FigureRef) -> Option<Quantity> {
        self.values.get(&(r.figure, r.period)).copied()
    }
}

/// Where an assessment of a measurement point comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// From the value written in the plan and the thresholds.
    Written,
    /// From a computed figure and the thresholds.
    Computed,
    /// Written by the office.
    Office,
    /// Nothing to assess yet.
    None,
}

/// A measurement point's value and assessment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assessed {
    /// The value: written, or taken from the registry.
    pub value: Option<Quantity>,
    /// The assessment.
    pub assessment: Option<Assessment>,
    /// Where it comes from.
    pub source: Source,
}

/// The one assessment of a measurement point: a point that refers to a computed figure is
/// assessed from the registry's value by its thresholds ("kan inte bedömas" while the figure
/// has no value for the period); otherwise from its written value; otherwise the office's
/// written assessment stands.
pub fn assess(m: &Measure, values: &FigureValues) -> Assessed {
    if let Some(r) = m.figure {
        let value = values.get(r);
        let assessment = match (value, m.thresholds) {
            (Some(v), Some(t)) => Some(t.assess(v)),
            (None, _) => Some(Assessment::CannotAssess),
            (Some(_), None) => m.assessment,
        };
        return Assessed {
            value,
            assessment,
            source: Source::Computed,
        };
    }
    if let Some(a) = m.computed_assessment() {
        return Assessed {
            value: m.value,
            assessment: Some(a),
            source: Source::Written,
        };
    }
    Assessed {
        value: m.value,
        assessment: m.assessment,
        source: if m.assessment.is_some() {
            Source::Office
        } else {
            Source::None
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_and_write() {
        assert_eq!(Period::parse("2024"), Some(Period::Year(2024)));
        assert_eq!(Period::parse("2024-H1"), Some(Period::HalfYear(2024, 1)));
        assert_eq!(Period::parse("2024-H3"), None);
        assert_eq!(Period::parse("24"), None);
        assert_eq!(Period::HalfYear(2024, 2).to_string(), "2024-H2");
        // The plan fuzz target found a year of fewer than four digits not written back as read.
        for text in ["0012", "0999-H1"] {
            let p = Period::parse(text).expect(text);
            assert_eq!(p.to_string(), text);
        }
        for (f, w) in ComputedFigure::ALL {
            assert_eq!(ComputedFigure::from_word(w), Some(f));
        }
    }

    #[test]
    fn shares_round_to_hundredths_of_a_percent() {
        // SOFINT 2024: 1 052 325 / 3 708 325 = 28,377… % → 28,38.
        assert_eq!(
            percent_quantity(1_052_325, 3_708_325),
            Some(Quantity::from_hundredths(2838))
        );
        assert_eq!(percent_quantity(1, 0), None);
    }
}
