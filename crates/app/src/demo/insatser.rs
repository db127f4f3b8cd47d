//! The demo's insatser and applications. SOFINT's are the seed's: Coachingteamet, granted
//! 2 330 000 kr for 2024 as the plan budgets it, then raised by a tillägg to 2 403 500 kr, the
//! sum the interim report follows up. The seed gives only the sums; the days, the paragraphs and
//! the split are the demo's own assumptions, and the application texts are written for the demo.
//! Norrbygden (fictional) has a rejected application with its motivation, and one whose answer is
//! overdue.
//!
//! The demo's day is [`DAY`], a week before SOFINT's November board meeting: Coachingteamet has
//! been paid 1 189 503 kr in January–June (the interim report's sum, in two payments of the
//! demo's), and its reports are in except the third quarter's, which is overdue; Hälsosteget
//! awaits the board's decision.

use std::collections::BTreeMap;

use finsam_core::Money;
use finsam_core::budget::YearMonth;
use finsam_core::insats::serial::parse_day;
use finsam_core::insats::settings::{Round, Settings};
use finsam_core::insats::workflow::{Case, DecidedBy, Decision, Event, Outcome};
use finsam_core::insats::{Budget, Insats, Kind, Period, Registration};
use finsam_core::meeting::{Clock, Kind as MeetingKind, Meeting};
use finsam_core::plan::Date;
use finsam_store::{Actor, AssociationId, Store, StoreError, Submission};

use crate::insatser::{CASE_FORMAT, step_words};

/// The day the demo is seen on (`finsam serve --demo` without `--idag`): 4 November 2024.
pub const DAY: &str = "2024-11-04";

/// The demo's disbursements of an application: (requested, approved, paid, kr, note).
async fn pay(
    store: &dyn Store,
    association: AssociationId,
    application: finsam_store::ApplicationId,
    payments: &[(&str, &str, &str, i64, &str)],
) -> Result<(), StoreError> {
    for (requested, approved, paid, amount, note) in payments {
        let stored = store.application(association, application).await?;
        let d = finsam_core::insats::disbursements::Disbursement {
            requested: day(requested)?,
            amount: kr(*amount),
            approved: Some(day(approved)?),
            paid: Some(day(paid)?),
            note: Some((*note).to_owned()),
        };
        let summary = format!(
            "{}: utbetalning {} registrerad",
            stored.case_number,
            finsam_core::format::kr_with_unit(d.amount)
        );
        store
            .add_disbursement(
                Actor::System,
                (association, application, stored.row_version),
                &d,
                &summary,
            )
            .await?;
    }
    Ok(())
}

/// Marks every report of the application due by [`DAY`] as received five days before it was
/// due, except `missing` (kind, last day of its period) and those already received.
async fn reports_in(
    store: &dyn Store,
    association: AssociationId,
    application: finsam_store::ApplicationId,
    missing: Option<(&str, &str)>,
) -> Result<(), StoreError> {
    let stored = store.application(association, application).await?;
    let kinds = store.settings(association).await?.settings.report_kinds;
    let decided = stored
        .case
        .decision()
        .map(|d| d.on)
        .ok_or(StoreError::Unsupported("en demoinsats utan beslut"))?;
    let today = day(DAY)?;
    let missing = match missing {
        Some((kind, end)) => Some((kind, day(end)?)),
        None => None,
    };
    let have = store.receipts(association).await?;
    for r in finsam_core::insats::reports::schedule(stored.insats.period, decided, &kinds) {
        if r.due > today
            || missing == Some((r.kind.as_str(), r.to))
            || have
                .iter()
                .any(|h| h.application == application && h.kind == r.kind && h.period_end == r.to)
        {
            continue;
        }
        let received = Date::from_julian_day(r.due.to_julian_day() - 5)
            .unwrap_or(r.due)
            .max(r.to);
        let receipt = finsam_store::Receipt {
            application,
            kind: r.kind.clone(),
            period_end: r.to,
            received,
        };
        let summary = format!(
            "{}: {} för {} inkommen",
            stored.case_number,
            r.kind,
            r.period()
        );
        store
            .receive_report(Actor::System, association, &receipt, &summary)
            .await?;
    }
    Ok(())
}

