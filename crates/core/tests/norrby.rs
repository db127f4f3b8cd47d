//! The fictional Norrbygden plan, written as many förbund write theirs: in tkr, one line of
//! contributions for all members, nested sections, the state's allocation, opening equity from
//! its parts, a liquidity buffer, an equity goal, a printed equity ratio and goals measured by
//! computed figures. Each new finding kind appears here with its expected message.

use finsam_core::computed::{ComputedFigure, FigureRef, FigureValues, Period, assess};
use finsam_core::format::{Unit, kr};
use finsam_core::goals::Assessment;
use finsam_core::report::{budget_table, goals_table};
use finsam_core::{Finding, FindingKind as K, Plan, Severity, check, compute, plan_file};

const NORRBY: &str = include_str!("../../../examples/norrby-2025.toml");

fn norrby() -> Plan {
    plan_file::read(NORRBY).expect("reads").plan
}

fn findings(plan: &Plan) -> Vec<Finding> {
    check(plan, &compute(plan).expect("computes"))
}

fn of_kind(all: &[Finding], kind: K) -> Vec<&Finding> {
    all.iter().filter(|f| f.kind == kind).collect()
}

#[test]
fn a_tkr_plan_gives_the_same_figures_as_the_same_plan_in_kronor() {
    let tkr = norrby();
    assert_eq!(tkr.budget.unit, Unit::Tkr);
    // The same plan written in kronor: every amount a thousand times the tkr text.
    let mut in_kr = tkr.clone();
    in_kr.budget.unit = Unit::Kr;
    let text = plan_file::to_toml(&in_kr);
    assert!(text.contains("amount = \"9 000 000\""), "{text}");
    assert!(!text.contains("unit ="), "{text}");
    let kr_plan = plan_file::read(&text).expect("reads in kronor").plan;
    assert_eq!(
        compute(&kr_plan).expect("computes"),
        compute(&tkr).expect("computes")
    );
    // And written back in tkr, the file reads to the same plan.
    let back = plan_file::read(&plan_file::to_toml(&tkr))
        .expect("reads")
        .plan;
    assert_eq!(back, tkr);
    // "1 234,5" tkr is 1 234 500 kr; four decimals are more than whole kronor.
    let half = NORRBY.replace("amount = \"-260\"", "amount = \"-260,5\"");
    let fig = compute(&plan_file::read(&half).expect("reads").plan).expect("computes");
    assert_eq!(kr(fig.sections[5].lines[1][0]), "−260 500");
    let too_fine = NORRBY.replace("amount = \"-260\"", "amount = \"-260,0001\"");
    let errors = plan_file::read(&too_fine).expect_err("refused");
    assert!(
        errors[0].message.contains("unit = \"tkr\"") && errors[0].message.contains("tre decimaler"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_printed_tkr_sum_off_by_the_rounding_of_its_lines_is_marked_as_such() {
    let all = findings(&norrby());
    let sums = of_kind(&all, K::PrintedSum);
    // One root: the Kansli sum of 2025, 1 tkr from its three lines; everything below follows.
    assert_eq!(sums.len(), 1, "{sums:#?}");
    let root = sums[0];
    assert_eq!(root.severity, Severity::Warning);
    assert!(
        root.message.starts_with(
            "Summan för \"Kansli\" 2025 är skriven som −1 621 tkr men beräknas till −1 622 tkr (skillnad 1 tkr): en möjlig avrundningsdifferens"
        ),
        "{}",
        root.message
    );
    assert_eq!(root.consequences.len(), 8, "{root:#?}");
    // Beyond what the rounding of the lines allows it is an error again: Kansli's three lines
    // allow 1,5 tkr, so 2 tkr is not a rounding.
    let off = NORRBY.replace(
        "sum = { 2025 = \"-1 621\", 2026 = \"-1 663\"",
        "sum = { 2025 = \"-1 620\", 2026 = \"-1 663\"",
    );
    let all = findings(&plan_file::read(&off).expect("reads").plan);
    let kansli = of_kind(&all, K::PrintedSum)
        .into_iter()
        .find(|f| f.message.contains("\"Kansli\" 2025"))
        .expect("the Kansli sum");
    assert_eq!(kansli.severity, Severity::Error, "{kansli:#?}");
    // In a plan written in kronor the same difference is always an error.
    let mut kr_plan = norrby();
    kr_plan.budget.unit = Unit::Kr;
    let all = findings(&kr_plan);
    assert!(
        of_kind(&all, K::PrintedSum)
            .iter()
            .all(|f| f.severity == Severity::Error)
    );
}

#[test]
fn one_line_for_all_members_is_split_by_statute_and_shares_without_a_payer_warning() {
    let plan = norrby();
    let all = findings(&plan);
    assert!(of_kind(&all, K::Payer).is_empty(), "{all:#?}");
    assert!(of_kind(&all, K::ContributionSplit).is_empty(), "{all:#?}");
    let table = budget_table(&plan, &compute(&plan).expect("computes"));
    let rows: Vec<(&str, String)> = table
        .contributions
        .iter()
        .map(|c| (c.label.as_str(), kr(c.amounts[0])))
        .collect();
    assert_eq!(
        rows,
        [
            ("Försäkringskassan", "4 500 000".to_owned()),
            ("Region Norrbygden", "2 250 000".to_owned()),
            ("Norrby kommun", "1 350 000".to_owned()),
            ("Sjövik kommun", "900 000".to_owned()),
        ]
    );
    // A wrong `contributions` is no longer unnoticed.
    let wrong = NORRBY.replace("contributions = \"9 000\"", "contributions = \"9 100\"");
    let all = findings(&plan_file::read(&wrong).expect("reads").plan);
    let split = of_kind(&all, K::ContributionSplit);
    assert_eq!(split.len(), 3, "one per year: {split:#?}");
    assert!(
        split[0].message.starts_with(
            "Medlemsbidragen 2025 är angivna till 9 100 tkr, men medlemsbidragsraderna summerar till 9 000 tkr"
        ),
        "{}",
        split[0].message
    );
    // Whole kronor: what the rounding leaves goes to the largest share, with a note.
    // Each part is rounded half away from zero (FK ½, the region ¼, Norrby 3/20, Sjövik 1/10).
    for (total, parts, note) in [
        // 4 500 001,50 → 4 500 002; 2 250 000,75 → 2 250 001; …,45 and …,30 down: exact.
        (
            "9 000,003",
            ["4 500 002", "2 250 001", "1 350 000", "900 000"],
            None,
        ),
        // 4 500 000,50 → 4 500 001; the rest round down: exact.
        (
            "9 000,001",
            ["4 500 001", "2 250 000", "1 350 000", "900 000"],
            None,
        ),
        // 4 500 005; 2 250 002,50 → 2 250 003; 1 350 001,50 → 1 350 002; 900 001: one krona
        // too many, taken back from the largest share, with a note.
        (
            "9 000,01",
            ["4 500 004", "2 250 003", "1 350 002", "900 001"],
            Some("2025: −1 kr"),
        ),
    ] {
        let text = NORRBY
            .replace("amount = \"9 000\"", &format!("amount = \"{total}\""))
            .replace(
                "contributions = \"9 000\"",
                &format!("contributions = \"{total}\""),
            );
        let plan = plan_file::read(&text).expect("reads").plan;
        let table = budget_table(&plan, &compute(&plan).expect("computes"));
        let got: Vec<String> = table
            .contributions
            .iter()
            .map(|c| kr(c.amounts[0]))
            .collect();
        assert_eq!(got, parts, "{total}");
        let first = table.contributions[0].note.as_deref();
        match note {
            Some(n) => assert!(first.is_some_and(|f| f.contains(n)), "{total}: {first:?}"),
            None => assert_eq!(first, None, "{total}"),
        }
    }
}

#[test]
fn nested_sections_sum_their_subsections_and_each_printed_level_is_checked() {
    let plan = norrby();
    let fig = compute(&plan).expect("computes");
    let name = |si: usize| plan.budget.sections[si].name.as_str();
    assert_eq!(name(1), "Samverkansinsatser");
    assert_eq!(plan.budget.depth(2), 2);
    // Samverkansinsatser = S:a insatser + S:a övriga insatser.
    assert_eq!(
        kr(fig.sections[1].sums[0]),
        kr(finsam_core::Money::from_ore(
            fig.sections[2].sums[0].ore() + fig.sections[3].sums[0].ore()
        ))
    );
    assert_eq!(kr(fig.sections[1].sums[0]), "−7 700 000");
    // A wrong printed sum at the upper level is found there.
    let wrong = NORRBY.replace(
        "sum = { 2025 = \"-7 700\", 2026 = \"-7 650\"",
        "sum = { 2025 = \"-7 750\", 2026 = \"-7 650\"",
    );
    let all = findings(&plan_file::read(&wrong).expect("reads").plan);
    assert!(
        of_kind(&all, K::PrintedSum)
            .iter()
            .any(|f| f.message.starts_with("Summan för \"Samverkansinsatser\" 2025 är skriven som −7 750 tkr men beräknas till −7 700 tkr")),
        "{all:#?}"
    );
    // The table shows the levels: subsections' rows one level down.
    let table = budget_table(&plan, &fig);
    let levels: Vec<(usize, &str)> = table
        .rows
        .iter()
        .filter(|r| r.kind == finsam_core::report::RowKind::Sum)
        .map(|r| (r.depth, r.label.as_str()))
        .collect();
    assert_eq!(
        levels,
        [
            (1, "Summa intäkter"),
            (2, "Summa insatser"),
            (2, "Summa övriga insatser"),
            (1, "Summa samverkansinsatser"),
            (2, "Summa kansli"),
            (2, "Summa styrelse och revision"),
            (1, "Summa förbundsgemensamma kostnader"),
        ]
    );
}

#[test]
fn the_state_allocation_is_checked_against_the_states_half() {
    let all = findings(&norrby());
    let found = of_kind(&all, K::StateAllocation);
    assert_eq!(found.len(), 1, "2026 and 2027 match: {found:#?}");
    assert_eq!(
        found[0].message,
        "Staten har tilldelat 4 600 tkr för 2025, men budgetens medlemsbidrag 9 000 tkr ger staten hälften, 4 500 tkr. Staten betalar hälften av alla medlemsbidrag och regionen och kommunerna lika mycket tillsammans, så med tilldelningen blir medlemsbidragen 9 200 tkr: budgetens intäkter är 200 tkr för låga, om inte dokumentet förklarar skillnaden."
    );
    // The split is never forced: the contribution lines stay as written.
    let fig = compute(&norrby()).expect("computes");
    assert_eq!(kr(fig.per_year[0].member_contributions), "9 000 000");
}

#[test]
fn opening_equity_comes_from_last_years_closing_and_this_years_forecast() {
    let plan = norrby();
    let fig = compute(&plan).expect("computes");
    assert_eq!(kr(plan.budget.opening_equity), "3 400 000");
    assert_eq!(kr(fig.per_year[0].equity_opening), "3 400 000");
    // The rest is computed from it: the decision room is opening + income − costs.
    assert_eq!(kr(fig.per_year[0].decision_room), "2 823 000");
    let o = budget_table(&plan, &fig)
        .opening
        .expect("the parts are shown");
    assert_eq!(
        (o.closed_year, kr(o.closed), o.forecast_year, kr(o.forecast)),
        (2023, "4 250 000".into(), 2024, "−850 000".into())
    );
    // A worse forecast moves every year's equity by the same amount.
    let worse = NORRBY.replace("forecast = \"-850\"", "forecast = \"-950\"");
    let fig = compute(&plan_file::read(&worse).expect("reads").plan).expect("computes");
    assert_eq!(kr(fig.per_year[2].equity_closing), "1 744 000");
}

#[test]
fn money_at_the_boards_disposal_is_a_key_figure_when_the_buffer_is_stated() {
    let plan = norrby();
    let fig = compute(&plan).expect("computes");
    let y = &fig.per_year[0];
    // 9 000 + 3 400 − (3 200 + 2 450 + 1 100 committed insatser + 1 622 kansli + 275 styrelse)
    // − 500 buffert = 3 253 tkr.
    assert_eq!(kr(y.committed_costs), "8 647 000");
    assert_eq!(y.money_at_disposal.map(kr).as_deref(), Some("3 253 000"));
    let key = finsam_core::report::key_figures(&plan, &fig, Unit::Tkr);
    assert!(
        key.rows
            .iter()
            .any(|r| r.figure == finsam_core::report::KeyFigure::MoneyAtDisposal)
    );
    // Without a buffer there is no such figure.
    let none = NORRBY.replace("liquidity_buffer = \"500\"\n", "");
    let plan = plan_file::read(&none).expect("reads").plan;
    let fig = compute(&plan).expect("computes");
    assert_eq!(fig.per_year[0].money_at_disposal, None);
    // Below zero it is a warning.
    let big = NORRBY.replace("liquidity_buffer = \"500\"", "liquidity_buffer = \"5 000\"");
    let all = findings(&plan_file::read(&big).expect("reads").plan);
    let low = of_kind(&all, K::MoneyAtDisposal);
    assert!(!low.is_empty(), "{all:#?}");
    assert!(
        low[0]
            .message
            .starts_with("Medel till förfogande 2025 blir −1 247 tkr"),
        "{}",
        low[0].message
    );
}

#[test]
fn the_equity_path_is_checked_against_the_goal_instead_of_year_by_year() {
    let all = findings(&norrby());
    let goal = of_kind(&all, K::EquityGoal);
    assert_eq!(goal.len(), 1);
    assert_eq!(goal[0].severity, Severity::Warning);
    assert_eq!(
        goal[0].message,
        "Eget kapital når inte förbundets mål för 2027: det blir 1 844 tkr, 44 tkr över målet (högst 20 % av medlemsbidragen, 1 800 tkr). Eget kapital vid årets slut: 2025 2 823 tkr, 2026 2 255 tkr, 2027 1 844 tkr. För att nå målet behöver resultatet fram till 2027 bli 44 tkr lägre."
    );
    // The years on the path are not warned about one by one.
    assert!(
        of_kind(&all, K::EquityAboveRecommendation).is_empty(),
        "{all:#?}"
    );
    // A path that reaches the goal is a notice.
    let reached = NORRBY.replace("forecast = \"-850\"", "forecast = \"-900\"");
    let all = findings(&plan_file::read(&reached).expect("reads").plan);
    let goal = of_kind(&all, K::EquityGoal);
    assert_eq!(goal[0].severity, Severity::Notice, "{goal:#?}");
    assert!(
        goal[0].message.starts_with(
            "Eget kapital når förbundets mål: vid utgången av 2027 blir det 1 794 tkr"
        ),
        "{}",
        goal[0].message
    );
    // A goal as an amount.
    let amount = NORRBY.replace("level = \"20 %\"", "level = \"2 000\"");
    let all = findings(&plan_file::read(&amount).expect("reads").plan);
    assert_eq!(of_kind(&all, K::EquityGoal)[0].severity, Severity::Notice);
}

#[test]
fn the_printed_equity_ratio_is_checked_and_says_what_it_matches() {
    let all = findings(&norrby());
    let ratio = of_kind(&all, K::EquityRatio);
    // 2026 (25 %) and 2027 (20 %) are UB over the year's contributions; 2025 is printed on IB.
    assert_eq!(ratio.len(), 1, "{ratio:#?}");
    assert_eq!(ratio[0].severity, Severity::Warning);
    assert!(ratio[0].message.contains("Den tryckta siffran motsvarar eget kapital vid årets början (IB) delat med årets medlemsbidrag"), "{}", ratio[0].message);
    // A figure that matches no formula is an error that says what the ratio is.
    let odd = NORRBY.replace("2026 = \"25 %\"", "2026 = \"27 %\"");
    let all = findings(&plan_file::read(&odd).expect("reads").plan);
    let wrong = of_kind(&all, K::EquityRatio)
        .into_iter()
        .find(|f| f.severity == Severity::Error)
        .expect("an error");
    assert!(
        wrong
            .message
            .contains("2 255 tkr delat med årets medlemsbidrag 9 000 tkr är 25,1 %"),
        "{}",
        wrong.message
    );
}

#[test]
fn a_band_with_only_a_ceiling_warns_above_it_and_the_chart_caption_names_no_floor() {
    let plan = norrby();
    let all = findings(&plan);
    let band = of_kind(&all, K::EquityOutsideBand);
    assert_eq!(band.len(), 1);
    assert_eq!(
        band[0].message,
        "Eget kapital vid utgången av 2025 blir 2 823 tkr, över förbundets högsta nivå (högst 2 500 tkr)."
    );
    let chart = finsam_core::report::equity_chart(&plan, &compute(&plan).expect("computes"));
    assert!(
        chart
            .description
            .contains("Grönt fält: under förbundets högsta nivå.")
            && !chart.description.contains("intervall"),
        "{}",
        chart.description
    );
    // And a plan without a band has no band in its caption.
    let none = NORRBY.replace("equity_band = { max = \"2 500\" }\n", "");
    let plan = plan_file::read(&none).expect("reads").plan;
    let chart = finsam_core::report::equity_chart(&plan, &compute(&plan).expect("computes"));
    assert!(
        !chart.description.contains("intervall") && !chart.description.contains("nivå"),
        "{}",
        chart.description
    );
}

#[test]
fn goals_refer_to_computed_figures_and_are_assessed_for_their_period() {
    let plan = norrby();
    let fig = compute(&plan).expect("computes");
    let values = FigureValues::of_plan(&fig);
    let rows = goals_table(&plan, &values);
    let row = |text: &str| rows.iter().find(|r| r.measure == text).expect(text);
    // 1 844 / 9 000 = 20,49 %: not ≤ 20, but ≤ 25: partly.
    let equity = row("Eget kapital i procent av medlemsbidragen vid årets slut");
    assert_eq!(equity.value.as_deref(), Some("20,49 %"));
    assert_eq!(equity.assessment, Some(Assessment::Partly));
    assert!(equity.computed);
    // 1 897 / 9 597 = 19,77 %: partly (≤ 20, not ≤ 18).
    let admin = row("Administrationens andel av kostnaderna");
    assert_eq!(admin.value.as_deref(), Some("19,77 %"));
    assert_eq!(admin.assessment, Some(Assessment::Partly));
    // A half-year has no value until the follow-up adds one to the registry.
    let half = row("Förbundets resultat första halvåret");
    assert_eq!(half.assessment, Some(Assessment::CannotAssess));
    assert!(!half.computed, "nothing was computed without a value");
    assert_eq!(half.thresholds.as_deref(), Some("uppfyllt >= −300 000 kr"));
    assert_eq!(
        equity.thresholds.as_deref(),
        Some("uppfyllt <= 20 %, delvis <= 25 %")
    );
    let measure = &plan.goal_areas[0].goals[0].measures[2];
    let mut later = values.clone();
    let h1 = FigureRef {
        figure: ComputedFigure::Result,
        period: Period::HalfYear(2025, 1),
    };
    later.insert(
        h1.figure,
        h1.period,
        finsam_core::goals::Quantity::from_hundredths(-250_000 * 100),
    );
    assert_eq!(
        assess(measure, &later).assessment,
        Some(Assessment::Fulfilled)
    );
    // A goal without measurement points is kept, with a notice.
    let bare = rows
        .iter()
        .find(|r| r.goal == "Medlemmarnas chefer känner till förbundets insatser.")
        .expect("kept");
    assert!(bare.measure.is_empty());
    assert!(
        bare.comment
            .as_deref()
            .is_some_and(|c| c.contains("inga mätpunkter"))
    );
    let all = findings(&plan);
    assert!(
        of_kind(&all, K::Goal)
            .iter()
            .any(|f| f.severity == Severity::Notice && f.message.contains("har inga mätpunkter")),
        "{all:#?}"
    );
}

#[test]
fn an_edit_marks_the_printed_sums_outdated_and_they_are_no_longer_errors() {
    let imported = plan_file::read(include_str!("../../../examples/alvdalen-2025.toml"))
        .expect("reads")
        .plan;
    let before = findings(&imported);
    assert!(!of_kind(&before, K::PrintedSum).is_empty());
    // An ordinary edit: one line's amount.
    let mut edited = imported.clone();
    edited.budget.sections[1].lines[0].amount =
        finsam_core::AmountSpec::Fixed(finsam_core::Money::from_ore(-50_000_000));
    let edited = Plan::edited(&imported, edited);
    assert!(edited.budget.printed_outdated);
    let after = findings(&edited);
    let sums = of_kind(&after, K::PrintedSum);
    assert_eq!(sums.len(), 1, "one notice: {sums:#?}");
    assert_eq!(sums[0].severity, Severity::Notice);
    assert!(
        sums[0].message.contains("hör till dokumentet"),
        "{}",
        sums[0].message
    );
    // No new error at all from the edit.
    let errors = |f: &[Finding]| f.iter().filter(|f| f.severity == Severity::Error).count();
    assert!(errors(&after) < errors(&before), "{after:#?}");
    // The mark is kept in the file, and the imported version keeps its own.
    let back = plan_file::read(&plan_file::to_toml(&edited))
        .expect("reads")
        .plan;
    assert!(back.budget.printed_outdated);
    assert!(!imported.budget.printed_outdated);
    // Setting the printed sums to the computed ones checks them again.
    let mut set = edited.clone();
    finsam_core::calc::set_printed_to_computed(&mut set, &compute(&edited).expect("computes"));
    let set = Plan::edited(&edited, set);
    assert!(!set.budget.printed_outdated);
    assert!(of_kind(&findings(&set), K::PrintedSum).is_empty());
}
