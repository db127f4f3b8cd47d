//! The förbund's own settings for insatser and applications, in one place: its target groups,
//! the answer and agreement deadlines, the förbundschef's delegation limit, the case-number
//! format, its application rounds, the words of the 7 § guard, and whether an application must
//! say how the work continues after the funding. Checked here, field by field in Swedish; kept by
//! the store as JSON in these words.

use super::checks::PAYMENT_WORDS;
use super::deadlines::Rules;
use super::reports::ReportKind;
use super::workflow::{DecidedBy, Decision};
use crate::money::Money;
use crate::plan::Date;

/// An application round: applications in by a closing day, decided at a board meeting.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Ansokningsomgang")]
pub struct Round {
    /// Its name ("Höstomgången 2024").
    #[serde(rename = "namn")]
    pub name: String,
    /// The last day to apply.
    #[serde(rename = "sista_dag", with = "super::serial::day")]
    #[schemars(with = "String")]
    pub closes: Date,
    /// The day of the board meeting that decides.
    #[serde(rename = "beslutsmote", with = "super::serial::day")]
    #[schemars(with = "String")]
    pub meeting: Date,
}

/// The förbund's settings.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Installningar")]
pub struct Settings {
    /// The target groups an application chooses among; none: the applicant writes its own.
    #[serde(rename = "malgrupper", default)]
    pub target_groups: Vec<String>,
    /// Months from the application date to the answer.
    #[serde(rename = "svarstid_manader")]
    pub answer_months: i32,
    /// Months from the decision to the signed agreement.
    #[serde(rename = "avtalstid_manader")]
    pub agreement_months: i32,
    /// The most the förbundschef may grant on delegation, in one decision.
    #[serde(rename = "delegationsgrans")]
    pub delegation_limit: Money,
    /// The case-number format: `{år}` and `{nr}` replaced (`{år}/{nr}` gives `2024/12`).
    #[serde(rename = "diarieformat")]
    pub case_format: String,
    /// The application rounds, if the förbund runs any.
    #[serde(rename = "omgangar", default)]
    pub rounds: Vec<Round>,
    /// The words that suggest payments to individuals (the 7 § guard).
    #[serde(rename = "ord_7_paragrafen")]
    pub payment_words: Vec<String>,
    /// Whether an application must say how the work continues in the members' ordinary
    /// operations after the funding.
    #[serde(rename = "kraver_plan_for_fortsattning", default)]
    pub continuation_required: bool,
    /// The reports a granted insats owes, each kind with its interval.
    #[serde(rename = "rapporter", default = "super::reports::default_kinds")]
    pub report_kinds: Vec<ReportKind>,
    /// The lists of the participant reports (outcomes, age groups, occupations, supports) and
    /// the small-number threshold.
    #[serde(rename = "deltagare", default)]
    pub participants: crate::participants::ParticipantSettings,
}

/// The longest target group, word of the guard, or round name, in characters.
pub const MAX_TEXT: usize = 120;

/// At most this many target groups, words, or rounds.
pub const MAX_ITEMS: usize = 50;

impl Default for Settings {
    /// What a förbund has before it sets anything (decision 0010): SOFINT's deadlines (two
    /// months to answer, one to the agreement), no delegation (every decision the board's),
    /// case numbers `2024/12`, no rounds, the guard's default words, no target groups listed.
    fn default() -> Settings {
        let rules = Rules::default();
        Settings {
            target_groups: Vec::new(),
            answer_months: rules.answer_months,
            agreement_months: rules.agreement_months,
            delegation_limit: Money::ZERO,
            case_format: "{år}/{nr}".to_owned(),
            rounds: Vec::new(),
            payment_words: PAYMENT_WORDS.iter().map(|w| (*w).to_owned()).collect(),
            continuation_required: false,
            report_kinds: super::reports::default_kinds(),
            participants: Default::default(),
        }
    }
}

/// Where an application stands among the rounds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoundPlace<'a> {
    /// In by the round's closing day: decided at its meeting.
    In(&'a Round),
    /// Outside every round: to any board meeting, or on delegation.
    Outside,
}

