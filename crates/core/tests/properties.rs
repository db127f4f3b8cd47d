//! Properties over generated plans and inputs: the reader never panics; writing then reading
//! gives the same plan; totals are the sums of their lines; closing equity is opening equity
//! plus the result, chained over the years.

use std::collections::BTreeMap;

use finsam_core::association::{BoardSeats, Member};
use finsam_core::budget::OpeningParts;
use finsam_core::budget::YearMonth;
use finsam_core::computed::{ComputedFigure, FigureRef, Period};
use finsam_core::format::Unit;
use finsam_core::fraction::{Fraction, Percent};
use finsam_core::goals::{
    Assessment, Comparison, Condition, Goal, GoalArea, Measure, Quantity, Thresholds,
};
use finsam_core::money::Rounding;
use finsam_core::plan::{EquityBand, EquityGoal, EquityLevel, Rules};
use finsam_core::plan_file;
use finsam_core::{
    AmountSpec, Association, Budget, Category, Line, Money, OrgNumber, Party, Payer, Plan, Section,
    Total, compute,
};
use proptest::prelude::*;
use proptest::sample::select;

const SOFINT: &str = include_str!("../../../examples/sofint-2024.toml");
const ALVDALEN: &str = include_str!("../../../examples/alvdalen-2025.toml");
const NORRBY: &str = include_str!("../../../examples/norrby-2025.toml");

fn money() -> impl Strategy<Value = Money> {
    (-1_000_000_000_000i64..1_000_000_000_000).prop_map(Money::from_ore)
}

fn text() -> impl Strategy<Value = String> {
    "\\PC{0,24}"
}

fn year_map(years: Vec<i32>) -> impl Strategy<Value = BTreeMap<i32, Money>> {
    proptest::collection::btree_map(select(years), money(), 0..4)
}

fn year_month() -> impl Strategy<Value = YearMonth> {
    (2000i32..2040, 1u8..=12).prop_map(|(year, month)| YearMonth { year, month })
}

fn amount_spec(years: Vec<i32>) -> impl Strategy<Value = AmountSpec> {
    prop_oneof![
        money().prop_map(AmountSpec::Fixed),
        year_map(years.clone()).prop_map(AmountSpec::PerYear),
        (
            money(),
            year_month(),
            proptest::option::of(year_month()),
            money()
        )
            .prop_map(
                |(per_month, from, to, fixed_per_year)| AmountSpec::Monthly {
                    per_month,
                    from,
                    to,
                    fixed_per_year,
                }
            ),
        (
            money(),
            proptest::option::of(select(years.clone())),
            -2_000i64..5_000,
            select(Rounding::ALL.map(|(r, _)| r).to_vec()),
            year_map(years),
        )
            .prop_map(
                |(base, base_year, p, rounding, overrides)| AmountSpec::Indexed {
                    base,
                    base_year,
                    percent: Percent::from_hundredths(p),
                    rounding,
                    overrides,
                }
            ),
        Just(AmountSpec::Derived),
    ]
}

fn payer() -> impl Strategy<Value = Option<Payer>> {
    proptest::option::of(prop_oneof![
        select(Party::ALL.to_vec()).prop_map(Payer::Party),
        Just(Payer::All),
        select(vec!["fk", "region", "a", "b", "x"]).prop_map(|k| Payer::Member(k.to_owned())),
    ])
}

fn line(years: Vec<i32>) -> impl Strategy<Value = Line> {
    (
        text(),
        select(Category::ALL.map(|(c, _)| c).to_vec()),
        payer(),
        amount_spec(years),
        proptest::option::of(text()),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(name, category, payer, amount, note, committed)| Line {
            name,
            category,
            payer,
            amount,
            note,
            committed,
        })
}

/// A section with how deep it wants to sit; `nest` turns a list of them into document order.
fn section(years: Vec<i32>) -> impl Strategy<Value = (Section, usize)> {
    (
        text(),
        proptest::collection::vec(line(years.clone()), 0..6),
        year_map(years),
        1usize..=3,
    )
        .prop_map(|(name, lines, printed_sum, depth)| {
            (
                Section {
                    name,
                    lines,
                    printed_sum,
                    parent: None,
                },
                depth,
            )
        })
}

