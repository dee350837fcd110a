//! The fairs' calendar feeds (iCalendar, RFC 5545): one `.ics` per fair and a feed of all of
//! them. Each fair keeps one UID for ever and its revision as SEQUENCE, so a calendar that
//! subscribed sees changes (and cancellations) when it fetches again. Times are written in
//! Hà Nội time with their TZID, and the VTIMEZONE they refer to is in the calendar.

use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus};

use super::fairs::CalendarFair;
use crate::domain::time::vietnam_offset;
use crate::domain::FairStatus;

pub const TZID: &str = "Asia/Ho_Chi_Minh";

/// Việt Nam has kept UTC+7 without daylight saving since 13 June 1975.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\nBEGIN:STANDARD\r\nDTSTART:19750613T000000\r\n\
TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0700\r\nTZNAME:ICT\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// The UID a fair keeps in every feed.
pub fn uid(fair_id: i32) -> String {
    format!("fair-{fair_id}@cholang.vn")
}

fn local(at: chrono::DateTime<chrono::Utc>) -> CalendarDateTime {
    CalendarDateTime::WithTimezone { date_time: at.with_timezone(&vietnam_offset()).naive_local(), tzid: TZID.to_owned() }
}

/// A calendar named `name` holding `fairs`; `origin` makes each event's link absolute.
pub fn calendar(name: &str, fairs: &[CalendarFair], origin: &str) -> String {
    let mut cal = Calendar::new();
    cal.name(name).timezone(TZID);
    for f in fairs {
        let mut event = Event::new();
        event
            .uid(&uid(f.id))
            .summary(&f.name)
            .description(&f.description)
            .location(&f.location)
            .url(&format!("{}/fairs/{}", origin.trim_end_matches('/'), f.slug))
            .sequence(u32::try_from(f.revision).unwrap_or(0))
            .timestamp(f.updated_at)
            .last_modified(f.updated_at)
            .starts(local(f.starts_at))
            .ends(local(f.ends_at))
            .status(if f.status == FairStatus::Cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed })
            .add_property("CATEGORIES", f.kind.code());
        cal.push(event.done());
    }
    let text = cal.done().to_string();
    // The VTIMEZONE goes before the first event (or the end, for an empty feed).
    let at = text.find("BEGIN:VEVENT").or_else(|| text.find("END:VCALENDAR")).unwrap_or(text.len());
    format!("{}{VTIMEZONE}{}", &text[..at], &text[at..])
}
