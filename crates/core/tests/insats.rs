//! Insatser and applications: the state machine's rules for every history (properties), its
//! table for every state and event, the deadlines over month ends and leap years, the parties
//! rule on SOFINT's members, the 7 § guard and the register's fixed fields.

use std::collections::BTreeMap;

use finsam_core::budget::YearMonth;
use finsam_core::insats::deadlines::{self, Deadline, Rules, Standing};
use finsam_core::insats::workflow::{Case, DecidedBy, Decision, Event, Outcome, State};
use finsam_core::insats::{Budget, Insats, Kind, Period, Registration, checks, disbursements};
use finsam_core::plan::Date;
use finsam_core::{Money, plan_file};
use proptest::prelude::*;

fn d(text: &str) -> Date {
    let n = |r: std::ops::Range<usize>| text[r].parse::<i32>().expect(text);
    let month = time::Month::try_from(u8::try_from(n(5..7)).expect("month")).expect(text);
    Date::from_calendar_date(n(0..4), month, u8::try_from(n(8..10)).expect("day")).expect(text)
}

fn kr(n: i64) -> Money {
    Money::from_kr(n).expect("fits")
}

fn grant(on: &str, amount: i64) -> Event {
    Event::Decide(Decision {
        on: d(on),
        by: DecidedBy::Board {
            paragraph: "§ 12".into(),
        },
        outcome: Outcome::Granted {
            amounts: [(2024, kr(amount))].into(),
            conditions: None,
        },
    })
}

fn reject(on: &str, motivation: &str) -> Event {
    Event::Decide(Decision {
        on: d(on),
        by: DecidedBy::Delegation,
        outcome: Outcome::Rejected {
            motivation: motivation.into(),
        },
    })
}

/// A case brought to `state` by the shortest way, every step on its own day from 2024-01-15.
fn case_in(state: State) -> Case {
    let mut c = Case::new(d("2024-01-15"));
    let mut step = |e: Event, at: &str| {
        c.record(e, d(at)).expect("a legal step");
    };
    let completion = || Event::RequestCompletion {
        missing: "Budget för år 2".into(),
        by: d("2024-03-01"),
    };
    match state {
        State::Received => {}
        State::CompletionRequested => step(completion(), "2024-01-20"),
        State::Resubmitted => {
            step(completion(), "2024-01-20");
            step(Event::Complete, "2024-02-01");
        }
        State::Prepared => step(Event::Prepare { opinion: None }, "2024-01-20"),
        State::Granted => step(grant("2024-02-10", 100_000), "2024-02-10"),
        State::Rejected => step(
            reject("2024-02-10", "Utanför förbundets uppdrag."),
            "2024-02-10",
        ),
        State::Agreed | State::Running | State::Closed => {
            step(grant("2024-02-10", 100_000), "2024-02-10");
            step(
                Event::SignAgreement {
                    forbund: d("2024-02-20"),
                    owner: d("2024-02-22"),
                },
                "2024-02-22",
            );
            if state != State::Agreed {
                step(Event::Start, "2024-03-01");
            }
            if state == State::Closed {
                step(
                    Event::Close {
                        final_report: d("2025-03-01"),
                    },
                    "2025-03-02",
                );
            }
        }
        State::Withdrawn => step(Event::Withdraw, "2024-01-20"),
    }
    assert_eq!(c.state(), state);
    c
}

/// One event of each kind, with contents that are right on 2026-01-01.
fn one_of_each() -> Vec<Event> {
    vec![
        Event::RequestCompletion {
            missing: "Målgrupp".into(),
            by: d("2026-02-01"),
        },
        Event::Complete,
        Event::Prepare {
            opinion: Some("Beredningsgruppen tillstyrker.".into()),
        },
        grant("2025-12-01", 50_000),
        reject("2025-12-01", "Ingen samverkan mellan parterna."),
        Event::Amend(Decision {
            on: d("2025-12-15"),
            by: DecidedBy::Board {
                paragraph: "§ 4".into(),
            },
            outcome: Outcome::Granted {
                amounts: [(2024, kr(120_000))].into(),
                conditions: None,
            },
        }),
        Event::SignAgreement {
            forbund: d("2025-12-20"),
            owner: d("2025-12-21"),
        },
        Event::Start,
        Event::Close {
            final_report: d("2025-12-30"),
        },
        Event::Withdraw,
    ]
}

