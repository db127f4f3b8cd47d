//! The audit log as an auditor reads it: each event in Swedish words, Swedish local time, the
//! name of who did it and the details of what changed. The store keeps the event with its code
//! and its values before and after; this module words it once for the page, the CSV and XLSX
//! files and anything else that shows the log.

use std::collections::BTreeMap;

use finsam_core::format::kr_with_unit;
use finsam_core::money::Money;
use finsam_core::report::AuditLine;
use finsam_store::{AssociationId, AuditFilter, NamedAuditEntry, PageRequest, Paged, StoreError};

use crate::App;

/// Every action code the store writes, with what people read for it. The order is the order of
/// the log filter's choices.
pub const ACTIONS: [(&str, &str); 55] = [
    ("plan.create", "Plan importerad eller skapad"),
    ("plan.update", "Utkast ändrat"),
    ("version.name", "Version namngiven"),
    ("plan.adopt", "Styrelsens beslut registrerat"),
    ("plan.revise", "Revidering påbörjad"),
    ("plan.next", "Nästa års plan påbörjad"),
    ("application.submit", "Ansökan inkommen"),
    ("application.request", "Komplettering begärd"),
    ("application.complete", "Ansökan kompletterad"),
    ("application.prepare", "Ansökan beredd"),
    ("application.decide", "Beslut om ansökan"),
    ("application.amend", "Tilläggsbeslut"),
    ("application.agree", "Avtal tecknat"),
    ("application.start", "Insats startad"),
    ("application.close", "Insats avslutad"),
    ("application.withdraw", "Ansökan återkallad"),
    ("application.file", "Fil bifogad ansökan"),
    ("insats.update", "Insats ändrad"),
    ("role.member", "Insatsägares medlem ändrad"),
    ("settings.update", "Inställningar ändrade"),
    ("meeting.create", "Möte inlagt"),
    ("meeting.copy", "Årets möten gjorda av förra årets"),
    ("disbursement.create", "Utbetalning registrerad"),
    ("disbursement.update", "Utbetalning godkänd eller betald"),
    ("report.receive", "Rapport från insats inkommen"),
    ("participants.create", "Deltagarrapport påbörjad"),
    ("participants.update", "Deltagarrapport sparad"),
    ("participants.submit", "Deltagarrapport inskickad"),
    ("participants.return", "Deltagarrapport återsänd"),
    ("participants.approve", "Deltagarrapport godkänd"),
    ("participants.reopen", "Deltagarrapport öppnad igen"),
    ("participants.targets", "Deltagarmål för insats sparade"),
    ("activity.create", "Aktivitet loggad"),
    ("activity.delete", "Aktivitet borttagen"),
    ("staffing.create", "Bemanning ändrad"),
    ("indicator.create", "Indikator tillagd"),
    ("indicator.update", "Indikator ändrad"),
    ("feed.create", "Kalenderprenumeration skapad"),
    ("feed.revoke", "Kalenderprenumeration återkallad"),
    ("agenda.add", "Punkt tillagd på dagordningen"),
    ("agenda.remove", "Punkt borttagen från dagordningen"),
    ("ledger.import", "Bokföring importerad"),
    ("ledger.replace", "Bokföring ersatt"),
    ("mapping.update", "Kontokoppling ändrad"),
    ("forecast.update", "Helårsprognos ändrad"),
    ("association.create", "Förbund skapat"),
    ("user.create", "Användare skapad"),
    ("role.grant", "Roll ändrad"),
    ("role.revoke", "Roll borttagen"),
    ("password.link", "Lösenordslänk skapad"),
    ("user.password", "Lösenord ändrat"),
    ("apitoken.create", "API-nyckel skapad"),
    ("apitoken.revoke", "API-nyckel återkallad"),
    ("session.login_failed", "Misslyckad inloggning"),
    ("access.denied", "Åtgärd nekad"),
];

/// The words for an action code; an unknown code (from a newer version) is shown as it is.
pub fn action_words(code: &str) -> &str {
    ACTIONS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, w)| w)
}

