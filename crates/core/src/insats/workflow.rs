//! The way from an application to a decision and an agreement, as one state machine:
//!
//! ```text
//! inkommen ─┬─ komplettering begärd ── inkommen igen ─┐
//!           ├──────────────────────────────────────────┼─ beredd ─┐
//!           └──────────────────────────────────────────┴──────────┴─ beslut ─┬─ beviljad ─ avtal ─ pågående ─ avslutad
//!                                                                            └─ avslagen
//! återkallad: by the applicant at any point before the decision
//! tillägg: a further decision on a granted insats that raises or lowers the grant
//! ```
//!
//! A [`Case`] is the application's history; [`Case::apply`] decides whether an [`Event`] may
//! happen now and what it leads to, or says in Swedish why not. Nothing else changes a case, so
//! the rules hold for every stored history: no agreement without a grant, no rejection without a
//! written motivation, no step dated before the one before it.

use std::collections::BTreeMap;

use crate::budget::Year;
use crate::money::Money;
use crate::plan::Date;

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// Inkommen: submitted, with a case number.
    Received,
    /// Komplettering begärd: the kansli asked for what is missing.
    CompletionRequested,
    /// Inkommen igen: completed by the applicant.
    Resubmitted,
    /// Beredd: prepared for decision (the beredningsgrupp's opinion, if any).
    Prepared,
    /// Beviljad: granted, the whole amount or part of it.
    Granted,
    /// Avslagen: rejected, with a written motivation.
    Rejected,
    /// Avtal: the agreement signed by both parties.
    Agreed,
    /// Pågående: the insats runs.
    Running,
    /// Avslutad: the final report is in.
    Closed,
    /// Återkallad: withdrawn by the applicant before the decision.
    Withdrawn,
}

impl State {
    /// Every state with its word, in the order of the way.
    pub const ALL: [(State, &'static str); 10] = [
        (State::Received, "inkommen"),
        (State::CompletionRequested, "komplettering-begard"),
        (State::Resubmitted, "inkommen-igen"),
        (State::Prepared, "beredd"),
        (State::Granted, "beviljad"),
        (State::Rejected, "avslagen"),
        (State::Agreed, "avtal"),
        (State::Running, "pagaende"),
        (State::Closed, "avslutad"),
        (State::Withdrawn, "aterkallad"),
    ];

    /// The word stored and used in addresses.
    pub fn word(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("", |(_, w)| w)
    }

    /// Reads the word.
    pub fn from_word(word: &str) -> Option<State> {
        Self::ALL.iter().find(|(_, w)| *w == word).map(|(s, _)| *s)
    }

    /// As people say it: "komplettering begärd".
    pub fn label(self) -> &'static str {
        match self {
            State::Received => "inkommen",
            State::CompletionRequested => "komplettering begärd",
            State::Resubmitted => "inkommen igen",
            State::Prepared => "beredd",
            State::Granted => "beviljad",
            State::Rejected => "avslagen",
            State::Agreed => "avtal tecknat",
            State::Running => "pågående",
            State::Closed => "avslutad",
            State::Withdrawn => "återkallad",
        }
    }

    /// Not yet decided (and not withdrawn): the answer deadline runs.
    pub fn awaits_decision(self) -> bool {
        matches!(
            self,
            State::Received | State::CompletionRequested | State::Resubmitted | State::Prepared
        )
    }

    /// Granted and not closed: the grant can be amended and money paid.
    pub fn is_granted(self) -> bool {
        matches!(self, State::Granted | State::Agreed | State::Running)
    }
}

/// Who took a decision.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "BeslutatAv")]
pub enum DecidedBy {
    /// The board at a meeting (held on the decision's day), under a paragraph ("§ 12").
    #[serde(rename = "styrelsen")]
    Board {
        /// The paragraph of the minutes.
        #[serde(rename = "paragraf")]
        paragraph: String,
    },
    /// The förbundschef on delegation, within the förbund's limit.
    #[serde(rename = "delegation")]
    Delegation,
}

