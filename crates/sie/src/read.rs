//! The reader: one pass over the lines, every record checked, every problem kept with its line.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::amount::Amount;
use crate::diag::{Diagnostic, Rejected};
use crate::encoding;
use crate::lex::{self, Field};
use crate::model::{
    AccountType, Balance, Date, Dimension, Encoding, FiscalYear, ObjectRef, PeriodAmount, RowKind,
    SieFile, Transaction, Voucher, YearMonth,
};

/// The largest file the reader takes. A förbund's SIE file is a few megabytes; a file this size
/// is a mistake, and reading it whole would take the memory of a small server.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// How many errors are kept; the count of the rest is reported.
const MAX_ERRORS: usize = 100;

/// How often (in lines) the progress callback is called.
const PROGRESS_EVERY: u32 = 65_536;

/// Reads an SIE file from its bytes. On success the file's warnings are in
/// [`SieFile::warnings`]; on failure every error found, with its line.
pub fn read(bytes: &[u8]) -> Result<SieFile, Rejected> {
    read_with_progress(bytes, &mut |_, _| {})
}

/// Like [`read`], calling `progress(done, total)` (in bytes of text) now and then, for long files.
pub fn read_with_progress(
    bytes: &[u8],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<SieFile, Rejected> {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(Rejected::one(too_large(bytes.len() as u64)));
    }
    let mut vouchers = Vec::new();
    let mut file = read_streaming(bytes, progress, &mut |v| vouchers.push(v))?;
    file.vouchers = vouchers;
    Ok(file)
}

/// Like [`read_with_progress`], but each voucher goes to `sink` as soon as it is read and checked
/// instead of into [`SieFile::vouchers`], so that a large file can be summed without keeping its
/// vouchers. Everything else is read and checked the same way. When the result is an error,
/// whatever the sink received must be thrown away.
pub fn read_streaming(
    bytes: &[u8],
    progress: &mut dyn FnMut(usize, usize),
    sink: &mut dyn FnMut(Voucher),
) -> Result<SieFile, Rejected> {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(Rejected::one(too_large(bytes.len() as u64)));
    }
    let (body, enc) = encoding::detect(bytes).map_err(Rejected::one)?;
    let mut reader = Reader::new(enc, sink);
    reader.run(body, progress)?;
    reader.finish()
}

/// Reads an SIE file from disk, refusing one larger than [`MAX_FILE_BYTES`] before reading it.
pub fn read_path(path: &std::path::Path) -> Result<SieFile, Rejected> {
    read(&load(path)?)
}

/// A file's bytes, refusing one larger than [`MAX_FILE_BYTES`] before reading it, with a Swedish
/// message for a file that cannot be read.
pub fn load(path: &std::path::Path) -> Result<Vec<u8>, Rejected> {
    let unreadable = |e: std::io::Error| {
        Rejected::one(Diagnostic::new(
            0,
            format!(
                "filen {} kan inte läsas: {}",
                path.display(),
                io_message(&e)
            ),
        ))
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Rejected::one(too_large(meta.len())));
    }
    std::fs::read(path).map_err(unreadable)
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "den finns inte".to_owned(),
        std::io::ErrorKind::PermissionDenied => "behörighet saknas".to_owned(),
        std::io::ErrorKind::IsADirectory => "det är en mapp".to_owned(),
        _ => e.to_string(),
    }
}