/// A user as the log names them: "Anna Andersson (anna)".
fn person(name: Option<&str>, login: Option<&str>) -> String {
    match (name, login) {
        (Some(n), Some(l)) if !n.is_empty() && n != l => format!("{n} ({l})"),
        (_, Some(l)) => l.to_owned(),
        (Some(n), None) => n.to_owned(),
        (None, None) => "systemet".to_owned(),
    }
}

/// `key = value` lines (the forecast's figures in öre, the mapping's rules) as a map.
fn keyed(text: Option<&str>) -> BTreeMap<String, String> {
    text.unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(" = "))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

fn ore_as_kr(text: Option<&String>) -> String {
    text.and_then(|t| t.parse::<i64>().ok()).map_or_else(
        || "beräknad".to_owned(),
        |o| kr_with_unit(Money::from_ore(o)),
    )
}

/// What changed in the forecast, row by row: "Insatser: beräknad → 1 200 000 kr".
fn forecast_details(old: Option<&str>, new: Option<&str>) -> Vec<String> {
    let (before, after) = (keyed(old), keyed(new));
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| {
            // The forecast's row keys are `category:line`; people know the line by its name.
            let name = k.rsplit_once(':').map_or(k.as_str(), |(_, n)| n);
            format!(
                "{name}: {} → {}",
                ore_as_kr(before.get(k)),
                ore_as_kr(after.get(k))
            )
        })
        .collect()
}

