//! Small plans for unit tests.

use std::collections::BTreeMap;

use crate::association::{Association, OrgNumber};
use crate::budget::Budget;
use crate::money::Money;
use crate::plan::{Plan, Rules};

/// A plan with an association, three years and nothing else.
pub fn minimal_plan() -> Plan {
    Plan {
        title: "Test".into(),
        decided: None,
        association: Association {
            name: "Testförbundet".into(),
            org_number: Some(OrgNumber::parse("222000-1818").expect("valid")),
            members: Vec::new(),
        },
        budget: Budget {
            years: vec![2024, 2025, 2026],
            unit: crate::format::Unit::Kr,
            opening_equity: Money::ZERO,
            opening_parts: None,
            contributions: BTreeMap::new(),
            state_allocation: BTreeMap::new(),
            sections: Vec::new(),
            printed: BTreeMap::new(),
            printed_equity_ratio: BTreeMap::new(),
            printed_outdated: false,
        },
        rules: Rules::default(),
        goal_areas: Vec::new(),
    }
}

/// SOFINT's interim report, Coachingteamet January–June 2024: the seed's counts, with the
/// outcomes split by gender as the demo assumes (the seed gives their totals, 13 to the
/// agencies' programmes, work and studies together, 22 back to the referring agency, and says
/// that women left early more often).
pub fn sofint_half_year() -> crate::participants::ParticipantReport {
    use crate::participants::{Counted, ParticipantReport};
    ParticipantReport {
        total: Counted::split(103, 56, 47, 0),
        new: Counted::split(38, 18, 20, 0),
        finished: Counted::split(35, 19, 16, 0),
        ongoing: Counted::total(65),
        outcomes: vec![
            ("program".into(), Counted::split(13, 5, 8, 0)),
            ("remittent".into(), Counted::split(22, 14, 8, 0)),
        ],
        ..Default::default()
    }
}
