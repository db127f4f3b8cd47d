//! Fills a Finsam database with förbund and their applications for bench/web.sh: FORBUND
//! förbund (the demo's förbundschef `demo` is förbundschef in the first), YEARS years of board
//! meetings (five a year) and PER_YEAR applications a year each, with their whole way: most
//! granted at the next meeting and agreed (some late), some rejected with a motivation, some
//! asked to complete first, some withdrawn, this year's latest still waiting. Deterministic.
//!   gen-applications DB_URL FORBUND YEARS PER_YEAR
//! Prints the id of the first förbund made and of one of its applications.

use std::collections::BTreeMap;

use finsam_bench::Lcg;
use finsam_core::Money;
use finsam_core::budget::YearMonth;
use finsam_core::insats::workflow::{Case, DecidedBy, Decision, Event, Outcome};
use finsam_core::insats::{Budget, Goal, Insats, Kind, Period, Registration};
use finsam_core::meeting::{Kind as MeetingKind, Meeting};
use finsam_core::plan::Date;
use finsam_store::prelude::*;
use finsam_store::{Actor, Role, SqlStore, Submission};
use time::Month;

fn day(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, Month::try_from(m).unwrap_or(Month::January), d)
        .unwrap_or(Date::MIN)
}

/// An organisation number for the n:th bench förbund, with its check digit.
fn org_number(n: usize) -> finsam_core::OrgNumber {
    (0..10)
        .find_map(|d| {
            finsam_core::OrgNumber::parse(&format!("{:06}-{:03}{d}", 223_000 + n, n % 1000)).ok()
        })
        .unwrap_or_else(|| panic!("an organisation number for {n}"))
}

/// The board's five meetings of a year.
fn meetings(year: i32) -> [Date; 5] {
    [
        day(year, 2, 15),
        day(year, 4, 18),
        day(year, 6, 13),
        day(year, 9, 19),
        day(year, 11, 21),
    ]
}

/// The first meeting at least two weeks after `after`.
fn next_meeting(after: Date) -> Date {
    let from = after + time::Duration::days(14);
    (after.year()..=after.year() + 1)
        .flat_map(meetings)
        .find(|m| *m >= from)
        .unwrap_or(from)
}

fn insats(rng: &mut Lcg, year: i32, n: usize) -> Insats {
    let kinds = [
        Kind::Individual,
        Kind::Structural,
        Kind::Preventive,
        Kind::Competence,
    ];
    let owners = ["kommun-a", "kommun-b", "region"];
    let owner = owners[rng.index(owners.len())];
    let start = YearMonth {
        year: year + 1,
        month: u8::try_from(1 + rng.index(12)).unwrap_or(1),
    };
    let months = 6 + rng.index(30);
    let end = (0..months).fold(start, |m, _| m.next());
    let period = Period::new(start, end).unwrap_or_else(|e| panic!("{e}"));
    let amounts: BTreeMap<i32, Money> = period
        .years()
        .into_iter()
        .map(|y| {
            let kr = 50_000 + 10_000 * i64::try_from(rng.index(60)).unwrap_or(0);
            (y, Money::from_ore(kr * 100))
        })
        .collect();
    Insats {
        name: format!("Insats {year}-{n:02}"),
        kind: kinds[rng.index(kinds.len())],
        members: vec![owner.to_owned(), "af".to_owned(), "fk".to_owned()],
        owner: owner.to_owned(),
        target_groups: vec!["Unga vuxna 16–29 år".to_owned()],
        purpose: "Stöd mot arbete eller studier, samordnat mellan parterna.".to_owned(),
        period,
        budget: Budget::CalendarYears(amounts),
        co_financing: BTreeMap::new(),
        goals: vec![Goal {
            goal: "Hälften går vidare till arbete eller studier".to_owned(),
            measure: "Andel avslutade till arbete eller studier".to_owned(),
        }],
        steering_group: vec!["Enhetschef hos insatsägaren".to_owned()],
        registration: Registration {
            orientation: "Arbetslivsinriktad rehabilitering".to_owned(),
            precise_orientation: None,
            follow_up_method: "Deltagare per kön och utfall".to_owned(),
            esf: false,
        },
    }
}

