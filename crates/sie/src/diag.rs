//! Errors and warnings, each with its line and a Swedish message.

use serde::Serialize;

/// One thing the reader has to say about a line of the file (line 0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub line: u32,
    pub message: String,
}

impl Diagnostic {
    pub(crate) fn new(line: u32, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            write!(f, "rad {}: {}", self.line, self.message)
        }
    }
}

/// Why a file was refused: every error found (up to a limit), and the warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// How many further errors were found but not kept.
    pub more_errors: usize,
}

impl Rejected {
    /// A refusal for one reason.
    pub(crate) fn one(error: Diagnostic) -> Rejected {
        Rejected {
            errors: vec![error],
            warnings: Vec::new(),
            more_errors: 0,
        }
    }
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        if self.more_errors > 0 {
            write!(f, "\n… och {} fel till", self.more_errors)?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejected {}
