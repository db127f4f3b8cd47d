//! Charts of participants (issue 14, point 9), as data with the sentence that says every figure
//! (the text alternative); the web lays them out as SVG. Each is a set of groups of labelled
//! horizontal bars, every bar's figure written beside it so colour never carries the meaning
//! alone: participants over time by gender, outcomes by gender, each rate against its target.

use super::rates::{RateKind, Targets, rate};
use super::{OutcomeKind, ParticipantReport};
use crate::format::percent;

/// One bar: its series ("kvinnor"), its value, and how the value is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    /// The series' word, which also picks its colour.
    pub series: &'static str,
    /// The value the bar's length stands for (a count, or a whole per cent).
    pub value: u32,
    /// The value in words beside the bar ("56", "37 %").
    pub text: String,
}

/// A group of bars under a label, with an optional target marked across it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The group's label ("2024-01-01–2024-06-30", "Stegförflyttning").
    pub label: String,
    /// Its bars.
    pub bars: Vec<Bar>,
    /// A target on the same scale, written as "mål 55 %".
    pub target: Option<(u32, String)>,
}

/// A chart of grouped horizontal bars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarChart {
    /// Its title.
    pub title: String,
    /// Every figure in words, for those who cannot see the chart.
    pub description: String,
    /// Its groups, top to bottom.
    pub groups: Vec<Group>,
    /// The value the full width stands for.
    pub max: u32,
}

fn finish(title: String, groups: Vec<Group>) -> BarChart {
    let max = groups
        .iter()
        .flat_map(|g| {
            g.bars
                .iter()
                .map(|b| b.value)
                .chain(g.target.as_ref().map(|t| t.0))
        })
        .max()
        .unwrap_or(0)
        .max(1);
    let description = groups
        .iter()
        .map(|g| {
            let bars = g
                .bars
                .iter()
                .map(|b| format!("{} {}", b.series, b.text))
                .collect::<Vec<_>>()
                .join(", ");
            match &g.target {
                Some((_, t)) => format!("{}: {bars}; {t}", g.label),
                None => format!("{}: {bars}", g.label),
            }
        })
        .collect::<Vec<_>>()
        .join(". ");
    BarChart {
        title,
        description: if description.is_empty() {
            "Inga siffror att visa.".to_owned()
        } else {
            format!("{description}.")
        },
        groups,
        max,
    }
}

/// A count's bars by gender (women and men, and other when any).
fn by_gender(c: super::Counted) -> Vec<Bar> {
    match c.split {
        Some([w, m, o]) => {
            let mut bars = vec![
                Bar {
                    series: "kvinnor",
                    value: w,
                    text: w.to_string(),
                },
                Bar {
                    series: "män",
                    value: m,
                    text: m.to_string(),
                },
            ];
            if o > 0 {
                bars.push(Bar {
                    series: "annat",
                    value: o,
                    text: o.to_string(),
                });
            }
            bars
        }
        None => vec![Bar {
            series: "totalt",
            value: c.total,
            text: c.total.to_string(),
        }],
    }
}

/// An insats's participants over its periods by gender: (period words, report).
pub fn over_time(insats: &str, reports: &[(String, &ParticipantReport)]) -> BarChart {
    finish(
        format!("{insats}: deltagare per period och kön"),
        reports
            .iter()
            .map(|(period, r)| Group {
                label: period.clone(),
                bars: by_gender(r.total),
                target: None,
            })
            .collect(),
    )
}

/// The finished by outcome and gender, the outcomes reported.
pub fn outcomes(r: &ParticipantReport, kinds: &[OutcomeKind]) -> BarChart {
    finish(
        "Avslutade deltagare per utfall och kön".to_owned(),
        r.outcomes
            .iter()
            .map(|(key, c)| Group {
                label: kinds
                    .iter()
                    .find(|k| &k.key == key)
                    .map_or_else(|| key.clone(), |k| k.name.clone()),
                bars: by_gender(*c),
                target: None,
            })
            .collect(),
    )
}

/// Each rate, together and by gender, against the insats's target: whole per cent.
pub fn rates(r: &ParticipantReport, kinds: &[OutcomeKind], targets: &Targets) -> BarChart {
    let groups = RateKind::ALL
        .iter()
        .filter_map(|&kind| {
            let rt = rate(r, kind, kinds)?;
            let bars = [("totalt", "totalt"), ("kvinnor", "kvinnor"), ("män", "man")]
                .iter()
                .filter_map(|(series, column)| {
                    let f = rt.of(column)?;
                    let text = percent(f, 0);
                    let value = text.trim_end_matches(" %").parse::<u32>().unwrap_or(0);
                    Some(Bar {
                        series,
                        value,
                        text,
                    })
                })
                .collect::<Vec<_>>();
            (!bars.is_empty()).then(|| Group {
                label: kind.label().to_owned(),
                bars,
                target: targets.of(kind).map(|t| (t, format!("mål {t} %"))),
            })
        })
        .collect();
    let mut chart = finish(
        "Andelar av de avslutade mot insatsens mål".to_owned(),
        groups,
    );
    chart.max = chart.max.max(100);
    chart
}

#[cfg(test)]
mod tests {
    use super::super::default_outcomes;
    use super::*;

    #[test]
    fn the_rates_chart_says_every_figure_and_the_target() {
        let r = crate::testing::sofint_half_year();
        let targets = Targets {
            step_forward: Some(55),
            ..Targets::default()
        };
        let c = rates(&r, &default_outcomes(), &targets);
        assert_eq!(c.max, 100);
        assert!(
            c.description
                .contains("Stegförflyttning: totalt 37 %, kvinnor 26 %, män 50 %; mål 55 %"),
            "{}",
            c.description
        );
        let o = outcomes(&r, &default_outcomes());
        assert!(
            o.description
                .contains("Åter till remittent: kvinnor 14, män 8"),
            "{}",
            o.description
        );
        let t = over_time("Coachingteamet", &[("2024-01-01–2024-06-30".into(), &r)]);
        assert_eq!(t.max, 56);
        assert!(
            t.description.contains("kvinnor 56, män 47"),
            "{}",
            t.description
        );
    }
}
