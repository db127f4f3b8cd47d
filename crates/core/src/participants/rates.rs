//! Rates from a participant report, by gender and together, against the insats's targets
//! (issue 14, point 4): stegförflyttning, the share to work or studies, the share with a plan
//! for further rehabilitation, and the share who left early; a half-year's (or any part-year's)
//! counts projected to the year against the yearly targets; and the difference between women
//! and men among those who left early, as a figure the board can read.
//!
//! Every rate is an exact fraction of counts; a percentage is rounded only when written (half
//! away from zero to a whole per cent, as the seed prints 13 / 35 as 37 %). A rate whose whole
//! is 0 has no value ("–"), never 0 %.

use super::{COLUMNS, Counted, OutcomeKind, ParticipantReport};
use crate::format::percent;
use crate::fraction::Fraction;

/// The rates a report gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RateKind {
    /// Finished with an outcome that is a step forward, of all finished.
    StepForward,
    /// Finished to work or studies, of all finished.
    WorkOrStudies,
    /// Finished with a plan for further rehabilitation, of all finished.
    WithPlan,
    /// Finished early (a break, back to the referring agency), of all finished.
    Early,
}

impl RateKind {
    /// Every rate, in the order a table shows them.
    pub const ALL: [RateKind; 4] = [
        RateKind::StepForward,
        RateKind::WorkOrStudies,
        RateKind::WithPlan,
        RateKind::Early,
    ];

    /// The report's outcomes that make the rate's part (a step forward, work or studies, left
    /// early) under the förbund's outcome list; none for the share with a plan.
    pub fn part_outcomes<'a>(
        self,
        report: &'a ParticipantReport,
        kinds: &'a [OutcomeKind],
    ) -> impl Iterator<Item = &'a (String, Counted)> {
        report.outcomes.iter().filter(move |(k, _)| {
            kinds.iter().any(|o| {
                &o.key == k
                    && match self {
                        RateKind::StepForward => o.step_forward,
                        RateKind::WorkOrStudies => o.work_or_studies,
                        RateKind::Early => o.early,
                        RateKind::WithPlan => false,
                    }
            })
        })
    }

    /// As a table's row says it.
    pub fn label(self) -> &'static str {
        match self {
            RateKind::StepForward => "Stegförflyttning",
            RateKind::WorkOrStudies => "Till arbete eller studier",
            RateKind::WithPlan => "Med plan för fortsatt rehabilitering",
            RateKind::Early => "Avslutade i förtid",
        }
    }
}

/// A rate as counts: the part and the whole, together and for each gender when both are split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    /// (part, whole) for everyone.
    pub total: (u32, u32),
    /// (part, whole) for kvinnor, män, annat, when reported by gender.
    pub by_gender: Option<[(u32, u32); 3]>,
}

impl Rate {
    /// The rate of a column (`totalt`, `kvinnor`, `man`, `annat`), none when its whole is 0
    /// or it is not reported by gender.
    pub fn of(&self, column: &str) -> Option<Fraction> {
        let (part, whole) = self.counts(column)?;
        Fraction::new(i128::from(part), i128::from(whole))
    }

    /// The counts of a column.
    pub fn counts(&self, column: &str) -> Option<(u32, u32)> {
        match column {
            "totalt" => Some(self.total),
            _ => {
                let i = COLUMNS.iter().position(|c| *c == column)?.checked_sub(1)?;
                self.by_gender.map(|g| g[i])
            }
        }
    }

    /// A column's rate in words: "37 % (13 av 35)", or "–" when there is none.
    pub fn words(&self, column: &str) -> String {
        match (self.of(column), self.counts(column)) {
            (Some(f), Some((p, w))) => format!("{} ({p} av {w})", percent(f, 0)),
            _ => "–".to_owned(),
        }
    }
}

/// The sum of the rows' counts, with their split when every one has one.
fn sum(rows: &[Counted]) -> Counted {
    let total = rows.iter().map(|c| c.total).sum();
    let split = rows.iter().try_fold([0u32; 3], |acc, c| {
        c.split
            .map(|s| [acc[0] + s[0], acc[1] + s[1], acc[2] + s[2]])
    });
    Counted {
        total,
        split: if rows.is_empty() { None } else { split },
    }
}

fn rate_of(part: Counted, whole: Counted) -> Rate {
    Rate {
        total: (part.total, whole.total),
        by_gender: match (part.split, whole.split) {
            (Some(p), Some(w)) => Some([(p[0], w[0]), (p[1], w[1]), (p[2], w[2])]),
            _ => None,
        },
    }
}

