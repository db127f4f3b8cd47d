//! The insats's rules that speak as findings: its parties (domain.md §1: at least two of the
//! förbund's parties, the insatsägare one of them), the 7 § guard (no benefits or payments to
//! individuals), and the register's fixed fields.
//!
//! Parties are counted by kind of body: Försäkringskassan, Arbetsförmedlingen, a region, a
//! municipality. Several municipalities together are one party, as they are when they pay
//! (decision 0009): an insats of two municipalities alone is not samordning between the
//! parties the law names.

use std::collections::BTreeSet;

use super::{Insats, Registration};
use crate::association::{Association, MemberKind};
use crate::finding::{Finding, FindingKind, Severity};
use crate::location::Place;

/// The words that suggest payments to individuals, when the förbund's settings name none.
pub const PAYMENT_WORDS: [&str; 8] = [
    "busskort",
    "ersättning till deltagare",
    "ersättning till deltagarna",
    "lön till deltagare",
    "lön till deltagarna",
    "aktivitetsersättning",
    "fickpengar",
    "kontant",
];

/// The insats's parties checked against the förbund: every member it names is one of the
/// förbund's, the insatsägare is among them, and at least two kinds of party take part.
pub fn parties(insats: &Insats, association: &Association) -> Vec<Finding> {
    let mut out = Vec::new();
    let error = |message: String| {
        Finding::at(
            FindingKind::InsatsParties,
            Severity::Error,
            Place::Row("parter".into()),
            message,
        )
    };
    let mut kinds: BTreeSet<MemberKind> = BTreeSet::new();
    for key in &insats.members {
        match association.member(key) {
            Some(m) => {
                kinds.insert(m.kind);
            }
            None => out.push(error(format!(
                "\"{key}\" är inte medlem i {}; välj insatsens parter bland förbundets medlemmar.",
                association.name
            ))),
        }
    }
    if !insats.members.contains(&insats.owner) {
        out.push(error(
            "Insatsägaren ska vara en av insatsens parter; välj den bland parterna.".to_owned(),
        ));
    }
    if kinds.len() < 2 {
        out.push(error(format!(
            "En insats är samverkan mellan minst två av förbundets parter (Försäkringskassan, \
             Arbetsförmedlingen, regionen, kommunerna); \"{}\" har {}. Lägg till en part.",
            insats.name,
            match kinds.len() {
                0 => "ingen".to_owned(),
                _ => "bara en".to_owned(),
            }
        )));
    }
    out
}

/// Whether `text` suggests benefits or payments to individuals: the first of `words` it
/// contains (case and spacing aside), if any.
pub fn suggests_payments<'w>(text: &str, words: &'w [impl AsRef<str>]) -> Option<&'w str> {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let text = norm(text);
    words
        .iter()
        .map(AsRef::as_ref)
        .find(|w| !w.trim().is_empty() && text.contains(&norm(w)))
}

/// The 7 § guard over the texts of an application or a budget line: a warning for the board to
/// consider, naming the word and where it stands, for each text that suggests payments to
/// individuals.
pub fn payments_to_individuals<'t>(
    texts: impl IntoIterator<Item = (&'t str, &'t str)>,
    words: &[impl AsRef<str>],
) -> Vec<Finding> {
    texts
        .into_iter()
        .filter_map(|(place, text)| {
            suggests_payments(text, words).map(|w| {
                Finding::at(
                    FindingKind::PaymentsToIndividuals,
                    Severity::Warning,
                    Place::Row(place.to_owned()),
                    format!(
                        "{place}: \"{w}\" kan tyda på ersättning eller förmåner till enskilda, \
                         som ett samordningsförbund inte får ge (7 § lagen om finansiell \
                         samordning). Styrelsen bör pröva det före beslut."
                    ),
                )
            })
        })
        .collect()
}

/// The register's rule: inriktning, uppföljningsmetod and ESF financing stay as registered.
/// The Swedish message names the first that changed.
pub fn registration_kept(before: &Registration, after: &Registration) -> Result<(), String> {
    let fixed = [
        ("inriktningen", before.orientation != after.orientation),
        (
            "uppföljningsmetoden",
            before.follow_up_method != after.follow_up_method,
        ),
        ("ESF-finansieringen", before.esf != after.esf),
    ];
    match fixed.iter().find(|(_, changed)| *changed) {
        Some((what, _)) => Err(format!(
            "Uppföljning Finsam tillåter inte att {what} ändras efter att insatsen registrerats; \
             registrera en ny insats om den ska ändras."
        )),
        None => Ok(()),
    }
}
