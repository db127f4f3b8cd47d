//! The application form, read into an insats: the fields a browser sends (names below), each
//! wrong one with its Swedish message under the field's name, so that the page shows the form
//! again as typed. The insats's own rules (parties, budget against the period, the förbund's
//! settings) are checked by [`App::submit_application`](crate::App::submit_application).

use std::collections::BTreeMap;

use finsam_core::Money;
use finsam_core::budget::YearMonth;
use finsam_core::insats::{Budget, Goal, Insats, Kind, Period, Registration};

use crate::plan_edit::{Fields, get};
use crate::settings::lines;

/// Messages by field name, in the form's order.
pub type Messages = Vec<(String, String)>;

/// Rows of the budget table: year, amount asked for, co-financing by others.
pub const BUDGET_ROWS: usize = 5;

/// Rows of goals with their measures.
pub const GOAL_ROWS: usize = 4;

/// Every value of a field sent more than once (check boxes).
pub fn all<'a>(fields: &'a Fields, name: &str) -> Vec<&'a str> {
    fields
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
        .collect()
}

fn month(
    fields: &Fields,
    name: &str,
    what: &str,
    errors: &mut Vec<(String, String)>,
) -> Option<YearMonth> {
    let v = get(fields, name);
    let m = YearMonth::parse(v);
    if m.is_none() {
        errors.push((
            name.to_owned(),
            if v.is_empty() {
                format!("Skriv {what} som ÅÅÅÅ-MM, t.ex. 2025-02.")
            } else {
                format!("{what}: \"{v}\" är ingen månad; skriv ÅÅÅÅ-MM, t.ex. 2025-02.")
            },
        ));
    }
    m
}

fn amount(v: &str, name: String, what: &str, errors: &mut Vec<(String, String)>) -> Option<Money> {
    if v.is_empty() {
        return None;
    }
    match Money::parse(v) {
        Ok(m) if !m.is_negative() => Some(m),
        Ok(_) => {
            errors.push((name, format!("{what}: ett belopp kan inte vara negativt.")));
            None
        }
        Err(e) => {
            errors.push((name, format!("{what}: {e}. Skriv t.ex. 450 000.")));
            None
        }
    }
}

