//! Two people editing one budget line: a three-way merge of the line's form fields, so that a
//! save never loses the other person's value. The form carries the line as the user opened it
//! (`was_*` fields); against the line as it is now, a field only one of them changed takes that
//! change, and only a field both changed to different values is asked about.

use std::collections::{BTreeSet, HashMap};

use finsam_core::Year;
use finsam_core::format::Unit;

use crate::plan_edit::{Fields, line_fields_in, parse_line_in};

/// The prefix of the fields that carry the line as the user opened it.
pub const WAS: &str = "was_";

/// The outcome of a merge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The merged fields: each field's agreed value, and the user's own where both changed.
    pub fields: HashMap<String, String>,
    /// The fields both changed to different values, in the form's order.
    pub conflicts: Vec<String>,
}

/// The fields of a line in their canonical text, so that "2 000 000" and "2000000" are the same
/// value; text that does not read as a line is kept as typed.
pub fn canonical(
    fields: &HashMap<String, String>,
    years: &[Year],
    unit: Unit,
) -> HashMap<String, String> {
    let as_list: Fields = fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    match parse_line_in(&as_list, years, unit) {
        Ok(line) => line_fields_in(&line, years, unit),
        Err(_) => fields.clone(),
    }
}

/// The `was_*` fields of a submitted form, without their prefix.
pub fn opened_as(fields: &Fields) -> HashMap<String, String> {
    fields
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(WAS)?.to_owned(), v.clone())))
        .collect()
}

/// Merges `mine` and `theirs`, both changed from `base`. A field missing from a side is empty
/// there (a line of another kind has other fields).
pub fn merge(
    base: &HashMap<String, String>,
    mine: &HashMap<String, String>,
    theirs: &HashMap<String, String>,
) -> Merged {
    let keys: BTreeSet<&String> = base
        .keys()
        .chain(mine.keys())
        .chain(theirs.keys())
        .collect();
    let value = |m: &HashMap<String, String>, k: &str| m.get(k).cloned().unwrap_or_default();
    let mut fields = HashMap::new();
    let mut conflicts = Vec::new();
    for k in keys {
        let (b, m, t) = (value(base, k), value(mine, k), value(theirs, k));
        let agreed = if m == b {
            t
        } else if t == b || t == m {
            m
        } else {
            conflicts.push(k.clone());
            m
        };
        if !agreed.is_empty() {
            fields.insert(k.clone(), agreed);
        }
    }
    conflicts.sort_by_key(|k| order(k));
    Merged { fields, conflicts }
}

/// Where a field stands in the form, for listing conflicts in the order people see them.
fn order(key: &str) -> (u8, String) {
    let rank = match key {
        "name" => 0,
        "category" => 1,
        "payer" => 2,
        "kind" => 3,
        k if k.starts_with("ar_") => 4,
        "amount" => 5,
        k if k.starts_with("monthly_") => 6,
        k if k.starts_with("index_") => 7,
        k if k.starts_with("override_") => 8,
        _ => 9,
    };
    (rank, key.to_owned())
}

