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

/// Values of type `V` per key, each kept with the stamp it was built at (for what is computed
/// from a förbund's data: its audit stamp, `AuditStore::audit_stamp`); a value built at another
/// stamp is built again.
#[derive(Debug)]
pub struct StampCache<K, V> {
    values: Mutex<HashMap<K, (i64, Arc<V>)>>,
    capacity: usize,
}

impl<K, V> Default for StampCache<K, V> {
    fn default() -> Self {
        StampCache::with_capacity(CAPACITY)
    }
}

impl<K, V> StampCache<K, V> {
    /// A cache that keeps at most `capacity` values (past it, it starts over): small for large
    /// values such as a fiscal year's ledger.
    pub fn with_capacity(capacity: usize) -> Self {
        StampCache {
            values: Mutex::default(),
            capacity: capacity.max(1),
        }
    }
}

impl<K: std::hash::Hash + Eq + Clone, V> StampCache<K, V> {
    /// The value of `key` at `stamp`, made by `build` when not cached at that stamp.
    pub fn get_or_build<E>(
        &self,
        key: &K,
        stamp: i64,
        build: impl FnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
        if let Some(v) = self.get(key, stamp) {
            return Ok(v);
        }
        Ok(self.put(key, stamp, build()?))
    }

    /// The value of `key` if it was built at `stamp`.
    pub fn get(&self, key: &K, stamp: i64) -> Option<Arc<V>> {
        self.values.lock().ok().and_then(|m| {
            m.get(key)
                .filter(|(s, _)| *s == stamp)
                .map(|(_, v)| v.clone())
        })
    }

    /// Keeps `value` as the value of `key` at `stamp`, and returns it shared.
    pub fn put(&self, key: &K, stamp: i64, value: V) -> Arc<V> {
        let v = Arc::new(value);
        if let Ok(mut m) = self.values.lock() {
            if m.len() >= self.capacity && !m.contains_key(key) {
                m.clear();
            }
            m.insert(key.clone(), (stamp, v.clone()));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_again_when_the_stamp_moves() {
        let cache = StampCache::<(i64, i32), String>::default();
        let mut built = 0;
        for stamp in [7, 7, 8, 8, 7] {
            cache
                .get_or_build(&(1, 2024), stamp, || {
                    built += 1;
                    Ok::<_, ()>(format!("at {stamp}"))
                })
                .expect("builds");
        }
        assert_eq!(built, 3, "7, then 8, then 7 again");
        // Past its capacity it starts over rather than grow.
        let small = StampCache::<i64, i64>::with_capacity(2);
        for k in 0..3 {
            small.put(&k, 1, k);
        }
        assert!(small.get(&0, 1).is_none() && small.get(&2, 1).is_some());
    }

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
