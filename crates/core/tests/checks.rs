//! Every kind of finding, each from a small plan that differs from a clean one in one place,
//! with the place in the file the finding points at.

use finsam_core::plan_file::{self, LoadedPlan};
use finsam_core::{Finding, FindingKind as K, Severity, check, compute};

/// A small plan with no findings; each test changes it in one place.
const CLEAN: &str = include_str!("../../../tests/fixtures/clean.toml");

fn load(text: &str) -> LoadedPlan {
    plan_file::read(text).unwrap_or_else(|e| panic!("reads: {e:#?}"))
}

fn findings(text: &str) -> Vec<Finding> {
    let loaded = load(text);
    check(&loaded.plan, &compute(&loaded.plan).expect("computes"))
}

/// The plan with `from` replaced by `to` (exactly once).
fn with(from: &str, to: &str) -> String {
    assert_eq!(CLEAN.matches(from).count(), 1, "{from:?} must occur once");
    CLEAN.replacen(from, to, 1)
}

/// The findings of `kind` in `text`, with the text each points at.
fn of_kind(text: &str, kind: K) -> Vec<(Finding, String)> {
    let loaded = load(text);
    let all = check(&loaded.plan, &compute(&loaded.plan).expect("computes"));
    all.into_iter()
        .filter(|f| f.kind == kind)
        .map(|f| {
            let span = loaded
                .sources
                .span(f.location().expect("a place in the plan"))
                .expect("every finding has a place");
            let at = text[span].to_owned();
            (f, at)
        })
        .collect()
}

#[test]
fn the_clean_plan_has_no_findings() {
    assert_eq!(findings(CLEAN), vec![]);
}

#[test]
fn equity_above_the_recommendation() {
    let text = with(
        "opening_equity = \"150 000\"",
        "opening_equity = \"250 000\"",
    );
    let got = of_kind(&text, K::EquityAboveRecommendation);
    assert_eq!(got.len(), 3);
    let (f, _) = &got[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("blir 250 000 kr, 50 000 kr över rekommendationen på högst 20 % av årets medlemsbidrag (200 000 kr)"), "{}", f.message);
}

#[test]
fn the_recommendation_percentage_is_configurable() {
    let text = with("[rules]\n", "[rules]\nequity_recommendation = \"10 %\"\n");
    let got = of_kind(&text, K::EquityAboveRecommendation);
    assert_eq!(got.len(), 3);
    assert!(
        got[0]
            .0
            .message
            .contains("högst 10 % av årets medlemsbidrag (100 000 kr)"),
        "{}",
        got[0].0.message
    );
}

#[test]
fn equity_outside_the_band() {
    let text = with(
        "opening_equity = \"150 000\"",
        "opening_equity = \"50 000\"",
    );
    let got = of_kind(&text, K::EquityOutsideBand);
    assert_eq!(got.len(), 3);
    assert!(
        got[0]
            .0
            .message
            .contains("under förbundets lägsta nivå (mellan 100 000 kr och 400 000 kr)")
    );
    assert_eq!(got[0].1, "{ min = \"100 000\", max = \"400 000\" }");
}

#[test]
fn negative_equity() {
    let text = with(
        "opening_equity = \"150 000\"",
        "opening_equity = \"-10 000\"",
    );
    let got = of_kind(&text, K::NegativeEquity);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].0.severity, Severity::Error);
    assert!(
        got[0]
            .0
            .message
            .contains("negativt vid utgången av 2024 (−10 000 kr)")
    );
}

#[test]
fn administration_share_above_the_goal() {
    let text = with("amount = \"-300 000\"", "amount = \"-350 000\"").replacen(
        "amount = \"-700 000\"",
        "amount = \"-650 000\"",
        1,
    );
    let got = of_kind(&text, K::AdministrationShareAboveGoal);
    assert_eq!(got.len(), 3);
    assert!(got[0].0.message.contains("Administrationsandelen 2024 blir 35,0 % (350 000 kr av kostnaderna 1 000 000 kr), över målet 30 %"), "{}", got[0].0.message);
    assert_eq!(got[0].1, "\"30 %\"");
    // Exactly at the goal is not above it.
    assert_eq!(of_kind(CLEAN, K::AdministrationShareAboveGoal).len(), 0);
}

#[test]
fn stated_shares_that_break_the_statutory_split() {
    let text = with("share = \"1/10\"", "share = \"1/8\"");
    let got = of_kind(&text, K::ContributionSplit);
    let stated = &got[0];
    assert!(stated.0.message.contains("Andelarna för kommunerna summerar till 11/40, men enligt lagen (5 §) ska de tillsammans vara 1/4"), "{}", stated.0.message);
    assert_eq!(stated.1, "\"3/20\"");
    // The derived lines follow the wrong share, so every year's split is off too.
    assert!(
        got.iter().any(|(f, _)| f
            .message
            .contains("Medlemsbidragen 2024: kommunerna betalar 275 000 kr")),
        "{got:#?}"
    );
}

