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
        /// Enhet för beloppen (text och csv); utan flaggan planens egen (unit i planfilen).
        #[arg(long, value_enum, value_name = "ENHET", help_heading = "Flaggor")]
        unit: Option<UnitArg>,
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
    /// Starta webbappen.
    #[command(help_template = HELP_TEMPLATE)]
    Serve {
        /// Databasen: sqlite:FIL eller postgres://… (standard sqlite:finsam.db).
        #[arg(long, env = "FINSAM_DB", value_name = "URL", help_heading = "Flaggor")]
        db: Option<String>,
        /// Adress och port att lyssna på.
        #[arg(
            long,
            env = "FINSAM_LISTEN",
            default_value = "127.0.0.1:8080",
            value_name = "ADRESS",
            help_heading = "Flaggor"
        )]
        listen: String,
        /// Lägg in exempelförbunden och demoanvändare (i en ny tillfällig databas om --db saknas).
        #[arg(long, help_heading = "Flaggor")]
        demo: bool,
        /// Sätt Secure på kakor (när Finsam nås över https).
        #[arg(long, env = "FINSAM_SECURE_COOKIES", help_heading = "Flaggor")]
        secure_cookies: bool,
        /// En proxy vars X-Forwarded-For anger klientens adress (kan anges flera gånger).
        #[arg(
            long = "trusted-proxy",
            env = "FINSAM_TRUSTED_PROXY",
            value_delimiter = ',',
            value_name = "IP-ADRESS",
            help_heading = "Flaggor"
        )]
        trusted_proxies: Vec<std::net::IpAddr>,
        /// Dagen appen räknar frister och rapporter från (ÅÅÅÅ-MM-DD); med --demo demons dag
        /// 2024-11-04, annars dagens datum.
        #[arg(long = "idag", value_name = "DATUM", help_heading = "Flaggor")]
        today: Option<String>,
    },
    /// Förbundets möten och rapportdagar under ett år, som kalenderfil (ICS) eller JSON.
    #[command(help_template = HELP_TEMPLATE)]
    Kalender {
        /// Förbundets organisationsnummer.
        #[arg(long = "forbund", value_name = "ORGNR", help_heading = "Flaggor")]
        association: String,
        /// Året.
        #[arg(long = "ar", value_name = "ÅR", help_heading = "Flaggor")]
        year: i32,
        /// Utdataformat.
        #[arg(
            long,
            value_enum,
            default_value = "ics",
            value_name = "FORMAT",
            help_heading = "Flaggor"
        )]
        format: CalendarFormat,
        /// Dagen som avgör vilka rapporter som redan har kommit in (ÅÅÅÅ-MM-DD; standard i dag).
        #[arg(long = "idag", value_name = "DATUM", help_heading = "Flaggor")]
        today: Option<String>,
        /// Databasen.
        #[arg(long, env = "FINSAM_DB", default_value = crate::server::DEFAULT_DB, value_name = "URL", help_heading = "Flaggor")]
        db: String,
    },
    /// Hantera användare.
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "Kommandon", subcommand_value_name = "KOMMANDO")]
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Hantera förbund.
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "Kommandon", subcommand_value_name = "KOMMANDO")]
    Association {
        #[command(subcommand)]
        command: AssociationCommand,
    },
    /// Insatser och ansökningar.
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "Kommandon", subcommand_value_name = "KOMMANDO")]
    Insats {
        #[command(subcommand)]
        command: InsatsCommand,
    },
    /// Importera en planfil som nytt utkast (förbundet skapas om det är nytt).
    #[command(help_template = HELP_TEMPLATE)]
    Import {
        /// Planfilen (TOML).
        #[arg(value_name = "FIL")]
        file: PathBuf,
        /// Ett namn som skiljer versionen från andra, t.ex. "reviderad juni".
        #[arg(long = "namn", value_name = "NAMN", help_heading = "Flaggor")]
        name: Option<String>,
        /// Databasen.
        #[arg(long, env = "FINSAM_DB", default_value = crate::server::DEFAULT_DB, value_name = "URL", help_heading = "Flaggor")]
        db: String,
    },
    /// Läs, sammanfatta, följ upp och importera SIE-filer från bokföringen.
    #[command(help_template = HELP_TEMPLATE, subcommand_help_heading = "Kommandon", subcommand_value_name = "KOMMANDO")]
    Sie {
        #[command(subcommand)]
        command: SieCommand,
    },
    /// Gör en säkerhetskopia av databasen, även medan servern kör.
    #[command(help_template = HELP_TEMPLATE)]
    Backup {
        /// Filen som kopian skrivs till (får inte finnas).
        #[arg(value_name = "FIL")]
        file: PathBuf,
        /// Databasen.
        #[arg(long, env = "FINSAM_DB", default_value = crate::server::DEFAULT_DB, value_name = "URL", help_heading = "Flaggor")]
        db: String,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Skapa en användare; lösenordet läses från FINSAM_PASSWORD eller standard in.
    #[command(help_template = HELP_TEMPLATE)]
    Add {
        /// Inloggningsnamnet.
        #[arg(value_name = "ANVÄNDARNAMN")]
        username: String,
        /// Namnet som visas.
        #[arg(long = "namn", value_name = "NAMN", help_heading = "Flaggor")]
        name: String,
        /// Förbundets organisationsnummer, för att ge en roll.
        #[arg(long = "forbund", value_name = "ORGNR", help_heading = "Flaggor")]
        association: Option<String>,
        /// Rollen: förbundschef, ekonom, styrelse, revisor eller insatsägare.
        #[arg(long = "roll", value_name = "ROLL", help_heading = "Flaggor")]
        role: Option<String>,
        /// Databasen.
        #[arg(long, env = "FINSAM_DB", default_value = crate::server::DEFAULT_DB, value_name = "URL", help_heading = "Flaggor")]
        db: String,
    },
    /// Ge en användare en roll i ett förbund (eller byt rollen den har där).
    #[command(help_template = HELP_TEMPLATE)]
    Role {
        /// Inloggningsnamnet.
        #[arg(value_name = "ANVÄNDARNAMN")]
        username: String,
        /// Förbundets organisationsnummer.
        #[arg(long = "forbund", value_name = "ORGNR", help_heading = "Flaggor")]
        association: String,
        /// Rollen: förbundschef, ekonom, styrelse, revisor eller insatsägare.
        #[arg(long = "roll", value_name = "ROLL", help_heading = "Flaggor")]
        role: String,
        /// Databasen.
        #[arg(long, env = "FINSAM_DB", default_value = crate::server::DEFAULT_DB, value_name = "URL", help_heading = "Flaggor")]
        db: String,
    },
}

