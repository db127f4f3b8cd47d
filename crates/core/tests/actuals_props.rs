//! Properties of the follow-up's two small parsers: account-mapping rules and period words.
//! Any text is read or refused with line-numbered Swedish messages, never a panic; rules written
//! back as text read back the same.

use finsam_core::Category;
use finsam_core::actuals::{Mapping, PeriodSpec, Rule, Span};
use proptest::prelude::*;

fn rule() -> impl Strategy<Value = Rule> {
    (
        3000u32..9999,
        0u32..500,
        prop::sample::select(Category::ALL.iter().map(|(c, _)| *c).collect::<Vec<_>>()),
        prop::option::of("[A-Za-zåäöÅÄÖ ,()/0-9-]{1,30}"),
    )
        .prop_map(|(from, width, category, line)| Rule {
            from,
            to: (from + width).min(9999),
            category,
            line: line.map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()),
        })
}

proptest! {
    #[test]
    fn any_text_is_read_or_refused_by_line(text in "(?s)[ -~åäö\"\n\t-]{0,300}") {
        match Mapping::parse_rules(&text, None) {
            Ok(rules) => prop_assert!(rules.iter().all(|r| r.from <= r.to)),
            Err(errors) => {
                let lines = text.lines().count();
                prop_assert!(!errors.is_empty());
                prop_assert!(errors.iter().all(|e| e.line >= 1 && e.line <= lines && !e.message.is_empty()));
            }
        }
    }

    #[test]
    fn rules_read_back_as_written(rules in prop::collection::vec(rule(), 0..12)) {
        let text = Mapping { rules: rules.clone(), ..Mapping::default() }.rules_text();
        prop_assert_eq!(Mapping::parse_rules(&text, None).unwrap(), rules);
    }

    #[test]
    fn any_period_word_is_read_or_refused(word in "[a-zåä0-9-]{0,12}") {
        let year = Span {
            start: time::Date::from_calendar_date(2024, time::Month::January, 1).unwrap(),
            end: time::Date::from_calendar_date(2024, time::Month::December, 31).unwrap(),
        };
        match PeriodSpec::parse(&word) {
            Ok(spec) => {
                prop_assert_eq!(PeriodSpec::parse(&spec.word()), Ok(spec));
                if let Ok(p) = spec.resolve(year) {
                    prop_assert!(p.first <= p.last && (1..=12).contains(&p.len()));
                }
            }
            Err(m) => prop_assert!(m.contains("ingen period")),
        }
    }
}
