//! Small numbers protected (issue 14, point 8). Every participant table carries its audience:
//! inside the förbund the counts show as they are; in a public output (a public page, the later
//! national comparison, an export marked public) a count from 1 to the förbund's threshold − 1
//! (default 5) shows as "< 5", and so does every cell that would give it away: a row's total
//! with all but one of its genders shown tells the last, so one more cell of that equation is
//! hidden, and the same for every other sum the table holds (the ongoing as total − finished,
//! the outcomes and the other groups against their row). The secondary cell is the smallest
//! shown cell of the equation, repeated until no equation has exactly one hidden cell. A rate
//! whose part or whole is hidden is hidden too.
//!
//! Zero is shown (decision 0012): it identifies nobody, and hiding every zero of "annat eller
//! ej angivet" would force a second hidden cell into nearly every row.

use super::rates::{Rate, RateKind, rate};
use super::{COLUMNS, GROUPS, OutcomeKind, ParticipantReport};
use crate::format::percent;

/// Who a table is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Inside the förbund: every count shows.
    Internal,
    /// Public: counts below the threshold are hidden, with the cells that would give them away.
    Public {
        /// The smallest count shown (5: 1–4 are hidden).
        threshold: u32,
    },
}

/// A cell of a participant table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Not reported.
    Empty,
    /// A count shown.
    Count(u32),
    /// A count hidden, below the threshold or giving one away.
    Hidden,
}

/// A participant table for an audience: its rows (key, counts per column) and its rates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Who it is for.
    pub audience: Audience,
    /// The threshold's words for a hidden cell ("< 5").
    pub hidden_words: String,
    /// (row key, per column: totalt, kvinnor, män, annat).
    pub rows: Vec<(String, [Cell; 4])>,
    /// (rate, per column in words: "37 % (13 av 35)", "–" when none or hidden).
    pub rates: Vec<(RateKind, [String; 4])>,
}

impl Table {
    /// A cell in words: the count, "< 5" when hidden, "" when not reported.
    pub fn words(&self, cell: Cell) -> String {
        match cell {
            Cell::Empty => String::new(),
            Cell::Count(n) => n.to_string(),
            Cell::Hidden => self.hidden_words.clone(),
        }
    }

    /// Every count shown, for tests and checks.
    pub fn shown(&self) -> Vec<u32> {
        self.rows
            .iter()
            .flat_map(|(_, cells)| cells.iter())
            .filter_map(|c| match c {
                Cell::Count(n) => Some(*n),
                _ => None,
            })
            .collect()
    }
}

/// A cell by its row key and column index.
type At = (String, usize);

/// Cells that add up (`plus`) to another (`equals`).
type Equation = (Vec<At>, At);

/// The sums the report's cells hold, each as the cells that add up (`plus`) to another
/// (`equals`), by (row, column).
fn equations(r: &ParticipantReport) -> Vec<Equation> {
    let mut out = Vec::new();
    for (key, c) in r.rows() {
        if c.split.is_some() {
            out.push(((1..4).map(|i| (key.clone(), i)).collect(), (key.clone(), 0)));
        }
    }
    for i in 0..4 {
        // total = finished + ongoing.
        out.push((
            vec![("avslutade".to_owned(), i), ("pagaende".to_owned(), i)],
            ("totalt".to_owned(), i),
        ));
        for (prefix, _, base) in GROUPS {
            let rows = r.group(prefix).map(Vec::as_slice).unwrap_or_default();
            if !rows.is_empty() {
                out.push((
                    rows.iter()
                        .map(|(item, _)| (format!("{prefix}:{item}"), i))
                        .collect(),
                    (base.to_owned(), i),
                ));
            }
        }
    }
    out
}

