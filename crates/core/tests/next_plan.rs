//! The plan for 2025 started from SOFINT's adopted plan for 2024: the years move on, the
//! amounts of 2025 and 2026 are the seed's, the new year continues each line, and the opening
//! equity is the seed's closing equity of 2024 from its parts.

use finsam_core::format::kr;
use finsam_core::next_plan::next_plan;
use finsam_core::plan_file;
use finsam_core::{AmountSpec, Money, Plan, compute};

fn sofint() -> Plan {
    plan_file::read(include_str!("../../../examples/sofint-2024.toml"))
        .expect("the SOFINT example reads")
        .plan
}

fn line_amounts(plan: &Plan, name: &str) -> Vec<String> {
    let fig = compute(plan).expect("computes");
    for (si, s) in plan.budget.sections.iter().enumerate() {
        if let Some(li) = s.lines.iter().position(|l| l.name == name) {
            return fig.sections[si].lines[li].iter().map(|m| kr(*m)).collect();
        }
    }
    panic!("no line {name}")
}

#[test]
fn sofints_plan_for_2025_goes_on_from_the_seed() {
    let old = sofint();
    let next = next_plan(&old).expect("starts");
    let plan = &next.plan;
    assert_eq!(plan.budget.years, vec![2025, 2026, 2027]);
    assert_eq!(plan.title, "Verksamhetsplan och budget 2025");
    assert_eq!(plan.decided, None);
    // The seed: equity 450 000 at the start of 2024, 340 175 at its end (result −109 825).
    let parts = plan.budget.opening_parts.expect("parts");
    assert_eq!(kr(parts.closed), "450 000");
    assert_eq!(kr(parts.forecast), "−109 825");
    assert_eq!(kr(plan.budget.opening_equity), "340 175");
    let fig = compute(plan).expect("computes");
    let row = |f: fn(&finsam_core::YearFigures) -> Money| -> Vec<String> {
        fig.per_year.iter().map(|y| kr(f(y))).collect()
    };
    // 2025 and 2026 as the seed prints them; 2027 continued.
    assert_eq!(row(|y| y.income)[..2], ["3 600 000", "3 600 000"]);
    assert_eq!(row(|y| y.equity_opening)[..2], ["340 175", "340 175"]);
    assert_eq!(row(|y| y.equity_closing)[..2], ["340 175", "340 175"]);
    assert_eq!(
        row(|y| y.income)[2],
        "3 600 000",
        "contributions carried to 2027"
    );
    // Every line that runs on keeps 2025 and 2026 and has an amount in 2027.
    for (si, s) in old.budget.sections.iter().enumerate() {
        for l in &s.lines {
            if next.ended.contains(&l.name) {
                continue;
            }
            let before = line_amounts(&old, &l.name);
            let after = line_amounts(plan, &l.name);
            assert_eq!(before[1..], after[..2], "{} in section {si}", l.name);
        }
    }
    assert!(
        !plan.has_printed_sums(),
        "the printed sums were 2024's document"
    );
}

#[test]
fn an_indexed_line_goes_on_indexing_and_an_ended_line_is_left_out() {
    let mut old = sofint();
    let lines = &mut old.budget.sections[1].lines;
    let mut indexed = lines[0].clone();
    indexed.name = "Indexerad".into();
    indexed.amount = AmountSpec::Indexed {
        base: Money::from_kr(100_000).expect("fits"),
        base_year: None,
        percent: finsam_core::fraction::Percent::from_whole(3),
        rounding: finsam_core::money::Rounding::Krona,
        overrides: Default::default(),
    };
    let mut ended = lines[0].clone();
    ended.name = "Avslutat projekt".into();
    ended.amount = AmountSpec::PerYear([(2024, Money::from_kr(-50_000).expect("fits"))].into());
    lines.push(indexed);
    lines.push(ended);
    assert_eq!(
        line_amounts(&old, "Indexerad"),
        ["100 000", "103 000", "106 090"]
    );
    let next = next_plan(&old).expect("starts");
    assert_eq!(next.ended, vec!["Avslutat projekt".to_owned()]);
    assert_eq!(
        line_amounts(&next.plan, "Indexerad"),
        ["103 000", "106 090", "109 273"]
    );
}