/// Sections in document order: each at most one level below the one before it, under the
/// nearest earlier section one level up.
fn nest(wanted: Vec<(Section, usize)>) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut depths: Vec<usize> = Vec::new();
    for (mut s, want) in wanted {
        let depth = want.min(depths.last().map_or(1, |d| d + 1));
        s.parent = (depth > 1)
            .then(|| depths.iter().rposition(|d| *d == depth - 1))
            .flatten();
        depths.push(depth);
        out.push(s);
    }
    out
}

fn member() -> impl Strategy<Value = Member> {
    (
        select(vec!["fk", "af", "region", "a", "b"]),
        text(),
        select(finsam_core::MemberKind::ALL.map(|(k, _)| k).to_vec()),
        proptest::option::of((1i128..50).prop_flat_map(|d| (0..=d, Just(d)))),
        proptest::option::of((proptest::option::of(text()), proptest::option::of(text()))),
    )
        .prop_map(|(key, name, kind, share, board)| Member {
            key: key.to_owned(),
            name,
            kind,
            share: share.and_then(|(n, d)| Fraction::new(n, d)),
            board: board.map(|(member, deputy)| BoardSeats { member, deputy }),
        })
}

fn quantity() -> impl Strategy<Value = Quantity> {
    (-1_000_000_000i64..1_000_000_000).prop_map(Quantity::from_hundredths)
}

fn condition() -> impl Strategy<Value = Condition> {
    (
        select(vec![
            Comparison::Above,
            Comparison::AtLeast,
            Comparison::Below,
            Comparison::AtMost,
        ]),
        quantity(),
    )
        .prop_map(|(op, bound)| Condition { op, bound })
}

fn measure() -> impl Strategy<Value = Measure> {
    (
        text(),
        proptest::option::of((condition(), proptest::option::of(condition()))),
        proptest::option::of(text()),
        proptest::option::of(quantity()),
        proptest::option::of(select(Assessment::ALL.map(|(a, _)| a).to_vec())),
        proptest::option::of(text()),
        proptest::option::of((
            select(ComputedFigure::ALL.map(|(f, _)| f).to_vec()),
            2000i32..2100,
            0u8..3,
        )),
    )
        .prop_map(
            |(text, thresholds, unit, value, assessment, comment, figure)| Measure {
                text,
                thresholds: thresholds.map(|(fulfilled, partly)| Thresholds { fulfilled, partly }),
                unit,
                // A point takes its value from a figure or from the plan, never both.
                value: value.filter(|_| figure.is_none()),
                assessment,
                comment,
                figure: figure.map(|(figure, year, half)| FigureRef {
                    figure,
                    period: if half == 0 {
                        Period::Year(year)
                    } else {
                        Period::HalfYear(year, half)
                    },
                }),
            },
        )
}

fn goal_area() -> impl Strategy<Value = GoalArea> {
    (
        text(),
        proptest::collection::vec(
            (text(), proptest::collection::vec(measure(), 0..3))
                .prop_map(|(text, measures)| Goal { text, measures }),
            0..3,
        ),
    )
        .prop_map(|(name, goals)| GoalArea { name, goals })
}

fn rules(years: Vec<i32>) -> impl Strategy<Value = Rules> {
    (
        0i64..10_000,
        proptest::option::of((money(), money(), 0u8..3)),
        proptest::option::of(0i64..10_000),
        proptest::collection::vec(select(Category::ALL.map(|(c, _)| c).to_vec()), 0..4),
        proptest::option::of(0i64..1_000_000_000_000),
        proptest::option::of((select(years), any::<bool>(), 0i64..10_000, money())),
    )
        .prop_map(|(rec, band, admin, cats, buffer, goal)| Rules {
            equity_recommendation: Percent::from_hundredths(rec),
            // Both ends, only the floor, or only the ceiling.
            equity_band: band.map(|(a, b, ends)| EquityBand {
                min: (ends != 2).then(|| a.min(b)),
                max: (ends != 1).then(|| a.max(b)),
            }),
            administration_share_max: admin.map(Percent::from_hundredths),
            administration_categories: cats,
            liquidity_buffer: buffer.map(Money::from_ore),
            equity_goal: goal.map(|(year, share, p, m)| EquityGoal {
                year,
                level: if share {
                    EquityLevel::Share(Percent::from_hundredths(p))
                } else {
                    EquityLevel::Amount(m)
                },
            }),
        })
}