/// The designed table: what each event leads to from each state; anything else is refused.
fn designed(event: &Event, from: State) -> Option<State> {
    use State as S;
    let decision = |e: &Event| match e {
        Event::Decide(Decision {
            outcome: Outcome::Granted { .. },
            ..
        }) => S::Granted,
        _ => S::Rejected,
    };
    let before_decision = [
        S::Received,
        S::CompletionRequested,
        S::Resubmitted,
        S::Prepared,
    ];
    match event {
        Event::RequestCompletion { .. } => [S::Received, S::Resubmitted, S::Prepared]
            .contains(&from)
            .then_some(S::CompletionRequested),
        Event::Complete => (from == S::CompletionRequested).then_some(S::Resubmitted),
        Event::Prepare { .. } => [S::Received, S::Resubmitted]
            .contains(&from)
            .then_some(S::Prepared),
        Event::Decide(_) => [S::Received, S::Resubmitted, S::Prepared]
            .contains(&from)
            .then(|| decision(event)),
        Event::Amend(_) => [S::Granted, S::Agreed, S::Running]
            .contains(&from)
            .then_some(from),
        Event::SignAgreement { .. } => (from == S::Granted).then_some(S::Agreed),
        Event::Start => (from == S::Agreed).then_some(S::Running),
        Event::Close { .. } => (from == S::Running).then_some(S::Closed),
        Event::Withdraw => before_decision.contains(&from).then_some(S::Withdrawn),
    }
}

#[test]
fn every_event_in_every_state_is_allowed_or_refused_as_designed() {
    for (state, _) in State::ALL {
        for event in one_of_each() {
            let c = case_in(state);
            let got = c.apply(event.clone(), d("2026-01-01"));
            match designed(&event, state) {
                Some(to) => {
                    let t = got.unwrap_or_else(|e| panic!("{state:?} + {}: {e}", event.word()));
                    assert_eq!((t.from, t.to), (state, to), "{}", event.word());
                }
                None => {
                    let e = got.expect_err(event.word()).to_string();
                    assert!(
                        e.contains(&format!("när ansökan är {}", state.label())),
                        "{state:?} + {}: {e}",
                        event.word()
                    );
                }
            }
        }
    }
    // The message says when it can be done.
    let e = case_in(State::Received)
        .apply(
            Event::SignAgreement {
                forbund: d("2024-02-01"),
                owner: d("2024-02-01"),
            },
            d("2024-02-01"),
        )
        .expect_err("no agreement without a grant");
    assert_eq!(
        e.to_string(),
        "Att teckna avtal går inte när ansökan är inkommen; det går när den är beviljad."
    );
    let e = case_in(State::Granted)
        .apply(Event::Withdraw, d("2024-03-01"))
        .expect_err("too late");
    assert_eq!(
        e.to_string(),
        "Att återkalla ansökan går inte när ansökan är beviljad; det går när den är inkommen, komplettering begärd, inkommen igen eller beredd."
    );
}

#[test]
fn contents_are_checked_and_nothing_changes_when_refused() {
    let mut c = Case::new(d("2024-01-15"));
    let before = c.clone();
    let refusals = [
        (
            reject("2024-02-01", "  "),
            "Ett avslag ska motiveras skriftligt",
        ),
        (grant("2024-02-01", 0), "Ett beviljande ska ange ett belopp"),
        (
            grant("2024-01-10", 5),
            "Beslutsdagen 2024-01-10 är före ansökan kom in (2024-01-15)",
        ),
        (
            grant("2024-03-01", 5),
            "Beslutsdagen 2024-03-01 är efter i dag (2024-02-01)",
        ),
        (
            Event::RequestCompletion {
                missing: "".into(),
                by: d("2024-03-01"),
            },
            "Skriv vad som saknas",
        ),
        (
            Event::RequestCompletion {
                missing: "Budget".into(),
                by: d("2024-02-01"),
            },
            "Sista dag för kompletteringen (2024-02-01) ska vara efter i dag (2024-02-01)",
        ),
    ];
    for (event, says) in refusals {
        let e = c
            .record(event, d("2024-02-01"))
            .expect_err(says)
            .to_string();
        assert!(e.starts_with(says), "{e}");
        assert_eq!(c, before, "nothing recorded");
    }
    // Out of order: a step dated before the one before it.
    c.record(Event::Prepare { opinion: None }, d("2024-02-01"))
        .expect("prepared");
    let e = c
        .record(grant("2024-01-31", 5), d("2024-01-31"))
        .expect_err("before the last step");
    assert_eq!(
        e.to_string(),
        "Händelsen är daterad 2024-01-31, före föregående steg (2024-02-01); ange rätt datum."
    );
    // An agreement signed before the decision; a tillägg that rejects.
    let mut g = case_in(State::Granted);
    let e = g
        .record(
            Event::SignAgreement {
                forbund: d("2024-02-05"),
                owner: d("2024-02-20"),
            },
            d("2024-02-20"),
        )
        .expect_err("before the decision");
    assert!(
        e.to_string()
            .starts_with("Avtalet är undertecknat 2024-02-05, före beslutet 2024-02-10")
    );
    let e = g
        .record(reject("2024-03-01", "Nej"), d("2024-03-01"))
        .expect_err("not here");
    assert!(
        e.to_string().contains("går inte när ansökan är beviljad"),
        "{e}"
    );
    let e = g
        .record(
            Event::Amend(Decision {
                on: d("2024-03-01"),
                by: DecidedBy::Delegation,
                outcome: Outcome::Rejected {
                    motivation: "Nej".into(),
                },
            }),
            d("2024-03-01"),
        )
        .expect_err("a tillägg changes the grant");
    assert!(e.to_string().starts_with("Ett tilläggsbeslut ändrar"));
}