#[derive(Debug, Subcommand)]
enum SieCommand {
    /// Kontrollera en SIE-fil: tyst och slutkod 0 när den är felfri, varningar och 1, fel och 2.
    #[command(help_template = HELP_TEMPLATE)]
    Check {
        /// SIE-filen.
        #[arg(value_name = "FIL")]
        file: PathBuf,
    },
    /// Sammanfatta en SIE-fil: företag, år, konton med balanser och resultat per period.
    #[command(help_template = HELP_TEMPLATE)]
    Summary {
        /// SIE-filen.
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
    /// Följ upp en period: resultaträkning, balansräkning, utfall mot budget och helårsprognos.
    #[command(help_template = HELP_TEMPLATE)]
    Uppfoljning {
        /// SIE-filen.
        #[arg(value_name = "FIL")]
        file: PathBuf,
        /// Den antagna planen (TOML), för budget och regler.
        #[arg(long, value_name = "PLANFIL", help_heading = "Flaggor")]
        plan: Option<PathBuf>,
        /// Kontokopplingen: en regel per rad (se docs/uppfoljning.md).
        #[arg(long, value_name = "FIL", help_heading = "Flaggor")]
        kontokoppling: Option<PathBuf>,
        /// Kontoplanen: kommunbas eller bas.
        #[arg(
            long,
            default_value = "kommunbas",
            value_name = "KONTOPLAN",
            help_heading = "Flaggor"
        )]
        kontoplan: String,
        /// Perioden: helar, h1, h2, t1–t3, ÅÅÅÅ-MM eller tom-ÅÅÅÅ-MM.
        #[arg(
            long,
            default_value = "helar",
            value_name = "PERIOD",
            help_heading = "Flaggor"
        )]
        period: String,
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
    /// Importera en SIE-fil till ett förbunds räkenskapsår (allt eller inget).
    #[command(help_template = HELP_TEMPLATE)]
    Import {
        /// SIE-filen.
        #[arg(value_name = "FIL")]
        file: PathBuf,
        /// Förbundets organisationsnummer.
        #[arg(long = "forbund", value_name = "ORGNR", help_heading = "Flaggor")]
        association: String,
        /// Räkenskapsåret filen ska gälla (kontrolleras mot filen).
        #[arg(long = "ar", value_name = "ÅR", help_heading = "Flaggor")]
        year: Option<i32>,
        /// Importera även om filen gäller ett annat organisationsnummer eller år.
        #[arg(long = "bekrafta", help_heading = "Flaggor")]
        confirmed: bool,
        /// Databasen.
        #[arg(long, env = "FINSAM_DB", default_value = crate::server::DEFAULT_DB, value_name = "URL", help_heading = "Flaggor")]
        db: String,
    },
}

