#!/usr/bin/env bash
# Benchmark: reading SIE. From one seed, bench/out/ gets an SIE 4 file of 1 000 000 #TRANS rows
# in 250 000 vouchers, the same transactions as a ledger journal, and the voucher rows as CSV.
#  1. The totals per account (ledger bal) and per account and month (hledger bal -M) must equal
#     ours (sie-bal: finsam-sie's reader, every record checked, summed per account and month)
#     before anything is timed.
#  2. One hyperfine run: sie-bal, ledger bal, hledger bal -M, and wc -l on the SIE file as the
#     floor. Target: ours at most 0.1x ledger's time.
#  3. One hyperfine run: `finsam sie import` of the file into a fresh SQLite database next to the
#     sqlite3 shell's .import of the equivalent CSV into a table of the same shape and index.
#     Target: at most 1.5x.
#  4. The same into PostgreSQL (the test server of scripts/postgres.sh): `finsam sie import` (rows
#     by COPY) next to psql's \copy of the same CSV into the same table (ledger_rows, its index
#     and its foreign key).
#     Target: at most 1.5x.
# Results go in BENCHMARKS.md by hand, with the date and the machine.
#   bash bench/sie.sh [TRANS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
trans=${1:-1000000}
runs=${2:-5}
need=()
for tool in ledger hledger sqlite3 hyperfine; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
cargo build --release --locked -p finsam-cli -p finsam-bench
out=bench/out
mkdir -p "$out"
./target/release/gen-sie bench "$out" "$trans" 1
sie="$out/bench.se"
mb=$(python3 -c "import os; print(os.path.getsize('$sie') / 1e6)")
echo "SIE file: $sie, $(wc -l < "$sie") lines, ${mb} MB; journal $out/bench.ledger; CSV $out/bench.csv"

echo "-- totals compared before timing"
./target/release/sie-bal "$sie" > "$out/ours.tsv"
ledger -f "$out/bench.ledger" bal --flat --no-total > "$out/ledger.txt"
hledger -f "$out/bench.ledger" bal -M -O csv > "$out/hledger.csv"
python3 - "$out" <<'PY'
import csv, sys
from decimal import Decimal
out = sys.argv[1]
ore = lambda s: int((Decimal(s) * 100).to_integral_exact())
ours_total, ours_month = {}, {}
for line in open(f"{out}/ours.tsv"):
    f = line.rstrip("\n").split("\t")
    if len(f) == 2:
        ours_total[f[0]] = ore(f[1])
    else:
        ours_month[(f[0], f[1])] = ore(f[2])
ledger = {}
for line in open(f"{out}/ledger.txt"):
    amount, account = line.split()
    ledger[account] = ore(amount)
hledger = {}
rows = list(csv.reader(open(f"{out}/hledger.csv")))
months = rows[0][1:]
for r in rows[1:]:
    if r[0] in ("total", "Total:"):
        continue
    for m, v in zip(months, r[1:]):
        if v not in ("", "0"):
            hledger[(r[0], m)] = ore(v)
nonzero = lambda d: {k: v for k, v in d.items() if v != 0}
assert nonzero(ours_total) == nonzero(ledger), "ledger bal disagrees with ours"
assert nonzero(ours_month) == nonzero(hledger), "hledger bal -M disagrees with ours"
print(f"equal: {len(ledger)} account totals (ledger), {len(hledger)} account-months (hledger)")
PY

echo "-- reading and summing"
hyperfine --warmup 1 --runs "$runs" -N --export-json "$out/sie-read.json" \
  -n "wc -l (floor)" "wc -l $sie" \
  -n "finsam sie-bal" "./target/release/sie-bal $sie" \
  -n "ledger bal" "ledger -f $out/bench.ledger bal --flat --no-total" \
  -n "hledger bal -M" "hledger -f $out/bench.ledger bal -M"


