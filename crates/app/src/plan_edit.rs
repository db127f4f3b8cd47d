//! Changes to a plan from the browser: a budget line from its form (every amount kind the core
//! supports), adding, moving and deleting lines, member shares and goal assessments. Each
//! change is a pure function on a [`Plan`]; form errors are Swedish and tied to their field.

use std::collections::{BTreeMap, HashMap};

use finsam_core::budget::YearMonth;
use finsam_core::format::Unit;
use finsam_core::fraction::{Fraction, Percent};
use finsam_core::goals::{Assessment, Quantity};
use finsam_core::money::Rounding;
use finsam_core::{AmountSpec, Category, Line, Money, Payer, Plan, Year};
use sha2::{Digest, Sha256};

/// The fields of a submitted form, in order.
pub type Fields = Vec<(String, String)>;

/// The value of a field, trimmed; empty when missing.
pub fn get<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.trim())
}

/// Messages per field name.
pub type FieldErrors = BTreeMap<String, String>;

/// The ways a line's amounts can be given, as the form names them.
pub const KINDS: [(&str, &str); 5] = [
    ("per-ar", "Belopp per år"),
    ("fast", "Samma belopp varje år"),
    ("manad", "Månadsbelopp från en startmånad"),
    ("index", "Indexerat från ett basbelopp"),
    ("harledd", "Betalarens andel av medlemsbidragen"),
];

/// The form's kind for a line.
pub fn kind_of(line: &Line) -> &'static str {
    match line.amount {
        AmountSpec::PerYear(_) => "per-ar",
        AmountSpec::Fixed(_) => "fast",
        AmountSpec::Monthly { .. } => "manad",
        AmountSpec::Indexed { .. } => "index",
        AmountSpec::Derived => "harledd",
    }
}

/// A fingerprint of a line's whole content: the editor sends back the fingerprint of the line
/// it showed, so a save can tell whether that line changed since (optimistic locking per line).
/// It hashes the line as the plan file writes it, a stable form.
pub fn fingerprint(line: &Line) -> String {
    hex::encode(Sha256::digest(
        finsam_core::plan_file::line_toml(line).as_bytes(),
    ))
}

/// The fingerprint of a member's stated share (`1/2`, or none), for the same purpose.
pub fn member_fingerprint(m: &finsam_core::Member) -> String {
    let share = m
        .share
        .map(|s| format!("{}/{}", s.num(), s.den()))
        .unwrap_or_default();
    hex::encode(Sha256::digest(share.as_bytes()))
}

