//! One wrong amount is one finding: a clean generated plan (printed sums, totals and stated
//! contributions all agree, the statutory split holds) has one cell of one line changed by one
//! unit of the plan (1 kr, or 1 tkr in a tkr plan), and exactly one root finding about a
//! difference follows, every other difference it causes listed beneath it. For every line and
//! every year.

use std::collections::BTreeMap;

use finsam_core::association::{Association, Member, MemberKind};
use finsam_core::format::Unit;
use finsam_core::fraction::Fraction;
use finsam_core::plan::Rules;
use finsam_core::{
    AmountSpec, Budget, Category, Finding, FindingKind, Line, Money, Payer, Plan, Section,
    Severity, Total, check, compute,
};
use proptest::prelude::*;

const YEARS: [i32; 3] = [2025, 2026, 2027];

fn member(key: &str, kind: MemberKind, share: Option<(i128, i128)>) -> Member {
    Member {
        key: key.into(),
        name: key.to_uppercase(),
        kind,
        share: share.and_then(|(n, d)| Fraction::new(n, d)),
        board: None,
    }
}

fn line(name: String, category: Category, payer: Option<Payer>, amounts: [i64; 3]) -> Line {
    Line {
        name,
        category,
        payer,
        amount: AmountSpec::PerYear(
            YEARS
                .iter()
                .zip(amounts)
                .map(|(y, a)| (*y, Money::from_ore(a)))
                .collect(),
        ),
        note: None,
        committed: None,
    }
}

/// The shape of a generated plan: its unit, whether members state shares, the contribution
/// units per year, and the cost sections (each with its subsections' lines, amounts in units).
#[derive(Debug, Clone)]
struct Shape {
    tkr: bool,
    shares: bool,
    contribution_units: [i64; 3],
    other_income: Option<[i64; 3]>,
    sections: Vec<Vec<Vec<[i64; 3]>>>,
}

fn shape() -> impl Strategy<Value = Shape> {
    let amounts = || proptest::array::uniform3(10i64..5_000);
    (
        any::<bool>(),
        any::<bool>(),
        proptest::array::uniform3(10i64..2_000),
        proptest::option::of(amounts()),
        proptest::collection::vec(
            proptest::collection::vec(proptest::collection::vec(amounts(), 1..4), 0..3),
            1..3,
        ),
    )
        .prop_map(
            |(tkr, shares, contribution_units, other_income, sections)| Shape {
                tkr,
                shares,
                contribution_units,
                other_income,
                sections,
            },
        )
}

/// A clean plan of this shape: every printed sum is the computed one.
fn plan(shape: &Shape) -> Plan {
    let unit: i64 = if shape.tkr { 100_000 } else { 100 };
    // Contributions in twentieths, so that 1/2, 1/4, 3/20 and 1/10 are whole units.
    let c = shape.contribution_units.map(|u| u * 20 * unit);
    let part = |n: i64, d: i64| c.map(|v| v * n / d);
    let members = vec![
        member(
            "fk",
            MemberKind::Forsakringskassan,
            shape.shares.then_some((1, 2)),
        ),
        member("af", MemberKind::Arbetsformedlingen, None),
        member("region", MemberKind::Region, shape.shares.then_some((1, 4))),
        member("a", MemberKind::Kommun, shape.shares.then_some((3, 20))),
        member("b", MemberKind::Kommun, shape.shares.then_some((1, 10))),
    ];
    let contribution = |payer: &str, amounts| {
        line(
            format!("Medlemsbidrag {payer}"),
            Category::MemberContribution,
            Some(Payer::from_word(payer)),
            amounts,
        )
    };
    let mut income = if shape.shares {
        vec![
            contribution("fk", part(1, 2)),
            contribution("region", part(1, 4)),
            contribution("a", part(3, 20)),
            contribution("b", part(1, 10)),
        ]
    } else {
        vec![
            contribution("staten", part(1, 2)),
            contribution("regionen", part(1, 4)),
            contribution("kommunerna", part(1, 4)),
        ]
    };
    if let Some(o) = shape.other_income {
        income.push(line(
            "ESF".into(),
            Category::OtherIncome,
            None,
            o.map(|v| v * unit),
        ));
    }
    let mut sections = vec![Section {
        name: "Intäkter".into(),
        lines: income,
        printed_sum: BTreeMap::new(),
        parent: None,
    }];
    for (ti, subs) in shape.sections.iter().enumerate() {
        let top = sections.len();
        sections.push(Section {
            name: format!("Kostnader {ti}"),
            lines: vec![line(
                format!("Kansli {ti}"),
                Category::Administration,
                None,
                [-300, -310, -320].map(|v| v * unit),
            )],
            printed_sum: BTreeMap::new(),
            parent: None,
        });
        for (si, lines) in subs.iter().enumerate() {
            sections.push(Section {
                name: format!("Insatser {ti}.{si}"),
                lines: lines
                    .iter()
                    .enumerate()
                    .map(|(li, a)| {
                        line(
                            format!("Insats {ti}.{si}.{li}"),
                            Category::Insats,
                            None,
                            a.map(|v| -v * unit),
                        )
                    })
                    .collect(),
                printed_sum: BTreeMap::new(),
                parent: Some(top),
            });
        }
    }
    let mut plan = Plan {
        title: "Genererad".into(),
        decided: None,
        association: Association {
            name: "Förbundet".into(),
            org_number: None,
            members,
        },
        budget: Budget {
            unit: if shape.tkr { Unit::Tkr } else { Unit::Kr },
            years: YEARS.to_vec(),
            // Far above any result, so that equity never turns negative.
            opening_equity: Money::from_ore(1_000_000 * unit),
            opening_parts: None,
            contributions: YEARS
                .iter()
                .zip(c)
                .map(|(y, v)| (*y, Money::from_ore(v)))
                .collect(),
            state_allocation: BTreeMap::new(),
            sections,
            printed: BTreeMap::new(),
            printed_equity_ratio: BTreeMap::new(),
            printed_outdated: false,
        },
        rules: Rules::default(),
        goal_areas: Vec::new(),
    };
    // Print every sum as computed: the document agrees with itself.
    let fig = compute(&plan).expect("computes");
    for (si, s) in plan.budget.sections.iter_mut().enumerate() {
        s.printed_sum = YEARS
            .iter()
            .copied()
            .zip(fig.sections[si].sums.clone())
            .collect();
    }
    for (t, _) in Total::ALL {
        plan.budget.printed.insert(
            t,
            fig.per_year.iter().map(|y| (y.year, y.total(t))).collect(),
        );
    }
    plan
}

