//! SOFINT's interim report for January–June 2024 (shared/seeds/sofint-delarsredovisning-2024-06.txt)
//! is the oracle: the demo SIE file (made by bench/src/sie_demo.rs), the association's account
//! mapping and its adopted plan must give every figure of its income statement, balance sheet and
//! prognosis table.

use std::collections::BTreeMap;

use finsam_core::Money;
use finsam_core::actuals::{
    BudgetSource, Chart, Coverage, FollowUp, Input, Ledger, Mapping, PeriodSpec, follow_up,
};
use finsam_core::format::{kr, percent};

fn root(path: &str) -> String {
    format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
}

fn kr_of(n: i64) -> Money {
    Money::from_kr(n).unwrap()
}

fn sofint(period: &str, adjustments: &BTreeMap<String, Money>) -> FollowUp {
    sofint_against(period, adjustments, None)
}

/// SOFINT's first half of 2024 against the budget asked for.
fn sofint_against(
    period: &str,
    adjustments: &BTreeMap<String, Money>,
    budget: Option<BudgetSource>,
) -> FollowUp {
    let file =
        finsam_sie::read(&std::fs::read(root("examples/sofint-2024-06.se")).unwrap()).unwrap();
    assert!(file.checksum.is_some(), "the demo file carries #KSUMMA");
    let ledger = Ledger::from_sie(&file).unwrap();
    assert!(ledger.notes.is_empty(), "{:?}", ledger.notes);
    let plan = finsam_core::plan_file::read(
        &std::fs::read_to_string(root("examples/sofint-2024.toml")).unwrap(),
    )
    .unwrap()
    .plan;
    let rules = Mapping::parse_rules(
        &std::fs::read_to_string(root("examples/sofint-kontokoppling.txt")).unwrap(),
        None,
    )
    .unwrap();
    let mapping = Mapping {
        chart: Chart::KommunBas,
        rules,
    };
    let period = PeriodSpec::parse(period)
        .unwrap()
        .resolve(ledger.year)
        .unwrap();
    follow_up(Input {
        ledger: &ledger,
        mapping: &mapping,
        plan: Some(&plan),
        period,
        adjustments,
        budget,
    })
    .unwrap()
}

fn statement(rows: &[finsam_core::actuals::StatementLine]) -> Vec<(String, String, String)> {
    rows.iter()
        .filter(|r| !r.is_heading)
        .map(|r| {
            (
                r.label.to_owned(),
                r.current.map(kr).unwrap_or_default(),
                r.prior.map(kr).unwrap_or_default(),
            )
        })
        .collect()
}

fn row<'a>(table: &'a [(String, String, String)], label: &str) -> (&'a str, &'a str) {
    let r = table
        .iter()
        .find(|r| r.0 == label)
        .unwrap_or_else(|| panic!("{label}"));
    (r.1.as_str(), r.2.as_str())
}

#[test]
fn the_income_statement_is_the_seeds() {
    let f = sofint("h1", &BTreeMap::new());
    assert_eq!(f.period.label(), "2024-01-01 – 2024-06-30");
    assert_eq!(f.prior_period.unwrap().label(), "2023-01-01 – 2023-06-30");
    let t = statement(&f.income_statement);
    assert_eq!(
        row(&t, "Verksamhetens intäkter"),
        ("1 800 000", "1 988 014")
    );
    assert_eq!(
        row(&t, "Verksamhetens kostnader"),
        ("−1 802 981", "−2 106 711")
    );
    assert_eq!(row(&t, "Avskrivningar"), ("", ""));
    assert_eq!(row(&t, "Verksamhetens resultat"), ("−2 981", "−118 697"));
    assert_eq!(row(&t, "Finansiella intäkter"), ("", ""));
    assert_eq!(row(&t, "Finansiella kostnader"), ("−24", "−1 285"));
    assert_eq!(
        row(&t, "Resultat efter finansiella poster"),
        ("−3 005", "−119 982")
    );
    assert_eq!(row(&t, "Periodens resultat"), ("−3 005", "−119 982"));
}

