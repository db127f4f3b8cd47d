//! Participants, counted (issue 14, first part; domain.md §6): an insats's report for a period
//! holds counts by gender, never people. The checks here find the report's figures that
//! disagree with each other, each finding placed at the cell to look at: SOFINT's interim
//! report prints 65 ongoing where 103 − 35 = 68.
//!
//! A cell is named `rad.kön` (`pagaende.totalt`, `nya.kvinnor`, `utfall:arbete.totalt`): the
//! row, a dot, and the column, as the report form and the upload template name them.

use crate::finding::{Finding, FindingKind, Severity};
use crate::fraction::Fraction;
use crate::location::Place;

/// A count by gender, with the total as reported. A split not reported is `None` (SOFINT prints
/// the ongoing as a total only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counted {
    /// The total as reported.
    pub total: u32,
    /// Women, men and other or not stated, when reported.
    pub split: Option<[u32; 3]>,
}

impl Counted {
    /// A total with its split.
    pub fn split(total: u32, women: u32, men: u32, other: u32) -> Counted {
        Counted {
            total,
            split: Some([women, men, other]),
        }
    }

    /// A total alone.
    pub fn total(total: u32) -> Counted {
        Counted { total, split: None }
    }
}

/// The genders a count is split by, with the column's word.
pub const GENDERS: [(usize, &str, &str); 3] = [
    (0, "kvinnor", "kvinnor"),
    (1, "man", "män"),
    (2, "annat", "annat eller ej angivet"),
];

/// An outcome of those who finished, as the förbund lists them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeKind {
    /// Its key (`arbete`).
    pub key: String,
    /// Its name ("Arbete").
    pub name: String,
    /// Whether it counts as a step forward (stegförflyttning).
    pub step_forward: bool,
}

/// The outcomes a förbund has before it sets its own: the former national register's, with
/// work, studies, job seeking and the agencies' programmes as steps forward.
pub fn default_outcomes() -> Vec<OutcomeKind> {
    [
        ("arbete", "Arbete", true),
        ("studier", "Studier", true),
        ("arbetssokande", "Arbetssökande", true),
        ("program", "Myndigheternas program (AF, FK)", true),
        ("annan-insats", "Annan insats", false),
        ("remittent", "Åter till remittent", false),
        ("avbrott", "Avbrott", false),
        ("ovrigt", "Övrigt", false),
    ]
    .into_iter()
    .map(|(k, n, s)| OutcomeKind {
        key: k.to_owned(),
        name: n.to_owned(),
        step_forward: s,
    })
    .collect()
}

/// An insats's participant report for one period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParticipantReport {
    /// Everyone taking part in the period.
    pub total: Counted,
    /// New in the period.
    pub new: Counted,
    /// Finished in the period.
    pub finished: Counted,
    /// Still taking part at the period's end.
    pub ongoing: Counted,
    /// What became of the finished, by outcome key.
    pub outcomes: Vec<(String, Counted)>,
}

/// The report's rows by key and label, in order.
pub const ROWS: [(&str, &str); 4] = [
    ("totalt", "Totalt antal deltagare"),
    ("nya", "Nya deltagare"),
    ("avslutade", "Avslutade deltagare"),
    ("pagaende", "Pågående deltagare"),
];

fn finding(cell: String, message: String) -> Finding {
    Finding::at(
        FindingKind::ParticipantCounts,
        Severity::Error,
        Place::Row(cell),
        message,
    )
}

/// A row's gender split against its total.
fn split_check(row: &str, label: &str, c: Counted, out: &mut Vec<Finding>) {
    if let Some([w, m, o]) = c.split {
        let sum = u64::from(w) + u64::from(m) + u64::from(o);
        if sum != u64::from(c.total) {
            out.push(finding(
                format!("{row}.totalt"),
                format!(
                    "{label}: totalt {} men kvinnor {w} + män {m} + annat {o} = {sum}. Rätta totalen eller fördelningen.",
                    c.total
                ),
            ));
        }
    }
}

impl ParticipantReport {
    /// The row's count by its key (`pagaende`; `utfall:arbete`).
    pub fn row(&self, key: &str) -> Option<Counted> {
        match key {
            "totalt" => Some(self.total),
            "nya" => Some(self.new),
            "avslutade" => Some(self.finished),
            "pagaende" => Some(self.ongoing),
            _ => key
                .strip_prefix("utfall:")
                .and_then(|k| self.outcomes.iter().find(|(o, _)| o == k))
                .map(|(_, c)| *c),
        }
    }