/// The insats and continuation plan a form describes; `owner` is the member the applicant
/// acts for (an insatsägare's own), else the form's choice.
pub fn parse_application(
    fields: &Fields,
    owner: Option<&str>,
) -> Result<(Insats, Option<String>), Messages> {
    let mut errors = Vec::new();
    let text = |name: &str| get(fields, name).to_owned();
    let kind = Kind::from_word(get(fields, "typ"));
    if kind.is_none() {
        errors.push(("typ".to_owned(), "Välj vilket slags insats.".to_owned()));
    }
    let owner = owner.map_or_else(|| text("insatsagare"), str::to_owned);
    if owner.is_empty() {
        errors.push((
            "insatsagare".to_owned(),
            "Välj insatsägaren, den medlem som driver insatsen.".to_owned(),
        ));
    }
    let mut members: Vec<String> = all(fields, "parter")
        .into_iter()
        .map(str::to_owned)
        .collect();
    if !owner.is_empty() && !members.contains(&owner) {
        members.insert(0, owner.clone());
    }
    let mut target_groups: Vec<String> = all(fields, "malgrupp")
        .into_iter()
        .map(str::to_owned)
        .collect();
    target_groups.extend(lines(get(fields, "malgrupper")));
    let from = month(fields, "fran", "Första månaden", &mut errors);
    let to = month(fields, "till", "Sista månaden", &mut errors);
    let period = match (from, to) {
        (Some(from), Some(to)) => match Period::new(from, to) {
            Ok(p) => Some(p),
            Err(e) => {
                let e = e.to_string();
                let mut c = e.chars();
                let first = c.next().map(|f| f.to_uppercase().to_string());
                errors.push((
                    "till".to_owned(),
                    format!("{}{}.", first.unwrap_or_default(), c.as_str()),
                ));
                None
            }
        },
        _ => None,
    };
    let mut asked = BTreeMap::new();
    let mut co_financing = BTreeMap::new();
    for n in 1..=BUDGET_ROWS {
        let year_text = get(fields, &format!("ar_{n}"));
        let sum = get(fields, &format!("sokt_{n}"));
        let co = get(fields, &format!("medfin_{n}"));
        if year_text.is_empty() && sum.is_empty() && co.is_empty() {
            continue;
        }
        let Ok(year) = year_text.parse::<i32>().map_err(|_| ()).and_then(|y| {
            if (2000..=2100).contains(&y) {
                Ok(y)
            } else {
                Err(())
            }
        }) else {
            errors.push((
                format!("ar_{n}"),
                format!("Rad {n} i budgeten: \"{year_text}\" är inget år; skriv t.ex. 2025."),
            ));
            continue;
        };
        if asked.contains_key(&year) || co_financing.contains_key(&year) {
            errors.push((
                format!("ar_{n}"),
                format!("Rad {n} i budgeten: {year} står redan på en rad ovanför."),
            ));
            continue;
        }
        let what = format!("Sökt belopp {year}");
        if let Some(m) = amount(sum, format!("sokt_{n}"), &what, &mut errors) {
            asked.insert(year, m);
        }
        let what = format!("Medfinansiering {year}");
        if let Some(m) = amount(co, format!("medfin_{n}"), &what, &mut errors) {
            co_financing.insert(year, m);
        }
    }
    let mut goals = Vec::new();
    for n in 1..=GOAL_ROWS {
        let goal = text(&format!("mal_{n}"));
        let measure = text(&format!("matt_{n}"));
        match (goal.is_empty(), measure.is_empty()) {
            (true, true) => {}
            (false, false) => goals.push(Goal { goal, measure }),
            (true, false) => errors.push((
                format!("mal_{n}"),
                format!("Mål {n}: skriv målet som måttet mäter."),
            )),
            (false, true) => errors.push((
                format!("matt_{n}"),
                format!("Mål {n}: skriv hur målet mäts."),
            )),
        }
    }
    if goals.is_empty() && !errors.iter().any(|(f, _)| f.starts_with("ma")) {
        errors.push((
            "mal_1".to_owned(),
            "Skriv minst ett mål och hur det mäts.".to_owned(),
        ));
    }
    let precise = text("preciserad");
    let continuation = Some(text("fortsattning")).filter(|c| !c.is_empty());
    match (kind, period) {
        (Some(kind), Some(period)) if errors.is_empty() => Ok((
            Insats {
                name: text("namn"),
                kind,
                members,
                owner,
                target_groups,
                purpose: text("syfte"),
                period,
                budget: Budget::CalendarYears(asked),
                co_financing,
                goals,
                steering_group: lines(get(fields, "styrgrupp")),
                registration: Registration {
                    orientation: text("inriktning"),
                    precise_orientation: (!precise.is_empty()).then_some(precise),
                    follow_up_method: text("uppfoljningsmetod"),
                    esf: !get(fields, "esf").is_empty(),
                },
            },
            continuation,
        )),
        _ => Err(errors),
    }
}