/// What was decided.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Beslutsutfall")]
pub enum Outcome {
    /// Beviljad: an amount per calendar year (the whole of what was asked, or part of it).
    #[serde(rename = "beviljad")]
    Granted {
        /// The amounts granted.
        #[serde(rename = "belopp", with = "super::serial::years")]
        #[schemars(with = "BTreeMap<String, Money>")]
        amounts: BTreeMap<Year, Money>,
        /// Conditions, if any.
        #[serde(rename = "villkor", default)]
        conditions: Option<String>,
    },
    /// Avslagen, with the written motivation the applicant is given.
    #[serde(rename = "avslagen")]
    Rejected {
        /// Why.
        #[serde(rename = "motivering")]
        motivation: String,
    },
}

/// A decision on an application, or a tillägg to one.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Insatsbeslut")]
pub struct Decision {
    /// The day it was taken.
    #[serde(rename = "dag", with = "super::serial::day")]
    #[schemars(with = "String")]
    pub on: Date,
    /// By whom.
    #[serde(rename = "av")]
    pub by: DecidedBy,
    /// What.
    #[serde(rename = "utfall")]
    pub outcome: Outcome,
}

impl Decision {
    /// The amounts granted, if it grants.
    pub fn granted(&self) -> Option<&BTreeMap<Year, Money>> {
        match &self.outcome {
            Outcome::Granted { amounts, .. } => Some(amounts),
            Outcome::Rejected { .. } => None,
        }
    }
}

/// Something that happens to an application.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(tag = "handelse")]
#[schemars(rename = "Handelse")]
pub enum Event {
    /// The kansli asks for what is missing, by a day.
    #[serde(rename = "begar-komplettering")]
    RequestCompletion {
        /// What is missing.
        #[serde(rename = "saknas")]
        missing: String,
        /// The last day for the completion.
        #[serde(rename = "senast", with = "super::serial::day")]
        #[schemars(with = "String")]
        by: Date,
    },
    /// The applicant completes the application.
    #[serde(rename = "kompletterad")]
    Complete,
    /// Prepared for decision, with the beredningsgrupp's opinion if it gave one.
    #[serde(rename = "beredd")]
    Prepare {
        /// The opinion.
        #[serde(rename = "yttrande", default)]
        opinion: Option<String>,
    },
    /// The decision.
    #[serde(rename = "beslut")]
    Decide(Decision),
    /// A tillägg: a further decision that raises or lowers the grant.
    #[serde(rename = "tillagg")]
    Amend(Decision),
    /// The agreement, signed by the förbund and by the insatsägare.
    #[serde(rename = "avtal")]
    SignAgreement {
        /// The day the förbund signed.
        #[serde(rename = "forbundet", with = "super::serial::day")]
        #[schemars(with = "String")]
        forbund: Date,
        /// The day the insatsägare signed.
        #[serde(rename = "insatsagaren", with = "super::serial::day")]
        #[schemars(with = "String")]
        owner: Date,
    },
    /// The insats starts.
    #[serde(rename = "start")]
    Start,
    /// The final report is in.
    #[serde(rename = "avslutad")]
    Close {
        /// The day it came.
        #[serde(rename = "slutrapport", with = "super::serial::day")]
        #[schemars(with = "String")]
        final_report: Date,
    },
    /// The applicant withdraws the application.
    #[serde(rename = "aterkallad")]
    Withdraw,
}

