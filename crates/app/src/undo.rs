//! Undoing a deleted budget line: the deletion's audit event holds the draft before and after,
//! so the line and its place are read back from there, never from what a form sends.

use finsam_core::{Line, Plan};
use finsam_store::{AssociationId, VersionId};

use crate::App;

/// A line that a change removed, and where it stood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleted {
    /// The section's index and name in the draft before.
    pub section: (usize, String),
    /// The line's position in its section.
    pub position: usize,
    /// The line.
    pub line: Line,
}

/// The one line that `after` lacks of `before`, when the change was the removal of one line.
pub fn deleted_line(before: &Plan, after: &Plan) -> Option<Deleted> {
    let (b, a) = (&before.budget.sections, &after.budget.sections);
    if b.len() != a.len() {
        return None;
    }
    let mut found = None;
    for (si, (bs, as_)) in b.iter().zip(a).enumerate() {
        if bs.lines.len() == as_.lines.len() {
            continue;
        }
        if bs.lines.len() != as_.lines.len() + 1 || found.is_some() {
            return None;
        }
        let at = bs
            .lines
            .iter()
            .zip(&as_.lines)
            .position(|(x, y)| x != y)
            .unwrap_or(as_.lines.len());
        let mut rest = bs.lines.clone();
        let line = rest.remove(at);
        if rest != as_.lines {
            return None;
        }
        found = Some(Deleted {
            section: (si, bs.name.clone()),
            position: at,
            line,
        });
    }
    found
}

/// Puts a deleted line back into `plan` at its place: in the section of the same name (at the
/// same index when it is still there), at its old position or the section's end. Refused when
/// the section is gone or the section already has a line of that name (it was undone already).
pub fn restore(plan: &Plan, d: &Deleted) -> Result<Plan, String> {
    let sections = &plan.budget.sections;
    let si = match sections.get(d.section.0) {
        Some(s) if s.name == d.section.1 => d.section.0,
        _ => sections
            .iter()
            .position(|s| s.name == d.section.1)
            .ok_or_else(|| format!("Avsnittet \"{}\" finns inte längre.", d.section.1))?,
    };
    if sections[si].lines.iter().any(|l| l.name == d.line.name) {
        return Err(format!(
            "Raden \"{}\" finns redan i \"{}\"; borttagningen är redan ångrad.",
            d.line.name, d.section.1
        ));
    }
    let mut changed = plan.clone();
    let lines = &mut changed.budget.sections[si].lines;
    let at = d.position.min(lines.len());
    lines.insert(at, d.line.clone());
    Ok(changed)
}

impl App {
    /// The line that the audit event `event` deleted from the draft `version`, or why it can't
    /// be undone.
    pub async fn deletion(
        &self,
        association: AssociationId,
        version: VersionId,
        event: i64,
    ) -> Result<Deleted, String> {
        let gone = || "Det finns ingen borttagen rad att återställa här.".to_owned();
        let entry = self
            .store()
            .audit_entry(association, event)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(gone)?;
        if entry.action != "plan.update" || entry.entity_id != Some(version.0) {
            return Err(gone());
        }
        let read = |text: Option<&str>| {
            finsam_core::plan_file::read(text.unwrap_or_default())
                .map(|l| l.plan)
                .map_err(|_| gone())
        };
        let before = read(entry.old_value.as_deref())?;
        let after = read(entry.new_value.as_deref())?;
        deleted_line(&before, &after).ok_or_else(gone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sofint() -> Plan {
        finsam_core::plan_file::read(include_str!("../../../examples/sofint-2024.toml"))
            .expect("reads")
            .plan
    }

    #[test]
    fn a_deleted_line_is_found_and_put_back_at_its_place() {
        let before = sofint();
        let mut after = before.clone();
        let line = after.budget.sections[1].lines.remove(1);
        let d = deleted_line(&before, &after).expect("one line removed");
        assert_eq!((d.section.0, d.position), (1, 1));
        assert_eq!(d.line, line);
        assert_eq!(restore(&after, &d).expect("restores"), before);
        // Twice is refused, and so is a change that was no deletion.
        let back = restore(&after, &d).expect("restores");
        assert!(restore(&back, &d).unwrap_err().contains("redan ångrad"));
        assert_eq!(deleted_line(&before, &before), None);
    }

    #[test]
    fn a_line_goes_back_to_its_section_even_when_lines_moved_meanwhile() {
        let before = sofint();
        let mut after = before.clone();
        after.budget.sections[1].lines.remove(2);
        let d = deleted_line(&before, &after).expect("found");
        // Someone deleted the first line of the section too: the line goes to the end.
        after.budget.sections[1].lines.remove(0);
        let back = restore(&after, &d).expect("restores");
        let names: Vec<&str> = back.budget.sections[1]
            .lines
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        assert_eq!(names.last(), Some(&d.line.name.as_str()));
    }
}