/// Findings about a difference between the plan and its document.
fn differences(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                FindingKind::PrintedSum | FindingKind::ContributionSplit
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn one_wrong_amount_is_one_root_finding_with_its_consequences_beneath(shape in shape()) {
        let clean = plan(&shape);
        let clean_findings = check(&clean, &compute(&clean).expect("computes"));
        prop_assert!(differences(&clean_findings).is_empty(), "{clean_findings:#?}");
        prop_assert!(!clean_findings.iter().any(|f| f.severity == Severity::Error), "{clean_findings:#?}");
        let unit = if shape.tkr { 100_000 } else { 100 };
        for si in 0..clean.budget.sections.len() {
            for li in 0..clean.budget.sections[si].lines.len() {
                for year in YEARS {
                    let mut p = clean.clone();
                    let AmountSpec::PerYear(map) = &mut p.budget.sections[si].lines[li].amount else {
                        unreachable!("generated lines are per year");
                    };
                    let cell = map.get_mut(&year).expect("every year");
                    *cell = Money::from_ore(cell.ore() + unit);
                    let findings = check(&p, &compute(&p).expect("computes"));
                    let roots = differences(&findings);
                    let name = &p.budget.sections[si].lines[li].name;
                    prop_assert_eq!(roots.len(), 1, "{} {}: {:#?}", name, year, findings);
                    // The section sum of the line, at least, differs too and stands beneath.
                    prop_assert!(!roots[0].consequences.is_empty(), "{} {}: {:#?}", name, year, roots[0]);
                    prop_assert!(
                        roots[0].consequences.iter().all(|c| matches!(c.kind, FindingKind::PrintedSum | FindingKind::ContributionSplit)),
                        "{:#?}", roots[0]
                    );
                    // Nothing else turned into an error.
                    let other_errors = findings
                        .iter()
                        .filter(|f| f.severity == Severity::Error && !std::ptr::eq(*f, roots[0]))
                        .count();
                    prop_assert_eq!(other_errors, 0, "{:#?}", findings);
                }
            }
        }
    }
}

#[test]
fn in_json_the_consequences_are_listed_and_counted_beneath_their_cause() {
    let shape = Shape {
        tkr: false,
        shares: true,
        contribution_units: [100, 100, 100],
        other_income: None,
        sections: vec![vec![vec![[50, 50, 50]]]],
    };
    let mut p = plan(&shape);
    // The insats's first year one krona off: its subsection's sum is the root; its section,
    // the costs, the operating result, the result, and three years of closing and two of
    // opening equity follow.
    let AmountSpec::PerYear(map) = &mut p.budget.sections[2].lines[0].amount else {
        unreachable!("per year");
    };
    *map.get_mut(&2025).expect("2025") = Money::from_ore(-50 * 100 + 100);
    let findings = check(&p, &compute(&p).expect("computes"));
    let json = serde_json::to_value(&findings).expect("serializes");
    let roots: Vec<&serde_json::Value> = json
        .as_array()
        .expect("a list")
        .iter()
        .filter(|f| f["kod"] == "summa")
        .collect();
    assert_eq!(roots.len(), 1, "{json:#}");
    assert!(
        roots[0]["meddelande"]
            .as_str()
            .is_some_and(|m| m.starts_with("Summan för \"Insatser 0.0\" 2025")),
        "{json:#}"
    );
    let beneath = roots[0]["foljder"].as_array().expect("consequences");
    assert_eq!(beneath.len(), 9, "{json:#}");
    assert!(
        beneath.iter().all(|f| f["meddelande"]
            .as_str()
            .is_some_and(|m| m.contains("(skillnad −1 kr)"))),
        "{json:#}"
    );
}
