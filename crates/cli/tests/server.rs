//! The commands that work on a database, as an administrator uses them: set-up from the command
//! line, `finsam serve` with graceful shutdown, and a backup taken while the server runs that
//! gives back exactly the same data.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use finsam_store::prelude::*;
use finsam_store::{AssociationId, SqlStore, VersionId};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn finsam() -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("finsam"));
    c.current_dir(root());
    c
}

fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = finsam();
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.stdin(Stdio::null()).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// Everything a store holds, in a form that can be compared.
async fn snapshot(store: &SqlStore) -> String {
    let mut out = String::new();
    for a in store.associations().await.expect("lists") {
        out.push_str(&format!("{a:?}\n"));
        for v in store.versions(a.id).await.expect("lists") {
            out.push_str(&format!("{v:?}\n"));
        }
        for e in store.audit_log(a.id, 100_000).await.expect("reads") {
            out.push_str(&format!("{e:?}\n"));
        }
    }
    out
}

#[test]
fn set_up_from_the_command_line() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = format!("sqlite:{}", dir.path().join("f.db").display());
    let (code, out, err) = run(
        &[
            "association",
            "add",
            "Samordningsförbundet SOFINT",
            "2220001818",
            "--db",
            &db,
        ],
        &[],
    );
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "Förbundet Samordningsförbundet SOFINT (222000-1818) skapades.\n"
        ),
        "{err}"
    );
    let (code, _, err) = run(
        &["association", "add", "Kopia", "222000-1818", "--db", &db],
        &[],
    );
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "fel: ett förbund med organisationsnummer 222000-1818 finns redan\n"
        )
    );
    let (code, _, err) = run(
        &["association", "add", "Fel", "222000-1817", "--db", &db],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("kontrollsiffran stämmer inte"), "{err}");

    let pw = [("FINSAM_PASSWORD", "ett långt lösenord")];
    let (code, out, err) = run(
        &[
            "user",
            "add",
            "anna",
            "--namn",
            "Anna Ek",
            "--forbund",
            "222000-1818",
            "--roll",
            "förbundschef",
            "--db",
            &db,
        ],
        &pw,
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "Användaren anna skapades.\n"),
        "{err}"
    );
    // The organisationsnummer is matched as a number, with or without its dash.
    let (code, out, err) = run(
        &[
            "user",
            "add",
            "eva",
            "--namn",
            "Eva Al",
            "--forbund",
            "2220001818",
            "--roll",
            "ekonom",
            "--db",
            &db,
        ],
        &pw,
    );
    assert_eq!(
        (code, out.as_str()),
        (0, "Användaren eva skapades.\n"),
        "{err}"
    );
    let (code, _, err) = run(
        &[
            "user",
            "add",
            "ulf",
            "--namn",
            "Ulf",
            "--forbund",
            "222000-1826",
            "--roll",
            "ekonom",
            "--db",
            &db,
        ],
        &pw,
    );
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "fel: inget förbund har organisationsnummer 222000-1826; skapa det med finsam association add\n"
        )
    );
    let (code, _, err) = run(
        &["user", "add", "bo", "--namn", "Bo", "--db", &db],
        &[("FINSAM_PASSWORD", "kort")],
    );
    assert_eq!(
        (code, err.as_str()),
        (2, "fel: lösenordet ska ha minst 12 tecken\n")
    );
    // The login form takes a password exactly as typed; one that begins or ends with a space is
    // refused here, where it is set, instead of being unusable there.
    let (code, _, err) = run(
        &["user", "add", "bo", "--namn", "Bo", "--db", &db],
        &[("FINSAM_PASSWORD", " ett långt lösenord ")],
    );
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "fel: lösenordet får inte börja eller sluta med mellanslag\n"
        )
    );
    let (code, _, err) = run(
        &[
            "user",
            "add",
            "bo",
            "--namn",
            "Bo",
            "--forbund",
            "222000-1818",
            "--roll",
            "kung",
            "--db",
            &db,
        ],
        &pw,
    );
    assert_eq!(code, 2);
    assert!(err.starts_with("fel: okänd roll \"kung\""), "{err}");

    let (code, out, err) = run(&["import", "examples/sofint-2024.toml", "--db", &db], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Verksamhetsplan och budget 2024 importerades som utkast (version 1, nr 1) i Samordningsförbundet SOFINT.\n"
    );
    // The same plan again, named so that the two can be told apart.
    let (code, out, err) = run(
        &[
            "import",
            "examples/sofint-2024.toml",
            "--namn",
            "reviderad juni",
            "--db",
            &db,
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Verksamhetsplan och budget 2024 importerades som utkast (version 1, nr 2) med namnet \"reviderad juni\" i Samordningsförbundet SOFINT.\n"
    );
    let long = "x".repeat(81);
    let (code, _, err) = run(
        &[
            "import",
            "examples/sofint-2024.toml",
            "--namn",
            &long,
            "--db",
            &db,
        ],
        &[],
    );
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "fel: versionens namn får ha högst 80 tecken, t.ex. \"reviderad juni\"\n"
        )
    );
    // A role in a second förbund for a user who already has one.
    let (code, _, err) = run(
        &["association", "add", "Älvdalen", "222000-1230", "--db", &db],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let role = |who: &str, org: &str, role: &str| {
        run(
            &[
                "user",
                "role",
                who,
                "--forbund",
                org,
                "--roll",
                role,
                "--db",
                &db,
            ],
            &[],
        )
    };
    let (code, out, err) = role("eva", "222000-1230", "revisor");
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "eva har nu rollen revisor i Älvdalen.\n", "")
    );
    let (code, _, err) = role("nils", "222000-1230", "revisor");
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "fel: ingen användare heter nils; skapa den med finsam user add\n"
        )
    );
    let (code, _, err) = role("eva", "222000-1230", "kung");
    assert_eq!(code, 2);
    assert!(err.starts_with("fel: okänd roll \"kung\""), "{err}");

    runtime().block_on(async {
        let store = SqlStore::open(&db).await.expect("opens");
        let anna = store.user_by_username("anna").await.expect("exists");
        assert!(anna.password_hash.starts_with("$argon2id$"));
        let eva = store.user_by_username("eva").await.expect("exists");
        let hers = store.associations_for(eva.id).await.expect("lists");
        let roles: Vec<(&str, &str)> = hers
            .iter()
            .map(|(a, r)| (a.name.as_str(), r.word()))
            .collect();
        assert_eq!(
            roles,
            [
                ("Samordningsförbundet SOFINT", "ekonom"),
                ("Älvdalen", "revisor")
            ]
        );
        assert!(
            store.user_by_username("ulf").await.is_err(),
            "nothing written"
        );
        let mine = store.associations_for(anna.id).await.expect("lists");
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0].1.word(), "förbundschef");
        let versions = store.versions(mine[0].0.id).await.expect("lists");
        let text =
            std::fs::read_to_string(root().join("examples/sofint-2024.toml")).expect("reads");
        assert_eq!(versions[0].document, text, "imported exactly");
    });
}