#[test]
fn a_tillagg_changes_what_is_granted() {
    // Coachingteamet in the demo: 2 330 000 granted, a tillägg to 2 403 500.
    let mut c = Case::new(d("2023-09-01"));
    c.record(
        Event::Decide(Decision {
            on: d("2023-10-12"),
            by: DecidedBy::Board {
                paragraph: "§ 31".into(),
            },
            outcome: Outcome::Granted {
                amounts: [(2024, kr(2_330_000))].into(),
                conditions: Some("Rapport till varje styrelsemöte.".into()),
            },
        }),
        d("2023-10-12"),
    )
    .expect("granted");
    c.record(
        Event::SignAgreement {
            forbund: d("2023-10-20"),
            owner: d("2023-11-02"),
        },
        d("2023-11-02"),
    )
    .expect("agreed");
    c.record(
        Event::Amend(Decision {
            on: d("2024-04-18"),
            by: DecidedBy::Board {
                paragraph: "§ 9".into(),
            },
            outcome: Outcome::Granted {
                amounts: [(2024, kr(2_403_500))].into(),
                conditions: None,
            },
        }),
        d("2024-04-18"),
    )
    .expect("a tillägg");
    assert_eq!(c.state(), State::Agreed, "a tillägg keeps the state");
    assert_eq!(c.granted(), Some(&BTreeMap::from([(2024, kr(2_403_500))])));
    assert_eq!(c.decision().map(|x| x.on), Some(d("2023-10-12")));
    assert_eq!(c.agreed(), Some(d("2023-11-02")));
    // Agreement within the month: 2023-10-12 + 1 month = 2023-11-12.
    let ds = deadlines::deadlines(&c, Rules::default());
    let agreement = ds
        .iter()
        .find(|x| x.kind == deadlines::Kind::Agreement)
        .expect("an agreement deadline");
    assert_eq!(agreement.due, d("2023-11-12"));
    assert_eq!(agreement.standing(d("2024-06-01")), Standing::MetInTime);
}

#[test]
fn deadlines_over_month_ends_and_leap_years() {
    let answer_due =
        |submitted: &str| deadlines::deadlines(&Case::new(d(submitted)), Rules::default())[0].due;
    assert_eq!(answer_due("2023-12-31"), d("2024-02-29"));
    assert_eq!(answer_due("2024-12-31"), d("2025-02-28"));
    assert_eq!(answer_due("2024-01-15"), d("2024-03-15"));
    assert_eq!(answer_due("2024-06-30"), d("2024-08-30"));
    // Decided 31 January: the agreement is due 29 February 2024.
    let mut c = Case::new(d("2024-01-02"));
    c.record(grant("2024-01-31", 10), d("2024-01-31"))
        .expect("granted");
    let agreement = deadlines::deadlines(&c, Rules::default())[1];
    assert_eq!(agreement.due, d("2024-02-29"));
    // Standing on a day: due soon within 14 days, overdue after, met in time or late.
    let open = Deadline {
        kind: deadlines::Kind::Answer,
        due: d("2024-03-15"),
        met: None,
    };
    assert_eq!(open.standing(d("2024-03-01")), Standing::DueSoon(14));
    assert_eq!(open.standing(d("2024-02-29")), Standing::Later);
    assert_eq!(open.standing(d("2024-03-15")), Standing::DueSoon(0));
    assert_eq!(open.standing(d("2024-03-18")), Standing::Overdue(3));
    let late = Deadline {
        met: Some(d("2024-03-16")),
        ..open
    };
    assert_eq!(late.standing(d("2024-04-01")), Standing::MetLate);
    // A withdrawn, never answered application has no answer deadline.
    let w = case_in(State::Withdrawn);
    assert!(deadlines::deadlines(&w, Rules::default()).is_empty());
}

