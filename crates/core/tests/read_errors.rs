//! Bad plan files: each gives a Swedish message at the right line and column, never a plan.

use finsam_core::plan_file::{self, line_col};

const GOOD: &str = include_str!("../../../examples/sofint-2024.toml");

/// Reads `text` and returns each error as (line, column, message).
fn errors(text: &str) -> Vec<(usize, usize, String)> {
    match plan_file::read(text) {
        Ok(_) => panic!("should not read:\n{text}"),
        Err(errs) => errs
            .into_iter()
            .map(|e| {
                let (l, c) = line_col(text, e.span.start);
                (l, c, e.message)
            })
            .collect(),
    }
}

fn with(from: &str, to: &str) -> String {
    assert_eq!(GOOD.matches(from).count(), 1, "{from:?} must occur once");
    GOOD.replacen(from, to, 1)
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

fn assert_no_english(msg: &str) {
    for word in [
        "expected",
        "invalid",
        "missing",
        "unknown",
        "field",
        "duplicate",
        "unclosed",
    ] {
        assert!(!msg.contains(word), "English in {msg:?}");
    }
}

#[test]
fn malformed_toml() {
    let text = with("name = \"Rehabmässan\"", "name = \"Rehabmässan");
    let e = errors(&text);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, line_of(&text, "name = \"Rehabmässan"));
    assert!(
        e[0].2.starts_with("texten saknar avslutande citattecken"),
        "{}",
        e[0].2
    );

    let text = with("[rules]", "[rules");
    let e = errors(&text);
    assert_eq!((e[0].0, e[0].1), (line_of(&text, "[rules"), 7));
    assert!(
        e[0].2.starts_with("tabellrubriken saknar avslutande ]"),
        "{}",
        e[0].2
    );
}

#[test]
fn unknown_keys() {
    let text = with(
        "opening_equity = \"450 000\"",
        "opening_equity = \"450 000\"\nopening_equty = 1",
    );
    let e = errors(&text);
    assert_eq!((e[0].0, e[0].1), (line_of(&text, "opening_equty"), 1));
    assert!(
        e[0].2
            .starts_with("okänd nyckel opening_equty; tillåtna här är unit, years, opening_equity"),
        "{}",
        e[0].2
    );
}

#[test]
fn wrong_types() {
    let text = with("years = [2024, 2025, 2026]", "years = \"2024-2026\"");
    let e = errors(&text);
    assert_eq!((e[0].0, e[0].1), (line_of(&text, "years ="), 9));
    assert_eq!(
        e[0].2,
        "värdet har fel typ: texten \"2024-2026\" står där det ska vara en lista [ … ]"
    );
}

#[test]
fn missing_keys() {
    let text = with(
        "category = \"insats\"\namount = \"-35 000\"",
        "category = \"insats\"",
    );
    let e = errors(&text);
    assert_eq!(e[0].0, line_of(&text, "name = \"Rehabmässan\"") - 1);
    assert!(
        e[0].2.contains("raden \"Rehabmässan\" saknar belopp"),
        "{}",
        e[0].2
    );
}

#[test]
fn unknown_member_kinds_and_categories_list_the_choices() {
    let text = with("kind = \"region\"", "kind = \"landsting\"");
    let e = errors(&text);
    assert_eq!((e[0].0, e[0].1), (line_of(&text, "landsting"), 8));
    assert_eq!(
        e[0].2,
        "okänd medlemstyp \"landsting\"; välj en av \"försäkringskassan\", \"arbetsförmedlingen\", \"region\", \"kommun\""
    );
    let text = with(
        "name = \"Rehabmässan\"\ncategory = \"insats\"",
        "name = \"Rehabmässan\"\ncategory = \"mässa\"",
    );
    let e = errors(&text);
    assert!(
        e[0].2
            .starts_with("okänd kategori \"mässa\"; välj en av \"medlemsbidrag\""),
        "{}",
        e[0].2
    );
}

#[test]
fn amounts_with_three_decimals_or_too_large() {
    let text = with("amount = \"-35 000\"", "amount = \"-35 000,125\"");
    let e = errors(&text);
    assert_eq!((e[0].0, e[0].1), (line_of(&text, "-35 000,125"), 10));
    assert!(
        e[0].2.starts_with("högst 2 decimaler är tillåtna"),
        "{}",
        e[0].2
    );

    let text = with(
        "amount = \"-35 000\"",
        "amount = \"-100 000 000 000 000 000\"",
    );
    let e = errors(&text);
    assert!(e[0].2.starts_with("beloppet är för stort"), "{}", e[0].2);

    let text = with("amount = \"-35 000\"", "amount = 9223372036854775807");
    let e = errors(&text);
    assert!(e[0].2.starts_with("beloppet är för stort"), "{}", e[0].2);

    let text = with("amount = \"-35 000\"", "amount = -35000.5");
    let e = errors(&text);
    assert!(
        e[0].2.starts_with("decimaltal skrivs som text"),
        "{}",
        e[0].2
    );

    let text = with("amount = \"-35 000\"", "amount = \"-35 00\"");
    let e = errors(&text);
    assert!(
        e[0].2.starts_with("siffrorna ska grupperas tre och tre"),
        "{}",
        e[0].2
    );
}