struct Server {
    child: Child,
    addr: String,
    /// Kept open so that the server's later lines have a reader.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(db: &str) -> Server {
    start_server_logging(db, Stdio::null())
}

/// A demo server whose log (standard error) goes to `log`.
fn start_server_logging(db: &str, log: impl Into<Stdio>) -> Server {
    let mut child = finsam()
        .args(["serve", "--demo", "--db", db, "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("reads the first line");
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("an address in {first:?}"))
        .to_owned();
    Server {
        child,
        addr,
        _stdout: stdout,
    }
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("writes");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("reads");
    out
}

#[test]
fn serve_answers_and_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = format!("sqlite:{}", dir.path().join("f.db").display());
    let log_path = dir.path().join("finsam.log");
    let log = std::fs::File::create(&log_path).expect("a log file");
    let mut server = start_server_logging(&db, log);
    let answer = get(&server.addr, "/healthz");
    assert!(
        answer.starts_with("HTTP/1.1 200") && answer.ends_with("ok"),
        "{answer}"
    );
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill")
            .success()
    );
    let start = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().expect("waits") {
            assert!(status.success(), "exits cleanly: {status}");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "did not stop within 10 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The log written to a file is plain text: no terminal colour codes.
    let log = std::fs::read_to_string(&log_path).expect("the log");
    assert!(!log.trim().is_empty(), "the server logs");
    assert!(
        !log.contains('\u{1b}'),
        "colour codes in the log file:\n{log}"
    );
}