/// The insatsägare's half-year report of Coachingteamet, January–June 2024, as the interim
/// report prints it (the example upload `examples/deltagare/coachingteamet-2024-h1.csv`, read
/// as an upload is; the outcomes' split by gender is the demo's assumption, the seed saying only
/// that women left early more often): sent in on 25 July, so its due date is met, and waiting
/// for the kansli, who will find that 65 ongoing should be 103 − 35 = 68. With the insats's
/// targets from its application: 120, 50 and 50 a year, stegförflyttning 55 %.
async fn coaching_half_year(
    store: &dyn Store,
    association: AssociationId,
    application: finsam_store::ApplicationId,
) -> Result<(), StoreError> {
    use finsam_core::participants::Approval;
    use finsam_report::upload::{Format, read_rows};
    let stored = store.application(association, application).await?;
    let settings = store.settings(association).await?.settings.participants;
    let rows = read_rows(COACHING_H1, Format::Csv)
        .map_err(|_| StoreError::Unsupported("demots deltagarfil går inte att läsa"))?;
    let report = finsam_core::participants::form::read_table(&rows, &settings, COACHING_H1_TEXT)
        .map_err(|_| StoreError::Unsupported("demots deltagarfil går inte att läsa"))?;
    let new = finsam_store::NewParticipantReport {
        application,
        kind: "Halvårsrapport".into(),
        from: day("2024-01-01")?,
        to: day("2024-06-30")?,
        report,
    };
    let made = store
        .create_participant_report(
            Actor::System,
            association,
            &new,
            &format!(
                "{}: deltagarrapport för 2024-01-01–2024-06-30 (Halvårsrapport) påbörjad",
                stored.case_number
            ),
        )
        .await?;
    // The application's yearly targets and its goal for stegförflyttning (the seed's).
    store
        .save_participant_targets(
            Actor::System,
            (association, application, 0),
            &finsam_core::participants::rates::Targets {
                total: Some(120),
                new: Some(50),
                finished: Some(50),
                step_forward: Some(55),
                ..Default::default()
            },
            &format!(
                "{}: deltagarmål för Coachingteamet sparade",
                stored.case_number
            ),
        )
        .await?;
    let receipt = finsam_store::Receipt {
        application,
        kind: new.kind.clone(),
        period_end: new.to,
        received: day("2024-07-25")?,
    };
    store
        .step_participant_report(
            Actor::System,
            (association, made.id, made.row_version),
            &finsam_store::ReportStep {
                action: "participants.submit",
                approval: &Approval::Submitted,
                receipt: Some(&receipt),
            },
            &format!(
                "{}: deltagarrapport för 2024-01-01–2024-06-30 inskickad",
                stored.case_number
            ),
        )
        .await?;
    Ok(())
}

/// Coachingteamet's activities January–May 2024 and its staffing, as the interim report lists
/// them (the report gives the month; the day is the demo's).
async fn coaching_activities(
    store: &dyn Store,
    association: AssociationId,
    application: finsam_store::ApplicationId,
) -> Result<(), StoreError> {
    use finsam_core::participants::activity::{Activity, ActivityKind as K, Staffing};
    for (on, kind, text) in [
        (
            "2024-01-18",
            K::StudyVisit,
            "Tagit emot studiebesök av socionomstuderande",
        ),
        (
            "2024-02-14",
            K::Knowledge,
            "Samordnaren på en halvdags föreläsning om arbetsmarknad och etablering",
        ),
        (
            "2024-03-12",
            K::Information,
            "Samverkan med försörjningsstödet i Lindesberg, en halv dag på brandstationen",
        ),
        (
            "2024-03-20",
            K::Information,
            "Heldag på Funkisveckan på biblioteket i Lindesberg",
        ),
        (
            "2024-04-09",
            K::Workshop,
            "Workshop med försörjningsstödet i Hällefors",
        ),
        (
            "2024-04-23",
            K::StudyVisit,
            "Samordnaren tog emot studiebesök från Vadstena",
        ),
        (
            "2024-05-17",
            K::Network,
            "Alla coacher med på SOFINT:s beredningsgrupp",
        ),
        (
            "2024-05-22",
            K::Knowledge,
            "Utbildningsdag för alla coacher: Förenkla helt enkelt",
        ),
        (
            "2024-05-29",
            K::Network,
            "Värdar för nätverksträff för coacher från länets coachingteam, en halv dag",
        ),
    ] {
        let a = Activity {
            on: day(on)?,
            kind,
            insats: Some(application.0),
            text: text.to_owned(),
        };
        let summary = format!("Aktivitet {on}: {text} ({})", kind.label());
        store
            .add_activity(Actor::System, association, &a, &summary)
            .await?;
    }
    for (from, role, fte) in [
        ("2024-01-01", "Coach", 350),
        ("2024-01-01", "Samordnare", 50),
        ("2024-03-01", "Coach", 250),
        ("2024-09-01", "Förstärkning", 40),
    ] {
        let s = Staffing {
            from: day(from)?,
            role: role.to_owned(),
            fte,
        };
        let summary = format!(
            "Coachingteamet: {role} {} heltidstjänster från {from}",
            finsam_core::participants::activity::fte_words(fte)
        );
        store
            .add_staffing(Actor::System, (association, application), &s, &summary)
            .await?;
    }
    Ok(())
}