#[test]
fn the_process_figures_count_what_was_met_in_time() {
    // Answered in time (completion requested within two months), answered late, still open
    // and overdue, and one not yet due: 1 of 3 in time; one rejection, motivated.
    let mut in_time = Case::new(d("2024-01-15"));
    in_time
        .record(
            Event::RequestCompletion {
                missing: "Budget".into(),
                by: d("2024-04-01"),
            },
            d("2024-03-01"),
        )
        .expect("asked");
    let mut late = Case::new(d("2024-01-15"));
    late.record(reject("2024-04-01", "Dubbelfinansiering."), d("2024-04-01"))
        .expect("rejected");
    let overdue = Case::new(d("2024-02-01"));
    let not_yet = Case::new(d("2024-11-20"));
    let f = deadlines::process_figures(
        [&in_time, &late, &overdue, &not_yet],
        Rules::default(),
        2024,
        d("2024-12-01"),
    );
    assert_eq!((f.answered_in_time.met, f.answered_in_time.of), (1, 3));
    assert_eq!(
        (f.rejections_motivated.met, f.rejections_motivated.of),
        (1, 1)
    );
    assert_eq!(f.agreed_in_time.of, 0);
}

fn sofint() -> finsam_core::Association {
    plan_file::read(include_str!("../../../examples/sofint-2024.toml"))
        .expect("reads")
        .plan
        .association
}

fn coachingteamet(members: &[&str], owner: &str) -> Insats {
    Insats {
        name: "Coachingteamet".into(),
        kind: Kind::Individual,
        members: members.iter().map(|m| (*m).to_owned()).collect(),
        owner: owner.into(),
        target_groups: vec!["Unga vuxna 16–29 år".into()],
        purpose: "Stöd till arbete eller studier.".into(),
        period: Period::new(
            YearMonth::parse("2024-01").expect("month"),
            YearMonth::parse("2026-12").expect("month"),
        )
        .expect("period"),
        budget: Budget::CalendarYears([(2024, kr(2_330_000))].into()),
        co_financing: BTreeMap::new(),
        goals: Vec::new(),
        steering_group: vec!["Enhetschef Arbetsförmedlingen".into()],
        registration: Registration {
            orientation: "Arbetslivsinriktad rehabilitering".into(),
            precise_orientation: None,
            follow_up_method: "Deltagare per kön och utfall".into(),
            esf: false,
        },
    }
}

#[test]
fn an_insats_needs_two_kinds_of_party_and_an_owner_among_them() {
    let sofint = sofint();
    assert!(
        checks::parties(
            &coachingteamet(&["lindesberg", "af"], "lindesberg"),
            &sofint
        )
        .is_empty()
    );
    // Two municipalities are one party.
    let two = checks::parties(
        &coachingteamet(&["lindesberg", "nora"], "lindesberg"),
        &sofint,
    );
    assert_eq!(two.len(), 1);
    assert!(two[0].message.contains("har bara en"), "{}", two[0].message);
    // The owner must take part; a key that is no member is named.
    let wrong = checks::parties(
        &coachingteamet(&["lindesberg", "af", "kyrkan"], "region"),
        &sofint,
    );
    let messages: Vec<&str> = wrong.iter().map(|f| f.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("\"kyrkan\" är inte medlem i Samordningsförbundet SOFINT")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("Insatsägaren ska vara en av insatsens parter"))
    );
}