#[test]
fn sums_that_overflow_are_refused_when_computed() {
    // Each amount fits; their sum does not.
    let big = "\"90 000 000 000 000 000\"";
    let text = with("amount = \"-35 000\"", &format!("amount = {big}")).replacen(
        "amount = \"-110 000\"",
        &format!("amount = {big}"),
        1,
    );
    let loaded = plan_file::read(&text).expect("each amount is readable");
    let err = finsam_core::compute(&loaded.plan).expect_err("the sum overflows");
    let span = loaded.sources.span(err.location).expect("has a place");
    assert!(text[span].contains("90 000 000 000 000 000") || err.to_string().contains("för stora"));
    assert!(err.to_string().starts_with("beloppen blir för stora"));
}

#[test]
fn every_error_in_the_file_is_reported() {
    let text = with("kind = \"region\"", "kind = \"landsting\"")
        .replacen("amount = \"-35 000\"", "amount = \"tre\"", 1)
        .replacen(
            "org_number = \"222000-1818\"",
            "org_number = \"222000-1819\"",
            1,
        );
    let e = errors(&text);
    assert_eq!(e.len(), 3, "{e:#?}");
    assert!(
        e[0].2.contains("kontrollsiffran stämmer inte"),
        "{}",
        e[0].2
    );
    for (_, _, m) in &e {
        assert_no_english(m);
    }
}

#[test]
fn empty_files_and_binary_garbage() {
    assert!(errors("")[0].2.starts_with("filen är tom"));
    assert!(errors(" \n\t\n")[0].2.starts_with("filen är tom"));
    let e = plan_file::read_bytes(&[0x89, b'P', b'N', b'G', 0, 1, 2]).expect_err("not text");
    assert!(
        e[0].message
            .starts_with("filen är inte text i UTF-8 (byte 1"),
        "{}",
        e[0].message
    );
    let e = plan_file::read_bytes(b"title = \"x\"\0\0").expect_err("NUL bytes");
    assert!(
        e[0].message.starts_with("filen innehåller nolltecken"),
        "{}",
        e[0].message
    );
}