#[test]
fn a_backup_taken_while_the_server_runs_restores_the_same_data() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = format!("sqlite:{}", dir.path().join("f.db").display());
    let server = start_server(&db);
    assert!(get(&server.addr, "/healthz").ends_with("ok"));
    let copy = dir.path().join("kopia.db");
    let (code, out, err) = run(&["backup", &copy.display().to_string(), "--db", &db], &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!("Säkerhetskopian skrevs till {}.\n", copy.display())
    );
    let (code, _, err) = run(&["backup", &copy.display().to_string(), "--db", &db], &[]);
    assert_eq!(code, 2, "an existing copy is never overwritten");
    assert!(err.contains("finns redan"), "{err}");
    runtime().block_on(async {
        let live = SqlStore::open(&db).await.expect("opens the live database");
        let restored = SqlStore::open(&format!("sqlite:{}", copy.display()))
            .await
            .expect("opens the copy");
        let before = snapshot(&live).await;
        assert!(before.contains("Samordningsförbundet SOFINT"));
        assert_eq!(
            snapshot(&restored).await,
            before,
            "the copy holds exactly the same data"
        );
        // The live database goes on changing; the copy does not.
        let v = live.versions(AssociationId(1)).await.expect("lists")[0].clone();
        live.update_draft(
            finsam_store::Actor::System,
            AssociationId(1),
            VersionId(v.id.0),
            v.row_version,
            "title = \"x\"",
            "efter kopian",
        )
        .await
        .expect("saves");
        assert_ne!(snapshot(&live).await, before);
        assert_eq!(snapshot(&restored).await, before);
    });
    drop(server);
}

#[test]
fn an_sie_file_is_imported_once_and_a_mismatch_needs_confirmation() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = format!("sqlite:{}", dir.path().join("f.db").display());
    let env = [("FINSAM_DB", db.as_str())];
    let (code, _, err) = run(
        &[
            "association",
            "add",
            "Samordningsförbundet SOFINT",
            "222000-1818",
        ],
        &env,
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&["association", "add", "Älvdalen", "222000-1230"], &env);
    assert_eq!(code, 0, "{err}");

    // Another association's number: refused, nothing imported.
    let before = runtime().block_on(async { snapshot(&SqlStore::open(&db).await.unwrap()).await });
    let (code, out, err) = run(
        &[
            "sie",
            "import",
            "examples/sofint-2024-06.se",
            "--forbund",
            "222000-1230",
        ],
        &env,
    );
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("Filen gäller organisationsnummer 222000-1818"),
        "{err}"
    );
    assert!(err.contains("--bekrafta"), "{err}");
    let (code, _, err) = run(
        &[
            "sie",
            "import",
            "examples/sofint-2024-06.se",
            "--forbund",
            "222000-1818",
            "--ar",
            "2023",
        ],
        &env,
    );
    assert_eq!(code, 2);
    assert!(err.contains("inte 2023"), "{err}");
    let after = runtime().block_on(async { snapshot(&SqlStore::open(&db).await.unwrap()).await });
    assert_eq!(before, after, "a refused import changes nothing");

    let (code, out, err) = run(
        &[
            "sie",
            "import",
            "examples/sofint-2024-06.se",
            "--forbund",
            "222000-1818",
            "--ar",
            "2024",
        ],
        &env,
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("är importerad för räkenskapsåret 2024 (146 verifikationsrader)"),
        "{out}"
    );
    assert!(
        err.contains("läser: 100 %") && err.contains("sparar: 100 %"),
        "progress: {err}"
    );
    let (code, out, _) = run(
        &[
            "sie",
            "import",
            "examples/sofint-2024-06.se",
            "--forbund",
            "222000-1818",
        ],
        &env,
    );
    assert_eq!(code, 0);
    assert!(out.contains("Samma fil"), "{out}");
    // A broken file: refused with its line, the import before stays.
    let broken = dir.path().join("trasig.se");
    std::fs::write(
        &broken,
        "#FLAGGA 0\n#RAR 0 20240101 20241231\n#VER A 1 20240231\n{\n}\n",
    )
    .unwrap();
    let (code, _, err) = run(
        &[
            "sie",
            "import",
            broken.to_str().unwrap(),
            "--forbund",
            "222000-1818",
        ],
        &env,
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("rad 3: \"20240231\" är inget giltigt datum"),
        "{err}"
    );
    let kept = runtime().block_on(async {
        let store = SqlStore::open(&db).await.unwrap();
        let a = store
            .associations()
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.org_number.to_string() == "222000-1818")
            .unwrap();
        store.ledger_imports(a.id).await.unwrap()
    });
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].file_name, "sofint-2024-06.se");
}