#[test]
fn an_insats_in_json_speaks_the_apis_words_and_reads_back() {
    let insats = coachingteamet(&["lindesberg", "af"], "lindesberg");
    let json = serde_json::to_value(&insats).expect("writes");
    assert_eq!(json["typ"], "individinriktad");
    assert_eq!(json["insatsagare"], "lindesberg");
    assert_eq!(json["period"]["fran"], "2024-01");
    assert_eq!(json["budget"]["per_kalenderar"]["2024"], 233_000_000);
    let back: Insats = serde_json::from_value(json.clone()).expect("reads");
    assert_eq!(back, insats);
    // A word that names nothing, or a month that is none, is an error, never a default.
    let mut wrong = json.clone();
    wrong["typ"] = "blandad".into();
    let e = serde_json::from_value::<Insats>(wrong).expect_err("no such kind");
    assert!(
        e.to_string().contains("\"blandad\" är ingen insatstyp"),
        "{e}"
    );
    let mut wrong = json;
    wrong["period"]["till"] = "2026-13".into();
    assert!(serde_json::from_value::<Insats>(wrong).is_err());
    // A case: the decision's words.
    let mut c = Case::new(d("2024-01-15"));
    c.record(reject("2024-02-01", "Utanför uppdraget."), d("2024-02-01"))
        .expect("rejected");
    let json = serde_json::to_value(&c).expect("writes");
    assert_eq!(json["historik"][0]["vad"]["handelse"], "beslut");
    assert_eq!(
        json["historik"][0]["vad"]["utfall"]["avslagen"]["motivering"],
        "Utanför uppdraget."
    );
    assert_eq!(json["historik"][0]["till"], "avslagen");
}

#[test]
fn the_7_paragraph_guard_and_the_registers_fixed_fields() {
    let words = checks::PAYMENT_WORDS;
    assert_eq!(
        checks::suggests_payments("Vi köper  Busskort åt deltagarna", &words),
        Some("busskort")
    );
    assert_eq!(checks::suggests_payments("Coachning i grupp", &words), None);
    let found = checks::payments_to_individuals(
        [
            ("Syfte", "Stöd till arbete."),
            ("Budget, rad 3", "Ersättning till deltagare 500 kr/dag"),
        ],
        &words,
    );
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .message
            .starts_with("Budget, rad 3: \"ersättning till deltagare\" kan tyda på")
    );
    assert_eq!(found[0].kind.code(), "ersattning-till-enskilda");

    let before = coachingteamet(&["lindesberg", "af"], "lindesberg").registration;
    let mut after = before.clone();
    after.precise_orientation = Some("Unga".into());
    assert_eq!(checks::registration_kept(&before, &after), Ok(()));
    after.esf = true;
    assert!(
        checks::registration_kept(&before, &after)
            .expect_err("fixed")
            .contains("ESF-finansieringen")
    );
}

/// An event for the properties: a kind and a few choices, dated some days after the last.
fn event() -> impl Strategy<Value = (u8, bool, i64, i64)> {
    (0u8..10, any::<bool>(), 0i64..40, -5i64..60)
}

