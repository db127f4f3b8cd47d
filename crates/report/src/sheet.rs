//! One table as every file format sees it: a name, a heading row, rows of typed cells.

use finsam_core::format::Unit;
use finsam_core::fraction::Fraction;
use finsam_core::money::Money;

/// What a column holds; decides its alignment, number format and width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text, left-aligned.
    Text,
    /// Amounts.
    Money,
    /// Shares shown as percentages.
    Percent,
    /// Whole numbers (counts, years).
    Integer,
}

/// One column: its heading and kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The heading row's text.
    pub heading: String,
    /// What it holds.
    pub kind: Kind,
}

impl Column {
    /// A text column.
    pub fn text(heading: impl Into<String>) -> Column {
        Column {
            heading: heading.into(),
            kind: Kind::Text,
        }
    }

    /// An amount column.
    pub fn money(heading: impl Into<String>) -> Column {
        Column {
            heading: heading.into(),
            kind: Kind::Money,
        }
    }

    /// A percentage column.
    pub fn percent(heading: impl Into<String>) -> Column {
        Column {
            heading: heading.into(),
            kind: Kind::Percent,
        }
    }

    /// A whole-number column.
    pub fn integer(heading: impl Into<String>) -> Column {
        Column {
            heading: heading.into(),
            kind: Kind::Integer,
        }
    }
}

/// One cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// An amount, exact.
    Money(Money),
    /// A share (0.284 is 28,4 %).
    Percent(Fraction),
    /// A whole number.
    Integer(i64),
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A text cell, or empty for `None`.
    pub fn text_or_empty(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.into()))
    }
}

/// How a row stands out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// An ordinary row.
    Normal,
    /// A heading within the table (a section's name).
    Heading,
    /// A sum.
    Sum,
    /// A total below everything.
    Total,
}

/// One row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRow {
    /// How it stands out.
    pub style: Style,
    /// One cell per column.
    pub cells: Vec<Cell>,
}

/// A table as the files write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name in a workbook (and the CSV file's name): short, e.g. "Budget".
    pub name: String,
    /// What the table shows, as its caption on the page says it.
    pub title: String,
    /// The unit amounts are shown in. The numbers are exact kronor whatever it is; in tkr the
    /// workbook's number format shows thousands and CSV writes thousands with three decimals.
    pub unit: Unit,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows below the heading row.
    pub rows: Vec<SheetRow>,
}

impl Sheet {
    /// An empty table with these columns.
    pub fn new(name: impl Into<String>, title: impl Into<String>, columns: Vec<Column>) -> Sheet {
        Sheet {
            name: name.into(),
            title: title.into(),
            unit: Unit::Kr,
            columns,
            rows: Vec::new(),
        }
    }

    /// The sheet's name as a file name: lower case, å ä ö as a a o, other signs as `-`
    /// ("Utfall mot budget" → `utfall-mot-budget`).
    pub fn slug(&self) -> String {
        slug(&self.name)
    }

    /// Shows amounts in `unit`.
    #[must_use]
    pub fn in_unit(mut self, unit: Unit) -> Sheet {
        self.unit = unit;
        self
    }

    /// Adds a row; missing cells at its end are empty, extra cells are a programming error.
    pub fn push(&mut self, style: Style, mut cells: Vec<Cell>) {
        debug_assert!(cells.len() <= self.columns.len(), "more cells than columns");
        cells.resize(self.columns.len(), Cell::Empty);
        self.rows.push(SheetRow { style, cells });
    }
}

/// A name as a file name: lower case ASCII letters and digits, words joined by `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_file_names() {
        assert_eq!(super::slug("Utfall mot budget"), "utfall-mot-budget");
        assert_eq!(super::slug("Ändringslogg"), "andringslogg");
        assert_eq!(super::slug("Mål"), "mal");
        assert_eq!(super::slug("  Resultaträkning! "), "resultatrakning");
    }
}