/// The example upload of Coachingteamet's first half-year of 2024.
const COACHING_H1: &[u8] =
    include_bytes!("../../../../examples/deltagare/coachingteamet-2024-h1.csv");

/// The demo's narrative for it (the demo's own words).
const COACHING_H1_TEXT: &str = "Teamet har haft fullt under våren. Fler kvinnor än män har avslutat i förtid; vi följer upp varför tillsammans med Arbetsförmedlingen.";

fn day(text: &str) -> Result<Date, StoreError> {
    parse_day(text).ok_or(StoreError::Unsupported("ett demodatum går inte att läsa"))
}

fn kr(n: i64) -> Money {
    Money::from_ore(n * 100)
}

fn month(year: i32, month: u8) -> YearMonth {
    YearMonth { year, month }
}

/// An insats of the demo.
struct Demo<'a> {
    name: &'a str,
    kind: Kind,
    members: &'a [&'a str],
    purpose: &'a str,
    target: &'a str,
    period: (YearMonth, YearMonth),
    budget: BTreeMap<i32, Money>,
}

impl Demo<'_> {
    fn insats(&self) -> Result<Insats, StoreError> {
        Ok(Insats {
            name: self.name.into(),
            kind: self.kind,
            members: self.members.iter().map(|m| (*m).to_owned()).collect(),
            owner: self.members[0].to_owned(),
            target_groups: vec![self.target.into()],
            purpose: self.purpose.into(),
            period: Period::new(self.period.0, self.period.1)
                .map_err(|_| StoreError::Unsupported("en demoperiod går inte"))?,
            budget: Budget::CalendarYears(self.budget.clone()),
            co_financing: BTreeMap::new(),
            goals: Vec::new(),
            steering_group: vec![
                "Enhetschef hos insatsägaren".into(),
                "Sektionschef Arbetsförmedlingen".into(),
            ],
            registration: Registration {
                orientation: "Arbetslivsinriktad rehabilitering".into(),
                precise_orientation: None,
                follow_up_method: "Deltagare per kön och utfall (aggregerat)".into(),
                esf: false,
            },
        })
    }
}

