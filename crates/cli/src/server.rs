//! The commands that work on a database: `serve`, `user add`, `association add`, `import` and
//! `backup`.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use finsam_app::App;
use finsam_app::users::NewUser;
use finsam_store::{Actor, Role, SqlStore};
use finsam_web::AppState;

use crate::cli::Outcome;

/// The database used when none is named.
pub const DEFAULT_DB: &str = "sqlite:finsam.db";

pub(crate) fn runtime() -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => Some(r),
        Err(e) => {
            eprintln!("fel: kunde inte starta: {e}");
            None
        }
    }
}

/// The store at `db` and the application over it.
pub(crate) async fn open(db: &str) -> Option<(SqlStore, App)> {
    match SqlStore::open(db).await {
        Ok(s) => Some((s.clone(), App::new(Arc::new(s)))),
        Err(e) => {
            eprintln!("fel: databasen {db} kunde inte öppnas: {e}");
            None
        }
    }
}

/// What `finsam serve` is told.
#[derive(Debug)]
pub struct ServeOptions {
    /// The database URL (`sqlite:finsam.db` when none).
    pub db: Option<String>,
    /// Where to listen.
    pub listen: String,
    /// Load the demo.
    pub demo: bool,
    /// Cookies with `Secure`.
    pub secure_cookies: bool,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The day the app counts from (`--idag`), if not the calendar's.
    pub today: Option<String>,
}

/// The day `--idag` names, the demo's day with `--demo`, or none (the calendar's); a wrong
/// date is said in Swedish.
fn day_given(today: Option<&str>, demo: bool) -> Result<Option<finsam_core::plan::Date>, String> {
    let text = match (today, demo) {
        (Some(t), _) => t,
        (None, true) => finsam_app::demo::insatser::DAY,
        (None, false) => return Ok(None),
    };
    finsam_core::insats::serial::parse_day(text)
        .map(Some)
        .ok_or_else(|| {
            format!("\"{text}\" är inget datum; skriv --idag ÅÅÅÅ-MM-DD, t.ex. 2024-11-04.")
        })
}

/// `finsam serve`.
pub fn serve(options: ServeOptions) -> Outcome {
    let ServeOptions {
        db,
        listen,
        demo,
        secure_cookies,
        trusted_proxies,
        today,
    } = options;
    let today = match day_given(today.as_deref(), demo) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("fel: {e}");
            return Outcome::Unreadable;
        }
    };
    let listen = listen.as_str();
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colour codes only for a terminal: a log written to a file or a journal stays plain.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    let Some(rt) = runtime() else {
        return Outcome::Unreadable;
    };
    rt.block_on(async move {
        // A demo without a named database gets a fresh one that is gone afterwards.
        let tmp = if demo && db.is_none() {
            tempdir()
        } else {
            None
        };
        let db = match (&db, &tmp) {
            (Some(db), _) => db.clone(),
            (None, Some(dir)) => format!("sqlite:{}", dir.join("finsam-demo.db").display()),
            (None, None) => DEFAULT_DB.to_owned(),
        };
        let Some((store, mut app)) = open(&db).await else {
            return Outcome::Unreadable;
        };
        if let Some(day) = today {
            app = app.on_day(day);
        }
        if demo && let Err(e) = finsam_app::demo::load(app.store()).await {
            eprintln!("fel: demodata kunde inte läggas in: {e}");
            return Outcome::Unreadable;
        }
        let listener = match tokio::net::TcpListener::bind(listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!(
                    "fel: kan inte lyssna på {listen}: {e}. Välj en annan adress med --listen."
                );
                return Outcome::Unreadable;
            }
        };
        let addr = listener
            .local_addr()
            .map_or_else(|_| listen.to_owned(), |a| a.to_string());
        // Written without println!, which panics when nobody reads standard output any more
        // (a closed pipe, a service manager); the server must go on serving then.
        let mut out = std::io::stdout();
        let _ = writeln!(out, "Finsam kör på http://{addr}/ (databas {db})");
        if demo {
            let _ = writeln!(
                out,
                "Demoinloggning: användarnamn demo, lösenord {}",
                finsam_app::demo::PASSWORD
            );
            let _ = writeln!(
                out,
                "Fler roller med samma lösenord: ekonom, styrelse, revisor"
            );
        }
        let _ = writeln!(out, "Avsluta med Ctrl-C.");
        let _ = out.flush();
        if let Some(day) = today {
            let _ = writeln!(out, "Appen räknar med att det är {day}.");
        }
        let mut state = AppState::new(Arc::new(store.clone()), secure_cookies);
        state.app = app;
        state.trusted_proxies = trusted_proxies;
        let result = finsam_web::serve(listener, state).await;
        store.close().await;
        if let Some(dir) = tmp {
            let _ = std::fs::remove_dir_all(dir);
        }
        match result {
            Ok(()) => Outcome::Clean,
            Err(e) => {
                eprintln!("fel: servern stannade: {e}");
                Outcome::Unreadable
            }
        }
    })
}

