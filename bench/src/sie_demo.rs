//! The demo association's SIE file: SOFINT's first half of 2024 (and 2023 for comparison), made
//! from the figures of its interim report so that the follow-up reproduces them.
//!
//! The accounts and their split are invented; the sums per statement row, per balance-sheet row
//! and per budget group are the seed's (shared/seeds/sofint-delarsredovisning-2024-06.txt).
//! `examples/sofint-2024-06.se` is this file; a test keeps the two the same.

use std::collections::BTreeMap;

use finsam_sie::{
    Account, Amount, Balance, Date, FiscalYear, PeriodAmount, RowKind, SieFile, Transaction,
    Voucher, YearMonth,
};

/// Account, name, and for 2024: actual Jan–Jun, budget Jan–Jun, budget Jul–Dec; for 2023:
/// actual Jan–Jun and Jul–Dec. Whole kronor; income as positive numbers here.
const RESULT_ACCOUNTS: [(&str, &str, [i64; 5]); 15] = [
    (
        "3010",
        "Medlemsbidrag Försäkringskassan och Arbetsförmedlingen",
        [900_000, 900_000, 900_000, 900_000, 900_000],
    ),
    (
        "3011",
        "Medlemsbidrag Region Örebro län",
        [450_000, 450_000, 450_000, 450_000, 450_000],
    ),
    (
        "3012",
        "Medlemsbidrag kommunerna",
        [450_000, 450_000, 450_000, 450_000, 450_000],
    ),
    ("3900", "Övriga intäkter", [0, 0, 0, 188_014, 0]),
    (
        "4010",
        "Coachingteamet",
        [1_189_503, 1_189_496, 1_201_754, 1_400_000, 1_350_000],
    ),
    (
        "4050",
        "Välfärdsguiden, medlemsavgift och redaktör",
        [88_200, 100_800, 75_600, 0, 0],
    ),
    (
        "4060",
        "Förbundschef, strukturövergripande del",
        [87_071, 99_158, 80_000, 120_000, 120_000],
    ),
    (
        "4610",
        "Köp av administrativa tjänster",
        [55_000, 55_000, 55_000, 55_000, 55_000],
    ),
    (
        "4620",
        "Köp av tjänst förbundschef",
        [250_000, 240_000, 210_000, 350_000, 330_000],
    ),
    (
        "5110",
        "Arvoden förtroendevalda",
        [55_000, 55_000, 55_000, 60_000, 55_000],
    ),
    (
        "6110",
        "Lokalhyra",
        [20_000, 20_000, 20_000, 20_000, 20_000],
    ),
    ("6410", "Revision", [30_000, 35_500, 35_500, 35_500, 35_500]),
    (
        "6990",
        "Övriga verksamhetskostnader",
        [28_207, 16_124, 17_993, 66_211, 798],
    ),
    ("8590", "Bankavgifter", [24, 750, 750, 1_285, 715]),
    ("8999", "Årets resultat", [0, 0, 0, 0, 0]),
];

/// Balance accounts with the opening balance of 2023 and 2024 (SIE sign: debit positive).
const BALANCE_ACCOUNTS: [(&str, &str, i64, i64); 5] = [
    ("1510", "Kundfordringar", 40_000, 46_000),
    ("1930", "Bank", 3_100_000, 2_700_000),
    ("2010", "Eget kapital", -769_147, -482_152),
    ("2440", "Leverantörsskulder", -250_000, -300_000),
    (
        "2990",
        "Upplupna kostnader och förutbetalda intäkter",
        -2_120_853,
        -1_963_848,
    ),
];

/// 2023's balance-account movements, first and second half (SIE sign), and the closing of the
/// year's result into equity in December.
const PRIOR_BALANCE_MOVES: [(&str, i64, i64); 4] = [
    ("1510", 6_780, -780),
    ("1930", -170_571, -229_429),
    ("2440", 0, -50_000),
    ("2990", 43_809, 113_196),
];
const PRIOR_RESULT: i64 = -286_995;

/// The monthly split of Välfärdsguiden's cost in 2024: the membership fee in January, the
/// editor from March (the interim report's 37 800 kr and 12 600 kr a month).
const WELFARE_GUIDE_2024: [i64; 6] = [37_800, 0, 12_600, 12_600, 12_600, 12_600];

