//! Writing an [`SieFile`] as SIE 4 text in codepage 437 with CRLF line ends, optionally with a
//! `#KSUMMA` checksum. Used by Finsam's demo generator and benchmark, and by the round-trip tests.

use crate::encoding;
use crate::model::{AccountType, Balance, Encoding, PeriodAmount, RowKind, SieFile};

/// One field to write.
enum Item<'s> {
    /// Written bare when it can be, quoted otherwise.
    Text(&'s str),
    /// An object list.
    List(Vec<&'s str>),
}

struct Out {
    bytes: Vec<u8>,
    crc: Option<crc32fast::Hasher>,
}

impl Out {
    fn record(&mut self, label: &str, items: &[Item<'_>]) {
        self.bytes.extend_from_slice(label.as_bytes());
        if let Some(h) = &mut self.crc {
            encoding::feed(h, label, Encoding::Cp437);
        }
        for item in items {
            self.bytes.push(b' ');
            match item {
                Item::Text(t) => self.text(t),
                Item::List(items) => {
                    self.bytes.push(b'{');
                    for (i, t) in items.iter().enumerate() {
                        if i > 0 {
                            self.bytes.push(b' ');
                        }
                        self.text(t);
                    }
                    self.bytes.push(b'}');
                }
            }
        }
        self.bytes.extend_from_slice(b"\r\n");
    }

    fn text(&mut self, t: &str) {
        // What a reader will find in the field: line ends cannot stand in a field, and `\"`
        // always reads as an escaped quote, so a closing quote cannot follow a backslash (a text
        // ending in one gets a space). The checksum covers exactly that content, as the reader
        // computes it.
        let mut content = t.replace(['\r', '\n'], " ");
        if content.ends_with('\\') {
            content.push(' ');
        }
        if let Some(h) = &mut self.crc {
            encoding::feed(h, &content, Encoding::Cp437);
        }
        let bare = !content.is_empty()
            && content
                .bytes()
                .all(|b| !matches!(b, b' ' | b'\t' | b'"' | b'{' | b'}' | b'\\'));
        if bare {
            self.bytes
                .extend_from_slice(&encoding::encode_cp437(&content));
        } else {
            self.bytes.push(b'"');
            self.bytes
                .extend_from_slice(&encoding::encode_cp437(&content.replace('"', "\\\"")));
            self.bytes.push(b'"');
        }
    }

    fn line(&mut self, s: &str) {
        self.bytes.extend_from_slice(s.as_bytes());
        self.bytes.extend_from_slice(b"\r\n");
    }
}

/// The file as SIE 4 bytes (codepage 437). With `checksum`, the file is framed by `#KSUMMA`
/// records and ends with the CRC-32 of its contents, as the specification defines it.
pub fn write(file: &SieFile, checksum: bool) -> Vec<u8> {
    let mut out = Out {
        bytes: Vec::with_capacity(64 * (file.transaction_count() + file.accounts.len() + 64)),
        crc: None,
    };
    let flag = file.flag.unwrap_or(0).to_string();
    out.record("#FLAGGA", &[t(&flag)]);
    if checksum {
        out.record("#KSUMMA", &[]);
        out.crc = Some(crc32fast::Hasher::new());
    }
    if let Some((name, version)) = &file.program {
        out.record("#PROGRAM", &[t(name), t(version)]);
    }
    out.record("#FORMAT", &[t("PC8")]);
    if let Some((date, sign)) = &file.generated {
        let d = date_text(*date);
        match sign {
            Some(s) => out.record("#GEN", &[t(&d), t(s)]),
            None => out.record("#GEN", &[t(&d)]),
        }
    }
    if let Some(k) = file.sie_type {
        out.record("#SIETYP", &[t(&k.to_string())]);
    }
    for (label, value) in [
        ("#PROSA", &file.prose),
        ("#FTYP", &file.company_type),
        ("#FNR", &file.company_code),
        ("#ORGNR", &file.org_number),
    ] {
        if let Some(v) = value {
            out.record(label, &[t(v)]);
        }
    }
    if let Some(a) = &file.address {
        out.record("#ADRESS", &[t(&a[0]), t(&a[1]), t(&a[2]), t(&a[3])]);
    }
    if let Some(v) = &file.company_name {
        out.record("#FNAMN", &[t(v)]);
    }
    for y in &file.fiscal_years {
        let (i, s, e) = (y.index.to_string(), date_text(y.start), date_text(y.end));
        out.record("#RAR", &[t(&i), t(&s), t(&e)]);
    }
    if let Some(y) = file.tax_year {
        out.record("#TAXAR", &[t(&y.to_string())]);
    }
    if let Some(d) = file.extent {
        out.record("#OMFATTN", &[t(&date_text(d))]);
    }
    for (label, value) in [("#KPTYP", &file.chart_type), ("#VALUTA", &file.currency)] {
        if let Some(v) = value {
            out.record(label, &[t(v)]);
        }
    }
    for (no, a) in &file.accounts {
        out.record("#KONTO", &[t(no), t(&a.name)]);
        if let Some(k) = a.kind {
            let k = match k {
                AccountType::Asset => "T",
                AccountType::Liability => "S",
                AccountType::Cost => "K",
                AccountType::Income => "I",
            };
            out.record("#KTYP", &[t(no), t(k)]);
        }
        if let Some(u) = &a.unit {
            out.record("#ENHET", &[t(no), t(u)]);
        }
        for s in &a.sru {
            out.record("#SRU", &[t(no), t(s)]);
        }
    }
    for (no, d) in &file.dimensions {
        let no = no.to_string();
        match d.parent {
            Some(p) => out.record("#UNDERDIM", &[t(&no), t(&d.name), t(&p.to_string())]),
            None => out.record("#DIM", &[t(&no), t(&d.name)]),
        }
    }
    for (o, name) in &file.objects {
        out.record(
            "#OBJEKT",
            &[t(&o.dimension.to_string()), t(&o.object), t(name)],
        );
    }
    balances(&mut out, "#IB", &file.opening);
    balances(&mut out, "#UB", &file.closing);
    balances(&mut out, "#OIB", &file.object_opening);
    balances(&mut out, "#OUB", &file.object_closing);
    balances(&mut out, "#RES", &file.results);
    periods(&mut out, "#PSALDO", &file.period_balances);
    periods(&mut out, "#PBUDGET", &file.period_budgets);
    for v in &file.vouchers {
        let d = date_text(v.date);
        let reg = v.registered.map(date_text).unwrap_or_default();
        let mut items = vec![t(&v.series), t(&v.number), t(&d), t(&v.text)];
        if v.registered.is_some() || v.sign.is_some() {
            items.push(t(&reg));
        }
        if let Some(s) = &v.sign {
            items.push(t(s));
        }
        out.record("#VER", &items);
        out.line("{");
        for r in &v.rows {
            let label = match r.kind {
                RowKind::Normal => "#TRANS",
                RowKind::Added => "#RTRANS",
                RowKind::Removed => "#BTRANS",
            };
            let objs: Vec<String> = r.objects.iter().map(|o| o.dimension.to_string()).collect();
            let list = r
                .objects
                .iter()
                .zip(&objs)
                .flat_map(|(o, d)| [d.as_str(), o.object.as_str()])
                .collect();
            let amount = r.amount.to_string();
            let date = r.date.map(date_text).unwrap_or_default();
            let mut items = vec![t(&r.account), Item::List(list), t(&amount)];
            let tail = [
                (r.date.is_some(), date.as_str()),
                (!r.text.is_empty(), r.text.as_str()),
                (r.quantity.is_some(), r.quantity.as_deref().unwrap_or("")),
                (r.sign.is_some(), r.sign.as_deref().unwrap_or("")),
            ];
            let keep = tail
                .iter()
                .rposition(|(present, _)| *present)
                .map_or(0, |p| p + 1);
            items.extend(tail[..keep].iter().map(|(_, s)| t(s)));
            out.record(label, &items);
        }
        out.line("}");
    }
    if let Some(h) = out.crc.take() {
        let sum = h.finalize().to_string();
        out.record("#KSUMMA", &[t(&sum)]);
    }
    out.bytes
}

fn balances(out: &mut Out, label: &str, list: &[Balance]) {
    for b in list {
        let (y, a) = (b.year.to_string(), b.amount.to_string());
        let dim = b.object.as_ref().map(|o| o.dimension.to_string());
        let mut items = vec![Item::Text(&y), Item::Text(&b.account)];
        if let (Some(o), Some(d)) = (&b.object, &dim) {
            items.push(Item::List(vec![d.as_str(), o.object.as_str()]));
        }
        items.push(Item::Text(&a));
        if let Some(q) = &b.quantity {
            items.push(Item::Text(q));
        }
        out.record(label, &items);
    }
}

fn periods(out: &mut Out, label: &str, list: &[PeriodAmount]) {
    for p in list {
        let (y, per, a) = (
            p.year.to_string(),
            format!("{:04}{:02}", p.period.year, p.period.month),
            p.amount.to_string(),
        );
        let dims: Vec<String> = p.objects.iter().map(|o| o.dimension.to_string()).collect();
        let list = p
            .objects
            .iter()
            .zip(&dims)
            .flat_map(|(o, d)| [d.as_str(), o.object.as_str()])
            .collect();
        let mut items = vec![
            Item::Text(&y),
            Item::Text(&per),
            Item::Text(&p.account),
            Item::List(list),
            Item::Text(&a),
        ];
        if let Some(q) = &p.quantity {
            items.push(Item::Text(q));
        }
        out.record(label, &items);
    }
}

fn t(s: &str) -> Item<'_> {
    Item::Text(s)
}

fn date_text(d: time::Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}