/// The report as a table for `audience`, with the förbund's outcomes for its rates.
pub fn table(r: &ParticipantReport, outcomes: &[OutcomeKind], audience: Audience) -> Table {
    let mut rows: Vec<(String, [Cell; 4])> = r
        .rows()
        .into_iter()
        .map(|(key, c)| {
            let cells = [0, 1, 2, 3].map(|i| match c.column(COLUMNS[i]) {
                Some(n) => Cell::Count(n),
                None => Cell::Empty,
            });
            (key, cells)
        })
        .collect();
    let threshold = match audience {
        Audience::Internal => 0,
        Audience::Public { threshold } => threshold,
    };
    if threshold > 0 {
        for (_, cells) in &mut rows {
            for c in cells.iter_mut() {
                if let Cell::Count(n) = c
                    && *n > 0
                    && *n < threshold
                {
                    *c = Cell::Hidden;
                }
            }
        }
        let eqs = equations(r);
        loop {
            let mut changed = false;
            for (plus, equals) in &eqs {
                let all: Vec<&(String, usize)> =
                    plus.iter().chain(std::iter::once(equals)).collect();
                let at = |rows: &Vec<(String, [Cell; 4])>, (key, i): &(String, usize)| {
                    rows.iter().find(|(k, _)| k == key).map(|(_, c)| c[*i])
                };
                let cells: Vec<Option<Cell>> = all.iter().map(|x| at(&rows, x)).collect();
                if cells.iter().any(Option::is_none) || cells.contains(&Some(Cell::Empty)) {
                    continue;
                }
                let hidden = cells.iter().filter(|c| **c == Some(Cell::Hidden)).count();
                if hidden != 1 {
                    continue;
                }
                // The smallest shown cell of the equation is hidden too.
                let smallest = all
                    .iter()
                    .zip(&cells)
                    .filter_map(|(x, c)| match c {
                        Some(Cell::Count(n)) => Some((*n, *x)),
                        _ => None,
                    })
                    .min_by_key(|(n, _)| *n);
                if let Some((_, (key, i))) = smallest
                    && let Some((_, row)) = rows.iter_mut().find(|(k, _)| k == key)
                {
                    row[*i] = Cell::Hidden;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }
    let hidden_cell = |key: &str, i: usize| {
        rows.iter()
            .find(|(k, _)| k == key)
            .is_some_and(|(_, c)| c[i] == Cell::Hidden)
    };
    let rates = RateKind::ALL
        .iter()
        .filter_map(|&kind| {
            let rt: Rate = rate(r, kind, outcomes)?;
            let part_rows: Vec<String> = match kind {
                RateKind::WithPlan => vec!["plan".to_owned()],
                _ => kind
                    .part_outcomes(r, outcomes)
                    .map(|(k, _)| format!("utfall:{k}"))
                    .collect(),
            };
            let words = [0, 1, 2, 3].map(|i| {
                let hidden =
                    hidden_cell("avslutade", i) || part_rows.iter().any(|k| hidden_cell(k, i));
                let small = rt.counts(COLUMNS[i]).is_some_and(|(p, w)| {
                    threshold > 0 && ((p > 0 && p < threshold) || w < threshold)
                });
                if hidden || small {
                    "–".to_owned()
                } else {
                    match rt.of(COLUMNS[i]) {
                        Some(f) if threshold > 0 => percent(f, 0),
                        _ => rt.words(COLUMNS[i]),
                    }
                }
            });
            Some((kind, words))
        })
        .collect();
    Table {
        audience,
        hidden_words: format!("< {threshold}"),
        rows,
        rates,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Counted, default_outcomes};
    use super::*;
    use proptest::prelude::*;

    fn cell(t: &Table, key: &str, i: usize) -> Cell {
        t.rows.iter().find(|(k, _)| k == key).expect(key).1[i]
    }

    #[test]
    fn inside_the_forbund_every_count_shows() {
        let r = crate::testing::sofint_half_year();
        let t = table(&r, &default_outcomes(), Audience::Internal);
        assert_eq!(cell(&t, "totalt", 1), Cell::Count(56));
        assert!(!t.rows.iter().any(|(_, c)| c.contains(&Cell::Hidden)));
    }

    #[test]
    fn a_total_of_103_with_100_women_does_not_tell_that_the_men_are_3() {
        let mut r = crate::testing::sofint_half_year();
        r.total = Counted::split(103, 100, 3, 0);
        let t = table(&r, &default_outcomes(), Audience::Public { threshold: 5 });
        assert_eq!(cell(&t, "totalt", 2), Cell::Hidden, "the 3 men");
        // One more cell of the row is hidden: the smallest shown, here the zero.
        assert_eq!(cell(&t, "totalt", 3), Cell::Hidden);
        assert_eq!(cell(&t, "totalt", 1), Cell::Count(100));
        assert_eq!(t.words(cell(&t, "totalt", 2)), "< 5");
    }

    #[test]
    fn a_rate_on_a_hidden_count_is_hidden() {
        let mut r = crate::testing::sofint_half_year();
        r.finished = Counted::split(35, 32, 3, 0);
        r.outcomes = vec![
            ("program".into(), Counted::split(13, 11, 2, 0)),
            ("remittent".into(), Counted::split(22, 21, 1, 0)),
        ];
        r.ongoing = Counted::total(68);
        let t = table(&r, &default_outcomes(), Audience::Public { threshold: 5 });
        let step = &t
            .rates
            .iter()
            .find(|(k, _)| *k == RateKind::StepForward)
            .expect("a rate")
            .1;
        assert_eq!(step[0], "37 %");
        assert_eq!(step[2], "–", "the men's rate is 2 of 3");
    }

    /// Every equation's cells, for the property.
    fn equation_cells(t: &Table, r: &ParticipantReport) -> Vec<Vec<Cell>> {
        equations(r)
            .into_iter()
            .map(|(plus, equals)| {
                plus.iter()
                    .chain(std::iter::once(&equals))
                    .filter_map(|(k, i)| {
                        t.rows.iter().find(|(key, _)| key == k).map(|(_, c)| c[*i])
                    })
                    .collect()
            })
            .collect()
    }

    proptest! {
        /// In public, no count from 1 to the threshold − 1 shows, and no equation has exactly
        /// one hidden cell (so none can be worked out from the others).
        #[test]
        fn nothing_small_shows_and_nothing_hidden_can_be_worked_out(
            w in 0u32..30, m in 0u32..30, o in 0u32..4,
            fw in 0u32..30, fm in 0u32..30,
            threshold in 2u32..8,
        ) {
            let (fw, fm) = (fw.min(w), fm.min(m));
            let r = ParticipantReport {
                total: Counted::split(w + m + o, w, m, o),
                new: Counted::split(w / 2 + m / 2, w / 2, m / 2, 0),
                finished: Counted::split(fw + fm, fw, fm, 0),
                ongoing: Counted::split(w + m + o - fw - fm, w - fw, m - fm, o),
                outcomes: vec![
                    ("arbete".into(), Counted::split(fw / 2 + fm / 2, fw / 2, fm / 2, 0)),
                    ("ovrigt".into(), Counted::split(fw - fw / 2 + fm - fm / 2, fw - fw / 2, fm - fm / 2, 0)),
                ],
                ..Default::default()
            };
            prop_assert!(r.check().is_empty());
            let t = table(&r, &default_outcomes(), Audience::Public { threshold });
            prop_assert!(t.shown().iter().all(|n| *n == 0 || *n >= threshold), "{:?}", t.rows);
            for eq in equation_cells(&t, &r) {
                let hidden = eq.iter().filter(|c| **c == Cell::Hidden).count();
                prop_assert!(hidden != 1, "{:?}", t.rows);
            }
        }
    }
}