/// Receivables and accrued liabilities move at the end of June 2024.
const JUNE_RECEIVABLES: i64 = 38_812;
const JUNE_ACCRUALS: i64 = 94_701;

/// Coachingteamet's object: dimension 6 (projekt), code COACH.
fn coaching_object() -> finsam_sie::ObjectRef {
    finsam_sie::ObjectRef {
        dimension: 6,
        object: "COACH".to_owned(),
    }
}

fn date(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, time::Month::try_from(m).expect("month"), d).expect("date")
}

fn kr(n: i64) -> Amount {
    Amount(n * 100)
}

/// `total` over six months in whole kronor, the remainder in the last.
fn six(total: i64) -> [i64; 6] {
    let each = total / 6;
    let mut out = [each; 6];
    out[5] = total - each * 5;
    out
}

fn is_income(account: &str) -> bool {
    account.starts_with('3')
}

/// The demo file.
pub fn demo() -> SieFile {
    let mut f = finsam_sie::read(b"#FLAGGA 0\r\n").expect("a minimal file");
    f.warnings.clear();
    f.program = Some(("Finsam demogenerator".to_owned(), "1".to_owned()));
    f.format = Some("PC8".to_owned());
    f.generated = Some((date(2024, 7, 15), Some("ekonom".to_owned())));
    f.sie_type = Some(4);
    f.org_number = Some("222000-1818".to_owned());
    f.company_name = Some("Samordningsförbundet SOFINT".to_owned());
    f.chart_type = Some("KOMMUNBAS".to_owned());
    f.fiscal_years = vec![
        FiscalYear {
            index: 0,
            start: date(2024, 1, 1),
            end: date(2024, 12, 31),
        },
        FiscalYear {
            index: -1,
            start: date(2023, 1, 1),
            end: date(2023, 12, 31),
        },
    ];
    for (no, name, ..) in BALANCE_ACCOUNTS {
        f.accounts.insert(
            no.to_owned(),
            Account {
                name: name.to_owned(),
                ..Account::default()
            },
        );
    }
    for (no, name, _) in RESULT_ACCOUNTS {
        f.accounts.insert(
            no.to_owned(),
            Account {
                name: name.to_owned(),
                ..Account::default()
            },
        );
    }
    f.dimensions.insert(
        6,
        finsam_sie::Dimension {
            name: "Projekt".to_owned(),
            parent: None,
        },
    );
    f.objects
        .insert(coaching_object(), "Coachingteamet".to_owned());
    let balance = |year: i32, account: &str, amount: i64| Balance {
        line: 0,
        year,
        account: account.to_owned(),
        object: None,
        amount: kr(amount),
        quantity: None,
    };
    let period = |year: i32, y: i32, m: u8, account: &str, amount: i64| PeriodAmount {
        line: 0,
        year,
        period: YearMonth { year: y, month: m },
        account: account.to_owned(),
        objects: Vec::new(),
        amount: kr(amount),
        quantity: None,
    };

    // 2023: opening balances, monthly balances per account, closing balances and results.
    let mut prior_closing: BTreeMap<&str, i64> = BTreeMap::new();
    for (no, _, ib_2023, _) in BALANCE_ACCOUNTS {
        f.opening.push(balance(-1, no, ib_2023));
        prior_closing.insert(no, ib_2023);
    }
    for (no, h1, h2) in PRIOR_BALANCE_MOVES {
        for (half, total) in [(0u8, h1), (6, h2)] {
            for (i, amount) in (1u8..).zip(six(total)) {
                f.period_balances
                    .push(period(-1, 2023, half + i, no, amount));
            }
        }
        *prior_closing.entry(no).or_default() += h1 + h2;
    }
    for (no, _, figures) in RESULT_ACCOUNTS {
        let sign = if is_income(no) { -1 } else { 1 };
        let (h1, h2) = (figures[3] * sign, figures[4] * sign);
        if h1 == 0 && h2 == 0 {
            continue;
        }
        for (half, total) in [(0u8, h1), (6, h2)] {
            for (i, amount) in (1u8..).zip(six(total)) {
                f.period_balances
                    .push(period(-1, 2023, half + i, no, amount));
            }
        }
        f.results.push(balance(-1, no, h1 + h2));
    }
    // The year's result is closed into equity in December.
    f.period_balances
        .push(period(-1, 2023, 12, "2010", -PRIOR_RESULT));
    f.period_balances
        .push(period(-1, 2023, 12, "8999", PRIOR_RESULT));
    f.results.push(balance(-1, "8999", PRIOR_RESULT));
    *prior_closing.entry("2010").or_default() -= PRIOR_RESULT;
    for (no, _, _, ib_2024) in BALANCE_ACCOUNTS {
        assert_eq!(
            prior_closing[no], ib_2024,
            "2023's closing is 2024's opening: {no}"
        );
        f.closing.push(balance(-1, no, ib_2024));
        f.opening.push(balance(0, no, ib_2024));
    }

    // 2024: the budget per month, and the vouchers of January to June.
    for (no, _, figures) in RESULT_ACCOUNTS {
        let sign = if is_income(no) { -1 } else { 1 };
        for (half, total) in [(0u8, figures[1]), (6, figures[2])] {
            if total == 0 {
                continue;
            }
            for (i, amount) in (1u8..).zip(six(total * sign)) {
                f.period_budgets.push(period(0, 2024, half + i, no, amount));
            }
        }
    }
    let mut number = 0u32;
    let mut voucher = |day: Date, text: &str, rows: Vec<(&str, i64)>| {
        number += 1;
        Voucher {
            line: 0,
            series: "A".to_owned(),
            number: number.to_string(),
            date: day,
            text: text.to_owned(),
            registered: Some(day),
            sign: None,
            rows: rows
                .into_iter()
                .map(|(account, amount)| Transaction {
                    line: 0,
                    kind: RowKind::Normal,
                    account: account.to_owned(),
                    // Coachingteamet's costs carry its project object too.
                    objects: if account == "4010" {
                        vec![coaching_object()]
                    } else {
                        Vec::new()
                    },
                    amount: kr(amount),
                    date: None,
                    text: String::new(),
                    quantity: None,
                    sign: None,
                })
                .collect(),
        }
    };
    let mut vouchers = Vec::new();
    for month in 1..=6u8 {
        let i = usize::from(month - 1);
        vouchers.push(voucher(
            date(2024, month, 5),
            "Medlemsbidrag",
            vec![
                ("1930", 300_000),
                ("3010", -150_000),
                ("3011", -75_000),
                ("3012", -75_000),
            ],
        ));
        for (no, name, figures) in RESULT_ACCOUNTS {
            if is_income(no) || figures[0] == 0 {
                continue;
            }
            let amount = if no == "4050" {
                WELFARE_GUIDE_2024[i]
            } else {
                six(figures[0])[i]
            };
            if amount == 0 {
                continue;
            }
            vouchers.push(voucher(
                date(2024, month, 25),
                name,
                vec![(no, amount), ("1930", -amount)],
            ));
        }
    }
    vouchers.push(voucher(
        date(2024, 6, 30),
        "Periodisering av fordringar",
        vec![("1510", JUNE_RECEIVABLES), ("1930", -JUNE_RECEIVABLES)],
    ));
    vouchers.push(voucher(
        date(2024, 6, 30),
        "Upplupna kostnader betalda",
        vec![("2990", JUNE_ACCRUALS), ("1930", -JUNE_ACCRUALS)],
    ));
    // Closing balances and results so far, as a program exports them mid-year.
    let mut moved: BTreeMap<String, i64> = BTreeMap::new();
    for v in &vouchers {
        for r in &v.rows {
            *moved.entry(r.account.clone()).or_default() += r.amount.0 / 100;
        }
    }
    for (no, _, _, ib) in BALANCE_ACCOUNTS {
        f.closing.push(balance(
            0,
            no,
            ib + moved.get(no).copied().unwrap_or_default(),
        ));
    }
    for (no, _, _) in RESULT_ACCOUNTS {
        if let Some(m) = moved.get(no) {
            f.results.push(balance(0, no, *m));
        }
    }
    f.vouchers = vouchers;
    f
}

/// The demo file's bytes, with its checksum.
pub fn demo_bytes() -> Vec<u8> {
    finsam_sie::write(&demo(), true)
}
