//! Parsed plans kept in memory, keyed by version and row version. Reading the plan file is the
//! most expensive step of a page (about 0,15 ms for SOFINT's plan); a version's text never
//! changes without its row version changing, so a cached parse is never stale.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use finsam_core::{Plan, plan_file};

/// How many parsed plans are kept; past this the cache starts over (plans are small and few).
const CAPACITY: usize = 256;

/// The cache.
#[derive(Debug, Default)]
pub struct PlanCache {
    plans: Mutex<HashMap<(i64, i64), Arc<Plan>>>,
    dashboards: Mutex<HashMap<(i64, i64), Arc<crate::view::Dashboard>>>,
}

impl PlanCache {
    /// The plan of version `id` at `row_version`, parsed from `document` when not cached.
    pub fn get(&self, id: i64, row_version: i64, document: &str) -> Result<Arc<Plan>, String> {
        let key = (id, row_version);
        if let Some(p) = self.plans.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(p);
        }
        let plan = Arc::new(
            plan_file::read(document)
                .map_err(|e| format!("{e:?}"))?
                .plan,
        );
        if let Ok(mut m) = self.plans.lock() {
            if m.len() >= CAPACITY {
                m.clear();
            }
            m.insert(key, plan.clone());
        }
        Ok(plan)
    }

    /// The dashboard of version `id` at `row_version` (the same for every user), built with
    /// `build` when not cached.
    pub fn dashboard<E>(
        &self,
        id: i64,
        row_version: i64,
        build: impl FnOnce() -> Result<crate::view::Dashboard, E>,
    ) -> Result<Arc<crate::view::Dashboard>, E> {
        let key = (id, row_version);
        if let Some(d) = self
            .dashboards
            .lock()
            .ok()
            .and_then(|m| m.get(&key).cloned())
        {
            return Ok(d);
        }
        let d = Arc::new(build()?);
        if let Ok(mut m) = self.dashboards.lock() {
            if m.len() >= CAPACITY {
                m.clear();
            }
            m.insert(key, d.clone());
        }
        Ok(d)
    }
}