#[derive(Debug, Subcommand)]
enum InsatsCommand {
    /// Lista förbundets ansökningar om insatser, senast inkomna först.
    #[command(help_template = HELP_TEMPLATE)]
    List {
        /// Förbundets organisationsnummer.
        #[arg(long = "forbund", value_name = "ORGNR", help_heading = "Flaggor")]
        association: String,
        /// Utdataformat.
        #[arg(
            long,
            value_enum,
            default_value = "text",
            value_name = "FORMAT",
            help_heading = "Flaggor"
        )]
        format: GoalsFormat,
        /// Databasen.
        #[arg(long, env = "FINSAM_DB", default_value = crate::server::DEFAULT_DB, value_name = "URL", help_heading = "Flaggor")]
        db: String,
    },
}

#[derive(Debug, Subcommand)]
enum AssociationCommand {
    /// Skapa ett förbund.
    #[command(help_template = HELP_TEMPLATE)]
    Add {
        /// Förbundets namn.
        #[arg(value_name = "NAMN")]
        name: String,
        /// Organisationsnumret.
        #[arg(value_name = "ORGNR")]
        org_number: String,
        /// Databasen.
        #[arg(long, env = "FINSAM_DB", default_value = crate::server::DEFAULT_DB, value_name = "URL", help_heading = "Flaggor")]
        db: String,
    },
}

/// Output formats of `finsam kalender`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CalendarFormat {
    /// En kalenderfil för Outlook, Google och Apple (iCalendar).
    Ics,
    /// JSON för program.
    Json,
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

/// clap's English words in a help text, and the Swedish ones they become. clap has no
/// translations; its headings and markers are fixed phrases, replaced here once.
const HELP_WORDS: [(&str, &str); 9] = [
    ("Arguments:", "Argument:"),
    ("Options:", "Flaggor:"),
    ("Commands:", "Kommandon:"),
    ("Usage:", "Användning:"),
    ("[OPTIONS]", "[FLAGGOR]"),
    ("Possible values:", "Möjliga värden:"),
    ("[possible values: ", "[möjliga värden: "),
    ("[default: ", "[standard: "),
    ("[env: ", "[miljövariabel: "),
];

/// A help text with clap's English headings and markers in Swedish.
fn swedish_help(text: &str) -> String {
    HELP_WORDS
        .iter()
        .fold(text.to_owned(), |t, (en, sv)| t.replace(en, sv))
}

