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