/// SOFINT's structural insats: Välfärdsguiden, a search engine of welfare services owned by
/// another förbund, which SOFINT joined in 2023 (membership 37 800 kr a year, an editor from
/// March 2024 at 12 600 kr a month: 163 800 kr for 2024, the interim report's figures); granted
/// by the board for 2024 (the day and paragraph are the demo's). Its indicator is the visits to
/// the web site, with the interim report's caution; the target of 30 000 a year is the demo's.
pub async fn welfare_guide(store: &dyn Store, id: AssociationId) -> Result<(), StoreError> {
    use finsam_core::participants::indicator::{Indicator, YearValue};
    let guide = Demo {
        name: "Välfärdsguiden",
        kind: Kind::Structural,
        members: &["region", "af", "fk"],
        purpose: "Sökbar information om välfärdsinsatser i förbundets område för medborgare och handläggare.",
        target: "Medlemmarnas personal",
        period: (month(2024, 1), month(2024, 12)),
        budget: [(2024, kr(163_800))].into(),
    };
    let guide = apply(
        store,
        id,
        (guide, "2023-09-25"),
        vec![
            (
                Event::Decide(granted("2023-10-12", board("§ 32"), &[(2024, 163_800)])?),
                "2023-10-12",
            ),
            (
                Event::SignAgreement {
                    forbund: day("2023-10-24")?,
                    owner: day("2023-11-06")?,
                },
                "2023-11-06",
            ),
        ],
    )
    .await?;
    reports_in(store, id, guide, None).await?;
    let mut visits = Indicator {
        name: "Besök på Välfärdsguiden".into(),
        caution: "Den lokala statistiken avgörs av IP-adressens hemvist, inte av var besökaren bor eller arbetar; en enkät till handläggarna behövs för att veta hur guiden verkligen används.".into(),
        years: Vec::new(),
    };
    for (year, value, target, note) in [
        (2022, 4_304, None, ""),
        (2023, 28_759, Some(30_000), ""),
        (2024, 35_677, Some(30_000), "t.o.m. augusti"),
    ] {
        visits.set(YearValue {
            year,
            value: Some(value),
            target,
            note: note.into(),
        });
    }
    let stored = store.application(id, guide).await?;
    store
        .save_indicator(
            Actor::System,
            (id, guide),
            None,
            &visits,
            &format!(
                "{}: indikatorn Besök på Välfärdsguiden tillagd",
                stored.insats.name
            ),
        )
        .await?;
    Ok(())
}

/// Norrbygden's insats reported quarter by quarter (fictional, like the förbund): Arbetsträning
/// i Sjövik, granted for 2024, its first two quarters' participant reports approved and the
/// third sent in, so the series, its continuity and the year's figures have data.
pub async fn quarterly(store: &dyn Store, id: AssociationId) -> Result<(), StoreError> {
    use finsam_core::participants::{Approval, Counted, ParticipantReport};
    let training = Demo {
        name: "Arbetsträning i Sjövik",
        kind: Kind::Individual,
        members: &["sjovik", "af", "fk"],
        purpose: "Arbetsträning med handledare för personer långt från arbetsmarknaden.",
        target: "Deltagare i arbetsträning",
        period: (month(2024, 1), month(2024, 12)),
        budget: [(2024, kr(640_000))].into(),
    };
    let training = apply(
        store,
        id,
        (training, "2023-10-02"),
        vec![
            (
                Event::Decide(granted("2023-11-30", board("§ 41"), &[(2024, 640_000)])?),
                "2023-11-30",
            ),
            (
                Event::SignAgreement {
                    forbund: day("2023-12-11")?,
                    owner: day("2023-12-13")?,
                },
                "2023-12-13",
            ),
        ],
    )
    .await?;
    let stored = store.application(id, training).await?;
    let outcomes = |work: [u32; 2], other: [u32; 2]| {
        vec![
            (
                "arbete".to_owned(),
                Counted::split(work[0] + work[1], work[0], work[1], 0),
            ),
            (
                "ovrigt".to_owned(),
                Counted::split(other[0] + other[1], other[0], other[1], 0),
            ),
        ]
    };
    // (first day, last day, total, new, finished, ongoing (w, m), outcomes, state)
    let quarters = [
        (
            "2024-01-01",
            "2024-03-31",
            [14, 12],
            [14, 12],
            [4, 3],
            [10, 9],
            ([2, 2], [2, 1]),
            Approval::Approved,
        ),
        (
            "2024-04-01",
            "2024-06-30",
            [16, 15],
            [6, 6],
            [5, 6],
            [11, 9],
            ([3, 4], [2, 2]),
            Approval::Approved,
        ),
        (
            "2024-07-01",
            "2024-09-30",
            [15, 13],
            [4, 4],
            [6, 5],
            [9, 8],
            ([3, 3], [3, 2]),
            Approval::Submitted,
        ),
    ];
    for (from, to, total, new, finished, ongoing, (work, other), state) in quarters {
        let c = |[w, m]: [u32; 2]| Counted::split(w + m, w, m, 0);
        let new_report = finsam_store::NewParticipantReport {
            application: training,
            kind: "Kvartalsrapport".into(),
            from: day(from)?,
            to: day(to)?,
            report: ParticipantReport {
                total: c(total),
                new: c(new),
                finished: c(finished),
                ongoing: c(ongoing),
                outcomes: outcomes(work, other),
                ..Default::default()
            },
        };
        let made = store
            .create_participant_report(
                Actor::System,
                id,
                &new_report,
                &format!(
                    "{}: deltagarrapport för {from}–{to} påbörjad",
                    stored.case_number
                ),
            )
            .await?;
        let received = finsam_store::Receipt {
            application: training,
            kind: new_report.kind.clone(),
            period_end: new_report.to,
            received: Date::from_julian_day(new_report.to.to_julian_day() + 20)
                .unwrap_or(new_report.to),
        };
        let sent = store
            .step_participant_report(
                Actor::System,
                (id, made.id, made.row_version),
                &finsam_store::ReportStep {
                    action: "participants.submit",
                    approval: &Approval::Submitted,
                    receipt: Some(&received),
                },
                &format!(
                    "{}: deltagarrapport för {from}–{to} inskickad",
                    stored.case_number
                ),
            )
            .await?;
        if state == Approval::Approved {
            store
                .step_participant_report(
                    Actor::System,
                    (id, made.id, sent.row_version),
                    &finsam_store::ReportStep {
                        action: "participants.approve",
                        approval: &Approval::Approved,
                        receipt: None,
                    },
                    &format!(
                        "{}: deltagarrapport för {from}–{to} godkänd",
                        stored.case_number
                    ),
                )
                .await?;
        }
    }
    reports_in(store, id, training, None).await?;
    Ok(())
}