/// The fingerprint of a measurement point's value, assessment and comment.
pub fn measure_fingerprint(m: &finsam_core::goals::Measure) -> String {
    let text = [
        m.value.map(|v| v.to_string()).unwrap_or_default(),
        m.assessment
            .map(|a| a.word().to_owned())
            .unwrap_or_default(),
        m.comment.clone().unwrap_or_default(),
    ]
    .join("\u{1f}");
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The form fields that show a line as it is (used to fill in the edit form), in kronor.
pub fn line_fields(line: &Line, years: &[Year]) -> HashMap<String, String> {
    line_fields_in(line, years, Unit::Kr)
}

/// The form fields that show a line as it is, its amounts in `unit` (a tkr plan's form is in
/// tkr, as its document).
pub fn line_fields_in(line: &Line, years: &[Year], unit: Unit) -> HashMap<String, String> {
    let plain =
        |m: Money| finsam_core::format::exact(m, unit).replace(finsam_core::format::MINUS, "-");
    let mut f = HashMap::new();
    f.insert("name".into(), line.name.clone());
    f.insert("category".into(), line.category.word().into());
    f.insert(
        "payer".into(),
        line.payer
            .as_ref()
            .map(|p| p.word().to_owned())
            .unwrap_or_default(),
    );
    f.insert("note".into(), line.note.clone().unwrap_or_default());
    f.insert("kind".into(), kind_of(line).into());
    match &line.amount {
        AmountSpec::Fixed(m) => {
            f.insert("amount".into(), plain(*m));
        }
        AmountSpec::PerYear(map) => {
            for y in years {
                f.insert(
                    format!("ar_{y}"),
                    map.get(y).map(|m| plain(*m)).unwrap_or_default(),
                );
            }
        }
        AmountSpec::Monthly {
            per_month,
            from,
            to,
            fixed_per_year,
        } => {
            f.insert("monthly_amount".into(), plain(*per_month));
            f.insert("monthly_from".into(), from.to_string());
            f.insert(
                "monthly_to".into(),
                to.map(|t| t.to_string()).unwrap_or_default(),
            );
            f.insert("monthly_fixed".into(), plain(*fixed_per_year));
        }
        AmountSpec::Indexed {
            base,
            base_year,
            percent,
            rounding,
            overrides,
        } => {
            f.insert("index_base".into(), plain(*base));
            f.insert(
                "index_base_year".into(),
                base_year.map(|y| y.to_string()).unwrap_or_default(),
            );
            f.insert(
                "index_percent".into(),
                finsam_core::format::hundredths(percent.hundredths())
                    .replace(finsam_core::format::MINUS, "-"),
            );
            f.insert("index_rounding".into(), rounding.word().into());
            for (y, m) in overrides {
                f.insert(format!("override_{y}"), plain(*m));
            }
        }
        AmountSpec::Derived => {}
    }
    f
}

/// The example of an amount in a form's messages, in the form's unit.
fn example(unit: Unit) -> &'static str {
    match unit {
        Unit::Kr => "-35 000 eller 1 234,50",
        Unit::Tkr => "-35 eller 1 234,5 (tkr)",
    }
}

fn money_field(
    (fields, unit): (&Fields, Unit),
    name: &str,
    label: &str,
    required: bool,
    errors: &mut FieldErrors,
) -> Option<Money> {
    let v = get(fields, name);
    if v.is_empty() {
        if required {
            errors.insert(
                name.into(),
                format!(
                    "{label} saknas; skriv ett belopp, t.ex. {} (0 om inget).",
                    example(unit)
                ),
            );
        }
        return None;
    }
    match Money::parse_in(v, unit) {
        Ok(m) => Some(m),
        Err(e) => {
            errors.insert(
                name.into(),
                format!("{label}: {e}. Skriv t.ex. {}.", example(unit)),
            );
            None
        }
    }
}

fn month_field(
    fields: &Fields,
    name: &str,
    label: &str,
    required: bool,
    errors: &mut FieldErrors,
) -> Option<YearMonth> {
    let v = get(fields, name);
    if v.is_empty() {
        if required {
            errors.insert(
                name.into(),
                format!("{label} saknas; skriv år och månad, t.ex. 2024-03."),
            );
        }
        return None;
    }
    let m = YearMonth::parse(v);
    if m.is_none() {
        errors.insert(
            name.into(),
            format!("{label}: \"{v}\" är ingen månad; skriv t.ex. 2024-03."),
        );
    }
    m
}

/// Reads a line from its form (amounts in kronor), or says per field what is wrong.
pub fn parse_line(fields: &Fields, years: &[Year]) -> Result<Line, FieldErrors> {
    parse_line_in(fields, years, Unit::Kr)
}

/// The longest name a budget line may have in the form (a printed budget's row label).
pub const MAX_LINE_NAME: usize = 120;