echo "-- importing into SQLite"
db="$out/import.db"
peer="$out/peer.db"
sed 's/^/1,/' "$out/bench.csv" > "$out/bench-import.csv"
schema="CREATE TABLE ledger_rows (import_id BIGINT NOT NULL, voucher TEXT NOT NULL, day TEXT NOT NULL, account TEXT NOT NULL, amount BIGINT NOT NULL, text TEXT NOT NULL); CREATE INDEX ledger_rows_by_account ON ledger_rows (import_id, account);"
hyperfine --runs "$runs" --export-json "$out/sie-import.json" \
  -n "sqlite3 .import (peer)" \
  --prepare "rm -f $peer && sqlite3 $peer '$schema'" \
  "sqlite3 $peer '.import --csv $out/bench-import.csv ledger_rows'" \
  -n "finsam sie import" \
  --prepare "rm -f $db $db-wal $db-shm && ./target/release/finsam association add SOFINT 222000-1818 --db sqlite:$db >/dev/null" \
  "./target/release/finsam sie import $sie --forbund 222000-1818 --db sqlite:$db"

echo "-- importing into PostgreSQL"
if pg=$(scripts/postgres.sh 2>/dev/null); then
  pgdb="${pg%/*}/finsam_bench_sie"
  fresh="psql -q $pg -c 'DROP DATABASE IF EXISTS finsam_bench_sie' -c 'CREATE DATABASE finsam_bench_sie'"
  eval "$fresh"
  # The peer copies into the very table finsam fills (ledger_rows, with its index and its
  # foreign key to ledger_imports), under an import row of its own.
  peer_import="INSERT INTO ledger_imports (association_id, fiscal_year, year_start, year_end, file_name, file_sha256, notes, row_count, imported_at) VALUES (1, 2024, '2024-01-01', '2024-12-31', 'peer', 'peer', '', 0, 0)"
  hyperfine --runs "$runs" --export-json "$out/sie-import-pg.json" \
    -n "psql \\copy (peer)" \
    --prepare "$fresh && ./target/release/finsam association add SOFINT 222000-1818 --db $pgdb >/dev/null && psql -q $pgdb -c \"$peer_import\"" \
    "psql -q $pgdb -c '\\copy ledger_rows (import_id, voucher, day, account, amount, text) FROM $out/bench-import.csv WITH (FORMAT csv)'" \
    -n "finsam sie import (PostgreSQL)" \
    --prepare "$fresh && ./target/release/finsam association add SOFINT 222000-1818 --db $pgdb >/dev/null" \
    "./target/release/finsam sie import $sie --forbund 222000-1818 --db $pgdb"
else
  echo "VARNING: PostgreSQL kunde inte startas; importen till PostgreSQL mättes inte." >&2
fi

python3 - "$out" "$mb" <<'PY'
import json, os, sys
out, mb = sys.argv[1], float(sys.argv[2])
r = {x["command"]: x["mean"] for x in json.load(open(f"{out}/sie-read.json"))["results"]}
i = {x["command"]: x["mean"] for x in json.load(open(f"{out}/sie-import.json"))["results"]}
ours, led, hled, wc = r["finsam sie-bal"], r["ledger bal"], r["hledger bal -M"], r["wc -l (floor)"]
print(f"read+sum: finsam {ours*1000:.0f} ms ({mb/ours:.0f} MB/s), ledger {led*1000:.0f} ms, "
      f"hledger {hled*1000:.0f} ms, wc -l {wc*1000:.0f} ms ({mb/wc:.0f} MB/s)")
print(f"ratio to ledger: {ours/led:.3f}x (target <= 0.1x); to hledger {ours/hled:.3f}x")
imp, peer = i["finsam sie import"], i["sqlite3 .import (peer)"]
print(f"import: finsam {imp*1000:.0f} ms, sqlite3 .import {peer*1000:.0f} ms, "
      f"ratio {imp/peer:.2f}x (target <= 1.5x)")
if os.path.exists(f"{out}/sie-import-pg.json"):
    p = {x["command"]: x["mean"] for x in json.load(open(f"{out}/sie-import-pg.json"))["results"]}
    imp, peer = p["finsam sie import (PostgreSQL)"], p["psql \\copy (peer)"]
    print(f"import into PostgreSQL: finsam {imp*1000:.0f} ms, psql \\copy {peer*1000:.0f} ms, "
          f"ratio {imp/peer:.2f}x (target <= 1.5x)")
PY
