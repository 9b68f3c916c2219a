#!/usr/bin/env python3
"""Reads two calendars with python `icalendar` and prints, for each event, its SEQUENCE
in each and whether what it shows changed, as JSON.

An independent reader for `workplan export --format ics --previous`: the Rust test
checks that an event whose content changed has a higher SEQUENCE and that an unchanged
one keeps its SEQUENCE.
"""
import json
import sys

import icalendar

# When or how often an event was written, not what it is.
STAMPS = {"DTSTAMP", "SEQUENCE", "LAST-MODIFIED"}


def events(path):
    with open(path, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    out = {}
    for event in calendar.walk("VEVENT"):
        content = sorted(
            (name, event[name].to_ical().decode() if hasattr(event[name], "to_ical") else str(event[name]))
            for name in event
            if name not in STAMPS
        )
        out[str(event["UID"])] = {
            "sequence": int(event.get("SEQUENCE", 0)),
            "summary": str(event.get("SUMMARY", "")),
            "status": str(event.get("STATUS", "")),
            "content": content,
        }
    return out


old, new = events(sys.argv[1]), events(sys.argv[2])
print(
    json.dumps(
        [
            {
                "uid": uid,
                "old_sequence": old[uid]["sequence"] if uid in old else None,
                "new_sequence": e["sequence"],
                "changed": uid in old and old[uid]["content"] != e["content"],
                "summary": e["summary"],
                "status": e["status"],
            }
            for uid, e in new.items()
        ],
        ensure_ascii=False,
    )
)
