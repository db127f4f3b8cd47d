"""Reads an ICS file on stdin with the `icalendar` package (not Finsam's code) and prints what
it holds as JSON: each event's UID, summary and start and end (timed ones in UTC, converted by
the file's own VTIMEZONE; whole days as dates), and the VTIMEZONE checked hour by hour against
the IANA time zone database over 2020-2035. Used by the web tests (issue 13)."""

import datetime as dt
import json
import sys
import zoneinfo

from icalendar import Calendar

text = sys.stdin.buffer.read()
cal = Calendar.from_ical(text)
zones = {}
for vtz in cal.walk("VTIMEZONE"):
    # Built from the file's own definition, not looked up by its name.
    zones[str(vtz["TZID"])] = vtz.to_tz(lookup_tzid=False)

def when(prop):
    value = prop.dt
    if isinstance(value, dt.datetime):
        tzid = prop.params.get("TZID")
        naive = value.replace(tzinfo=None)
        if tzid is None:
            return {"utc": value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")}
        local = naive.replace(tzinfo=zones[tzid])
        return {"utc": local.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")}
    return {"date": value.isoformat()}

events = []
for ev in cal.walk("VEVENT"):
    events.append({
        "uid": str(ev["UID"]),
        "summary": str(ev["SUMMARY"]),
        "start": when(ev["DTSTART"]),
        "end": when(ev["DTEND"]) if "DTEND" in ev else None,
    })

checked = mismatches = 0
if "Europe/Stockholm" in zones:
    ours = zones["Europe/Stockholm"]
    iana = zoneinfo.ZoneInfo("Europe/Stockholm")
    t = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    while t.year < 2036:
        checked += 1
        if t.astimezone(ours).utcoffset() != t.astimezone(iana).utcoffset():
            mismatches += 1
        t += dt.timedelta(hours=1)

print(json.dumps({
    "name": str(cal.get("X-WR-CALNAME", "")),
    "events": events,
    "timezones": sorted(zones),
    "tz_checked": checked,
    "tz_mismatches": mismatches,
}, ensure_ascii=False))