/// A Swedish message for what clap could not parse.
fn swedish_usage_error(e: &clap::Error) -> String {
    let detail = match e.kind() {
        ErrorKind::InvalidSubcommand => "okänt kommando",
        ErrorKind::UnknownArgument => "okänd flagga eller för många argument",
        ErrorKind::MissingRequiredArgument => "ett argument saknas (oftast planfilen)",
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "ange ett kommando, t.ex. check, budget eller serve"
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

/// A report struct as JSON (its `Serialize` is the API's vocabulary), indented, on its own line.
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    writeln!(out, "{text}")
}

/// Parses the arguments, runs the command and returns the exit code.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if e.kind() == ErrorKind::DisplayHelp => {
            // clap writes its own headings in English; the help is Swedish throughout.
            let text = swedish_help(&e.render().to_string());
            crate::output::note(std::io::stdout().write_all(text.as_bytes()));
            return crate::output::exit(ExitCode::SUCCESS);
        }
        Err(e) if e.kind() == ErrorKind::DisplayVersion => {
            crate::output::note(e.print());
            return crate::output::exit(ExitCode::SUCCESS);
        }
        Err(e) => {
            eprintln!("{}", swedish_usage_error(&e));
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = crate::output::Tracked(stdout.lock());
    let outcome = match cli.command {
        Command::Check { file } => crate::check::run(&file, &mut out),
        Command::Budget { file, format, unit } => crate::budget::run(&file, format, unit, &mut out),
        Command::Goals { file, format } => crate::goals::run(&file, format, &mut out),
        Command::Serve {
            db,
            listen,
            demo,
            secure_cookies,
            trusted_proxies,
            today,
        } => crate::server::serve(crate::server::ServeOptions {
            db,
            listen,
            demo,
            secure_cookies,
            trusted_proxies,
            today,
        }),
        Command::Kalender {
            association,
            year,
            format,
            today,
            db,
        } => crate::server::calendar(
            &db,
            &association,
            year,
            format == CalendarFormat::Json,
            today.as_deref(),
        ),
        Command::User {
            command:
                UserCommand::Add {
                    username,
                    name,
                    association,
                    role,
                    db,
                },
        } => crate::server::user_add(
            &db,
            &username,
            &name,
            association.as_deref(),
            role.as_deref(),
        ),
        Command::User {
            command:
                UserCommand::Role {
                    username,
                    association,
                    role,
                    db,
                },
        } => crate::server::user_role(&db, &username, &association, &role),
        Command::Association {
            command:
                AssociationCommand::Add {
                    name,
                    org_number,
                    db,
                },
        } => crate::server::association_add(&db, &name, &org_number),
        Command::Insats {
            command:
                InsatsCommand::List {
                    association,
                    format,
                    db,
                },
        } => crate::server::insats_list(&db, &association, format == GoalsFormat::Json),
        Command::Import { file, name, db } => crate::server::import(&db, &file, name.as_deref()),
        Command::Backup { file, db } => crate::server::backup(&db, &file),
        Command::Sie { command } => match command {
            SieCommand::Check { file } => crate::sie::check(&file, &mut out),
            SieCommand::Summary { file, format } => crate::sie::summary(&file, format, &mut out),
            SieCommand::Uppfoljning {
                file,
                plan,
                kontokoppling,
                kontoplan,
                period,
                format,
            } => crate::sie::followup(
                &crate::sie::FollowUpArgs {
                    file: &file,
                    plan: plan.as_deref(),
                    mapping: kontokoppling.as_deref(),
                    chart: &kontoplan,
                    period: &period,
                    format,
                },
                &mut out,
            ),
            SieCommand::Import {
                file,
                association,
                year,
                confirmed,
                db,
            } => crate::sie::import(&db, &file, &association, year, confirmed),
        },
    };
    let _ = out.flush();
    drop(out);
    crate::output::exit(outcome.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command's help, short and long, as the user sees it.
    fn every_help(cmd: &mut clap::Command, out: &mut Vec<(String, String)>) {
        let name = cmd.get_name().to_owned();
        out.push((name.clone(), swedish_help(&cmd.render_help().to_string())));
        out.push((name, swedish_help(&cmd.render_long_help().to_string())));
        for sub in cmd.get_subcommands_mut() {
            every_help(sub, out);
        }
    }

    #[test]
    fn every_help_text_is_swedish_throughout() {
        let mut helps = Vec::new();
        every_help(&mut Cli::command(), &mut helps);
        assert!(helps.len() > 20, "every command: {}", helps.len());
        for (name, text) in helps {
            for english in [
                "Arguments",
                "Options",
                "OPTIONS",
                "Commands",
                "COMMAND",
                "Usage",
                "Possible",
                "possible",
                "default:",
                "env:",
                "Print help",
                "Print version",
                "subcommand",
            ] {
                assert!(!text.contains(english), "{name}: {english:?} in\n{text}");
            }
        }
    }
}