    /// What does not add up, each finding at its cell: every split against its total; the new
    /// and the finished within the total; the ongoing at the end = total − finished; the
    /// outcomes add up to the finished (when any are reported).
    pub fn check(&self) -> Vec<Finding> {
        let mut out = Vec::new();
        for (key, label) in ROWS {
            if let Some(c) = self.row(key) {
                split_check(key, label, c, &mut out);
            }
        }
        for (key, c) in &self.outcomes {
            split_check(
                &format!("utfall:{key}"),
                &format!("Utfall {key}"),
                *c,
                &mut out,
            );
        }
        for (key, label, c) in [
            ("nya", "Nya", self.new),
            ("avslutade", "Avslutade", self.finished),
        ] {
            if c.total > self.total.total {
                out.push(finding(
                    format!("{key}.totalt"),
                    format!(
                        "{label} {} är fler än totalt antal deltagare {}.",
                        c.total, self.total.total
                    ),
                ));
            }
        }
        let expected = i64::from(self.total.total) - i64::from(self.finished.total);
        if i64::from(self.ongoing.total) != expected {
            out.push(finding(
                "pagaende.totalt".to_owned(),
                format!(
                    "Pågående deltagare {}, men totalt {} − avslutade {} = {expected}. Rätta någon av de tre.",
                    self.ongoing.total, self.total.total, self.finished.total
                ),
            ));
        }
        if !self.outcomes.is_empty() {
            let sum: u64 = self.outcomes.iter().map(|(_, c)| u64::from(c.total)).sum();
            if sum != u64::from(self.finished.total) {
                out.push(finding(
                    "avslutade.totalt".to_owned(),
                    format!(
                        "Utfallen för de avslutade är {sum} tillsammans, men avslutade deltagare är {}.",
                        self.finished.total
                    ),
                ));
            }
        }
        out
    }

    /// Stegförflyttning: the finished whose outcome counts as a step forward, of all finished;
    /// none when nobody finished.
    pub fn step_forward(&self, kinds: &[OutcomeKind]) -> Option<Fraction> {
        let forward: u32 = self
            .outcomes
            .iter()
            .filter(|(k, _)| kinds.iter().any(|o| &o.key == k && o.step_forward))
            .map(|(_, c)| c.total)
            .sum();
        Fraction::new(i128::from(forward), i128::from(self.finished.total))
    }
}

/// Where a report stands on its way from the insatsägare to the kansli (Akvo RSR's updates):
/// utkast → inskickad → godkänd, or back as återsänd with the kansli's comment and in again. An
/// approved report is locked; reopening it is the kansli's, and audited by the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Approval {
    /// Being written by the insatsägare.
    Draft,
    /// Sent to the kansli.
    Submitted,
    /// Sent back by the kansli, with what to correct.
    Returned {
        /// The kansli's comment.
        comment: String,
    },
    /// Approved: the period is locked.
    Approved,
}

/// A step of a report's way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApprovalStep {
    /// The insatsägare sends it in.
    Submit,
    /// The kansli sends it back with a comment.
    Return(String),
    /// The kansli approves it.
    Approve,
    /// The kansli opens an approved report again.
    Reopen,
}

