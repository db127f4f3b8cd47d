//! Any text given to the account-mapping rules and the period words is read or refused, never a
//! panic; rules that were read are written and read back to the same rules.
#![no_main]

use finsam_core::actuals::{Mapping, PeriodSpec, Span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(rules) = Mapping::parse_rules(&text, None) {
        let again = Mapping { rules: rules.clone(), ..Mapping::default() }.rules_text();
        assert_eq!(Mapping::parse_rules(&again, None).expect("written rules read back"), rules);
    }
    if let Ok(spec) = PeriodSpec::parse(&text) {
        let year = Span {
            start: time::Date::from_calendar_date(2024, time::Month::July, 1).expect("date"),
            end: time::Date::from_calendar_date(2025, time::Month::June, 30).expect("date"),
        };
        let _ = spec.resolve(year);
    }
});