/// The application's way up to `today`.
fn history(rng: &mut Lcg, insats: &Insats, submitted: Date, today: Date) -> Case {
    let mut case = Case::new(submitted);
    let step = |case: &mut Case, event: Event, at: Date| -> bool {
        at <= today && case.record(event, at).is_ok()
    };
    let roll = rng.index(100);
    if roll < 5 {
        let at = submitted + time::Duration::days(10);
        step(&mut case, Event::Withdraw, at);
        return case;
    }
    let mut from = submitted;
    if roll < 12 {
        let asked = submitted + time::Duration::days(20);
        let by = asked + time::Duration::days(14);
        if !step(
            &mut case,
            Event::RequestCompletion {
                missing: "Budget per kvartal".to_owned(),
                by,
            },
            asked,
        ) || !step(&mut case, Event::Complete, by)
        {
            return case;
        }
        from = by;
    }
    let meeting = next_meeting(from);
    let outcome = if roll < 27 {
        Outcome::Rejected {
            motivation: "Insatsen ryms inte i förbundets prioriteringar i år.".to_owned(),
        }
    } else {
        let amounts = match &insats.budget {
            Budget::CalendarYears(a) => a.clone(),
            Budget::ProjectYears(_) => BTreeMap::new(),
        };
        Outcome::Granted {
            amounts,
            conditions: Some("Rapport varje kvartal.".to_owned()),
        }
    };
    let granted = matches!(outcome, Outcome::Granted { .. });
    let decision = Decision {
        on: meeting,
        by: DecidedBy::Board {
            paragraph: format!("§ {}", 1 + rng.index(40)),
        },
        outcome,
    };
    if !step(&mut case, Event::Decide(decision), meeting) || !granted {
        return case;
    }
    // Most agreements within the month, some late.
    let signed = meeting + time::Duration::days(i64::try_from(7 + rng.index(40)).unwrap_or(7));
    if !step(
        &mut case,
        Event::SignAgreement {
            forbund: signed,
            owner: signed,
        },
        signed,
    ) {
        return case;
    }
    let start = day(insats.period.from.year, insats.period.from.month, 1).max(signed);
    if !step(&mut case, Event::Start, start) {
        return case;
    }
    let to = insats.period.to;
    let end = day(to.year, to.month, 28) + time::Duration::days(45);
    step(&mut case, Event::Close { final_report: end }, end);
    case
}

/// The measured förbund's reports in as a kansli has them: every report due more than 60 days
/// ago received (one in ten of them late), the last two months' still to come.
async fn received_reports(store: &SqlStore, a: finsam_store::AssociationId, today: Date) {
    let kinds = finsam_core::insats::reports::default_kinds();
    let before = today - time::Duration::days(60);
    let mut n = 0usize;
    for app in store.granted_applications(a).await.expect("the granted") {
        let Some(decided) = app.case.decision().map(|d| d.on) else {
            continue;
        };
        for r in finsam_core::insats::reports::schedule(app.insats.period, decided, &kinds) {
            if r.due > before {
                continue;
            }
            n += 1;
            let late = if n.is_multiple_of(10) { 12 } else { -3 };
            let receipt = finsam_store::Receipt {
                application: app.id,
                kind: r.kind.clone(),
                period_end: r.to,
                received: (r.due + time::Duration::days(late)).max(r.to),
            };
            store
                .receive_report(Actor::System, a, &receipt, "Rapport inkommen")
                .await
                .expect("a receipt");
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, forbund, years, per_year] = args.as_slice() else {
        eprintln!("användning: gen-applications DB_URL FÖRBUND ÅR PER_ÅR");
        std::process::exit(2);
    };
    let number = |s: &str| -> usize { s.parse().unwrap_or_else(|_| panic!("{s} är inget tal")) };
    let (forbund, years, per_year) = (number(forbund), number(years), number(per_year));
    let store = SqlStore::open(url).await.expect("opens the database");
    let demo = store
        .user_by_username("demo")
        .await
        .expect("the demo's förbundschef (start with --demo)")
        .id;
    let today = time::OffsetDateTime::now_utc().date();
    let last = today.year();
    let first_year = last - i32::try_from(years).unwrap_or(1) + 1;
    let mut rng = Lcg::new(12);
    let mut first = None;
    for f in 0..forbund {
        let a = store
            .create_association(
                Actor::System,
                &format!("Benchförbundet {}", f + 1),
                &org_number(f),
            )
            .await
            .expect("a förbund");
        // The first is the one measured: the demo's förbundschef gets it, and only it, so that
        // every page's list of the user's förbund stays the demo's size.
        if f == 0 {
            store
                .grant_role(Actor::System, demo, a, Role::Director)
                .await
                .expect("a role");
        }
        for y in first_year..=last {
            for on in meetings(y) {
                let m = Meeting {
                    on,
                    kind: MeetingKind::Board,
                    note: None,
                    times: None,
                };
                store
                    .add_meeting(Actor::System, a, &m)
                    .await
                    .expect("a meeting");
            }
        }
        let mut an_application = None;
        for y in first_year..=last {
            for n in 0..per_year {
                let month = u8::try_from(1 + n % 11).unwrap_or(1);
                let submitted = day(y, month, u8::try_from(1 + (n * 7) % 27).unwrap_or(1));
                if submitted > today {
                    continue;
                }
                let insats = insats(&mut rng, y, n);
                let case = history(&mut rng, &insats, submitted, today);
                let stored = store
                    .submit_application(
                        Actor::System,
                        a,
                        (&insats, &case),
                        Submission {
                            continuation: None,
                            case_format: "{år}/{nr}",
                            files: &[],
                        },
                    )
                    .await
                    .expect("an application");
                an_application.get_or_insert(stored.id.0);
            }
        }
        if first.is_none() {
            first = Some((a.0, an_application.unwrap_or(0)));
            received_reports(&store, a, today).await;
        }
    }
    if let Some((a, application)) = first {
        println!("{a} {application}");
    }
}