/// A field's name as the form shows it.
pub fn label(key: &str) -> String {
    match key {
        "name" => "Namn".into(),
        "category" => "Kategori".into(),
        "payer" => "Betalare".into(),
        "note" => "Anteckning".into(),
        "kind" => "Hur beloppen anges".into(),
        "amount" => "Samma belopp varje år".into(),
        "monthly_amount" => "Belopp per månad".into(),
        "monthly_from" => "Från månad".into(),
        "monthly_to" => "Till och med månad".into(),
        "monthly_fixed" => "Fast del per år".into(),
        "index_base" => "Basbelopp".into(),
        "index_base_year" => "Basår".into(),
        "index_percent" => "Procent per år".into(),
        "index_rounding" => "Avrundning".into(),
        k => match (k.strip_prefix("ar_"), k.strip_prefix("override_")) {
            (Some(y), _) => format!("Belopp {y}"),
            (_, Some(y)) => format!("Skrivet belopp {y}"),
            _ => k.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn changes_to_different_fields_are_both_kept() {
        let base = map(&[
            ("name", "Coaching"),
            ("ar_2024", "-100"),
            ("ar_2025", "-100"),
        ]);
        let mine = map(&[
            ("name", "Coaching"),
            ("ar_2024", "-100"),
            ("ar_2025", "-150"),
        ]);
        let theirs = map(&[
            ("name", "Coachingteamet"),
            ("ar_2024", "-100"),
            ("ar_2025", "-100"),
        ]);
        let m = merge(&base, &mine, &theirs);
        assert!(m.conflicts.is_empty());
        assert_eq!(
            m.fields,
            map(&[
                ("name", "Coachingteamet"),
                ("ar_2024", "-100"),
                ("ar_2025", "-150")
            ])
        );
    }

    #[test]
    fn only_a_field_both_changed_differently_is_asked_about() {
        let base = map(&[("name", "A"), ("ar_2024", "-100"), ("note", "")]);
        let mine = map(&[("name", "A"), ("ar_2024", "-200"), ("note", "min")]);
        let theirs = map(&[("name", "B"), ("ar_2024", "-300"), ("note", "min")]);
        let m = merge(&base, &mine, &theirs);
        assert_eq!(m.conflicts, ["ar_2024"]);
        // The user's value stands in the conflicting field; the rest is merged.
        assert_eq!(m.fields["ar_2024"], "-200");
        assert_eq!(m.fields["name"], "B");
        assert_eq!(m.fields["note"], "min");
    }

    #[test]
    fn a_field_the_other_emptied_is_emptied() {
        let base = map(&[("name", "A"), ("note", "gammal")]);
        let mine = map(&[("name", "A2"), ("note", "gammal")]);
        let theirs = map(&[("name", "A")]);
        let m = merge(&base, &mine, &theirs);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.fields, map(&[("name", "A2")]));
    }

    #[test]
    fn conflicts_are_listed_in_the_forms_order_with_their_labels() {
        let base = map(&[("name", "A"), ("ar_2025", "1"), ("kind", "per_ar")]);
        let mine = map(&[("name", "B"), ("ar_2025", "2"), ("kind", "fast")]);
        let theirs = map(&[("name", "C"), ("ar_2025", "3"), ("kind", "manad")]);
        let m = merge(&base, &mine, &theirs);
        assert_eq!(m.conflicts, ["name", "kind", "ar_2025"]);
        let labels: Vec<String> = m.conflicts.iter().map(|k| label(k)).collect();
        assert_eq!(labels, ["Namn", "Hur beloppen anges", "Belopp 2025"]);
    }

    proptest::proptest! {
        /// Whatever the three sides, a field only one side changed ends with that change, and a
        /// field is a conflict exactly when both changed it to different values.
        #[test]
        fn the_merge_loses_no_change(
            base in proptest::collection::vec(0u8..3, 6),
            mine in proptest::collection::vec(0u8..3, 6),
            theirs in proptest::collection::vec(0u8..3, 6),
        ) {
            let to_map = |v: &[u8]| -> HashMap<String, String> {
                v.iter().enumerate().map(|(i, x)| (format!("f{i}"), x.to_string())).collect()
            };
            let (b, m, t) = (to_map(&base), to_map(&mine), to_map(&theirs));
            let merged = merge(&b, &m, &t);
            for i in 0..6 {
                let k = format!("f{i}");
                let both = base[i] != mine[i] && base[i] != theirs[i] && mine[i] != theirs[i];
                proptest::prop_assert_eq!(merged.conflicts.contains(&k), both);
                let want = if mine[i] != base[i] { mine[i] } else { theirs[i] };
                proptest::prop_assert_eq!(&merged.fields[&k], &want.to_string());
            }
        }
    }
}