/// The plan as the reader would give it back: one line for all members is refused beside
/// lines for single members, so such a plan's lines for all become the state's.
fn one_kind_of_contribution_line(mut p: Plan) -> Plan {
    let contribution = |l: &Line| l.category == Category::MemberContribution;
    let all = p
        .budget
        .sections
        .iter()
        .flat_map(|s| &s.lines)
        .any(|l| contribution(l) && l.payer == Some(Payer::All));
    let single =
        p.budget.sections.iter().flat_map(|s| &s.lines).any(|l| {
            contribution(l) && matches!(l.payer, Some(Payer::Member(_) | Payer::Party(_)))
        });
    if all && single {
        for l in p.budget.sections.iter_mut().flat_map(|s| &mut s.lines) {
            if contribution(l) && l.payer == Some(Payer::All) {
                l.payer = Some(Payer::Party(Party::State));
            }
        }
    }
    p
}

fn plan() -> impl Strategy<Value = Plan> {
    (2000i32..2100, 1i32..6)
        .prop_flat_map(|(first, n)| {
            let years: Vec<i32> = (first..first + n).collect();
            (
                Just(years.clone()),
                text(),
                proptest::option::of((2000i32..2100, 1u8..=12, 1u8..=28)),
                proptest::collection::vec(member(), 0..6),
                money(),
                year_map(years.clone()),
                proptest::collection::vec(section(years.clone()), 0..5),
                proptest::collection::btree_map(
                    select(Total::ALL.map(|(t, _)| t).to_vec()),
                    year_map(years.clone()),
                    0..3,
                ),
                rules(years.clone()),
                proptest::collection::vec(goal_area(), 0..3),
                (
                    proptest::option::of((money(), money())),
                    year_map(years.clone()),
                    proptest::collection::btree_map(
                        select(years),
                        (-10_000i64..100_000).prop_map(Percent::from_hundredths),
                        0..3,
                    ),
                    any::<bool>(),
                    any::<bool>(),
                ),
            )
        })
        .prop_map(
            |(
                years,
                title,
                decided,
                members,
                opening_equity,
                contributions,
                sections,
                printed,
                rules,
                goal_areas,
                (parts, state_allocation, printed_equity_ratio, printed_outdated, has_org),
            )| {
                // Parts that add up beyond an i64 of öre are refused by the reader.
                let parts = parts
                    .filter(|(c, f)| c.checked_add(*f).is_ok())
                    .map(|(closed, forecast)| OpeningParts { closed, forecast });
                let opening_equity = parts.map_or(opening_equity, |p| {
                    p.closed.checked_add(p.forecast).unwrap_or(opening_equity)
                });
                one_kind_of_contribution_line(Plan {
                    title,
                    decided: decided.and_then(|(y, m, d)| {
                        time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
                    }),
                    association: Association {
                        name: "Förbundet".into(),
                        org_number: has_org
                            .then(|| OrgNumber::parse("222000-1818").expect("valid")),
                        members,
                    },
                    budget: Budget {
                        unit: Unit::Kr,
                        years,
                        opening_equity,
                        opening_parts: parts,
                        contributions,
                        state_allocation,
                        sections: nest(sections),
                        printed,
                        printed_equity_ratio,
                        printed_outdated,
                    },
                    rules,
                    goal_areas,
                })
            },
        )
}

/// A plan file with a few bytes changed, cut or added.
fn mutated(base: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<char>()), 1..8).prop_map(
        move |edits| {
            let mut chars: Vec<char> = base.chars().collect();
            for (at, op, c) in edits {
                if chars.is_empty() {
                    break;
                }
                let i = at.index(chars.len());
                match op {
                    0 => {
                        chars.remove(i);
                    }
                    1 => chars.insert(i, c),
                    _ => chars.truncate(i),
                }
            }
            chars.into_iter().collect()
        },
    )
}

