//! The förbund's year as a calendar (issue 13): its meetings and the days reports from its
//! insatser are due, as one list (`finsam_core::report::calendar`) for the ICS file, the feed a
//! calendar program subscribes to, the CLI and the API. What a user's calendar holds follows the
//! user's role, at every reading: the meetings for those who read the förbund, the reports due
//! for those who read the applications (an insatsägare its own member's only).
//!
//! A feed is read without a cookie, by a secret address of the user's own: only the secret's
//! hash is kept, the user revokes it, and making and revoking are audited.

use finsam_core::plan::Date;
use finsam_core::report::calendar::{Calendar, CalendarItem, ItemKind};
use finsam_store::{Association, Feed, Role, StoreError, UserId};

use crate::users::{random_hex, token_hash};
use crate::{Action, App, Resource, allows};

/// How far back and ahead a subscribed feed reaches from today, in days.
pub const FEED_DAYS: (i64, i64) = (366, 2 * 366);

/// The kind's name as a UID part: lower case letters and digits, the rest as `-`.
fn slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}

impl App {
    /// The calendar of `association` from `from` to `to` (both included) as `role` (and an
    /// insatsägare's `member`) may see it, on `today` (which reports are received).
    pub async fn calendar(
        &self,
        association: &Association,
        (role, member): (Role, Option<&str>),
        (from, to): (Date, Date),
        today: Date,
    ) -> Result<Calendar, StoreError> {
        let mut items = Vec::new();
        let a = association.id.0;
        if allows(role, Action::Read, Resource::Association) {
            for m in self.meetings(association).await?.iter() {
                let meeting = &m.meeting;
                if meeting.on < from || meeting.on > to {
                    continue;
                }
                let title = match &meeting.note {
                    Some(note) => format!("{} ({note})", meeting.kind.label()),
                    None => meeting.kind.label().to_owned(),
                };
                items.push(CalendarItem {
                    uid: format!("mote-{}@finsam-{a}", m.id),
                    kind: ItemKind::Meeting,
                    title,
                    day: meeting.on,
                    starts: meeting.times.map(|(s, _)| s),
                    ends: meeting.times.map(|(_, e)| e),
                    description: format!("{}, {}", meeting.title(), association.name),
                });
            }
        }
        for r in self.reports_due(association, today).await?.iter() {
            let due = r.report.due;
            if r.received.is_some()
                || due < from
                || due > to
                || member.is_some_and(|m| m != r.owner)
            {
                continue;
            }
            items.push(CalendarItem {
                uid: format!(
                    "rapport-{}-{}-{}@finsam-{a}",
                    r.id.0,
                    slug(&r.report.kind),
                    r.report.to
                ),
                kind: ItemKind::ReportDue,
                title: format!("{} från {}", r.report.kind, r.insats),
                day: due,
                starts: None,
                ends: None,
                description: format!(
                    "Sista dag för {} om perioden {} (diarienummer {}).",
                    r.report.kind.to_lowercase(),
                    r.report.period(),
                    r.case_number
                ),
            });
        }
        Ok(Calendar::new(
            format!("{}: möten och rapporter", association.name),
            items,
        ))
    }

    /// A new calendar feed for `user` in `association`: the secret (returned once, never
    /// stored) and the feed as listed. Audited.
    pub async fn create_feed(
        &self,
        actor: finsam_store::Actor,
        user: UserId,
        association: &Association,
    ) -> Result<(String, Feed), StoreError> {
        let secret = format!("fsk_{}", random_hex(32));
        let feed = self
            .store()
            .create_feed(actor, (user, association.id), &token_hash(&secret))
            .await?;
        Ok((secret, feed))
    }

    /// Revokes one of the user's feeds (not found when it is not the user's); audited.
    pub async fn revoke_feed(
        &self,
        actor: finsam_store::Actor,
        user: UserId,
        association: &Association,
        id: i64,
    ) -> Result<(), StoreError> {
        self.store()
            .revoke_feed(actor, (user, association.id), id)
            .await
    }

    /// Whose view a feed's secret opens: the förbund, the user's role there and an
    /// insatsägare's member; none when the secret is unknown or revoked, or the user no longer
    /// has a role there.
    pub async fn feed_reader(
        &self,
        secret: &str,
    ) -> Result<Option<(Association, Role, Option<String>)>, StoreError> {
        let (user, association) = match self.store().feed_owner(&token_hash(secret)).await {
            Ok(found) => found,
            Err(StoreError::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        match self
            .authorize_applications(user, association, Action::Read)
            .await
        {
            Ok(allowed) => Ok(Some(allowed)),
            Err(crate::Denied::Store(e)) => Err(e),
            Err(_) => Ok(None),
        }
    }
}

/// The days a subscribed feed covers on `today` ([`FEED_DAYS`]).
pub fn feed_range(today: Date) -> (Date, Date) {
    let day = |n: i64| {
        Date::from_julian_day(
            today
                .to_julian_day()
                .saturating_add(i32::try_from(n).unwrap_or(0)),
        )
        .unwrap_or(today)
    };
    (day(-FEED_DAYS.0), day(FEED_DAYS.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_keep_to_letters_digits_and_dashes() {
        assert_eq!(slug("Kvartalsrapport"), "kvartalsrapport");
        assert_eq!(slug("Deltagare/månad 2"), "deltagare-månad-2");
    }
}