#[test]
fn messages_are_swedish() {
    let cases = [
        "title = 5",
        "title = \"x\"\ntitle = \"y\"",
        "[budget\n",
        "a = \n",
        "title = \"x\"\n[association]\nname = 1",
        "title = \"x\"\nfoo = [1,,2]",
        "title = \"x\"\nbar = { a = 1, }",
        "title = \"x\"",
    ];
    for c in cases {
        for (_, _, m) in errors(c) {
            assert_no_english(&m);
        }
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = format!("\u{feff}{GOOD}");
    assert!(plan_file::read(&text).is_ok());
}

/// A file with 140 000 bad years: the first hundred errors one by one, the rest counted in one
/// closing error that points at the first of them.
#[test]
fn thousands_of_errors_are_reported_as_the_first_hundred_and_a_count() {
    let years: Vec<String> = (1..=140_000).map(|y| y.to_string()).collect();
    let text = with(
        "years = [2024, 2025, 2026]",
        &format!("years = [2024, 2025, 2026, {}]", years.join(", ")),
    );
    let errs = plan_file::read(&text).expect_err("bad years");
    assert_eq!(errs.len(), plan_file::MAX_ERRORS + 1);
    // 1..=140 000 holds 1 100 years that pass (1900–2999).
    let last = &errs[plan_file::MAX_ERRORS];
    assert_eq!(
        last.message,
        "och 138800 fel till, det första här; rätta felen ovan och läs in filen igen"
    );
    assert_eq!(&text[last.span.clone()], "101");
}

#[test]
fn a_file_past_the_size_limit_is_refused_before_it_is_parsed() {
    let text = format!("{GOOD}\n#{}", "x".repeat(plan_file::MAX_PLAN_BYTES));
    let errs = errors(&text);
    assert_eq!(errs.len(), 1);
    assert!(errs[0].2.contains("högst 2048 kB"), "{errs:?}");
    assert_no_english(&errs[0].2);
    let errs = plan_file::read_bytes(text.as_bytes()).expect_err("too large");
    assert_eq!(errs.len(), 1);
}

/// Every key the plan-fidelity issue added, wrong: a located Swedish error, never a plan.
#[test]
fn the_new_keys_wrong_give_located_swedish_errors() {
    let cases: [(&str, &str, &str, &str); 11] = [
        // (replace, with, the error is on the line with, the message starts with)
        (
            "years = [2024, 2025, 2026]",
            "unit = \"mkr\"\nyears = [2024, 2025, 2026]",
            "unit = \"mkr\"",
            "okänd enhet \"mkr\"; välj en av \"kr\", \"tkr\"",
        ),
        (
            "years = [2024, 2025, 2026]",
            "unit = 1000\nyears = [2024, 2025, 2026]",
            "unit = 1000",
            "värdet har fel typ",
        ),
        (
            "opening_equity = \"450 000\"",
            "opening_equity = \"450 000\"\nstate_allocation = true",
            "state_allocation = true",
            "värdet har fel typ",
        ),
        (
            "opening_equity = \"450 000\"",
            "opening_equity = { closed = \"500 000\" }",
            "opening_equity = { closed",
            "nyckeln forecast saknas här",
        ),
        (
            "opening_equity = \"450 000\"",
            "opening_equity = { closed = \"500 000\", forecast = \"noll\" }",
            "opening_equity = { closed",
            "",
        ),
        (
            "[rules]",
            "[rules]\nequity_goal = { year = 2031, level = \"20 %\" }",
            "equity_goal",
            "målåret 2031 för eget kapital ligger utanför planåren 2024–2026",
        ),
        (
            "[rules]",
            "[rules]\nequity_goal = \"2026\"",
            "equity_goal",
            "värdet har fel typ",
        ),
        (
            "[rules]",
            "[rules]\nliquidity_buffer = \"-100 000\"",
            "liquidity_buffer",
            "likviditetsbufferten är ett belopp förbundet håller i reserv",
        ),
        (
            "equity_band = { min = \"200 000\", max = \"720 000\" }",
            "equity_band = {}",
            "equity_band = {}",
            "intervallet saknar gränser",
        ),
        (
            "payer = \"region\"",
            "payer = \"alla\"",
            "payer = \"alla\"",
            "payer = \"alla\" är en rad för alla medlemmars bidrag tillsammans",
        ),
        (
            "name = \"Rehabmässan\"",
            "name = \"Rehabmässan\"\ncommitted = \"ja\"",
            "committed = \"ja\"",
            "värdet har fel typ",
        ),
    ];
    for (from, to, at, starts) in cases {
        let text = with(from, to);
        let e = errors(&text);
        assert_eq!(e[0].0, line_of(&text, at), "{to}: {e:?}");
        assert!(e[0].2.starts_with(starts), "{to}: {}", e[0].2);
        assert_no_english(&e[0].2);
    }
}

#[test]
fn sections_nest_three_levels_and_a_fourth_is_an_error_that_says_so() {
    let deep = "\n[[budget.section.section]]\nname = \"Två\"\n\n[[budget.section.section.section]]\nname = \"Tre\"\n\n[[budget.section.section.section.line]]\nname = \"Rad\"\ncategory = \"insats\"\namount = \"-1\"\n";
    let three = format!("{GOOD}{deep}");
    assert!(plan_file::read(&three).is_ok(), "three levels read");
    let four = format!("{three}\n[[budget.section.section.section.section]]\nname = \"Fyra\"\n");
    let e = errors(&four);
    assert_eq!(e[0].0, line_of(&four, "name = \"Fyra\""));
    assert!(
        e[0].2.starts_with(
            "avsnittet \"Fyra\" ligger på nivå 4; avsnitt kan ha underavsnitt i högst 3 nivåer"
        ),
        "{}",
        e[0].2
    );
}

#[test]
fn a_measure_refers_to_a_figure_with_its_period_or_not_at_all() {
    let base = "\n[[goal_area]]\nname = \"Ekonomi\"\n\n[[goal_area.goal]]\ntext = \"Balans\"\n\n[[goal_area.goal.measure]]\ntext = \"Andel\"\n";
    for (extra, starts) in [
        (
            "figure = \"administrationsandel\"\n",
            "figure kräver period",
        ),
        ("period = \"2024\"\n", "period hör ihop med figure"),
        (
            "figure = \"lycka\"\nperiod = \"2024\"\n",
            "okänd beräkning \"lycka\"",
        ),
        (
            "figure = \"resultat\"\nperiod = \"2024-Q1\"\n",
            "\"2024-Q1\" är ingen period",
        ),
        (
            "figure = \"resultat\"\nperiod = \"2024\"\nvalue = \"5\"\n",
            "mätpunkten hämtar sitt värde från figure",
        ),
    ] {
        let text = format!("{GOOD}{base}{extra}");
        let e = errors(&text);
        assert!(e[0].2.starts_with(starts), "{extra}: {}", e[0].2);
        assert_no_english(&e[0].2);
    }
}