/// What changed in the account mapping: its chart and each rule line added or removed.
fn mapping_details(old: Option<&str>, new: Option<&str>) -> Vec<String> {
    let lines = |t: Option<&str>| -> Vec<String> {
        t.unwrap_or_default()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    let (before, after) = (lines(old), lines(new));
    if old.is_none() {
        return vec![format!("den första kopplingen, {} rader", after.len())];
    }
    let mut out: Vec<String> = before
        .iter()
        .filter(|l| !after.contains(l))
        .map(|l| format!("borttagen: {l}"))
        .collect();
    out.extend(
        after
            .iter()
            .filter(|l| !before.contains(l))
            .map(|l| format!("ny: {l}")),
    );
    out
}

/// The event in a sentence with its details.
/// The user a change concerns (a role given, a password set), or `unknown` when the event
/// names none.
fn subject(e: &NamedAuditEntry, unknown: &str) -> String {
    e.subject
        .as_ref()
        .map_or_else(|| unknown.to_owned(), |(n, l)| person(Some(n), Some(l)))
}

fn describe(e: &NamedAuditEntry) -> String {
    let entry = &e.entry;
    let (old, new) = (entry.old_value.as_deref(), entry.new_value.as_deref());
    let details = match entry.action.as_str() {
        "forecast.update" => forecast_details(old, new),
        "mapping.update" => mapping_details(old, new),
        "role.revoke" => {
            let who = subject(e, "En användare");
            return format!("{who} har inte längre rollen {}", old.unwrap_or("?"));
        }
        "password.link" | "user.password" => {
            let who = subject(e, "en användare");
            return format!("{}: {who}", entry.summary);
        }
        "role.grant" => {
            let who = subject(e, "En användare");
            return match (old, new) {
                (Some(o), Some(n)) if o != n => format!("{who} fick rollen {n} (hade {o})"),
                (_, Some(n)) => format!("{who} fick rollen {n}"),
                _ => format!("{who}: rollen ändrades"),
            };
        }
        _ => Vec::new(),
    };
    if details.is_empty() {
        entry.summary.clone()
    } else {
        format!("{}: {}", entry.summary, details.join("; "))
    }
}

/// One stored event as people read it.
pub fn line(e: &NamedAuditEntry) -> AuditLine {
    AuditLine {
        at: crate::clock::local_second(e.entry.at),
        user: person(e.display_name.as_deref(), e.username.as_deref()),
        action: action_words(&e.entry.action).to_owned(),
        summary: describe(e),
    }
}

/// The most events one export holds; a longer log is exported a filter at a time.
pub const EXPORT_LIMIT: u32 = 100_000;

impl App {
    /// One page of a förbund's audit log in words, newest first.
    pub async fn audit_lines(
        &self,
        association: AssociationId,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Paged<AuditLine>, StoreError> {
        let found = self.store().audit_page(association, filter, page).await?;
        Ok(Paged {
            items: found.items.iter().map(line).collect(),
            total: found.total,
            request: found.request,
        })
    }

    /// The whole filtered log in words, newest first, for a file (at most
    /// [`EXPORT_LIMIT`] events, read a page at a time).
    pub async fn audit_export(
        &self,
        association: AssociationId,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditLine>, StoreError> {
        let mut out = Vec::new();
        let mut page = 1;
        loop {
            let asked = PageRequest::new(page, PageRequest::MAX_PER_PAGE);
            let found = self.audit_lines(association, filter, asked).await?;
            let done = found.items.len() < asked.per_page as usize
                || out.len() + found.items.len() >= EXPORT_LIMIT as usize;
            out.extend(found.items);
            if done {
                out.truncate(EXPORT_LIMIT as usize);
                return Ok(out);
            }
            page += 1;
        }
    }
}

impl App {
    /// The newest change to a plan version's draft (who and when), for a conflict page; among
    /// the förbund's latest 50 draft changes.
    pub async fn last_change_of(
        &self,
        association: AssociationId,
        version: finsam_store::VersionId,
    ) -> Result<Option<AuditLine>, StoreError> {
        Ok(self
            .last_change_event(association, version)
            .await?
            .as_ref()
            .map(line))
    }

    /// The stored event of [`App::last_change_of`], with its id and who made it.
    pub async fn last_change_event(
        &self,
        association: AssociationId,
        version: finsam_store::VersionId,
    ) -> Result<Option<NamedAuditEntry>, StoreError> {
        self.last_event(association, version, "plan.update").await
    }

    /// The newest event of kind `action` about a version (among the förbund's newest 50 of
    /// that kind).
    pub async fn last_event(
        &self,
        association: AssociationId,
        version: finsam_store::VersionId,
        action: &str,
    ) -> Result<Option<NamedAuditEntry>, StoreError> {
        let filter = AuditFilter {
            action: Some(action.to_owned()),
            ..AuditFilter::default()
        };
        let found = self
            .store()
            .audit_page(association, &filter, PageRequest::new(1, 50))
            .await?;
        Ok(found
            .items
            .into_iter()
            .find(|e| e.entry.entity_id == Some(version.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_words_and_an_unknown_one_shows_itself() {
        for (code, words) in ACTIONS {
            assert_eq!(action_words(code), words);
            assert!(!words.contains('.'), "{code}");
        }
        assert_eq!(action_words("insats.create"), "insats.create");
    }

    #[test]
    fn the_forecast_change_is_told_row_by_row_in_kronor() {
        let old = "insats:Insatser = 120000000\nKansli = 50000000\n";
        let new = "insats:Insatser = 110000000\nStyrelse = 2500000\nKansli = 50000000\n";
        assert_eq!(
            forecast_details(Some(old), Some(new)),
            // In the order of the rows' keys.
            [
                "Styrelse: beräknad → 25 000 kr",
                "Insatser: 1 200 000 kr → 1 100 000 kr"
            ]
        );
    }

    #[test]
    fn the_mapping_change_is_told_rule_by_rule() {
        let old = "kontoplan bas\n30 = medlemsbidrag\n# note\n4 = insats\n";
        let new = "kontoplan bas\n30 = medlemsbidrag\n4 = insats Samverkan\n";
        assert_eq!(
            mapping_details(Some(old), Some(new)),
            ["borttagen: 4 = insats", "ny: 4 = insats Samverkan"]
        );
    }

    #[test]
    fn people_are_named_with_their_login() {
        assert_eq!(
            person(Some("Anna Andersson"), Some("anna")),
            "Anna Andersson (anna)"
        );
        assert_eq!(person(Some("anna"), Some("anna")), "anna");
        assert_eq!(person(None, None), "systemet");
    }
}