/// Reads, and when the plan reads, computes and checks it: none of it may panic.
fn read_compute_check(text: &str) {
    if let Ok(loaded) = plan_file::read(text)
        && let Ok(fig) = compute(&loaded.plan)
    {
        let _ = finsam_core::check(&loaded.plan, &fig);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_reader_never_panics_on_any_text(s in "\\PC{0,400}") {
        read_compute_check(&s);
    }

    #[test]
    fn the_reader_never_panics_on_any_bytes(b in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = plan_file::read_bytes(&b);
    }

    #[test]
    fn the_reader_never_panics_on_damaged_plans(s in mutated(SOFINT)) {
        read_compute_check(&s);
    }

    #[test]
    fn the_reader_never_panics_on_damaged_examples(s in mutated(ALVDALEN)) {
        read_compute_check(&s);
    }

    #[test]
    fn the_reader_never_panics_on_damaged_tkr_plans(s in mutated(NORRBY)) {
        read_compute_check(&s);
    }

    #[test]
    fn write_then_read_gives_the_same_plan(p in plan()) {
        let text = plan_file::to_toml(&p);
        let back = plan_file::read(&text);
        prop_assert!(back.is_ok(), "{:#?}\n{}", back.err(), text);
        prop_assert_eq!(back.map(|l| l.plan).ok(), Some(p));
    }

    #[test]
    fn a_tkr_plan_reads_back_in_tkr_or_else_in_kronor_and_the_same(p in plan()) {
        let mut p = p;
        p.budget.unit = Unit::Tkr;
        let text = plan_file::to_toml(&p);
        let back = plan_file::read(&text);
        prop_assert!(back.is_ok(), "{:#?}\n{}", back.err(), text);
        let mut back = back.map(|l| l.plan).expect("reads");
        if text.contains("unit = \"tkr\"") {
            prop_assert_eq!(back.budget.unit, Unit::Tkr);
        } else {
            // Written in kronor because some amount had öre: nothing else changes.
            prop_assert_eq!(back.budget.unit, Unit::Kr);
            back.budget.unit = Unit::Tkr;
        }
        prop_assert_eq!(back, p);
    }

    #[test]
    fn totals_are_the_sums_of_their_lines_and_equity_chains(p in plan()) {
        let Ok(fig) = compute(&p) else { return Ok(()) };
        let n = p.budget.years.len();
        let mut income = vec![0i128; n];
        let mut costs = vec![0i128; n];
        let mut financial = vec![0i128; n];
        for (si, section) in p.budget.sections.iter().enumerate() {
            for yi in 0..n {
                // A section's sum is its own lines and its subsections' sums.
                let lines: i128 = fig.sections[si].lines.iter().map(|l| i128::from(l[yi].ore())).sum();
                let subsections: i128 = p.budget.children(Some(si))
                    .map(|c| i128::from(fig.sections[c].sums[yi].ore()))
                    .sum();
                prop_assert_eq!(lines + subsections, i128::from(fig.sections[si].sums[yi].ore()));
            }
            for (li, line) in section.lines.iter().enumerate() {
                for yi in 0..n {
                    let a = i128::from(fig.sections[si].lines[li][yi].ore());
                    let bucket = if line.category.is_financial() {
                        &mut financial
                    } else if line.category.is_income() {
                        &mut income
                    } else {
                        &mut costs
                    };
                    bucket[yi] += a;
                }
            }
        }
        let mut opening = p.budget.opening_equity;
        for (yi, y) in fig.per_year.iter().enumerate() {
            prop_assert_eq!(i128::from(y.income.ore()), income[yi]);
            prop_assert_eq!(i128::from(y.costs.ore()), costs[yi]);
            prop_assert_eq!(i128::from(y.financial_net.ore()), financial[yi]);
            prop_assert_eq!(i128::from(y.result.ore()), income[yi] + costs[yi] + financial[yi]);
            prop_assert_eq!(y.equity_opening, opening);
            prop_assert_eq!(y.equity_closing.ore(), y.equity_opening.ore() + y.result.ore());
            opening = y.equity_closing;
        }
    }
}

#[test]
fn the_examples_survive_a_round_trip() {
    for text in [SOFINT, ALVDALEN, NORRBY] {
        let first = plan_file::read(text).expect("reads").plan;
        let written = plan_file::to_toml(&first);
        let again = plan_file::read(&written).expect("reads back").plan;
        assert_eq!(again, first);
        assert_eq!(plan_file::to_toml(&again), written, "writing is stable");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn amounts_written_in_swedish_read_back_exactly(ore in any::<i64>()) {
        let m = Money::from_ore(ore);
        prop_assert_eq!(Money::parse(&finsam_core::format::kr(m)), Ok(m));
        prop_assert_eq!(Money::parse(&finsam_core::format::kr_with_unit(m)), Ok(m));
    }

    #[test]
    fn tkr_is_the_nearest_thousand(ore in -1_000_000_000_000_000i64..1_000_000_000_000_000) {
        let tkr = i128::from(Money::from_ore(ore).tkr_rounded());
        let exact = i128::from(ore);
        // Within half a thousand kronor (50 000 öre), ties away from zero.
        let diff = exact - tkr * 100_000;
        prop_assert!(diff.abs() <= 50_000, "{ore} -> {tkr}");
        if diff.abs() == 50_000 {
            prop_assert_eq!(diff.signum(), -exact.signum());
        }
    }

    #[test]
    fn small_parsers_never_panic(s in "\\PC{0,40}") {
        let _ = Money::parse(&s);
        let _ = Percent::parse(&s);
        let _ = Fraction::parse_share(&s);
        let _ = OrgNumber::parse(&s);
        let _ = Condition::parse(&s);
        let _ = Quantity::parse(&s);
        let _ = YearMonth::parse(&s);
    }

    #[test]
    fn shares_and_conditions_read_back(n in 0i128..200, d in 1i128..200, c in condition()) {
        if let Some(f) = Fraction::new(n, d).filter(|f| *f <= Fraction::ONE) {
            prop_assert_eq!(Fraction::parse_share(&format!("{}/{}", f.num(), f.den())), Ok(f));
        }
        prop_assert_eq!(Condition::parse(&c.to_string()), Ok(c));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// The next year's plan changes nothing in the years the two plans share: every kept line,
    /// every section sum and every total are the same, the equity chain goes on from the old
    /// plan's first closing equity, and the lines left out had no amount in any new year.
    #[test]
    fn the_next_plan_keeps_every_shared_year_exactly(p in plan()) {
        let Ok(old) = compute(&p) else { return Ok(()) };
        let Ok(next) = finsam_core::next_plan::next_plan(&p) else { return Ok(()) };
        let Ok(new) = compute(&next.plan) else { return Ok(()) };
        let n = p.budget.years.len();
        prop_assert_eq!(&next.plan.budget.years, &p.budget.years.iter().map(|y| y + 1).collect::<Vec<_>>());
        prop_assert_eq!(next.plan.budget.opening_equity, old.per_year[0].equity_closing);
        prop_assert!(next.plan.decided.is_none());
        prop_assert!(!next.plan.has_printed_sums());
        for yi in 1..n {
            let (a, b) = (&old.per_year[yi], &new.per_year[yi - 1]);
            prop_assert_eq!(a.year, b.year);
            prop_assert_eq!(a.income, b.income);
            prop_assert_eq!(a.costs, b.costs);
            prop_assert_eq!(a.result, b.result);
            prop_assert_eq!(a.equity_opening, b.equity_opening);
            prop_assert_eq!(a.equity_closing, b.equity_closing);
            for si in 0..p.budget.sections.len() {
                prop_assert_eq!(old.sections[si].sums[yi], new.sections[si].sums[yi - 1]);
            }
        }
        // Kept lines, matched in order by name within their section.
        let mut ended = next.ended.iter();
        for (si, section) in p.budget.sections.iter().enumerate() {
            let mut kept = next.plan.budget.sections[si].lines.iter().enumerate();
            for (li, line) in section.lines.iter().enumerate() {
                let amounts = &old.sections[si].lines[li];
                match kept.clone().next() {
                    Some((ki, k)) if k.name == line.name && k.category == line.category => {
                        kept.next();
                        prop_assert_eq!(&amounts[1..], &new.sections[si].lines[ki][..n - 1]);
                    }
                    _ => {
                        prop_assert_eq!(ended.next(), Some(&line.name));
                        prop_assert!(amounts[1..].iter().all(|m| *m == Money::ZERO));
                    }
                }
            }
        }
        prop_assert!(ended.next().is_none());
    }
}