/// Reads a line from its form, its amounts in `unit`, or says per field what is wrong.
pub fn parse_line_in(fields: &Fields, years: &[Year], unit: Unit) -> Result<Line, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = get(fields, "name").to_owned();
    if name.is_empty() {
        errors.insert(
            "name".into(),
            "Namn saknas; skriv radens namn som i dokumentet.".into(),
        );
    } else if name.chars().count() > MAX_LINE_NAME {
        errors.insert(
            "name".into(),
            format!(
                "Namnet har {} tecken; en rad får heta högst {MAX_LINE_NAME} tecken. Korta det.",
                name.chars().count()
            ),
        );
    }
    let category = Category::from_word(get(fields, "category"));
    if category.is_none() {
        errors.insert("category".into(), "Välj en kategori.".into());
    }
    let payer = Some(get(fields, "payer"))
        .filter(|p| !p.is_empty())
        .map(Payer::from_word);
    let note = Some(get(fields, "note"))
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    let amount = match get(fields, "kind") {
        "fast" => money_field((fields, unit), "amount", "Beloppet", true, &mut errors)
            .map(AmountSpec::Fixed),
        "per-ar" => {
            let mut map = BTreeMap::new();
            for y in years {
                if let Some(m) = money_field(
                    (fields, unit),
                    &format!("ar_{y}"),
                    &format!("Beloppet för {y}"),
                    true,
                    &mut errors,
                ) {
                    map.insert(*y, m);
                }
            }
            Some(AmountSpec::PerYear(map))
        }
        "manad" => {
            let per_month = money_field(
                (fields, unit),
                "monthly_amount",
                "Månadsbeloppet",
                true,
                &mut errors,
            );
            let from = month_field(fields, "monthly_from", "Startmånaden", true, &mut errors);
            let to = month_field(fields, "monthly_to", "Slutmånaden", false, &mut errors);
            let fixed = money_field(
                (fields, unit),
                "monthly_fixed",
                "Den fasta delen",
                false,
                &mut errors,
            )
            .unwrap_or_default();
            if let (Some(f), Some(t)) = (from, to)
                && t < f
            {
                errors.insert(
                    "monthly_to".into(),
                    "Slutmånaden ligger före startmånaden.".into(),
                );
            }
            per_month
                .zip(from)
                .map(|(per_month, from)| AmountSpec::Monthly {
                    per_month,
                    from,
                    to,
                    fixed_per_year: fixed,
                })
        }
        "index" => {
            let base = money_field(
                (fields, unit),
                "index_base",
                "Basbeloppet",
                true,
                &mut errors,
            );
            let percent = match Percent::parse(get(fields, "index_percent")) {
                Ok(p) => Some(p),
                Err(e) => {
                    errors.insert(
                        "index_percent".into(),
                        format!("Procentsatsen: {e}. Skriv t.ex. 2,5."),
                    );
                    None
                }
            };
            let rounding = Rounding::from_word(get(fields, "index_rounding"));
            if rounding.is_none() {
                errors.insert("index_rounding".into(), "Välj avrundning.".into());
            }
            let base_year = match get(fields, "index_base_year") {
                "" => None,
                y => match y.parse::<Year>() {
                    Ok(y) if years.contains(&y) => Some(y),
                    _ => {
                        errors.insert(
                            "index_base_year".into(),
                            format!("Basåret ska vara ett av planåren ({}).", join_years(years)),
                        );
                        None
                    }
                },
            };
            let mut overrides = BTreeMap::new();
            for y in years {
                if let Some(m) = money_field(
                    (fields, unit),
                    &format!("override_{y}"),
                    &format!("Beloppet för {y}"),
                    false,
                    &mut errors,
                ) {
                    overrides.insert(*y, m);
                }
            }
            match (base, percent, rounding) {
                (Some(base), Some(percent), Some(rounding)) => Some(AmountSpec::Indexed {
                    base,
                    base_year,
                    percent,
                    rounding,
                    overrides,
                }),
                _ => None,
            }
        }
        "harledd" => {
            if payer.is_none() {
                errors.insert("payer".into(), "En härledd rad behöver en betalare (medlemmens nyckel eller staten, regionen, kommunerna).".into());
            }
            Some(AmountSpec::Derived)
        }
        _ => {
            errors.insert("kind".into(), "Välj hur beloppen anges.".into());
            None
        }
    };
    match (category, amount) {
        (Some(category), Some(amount)) if errors.is_empty() => Ok(Line {
            name,
            category,
            payer,
            amount,
            note,
            committed: None,
        }),
        _ => Err(errors),
    }
}