/// The report's rate of `kind` under the förbund's outcomes; none when the report says nothing
/// of it (no outcomes reported, or no count of those with a plan).
pub fn rate(report: &ParticipantReport, kind: RateKind, outcomes: &[OutcomeKind]) -> Option<Rate> {
    let part = match kind {
        RateKind::WithPlan => report.with_plan?,
        _ => {
            if report.outcomes.is_empty() {
                return None;
            }
            let counts: Vec<Counted> = kind
                .part_outcomes(report, outcomes)
                .map(|(_, c)| *c)
                .collect();
            // Outcomes reported without a split leave the rate without genders.
            let mut s = sum(&counts);
            if counts.is_empty() {
                s.split = Some([0; 3]);
            }
            s
        }
    };
    Some(rate_of(part, report.finished))
}

/// The insats's targets for its participants (as its application states them).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[schemars(rename = "Deltagarmal")]
pub struct Targets {
    /// Participants in the year.
    #[serde(rename = "totalt_per_ar", default)]
    pub total: Option<u32>,
    /// New participants in the year.
    #[serde(rename = "nya_per_ar", default)]
    pub new: Option<u32>,
    /// Finished participants in the year.
    #[serde(rename = "avslutade_per_ar", default)]
    pub finished: Option<u32>,
    /// Stegförflyttning, whole per cent.
    #[serde(rename = "stegforflyttning_procent", default)]
    pub step_forward: Option<u32>,
    /// To work or studies, whole per cent.
    #[serde(rename = "arbete_studier_procent", default)]
    pub work_or_studies: Option<u32>,
    /// With a plan, whole per cent.
    #[serde(rename = "med_plan_procent", default)]
    pub with_plan: Option<u32>,
}

impl Targets {
    /// The target of a rate, whole per cent (none for leaving early: nobody aims at it).
    pub fn of(&self, kind: RateKind) -> Option<u32> {
        match kind {
            RateKind::StepForward => self.step_forward,
            RateKind::WorkOrStudies => self.work_or_studies,
            RateKind::WithPlan => self.with_plan,
            RateKind::Early => None,
        }
    }
}

/// Whether a rate reaches a target of whole per cent, exactly (13/35 is below 55 %).
pub fn reaches(rate: Fraction, target: u32) -> bool {
    Fraction::new(i128::from(target), 100).is_some_and(|t| rate >= t)
}

/// A count of the year so far projected to the whole year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Projection {
    /// The row's words.
    pub label: &'static str,
    /// The count so far.
    pub so_far: u32,
    /// The count projected to twelve months, rounded half up.
    pub projected: u32,
    /// The year's target.
    pub target: u32,
    /// Whether the projection reaches the target (compared exactly, before rounding).
    pub on_track: bool,
}

/// The report's counts after `months` of the year (1–12) projected to the year against the
/// yearly targets: the new and the finished at the same pace, the year's participants as those
/// taking part at the start (total − new) with the new projected. None for targets not set.
pub fn on_track(report: &ParticipantReport, months: u32, targets: &Targets) -> Vec<Projection> {
    let months = months.clamp(1, 12);
    let project = |n: u32| (u64::from(n) * 12 * 2 + u64::from(months)) / (2 * u64::from(months));
    let start = report.total.total.saturating_sub(report.new.total);
    let mut out = Vec::new();
    for (label, target, so_far, base) in [
        (
            "Totalt antal deltagare",
            targets.total,
            report.total.total,
            start,
        ),
        ("Nya deltagare", targets.new, report.new.total, 0),
        (
            "Avslutade deltagare",
            targets.finished,
            report.finished.total,
            0,
        ),
    ] {
        let Some(target) = target else { continue };
        let flow = so_far - base;
        // base + flow × 12 / months ≥ target, in whole numbers.
        let on_track = (u64::from(base) * u64::from(months) + u64::from(flow) * 12)
            >= u64::from(target) * u64::from(months);
        out.push(Projection {
            label,
            so_far,
            projected: u32::try_from(u64::from(base) + project(flow)).unwrap_or(u32::MAX),
            target,
            on_track,
        });
    }
    out
}