impl Settings {
    /// The deadlines.
    pub fn rules(&self) -> Rules {
        Rules {
            answer_months: self.answer_months,
            agreement_months: self.agreement_months,
        }
    }

    /// What is wrong, field by field (field name, Swedish message); empty when nothing is.
    pub fn check(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for (field, months, what) in [
            ("svarstid", self.answer_months, "Svarstiden"),
            ("avtalstid", self.agreement_months, "Tiden till avtal"),
        ] {
            if !(1..=12).contains(&months) {
                out.push((
                    field,
                    format!("{what} ska vara 1–12 månader; {months} går inte."),
                ));
            }
        }
        if self.delegation_limit.is_negative() {
            out.push((
                "delegation",
                "Delegationsgränsen kan inte vara negativ; skriv 0 om förbundschefen inte har delegation."
                    .to_owned(),
            ));
        }
        let format = self.case_format.trim();
        if !format.contains("{nr}") {
            out.push((
                "diarieformat",
                "Diarieformatet ska innehålla {nr} (löpnumret), t.ex. {år}/{nr}.".to_owned(),
            ));
        } else if format.chars().count() > 40 {
            out.push((
                "diarieformat",
                "Diarieformatet får vara högst 40 tecken.".to_owned(),
            ));
        }
        list_checks(&mut out, "malgrupper", "Målgruppen", &self.target_groups);
        list_checks(&mut out, "ord", "Ordet", &self.payment_words);
        out.extend(
            super::reports::check_kinds(&self.report_kinds)
                .into_iter()
                .map(|e| ("rapporter", e)),
        );
        if self.rounds.len() > MAX_ITEMS {
            out.push(("omgangar", format!("Högst {MAX_ITEMS} omgångar.")));
        }
        for r in &self.rounds {
            if r.name.trim().is_empty() || r.name.chars().count() > MAX_TEXT {
                out.push((
                    "omgangar",
                    format!("Ge varje omgång ett namn (högst {MAX_TEXT} tecken)."),
                ));
            }
            if r.meeting <= r.closes {
                out.push((
                    "omgangar",
                    format!(
                        "Omgången \"{}\": beslutsmötet {} ska vara efter sista ansökningsdag {}.",
                        r.name.trim(),
                        r.meeting,
                        r.closes
                    ),
                ));
            }
        }
        out
    }

    /// The round an application submitted on `day` belongs to: the first (by closing day)
    /// that has not closed, as long as it closes within a year; otherwise outside.
    pub fn round_for(&self, day: Date) -> RoundPlace<'_> {
        self.rounds
            .iter()
            .filter(|r| r.closes >= day && (r.closes - day).whole_days() <= 366)
            .min_by_key(|r| r.closes)
            .map_or(RoundPlace::Outside, RoundPlace::In)
    }

    /// Whether a decision on delegation stays within the förbundschef's limit: what it grants
    /// in all its years together. A board decision, and a rejection, always do.
    pub fn within_delegation(&self, decision: &Decision) -> Result<(), String> {
        if !matches!(decision.by, DecidedBy::Delegation) {
            return Ok(());
        }
        // A sum past what an i64 holds is past every limit.
        let total = decision.granted().map_or(Money::ZERO, |a| {
            Money::checked_sum(a.values().copied()).unwrap_or(Money::from_ore(i64::MAX))
        });
        if total > self.delegation_limit {
            return Err(if self.delegation_limit == Money::ZERO {
                "Förbundschefen har ingen delegation att bevilja medel; beslutet ska tas av styrelsen."
                    .to_owned()
            } else {
                format!(
                    "Beslutet beviljar {} men förbundschefens delegation räcker till {}; beslutet ska tas av styrelsen.",
                    crate::format::kr_with_unit(total),
                    crate::format::kr_with_unit(self.delegation_limit)
                )
            });
        }
        Ok(())
    }
}