fn tempdir() -> Option<PathBuf> {
    let dir = std::env::temp_dir().join(format!("finsam-demo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir)
}

/// The password for a new user: `FINSAM_PASSWORD`, or the first line of standard input.
fn read_password() -> Option<String> {
    if let Ok(p) = std::env::var("FINSAM_PASSWORD") {
        return Some(p);
    }
    eprintln!("Skriv lösenordet och tryck Enter:");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    Some(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// A role's Swedish word, or the message that says which words there are.
fn role_of(word: &str) -> Option<Role> {
    let role = Role::from_word(word);
    if role.is_none() {
        eprintln!(
            "fel: okänd roll \"{word}\"; välj förbundschef, ekonom, styrelse, revisor eller insatsägare"
        );
    }
    role
}

/// `finsam user role NAMN --forbund ORGNR --roll ROLL`.
pub fn user_role(db: &str, username: &str, org: &str, role: &str) -> Outcome {
    let Some(role) = role_of(role) else {
        return Outcome::Unreadable;
    };
    let Some(rt) = runtime() else {
        return Outcome::Unreadable;
    };
    rt.block_on(async {
        let Some((_, app)) = open(db).await else {
            return Outcome::Unreadable;
        };
        match app.grant_role_by_name(username, org, role).await {
            Ok(name) => {
                say!("{username} har nu rollen {role} i {name}.");
                Outcome::Clean
            }
            Err(e) => {
                eprintln!("fel: {e}");
                Outcome::Unreadable
            }
        }
    })
}

/// `finsam user add`.
pub fn user_add(
    db: &str,
    username: &str,
    name: &str,
    association: Option<&str>,
    role: Option<&str>,
) -> Outcome {
    let role = match role.map(role_of) {
        Some(Some(r)) => Some(r),
        Some(None) => return Outcome::Unreadable,
        None => None,
    };
    if association.is_some() != role.is_some() {
        eprintln!("fel: ange både --forbund och --roll, eller ingen av dem");
        return Outcome::Unreadable;
    }
    let Some(password) = read_password() else {
        eprintln!("fel: inget lösenord angavs");
        return Outcome::Unreadable;
    };
    let Some(rt) = runtime() else {
        return Outcome::Unreadable;
    };
    rt.block_on(async {
        let Some((_, app)) = open(db).await else {
            return Outcome::Unreadable;
        };
        let new = NewUser {
            username,
            display_name: name,
            password: &password,
            role: association.zip(role),
        };
        match app.create_user(new).await {
            Ok(_) => {
                say!("Användaren {username} skapades.");
                Outcome::Clean
            }
            Err(e) => {
                eprintln!("fel: {e}");
                Outcome::Unreadable
            }
        }
    })
}

/// `finsam association add`.
pub fn association_add(db: &str, name: &str, org: &str) -> Outcome {
    let Some(rt) = runtime() else {
        return Outcome::Unreadable;
    };
    rt.block_on(async {
        let Some((_, app)) = open(db).await else {
            return Outcome::Unreadable;
        };
        match app.create_association(Actor::System, name, org).await {
            Ok((_, org)) => {
                say!("Förbundet {name} ({org}) skapades.");
                Outcome::Clean
            }
            Err(e) => {
                eprintln!("fel: {e}");
                Outcome::Unreadable
            }
        }
    })
}

/// `finsam insats list --forbund ORGNR`: the förbund's applications, newest first, as a table
/// to read or as JSON (the API's words).
/// The förbund with organisation number `org`; none, with the Swedish message said, when there
/// is none or the database fails.
async fn association_of(app: &App, org: &str) -> Option<finsam_store::Association> {
    match app.association_by_org(org).await {
        Ok(Some(a)) => Some(a),
        Ok(None) => {
            eprintln!("fel: inget förbund har organisationsnummer {org}.");
            None
        }
        Err(e) => {
            eprintln!("fel: {e}");
            None
        }
    }
}

/// `finsam kalender`: the förbund's meetings and report due dates in `year`, as ICS or JSON, as
/// the kansli sees them.
pub fn calendar(db: &str, org: &str, year: i32, json: bool, today: Option<&str>) -> Outcome {
    let today = match day_given(today, false) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("fel: {e}");
            return Outcome::Unreadable;
        }
    };
    let day = |md: &str| finsam_core::insats::serial::parse_day(&format!("{year:04}-{md}"));
    let range = match (day("01-01"), day("12-31")) {
        (Some(a), Some(b)) if (1900..=2200).contains(&year) => (a, b),
        _ => {
            eprintln!("fel: {year} är inget år Finsam har kalender för; skriv t.ex. --ar 2024.");
            return Outcome::Unreadable;
        }
    };
    let Some(rt) = runtime() else {
        return Outcome::Unreadable;
    };
    rt.block_on(async {
        let Some((_, mut app)) = open(db).await else {
            return Outcome::Unreadable;
        };
        if let Some(day) = today {
            app = app.on_day(day);
        }
        let Some(association) = association_of(&app, org).await else {
            return Outcome::Unreadable;
        };
        let calendar = match app
            .calendar(
                &association,
                (finsam_store::Role::Director, None),
                range,
                app.today(),
            )
            .await
        {
            Ok(c) => c,
            Err(e) => {
                eprintln!("fel: {e}");
                return Outcome::Unreadable;
            }
        };
        if json {
            say!(
                "{}",
                serde_json::to_string_pretty(&calendar).unwrap_or_default()
            );
        } else {
            let mut out = std::io::stdout();
            let _ = out.write_all(
                finsam_report::ics::render(&calendar, finsam_app::users::now()).as_bytes(),
            );
        }
        Outcome::Clean
    })
}

pub fn insats_list(db: &str, org: &str, json: bool) -> Outcome {
    let Some(rt) = runtime() else {
        return Outcome::Unreadable;
    };
    rt.block_on(async {
        let Some((_, app)) = open(db).await else {
            return Outcome::Unreadable;
        };
        let Some(association) = association_of(&app, org).await else {
            return Outcome::Unreadable;
        };
        let page = match app
            .applications(
                &association,
                None,
                finsam_store::PageRequest::new(1, finsam_store::PageRequest::MAX_PER_PAGE),
            )
            .await
        {
            Ok(p) => p,
            Err(e) => {
                eprintln!("fel: {e}");
                return Outcome::Unreadable;
            }
        };
        if json {
            let items: Vec<serde_json::Value> = page
                .items
                .iter()
                .map(|h| {
                    serde_json::json!({
                        "id": h.id.0,
                        "diarienummer": h.case_number,
                        "insats": h.insats,
                        "insatsagare": h.owner,
                        "status": h.state,
                        "inkom": h.submitted.to_string(),
                    })
                })
                .collect();
            say!(
                "{}",
                serde_json::to_string_pretty(&items).unwrap_or_default()
            );
        } else if page.items.is_empty() {
            say!("{} har inga ansökningar.", association.name);
        } else {
            say!("Ansökningar i {}, senast inkomna först:", association.name);
            for h in &page.items {
                say!(
                    "{:<12} {:<11} {:<22} {} ({})",
                    h.case_number,
                    h.submitted.to_string(),
                    h.state.label(),
                    h.insats,
                    h.owner
                );
            }
        }
        Outcome::Clean
    })
}

/// `finsam import FILE`: a plan file as a new draft of its association (created if new).
pub fn import(db: &str, path: &Path, version_name: Option<&str>) -> Outcome {
    let Some(input) = crate::input::load(path) else {
        return Outcome::Unreadable;
    };
    let Some(rt) = runtime() else {
        return Outcome::Unreadable;
    };
    let plan = &input.loaded.plan;
    rt.block_on(async {
        let Some((_, app)) = open(db).await else {
            return Outcome::Unreadable;
        };
        match app
            .import_plan_creating_association(Actor::System, plan, &input.source, version_name)
            .await
        {
            Ok((_, v)) => {
                let name = v
                    .name
                    .as_deref()
                    .map(|n| format!(" med namnet \"{n}\""))
                    .unwrap_or_default();
                say!(
                    "{} importerades som utkast (version {}, nr {}){name} i {}.",
                    plan.title,
                    v.number,
                    v.id.0,
                    plan.association.name
                );
                Outcome::Clean
            }
            Err(e) => {
                eprintln!("fel: {e}");
                Outcome::Unreadable
            }
        }
    })
}

/// `finsam backup FILE`: a consistent copy of the SQLite database, also while the server runs.
pub fn backup(db: &str, to: &Path) -> Outcome {
    if to.exists() {
        eprintln!(
            "fel: {} finns redan; välj ett nytt filnamn så att ingen kopia skrivs över",
            to.display()
        );
        return Outcome::Unreadable;
    }
    let Some(rt) = runtime() else {
        return Outcome::Unreadable;
    };
    rt.block_on(async {
        let Some((_, app)) = open(db).await else {
            return Outcome::Unreadable;
        };
        match app.store().backup(&to.display().to_string()).await {
            Ok(()) => {
                say!("Säkerhetskopian skrevs till {}.", to.display());
                Outcome::Clean
            }
            Err(e) => {
                eprintln!("fel: säkerhetskopian kunde inte skrivas: {e}");
                Outcome::Unreadable
            }
        }
    })
}