/// The form's fields of an insats and its continuation plan, as the form shows them again for
/// a completion: the budget per calendar year (a budget written per project year is shown, and
/// saved, per calendar year), the first rows of budget and goals the form has.
pub fn insats_fields(insats: &Insats, continuation: Option<&str>) -> Fields {
    let mut f: Fields = vec![
        ("namn".into(), insats.name.clone()),
        ("typ".into(), insats.kind.word().to_owned()),
        ("insatsagare".into(), insats.owner.clone()),
        ("syfte".into(), insats.purpose.clone()),
        ("fran".into(), insats.period.from.to_string()),
        ("till".into(), insats.period.to.to_string()),
        ("styrgrupp".into(), insats.steering_group.join("\n")),
        ("inriktning".into(), insats.registration.orientation.clone()),
        (
            "preciserad".into(),
            insats
                .registration
                .precise_orientation
                .clone()
                .unwrap_or_default(),
        ),
        (
            "uppfoljningsmetod".into(),
            insats.registration.follow_up_method.clone(),
        ),
        ("fortsattning".into(), continuation.unwrap_or("").to_owned()),
    ];
    if insats.registration.esf {
        f.push(("esf".into(), "ja".into()));
    }
    for m in insats.members.iter().filter(|m| **m != insats.owner) {
        f.push(("parter".into(), m.clone()));
    }
    for g in &insats.target_groups {
        f.push(("malgrupp".into(), g.clone()));
    }
    let asked = match &insats.budget {
        Budget::CalendarYears(a) => a.clone(),
        Budget::ProjectYears(_) => insats
            .budget
            .per_calendar_year(insats.period)
            .unwrap_or_default(),
    };
    let years: std::collections::BTreeSet<i32> = asked
        .keys()
        .chain(insats.co_financing.keys())
        .copied()
        .collect();
    for (n, y) in years.iter().take(BUDGET_ROWS).enumerate() {
        let n = n + 1;
        f.push((format!("ar_{n}"), y.to_string()));
        if let Some(m) = asked.get(y) {
            f.push((format!("sokt_{n}"), finsam_core::format::kr(*m)));
        }
        if let Some(m) = insats.co_financing.get(y) {
            f.push((format!("medfin_{n}"), finsam_core::format::kr(*m)));
        }
    }
    for (n, g) in insats.goals.iter().take(GOAL_ROWS).enumerate() {
        f.push((format!("mal_{}", n + 1), g.goal.clone()));
        f.push((format!("matt_{}", n + 1), g.measure.clone()));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(extra: &[(&str, &str)]) -> Fields {
        let mut f: Fields = [
            ("namn", "Steget"),
            ("typ", "individinriktad"),
            ("parter", "af"),
            ("malgrupp", "Unga vuxna 16–29 år"),
            ("syfte", "Stöd mot arbete."),
            ("fran", "2025-02"),
            ("till", "2028-01"),
            ("ar_1", "2025"),
            ("sokt_1", "450 000"),
            ("ar_2", "2026"),
            ("sokt_2", "500 000"),
            ("medfin_2", "50 000"),
            ("mal_1", "Hälften går till arbete eller studier"),
            ("matt_1", "Andel avslutade till arbete eller studier"),
            ("styrgrupp", "Enhetschef AF\n\nSocialchef"),
            ("inriktning", "Arbetslivsinriktad rehabilitering"),
            ("uppfoljningsmetod", "SUS"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        for (k, v) in extra {
            f.retain(|(n, _)| n != k);
            f.push(((*k).to_owned(), (*v).to_owned()));
        }
        f
    }

    #[test]
    fn a_whole_form_is_an_insats_with_the_owner_among_its_parties() {
        let (i, continuation) = parse_application(&form(&[]), Some("nora")).unwrap();
        assert_eq!(i.members, ["nora", "af"]);
        assert_eq!(i.owner, "nora");
        assert_eq!(i.period.months(), 36);
        assert_eq!(
            i.budget,
            Budget::CalendarYears(
                [
                    (2025, Money::from_ore(45_000_000)),
                    (2026, Money::from_ore(50_000_000))
                ]
                .into()
            )
        );
        assert_eq!(i.co_financing.len(), 1);
        assert_eq!(i.goals.len(), 1);
        assert_eq!(i.steering_group, ["Enhetschef AF", "Socialchef"]);
        assert_eq!(continuation, None);
    }

    #[test]
    fn an_insats_shown_in_the_form_reads_back_the_same() {
        let (i, _) = parse_application(
            &form(&[("esf", "ja"), ("preciserad", "Unga")]),
            Some("nora"),
        )
        .unwrap();
        let shown = insats_fields(&i, Some("Kommunen tar över."));
        let (again, continuation) = parse_application(&shown, Some("nora")).unwrap();
        assert_eq!(again, i);
        assert_eq!(continuation.as_deref(), Some("Kommunen tar över."));
    }

    #[test]
    fn each_wrong_field_is_named() {
        let bad = form(&[
            ("typ", "annan"),
            ("fran", "2025-13"),
            ("ar_2", "tjugo"),
            ("sokt_1", "-5"),
            ("matt_1", ""),
        ]);
        let errors = parse_application(&bad, Some("nora")).unwrap_err();
        let names: Vec<&str> = errors.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["typ", "fran", "sokt_1", "ar_2", "matt_1"],
            "{errors:?}"
        );
        let ends = form(&[("fran", "2025-05"), ("till", "2025-01")]);
        let errors = parse_application(&ends, Some("nora")).unwrap_err();
        assert_eq!(errors[0].0, "till", "{errors:?}");
    }
}
