#!/usr/bin/env python3
"""Load and fault run: 50 readers, 3 writers and one large upload against `finsam serve` for a
while, with the server killed (`kill -9`) at random points and started again. Then it checks that
every save the server acknowledged is in the plan, and that no answer was a 5xx.

Loopback only, bounded, stops by itself. Standard library only.

    python3 bench/load-fault.py [--seconds 20] [--kills 3] [--readers 50] [--db sqlite|postgres]
                                [--binary target/release/finsam] [--postgres URL]

CI runs it briefly (scripts/test.sh); BENCHMARKS.md has a full run. Exit 0 when all held.
"""

import argparse
import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

WRITERS = [("demo", 0), ("ekonom", 1), ("demo", 3)]
PASSWORD = "finsam-demo"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Client:
    """A browser-like client: its own cookies, no redirects followed."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.csrf = None

    def request(self, method, path, data=None, headers=None, timeout=30):
        req = urllib.request.Request(
            self.base + path, data=data, method=method, headers=headers or {}
        )
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()
        # Connection refused or reset: the server is down (killed on purpose).
        except (urllib.error.URLError, ConnectionError, socket.timeout, TimeoutError, OSError):
            return None, b""

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, fields):
        body = urllib.parse.urlencode(fields).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def login(self, username):
        status, page = self.get("/logga-in")
        token = re.search(rb'name="_csrf" value="([^"]+)"', page or b"")
        if status != 200 or not token:
            return False
        status, _ = self.post_form(
            "/logga-in",
            {"_csrf": token.group(1).decode(), "username": username, "password": PASSWORD},
        )
        if status != 303:
            return False
        status, home = self.get("/")
        token = re.search(rb'name="_csrf" value="([^"]+)"', home or b"")
        self.csrf = token.group(1).decode() if token else None
        return status == 200 and self.csrf is not None


class Server:
    def __init__(self, binary, db, port, log):
        self.binary, self.db, self.port, self.log = binary, db, port, log
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--demo", "--db", self.db, "--listen", f"127.0.0.1:{self.port}"],
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("the server did not start")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.fives = []

    def add(self, what, status):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status is not None and status >= 500:
                self.fives.append((what, status))


def fingerprint(page, s, l):
    marker = f"/budget/rad/{s}/{l}/flytta\">".encode()
    at = page.find(marker)
    if at < 0:
        return None
    m = re.search(rb'name="fingerprint" value="([^"]+)"', page[at:])
    return m.group(1).decode() if m else None


def amount(line, i):
    # A distinct whole-krona amount per writer and save: -(line+1)·1 000 000 - i.
    return -((line + 1) * 1_000_000 + i)


def kr(n):
    sign = "-" if n < 0 else ""
    digits = f"{abs(n):,}".replace(",", " ")
    return f"{sign}{digits}"


def reader(base, stop, tally):
    c = Client(base)
    while not stop.is_set() and not c.login("styrelse"):
        time.sleep(0.2)
    paths = [
        "/forbund/1/versioner/1",
        "/forbund/1/versioner/1/budget",
        "/api/forbund/1/versioner/1",
        "/forbund/1/uppfoljning/2024",
        "/forbund/1",
    ]
    while not stop.is_set():
        path = random.choice(paths)
        status, _ = c.get(path)
        tally.add(path, status)
        if status is None:
            time.sleep(0.05)
        elif status in (303, 401):
            c.login("styrelse")


def writer(base, who, line, stop, tally, acked, attempted):
    c = Client(base)
    while not stop.is_set() and not c.login(who):
        time.sleep(0.2)
    i = 0
    while not stop.is_set():
        status, page = c.get("/forbund/1/versioner/1/budget")
        if status in (303, 401):
            c.login(who)
            continue
        if status != 200:
            tally.add("budget", status)
            time.sleep(0.05)
            continue
        if stop.is_set():
            break
        fp = fingerprint(page, 1, line)
        attempted[line] = i
        status, _ = c.post_form(
            f"/forbund/1/versioner/1/budget/rad/1/{line}",
            {
                "_csrf": c.csrf,
                "fingerprint": fp or "",
                "name": f"Rad {line}",
                "category": "insats",
                "kind": "fast",
                "amount": kr(amount(line, i)),
            },
        )
        tally.add(f"save line {line}", status)
        if status == 303:
            acked[line] = i
        elif status == 409:
            # A conflict on a line only this writer changes would be false.
            tally.add(f"FALSE CONFLICT line {line}", 599)
        i += 1


def uploader(base, stop, tally, size):
    c = Client(base)
    while not stop.is_set() and not c.login("ekonom"):
        time.sleep(0.2)
    boundary = "GRANS"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"stor.se\"\r\n\r\n"
    ).encode() + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    while not stop.is_set():
        status, _ = c.request(
            "POST",
            f"/forbund/1/uppfoljning/importera?_csrf={c.csrf}",
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
            timeout=120,
        )
        tally.add("upload", status)
        if status in (303, 401):
            c.login("ekonom")
        time.sleep(0.1)


def postgres_database(server_url):
    """A fresh database on the test server (psql from scripts/postgres.sh's installation)."""
    psql = shutil.which("psql") or next(
        (p for p in sorted(os.popen("ls /usr/lib/postgresql/*/bin/psql 2>/dev/null").read().split())), None
    )
    if not psql:
        raise SystemExit("psql saknas; kör bash scripts/postgres.sh")
    name = f"finsam_load_{os.getpid()}"
    subprocess.run([psql, server_url, "-q", "-c", f"CREATE DATABASE {name}"], check=True)
    return server_url.rsplit("/", 1)[0] + "/" + name


def run(args):
    work = tempfile.mkdtemp(prefix="finsam-load-")
    log = open(os.path.join(work, "server.log"), "wb")
    if args.db == "postgres":
        db = postgres_database(args.postgres)
    else:
        db = f"sqlite:{os.path.join(work, 'load.db')}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = Server(args.binary, db, port, log)
    server.start()
    stop = threading.Event()
    tally = Tally()
    acked, attempted = {}, {}
    threads = [threading.Thread(target=reader, args=(base, stop, tally)) for _ in range(args.readers)]
    threads += [
        threading.Thread(target=writer, args=(base, who, line, stop, tally, acked, attempted))
        for who, line in WRITERS
    ]
    threads.append(threading.Thread(target=uploader, args=(base, stop, tally, args.upload_mb << 20)))
    for t in threads:
        t.daemon = True
        t.start()
    started = time.time()
    kill_at = sorted(random.uniform(0.2, 0.9) * args.seconds for _ in range(args.kills))
    for at in kill_at:
        time.sleep(max(0.0, started + at - time.time()))
        server.kill()
        time.sleep(0.2)
        server.start()
    time.sleep(max(0.0, started + args.seconds - time.time()))
    stop.set()
    for t in threads:
        t.join(timeout=150)
    # Every acknowledged save is in the plan (a save in flight when the server was killed may
    # have landed too: then the line holds the attempt after the last acknowledged one).
    server.kill()
    server.start()
    c = Client(base)
    ok = c.login("demo")
    status, text = c.get("/forbund/1/versioner/1/planfil.toml")
    server.stop()
    failures = []
    if not ok or status != 200:
        failures.append(f"the plan could not be read after the run ({status})")
    text = (text or b"").decode()
    for _, line in WRITERS:
        if line not in acked:
            failures.append(f"line {line}: no save was acknowledged")
            continue
        held = [i for i in (acked[line], attempted.get(line, acked[line]))
                if f'amount = "{kr(amount(line, i))}"' in text]
        if not held:
            failures.append(f"line {line}: acknowledged save {acked[line]} is not in the plan")
    if tally.fives:
        failures.append(f"{len(tally.fives)} answers were 5xx or false conflicts: {tally.fives[:5]}")
    saves = sum(n + 1 for n in acked.values())
    answered = sum(v for k, v in tally.statuses.items() if k is not None)
    print(
        f"load-fault ({args.db}): {args.seconds} s, {args.readers} readers, {len(WRITERS)} writers, "
        f"1 upload of {args.upload_mb} MB, {args.kills} kill -9: {answered} answers, "
        f"{tally.statuses.get(None, 0)} refused while down, {saves} saves acknowledged; "
        f"statuses {dict(sorted((k, v) for k, v in tally.statuses.items() if k is not None))}"
    )
    for f in failures:
        print("FEL:", f, file=sys.stderr)
    if not failures:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"serverns logg: {os.path.join(work, 'server.log')}", file=sys.stderr)
    return 0 if not failures else 1


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--kills", type=int, default=3)
    p.add_argument("--readers", type=int, default=50)
    p.add_argument("--upload-mb", type=int, default=30)
    p.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    p.add_argument("--postgres", default=os.environ.get("FINSAM_TEST_POSTGRES_URL", ""))
    p.add_argument("--binary", default="target/release/finsam")
    args = p.parse_args()
    if args.db == "postgres" and not args.postgres:
        raise SystemExit("ange --postgres URL eller FINSAM_TEST_POSTGRES_URL")
    sys.exit(run(args))


if __name__ == "__main__":
    main()