fn build(case: &Case, (kind, flag, gap, shift): (u8, bool, i64, i64)) -> (Event, Date) {
    let at = case.last_day() + time::Duration::days(gap);
    let near = at + time::Duration::days(shift - 20);
    let decision = |granted: bool| Decision {
        on: near.min(at),
        by: DecidedBy::Delegation,
        outcome: if granted {
            Outcome::Granted {
                amounts: [(2024, Money::from_ore(shift * 100_000))].into(),
                conditions: None,
            }
        } else {
            Outcome::Rejected {
                motivation: if flag { "Motiverat." } else { "" }.into(),
            }
        },
    };
    let event = match kind {
        0 => Event::RequestCompletion {
            missing: if flag { "Budget" } else { " " }.into(),
            by: near,
        },
        1 => Event::Complete,
        2 => Event::Prepare { opinion: None },
        3 => Event::Decide(decision(flag)),
        4 => Event::Decide(decision(!flag)),
        5 => Event::Amend(decision(flag)),
        6 => Event::SignAgreement {
            forbund: near,
            owner: near.min(at),
        },
        7 => Event::Start,
        8 => Event::Close { final_report: near },
        _ => Event::Withdraw,
    };
    (event, at)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Whatever is tried, in whatever order: the history is a chain from "inkommen", its days
    /// never go back, no agreement without a grant, every rejection motivated, decided once,
    /// withdrawn only before the decision, and a refused event changes nothing.
    #[test]
    fn every_history_keeps_the_rules(events in proptest::collection::vec(event(), 0..30)) {
        let mut c = Case::new(d("2024-01-15"));
        for e in events {
            let (event, at) = build(&c, e);
            let before = c.clone();
            if c.record(event, at).is_err() {
                prop_assert_eq!(&c, &before);
            }
        }
        let mut state = State::Received;
        let mut day = c.submitted;
        let mut granted = false;
        let mut decisions = 0;
        for t in &c.history {
            prop_assert_eq!(t.from, state);
            prop_assert!(t.at >= day);
            state = t.to;
            day = t.at;
            match &t.event {
                Event::Decide(x) => {
                    decisions += 1;
                    match &x.outcome {
                        Outcome::Granted { .. } => granted = true,
                        Outcome::Rejected { motivation } => {
                            prop_assert!(!motivation.trim().is_empty());
                            prop_assert_eq!(t.to, State::Rejected);
                        }
                    }
                }
                Event::SignAgreement { .. } => prop_assert!(granted, "an agreement without a grant"),
                Event::Withdraw => prop_assert!(t.from.awaits_decision()),
                _ => {}
            }
        }
        prop_assert!(decisions <= 1);
        if matches!(c.state(), State::Agreed | State::Running | State::Closed) {
            prop_assert!(granted);
        }
        // The history in JSON (as the store keeps it and the API gives it) reads back the same.
        let json = serde_json::to_string(&c).expect("writes");
        let back: Case = serde_json::from_str(&json).expect("reads");
        prop_assert_eq!(back, c);
    }

    /// A project-year budget over any period comes out per calendar year to the öre of its
    /// total, in the period's years only.
    #[test]
    fn project_years_keep_every_krona(
        start in 0i32..24,
        months in 1i64..60,
        amounts in proptest::collection::vec(0i64..500_000_000, 1..6),
    ) {
        let from = YearMonth { year: 2024 + start / 12, month: u8::try_from(start % 12 + 1).expect("month") };
        let mut to = from;
        for _ in 1..months {
            to = to.next();
        }
        let period = Period::new(from, to).expect("a period");
        let years = finsam_core::insats::budget::project_years(period);
        let amounts: Vec<Money> = amounts.into_iter().take(years).map(Money::from_ore).collect();
        let budget = Budget::ProjectYears(amounts);
        match budget.per_calendar_year(period) {
            Ok(per_year) => {
                prop_assert_eq!(
                    Money::checked_sum(per_year.values().copied()).expect("fits"),
                    budget.total().expect("fits")
                );
                prop_assert!(per_year.keys().all(|y| period.months_in(*y) > 0));
            }
            Err(e) => prop_assert_eq!(e, finsam_core::insats::BudgetError::Empty),
        }
    }
}

#[test]
fn a_budget_line_that_suggests_payments_to_individuals_is_a_warning_at_its_line() {
    use finsam_core::finding::{FindingKind, Severity};
    let mut plan = plan_file::read(include_str!("../../../examples/sofint-2024.toml"))
        .expect("reads")
        .plan;
    let fig = finsam_core::compute(&plan).expect("computes");
    let before = finsam_core::check(&plan, &fig);
    assert!(
        !before
            .iter()
            .any(|f| f.kind == FindingKind::PaymentsToIndividuals),
        "SOFINT's own budget pays no one"
    );
    plan.budget.sections[0].lines[0].note = Some("Inklusive Busskort till deltagarna".into());
    let fig = finsam_core::compute(&plan).expect("computes");
    let after = finsam_core::check(&plan, &fig);
    let found: Vec<_> = after
        .iter()
        .filter(|f| f.kind == FindingKind::PaymentsToIndividuals)
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(
        found[0].message.contains("\"busskort\""),
        "{}",
        found[0].message
    );
    assert!(found[0].message.contains("7 §"));
}

fn disbursement(requested: &str, amount: i64) -> disbursements::Disbursement {
    disbursements::Disbursement {
        requested: d(requested),
        amount: kr(amount),
        approved: None,
        paid: None,
        note: None,
    }
}

