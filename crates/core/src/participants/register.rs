//! For Uppföljning Finsam (issue 14, point 10): a CSV per insats and year that the förbund's
//! administrator transfers to the national register. The register's exact categories are not
//! public here, so its columns are a mapping the förbund keeps and edits: each column a heading
//! and where its value comes from, a report cell (`totalt.kvinnor`, `utfall:arbete.totalt`) or
//! one of the insats's facts (`insats`, `diarienummer`, `ar`).

use super::ParticipantReport;
use super::form::row_keys;
use super::{COLUMNS, ParticipantSettings};

/// The insats's facts a column can take.
pub const FACTS: [(&str, &str); 3] = [
    ("insats", "insatsens namn"),
    ("diarienummer", "ansökans diarienummer"),
    ("ar", "året"),
];

/// One column: its heading and its source.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Registerkolumn")]
pub struct Column {
    /// The heading the register's file has.
    #[serde(rename = "rubrik")]
    pub heading: String,
    /// A report cell or a fact.
    #[serde(rename = "kalla")]
    pub source: String,
}

/// The columns before the förbund sets its own: the insats, the year, and the year's counts by
/// gender, then each outcome's total.
pub fn default_columns(settings: &ParticipantSettings) -> Vec<Column> {
    let mut out = vec![
        col("Insats", "insats"),
        col("Diarienummer", "diarienummer"),
        col("År", "ar"),
    ];
    for (key, words) in [
        ("totalt", "Deltagare"),
        ("nya", "Nya"),
        ("avslutade", "Avslutade"),
    ] {
        out.push(col(&format!("{words} kvinnor"), &format!("{key}.kvinnor")));
        out.push(col(&format!("{words} män"), &format!("{key}.man")));
        out.push(col(
            &format!("{words} annat eller ej angivet"),
            &format!("{key}.annat"),
        ));
    }
    for o in &settings.outcomes {
        out.push(col(
            &format!("Avslutade till {}", o.name.to_lowercase()),
            &format!("utfall:{}.totalt", o.key),
        ));
    }
    out
}

fn col(heading: &str, source: &str) -> Column {
    Column {
        heading: heading.to_owned(),
        source: source.to_owned(),
    }
}

/// Whether a source names a fact or one of the förbund's report cells.
pub fn known_source(source: &str, settings: &ParticipantSettings) -> bool {
    FACTS.iter().any(|(f, _)| *f == source)
        || source.rsplit_once('.').is_some_and(|(row, column)| {
            COLUMNS.contains(&column) && row_keys(settings).iter().any(|(k, _)| k == row)
        })
}

/// The file's rows: the headings, then the insats's year (empty cells where not reported).
pub fn rows(
    columns: &[Column],
    report: &ParticipantReport,
    (insats, case_number, year): (&str, &str, i32),
) -> Vec<Vec<String>> {
    let value = |source: &str| match source {
        "insats" => insats.to_owned(),
        "diarienummer" => case_number.to_owned(),
        "ar" => year.to_string(),
        _ => source
            .rsplit_once('.')
            .and_then(|(row, column)| report.row(row)?.column(column))
            .map(|n| n.to_string())
            .unwrap_or_default(),
    };
    vec![
        columns.iter().map(|c| c.heading.clone()).collect(),
        columns.iter().map(|c| value(&c.source)).collect(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_columns_carry_the_years_counts_and_outcomes() {
        let s = ParticipantSettings::default();
        let cols = default_columns(&s);
        assert!(cols.iter().all(|c| known_source(&c.source, &s)), "{cols:?}");
        let r = crate::testing::sofint_half_year();
        let rows = rows(&cols, &r, ("Coachingteamet", "2023/1", 2024));
        let at = |h: &str| {
            let i = rows[0].iter().position(|x| x == h).expect(h);
            rows[1][i].clone()
        };
        assert_eq!(at("Insats"), "Coachingteamet");
        assert_eq!(at("Deltagare kvinnor"), "56");
        assert_eq!(at("Avslutade män"), "16");
        assert_eq!(at("Avslutade till åter till remittent"), "22");
        assert_eq!(at("Avslutade till arbete"), "");
        assert!(!known_source("totalt.barn", &s));
        assert!(!known_source("lon.totalt", &s));
    }
}