pub(crate) fn too_large(len: u64) -> Diagnostic {
    let mb = len / (1024 * 1024);
    Diagnostic::new(
        0,
        format!(
            "filen är {mb} MB; Finsam läser SIE-filer på högst {} MB. Ett förbunds SIE-fil är \
             normalt några MB: kontrollera att det är rätt fil, eller exportera ett år i taget.",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

enum State {
    Outside,
    /// A `#VER` has been read; its `{` is expected next.
    AwaitingOpen(Voucher),
    Inside(Voucher),
    /// A `#VER` that could not be read: its braces and rows are passed over quietly, so that one
    /// bad date gives one error and not one per row.
    Skipping {
        open: bool,
    },
}

struct Reader<'s> {
    file: SieFile,
    /// Where finished vouchers go.
    sink: &'s mut dyn FnMut(Voucher),
    errors: Vec<Diagnostic>,
    more_errors: usize,
    state: State,
    /// The line of the opening `#KSUMMA` and the checksum so far.
    crc: Option<(u32, crc32fast::Hasher)>,
    crc_closed: bool,
    unknown: BTreeMap<String, (u32, usize)>,
    pending_added: Option<Transaction>,
    known_records: usize,
}

/// The fields of one record, with the accessors that turn them into typed values or messages.
struct Rec<'r, 'a> {
    label: &'r str,
    fields: &'r [Field<'a>],
}

type Res<T> = Result<T, String>;

impl<'a> Rec<'_, 'a> {
    fn get(&self, i: usize) -> Option<&Field<'a>> {
        self.fields.get(i)
    }

    fn text(&self, i: usize, what: &str) -> Res<&str> {
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

    fn opt_text(&self, i: usize) -> Option<&str> {
        match self.get(i) {
            Some(Field::Text(t)) if !t.is_empty() => Some(t),
            _ => None,
        }
    }

    fn int(&self, i: usize, what: &str) -> Res<i32> {
        let t = self.text(i, what)?;
        t.parse::<i32>().map_err(|_| {
            format!(
                "fält {} ({what}) i {} ska vara ett heltal, inte \"{t}\"",
                i + 1,
                self.label
            )
        })
    }

    fn date(&self, i: usize, what: &str) -> Res<Date> {
        parse_date(self.text(i, what)?)
    }

    fn opt_date(&self, i: usize) -> Res<Option<Date>> {
        self.opt_text(i).map(parse_date).transpose()
    }

    fn amount(&self, i: usize) -> Res<Amount> {
        let t = self.text(i, "belopp")?;
        Amount::parse(t).map_err(|e| format!("{} i {}", e.message(t), self.label))
    }

    fn account(&self, i: usize) -> Res<String> {
        let t = self.text(i, "kontonummer")?;
        if t.is_empty() {
            return Err(format!("kontonumret saknas i {}", self.label));
        }
        Ok(t.to_owned())
    }

    fn objects(&self, i: usize) -> Res<Vec<ObjectRef>> {
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

    fn has_list(&self, i: usize) -> bool {
        matches!(self.get(i), Some(Field::List(_)))
    }
}

fn object_list(items: &[Cow<'_, str>], label: &str) -> Res<Vec<ObjectRef>> {
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
fn recycle<'b>(mut v: Vec<Field<'_>>) -> Vec<Field<'b>> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

fn parse_date(t: &str) -> Res<Date> {
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

fn parse_period(t: &str) -> Res<YearMonth> {
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

fn quantity(rec: &Rec<'_, '_>, i: usize) -> Option<String> {
    rec.opt_text(i).map(str::to_owned)
}

/// Records the specification defines that carry nothing Finsam keeps beyond what is stored.
const KNOWN_IGNORED: [&str; 2] = ["#BKOD", "#KSUMMA"];

impl<'s> Reader<'s> {
    fn new(encoding: Encoding, sink: &'s mut dyn FnMut(Voucher)) -> Reader<'s> {
        Reader {
            file: SieFile::new(encoding),
            sink,
            errors: Vec::new(),
            more_errors: 0,
            state: State::Outside,
            crc: None,
            crc_closed: false,
            unknown: BTreeMap::new(),
            pending_added: None,
            known_records: 0,
        }
    }

    fn error(&mut self, line: u32, message: impl Into<String>) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(Diagnostic::new(line, message));
        } else {
            self.more_errors = self.more_errors.saturating_add(1);
        }
    }

    fn warn(&mut self, line: u32, message: impl Into<String>) {
        if self.file.warnings.len() < MAX_ERRORS {
            self.file.warnings.push(Diagnostic::new(line, message));
        }
    }

    fn run(&mut self, body: &[u8], progress: &mut dyn FnMut(usize, usize)) -> Result<(), Rejected> {
        let total = body.len();
        let mut line_no: u32 = 0;
        let mut first = true;
        // The fields' storage is kept from line to line; each line borrows it afresh (an empty
        // vector is re-typed for the line's lifetime without reallocating).
        let mut storage: Vec<Field<'static>> = Vec::with_capacity(8);
        let mut start = 0usize;
        while start <= total {
            let end = memchr::memchr(b'\n', &body[start..]).map_or(total, |i| start + i);
            let raw = &body[start..end];
            let offset = start;
            start = end + 1;
            line_no = line_no.saturating_add(1);
            if line_no.is_multiple_of(PROGRESS_EVERY) {
                progress(offset, total);
            }
            let text = encoding::line(raw, self.file.encoding);
            let line = text.trim_matches(|c| c == ' ' || c == '\t' || c == '\r');
            let mut fields = recycle(std::mem::take(&mut storage));
            let refused = self.line(line_no, line, &mut first, &mut fields);
            storage = recycle(fields);
            if let Some(r) = refused {
                return Err(r);
            }
        }
        progress(total, total);
        if first {
            return Err(Rejected::one(Diagnostic::new(
                0,
                "filen är tom. Exportera SIE-filen på nytt ur bokföringsprogrammet.",
            )));
        }
        match std::mem::replace(&mut self.state, State::Outside) {
            State::Outside | State::Skipping { .. } => {}
            State::AwaitingOpen(v) | State::Inside(v) => self.error(
                v.line,
                format!(
                    "filen tar slut inuti verifikationen {} som börjar här (avslutande }} \
                     saknas); filen är troligen avkortad. Exportera den på nytt.",
                    voucher_name(&v)
                ),
            ),
        }
        if let Some((line, _)) = &self.crc
            && !self.crc_closed
        {
            let line = *line;
            self.error(
                line,
                "filen anger här att den har en kontrollsumma (#KSUMMA), men den avslutande \
                 #KSUMMA med summan saknas; filen är troligen avkortad. Exportera den på nytt.",
            );
        }
        if self.known_records == 0 {
            return Err(Rejected::one(Diagnostic::new(
                0,
                "filen är inte en SIE-fil: den har ingen av SIE-formatets poster (#FLAGGA, \
                     #SIETYP, #KONTO, #VER …). Kontrollera att du valt rätt fil.",
            )));
        }
        Ok(())
    }

    /// One line of the file. `Some` refuses the whole file at once (it is not an SIE file).
    fn line<'a>(
        &mut self,
        line_no: u32,
        line: &'a str,
        first: &mut bool,
        fields: &mut Vec<Field<'a>>,
    ) -> Option<Rejected> {
        if line.is_empty() {
            return None;
        }
        if *first {
            *first = false;
            if !line.starts_with('#') {
                return Some(self.not_sie(line, line_no));
            }
        }
        match line.as_bytes()[0] {
            b'{' => self.open(line_no, line),
            b'}' => self.close(line_no, line),
            b'#' => {
                match lex::split(line, fields) {
                    Ok((label, unterminated)) => {
                        if unterminated {
                            self.warn(
                                line_no,
                                "ett citattecken avslutas inte; resten av raden läses som text",
                            );
                        }
                        self.record(line_no, label, fields);
                    }
                    Err(msg) => {
                        // A broken record inside a voucher still belongs to it.
                        self.error(line_no, msg);
                    }
                }
            }
            _ => self.error(
                line_no,
                "raden är ingen SIE-post: varje rad ska börja med en etikett som #KONTO eller \
                 #TRANS, eller vara { eller } runt en verifikations rader",
            ),
        }
        None
    }

    fn not_sie(&self, line: &str, line_no: u32) -> Rejected {
        let start: String = line.chars().take(30).collect();
        let lower = line.to_ascii_lowercase();
        let message = if lower.starts_with("<!doctype")
            || lower.starts_with("<html")
            || lower.starts_with('<')
        {
            format!(
                "filen är inte en SIE-fil utan en webbsida (HTML): den börjar med \"{start}\". \
                 Det händer när en nedladdning misslyckas och servern skickar en felsida. \
                 Exportera eller ladda ned SIE-filen på nytt."
            )
        } else {
            format!(
                "filen är inte en SIE-fil: den börjar med \"{start}\", men en SIE-fil börjar \
                 med en post som #FLAGGA. Kontrollera att du valt rätt fil."
            )
        };
        Rejected::one(Diagnostic::new(line_no, message))
    }

    fn open(&mut self, line_no: u32, line: &str) {
        if line.len() > 1 {
            self.error(line_no, "efter { får inget mer stå på raden");
        }
        match std::mem::replace(&mut self.state, State::Outside) {
            State::AwaitingOpen(v) => self.state = State::Inside(v),
            State::Inside(v) => {
                self.error(
                    line_no,
                    format!(
                        "en ny {{ inuti verifikationen {}; den förra saknar sin avslutande }}",
                        voucher_name(&v)
                    ),
                );
                self.state = State::Inside(v);
            }
            State::Skipping { open: false } => self.state = State::Skipping { open: true },
            State::Skipping { open: true } => {
                self.error(line_no, "en ny { före avslutande } för verifikationen ovan");
                self.state = State::Skipping { open: true };
            }
            State::Outside => self.error(line_no, "{ utan föregående #VER"),
        }
    }

    fn close(&mut self, line_no: u32, line: &str) {
        if line.len() > 1 {
            self.error(line_no, "efter } får inget mer stå på raden");
        }
        self.flush_added();
        match std::mem::replace(&mut self.state, State::Outside) {
            State::Inside(v) => {
                let imbalance = v.imbalance();
                if !imbalance.is_zero() {
                    self.warn(
                        v.line,
                        format!(
                            "verifikationen {} är inte i balans: raderna summerar till {} i \
                             stället för 0",
                            voucher_name(&v),
                            imbalance
                        ),
                    );
                }
                (self.sink)(v);
            }
            State::AwaitingOpen(v) => {
                self.error(
                    line_no,
                    format!("}} utan {{ efter verifikationen {}", voucher_name(&v)),
                );
            }
            State::Skipping { open: true } => {}
            State::Skipping { open: false } => {
                self.error(line_no, "} utan { efter verifikationen ovan");
            }
            State::Outside => self.error(line_no, "} utan inledande { och #VER"),
        }
    }

    /// An `#RTRANS` not followed by its `#TRANS` twin counts by itself.
    fn flush_added(&mut self) {
        if let Some(mut row) = self.pending_added.take() {
            let line = row.line;
            self.warn(
                line,
                "#RTRANS följs inte av samma rad som #TRANS, som specifikationen kräver; raden \
                 räknas ändå med",
            );
            row.kind = RowKind::Normal;
            if let State::Inside(v) = &mut self.state {
                v.rows.push(row);
            }
        }
    }

    fn record(&mut self, line_no: u32, label: &str, fields: &[Field<'_>]) {
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

    fn checksum(&mut self, line_no: u32, fields: &[Field<'_>]) {
        match fields.first() {
            None => {
                if self.crc.is_none() {
                    self.crc = Some((line_no, crc32fast::Hasher::new()));
                } else {
                    self.error(line_no, "#KSUMMA utan summa förekommer mer än en gång");
                }
            }
            Some(field) => {
                let text = match field {
                    Field::Text(t) => t.as_ref(),
                    Field::List(_) => "",
                };
                let Some((_, hasher)) = self.crc.take() else {
                    self.error(
                        line_no,
                        "#KSUMMA med summa utan en inledande #KSUMMA i början av filen",
                    );
                    return;
                };
                self.crc_closed = true;
                let computed = hasher.finalize();
                // The specification writes the sum as a signed or unsigned 32-bit decimal.
                let given = text
                    .parse::<u32>()
                    .ok()
                    .or_else(|| text.parse::<i32>().ok().map(i32::cast_unsigned));
                match given {
                    Some(g) if g == computed => self.file.checksum = Some(g),
                    Some(_) => self.error(
                        line_no,
                        "kontrollsumman (#KSUMMA) stämmer inte med filens innehåll: filen har \
                         ändrats eller skadats efter exporten. Exportera den på nytt.",
                    ),
                    None => self.error(
                        line_no,
                        format!("\"{text}\" i #KSUMMA är ingen kontrollsumma (ett heltal)"),
                    ),
                }
                // Keep a placeholder so that the end-of-file check knows a sum was announced.
                self.crc = Some((line_no, crc32fast::Hasher::new()));
            }
        }
    }

    fn voucher(&mut self, line_no: u32, rec: &Rec<'_, '_>) -> Res<bool> {
        let series = rec.text(0, "serie")?.to_owned();
        let number = rec.text(1, "verifikationsnummer")?.to_owned();
        let date = rec.date(2, "verifikationsdatum")?;
        let text = rec.opt_text(3).unwrap_or("").to_owned();
        let registered = rec.opt_date(4)?;
        let sign = rec.opt_text(5).map(str::to_owned);
        self.state = State::AwaitingOpen(Voucher {
            line: line_no,
            series,
            number,
            date,
            text,
            registered,
            sign,
            rows: Vec::new(),
        });
        Ok(true)
    }

    fn row(&mut self, line_no: u32, rec: &Rec<'_, '_>) -> Res<bool> {
        if !matches!(self.state, State::Inside(_)) {
            return Err(format!(
                "{} utanför en verifikation: raden ska stå mellan {{ och }} efter en #VER",
                rec.label
            ));
        }
        let account = rec.account(0)?;
        // Old files leave out the object list; the amount then follows the account.
        let (objects, at) = if rec.has_list(1) {
            (rec.objects(1)?, 2)
        } else {
            (Vec::new(), 1)
        };
        let amount = rec.amount(at)?;
        let date = rec.opt_date(at + 1)?;
        let text = rec.opt_text(at + 2).unwrap_or("").to_owned();
        let quantity = quantity(rec, at + 3);
        let sign = rec.opt_text(at + 4).map(str::to_owned);
        let kind = match rec.label {
            "#RTRANS" => RowKind::Added,
            "#BTRANS" => RowKind::Removed,
            _ => RowKind::Normal,
        };
        let row = Transaction {
            line: line_no,
            kind,
            account,
            objects,
            amount,
            date,
            text,
            quantity,
            sign,
        };
        match kind {
            RowKind::Added => {
                self.flush_added();
                self.pending_added = Some(row);
            }
            RowKind::Normal => {
                if let Some(added) = self.pending_added.take() {
                    if added.account == row.account && added.amount == row.amount {
                        self.push_row(added);
                    } else {
                        self.pending_added = Some(added);
                        self.flush_added();
                    }
                }
                self.push_row(row);
            }
            RowKind::Removed => {
                self.flush_added();
                self.push_row(row);
            }
        }
        Ok(true)
    }

    fn push_row(&mut self, row: Transaction) {
        if let State::Inside(v) = &mut self.state {
            v.rows.push(row);
        }
    }

    /// Every record outside vouchers. `Ok(false)`: not a record the specification defines.
    fn header_or_balance(&mut self, line_no: u32, rec: &Rec<'_, '_>) -> Res<bool> {
        let f = &mut self.file;
        match rec.label {
            "#FLAGGA" => {
                let v = rec.int(0, "flagga")?;
                f.flag =
                    Some(u8::try_from(v).map_err(|_| "#FLAGGA ska vara 0 eller 1".to_owned())?);
            }
            "#PROGRAM" => {
                f.program = Some((
                    rec.text(0, "programnamn")?.to_owned(),
                    rec.opt_text(1).unwrap_or("").to_owned(),
                ));
            }
            "#FORMAT" => {
                let v = rec.text(0, "format")?.to_owned();
                if !v.eq_ignore_ascii_case("PC8") && !v.eq_ignore_ascii_case("UTF8") {
                    return Err(format!(
                        "#FORMAT {v} är okänt; SIE-filer skrivs i PC8 (IBM 437)"
                    ));
                }
                f.format = Some(v);
            }
            "#GEN" => {
                f.generated = Some((rec.date(0, "datum")?, rec.opt_text(1).map(str::to_owned)));
            }
            "#SIETYP" => {
                let v = rec.int(0, "filtyp")?;
                if !(1..=4).contains(&v) {
                    return Err(format!(
                        "#SIETYP {v} finns inte; filtypen är 1, 2, 3 eller 4"
                    ));
                }
                f.sie_type = u8::try_from(v).ok();
            }
            "#PROSA" => f.prose = rec.opt_text(0).map(str::to_owned),
            "#FTYP" => f.company_type = rec.opt_text(0).map(str::to_owned),
            "#FNR" => f.company_code = rec.opt_text(0).map(str::to_owned),
            "#ORGNR" => f.org_number = rec.opt_text(0).map(str::to_owned),
            "#FNAMN" => f.company_name = Some(rec.text(0, "företagsnamn")?.to_owned()),
            "#ADRESS" => {
                f.address = Some([
                    rec.opt_text(0).unwrap_or("").to_owned(),
                    rec.opt_text(1).unwrap_or("").to_owned(),
                    rec.opt_text(2).unwrap_or("").to_owned(),
                    rec.opt_text(3).unwrap_or("").to_owned(),
                ]);
            }
            "#OMFATTN" => f.extent = Some(rec.date(0, "datum")?),
            "#TAXAR" => f.tax_year = Some(rec.int(0, "taxeringsår")?),
            "#VALUTA" => f.currency = Some(rec.text(0, "valuta")?.to_owned()),
            "#KPTYP" => f.chart_type = Some(rec.text(0, "kontoplanstyp")?.to_owned()),
            "#RAR" if rec.opt_text(1).is_none() || rec.opt_text(2).is_none() => {
                f.warnings.push(Diagnostic::new(
                    line_no,
                    "#RAR utan start- och slutdatum hoppas över",
                ));
            }
            "#RAR" => {
                let index = rec.int(0, "årsnummer")?;
                let start = rec.date(1, "startdatum")?;
                let end = rec.date(2, "slutdatum")?;
                if end < start {
                    return Err(format!("räkenskapsåret {index} slutar före det börjar"));
                }
                if f.fiscal_years.iter().any(|y| y.index == index) {
                    return Err(format!("räkenskapsår {index} anges två gånger i #RAR"));
                }
                f.fiscal_years.push(FiscalYear { index, start, end });
            }
            "#KONTO" => {
                let no = rec.account(0)?;
                let name = rec.opt_text(1).unwrap_or("").to_owned();
                f.accounts.entry(no).or_default().name = name;
            }
            "#KTYP" if rec.opt_text(1).is_none() => {
                f.warnings
                    .push(Diagnostic::new(line_no, "#KTYP utan kontotyp hoppas över"));
            }
            "#KTYP" => {
                let no = rec.account(0)?;
                let t = rec.text(1, "kontotyp")?;
                let kind = match t.to_ascii_uppercase().as_str() {
                    "T" => AccountType::Asset,
                    "S" => AccountType::Liability,
                    "K" => AccountType::Cost,
                    "I" => AccountType::Income,
                    _ => {
                        return Err(format!(
                            "kontotypen \"{t}\" finns inte; den är T, S, K eller I"
                        ));
                    }
                };
                f.accounts.entry(no).or_default().kind = Some(kind);
            }
            "#ENHET" => {
                let no = rec.account(0)?;
                f.accounts.entry(no).or_default().unit = rec.opt_text(1).map(str::to_owned);
            }
            "#SRU" => {
                let no = rec.account(0)?;
                let code = rec.text(1, "SRU-kod")?.to_owned();
                f.accounts.entry(no).or_default().sru.push(code);
            }
            "#DIM" | "#UNDERDIM" => {
                let no = rec.int(0, "dimensionsnummer")?;
                let no =
                    u32::try_from(no).map_err(|_| "dimensionsnumret är negativt".to_owned())?;
                let name = rec.opt_text(1).unwrap_or("").to_owned();
                let parent = if rec.label == "#UNDERDIM" {
                    let p = rec.int(2, "överordnad dimension")?;
                    Some(u32::try_from(p).map_err(|_| "dimensionsnumret är negativt".to_owned())?)
                } else {
                    None
                };
                f.dimensions.insert(no, Dimension { name, parent });
            }
            "#OBJEKT" => {
                let dim = rec.int(0, "dimensionsnummer")?;
                let dimension =
                    u32::try_from(dim).map_err(|_| "dimensionsnumret är negativt".to_owned())?;
                let object = rec.text(1, "objektkod")?.to_owned();
                let name = rec.opt_text(2).unwrap_or("").to_owned();
                f.objects.insert(ObjectRef { dimension, object }, name);
            }
            "#IB" | "#UB" | "#RES" => {
                let b = Balance {
                    line: line_no,
                    year: rec.int(0, "årsnummer")?,
                    account: rec.account(1)?,
                    object: None,
                    amount: rec.amount(2)?,
                    quantity: quantity(rec, 3),
                };
                match rec.label {
                    "#IB" => f.opening.push(b),
                    "#UB" => f.closing.push(b),
                    _ => f.results.push(b),
                }
            }
            "#OIB" | "#OUB" => {
                let year = rec.int(0, "årsnummer")?;
                let account = rec.account(1)?;
                let mut objects = rec.objects(2)?;
                if objects.len() != 1 {
                    return Err(format!(
                        "{} ska ha exakt ett objekt i objektlistan, inte {}",
                        rec.label,
                        objects.len()
                    ));
                }
                let b = Balance {
                    line: line_no,
                    year,
                    account,
                    object: objects.pop(),
                    amount: rec.amount(3)?,
                    quantity: quantity(rec, 4),
                };
                if rec.label == "#OIB" {
                    f.object_opening.push(b);
                } else {
                    f.object_closing.push(b);
                }
            }
            "#PSALDO" | "#PBUDGET" => {
                let year = rec.int(0, "årsnummer")?;
                let period = parse_period(rec.text(1, "period")?)?;
                let account = rec.account(2)?;
                let (objects, at) = if rec.has_list(3) {
                    (rec.objects(3)?, 4)
                } else {
                    (Vec::new(), 3)
                };
                let p = PeriodAmount {
                    line: line_no,
                    year,
                    period,
                    account,
                    objects,
                    amount: rec.amount(at)?,
                    quantity: quantity(rec, at + 1),
                };
                if rec.label == "#PSALDO" {
                    f.period_balances.push(p);
                } else {
                    f.period_budgets.push(p);
                }
            }
            l if KNOWN_IGNORED.contains(&l) => {}
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn finish(mut self) -> Result<SieFile, Rejected> {
        let unknown = std::mem::take(&mut self.unknown);
        for (label, (line, count)) in unknown {
            let times = if count == 1 {
                String::new()
            } else {
                format!(" ({count} gånger)")
            };
            self.warn(
                line,
                format!("posten {label} ingår inte i SIE 4B och hoppas över{times}"),
            );
        }
        if self.file.flag.is_none() {
            self.warn(0, "#FLAGGA saknas; den ska vara filens första post");
        }
        self.file.warnings.sort_by_key(|d| d.line);
        if self.errors.is_empty() {
            Ok(self.file)
        } else {
            self.errors.sort_by_key(|d| d.line);
            Err(Rejected {
                errors: self.errors,
                warnings: self.file.warnings,
                more_errors: self.more_errors,
            })
        }
    }
}

fn voucher_name(v: &Voucher) -> String {
    match (v.series.is_empty(), v.number.is_empty()) {
        (true, true) => format!("från {}", v.date),
        (false, true) => format!("{} (utan nummer)", v.series),
        _ => format!("{} {}", v.series, v.number),
    }
}