/// A signed agreement as the demo keeps it: a one-page PDF saying what it is.
const AGREEMENT_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n4 0 obj<</Length 60>>stream\nBT /F1 14 Tf 72 770 Td (Avtal Coachingteamet, demo) Tj ET\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// Submits `demo` on `submitted` and takes `steps` (each on its day), as the kansli would.
async fn apply(
    store: &dyn Store,
    association: AssociationId,
    (demo, submitted): (Demo<'_>, &str),
    steps: Vec<(Event, &str)>,
) -> Result<finsam_store::ApplicationId, StoreError> {
    let mut stored = store
        .submit_application(
            Actor::System,
            association,
            (&demo.insats()?, &Case::new(day(submitted)?)),
            Submission {
                continuation: None,
                case_format: CASE_FORMAT,
                files: &[],
            },
        )
        .await?;
    for (event, on) in steps {
        let (action, summary) = step_words(&stored.case_number, &event);
        let mut case = stored.case.clone();
        case.record(event, day(on)?)
            .map_err(|_| StoreError::Unsupported("ett demosteg är inte tillåtet"))?;
        stored = store
            .record_step(
                Actor::System,
                association,
                stored.id,
                stored.row_version,
                &case,
                (action, &summary),
            )
            .await?;
    }
    Ok(stored.id)
}

fn granted(on: &str, by: DecidedBy, amounts: &[(i32, i64)]) -> Result<Decision, StoreError> {
    Ok(Decision {
        on: day(on)?,
        by,
        outcome: Outcome::Granted {
            amounts: amounts.iter().map(|(y, a)| (*y, kr(*a))).collect(),
            conditions: Some(
                "Insatsägaren rapporterar deltagare och resultat varje kvartal.".into(),
            ),
        },
    })
}

fn board(paragraph: &str) -> DecidedBy {
    DecidedBy::Board {
        paragraph: paragraph.into(),
    }
}

/// A meeting of the demo: day, kind, times, note.
type DemoMeeting<'a> = (
    &'a str,
    MeetingKind,
    Option<(&'a str, &'a str)>,
    Option<&'a str>,
);

