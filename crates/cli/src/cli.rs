//! Arguments, help texts in Swedish, and exit codes.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand, ValueEnum};

/// What a command's outcome means for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// All is well: exit 0.
    Clean,
    /// The check found something: exit 1.
    Findings,
    /// The input could not be read or used: exit 2.
    Unreadable,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        match o {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Unreadable => ExitCode::from(2),
        }
    }
}

const HELP_TEMPLATE: &str = "{about}\n\nAnvändning: {usage}\n\n{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "finsam",
    version,
    about = "Finsam: plan, budget och uppföljning för samordningsförbund.",
    help_template = HELP_TEMPLATE,
    subcommand_help_heading = "Kommandon",
    subcommand_value_name = "KOMMANDO",
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Visa hjälp.
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true, help_heading = "Flaggor")]
    help: Option<bool>,
    /// Visa versionen.
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version, help_heading = "Flaggor")]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Kontrollera en planfil: tyst och slutkod 0 när allt stämmer, annars varje fynd och slutkod 1.
    #[command(help_template = HELP_TEMPLATE)]
    Check {
        /// Planfilen (TOML).
        #[arg(value_name = "FIL")]
        file: PathBuf,
    },
    /// Skriv ut flerårsbudgeten som i det tryckta dokumentet.
    #[command(help_template = HELP_TEMPLATE)]
    Budget {
        /// Planfilen (TOML).
        #[arg(value_name = "FIL")]
        file: PathBuf,
        /// Utdataformat.
        #[arg(
            long,
            value_enum,
            default_value = "text",
            value_name = "FORMAT",
            help_heading = "Flaggor"
        )]
        format: Format,
        /// Enhet för beloppen (text och csv).
        #[arg(
            long,
            value_enum,
            default_value = "kr",
            value_name = "ENHET",
            help_heading = "Flaggor"
        )]
        unit: UnitArg,
    },
    /// Skriv ut målen med mätpunkter och bedömningar.
    #[command(help_template = HELP_TEMPLATE)]
    Goals {
        /// Planfilen (TOML).
        #[arg(value_name = "FIL")]
        file: PathBuf,
        /// Utdataformat.
        #[arg(
            long,
            value_enum,
            default_value = "text",
            value_name = "FORMAT",
            help_heading = "Flaggor"
        )]
        format: GoalsFormat,
    },
}

/// Output formats of `finsam budget`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// En tabell att läsa.
    Text,
    /// JSON för program (belopp i öre).
    Json,
    /// CSV för kalkylark.
    Csv,
}

/// Output formats of `finsam goals`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GoalsFormat {
    /// En lista att läsa.
    Text,
    /// JSON för program.
    Json,
}

/// The unit of `--unit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum UnitArg {
    /// Kronor.
    Kr,
    /// Tusental kronor.
    Tkr,
}

/// A Swedish message for what clap could not parse.
fn swedish_usage_error(e: &clap::Error) -> String {
    let detail = match e.kind() {
        ErrorKind::InvalidSubcommand => "okänt kommando",
        ErrorKind::UnknownArgument => "okänd flagga eller för många argument",
        ErrorKind::MissingRequiredArgument => "ett argument saknas (oftast planfilen)",
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "ange ett kommando: check, budget eller goals"
        }
        ErrorKind::InvalidValue => "ett otillåtet värde",
        ErrorKind::NoEquals | ErrorKind::ValueValidation => "ett felaktigt värde",
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => "fel antal värden",
        ErrorKind::ArgumentConflict => "flaggor som inte går att kombinera",
        ErrorKind::InvalidUtf8 => "argument som inte är giltig text",
        _ => "felaktiga argument",
    };
    // clap quotes the offending word in its own message; keep that part for precision.
    let culprit = e
        .to_string()
        .lines()
        .next()
        .and_then(|l| l.split('\'').nth(1).map(str::to_owned))
        .map(|w| format!(": '{w}'"))
        .unwrap_or_default();
    format!("fel: {detail}{culprit}. Skriv finsam --help för hjälp.")
}

/// Parses the arguments, runs the command and returns the exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{}", swedish_usage_error(&e));
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let outcome = match cli.command {
        Command::Check { file } => crate::check::run(&file, &mut out),
        Command::Budget { file, format, unit } => crate::budget::run(&file, format, unit, &mut out),
        Command::Goals { file, format } => crate::goals::run(&file, format, &mut out),
    };
    let _ = out.flush();
    outcome.into()
}