/// One HTTP/1.1 exchange on a fresh connection: the request's head and body, the whole answer.
fn exchange(addr: &str, head: &str, body: &[u8]) -> String {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.write_all(head.as_bytes()).expect("writes");
    s.write_all(body).expect("writes");
    let mut out = Vec::new();
    s.read_to_end(&mut out).expect("reads");
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of a cookie the answer sets.
fn set_cookie<'a>(answer: &'a str, name: &str) -> &'a str {
    answer
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: "))
        .filter_map(|c| c.strip_prefix(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap_or_default())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| panic!("no cookie {name} in {answer}"))
}

/// Logs in as the demo's förbundschef: the session cookie and the CSRF token of its forms.
fn log_in(addr: &str) -> (String, String) {
    let form = exchange(
        addr,
        &format!("GET /logga-in HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        b"",
    );
    let login_token = set_cookie(&form, "finsam_login_csrf").to_owned();
    let body = format!("username=demo&password=finsam-demo&_csrf={login_token}");
    let answer = exchange(
        addr,
        &format!(
            "POST /logga-in HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Cookie: finsam_login_csrf={login_token}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        ),
        body.as_bytes(),
    );
    let session = set_cookie(&answer, "finsam_session").to_owned();
    let page = exchange(
        addr,
        &format!(
            "GET /forbund/1/uppfoljning HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
             Cookie: finsam_session={session}\r\n\r\n"
        ),
        b"",
    );
    let at = page.find("name=\"_csrf\" value=\"").expect("a form") + 20;
    let csrf = page[at..at + page[at..].find('"').expect("a quote")].to_owned();
    (session, csrf)
}

/// A demo server on a fresh database in `dir`, logged in as its förbundschef.
fn demo_logged_in(dir: &tempfile::TempDir) -> (Server, String, String) {
    let db = format!("sqlite:{}", dir.path().join("f.db").display());
    let server = start_server(&db);
    let (session, csrf) = log_in(&server.addr);
    (server, session, csrf)
}

/// The most memory the process has held, from the kernel's account (VmHWM), in bytes.
fn peak_memory(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("reads");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("VmHWM")
        * 1024
}

#[test]
fn an_upload_past_the_limit_is_refused_and_the_server_memory_does_not_grow_with_it() {
    const MB: usize = 1024 * 1024;
    let dir = tempfile::tempdir().expect("a folder");
    let (server, session, csrf) = demo_logged_in(&dir);
    let addr = server.addr.clone();
    let head = |length: &str| {
        format!(
            "POST /forbund/1/uppfoljning/importera?_csrf={csrf} HTTP/1.1\r\nHost: {addr}\r\n\
             Cookie: finsam_session={session}\r\n\
             Content-Type: multipart/form-data; boundary=GRANS\r\n{length}\r\n"
        )
    };
    let preamble =
        b"--GRANS\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"stor.se\"\r\n\r\n";

    // 200 MB announced: refused from the head alone, before a byte of the body is read.
    let mut s = TcpStream::connect(&addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a timeout");
    s.write_all(head(&format!("Content-Length: {}\r\n", 200 * MB)).as_bytes())
        .expect("writes");
    s.write_all(preamble).expect("writes");
    let mut answer = vec![0u8; 64 * 1024];
    let n = s
        .read(&mut answer)
        .expect("an answer before the body is sent");
    let answer = String::from_utf8_lossy(&answer[..n]).into_owned();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    drop(s);

    // 200 MB in chunks without a length, three at once: each is cut off at the limit as it
    // streams, and no upload ever lies whole in the server's memory (held in memory, three
    // would take it past 190 MB).
    let chunked = || {
        let mut s = TcpStream::connect(&addr).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(60)))
            .expect("a timeout");
        s.write_all(head("Transfer-Encoding: chunked\r\n").as_bytes())
            .expect("writes");
        let chunk = |data: &[u8]| {
            let mut c = format!("{:x}\r\n", data.len()).into_bytes();
            c.extend_from_slice(data);
            c.extend_from_slice(b"\r\n");
            c
        };
        s.write_all(&chunk(preamble)).expect("writes");
        let block = chunk(&vec![b'#'; MB]);
        let mut sent = 0;
        while sent < 200 {
            if s.write_all(&block).is_err() {
                break;
            }
            sent += 1;
        }
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        (sent, answer)
    };
    let results: Vec<(usize, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..3).map(|_| scope.spawn(chunked)).collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("uploads"))
            .collect()
    });
    // Two are received at once (csrf::MAX_UPLOADS); the third may be asked to come back.
    for (sent, answer) in &results {
        assert!(
            *sent < 200,
            "the server stopped reading at the limit (sent {sent} MB)"
        );
        if !answer.is_empty() && !answer.starts_with("HTTP/1.1 429") {
            assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
            assert!(answer.contains("för stort"), "{answer}");
        }
    }
    assert!(
        results.iter().any(|(_, a)| a.starts_with("HTTP/1.1 413")),
        "{results:?}"
    );

    alive_and_small(&server, 100, "after a 200 MB upload");
}