impl Event {
    /// The word stored for it.
    pub fn word(&self) -> &'static str {
        match self {
            Event::RequestCompletion { .. } => "begar-komplettering",
            Event::Complete => "kompletterad",
            Event::Prepare { .. } => "beredd",
            Event::Decide(_) => "beslut",
            Event::Amend(_) => "tillagg",
            Event::SignAgreement { .. } => "avtal",
            Event::Start => "start",
            Event::Close { .. } => "avslutad",
            Event::Withdraw => "aterkallad",
        }
    }

    /// What it does, as the start of a sentence: "Att begära komplettering".
    fn doing(&self) -> &'static str {
        match self {
            Event::RequestCompletion { .. } => "Att begära komplettering",
            Event::Complete => "Att komplettera ansökan",
            Event::Prepare { .. } => "Att bereda ansökan",
            Event::Decide(_) => "Att besluta om ansökan",
            Event::Amend(_) => "Ett tilläggsbeslut",
            Event::SignAgreement { .. } => "Att teckna avtal",
            Event::Start => "Att starta insatsen",
            Event::Close { .. } => "Att avsluta insatsen",
            Event::Withdraw => "Att återkalla ansökan",
        }
    }

    /// The state it leads to from `from`, if it may happen there at all (dates and contents
    /// aside): the table of the state machine.
    pub fn leads(&self, from: State) -> Option<State> {
        use State as S;
        match (self, from) {
            (Event::RequestCompletion { .. }, S::Received | S::Resubmitted | S::Prepared) => {
                Some(S::CompletionRequested)
            }
            (Event::Complete, S::CompletionRequested) => Some(S::Resubmitted),
            (Event::Prepare { .. }, S::Received | S::Resubmitted) => Some(S::Prepared),
            (Event::Decide(d), S::Received | S::Resubmitted | S::Prepared) => {
                Some(match d.outcome {
                    Outcome::Granted { .. } => S::Granted,
                    Outcome::Rejected { .. } => S::Rejected,
                })
            }
            (Event::Amend(_), s) if s.is_granted() => Some(s),
            (Event::SignAgreement { .. }, S::Granted) => Some(S::Agreed),
            (Event::Start, S::Agreed) => Some(S::Running),
            (Event::Close { .. }, S::Running) => Some(S::Closed),
            (Event::Withdraw, s) if s.awaits_decision() => Some(S::Withdrawn),
            _ => None,
        }
    }
}

/// One step of an application's history: what happened, when (the day it was recorded), and
/// the states before and after. Who did it is the audit log's (the store writes both at once).
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Steg")]
pub struct Transition {
    /// The state before.
    #[serde(rename = "fran")]
    pub from: State,
    /// The state after.
    #[serde(rename = "till")]
    pub to: State,
    /// The day it was recorded.
    #[serde(rename = "dag", with = "super::serial::day")]
    #[schemars(with = "String")]
    pub at: Date,
    /// What happened.
    #[serde(rename = "vad")]
    pub event: Event,
}

/// Why an event may not happen, in Swedish, saying what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    /// Not from this state.
    #[error("{doing} går inte när ansökan är {state}; det går när den är {allowed}.")]
    NotNow {
        /// What was tried.
        doing: &'static str,
        /// The state, in words.
        state: &'static str,
        /// The states it may happen in, in words.
        allowed: String,
    },
    /// Not from this state, nor from any.
    #[error("{doing} går inte när ansökan är {state}.")]
    Never {
        /// What was tried.
        doing: &'static str,
        /// The state, in words.
        state: &'static str,
    },
    /// Dated before the step before it.
    #[error("Händelsen är daterad {at}, före föregående steg ({last}); ange rätt datum.")]
    BeforeLast {
        /// Its day.
        at: Date,
        /// The day of the step before.
        last: Date,
    },
    /// A rejection without a motivation.
    #[error("Ett avslag ska motiveras skriftligt; skriv motiveringen som sökanden får.")]
    NoMotivation,
    /// A grant of nothing.
    #[error("Ett beviljande ska ange ett belopp för minst ett år; skriv beloppen.")]
    NothingGranted,
    /// A negative amount granted.
    #[error("Beloppet för {year} är negativt; ett beviljat belopp är noll eller mer.")]
    NegativeGrant {
        /// The year.
        year: Year,
    },
    /// A tillägg that rejects.
    #[error(
        "Ett tilläggsbeslut ändrar det beviljade beloppet; det kan inte vara ett avslag. Skriv de nya beloppen."
    )]
    AmendmentRejects,
    /// A request for completion that does not say what is missing.
    #[error("Skriv vad som saknas i ansökan.")]
    NothingMissing,
    /// A completion deadline that is not after the request.
    #[error("Sista dag för kompletteringen ({by}) ska vara efter i dag ({at}).")]
    CompletionDue {
        /// The deadline given.
        by: Date,
        /// The day of the request.
        at: Date,
    },
    /// A decision dated before the application came in.
    #[error("Beslutsdagen {on} är före ansökan kom in ({submitted}); ange rätt beslutsdag.")]
    DecidedBeforeApplied {
        /// The decision's day.
        on: Date,
        /// The application's day.
        submitted: Date,
    },
    /// A date after the day the step is recorded.
    #[error("{what} {on} är efter i dag ({at}); registrera det när det har hänt.")]
    InTheFuture {
        /// What the date is.
        what: &'static str,
        /// The date.
        on: Date,
        /// The day of recording.
        at: Date,
    },
    /// An agreement signed before the decision.
    #[error(
        "Avtalet är undertecknat {signed}, före beslutet {decided}; ett avtal tecknas efter beslutet."
    )]
    SignedBeforeDecision {
        /// The earlier signature.
        signed: Date,
        /// The decision's day.
        decided: Date,
    },
    /// A final report before the insats started.
    #[error("Slutrapporten är daterad {on}, före avtalet ({agreed}); ange rätt datum.")]
    ReportBeforeAgreement {
        /// The report's day.
        on: Date,
        /// The agreement's day.
        agreed: Date,
    },
}

