//! Records: the fields of one record with their typed accessors, and the dispatch of a
//! record to what reads it.

use super::*;

/// The fields of one record, with the accessors that turn them into typed values or messages.
pub(super) struct Rec<'r, 'a> {
    pub(super) label: &'r str,
    pub(super) fields: &'r [Field<'a>],
}

pub(super) type Res<T> = Result<T, String>;

impl<'a> Rec<'_, 'a> {
    pub(super) fn get(&self, i: usize) -> Option<&Field<'a>> {
        self.fields.get(i)
    }

    pub(super) fn text(&self, i: usize, what: &str) -> Res<&str> {
        match self.get(i) {
            Some(Field::Text(t)) => Ok(t),
            Some(Field::List(_)) => Err(format!(
                "fält {} ({what}) i {} ska vara en text, inte en objektlista",
                i + 1,
                self.label
            )),
            None => Err(format!("{} saknar fält {} ({what})", self.label, i + 1)),
        }
    }

    pub(super) fn opt_text(&self, i: usize) -> Option<&str> {
        match self.get(i) {
            Some(Field::Text(t)) if !t.is_empty() => Some(t),
            _ => None,
        }
    }

    pub(super) fn int(&self, i: usize, what: &str) -> Res<i32> {
        let t = self.text(i, what)?;
        t.parse::<i32>().map_err(|_| {
            format!(
                "fält {} ({what}) i {} ska vara ett heltal, inte \"{t}\"",
                i + 1,
                self.label
            )
        })
    }

    pub(super) fn date(&self, i: usize, what: &str) -> Res<Date> {
        parse_date(self.text(i, what)?)
    }

    pub(super) fn opt_date(&self, i: usize) -> Res<Option<Date>> {
        self.opt_text(i).map(parse_date).transpose()
    }

    pub(super) fn amount(&self, i: usize) -> Res<Amount> {
        let t = self.text(i, "belopp")?;
        Amount::parse(t).map_err(|e| format!("{} i {}", e.message(t), self.label))
    }

    pub(super) fn account(&self, i: usize) -> Res<String> {
        let t = self.text(i, "kontonummer")?;
        if t.is_empty() {
            return Err(format!("kontonumret saknas i {}", self.label));
        }
        Ok(t.to_owned())
    }

    pub(super) fn objects(&self, i: usize) -> Res<Vec<ObjectRef>> {
        match self.get(i) {
            Some(Field::List(items)) => object_list(items, self.label),
            Some(Field::Text(_)) => Err(format!(
                "fält {} i {} ska vara en objektlista inom {{ }}",
                i + 1,
                self.label
            )),
            None => Err(format!("{} saknar objektlistan", self.label)),
        }
    }

    pub(super) fn has_list(&self, i: usize) -> bool {
        matches!(self.get(i), Some(Field::List(_)))
    }
}

pub(super) fn object_list(items: &[Cow<'_, str>], label: &str) -> Res<Vec<ObjectRef>> {
    if !items.len().is_multiple_of(2) {
        return Err(format!(
            "objektlistan i {label} ska bestå av par: dimensionsnummer och objektkod"
        ));
    }
    items
        .chunks_exact(2)
        .map(|pair| {
            let dimension = pair[0].parse::<u32>().map_err(|_| {
                format!(
                    "\"{}\" i objektlistan i {label} är inget dimensionsnummer",
                    pair[0]
                )
            })?;
            Ok(ObjectRef {
                dimension,
                object: pair[1].clone().into_owned(),
            })
        })
        .collect()
}

/// An emptied vector of fields, re-typed for another line's lifetime; the allocation is kept.
// `filter` cannot change the element type; the map to nothing is what re-types it.
#[allow(clippy::unnecessary_filter_map)]
pub(super) fn recycle<'b>(mut v: Vec<Field<'_>>) -> Vec<Field<'b>> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