impl Approval {
    /// The word: `utkast`, `inskickad`, `atersand`, `godkand`.
    pub fn word(&self) -> &'static str {
        match self {
            Approval::Draft => "utkast",
            Approval::Submitted => "inskickad",
            Approval::Returned { .. } => "atersand",
            Approval::Approved => "godkand",
        }
    }

    /// As people say it.
    pub fn label(&self) -> &'static str {
        match self {
            Approval::Draft => "utkast",
            Approval::Submitted => "inskickad",
            Approval::Returned { .. } => "återsänd",
            Approval::Approved => "godkänd",
        }
    }

    /// Whether the figures may be changed: a draft or a returned report, never one sent in or
    /// approved.
    pub fn editable(&self) -> bool {
        matches!(self, Approval::Draft | Approval::Returned { .. })
    }

    /// The state after `step`, or why the step cannot be taken now, in Swedish. A report is
    /// sent in only without findings (`findings`: how many its checks give), returned only with
    /// a comment, approved only when sent in.
    pub fn after(&self, step: &ApprovalStep, findings: usize) -> Result<Approval, String> {
        match (self, step) {
            (Approval::Draft | Approval::Returned { .. }, ApprovalStep::Submit) => {
                if findings > 0 {
                    Err(format!(
                        "Rapporten har {findings} {} som inte stämmer; rätta {} innan den skickas in.",
                        if findings == 1 { "siffra" } else { "siffror" },
                        if findings == 1 { "den" } else { "dem" }
                    ))
                } else {
                    Ok(Approval::Submitted)
                }
            }
            (Approval::Submitted, ApprovalStep::Return(comment)) => {
                if comment.trim().is_empty() {
                    Err("Skriv vad som ska rättas när rapporten skickas tillbaka.".to_owned())
                } else {
                    Ok(Approval::Returned {
                        comment: comment.trim().to_owned(),
                    })
                }
            }
            (Approval::Submitted, ApprovalStep::Approve) => Ok(Approval::Approved),
            (Approval::Approved, ApprovalStep::Reopen) => Ok(Approval::Draft),
            (from, step) => Err(format!(
                "Rapporten är {}; {} går inte nu.",
                from.label(),
                match step {
                    ApprovalStep::Submit => "att skicka in den",
                    ApprovalStep::Return(_) => "att skicka tillbaka den",
                    ApprovalStep::Approve => "att godkänna den",
                    ApprovalStep::Reopen => "att öppna den igen",
                }
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// SOFINT's interim report, Coachingteamet January–June 2024, as printed: the agencies'
    /// programmes, work and studies counted together (13), back to the referring agency 22.
    fn sofint() -> ParticipantReport {
        ParticipantReport {
            total: Counted::split(103, 56, 47, 0),
            new: Counted::split(38, 18, 20, 0),
            finished: Counted::split(35, 19, 16, 0),
            ongoing: Counted::total(65),
            outcomes: vec![
                ("program".into(), Counted::total(13)),
                ("remittent".into(), Counted::total(22)),
            ],
        }
    }

    #[test]
    fn sofints_ongoing_65_is_the_one_finding_68_is_right() {
        let findings = sofint().check();
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].place, Place::Row("pagaende.totalt".into()));
        assert!(
            findings[0]
                .message
                .contains("Pågående deltagare 65, men totalt 103 − avslutade 35 = 68"),
            "{}",
            findings[0].message
        );
        let mut fixed = sofint();
        fixed.ongoing = Counted::total(68);
        assert!(fixed.check().is_empty());
    }

    #[test]
    fn sofints_step_forward_is_37_per_cent_against_55() {
        let rate = sofint()
            .step_forward(&default_outcomes())
            .expect("some finished");
        assert_eq!(crate::format::percent(rate, 0), "37 %");
        let goal = Fraction::new(55, 100).expect("a share");
        assert!(rate < goal);
    }

    /// A consistent report: totals, splits, ongoing and outcomes all agree.
    fn consistent() -> impl Strategy<Value = ParticipantReport> {
        (0u32..60, 0u32..60, 0u32..5, 0u32..100)
            .prop_flat_map(|(w, m, o, f)| {
                let total = w + m + o;
                let finished = f.min(total);
                (Just((w, m, o, total, finished)), 0..=finished, 0..=total)
            })
            .prop_map(|((w, m, o, total, finished), to_work, new)| {
                // The finished split as far as each gender allows.
                let fw = finished.min(w);
                let fm = (finished - fw).min(m);
                let fo = finished - fw - fm;
                ParticipantReport {
                    total: Counted::split(total, w, m, o),
                    new: Counted::total(new),
                    finished: Counted::split(finished, fw, fm, fo),
                    ongoing: Counted::total(total - finished),
                    outcomes: vec![
                        ("arbete".into(), Counted::total(to_work)),
                        ("ovrigt".into(), Counted::total(finished - to_work)),
                    ],
                }
            })
    }

    #[test]
    fn a_report_goes_in_back_in_again_and_is_approved_then_locked() {
        let draft = Approval::Draft;
        let e = draft.after(&ApprovalStep::Submit, 1).unwrap_err();
        assert!(e.contains("1 siffra som inte stämmer"), "{e}");
        let sent = draft.after(&ApprovalStep::Submit, 0).unwrap();
        assert!(!sent.editable());
        assert!(sent.after(&ApprovalStep::Return("  ".into()), 0).is_err());
        let back = sent
            .after(&ApprovalStep::Return("Pågående ska vara 68.".into()), 0)
            .unwrap();
        assert!(back.editable());
        assert_eq!(back.label(), "återsänd");
        let again = back.after(&ApprovalStep::Submit, 0).unwrap();
        let approved = again.after(&ApprovalStep::Approve, 0).unwrap();
        assert!(!approved.editable(), "an approved period is locked");
        assert!(approved.after(&ApprovalStep::Submit, 0).is_err());
        assert!(
            Approval::Draft
                .after(&ApprovalStep::Approve, 0)
                .unwrap_err()
                .contains("utkast")
        );
        assert_eq!(
            approved.after(&ApprovalStep::Reopen, 0),
            Ok(Approval::Draft)
        );
    }

    proptest! {
        #[test]
        fn a_consistent_report_has_no_finding(r in consistent()) {
            prop_assert!(r.check().is_empty(), "{:?}", r.check());
        }

        /// Changing the ongoing, or any total of a split row, is found at that cell.
        #[test]
        fn a_changed_cell_is_found_where_it_is(r in consistent(), by in 1u32..5, which in 0usize..3) {
            let mut changed = r.clone();
            let cell = match which {
                0 => { changed.ongoing.total += by; "pagaende.totalt" }
                1 => { changed.total.split = changed.total.split.map(|[w, m, o]| [w + by, m, o]); "totalt.totalt" }
                _ => { changed.outcomes[0].1.total += by; "avslutade.totalt" }
            };
            let found = changed.check();
            prop_assert!(!found.is_empty());
            prop_assert!(found.iter().any(|f| f.place == Place::Row(cell.into())), "{found:?}");
        }
    }
}