#[test]
fn contribution_lines_that_break_the_statutory_split() {
    let text = with(
        "payer = \"region\"\nderived = true",
        "payer = \"region\"\namounts = { 2024 = \"250 000\", 2025 = \"250 000\", 2026 = \"300 000\" }",
    );
    let got = of_kind(&text, K::ContributionSplit);
    // One root: the region's line is 50 000 kr over its share of the stated total, which the
    // other parties match. The section sum, the result, the stated total and the region's
    // party share differ by the same 50 000 kr only because of it, and stand beneath it.
    let msgs: Vec<&str> = got.iter().map(|(f, _)| f.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "Medlemsbidragen 2026: Regionen betalar 300 000 kr, men dess andel 1/4 av 1 000 000 kr är 250 000 kr (skillnad 50 000 kr)."
        ]
    );
    assert_eq!(got[0].1, "\"Medlemsbidrag regionen\"");
    let beneath: Vec<&str> = got[0]
        .0
        .consequences
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        beneath,
        [
            "Summan för \"Intäkter\" 2026 är skriven som 1 000 000 kr men beräknas till 1 050 000 kr (skillnad −50 000 kr). Rätta summan eller raderna.",
            "\"Resultat\" 2026 är skriven som 0 kr men beräknas till 50 000 kr (skillnad −50 000 kr). Rätta summan eller raderna.",
            "Medlemsbidragen 2026 är angivna till 1 000 000 kr, men medlemsbidragsraderna summerar till 1 050 000 kr (skillnad 50 000 kr).",
            "Medlemsbidragen 2026: regionen betalar 300 000 kr, men ska enligt lagen (5 §) betala 1/4 av 1 000 000 kr (de angivna medlemsbidragen) = 250 000 kr (skillnad 50 000 kr).",
        ]
    );
}

#[test]
fn a_printed_sum_that_differs_from_the_computed_one() {
    let text = with("sum = { 2024 = \"1 000 000\"", "sum = { 2024 = \"999 999\"");
    let got = of_kind(&text, K::PrintedSum);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].0.message,
        "Summan för \"Intäkter\" 2024 är skriven som 999 999 kr men beräknas till 1 000 000 kr (skillnad −1 kr). Rätta summan eller raderna."
    );
    assert_eq!(got[0].1, "\"999 999\"");

    let text = with(
        "2025 = \"0\", 2026 = \"0\" }",
        "2025 = \"-1 500\", 2026 = \"0\" }",
    );
    let got = of_kind(&text, K::PrintedSum);
    assert_eq!(got.len(), 1);
    assert!(got[0].0.message.starts_with(
        "\"Resultat\" 2025 är skriven som −1 500 kr men beräknas till 0 kr (skillnad −1 500 kr)"
    ));
    assert_eq!(got[0].1, "\"-1 500\"");
}

#[test]
fn years_missing_repeated_or_out_of_order() {
    let msgs = |from: &str, to: &str| -> Vec<String> {
        of_kind(&with(from, to), K::Years)
            .into_iter()
            .map(|(f, _)| f.message)
            .collect()
    };
    let gap = msgs("years = [2024, 2025, 2026]", "years = [2024, 2026]");
    assert!(
        gap.contains(
            &"Planår saknas mellan 2024 och 2026: 2025. Planåren ska följa på varandra.".to_owned()
        ),
        "{gap:#?}"
    );
    let order = msgs("years = [2024, 2025, 2026]", "years = [2025, 2024, 2026]");
    assert!(
        order[0].starts_with("Planåren står i fel ordning: 2024 kommer efter 2025"),
        "{order:#?}"
    );
    let twice = msgs(
        "years = [2024, 2025, 2026]",
        "years = [2024, 2024, 2025, 2026]",
    );
    assert!(
        twice[0].starts_with("Året 2024 står två gånger"),
        "{twice:#?}"
    );
    let none = msgs("years = [2024, 2025, 2026]", "years = []");
    assert!(none[0].starts_with("Planen saknar år"), "{none:#?}");

    let text = with(
        "amount = \"-700 000\"",
        "amounts = { 2024 = \"-700 000\", 2025 = \"-700 000\", 2027 = \"-1\" }",
    );
    let got = of_kind(&text, K::Years);
    let msgs: Vec<&str> = got.iter().map(|(f, _)| f.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "Raden \"Insats\" saknar belopp för 2026. Skriv beloppet (0 om inget ska budgeteras).",
            "Raden \"Insats\" har ett belopp för 2027, som inte är ett av planåren. Ta bort det eller lägg till året bland planåren.",
        ]
    );
    assert_eq!(got[1].1, "\"-1\"");
}

