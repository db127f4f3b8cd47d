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
            org_number: OrgNumber::parse("222000-1818").expect("valid"),
            members: Vec::new(),
        },
        budget: Budget {
            years: vec![2024, 2025, 2026],
            opening_equity: Money::ZERO,
            contributions: BTreeMap::new(),
            sections: Vec::new(),
            printed: BTreeMap::new(),
        },
        rules: Rules::default(),
        goal_areas: Vec::new(),
    }
}