/// An application's history.
#[derive(
    Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[schemars(rename = "Arende")]
pub struct Case {
    /// The day it came in.
    #[serde(rename = "inkom", with = "super::serial::day")]
    #[schemars(with = "String")]
    pub submitted: Date,
    /// What happened since, in order.
    #[serde(rename = "historik")]
    pub history: Vec<Transition>,
}

impl Case {
    /// A case submitted on `submitted`, with nothing happened yet.
    pub fn new(submitted: Date) -> Case {
        Case {
            submitted,
            history: Vec::new(),
        }
    }

    /// Where it stands.
    pub fn state(&self) -> State {
        self.history.last().map_or(State::Received, |t| t.to)
    }

    /// The day of its latest step (the submission before any).
    pub fn last_day(&self) -> Date {
        self.history.last().map_or(self.submitted, |t| t.at)
    }

    /// The decision, once taken.
    pub fn decision(&self) -> Option<&Decision> {
        self.history.iter().find_map(|t| match &t.event {
            Event::Decide(d) => Some(d),
            _ => None,
        })
    }

    /// Every decision on it, the first and then the tillägg, in order.
    pub fn decisions(&self) -> impl Iterator<Item = &Decision> {
        self.history.iter().filter_map(|t| match &t.event {
            Event::Decide(d) | Event::Amend(d) => Some(d),
            _ => None,
        })
    }

    /// The tilläggsbeslut, in order.
    pub fn amendments(&self) -> impl Iterator<Item = &Decision> {
        self.history.iter().filter_map(|t| match &t.event {
            Event::Amend(d) => Some(d),
            _ => None,
        })
    }

    /// What is granted now: the latest tillägg's amounts, or else the decision's.
    pub fn granted(&self) -> Option<&BTreeMap<Year, Money>> {
        self.amendments()
            .last()
            .or_else(|| self.decision())
            .and_then(Decision::granted)
    }

    /// The day the application was answered (a request for completion, or the decision),
    /// for the two-month rule.
    pub fn answered(&self) -> Option<Date> {
        self.history.iter().find_map(|t| match &t.event {
            Event::RequestCompletion { .. } => Some(t.at),
            Event::Decide(d) => Some(d.on),
            _ => None,
        })
    }

    /// The day the agreement was signed by both parties (the later signature).
    pub fn agreed(&self) -> Option<Date> {
        self.history.iter().find_map(|t| match &t.event {
            Event::SignAgreement { forbund, owner } => Some((*forbund).max(*owner)),
            _ => None,
        })
    }