/// The server still answers, and its peak memory stayed under `mb` MB.
fn alive_and_small(server: &Server, mb: u64, after: &str) {
    let alive = get(&server.addr, "/healthz");
    assert!(alive.ends_with("ok"), "the server goes on: {alive}");
    let peak = peak_memory(server.child.id()) / (1024 * 1024);
    assert!(peak < mb, "peak memory {peak} MB {after}");
}

#[test]
fn many_large_uploads_at_once_keep_the_server_small() {
    const MB: usize = 1024 * 1024;
    let dir = tempfile::tempdir().expect("a folder");
    let (server, session, csrf) = demo_logged_in(&dir);
    let addr = server.addr.clone();
    // 60 MB each, within the 64 MB an SIE upload may have; a line of text the import refuses.
    let mut body =
        b"--GRANS\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"stor.se\"\r\n\r\n"
            .to_vec();
    body.resize(60 * MB, b'x');
    body.extend_from_slice(b"\r\n--GRANS--\r\n");
    let post = |logged_in: bool| {
        let cookie = if logged_in {
            format!("Cookie: finsam_session={session}\r\n")
        } else {
            String::new()
        };
        let head = format!(
            "POST /forbund/1/uppfoljning/importera?_csrf={csrf} HTTP/1.1\r\nHost: {addr}\r\n{cookie}\
             Content-Type: multipart/form-data; boundary=GRANS\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let mut s = TcpStream::connect(&addr).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(120)))
            .expect("a timeout");
        s.write_all(head.as_bytes()).expect("writes");
        // The server may answer before it has read the body; then the rest is not sent.
        for block in body.chunks(MB) {
            if s.write_all(block).is_err() {
                break;
            }
        }
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        answer.lines().next().unwrap_or_default().to_owned()
    };
    let answers: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..40)
            .map(|i| scope.spawn(move || post(i % 2 == 0)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("posts"))
            .collect()
    });
    let count = |status: &str| answers.iter().filter(|a| a.starts_with(status)).count();
    // Not logged in: to the login page before a byte of the body is read.
    assert_eq!(count("HTTP/1.1 303"), 20, "{answers:?}");
    // Logged in: some are received (and refused as no SIE file), the rest asked to come back.
    let received = count("HTTP/1.1 422");
    let later = count("HTTP/1.1 429");
    assert_eq!(received + later, 20, "{answers:?}");
    assert!(received >= 1 && later >= 1, "{answers:?}");
    // An import holds about twice its file while it reads it; two at once (csrf::MAX_UPLOADS)
    // stay near 300 MB, four already passed 500 MB, twenty would take 2.4 GB.
    alive_and_small(&server, 450, "after 40 uploads of 60 MB at once");
}

