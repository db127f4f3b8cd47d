//! A structural insats's own indicators over time (issue 14, point 5): a structural insats
//! changes how the members work together, so it counts something else than participants, e.g.
//! the visits to a web catalogue of welfare services: 4 304 in 2022, 28 759 in 2023, 35 677 in
//! 2024 through August. Each indicator says how its figure can be read (the caution note: the
//! catalogue's visits are placed by the IP address's home region) and may have a target per
//! year; a year whose value reaches its target is a goal met, and the förbund's "share of the
//! structural insatser's goals met" is counted from them.

/// One year of an indicator.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Indikatorvarde")]
pub struct YearValue {
    /// The year.
    #[serde(rename = "ar")]
    pub year: i32,
    /// The value, when measured.
    #[serde(rename = "varde", default)]
    pub value: Option<u64>,
    /// The year's target (at least), when there is one.
    #[serde(rename = "mal", default)]
    pub target: Option<u64>,
    /// What the value covers, when not the whole year ("t.o.m. augusti").
    #[serde(rename = "anmarkning", default)]
    pub note: String,
}

/// An indicator of a structural insats.
#[derive(
    Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Indikator")]
pub struct Indicator {
    /// What is counted ("Besök på Välfärdsguiden").
    #[serde(rename = "namn")]
    pub name: String,
    /// How the figure can (and cannot) be read.
    #[serde(rename = "forsiktighet", default)]
    pub caution: String,
    /// Its years, by year.
    #[serde(rename = "ar", default)]
    pub years: Vec<YearValue>,
}

impl Indicator {
    /// Sets a year's value, target and note (replacing what the year had), keeping the years
    /// in order.
    pub fn set(&mut self, v: YearValue) {
        self.years.retain(|y| y.year != v.year);
        self.years.push(v);
        self.years.sort_by_key(|y| y.year);
    }

    /// Whether the year's value reaches its target: none without both.
    pub fn met(&self, year: i32) -> Option<bool> {
        let y = self.years.iter().find(|y| y.year == year)?;
        Some(y.value? >= y.target?)
    }

    /// The change from the year before, in words ("+ 6,7 gånger", "+ 24 %"), when both years
    /// have values and the earlier is not 0.
    pub fn change(&self, year: i32) -> Option<String> {
        let now = self.years.iter().find(|y| y.year == year)?.value?;
        let before = self.years.iter().find(|y| y.year == year - 1)?.value?;
        let f = crate::fraction::Fraction::new(
            i128::from(now) - i128::from(before),
            i128::from(before),
        )?;
        Some(crate::format::percent(f, 0))
    }
}

/// Of the indicators' targets for `year`, how many were met and how many could be assessed.
pub fn goals_met(indicators: &[Indicator], year: i32) -> (u64, u64) {
    indicators
        .iter()
        .filter_map(|i| i.met(year))
        .fold((0, 0), |(met, of), m| (met + u64::from(m), of + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The web catalogue's visits as SOFINT's interim report gives them; the targets are the
    /// demo's.
    fn catalogue() -> Indicator {
        let mut i = Indicator {
            name: "Besök på Välfärdsguiden".into(),
            caution: "Besöken räknas på IP-adressens hemvist.".into(),
            years: Vec::new(),
        };
        for (year, value, target, note) in [
            (2024, 35_677, Some(30_000), "t.o.m. augusti"),
            (2022, 4_304, None, ""),
            (2023, 28_759, Some(30_000), ""),
        ] {
            i.set(YearValue {
                year,
                value: Some(value),
                target,
                note: note.into(),
            });
        }
        i
    }

    #[test]
    fn the_catalogues_visits_over_the_years() {
        let i = catalogue();
        let years: Vec<i32> = i.years.iter().map(|y| y.year).collect();
        assert_eq!(years, [2022, 2023, 2024]);
        assert_eq!(i.met(2023), Some(false));
        assert_eq!(i.met(2024), Some(true));
        assert_eq!(i.met(2022), None);
        assert_eq!(i.change(2023).as_deref(), Some("568 %"));
        assert_eq!(goals_met(std::slice::from_ref(&i), 2024), (1, 1));
        assert_eq!(goals_met(&[i], 2023), (0, 1));
    }
}