fn join_years(years: &[Year]) -> String {
    years
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A Swedish sentence for the audit log that says what changed in a line, year by year.
pub fn describe_change(
    section: &str,
    before: Option<(&Line, &[Money])>,
    after: Option<(&Line, &[Money])>,
    years: &[Year],
) -> String {
    let kr = finsam_core::format::kr;
    match (before, after) {
        (None, Some((l, _))) => format!("Ny rad \"{}\" i \"{section}\"", l.name),
        (Some((l, _)), None) => format!("Raden \"{}\" i \"{section}\" togs bort", l.name),
        (Some((b, ba)), Some((a, aa))) => {
            let mut parts = Vec::new();
            if b.name != a.name {
                parts.push(format!("namn \"{}\" → \"{}\"", b.name, a.name));
            }
            if b.category != a.category {
                parts.push(format!(
                    "kategori {} → {}",
                    b.category.label(),
                    a.category.label()
                ));
            }
            for (i, y) in years.iter().enumerate() {
                if let (Some(x), Some(z)) = (ba.get(i), aa.get(i))
                    && x != z
                {
                    parts.push(format!("{y}: {} → {}", kr(*x), kr(*z)));
                }
            }
            if parts.is_empty() && b != a {
                parts.push("beräkningssätt eller anteckning ändrat".into());
            }
            format!(
                "Raden \"{}\" i \"{section}\": {}",
                a.name,
                if parts.is_empty() {
                    "oförändrad".into()
                } else {
                    parts.join("; ")
                }
            )
        }
        (None, None) => String::new(),
    }
}

/// Sets a member's share from the form's text (`1/4`, `25 %`, or empty for none).
pub fn set_share(plan: &mut Plan, member: usize, text: &str) -> Result<(), String> {
    let m = plan
        .association
        .members
        .get_mut(member)
        .ok_or("Medlemmen finns inte.")?;
    m.share = if text.trim().is_empty() {
        None
    } else {
        Some(Fraction::parse_share(text).map_err(|e| format!("Andelen: {e}."))?)
    };
    Ok(())
}

/// The longest comment on a measurement point, in characters: a paragraph, as a report prints
/// beside a goal.
pub const MAX_COMMENT: usize = 2000;

/// Sets a measurement point's value, written assessment and comment from the form.
pub fn set_measure(
    plan: &mut Plan,
    at: (usize, usize, usize),
    fields: &Fields,
) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let value = match get(fields, "value") {
        "" => None,
        v => match Quantity::parse(v) {
            Ok(q) => Some(q),
            Err(e) => {
                errors.insert("value".into(), format!("Värdet: {e}. Skriv t.ex. 92,5."));
                None
            }
        },
    };
    let assessment = match get(fields, "assessment") {
        "" => None,
        a => match Assessment::from_word(a) {
            Some(a) => Some(a),
            None => {
                errors.insert("assessment".into(), "Välj en bedömning.".into());
                None
            }
        },
    };
    let comment = Some(get(fields, "comment"))
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let length = comment.as_deref().map_or(0, |c| c.chars().count());
    if length > MAX_COMMENT {
        errors.insert(
            "comment".into(),
            format!("Kommentaren har {length} tecken; den får ha högst {MAX_COMMENT} tecken."),
        );
    }
    let m = plan
        .goal_areas
        .get_mut(at.0)
        .and_then(|a| a.goals.get_mut(at.1))
        .and_then(|g| g.measures.get_mut(at.2));
    let Some(m) = m else {
        errors.insert("value".into(), "Mätpunkten finns inte.".into());
        return Err(errors);
    };
    if m.figure.is_some() && value.is_some() {
        errors.insert(
            "value".into(),
            "Mätpunkten hämtar sitt värde från ett tal som Finsam räknar fram; lämna värdet tomt."
                .into(),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    m.value = value;
    m.assessment = assessment;
    m.comment = comment;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn fingerprints_hash_the_plan_file_form_not_debug_output() {
        let plan = finsam_core::plan_file::read(include_str!("../../../examples/sofint-2024.toml"))
            .expect("reads")
            .plan;
        let line = &plan.budget.sections[1].lines[2];
        let toml = finsam_core::plan_file::line_toml(line);
        assert!(toml.contains("Rehabmässan"), "{toml}");
        assert_eq!(
            fingerprint(line),
            hex::encode(Sha256::digest(toml.as_bytes())),
            "the hash of the line as the plan file writes it"
        );
        let mut changed = line.clone();
        changed.note = Some("ny anteckning".into());
        assert_ne!(fingerprint(line), fingerprint(&changed));
        assert_eq!(fingerprint(line), fingerprint(&line.clone()));
        let member = &plan.association.members[0];
        let mut other = member.clone();
        other.share = finsam_core::fraction::Fraction::new(1, 3);
        assert_ne!(member_fingerprint(member), member_fingerprint(&other));
        let measure = &plan.goal_areas[0].goals[0].measures[0];
        let mut assessed = measure.clone();
        assessed.comment = Some("klart".into());
        assert_ne!(measure_fingerprint(measure), measure_fingerprint(&assessed));
    }

    #[test]
    fn reads_every_kind_of_line() {
        let years = [2024, 2025];
        let per_year = parse_line(
            &fields(&[
                ("name", "Coachingteamet"),
                ("category", "insats"),
                ("kind", "per-ar"),
                ("ar_2024", "-2 330 000"),
                ("ar_2025", "-2 100 000"),
            ]),
            &years,
        )
        .expect("valid");
        assert_eq!(
            per_year.amount,
            AmountSpec::PerYear(BTreeMap::from([
                (2024, Money::from_ore(-233_000_000)),
                (2025, Money::from_ore(-210_000_000))
            ]))
        );
        let monthly = parse_line(
            &fields(&[
                ("name", "Välfärdsguiden"),
                ("category", "strukturell"),
                ("kind", "manad"),
                ("monthly_amount", "-12 600"),
                ("monthly_from", "2024-03"),
                ("monthly_fixed", "-37 800"),
            ]),
            &years,
        )
        .expect("valid");
        assert_eq!(kind_of(&monthly), "manad");
        let indexed = parse_line(
            &fields(&[
                ("name", "FC"),
                ("category", "administration"),
                ("kind", "index"),
                ("index_base", "-350 200"),
                ("index_percent", "3"),
                ("index_rounding", "krona"),
                ("override_2025", "-360 700"),
            ]),
            &years,
        )
        .expect("valid");
        assert_eq!(
            line_fields(&indexed, &years)
                .get("override_2025")
                .map(String::as_str),
            Some("-360 700")
        );
        let derived = parse_line(
            &fields(&[
                ("name", "Region"),
                ("category", "medlemsbidrag"),
                ("kind", "harledd"),
                ("payer", "region"),
            ]),
            &years,
        )
        .expect("valid");
        assert_eq!(derived.amount, AmountSpec::Derived);
    }

    #[test]
    fn says_per_field_what_is_wrong() {
        let errors = parse_line(
            &fields(&[
                ("name", ""),
                ("category", "x"),
                ("kind", "per-ar"),
                ("ar_2024", "12,345"),
            ]),
            &[2024, 2025],
        )
        .expect_err("invalid");
        assert_eq!(
            errors.keys().map(String::as_str).collect::<Vec<_>>(),
            ["ar_2024", "ar_2025", "category", "name"]
        );
        let long = "x".repeat(MAX_LINE_NAME + 1);
        let too_long = parse_line(
            &fields(&[
                ("name", &long),
                ("category", "insats"),
                ("kind", "fast"),
                ("amount", "-1"),
            ]),
            &[2024],
        )
        .expect_err("too long");
        assert!(
            too_long["name"].contains("högst 120 tecken"),
            "{too_long:?}"
        );
        assert!(
            errors["ar_2024"].contains("högst 2 decimaler"),
            "{}",
            errors["ar_2024"]
        );
        assert!(errors["ar_2025"].starts_with("Beloppet för 2025 saknas"));
    }

    #[test]
    fn the_form_shows_what_it_reads() {
        let text = include_str!("../../../examples/alvdalen-2025.toml");
        let plan = finsam_core::plan_file::read(text).expect("reads").plan;
        let years = plan.budget.years.clone();
        for section in &plan.budget.sections {
            for line in &section.lines {
                let shown: Fields = line_fields(line, &years).into_iter().collect();
                let back = parse_line(&shown, &years);
                // Per-year lines missing a year (a deliberate mistake in the example) must be
                // completed before they save; every other line reads back unchanged.
                if let Ok(back) = back {
                    assert_eq!(&back, line, "{}", line.name);
                }
            }
        }
    }
}

/// One field of the opening-equity form: name, label, and the value as the plan has it.
#[derive(Debug)]
pub struct OpeningField {
    /// The form field's name.
    pub name: &'static str,
    /// The label, with its year.
    pub label: String,
    /// The amount as it stands, in the plan's unit, for the input.
    pub value: String,
}

/// The opening equity's form: its two parts when the plan states them (the equity at the end
/// of the last closed year and the forecast result of the year after it), else the amount.
pub fn opening_fields(plan: &Plan) -> Vec<OpeningField> {
    let unit = plan.budget.unit;
    let plain =
        |m: Money| finsam_core::format::exact(m, unit).replace(finsam_core::format::MINUS, "-");
    let first = plan.budget.years.first().copied().unwrap_or_default();
    match plan.budget.opening_parts {
        Some(p) => vec![
            OpeningField {
                name: "closed",
                label: format!("Eget kapital {}-12-31 enligt årsredovisningen", first - 2),
                value: plain(p.closed),
            },
            OpeningField {
                name: "forecast",
                label: format!("Prognos för resultatet {}", first - 1),
                value: plain(p.forecast),
            },
        ],
        None => vec![OpeningField {
            name: "opening",
            label: format!("Eget kapital vid början av {first}"),
            value: plain(plan.budget.opening_equity),
        }],
    }
}

/// Sets the opening equity from its form (amounts in the plan's unit): the parts, whose sum
/// becomes the opening equity, or the amount. Returns what changed, for the log and the
/// "Sparat" message; the errors per field otherwise.
pub fn set_opening(plan: &mut Plan, fields: &Fields) -> Result<String, FieldErrors> {
    let unit = plan.budget.unit;
    let before = plan.budget.opening_equity;
    let mut errors = FieldErrors::new();
    let form = opening_fields(plan);
    let mut amounts = Vec::with_capacity(form.len());
    for f in &form {
        amounts.push(money_field(
            (fields, unit),
            f.name,
            &f.label,
            true,
            &mut errors,
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let amounts: Vec<Money> = amounts.into_iter().flatten().collect();
    match (&mut plan.budget.opening_parts, amounts.as_slice()) {
        (Some(parts), [closed, forecast]) => {
            let Ok(sum) = closed.checked_add(*forecast) else {
                errors.insert(
                    "forecast".into(),
                    "Summan av delarna blir för stor att räkna med; kontrollera beloppen.".into(),
                );
                return Err(errors);
            };
            parts.closed = *closed;
            parts.forecast = *forecast;
            plan.budget.opening_equity = sum;
        }
        (None, [opening]) => plan.budget.opening_equity = *opening,
        _ => return Err(errors),
    }
    let kr = finsam_core::format::kr;
    Ok(match plan.budget.opening_parts {
        Some(p) => format!(
            "Ingående eget kapital {} kr (eget kapital {} kr och prognos {} kr), var {} kr",
            kr(plan.budget.opening_equity),
            kr(p.closed),
            kr(p.forecast),
            kr(before)
        ),
        None => format!(
            "Ingående eget kapital {} kr, var {} kr",
            kr(plan.budget.opening_equity),
            kr(before)
        ),
    })
}