/// The difference between women and men among the finished who left early, in words, when
/// both have finished: "Av de avslutade kvinnorna lämnade 74 % i förtid (14 av 19), av männen
/// 50 % (8 av 16): 24 procentenheter fler bland kvinnorna."
pub fn early_difference(report: &ParticipantReport, outcomes: &[OutcomeKind]) -> Option<String> {
    let r = rate(report, RateKind::Early, outcomes)?;
    let (women, men) = (r.of("kvinnor")?, r.of("man")?);
    let diff = Fraction::new(
        women.num() * men.den() - men.num() * women.den(),
        women.den() * men.den(),
    )?;
    let points = percent(diff, 0);
    let points = points.trim_end_matches(" %").trim_start_matches(['-', '−']);
    let more = match diff.num().signum() {
        1 => format!("{points} procentenheter fler bland kvinnorna"),
        -1 => format!("{points} procentenheter fler bland männen"),
        _ => "lika stor andel".to_owned(),
    };
    Some(format!(
        "Av de avslutade kvinnorna lämnade {} i förtid, av männen {}: {more}.",
        r.words("kvinnor"),
        r.words("man")
    ))
}

#[cfg(test)]
mod tests {
    use super::super::default_outcomes;
    use super::*;
    use proptest::prelude::*;

    /// SOFINT's half-year as the demo enters it: the seed's totals, with the outcomes split by
    /// gender as the demo assumes (the seed says only that women left early more often).
    fn sofint() -> ParticipantReport {
        crate::testing::sofint_half_year()
    }

    #[test]
    fn sofints_step_forward_is_37_per_cent_below_its_55_and_by_gender() {
        let r = rate(&sofint(), RateKind::StepForward, &default_outcomes()).expect("a rate");
        assert_eq!(r.words("totalt"), "37 % (13 av 35)");
        assert_eq!(r.words("kvinnor"), "26 % (5 av 19)");
        assert_eq!(r.words("man"), "50 % (8 av 16)");
        assert_eq!(r.words("annat"), "–");
        assert!(!reaches(r.of("totalt").expect("a share"), 55));
        assert!(reaches(r.of("man").expect("a share"), 50));
        // No outcome to work or studies reported: 0 of 35, a figure; no plan count: no rate.
        let w = rate(&sofint(), RateKind::WorkOrStudies, &default_outcomes()).expect("a rate");
        assert_eq!(w.words("totalt"), "0 % (0 av 35)");
        assert_eq!(
            rate(&sofint(), RateKind::WithPlan, &default_outcomes()),
            None
        );
    }

    #[test]
    fn the_half_year_is_on_track_for_the_years_120_50_50() {
        let targets = Targets {
            total: Some(120),
            new: Some(50),
            finished: Some(50),
            step_forward: Some(55),
            ..Targets::default()
        };
        let p = on_track(&sofint(), 6, &targets);
        let seen: Vec<(u32, u32, u32, bool)> = p
            .iter()
            .map(|p| (p.so_far, p.projected, p.target, p.on_track))
            .collect();
        assert_eq!(
            seen,
            [
                (103, 141, 120, true),
                (38, 76, 50, true),
                (35, 70, 50, true)
            ]
        );
        // At the pace of 24 new a half-year, 50 is not reached.
        let mut slow = sofint();
        slow.new = Counted::total(24);
        assert!(!on_track(&slow, 6, &targets)[1].on_track);
    }

    #[test]
    fn women_left_early_more_often_as_a_figure() {
        assert_eq!(
            early_difference(&sofint(), &default_outcomes()).as_deref(),
            Some(
                "Av de avslutade kvinnorna lämnade 74 % (14 av 19) i förtid, av männen 50 % (8 av 16): 24 procentenheter fler bland kvinnorna."
            )
        );
        let mut unsplit = sofint();
        unsplit.outcomes[1].1 = Counted::total(22);
        assert_eq!(early_difference(&unsplit, &default_outcomes()), None);
    }

    proptest! {
        /// The projection's verdict agrees with the rounded figure wherever rounding cannot
        /// decide it, and a count at the target's pace is always on track.
        #[test]
        fn at_the_targets_pace_is_on_track(target in 1u32..500, months in 1u32..=12) {
            let so_far = (target * months).div_ceil(12);
            let r = ParticipantReport {
                new: Counted::total(so_far),
                total: Counted::total(so_far),
                finished: Counted::total(0),
                ongoing: Counted::total(so_far),
                ..Default::default()
            };
            let t = Targets { new: Some(target), ..Targets::default() };
            let p = on_track(&r, months, &t);
            prop_assert!(p[0].on_track, "{:?}", p);
            prop_assert!(p[0].projected >= target);
        }
    }
}