#[test]
fn the_balance_sheet_is_the_seeds_and_balances() {
    let f = sofint("h1", &BTreeMap::new());
    let t = statement(&f.balance_sheet);
    assert_eq!(row(&t, "Fordringar"), ("84 812", "46 780"));
    assert_eq!(row(&t, "Kassa och bank"), ("2 563 482", "2 929 429"));
    assert_eq!(
        row(&t, "Summa omsättningstillgångar"),
        ("2 648 294", "2 976 209")
    );
    assert_eq!(row(&t, "Summa tillgångar"), ("2 648 294", "2 976 209"));
    assert_eq!(row(&t, "Eget kapital"), ("479 147", "649 165"));
    assert_eq!(row(&t, "Kortfristiga skulder"), ("2 169 147", "2 327 044"));
    assert_eq!(
        row(&t, "Summa eget kapital och skulder"),
        ("2 648 294", "2 976 209")
    );
    assert_eq!(f.balance_difference, Money::ZERO);
    assert!(f.notes.iter().all(|n| n.kind.code() != "balans"));
}

#[test]
fn the_prognosis_table_is_the_seeds() {
    let f = sofint("h1", &BTreeMap::new());
    assert_eq!(f.budget_source, BudgetSource::Sie);
    let shown: Vec<(String, String, String, String, String)> = f
        .summary
        .iter()
        .map(|r| {
            (
                r.label.clone(),
                kr(r.actual),
                kr(r.budget),
                r.deviation.map(kr).unwrap_or_default(),
                r.deviation_share.map(|s| percent(s, 1)).unwrap_or_default(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str, d: &str, e: &str| {
        (
            a.to_owned(),
            b.to_owned(),
            c.to_owned(),
            d.to_owned(),
            e.to_owned(),
        )
    };
    assert_eq!(
        shown,
        vec![
            s("Rörelsens intäkter", "1 800 000", "1 800 000", "0", "0,0 %"),
            s(
                "Varav medlemsbidrag",
                "1 800 000",
                "1 800 000",
                "0",
                "0,0 %"
            ),
            s(
                "Rörelsens kostnader",
                "1 803 005",
                "1 811 828",
                "8 823",
                "0,5 %"
            ),
            // Signed as the deviation: the insatser ran 7 kr over, the administration 15 857.
            s("Varav insatser", "1 189 503", "1 189 496", "−7", "0,0 %"),
            s(
                "Varav strukturövergripande insatser",
                "175 271",
                "199 958",
                "24 687",
                "12,3 %"
            ),
            s(
                "Varav administrativa kostnader",
                "438 231",
                "422 374",
                "−15 857",
                "−3,8 %"
            ),
        ]
    );
    // The seed prints whole percent without a sign: 12 % and 4 %. Finsam signs the share as
    // the deviation, so that 4 % over a budget never reads like 4 % left.
    let whole: Vec<String> = f.summary[3..]
        .iter()
        .map(|r| percent(r.deviation_share.unwrap(), 0))
        .collect();
    assert_eq!(whole, vec!["0 %", "12 %", "−4 %"]);
    assert_eq!(percent(f.administration_share.unwrap(), 0), "24 %");
}

#[test]
fn every_line_is_followed_up_and_sums_to_its_category() {
    let f = sofint("h1", &BTreeMap::new());
    let coaching = f
        .lines
        .iter()
        .find(|r| r.key == "insats:Coachingteamet")
        .unwrap();
    assert_eq!(
        (coaching.actual, coaching.budget),
        (kr_of(1_189_503), kr_of(1_189_496))
    );
    let structural_rest = f.lines.iter().find(|r| r.key == "strukturell:").unwrap();
    assert_eq!(structural_rest.actual, kr_of(88_200));
    let mut i = 0;
    while i < f.lines.len() {
        let head = &f.lines[i];
        assert_eq!(head.level, 0);
        let members: Vec<_> = f.lines[i + 1..]
            .iter()
            .take_while(|r| r.level == 1)
            .collect();
        let sum = Money::checked_sum(members.iter().map(|r| r.actual)).unwrap();
        assert_eq!(sum, head.actual, "{}", head.label);
        i += 1 + members.len();
    }
    assert!(
        f.notes.iter().all(|n| n.kind.code() != "okopplat-konto"),
        "{:?}",
        f.notes
    );
}

#[test]
fn the_forecast_lands_equity_and_takes_the_ekonoms_figures() {
    let f = sofint("h1", &BTreeMap::new());
    let fc = &f.forecast;
    // Opening equity 482 152; the revised budget's full year is +36 575; H1 ran 8 823 better.
    assert_eq!(fc.opening_equity, kr_of(482_152));
    assert_eq!(fc.result, kr_of(36_575 + 8_823));
    assert_eq!(fc.closing_equity, kr_of(482_152 + 36_575 + 8_823));
    assert_eq!(fc.recommended_max, kr_of(720_000));
    assert!(
        f.notes
            .iter()
            .all(|n| !n.kind.code().starts_with("eget-kapital"))
    );
    let mut adj = BTreeMap::new();
    adj.insert("insats:Coachingteamet".to_owned(), kr_of(2_403_500));
    let g = sofint("h1", &adj);
    let coaching = g
        .forecast
        .rows
        .iter()
        .find(|r| r.key == "insats:Coachingteamet")
        .unwrap();
    assert_eq!(coaching.computed, kr_of(1_189_503 + 1_201_754));
    assert_eq!(coaching.forecast, kr_of(2_403_500));
    assert_eq!(
        g.forecast.result,
        kr_of(36_575 + 8_823 - (2_403_500 - 1_189_503 - 1_201_754))
    );
}

#[test]
fn other_periods_follow_the_same_books() {
    let june = sofint("2024-06", &BTreeMap::new());
    let ytd = sofint("tom-2024-06", &BTreeMap::new());
    let h1 = sofint("h1", &BTreeMap::new());
    assert_eq!(ytd.income_statement, h1.income_statement);
    assert_eq!(
        june.balance_sheet, h1.balance_sheet,
        "the balance sheet is at the period's end"
    );
    let t1 = sofint("t1", &BTreeMap::new());
    let income = |f: &FollowUp| f.income_statement[0].current.unwrap();
    assert_eq!(income(&t1), kr_of(1_200_000));
    assert_eq!(income(&june), kr_of(300_000));
    // The full year so far holds only January to June, and is compared with the budget of
    // January to June, never with the whole year's.
    let year = sofint("helar", &BTreeMap::new());
    assert_eq!(income(&year), kr_of(1_800_000));
    assert_eq!(year.summary[0].budget, kr_of(1_800_000));
    assert_eq!(year.summary[0].deviation, Some(Money::ZERO));
}

#[test]
fn a_period_after_the_last_booked_day_is_marked_and_claims_nothing() {
    let h1 = sofint("h1", &BTreeMap::new());
    let h2 = sofint("h2", &BTreeMap::new());
    let t2 = sofint("t2", &BTreeMap::new());
    let year = sofint("helar", &BTreeMap::new());
    let last = finsam_core::plan::Date::from_calendar_date(2024, time::Month::June, 30).unwrap();
    assert_eq!(h1.booked_through, Some(last), "the latest voucher date");
    assert_eq!(h1.coverage, Coverage::Complete);
    assert_eq!(h1.coverage.note(&h1.period, h1.booked_through), None);
    let june = finsam_core::budget::YearMonth {
        year: 2024,
        month: 6,
    };
    assert_eq!(t2.coverage, Coverage::Partial { through: june });
    assert_eq!(year.coverage, Coverage::Partial { through: june });
    assert_eq!(h2.coverage, Coverage::Unbooked);
    let note = h2.coverage.note(&h2.period, h2.booked_through).unwrap();
    assert!(
        note.starts_with(
            "Ingen bokföring efter 2024-06-30: perioden 2024-07-01 – 2024-12-31 har ingen bokföring"
        ),
        "{note}"
    );
    assert!(
        t2.coverage
            .note(&t2.period, t2.booked_through)
            .unwrap()
            .contains("jämförs till och med 2024-06-30"),
    );
    // Halvår 2 shows its budget but no deviation, no share and no administration share.
    assert!(
        h2.summary
            .iter()
            .all(|r| r.deviation.is_none() && r.deviation_share.is_none())
    );
    assert_eq!(h2.summary[0].budget, kr_of(1_800_000));
    assert_eq!(h2.administration_share, None);
    // Tertial 2 (May–August) is compared through June: May and June's budget, not August's.
    let may_june = sofint("2024-05", &BTreeMap::new()).summary[0]
        .budget
        .checked_add(sofint("2024-06", &BTreeMap::new()).summary[0].budget);
    assert_eq!(Ok(t2.summary[0].budget), may_june);
    // The forecast is the books through June and the budget after it, whichever period is
    // shown: an unbooked month is budget, never a zero result.
    assert_eq!(h2.forecast, h1.forecast);
    assert_eq!(year.forecast, h1.forecast);
}

#[test]
fn the_last_booked_day_is_the_latest_voucher_date_in_the_year() {
    let file =
        finsam_sie::read(&std::fs::read(root("examples/sofint-2024-06.se")).unwrap()).unwrap();
    let mut ledger = Ledger::from_sie(&file).unwrap();
    let day = |m, d| finsam_core::plan::Date::from_calendar_date(2024, m, d).unwrap();
    // Without the vouchers after 12 June, the books end on the latest date before it.
    ledger
        .rows
        .retain(|r| r.voucher_date <= day(time::Month::June, 12));
    let latest = ledger.rows.iter().map(|r| r.voucher_date).max().unwrap();
    assert!(latest <= day(time::Month::June, 12) && latest > day(time::Month::May, 31));
    assert_eq!(ledger.last_booked_day(), Some(latest));
    // A file of balances without vouchers: the end of its last month with movements.
    ledger.rows.clear();
    assert_eq!(ledger.last_booked_day(), Some(day(time::Month::June, 30)));
}

#[test]
fn the_budget_is_the_files_by_default_and_the_plans_when_asked() {
    let sie = sofint("h1", &BTreeMap::new());
    assert_eq!(sie.budget_source, BudgetSource::Sie);
    assert_eq!(sie.budget_sources, [BudgetSource::Sie, BudgetSource::Plan]);
    let plan = sofint_against("h1", &BTreeMap::new(), Some(BudgetSource::Plan));
    assert_eq!(plan.budget_source, BudgetSource::Plan);
    // The adopted plan's 2024: contributions 3 600 000 a year, half of them by June.
    assert_eq!(plan.summary[1].label, "Varav medlemsbidrag");
    assert_eq!(plan.summary[1].budget, kr_of(1_800_000));
    // The plan's full-year budget is its year: the result the plan budgets for 2024.
    let year_budget = |f: &FollowUp| {
        let (mut income, mut costs) = (Money::ZERO, Money::ZERO);
        for r in &f.forecast.rows {
            let t = if r.is_cost { &mut costs } else { &mut income };
            *t = t.checked_add(r.year_budget).unwrap();
        }
        income.checked_sub(costs).unwrap()
    };
    assert_eq!(year_budget(&plan), kr_of(-109_825));
    // The actual is the same whichever budget it is compared with.
    assert_eq!(plan.summary[1].actual, sie.summary[1].actual);
    assert_eq!(plan.income_statement, sie.income_statement);
}

#[test]
fn the_plans_opening_equity_against_the_books_is_a_finding() {
    let f = sofint("h1", &BTreeMap::new());
    let found: Vec<&str> = f
        .notes
        .iter()
        .filter(|n| n.kind.code() == "ingaende-eget-kapital")
        .map(|n| n.message.as_str())
        .collect();
    // The plan was written in the autumn with a forecast 450 000; the books opened at 482 152.
    assert_eq!(found.len(), 1, "{:?}", f.notes);
    assert!(
        found[0].starts_with(
            "Planens ingående eget kapital för 2024 är 450 000 kr men bokföringens är 482 152 kr \
             (32 152 kr mer i bokföringen)"
        ),
        "{}",
        found[0]
    );
}

#[test]
fn an_account_that_maps_nowhere_is_a_finding_and_no_krona_disappears() {
    let file =
        finsam_sie::read(&std::fs::read(root("examples/sofint-2024-06.se")).unwrap()).unwrap();
    let mut ledger = Ledger::from_sie(&file).unwrap();
    // A booking on 8910 (tax: outside every rule) in March.
    for (account, amount) in [("8910", 1_234), ("1930", -1_234)] {
        ledger.entries.push(finsam_core::actuals::Entry {
            year: finsam_core::actuals::YearIndex::Current,
            kind: finsam_core::actuals::EntryKind::Movement,
            account: account.to_owned(),
            month: Some(finsam_core::budget::YearMonth {
                year: 2024,
                month: 3,
            }),
            amount: kr_of(amount),
        });
    }
    ledger
        .accounts
        .insert("8910".to_owned(), "Skatt".to_owned());
    let mapping = Mapping::default();
    let period = PeriodSpec::Half(1).resolve(ledger.year).unwrap();
    let f = follow_up(Input {
        ledger: &ledger,
        mapping: &mapping,
        plan: None,
        period,
        adjustments: &BTreeMap::new(),
        budget: None,
    })
    .unwrap();
    let unmapped: Vec<&str> = f
        .notes
        .iter()
        .filter(|n| n.kind.code() == "okopplat-konto")
        .map(|n| n.message.as_str())
        .collect();
    assert_eq!(unmapped.len(), 1, "{:?}", f.notes);
    assert!(
        unmapped[0].starts_with("Konto 8910 Skatt har 1 234 kr"),
        "{}",
        unmapped[0]
    );
    // The same list whatever the period, even one before the booking, and the same as the
    // one list every page shows.
    let listed = finsam_core::actuals::unmapped_accounts(&ledger, &mapping).unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|u| (u.account.as_str(), u.name.as_deref(), u.amount))
            .collect::<Vec<_>>(),
        vec![("8910", Some("Skatt"), kr_of(1_234))]
    );
    for p in ["2024-01", "t1", "h2", "helar"] {
        let period = PeriodSpec::parse(p).unwrap().resolve(ledger.year).unwrap();
        let g = follow_up(Input {
            ledger: &ledger,
            mapping: &mapping,
            plan: None,
            period,
            adjustments: &BTreeMap::new(),
            budget: None,
        })
        .unwrap();
        let messages: Vec<&str> = g
            .notes
            .iter()
            .filter(|n| n.kind.code() == "okopplat-konto")
            .map(|n| n.message.as_str())
            .collect();
        assert_eq!(messages, unmapped, "period {p}");
    }
    // The balance sheet still balances: the tax is part of the period's result in equity.
    assert_eq!(f.balance_difference, Money::ZERO);
    // With the chart's defaults alone, every other account lands somewhere.
    assert_eq!(f.budget_source, BudgetSource::Sie);
    assert_eq!(f.summary[2].actual, kr_of(1_803_005));
}

#[test]
fn the_chart_says_each_cost_category_in_words() {
    let h1 = sofint("h1", &BTreeMap::new());
    let chart = finsam_core::actuals::category_chart(&h1);
    let labels: Vec<&str> = chart.bars.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels[0], "Insatser", "{labels:?}");
    let insatser = &chart.bars[0];
    assert_eq!(
        (insatser.actual, insatser.budget),
        (kr_of(1_189_503), kr_of(1_189_496))
    );
    assert!(insatser.over, "7 kr over budget");
    assert!(
        chart
            .description
            .contains("Insatser: utfall 1 189 503 kr mot budget 1 189 496 kr, över budget"),
        "{}",
        chart.description
    );
    assert_eq!(
        chart.axis_max,
        chart
            .bars
            .iter()
            .flat_map(|b| [b.actual, b.budget])
            .max()
            .unwrap()
    );
    // A period without bookkeeping is never "over" and says why its actual is empty.
    let h2 = finsam_core::actuals::category_chart(&sofint("h2", &BTreeMap::new()));
    assert!(h2.bars.iter().all(|b| !b.over));
    assert!(
        h2.description.contains("Ingen bokföring efter 2024-06-30"),
        "{}",
        h2.description
    );
}

/// The cost curve adds up to the same costs as the tables: through June the booked costs are the
/// half-year's cost categories, the file's budget through June theirs; after June nothing is
/// drawn as booked; against the plan, the year's budget is the plan's costs for 2024.
#[test]
fn the_cost_curve_adds_up_to_the_tables() {
    let h1 = sofint("h1", &BTreeMap::new());
    let curve = finsam_core::actuals::cost_curve(&h1).expect("a year with costs");
    assert_eq!(curve.points.len(), 12);
    let june = curve.points[5];
    assert_eq!(june.month.to_string(), "2024-06");
    let costs = |pick: fn(&finsam_core::actuals::BudgetRow) -> Money| {
        Money::checked_sum(
            h1.lines
                .iter()
                .filter(|r| r.level == 0 && r.is_cost)
                .map(pick),
        )
        .unwrap()
    };
    assert_eq!(june.actual, Some(costs(|r| r.actual)));
    assert_eq!(june.budget, costs(|r| r.budget));
    assert!(curve.points[6..].iter().all(|p| p.actual.is_none()));
    assert!(
        curve.points.windows(2).all(|w| w[0].budget <= w[1].budget),
        "costs so far never fall in this budget"
    );
    assert!(
        curve.description.contains(&format!(
            "Till och med 2024-06: kostnader {} mot budgetens {}",
            finsam_core::format::kr_with_unit(june.actual.unwrap()),
            finsam_core::format::kr_with_unit(june.budget)
        )),
        "{}",
        curve.description
    );

    let against_plan = sofint_against("h1", &BTreeMap::new(), Some(BudgetSource::Plan));
    let curve = finsam_core::actuals::cost_curve(&against_plan).expect("costs");
    let plan = finsam_core::plan_file::read(
        &std::fs::read_to_string(root("examples/sofint-2024.toml")).unwrap(),
    )
    .unwrap()
    .plan;
    let fig = finsam_core::compute(&plan).unwrap();
    let y2024 = fig.year(2024).unwrap();
    assert_eq!(
        curve.points[11].budget,
        Money::ZERO
            .checked_sub(y2024.costs.checked_add(y2024.financial_costs).unwrap())
            .unwrap(),
        "the plan's costs for 2024"
    );
    assert_eq!(kr(curve.points[11].budget), "3 709 825");
}
