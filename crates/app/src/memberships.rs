//! The förbund a user has a role in, as the header's switcher lists them on every page. Kept in
//! memory per user for a short while, so that a page costs no extra query: a change made through
//! [`App`] forgets them at once, a change made by another process (the CLI on the same database)
//! shows within [`FRESH`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use finsam_store::{AssociationId, Role, StoreError, UserId};

use crate::App;

/// How long a user's list is used before it is read again.
pub const FRESH: Duration = Duration::from_secs(30);

/// How many users' lists are kept; past this the memory starts over.
const CAPACITY: usize = 4096;

/// One förbund where the user has a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    /// The förbund.
    pub association: AssociationId,
    /// Its name.
    pub name: String,
    /// The user's role there.
    pub role: Role,
}

/// A user's list and when it was read.
type Read = (Instant, Arc<Vec<Membership>>);

/// The lists per user, with when each was read.
#[derive(Debug, Default)]
pub struct Memberships {
    lists: Mutex<HashMap<i64, Read>>,
}

impl Memberships {
    fn get(&self, user: UserId) -> Option<Arc<Vec<Membership>>> {
        let lists = self.lists.lock().ok()?;
        let (at, list) = lists.get(&user.0)?;
        (at.elapsed() < FRESH).then(|| list.clone())
    }

    fn put(&self, user: UserId, list: Vec<Membership>) -> Arc<Vec<Membership>> {
        let list = Arc::new(list);
        if let Ok(mut lists) = self.lists.lock() {
            if lists.len() >= CAPACITY {
                lists.clear();
            }
            lists.insert(user.0, (Instant::now(), list.clone()));
        }
        list
    }

    /// Forgets every list (a role or a förbund changed).
    pub fn forget(&self) {
        if let Ok(mut lists) = self.lists.lock() {
            lists.clear();
        }
    }
}

impl App {
    /// The förbund where `user` has a role, by name.
    pub async fn memberships(&self, user: UserId) -> Result<Arc<Vec<Membership>>, StoreError> {
        if let Some(list) = self.memberships.get(user) {
            return Ok(list);
        }
        let list = self
            .store()
            .associations_for(user)
            .await?
            .into_iter()
            .map(|(a, role)| Membership {
                association: a.id,
                name: a.name,
                role,
            })
            .collect();
        Ok(self.memberships.put(user, list))
    }
}