/// The förbund's settings and its meetings, as the demo assumes them.
async fn settings_and_meetings(
    store: &dyn Store,
    association: AssociationId,
    settings: Settings,
    meetings: &[DemoMeeting<'_>],
) -> Result<(), StoreError> {
    store
        .save_settings(Actor::System, association, &settings, 0)
        .await?;
    let clock =
        |t: &str| Clock::parse(t).ok_or(StoreError::Unsupported("en demotid går inte att läsa"));
    for (on, kind, times, note) in meetings {
        let meeting = Meeting {
            on: day(on)?,
            kind: *kind,
            note: note.map(str::to_owned),
            times: match times {
                Some((s, e)) => Some((clock(s)?, clock(e)?)),
                None => None,
            },
        };
        store
            .add_meeting(Actor::System, association, &meeting)
            .await?;
    }
    Ok(())
}

/// SOFINT: Coachingteamet (granted, agreed, running, a tillägg), Rehabmässan (granted on
/// delegation, agreed) and an application waiting for its answer.
pub async fn sofint(store: &dyn Store, id: AssociationId) -> Result<(), StoreError> {
    // The target groups and the delegation limit are the demo's assumptions.
    let settings = Settings {
        target_groups: vec![
            "Unga vuxna 16–29 år".into(),
            "Sjukskrivna 30–64 år".into(),
            "Personer med långvarigt försörjningsstöd".into(),
            "Medlemmarnas personal".into(),
        ],
        delegation_limit: kr(100_000),
        // The interim report follows the insatser up by half-year, so SOFINT asks for one.
        report_kinds: {
            let mut kinds = finsam_core::insats::reports::default_kinds();
            kinds.insert(
                2,
                finsam_core::insats::reports::ReportKind {
                    name: "Halvårsrapport".into(),
                    interval: finsam_core::insats::reports::Interval::HalfYearly,
                    days_after: 30,
                },
            );
            kinds
        },
        ..Settings::default()
    };
    // The seed's year (SOFINT's årsplanering 2024): the board's five meetings, the planning day
    // with the beredningsgrupp, and the beredningsgrupp's four; the meeting of 2023 at which
    // Coachingteamet was granted is the demo's.
    let meetings = [
        ("2023-10-12", MeetingKind::Board, None, Some("Lindesberg")),
        (
            "2024-02-02",
            MeetingKind::Preparation,
            Some(("9:30", "12:00")),
            None,
        ),
        (
            "2024-02-16",
            MeetingKind::Board,
            Some(("9:00", "12:00")),
            None,
        ),
        (
            "2024-05-17",
            MeetingKind::Preparation,
            Some(("9:30", "12:00")),
            None,
        ),
        (
            "2024-05-31",
            MeetingKind::Board,
            Some(("9:00", "12:00")),
            None,
        ),
        (
            "2024-08-23",
            MeetingKind::Preparation,
            Some(("9:30", "12:00")),
            None,
        ),
        (
            "2024-09-06",
            MeetingKind::Board,
            Some(("9:00", "14:00")),
            None,
        ),
        (
            "2024-10-18",
            MeetingKind::PlanningDay,
            Some(("9:00", "16:00")),
            None,
        ),
        (
            "2024-11-01",
            MeetingKind::Preparation,
            Some(("9:30", "12:00")),
            None,
        ),
        (
            "2024-11-15",
            MeetingKind::Board,
            Some(("9:00", "15:00")),
            None,
        ),
    ];
    settings_and_meetings(store, id, settings, &meetings).await?;
    let coaching = Demo {
        name: "Coachingteamet",
        kind: Kind::Individual,
        members: &["lindesberg", "af", "fk"],
        purpose: "Coachning i grupp och enskilt mot arbete eller studier för unga vuxna som står långt från arbetsmarknaden.",
        target: "Unga vuxna 16–29 år",
        period: (month(2024, 1), month(2024, 12)),
        budget: [(2024, kr(2_330_000))].into(),
    };
    let coaching = apply(
        store,
        id,
        (coaching, "2023-09-04"),
        vec![
            (
                Event::Prepare {
                    opinion: Some("Beredningsgruppen tillstyrker.".into()),
                },
                "2023-09-28",
            ),
            (
                Event::Decide(granted("2023-10-12", board("§ 31"), &[(2024, 2_330_000)])?),
                "2023-10-12",
            ),
            (
                Event::SignAgreement {
                    forbund: day("2023-10-20")?,
                    owner: day("2023-11-02")?,
                },
                "2023-11-02",
            ),
            (Event::Start, "2024-01-02"),
            (
                Event::Amend(granted("2024-05-31", board("§ 9"), &[(2024, 2_403_500)])?),
                "2024-05-31",
            ),
        ],
    )
    .await?;
    store
        .add_file(
            Actor::System,
            id,
            coaching,
            ("avtal-coachingteamet.pdf", "application/pdf"),
            AGREEMENT_PDF,
        )
        .await?;
    // 594 752 + 594 751 = 1 189 503 kr, the interim report's sum for January–June.
    pay(
        store,
        id,
        coaching,
        &[
            (
                "2024-01-08",
                "2024-01-10",
                "2024-01-15",
                594_752,
                "januari–mars",
            ),
            (
                "2024-04-02",
                "2024-04-04",
                "2024-04-10",
                594_751,
                "april–juni",
            ),
        ],
    )
    .await?;
    coaching_half_year(store, id, coaching).await?;
    coaching_activities(store, id, coaching).await?;
    reports_in(store, id, coaching, Some(("Kvartalsrapport", "2024-09-30"))).await?;
    let fair = Demo {
        name: "Rehabmässan",
        kind: Kind::Competence,
        members: &["region", "af", "fk"],
        purpose: "En mässa där medlemmarnas personal möter varandras rehabiliteringsstöd.",
        target: "Medlemmarnas personal",
        period: (month(2024, 3), month(2024, 5)),
        budget: [(2024, kr(35_000))].into(),
    };
    let fair = apply(
        store,
        id,
        (fair, "2024-01-22"),
        vec![
            (
                Event::Decide(granted(
                    "2024-02-05",
                    DecidedBy::Delegation,
                    &[(2024, 35_000)],
                )?),
                "2024-02-05",
            ),
            (
                Event::SignAgreement {
                    forbund: day("2024-02-12")?,
                    owner: day("2024-02-14")?,
                },
                "2024-02-14",
            ),
        ],
    )
    .await?;
    pay(
        store,
        id,
        fair,
        &[("2024-05-20", "2024-05-22", "2024-05-31", 35_000, "mässan")],
    )
    .await?;
    reports_in(store, id, fair, None).await?;
    let waiting = Demo {
        name: "Hälsosteget",
        kind: Kind::Individual,
        members: &["nora", "region"],
        purpose: "Hälsofrämjande stöd före arbetsträning för personer med långvarig sjukskrivning.",
        target: "Sjukskrivna 30–64 år",
        period: (month(2025, 1), month(2026, 12)),
        budget: [(2025, kr(450_000)), (2026, kr(450_000))].into(),
    };
    apply(store, id, (waiting, "2024-10-15"), vec![]).await?;
    Ok(())
}

/// Norrbygden: a rejected application with its motivation, and one never answered.
pub async fn norrbygden(store: &dyn Store, id: AssociationId) -> Result<(), StoreError> {
    let settings = Settings {
        target_groups: vec![
            "Unga vuxna 16–29 år".into(),
            "Deltagare i arbetsträning".into(),
            "Nyanlända".into(),
        ],
        rounds: vec![Round {
            name: "Höstomgången 2025".into(),
            closes: day("2025-06-14")?,
            meeting: day("2025-09-18")?,
        }],
        continuation_required: true,
        ..Settings::default()
    };
    let meetings = [
        ("2025-02-27", MeetingKind::Board, None, None),
        ("2025-09-18", MeetingKind::Board, None, None),
    ];
    settings_and_meetings(store, id, settings, &meetings).await?;
    let rejected = Demo {
        name: "Busskort till arbetsträning",
        kind: Kind::Individual,
        members: &["norrby", "af"],
        purpose: "Busskort åt deltagare som reser till arbetsträning.",
        target: "Deltagare i arbetsträning",
        period: (month(2025, 1), month(2025, 12)),
        budget: [(2025, kr(60_000))].into(),
    };
    apply(
        store,
        id,
        (rejected, "2025-01-20"),
        vec![(
            Event::Decide(Decision {
                on: day("2025-02-27")?,
                by: board("§ 14"),
                outcome: Outcome::Rejected {
                    motivation: "Förbundet får inte ge ersättning eller förmåner till enskilda (7 § lagen om finansiell samordning). Resekostnader för deltagare hör till medlemmarnas ordinarie stöd.".into(),
                },
            }),
            "2025-02-27",
        )],
    )
    .await?;
    let unanswered = Demo {
        name: "Unga till arbete, fortsättning",
        kind: Kind::Individual,
        members: &["sjovik", "af", "region"],
        purpose: "En fortsättning av Unga till arbete i Sjövik.",
        target: "Unga vuxna 16–29 år",
        period: (month(2025, 9), month(2026, 8)),
        budget: [(2025, kr(200_000)), (2026, kr(400_000))].into(),
    };
    apply(store, id, (unanswered, "2025-06-02"), vec![]).await?;
    Ok(())
}
