//! SOFINT's interim report for January–June 2024 (shared/seeds/sofint-delarsredovisning-2024-06.txt)
//! is the oracle: the demo SIE file (made by bench/src/sie_demo.rs), the association's account
//! mapping and its adopted plan must give every figure of its income statement, balance sheet and
//! prognosis table.

use std::collections::BTreeMap;

use finsam_core::Money;
use finsam_core::actuals::{
    BudgetSource, Chart, FollowUp, Input, Ledger, Mapping, PeriodSpec, follow_up,
};
use finsam_core::format::{kr, percent};

fn root(path: &str) -> String {
    format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
}

fn kr_of(n: i64) -> Money {
    Money::from_kr(n).unwrap()
}

fn sofint(period: &str, adjustments: &BTreeMap<String, Money>) -> FollowUp {
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
                kr(r.deviation),
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
                "3,8 %"
            ),
        ]
    );
    // The seed prints whole percent: 12 % and 4 %.
    let whole: Vec<String> = f.summary[3..]
        .iter()
        .map(|r| percent(r.deviation_share.unwrap(), 0))
        .collect();
    assert_eq!(whole, vec!["0 %", "12 %", "4 %"]);
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
    // The full year so far holds only January to June.
    let year = sofint("helar", &BTreeMap::new());
    assert_eq!(income(&year), kr_of(1_800_000));
    assert_eq!(year.summary[0].budget, kr_of(3_600_000));
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
    // The balance sheet still balances: the tax is part of the period's result in equity.
    assert_eq!(f.balance_difference, Money::ZERO);
    // With the chart's defaults alone, every other account lands somewhere.
    assert_eq!(f.budget_source, BudgetSource::Sie);
    assert_eq!(f.summary[2].actual, kr_of(1_803_005));
}
