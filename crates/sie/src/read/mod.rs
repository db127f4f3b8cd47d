//! The reader: one pass over the lines, every record checked, every problem kept with its line.

mod balances;
mod checksum;
mod records;
mod vouchers;

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::amount::Amount;
use crate::diag::{Diagnostic, Rejected};
use crate::encoding;
use crate::lex::{self, Field};
use records::{KNOWN_IGNORED, Rec, Res, parse_period, quantity, recycle};
use vouchers::voucher_name;

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
    /// The vouchers read, and the line of the first.
    vouchers: usize,
    first_voucher: u32,
}

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
            vouchers: 0,
            first_voucher: 0,
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
        // SIE 4B: verifikationer (#VER) hör till filtyp 4; typ 1–3 har bara saldon.
        if let Some(kind @ 1..=3) = self.file.sie_type
            && self.vouchers > 0
        {
            let n = self.vouchers;
            self.warn(
                self.first_voucher,
                format!(
                    "filen är av typ {kind} (#SIETYP {kind}) men har {n} verifikationer; enligt \
                     SIE 4B hör #VER bara till typ 4. De läses ändå; exportera helst en fil av typ 4"
                ),
            );
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
