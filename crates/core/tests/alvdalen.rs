//! The fictional förbund Älvdalen (examples/alvdalen-2025.toml): the municipalities' quarter
//! split by fractions, ESF income, monthly and indexed lines, and its deliberate mistakes.

use std::collections::BTreeSet;

use finsam_core::format::kr;
use finsam_core::plan_file;
use finsam_core::{FindingKind, Money, Plan, check, compute};

fn alvdalen() -> Plan {
    let text = include_str!("../../../examples/alvdalen-2025.toml");
    plan_file::read(text)
        .expect("the Älvdalen example reads")
        .plan
}

fn line(plan: &Plan, name: &str) -> Vec<String> {
    let fig = compute(plan).expect("computes");
    for (si, s) in plan.budget.sections.iter().enumerate() {
        if let Some(li) = s.lines.iter().position(|l| l.name == name) {
            return fig.sections[si].lines[li].iter().map(|m| kr(*m)).collect();
        }
    }
    panic!("no line {name}");
}

#[test]
fn municipalities_share_their_quarter_three_fifths_and_two_fifths() {
    let plan = alvdalen();
    // 1 736 000 in all: the state half, the region quarter, and the municipal quarter of
    // 434 000 split 3/5 and 2/5.
    assert_eq!(
        line(&plan, "Medlemsbidrag Försäkringskassan"),
        ["868 000"; 3]
    );
    assert_eq!(line(&plan, "Medlemsbidrag Älvby kommun"), ["260 400"; 3]);
    assert_eq!(line(&plan, "Medlemsbidrag Bergsta kommun"), ["173 600"; 3]);
    let fig = compute(&plan).expect("computes");
    let per_member: Vec<(String, Vec<String>)> = fig
        .contributions
        .iter()
        .map(|r| {
            let name = r
                .member
                .map(|i| plan.association.members[i].name.clone())
                .unwrap_or_default();
            (name, r.amounts.iter().map(|m| kr(*m)).collect())
        })
        .collect();
    assert_eq!(
        per_member,
        vec![
            (
                "Försäkringskassan".to_owned(),
                vec!["868 000".to_owned(); 3]
            ),
            (
                "Region Exempel".to_owned(),
                vec!["434 000".into(), "434 000".into(), "450 000".into()]
            ),
            ("Älvby kommun".to_owned(), vec!["260 400".to_owned(); 3]),
            ("Bergsta kommun".to_owned(), vec!["173 600".to_owned(); 3]),
        ]
    );
}

#[test]
fn esf_money_is_income_but_not_a_member_contribution() {
    let plan = alvdalen();
    let fig = compute(&plan).expect("computes");
    let y = fig.year(2025).expect("2025");
    assert_eq!(kr(y.income), "2 036 000");
    assert_eq!(kr(y.member_contributions), "1 736 000");
    // 20 % of the member contributions only: 347 200, as domain.md states for 1 736 000.
    assert_eq!(kr(y.equity_recommended_max), "347 200");
}

#[test]
fn monthly_lines() {
    let plan = alvdalen();
    // 2025-02..2028-01: 11 + 12 + 12 months in the plan years.
    assert_eq!(
        line(&plan, "Projekt Steget"),
        ["−495 000", "−540 000", "−540 000"]
    );
    // 12 600 a month from March plus 37 800 a year: 163 800 in the first year.
    assert_eq!(
        line(&plan, "Välfärdsguiden"),
        ["−163 800", "−189 000", "−189 000"]
    );
    assert_eq!(
        line(&plan, "Nytt projekt (ej beslutat)"),
        ["0", "0", "−1 020 000"]
    );
}

#[test]
fn indexed_lines() {
    let plan = alvdalen();
    // +3 % a year, 2026 written by agreement, 2027 indexed from the written amount.
    assert_eq!(
        line(&plan, "Köp av tjänst förbundschef"),
        ["−350 200", "−360 700", "−371 521"]
    );
    // +2,5 % rounded to hundreds: 102 500, then 105 062,50 → 105 100.
    assert_eq!(
        line(&plan, "Ekonomitjänst"),
        ["−100 000", "−102 500", "−105 100"]
    );
}

#[test]
fn results_and_equity_chain_over_the_years() {
    let plan = alvdalen();
    let fig = compute(&plan).expect("computes");
    let col = |f: fn(&finsam_core::YearFigures) -> Money| -> Vec<String> {
        fig.per_year.iter().map(|y| kr(f(y))).collect()
    };
    assert_eq!(col(|y| y.result), ["116 000", "−517 200", "−534 621"]);
    assert_eq!(
        col(|y| y.equity_opening),
        ["900 000", "1 016 000", "498 800"]
    );
    assert_eq!(
        col(|y| y.equity_closing),
        ["1 016 000", "498 800", "−35 821"]
    );
}

#[test]
fn its_mistakes_give_every_kind_of_finding_but_members() {
    let plan = alvdalen();
    let findings = check(&plan, &compute(&plan).expect("computes"));
    let kinds: BTreeSet<FindingKind> = findings.iter().map(|f| f.kind).collect();
    let want: BTreeSet<FindingKind> = [
        FindingKind::Years,
        FindingKind::PrintedSum,
        FindingKind::EquityAboveRecommendation,
        FindingKind::EquityOutsideBand,
        FindingKind::NegativeEquity,
        FindingKind::AdministrationShareAboveGoal,
        FindingKind::ContributionSplit,
        FindingKind::Board,
        FindingKind::Payer,
        FindingKind::Sign,
        FindingKind::Structure,
        FindingKind::Goal,
    ]
    .into();
    assert_eq!(kinds, want);
    let wrong_sum = findings
        .iter()
        .find(|f| f.kind == FindingKind::PrintedSum)
        .expect("the deliberately wrong sum");
    assert_eq!(
        wrong_sum.message,
        "Summan för \"Insatser\" 2026 är skriven som −1 878 000 kr men beräknas till −1 879 000 kr (skillnad 1 000 kr). Rätta summan eller raderna."
    );
    // Region Exempel's raised contribution breaks the split by 16 000 kr in 2027: one root
    // finding (the member against its share), with the stated total and the region's party
    // share beneath it instead of beside it.
    let split: Vec<&finsam_core::Finding> = findings
        .iter()
        .filter(|f| f.kind == FindingKind::ContributionSplit)
        .collect();
    assert_eq!(split.len(), 1, "{split:#?}");
    assert!(
        split[0]
            .message
            .starts_with("Medlemsbidragen 2027: Region Exempel betalar 450 000 kr")
    );
    assert_eq!(split[0].consequences.len(), 2, "{:#?}", split[0]);
    assert_eq!(findings.len(), 14, "{findings:#?}");
}