/// The items of a list: none empty, none too long, none twice, not too many.
fn list_checks(
    out: &mut Vec<(&'static str, String)>,
    field: &'static str,
    what: &str,
    items: &[String],
) {
    if items.len() > MAX_ITEMS {
        out.push((field, format!("Högst {MAX_ITEMS} rader.")));
    }
    let mut seen = std::collections::BTreeSet::new();
    for item in items {
        let t = item.trim();
        if t.is_empty() {
            out.push((field, format!("{what} på en rad är tomt; ta bort raden.")));
        } else if t.chars().count() > MAX_TEXT {
            out.push((
                field,
                format!("{what} \"{t}\" är längre än {MAX_TEXT} tecken."),
            ));
        } else if !seen.insert(t.to_lowercase()) {
            out.push((field, format!("{what} \"{t}\" står två gånger.")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insats::workflow::Outcome;

    fn day(s: &str) -> Date {
        super::super::serial::parse_day(s).unwrap()
    }

    #[test]
    fn the_defaults_pass_their_own_check_and_read_back_from_json() {
        let s = Settings::default();
        assert!(s.check().is_empty(), "{:?}", s.check());
        let text = serde_json::to_string(&s).unwrap();
        assert!(text.contains("\"svarstid_manader\":2"), "{text}");
        assert_eq!(serde_json::from_str::<Settings>(&text).unwrap(), s);
    }

    #[test]
    fn wrong_settings_are_refused_field_by_field() {
        let s = Settings {
            answer_months: 0,
            agreement_months: 13,
            delegation_limit: Money::from_ore(-100),
            case_format: "{år}".into(),
            target_groups: vec!["Unga".into(), " unga ".into(), "".into()],
            rounds: vec![Round {
                name: "Höst".into(),
                closes: day("2024-06-14"),
                meeting: day("2024-06-14"),
            }],
            ..Settings::default()
        };
        let fields: Vec<&str> = s.check().iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "svarstid",
                "avtalstid",
                "delegation",
                "diarieformat",
                "malgrupper",
                "malgrupper",
                "omgangar"
            ]
        );
    }

    #[test]
    fn an_application_belongs_to_the_next_round_that_has_not_closed() {
        let s = Settings {
            rounds: vec![
                Round {
                    name: "Höst 2024".into(),
                    closes: day("2024-06-14"),
                    meeting: day("2024-09-19"),
                },
                Round {
                    name: "Vår 2025".into(),
                    closes: day("2025-01-31"),
                    meeting: day("2025-03-20"),
                },
            ],
            ..Settings::default()
        };
        let name = |d: &str| match s.round_for(day(d)) {
            RoundPlace::In(r) => r.name.clone(),
            RoundPlace::Outside => "utanför".into(),
        };
        assert_eq!(name("2024-06-14"), "Höst 2024");
        assert_eq!(name("2024-06-15"), "Vår 2025");
        assert_eq!(name("2025-02-01"), "utanför");
        assert_eq!(name("2023-01-01"), "utanför", "more than a year before");
    }

    #[test]
    fn delegation_is_limited_to_the_total_granted() {
        let decision = |by: DecidedBy, kr: i64| Decision {
            on: day("2024-03-01"),
            by,
            outcome: Outcome::Granted {
                amounts: [
                    (2024, Money::from_kr(kr).unwrap()),
                    (2025, Money::from_kr(kr).unwrap()),
                ]
                .into(),
                conditions: None,
            },
        };
        let s = Settings {
            delegation_limit: Money::from_kr(100_000).unwrap(),
            ..Settings::default()
        };
        assert!(
            s.within_delegation(&decision(DecidedBy::Delegation, 50_000))
                .is_ok()
        );
        let e = s
            .within_delegation(&decision(DecidedBy::Delegation, 50_001))
            .unwrap_err();
        assert!(e.contains("100 002 kr") && e.contains("100 000 kr"), "{e}");
        let board = DecidedBy::Board {
            paragraph: "§ 4".into(),
        };
        assert!(s.within_delegation(&decision(board, 9_000_000)).is_ok());
        let none = Settings::default();
        assert!(
            none.within_delegation(&decision(DecidedBy::Delegation, 1))
                .unwrap_err()
                .contains("ingen delegation")
        );
    }
}
