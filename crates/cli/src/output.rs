//! Standard output that never panics: every write goes through here, and the first failure (a
//! full disk behind `> fil`, a closed pipe) is remembered, so that the command can end with a
//! Swedish message and exit code 3 instead of a panic (`println!` panics) or a silent exit 0.

use std::io::{self, Write};
use std::sync::Mutex;

/// The first write failure of this run, if any.
static FAILED: Mutex<Option<io::ErrorKind>> = Mutex::new(None);

/// Remembers `r`'s failure, if it is the first.
pub fn note(r: io::Result<()>) {
    if let Err(e) = r
        && let Ok(mut first) = FAILED.lock()
    {
        first.get_or_insert(e.kind());
    }
}

/// The first failure, if there was one.
pub fn failure() -> Option<io::ErrorKind> {
    FAILED.lock().ok().and_then(|f| *f)
}

/// The Swedish sentence for a failed write to standard output.
pub fn message(kind: io::ErrorKind) -> String {
    let why = match kind {
        io::ErrorKind::StorageFull => "disken är full",
        io::ErrorKind::BrokenPipe => "mottagaren slutade läsa",
        io::ErrorKind::PermissionDenied => "behörighet saknas",
        _ => "utdata gick inte att skriva",
    };
    format!(
        "fel: utskriften kunde inte skrivas ({why}). Det kommandot gjorde i övrigt är gjort; \
         kör det igen med utdata till en plats där det får plats."
    )
}

/// The exit code to end with: `code`, or 3 with the Swedish message when anything written to
/// standard output was lost.
pub fn exit(code: std::process::ExitCode) -> std::process::ExitCode {
    note(io::stdout().flush());
    match failure() {
        Some(kind) => {
            eprintln!("{}", message(kind));
            std::process::ExitCode::from(3)
        }
        None => code,
    }
}

/// A writer whose failures are remembered (see [`note`]) and then ignored, so that the command
/// goes on to its end and reports once.
#[derive(Debug)]
pub struct Tracked<W: Write>(pub W);

impl<W: Write> Write for Tracked<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.0.write(buf) {
            Ok(n) => Ok(n),
            Err(e) => {
                note(Err(io::Error::new(e.kind(), e.to_string())));
                // Swallowed: what could not be written is lost, and the end says so.
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        note(self.0.flush());
        Ok(())
    }
}

/// `println!` to standard output without the panic: a failure is remembered.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        $crate::output::note(writeln!(std::io::stdout(), $($arg)*));
    }};
}
