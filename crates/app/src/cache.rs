//! What is built from a stored plan version, kept in memory by version and row version.
//! Reading the plan file is the most expensive step of a page (about 0,15 ms for SOFINT's plan);
//! a version's text never changes without its row version changing, so a cached value is never
//! stale.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How many values are kept; past this the cache starts over (plans are small and few).
const CAPACITY: usize = 256;

/// Values of type `T` per (version id, row version).
#[derive(Debug)]
pub struct VersionCache<T> {
    values: Mutex<HashMap<(i64, i64), Arc<T>>>,
}

impl<T> Default for VersionCache<T> {
    fn default() -> Self {
        VersionCache {
            values: Mutex::default(),
        }
    }
}

impl<T> VersionCache<T> {
    /// The value of version `id` at `row_version`, made by `build` when not cached.
    pub fn get_or_build<E>(
        &self,
        id: i64,
        row_version: i64,
        build: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        if let Some(v) = self.get(id, row_version) {
            return Ok(v);
        }
        Ok(self.put(id, row_version, build()?))
    }

    /// The value of version `id` at `row_version`, if cached.
    pub fn get(&self, id: i64, row_version: i64) -> Option<Arc<T>> {
        self.values
            .lock()
            .ok()
            .and_then(|m| m.get(&(id, row_version)).cloned())
    }

    /// Keeps `value` as the value of version `id` at `row_version`, and returns it shared.
    pub fn put(&self, id: i64, row_version: i64, value: T) -> Arc<T> {
        let v = Arc::new(value);
        if let Ok(mut m) = self.values.lock() {
            if m.len() >= CAPACITY {
                m.clear();
            }
            m.insert((id, row_version), v.clone());
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_once_per_row_version() {
        let cache = VersionCache::<String>::default();
        let mut built = 0;
        for _ in 0..3 {
            let v = cache
                .get_or_build(1, 1, || {
                    built += 1;
                    Ok::<_, ()>("a".to_owned())
                })
                .expect("builds");
            assert_eq!(*v, "a");
        }
        assert_eq!(built, 1);
        let v = cache
            .get_or_build(1, 2, || Ok::<_, ()>("b".to_owned()))
            .expect("builds");
        assert_eq!(*v, "b", "a new row version is built anew");
        assert!(
            cache
                .get_or_build(2, 1, || Err::<String, _>("fel"))
                .is_err()
        );
    }
}