#[test]
fn members_the_law_requires_and_keys_used_twice() {
    let text = with(
        "[[association.member]]\nkey = \"af\"\nname = \"Arbetsförmedlingen\"\nkind = \"arbetsförmedlingen\"\n",
        "",
    );
    let got = of_kind(&text, K::Members);
    assert_eq!(got.len(), 1);
    assert!(
        got[0]
            .0
            .message
            .starts_with("Förbundet saknar medlem av typen \"arbetsförmedlingen\"")
    );

    let text = with(
        "key = \"b\"\nname = \"B kommun\"",
        "key = \"a\"\nname = \"B kommun\"",
    );
    let got = of_kind(&text, K::Members);
    assert!(
        got[0]
            .0
            .message
            .starts_with("Nyckeln \"a\" används av två medlemmar"),
        "{got:#?}"
    );

    // "alla" is the payer of a line for all members together: no member can have it as key.
    let text = with(
        "key = \"b\"\nname = \"B kommun\"",
        "key = \"alla\"\nname = \"B kommun\"",
    );
    let got = of_kind(&text, K::Members);
    assert!(
        got.iter().any(|(f, _)| f.message
            == "Nyckeln \"alla\" är reserverad för en hel part eller för alla medlemmar tillsammans. Välj en annan nyckel."),
        "{got:#?}"
    );
}

#[test]
fn payers_that_name_no_member_or_have_no_share() {
    let text = with("payer = \"b\"", "payer = \"c\"");
    let got = of_kind(&text, K::Payer);
    assert!(
        got[0].0.message.starts_with(
            "Raden \"Medlemsbidrag B\" anger betalaren \"c\", men ingen medlem har den nyckeln"
        ),
        "{got:#?}"
    );
    assert_eq!(got[0].1, "\"c\"");

    let text = with("payer = \"b\"", "payer = \"af\"");
    let got = of_kind(&text, K::Payer);
    assert_eq!(got.len(), 1);
    assert!(
        got[0]
            .0
            .message
            .contains("betalaren \"af\" har ingen andel"),
        "{got:#?}"
    );
    assert_eq!(got[0].1, "true");

    let text = with("payer = \"b\"\n", "");
    let got = of_kind(&text, K::Payer);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got[0].0.message.contains("saknar betalare"));
}

#[test]
fn a_line_whose_sign_contradicts_its_category() {
    let text = with("amount = \"-700 000\"", "amount = \"700 000\"");
    let got = of_kind(&text, K::Sign);
    assert_eq!(got.len(), 1);
    assert!(
        got[0]
            .0
            .message
            .contains("är en kostnad (insats) men beloppet är 700 000 kr (2024, 2025, 2026)"),
        "{}",
        got[0].0.message
    );
    assert_eq!(got[0].1, "\"700 000\"");
}

#[test]
fn lines_twice_and_empty_sections() {
    let text = with("name = \"Kansli\"", "name = \"Insats\"");
    let got = of_kind(&text, K::Structure);
    assert_eq!(got.len(), 1);
    assert!(
        got[0]
            .0
            .message
            .starts_with("Raden \"Insats\" står två gånger")
    );
    let text = with(
        "[[goal_area]]",
        "[[budget.section]]\nname = \"Tomt\"\n\n[[goal_area]]",
    );
    let got = of_kind(&text, K::Structure);
    assert_eq!(
        got[0].0.message,
        "Avsnittet \"Tomt\" har inga rader och inga underavsnitt."
    );
}

#[test]
fn board_seats_incomplete() {
    let text = with(
        "share = \"1/2\"\n",
        "share = \"1/2\"\nboard = { member = \"L\", deputy = \"E\" }\n",
    );
    let got = of_kind(&text, K::Board);
    assert_eq!(got.len(), 4, "every member but FK lacks seats: {got:#?}");
    assert_eq!(
        got[0].0.message,
        "Arbetsförmedlingen saknar ledamot och ersättare i styrelsen. Varje medlem utser en ordinarie ledamot och en ersättare."
    );
}

#[test]
fn goals_with_contradicting_thresholds_or_assessments() {
    let text = with("partly = \">= 75\"", "partly = \">= 95\"");
    let got = of_kind(&text, K::Goal);
    assert_eq!(got.len(), 1);
    assert!(
        got[0]
            .0
            .message
            .contains("uppfyllt vid > 90 men delvis uppfyllt vid >= 95")
    );
    assert_eq!(got[0].1, "\"Andel tillfrågade\"");

    let text = with(
        "value = \"95\"",
        "value = \"80\"\nassessment = \"uppfyllt\"",
    );
    let got = of_kind(&text, K::Goal);
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].0.message,
        "Mätpunkten \"Andel tillfrågade\" har värdet 80, vilket enligt gränserna ger \"delvis uppfyllt\", men bedömningen är skriven som \"uppfyllt\"."
    );
}

#[test]
fn all_findings_are_reported_not_just_the_first() {
    let text = with(
        "opening_equity = \"150 000\"",
        "opening_equity = \"-2 000 000\"",
    )
    .replacen("amount = \"-700 000\"", "amount = \"700 000\"", 1)
    .replacen("sum = { 2024 = \"1 000 000\"", "sum = { 2024 = \"1\"", 1);
    let kinds: std::collections::BTreeSet<K> =
        findings(&text).into_iter().map(|f| f.kind).collect();
    for k in [
        K::NegativeEquity,
        K::EquityOutsideBand,
        K::Sign,
        K::PrintedSum,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
    }
}
