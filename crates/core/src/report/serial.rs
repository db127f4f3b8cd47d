//! How report values appear in JSON: the one vocabulary of the API and the CLI. Amounts are
//! whole öre (see `Money`'s `Serialize`), dates `YYYY-MM-DD`, words Swedish. These helpers are
//! the `serialize_with` of fields whose JSON form is not their type's own.

use serde::Serializer;
use serde::ser::SerializeSeq;

use crate::fraction::Fraction;

/// A share in hundredths of a percent (2 840 for 28,4 %), rounded half away from zero.
pub fn basis_points<S: Serializer>(f: &Option<Fraction>, s: S) -> Result<S::Ok, S::Error> {
    match f {
        Some(f) => s.serialize_some(&f.basis_points()),
        None => s.serialize_none(),
    }
}

/// A share that is always there, in hundredths of a percent.
pub fn basis_points_of<S: Serializer>(f: &Fraction, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_i64(f.basis_points())
}

/// An optional date as `YYYY-MM-DD`.
pub fn date_opt<S: Serializer>(d: &Option<crate::plan::Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// A Swedish word for a value that has one (`word()`).
pub fn word<S: Serializer, T: Word>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.word())
}

/// An optional Swedish word.
pub fn word_opt<S: Serializer, T: Word>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(v.word()),
        None => s.serialize_none(),
    }
}

/// Only the rows that `keep` keeps.
pub fn seq_where<S: Serializer, T: serde::Serialize>(
    rows: &[T],
    keep: fn(&T) -> bool,
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(None)?;
    for r in rows.iter().filter(|r| keep(r)) {
        seq.serialize_element(r)?;
    }
    seq.end()
}

/// Values with a Swedish word.
pub trait Word {
    /// The word.
    fn word(&self) -> &'static str;
}

impl Word for crate::budget::Category {
    fn word(&self) -> &'static str {
        crate::budget::Category::word(*self)
    }
}

impl Word for crate::goals::Assessment {
    fn word(&self) -> &'static str {
        crate::goals::Assessment::word(*self)
    }
}

impl Word for crate::finding::Severity {
    fn word(&self) -> &'static str {
        crate::finding::Severity::word(*self)
    }
}

impl Word for crate::finding::FindingKind {
    fn word(&self) -> &'static str {
        self.code()
    }
}