#[test]
fn the_applications_are_listed_from_the_command_line() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = format!("sqlite:{}", dir.path().join("f.db").display());
    runtime().block_on(async {
        let store = SqlStore::open(&db).await.expect("opens");
        finsam_app::demo::load(&store).await.expect("the demo");
    });
    let (code, out, err) = run(
        &["insats", "list", "--forbund", "222000-1818", "--db", &db],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "Ansökningar i Samordningsförbundet SOFINT, senast inkomna först:"
    );
    assert!(
        lines[4].starts_with(
            "2023/1       2023-09-04  pågående               Coachingteamet (lindesberg)"
        ),
        "{out}"
    );
    let (code, out, _) = run(
        &[
            "insats",
            "list",
            "--forbund",
            "2220001818",
            "--format",
            "json",
            "--db",
            &db,
        ],
        &[],
    );
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(4));
    assert_eq!(json[0]["status"], "inkommen");
    let (code, _, err) = run(
        &["insats", "list", "--forbund", "222000-1230", "--db", &db],
        &[],
    );
    assert_eq!(code, 0, "Älvdalen has none: {err}");
    let (code, _, err) = run(
        &["insats", "list", "--forbund", "222000-1826", "--db", &db],
        &[],
    );
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "fel: inget förbund har organisationsnummer 222000-1826.\n"
        )
    );
}

#[test]
fn the_years_calendar_is_written_as_ics_or_json() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = format!("sqlite:{}", dir.path().join("f.db").display());
    runtime().block_on(async {
        let store = SqlStore::open(&db).await.expect("opens");
        finsam_app::demo::load(&store).await.expect("the demo");
    });
    let args = |format: &'static str| {
        vec![
            "kalender",
            "--forbund",
            "222000-1818",
            "--ar",
            "2024",
            "--format",
            format,
            "--idag",
            "2024-11-04",
            "--db",
            &db,
        ]
    };
    let (code, out, err) = run(&args("json"), &[]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let items = json["handelser"].as_array().expect("items");
    // SOFINT's nine meetings of 2024 (with the planning day) and the five reports due but not
    // in by 4 November: Coachingteamet's overdue third quarter, and Coachingteamet's and
    // Välfärdsguiden's participant figures for October and November.
    assert_eq!(items.len(), 14, "{out}");
    assert_eq!(items[0]["rubrik"], "Beredningsgrupp");
    assert_eq!(items[0]["dag"], "2024-02-02");
    assert_eq!(items[0]["start"], "09:30");
    let (code, ics, err) = run(&args("ics"), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 14);
    assert!(
        ics.contains("DTSTART;TZID=Europe/Stockholm:20240216T090000\r\n"),
        "{ics}"
    );
    let (code, _, err) = run(
        &[
            "kalender",
            "--forbund",
            "222000-1818",
            "--ar",
            "2024",
            "--idag",
            "4 nov",
            "--db",
            &db,
        ],
        &[],
    );
    assert_eq!(code, 2);
    assert!(err.contains("\"4 nov\" är inget datum"), "{err}");
}