pub(super) fn parse_date(t: &str) -> Res<Date> {
    let bad =
        || format!("\"{t}\" är inget giltigt datum; datum skrivs ÅÅÅÅMMDD, till exempel 20240131");
    if t.len() != 8 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let year: i32 = t[0..4].parse().map_err(|_| bad())?;
    let month: u8 = t[4..6].parse().map_err(|_| bad())?;
    let day: u8 = t[6..8].parse().map_err(|_| bad())?;
    let month = time::Month::try_from(month).map_err(|_| bad())?;
    Date::from_calendar_date(year, month, day).map_err(|_| bad())
}

pub(super) fn parse_period(t: &str) -> Res<YearMonth> {
    let bad = || format!("\"{t}\" är ingen period; perioder skrivs ÅÅÅÅMM, till exempel 202406");
    if t.len() != 6 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let year: i32 = t[0..4].parse().map_err(|_| bad())?;
    let month: u8 = t[4..6].parse().map_err(|_| bad())?;
    if !(1..=12).contains(&month) {
        return Err(bad());
    }
    Ok(YearMonth { year, month })
}

pub(super) fn quantity(rec: &Rec<'_, '_>, i: usize) -> Option<String> {
    rec.opt_text(i).map(str::to_owned)
}

/// Records the specification defines that carry nothing Finsam keeps beyond what is stored.
pub(super) const KNOWN_IGNORED: [&str; 2] = ["#BKOD", "#KSUMMA"];

impl<'s> Reader<'s> {
    pub(super) fn record(&mut self, line_no: u32, label: &str, fields: &[Field<'_>]) {
        let upper;
        let label = if label.bytes().any(|b| b.is_ascii_lowercase()) {
            upper = label.to_ascii_uppercase();
            upper.as_str()
        } else {
            label
        };
        if label == "#KSUMMA" {
            self.checksum(line_no, fields);
            self.known_records += 1;
            return;
        }
        if let Some((_, hasher)) = &mut self.crc
            && !self.crc_closed
        {
            let enc = self.file.encoding;
            encoding::feed(hasher, label, enc);
            for f in fields {
                match f {
                    Field::Text(t) => encoding::feed(hasher, t, enc),
                    Field::List(items) => {
                        for t in items {
                            encoding::feed(hasher, t, enc);
                        }
                    }
                }
            }
        }
        let rec = Rec { label, fields };
        if let State::Skipping { open } = self.state {
            let is_row = matches!(label, "#TRANS" | "#RTRANS" | "#BTRANS");
            if open && is_row {
                self.known_records += 1;
                return;
            }
            if open {
                self.error(
                    line_no,
                    format!(
                        "{label} inuti verifikationen ovan: avslutande }} saknas före den här raden"
                    ),
                );
                return;
            }
            self.state = State::Outside;
        }
        let in_voucher = matches!(self.state, State::Inside(_));
        let is_row = matches!(label, "#TRANS" | "#RTRANS" | "#BTRANS");
        if in_voucher && !is_row {
            let name = match &self.state {
                State::Inside(v) => voucher_name(v),
                _ => String::new(),
            };
            self.error(
                line_no,
                format!(
                    "{label} inuti verifikationen {name}: avslutande }} saknas före den här raden"
                ),
            );
            return;
        }
        if let State::AwaitingOpen(v) = &self.state {
            let name = voucher_name(v);
            self.error(
                line_no,
                format!("verifikationen {name} ska följas av en rad med {{ före sina rader"),
            );
            self.state = State::Outside;
            if label != "#VER" {
                return;
            }
        }
        let outcome = match label {
            "#TRANS" | "#RTRANS" | "#BTRANS" => self.row(line_no, &rec),
            "#VER" => {
                let r = self.voucher(line_no, &rec);
                if r.is_err() {
                    self.state = State::Skipping { open: false };
                }
                r
            }
            _ => self.header_or_balance(line_no, &rec),
        };
        match outcome {
            Ok(true) => self.known_records += 1,
            Ok(false) => {
                let entry = self.unknown.entry(label.to_owned()).or_insert((line_no, 0));
                entry.1 = entry.1.saturating_add(1);
            }
            Err(msg) => {
                self.known_records += 1;
                self.error(line_no, msg);
            }
        }
    }
}
