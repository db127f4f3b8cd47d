//! PostgreSQL only: a few connections kept for the one read every plan page makes (the session
//! with its access, `PlanStore::session_version`), outside sqlx's pool.
//!
//! Why not the pool: sqlx 0.9's pool pings every connection it gets back (a `Sync` and its
//! `ReadyForQuery`), a second round trip for each one-row read; nothing in its options turns it
//! off. Here a connection stays with its slot. The ping guards against a query cut off half way
//! (a dropped future leaves the protocol mid-message); these queries therefore run in a task of
//! their own that finishes even when the request is dropped, and a connection that fails once
//! is closed and opened anew on next use.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, AnyConnection, Connection};
use tokio::sync::Mutex;

use crate::sql::db;
use crate::{Result, StoreError};

/// The connections, used in turn.
#[derive(Debug)]
pub(crate) struct HotReads {
    url: String,
    slots: Vec<Arc<Mutex<Option<AnyConnection>>>>,
    next: AtomicUsize,
}

impl HotReads {
    /// `n` slots on the server at `url`; each connects on first use.
    pub(crate) fn new(url: &str, n: usize) -> HotReads {
        HotReads {
            url: url.to_owned(),
            slots: (0..n.max(1)).map(|_| Arc::default()).collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// The one row (if any) of `sql` with `arguments`.
    pub(crate) async fn fetch_optional(
        &self,
        sql: &'static str,
        arguments: AnyArguments,
    ) -> Result<Option<AnyRow>> {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.slots.len();
        let slot = self.slots[i].clone();
        let url = self.url.clone();
        // A task of its own: a query is never cut off half way by a dropped request.
        tokio::spawn(async move {
            let mut slot = slot.lock().await;
            let conn = match slot.as_mut() {
                Some(conn) => conn,
                None => slot.insert(AnyConnection::connect(&url).await.map_err(db)?),
            };
            let found = sqlx::query_with::<Any, _>(sql, arguments)
                .fetch_optional(&mut *conn)
                .await;
            if found.is_err() {
                // Whatever state it is in, it is not trusted again.
                *slot = None;
            }
            found.map_err(db)
        })
        .await
        .map_err(|e| StoreError::Corrupt(format!("läsningen avbröts: {e}")))?
    }
}