/// SOFINT's interim report: Coachingteamet's grant for 2024 is 2 403 500 kr after the tillägg
/// of 31 May, and 1 189 503 kr was paid in January–June.
#[test]
fn disbursements_are_paid_against_the_grant_and_after_the_agreement() {
    use disbursements::{Stage, Summary, check_new};
    let case = case_in(State::Agreed); // 100 000 kr granted 2024-02-10, agreed 2024-02-22
    let fields = |e: Vec<(&'static str, String)>| e.into_iter().map(|(f, _)| f).collect::<Vec<_>>();
    assert!(check_new(&case, &[], &disbursement("2024-03-01", 60_000)).is_empty());
    let before = check_new(&case, &[], &disbursement("2024-02-21", 10_000));
    assert_eq!(fields(before.clone()), ["begard"]);
    assert!(
        before[0].1.contains("före avtalet 2024-02-22"),
        "{before:?}"
    );
    let paid = vec![disbursement("2024-03-01", 60_000)];
    let over = check_new(&case, &paid, &disbursement("2024-04-01", 40_001));
    assert_eq!(fields(over.clone()), ["belopp"]);
    assert!(
        over[0].1.contains("100 001 kr") && over[0].1.contains("högst 40 000 kr återstår"),
        "{over:?}"
    );
    assert!(check_new(&case, &paid, &disbursement("2024-04-01", 40_000)).is_empty());
    assert_eq!(
        fields(check_new(&case, &[], &disbursement("2024-03-01", 0))),
        ["belopp"]
    );
    // Before the agreement, and never for a rejected application.
    let granted = case_in(State::Granted);
    assert_eq!(
        fields(check_new(&granted, &[], &disbursement("2024-03-01", 1))),
        ["begard"]
    );
    let rejected = case_in(State::Rejected);
    let e = check_new(&rejected, &[], &disbursement("2024-03-01", 1));
    assert!(e[0].1.contains("avslagen"), "{e:?}");

    // The steps: approved after the request, paid after the approval, never twice.
    let one = disbursement("2024-03-01", 60_000);
    assert!(one.advanced(Stage::Approved, d("2024-02-28")).is_err());
    assert!(one.advanced(Stage::Paid, d("2024-03-05")).is_err());
    let approved = one.advanced(Stage::Approved, d("2024-03-04")).unwrap();
    assert!(approved.advanced(Stage::Approved, d("2024-03-05")).is_err());
    let out = approved.advanced(Stage::Paid, d("2024-03-06")).unwrap();
    assert_eq!(out.stage(), Stage::Paid);

    // Paid against granted, per year; the warning once a tillägg lowers the grant below it.
    let items = vec![out.clone(), disbursement("2024-05-01", 30_000)];
    let s = Summary::of(&case, &items);
    assert_eq!(
        (s.granted, s.requested, s.approved, s.paid, s.left()),
        (kr(100_000), kr(90_000), kr(60_000), kr(60_000), kr(40_000))
    );
    assert_eq!(s.years.len(), 1);
    assert_eq!(
        (s.years[0].granted, s.years[0].paid),
        (kr(100_000), kr(60_000))
    );
    assert_eq!(s.warning(), None);
    let mut lowered = case.clone();
    lowered
        .record(
            Event::Amend(Decision {
                on: d("2024-06-01"),
                by: DecidedBy::Board {
                    paragraph: "§ 9".into(),
                },
                outcome: Outcome::Granted {
                    amounts: [(2024, kr(50_000))].into(),
                    conditions: None,
                },
            }),
            d("2024-06-01"),
        )
        .unwrap();
    let w = Summary::of(&lowered, &items)
        .warning()
        .expect("paid above the grant");
    assert_eq!(w.kind.code(), "utbetalt-over-beviljat");
    assert!(
        w.message
            .contains("10 000 kr mer än de beviljade 50 000 kr"),
        "{}",
        w.message
    );
}

proptest! {
    /// However disbursements are asked for, those the check lets through never add up to more
    /// than the grant.
    #[test]
    fn accepted_disbursements_never_pass_the_grant(amounts in proptest::collection::vec(-5_000i64..60_000, 0..20)) {
        let case = case_in(State::Agreed);
        let mut kept: Vec<disbursements::Disbursement> = Vec::new();
        for a in amounts {
            let new = disbursement("2024-03-01", a);
            if disbursements::check_new(&case, &kept, &new).is_empty() {
                kept.push(new);
            }
        }
        let s = disbursements::Summary::of(&case, &kept);
        prop_assert!(s.requested <= s.granted);
        prop_assert!(kept.iter().all(|k| k.amount.is_positive()));
    }
}

/// The what-if of a pending application on SOFINT's plan for 2024 equals the plan file with the
/// grant written in as a line of its own, read and computed anew.
#[test]
fn the_what_if_equals_the_plan_with_the_grant_written_in() {
    use finsam_core::insats::whatif::what_if;
    let text = include_str!("../../../examples/sofint-2024.toml");
    let plan = plan_file::read(text).expect("reads").plan;
    let asked: BTreeMap<i32, Money> =
        [(2025, kr(450_000)), (2026, kr(450_000)), (2027, kr(10))].into();
    let w = what_if(&plan, "Hälsosteget", &asked).expect("computes");
    // Written in by hand, after Rehabmässan's line.
    let marker = "name = \"Rehabmässan\"\ncategory = \"insats\"\namount = \"-35 000\"\n";
    assert!(text.contains(marker));
    let edited = text.replace(
        marker,
        &format!("{marker}\n[[budget.section.line]]\nname = \"Hälsosteget\"\ncategory = \"insats\"\namounts = {{ 2025 = \"-450 000\", 2026 = \"-450 000\" }}\n"),
    );
    let by_hand =
        finsam_core::compute(&plan_file::read(&edited).expect("reads").plan).expect("computes");
    let base = finsam_core::compute(&plan).expect("computes");
    let with: Vec<Money> = w.years.iter().map(|y| y.with).collect();
    let without: Vec<Money> = w.years.iter().map(|y| y.without).collect();
    assert_eq!(
        with,
        by_hand
            .per_year
            .iter()
            .map(|y| y.equity_closing)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        without,
        base.per_year
            .iter()
            .map(|y| y.equity_closing)
            .collect::<Vec<_>>()
    );
    assert_eq!(w.years[0].asked, Money::ZERO);
    assert_eq!(
        (
            w.years[1].without.checked_sub(w.years[1].with).unwrap(),
            w.years[2].without.checked_sub(w.years[2].with).unwrap()
        ),
        (kr(450_000), kr(900_000))
    );
    assert_eq!(
        w.outside,
        [(2027, kr(10))].into(),
        "a year outside the plan is said, not counted"
    );
    // SOFINT's floor is its band's 200 000 kr.
    assert!(w.years.iter().all(|y| y.floor == kr(200_000)));
}

proptest! {
    /// Granting a year's "utrymme" keeps every year from it at or above the floor; one krona
    /// more does not (when the plan was within it to begin with).
    #[test]
    fn the_room_is_exactly_what_keeps_equity_above_the_floor(year in 0usize..3, extra in 0i64..3_000_000) {
        use finsam_core::insats::whatif::what_if;
        let mut plan = plan_file::read(include_str!("../../../examples/sofint-2024.toml")).expect("reads").plan;
        // Some other cost first, so that the room varies from case to case.
        let y = plan.budget.years[year];
        let pending: BTreeMap<i32, Money> = [(y, kr(extra))].into();
        plan = finsam_core::insats::whatif::with_grant(&plan, "Annan", &pending);
        let w = what_if(&plan, "Prövad", &BTreeMap::new()).expect("computes");
        for (i, row) in w.years.iter().enumerate() {
            let room = row.room_without;
            let at = |amount: Money| {
                what_if(&plan, "Prövad", &[(row.year, amount)].into()).expect("computes")
            };
            let granted = at(room);
            prop_assert!(granted.years[i..].iter().all(|r| r.with >= r.floor) || room == Money::ZERO);
            let within_before = w.years[i..].iter().all(|r| r.without >= r.floor);
            if within_before {
                let over = at(room.checked_add(Money::from_ore(100)).unwrap());
                prop_assert!(!over.fits(), "{} kr more than the room still fits", 1);
                prop_assert!(granted.fits());
            } else {
                prop_assert_eq!(room, Money::ZERO);
            }
        }
    }
}

/// SOFINT's plan budgets Coachingteamet at 2 330 000 kr for 2024; the tillägg raised the grant to
/// 2 403 500 kr, so the budget holds 73 500 kr less than is granted.
#[test]
fn a_grant_beside_its_line_in_the_budget() {
    use finsam_core::insats::whatif::{beside_budget, lines_for};
    let plan = plan_file::read(include_str!("../../../examples/sofint-2024.toml"))
        .expect("reads")
        .plan;
    let fig = finsam_core::compute(&plan).expect("computes");
    let lines = lines_for(&plan, " coachingteamet");
    assert_eq!(lines.len(), 1);
    assert_eq!(
        plan.budget.sections[lines[0].0].lines[lines[0].1].name,
        "Coachingteamet"
    );
    assert!(
        lines_for(&plan, "Coaching").is_empty(),
        "a word's start is not a name"
    );
    let rows = beside_budget(&plan, &fig, &lines, &[(2024, kr(2_403_500))].into());
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].granted, rows[0].in_budget),
        (kr(2_403_500), kr(2_330_000))
    );
    assert_eq!(
        rows[0].difference(),
        Money::ZERO.checked_sub(kr(73_500)).unwrap()
    );
    let none = beside_budget(&plan, &fig, &[], &[(2025, kr(1))].into());
    assert_eq!(none[0].in_budget, Money::ZERO);
}