    /// Whether `event`, recorded on `at`, may happen now, and the step it makes; the reason in
    /// Swedish when not. The case does not change: see [`Case::record`].
    pub fn apply(&self, event: Event, at: Date) -> Result<Transition, WorkflowError> {
        let from = self.state();
        let Some(to) = event.leads(from) else {
            let allowed: Vec<&str> = State::ALL
                .iter()
                .filter(|(s, _)| event.leads(*s).is_some())
                .map(|(s, _)| s.label())
                .collect();
            return Err(if allowed.is_empty() {
                WorkflowError::Never {
                    doing: event.doing(),
                    state: from.label(),
                }
            } else {
                WorkflowError::NotNow {
                    doing: event.doing(),
                    state: from.label(),
                    allowed: words_list(&allowed),
                }
            });
        };
        let last = self.last_day();
        if at < last {
            return Err(WorkflowError::BeforeLast { at, last });
        }
        self.contents(&event, at)?;
        Ok(Transition {
            from,
            to,
            at,
            event,
        })
    }

    /// The event's own contents checked: a motivation for a rejection, amounts for a grant,
    /// dates in order.
    fn contents(&self, event: &Event, at: Date) -> Result<(), WorkflowError> {
        match event {
            Event::RequestCompletion { missing, by } => {
                if missing.trim().is_empty() {
                    return Err(WorkflowError::NothingMissing);
                }
                if *by <= at {
                    return Err(WorkflowError::CompletionDue { by: *by, at });
                }
            }
            Event::Decide(d) | Event::Amend(d) => {
                if d.on < self.submitted {
                    return Err(WorkflowError::DecidedBeforeApplied {
                        on: d.on,
                        submitted: self.submitted,
                    });
                }
                if d.on > at {
                    return Err(WorkflowError::InTheFuture {
                        what: "Beslutsdagen",
                        on: d.on,
                        at,
                    });
                }
                match &d.outcome {
                    Outcome::Rejected { .. } if matches!(event, Event::Amend(_)) => {
                        return Err(WorkflowError::AmendmentRejects);
                    }
                    Outcome::Rejected { motivation } if motivation.trim().is_empty() => {
                        return Err(WorkflowError::NoMotivation);
                    }
                    Outcome::Rejected { .. } => {}
                    Outcome::Granted { amounts, .. } => {
                        if let Some((year, _)) = amounts.iter().find(|(_, m)| m.is_negative()) {
                            return Err(WorkflowError::NegativeGrant { year: *year });
                        }
                        // A tillägg may lower the grant to nothing; a first grant grants something.
                        if matches!(event, Event::Decide(_))
                            && amounts.values().all(|m| m.is_zero())
                        {
                            return Err(WorkflowError::NothingGranted);
                        }
                    }
                }
                if let (Event::Amend(_), Some(first)) = (event, self.decision())
                    && d.on < first.on
                {
                    return Err(WorkflowError::BeforeLast {
                        at: d.on,
                        last: first.on,
                    });
                }
            }
            Event::SignAgreement { forbund, owner } => {
                let decided = self.decision().map_or(self.submitted, |d| d.on);
                let first = (*forbund).min(*owner);
                if first < decided {
                    return Err(WorkflowError::SignedBeforeDecision {
                        signed: first,
                        decided,
                    });
                }
                let latest = (*forbund).max(*owner);
                if latest > at {
                    return Err(WorkflowError::InTheFuture {
                        what: "Underskriften",
                        on: latest,
                        at,
                    });
                }
            }
            Event::Close { final_report } => {
                let agreed = self.agreed().unwrap_or(self.submitted);
                if *final_report < agreed {
                    return Err(WorkflowError::ReportBeforeAgreement {
                        on: *final_report,
                        agreed,
                    });
                }
                if *final_report > at {
                    return Err(WorkflowError::InTheFuture {
                        what: "Slutrapporten",
                        on: *final_report,
                        at,
                    });
                }
            }
            Event::Complete | Event::Prepare { .. } | Event::Start | Event::Withdraw => {}
        }
        Ok(())
    }

    /// Records `event` on `at` if it may happen (see [`Case::apply`]); the case is unchanged
    /// when it may not.
    pub fn record(&mut self, event: Event, at: Date) -> Result<&Transition, WorkflowError> {
        let t = self.apply(event, at)?;
        self.history.push(t);
        Ok(self.history.last().expect("just pushed"))
    }
}

/// "a, b eller c".
fn words_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} eller {last}", init.join(", ")),
    }
}
