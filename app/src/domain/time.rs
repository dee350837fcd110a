//! Dates as people in Hà Nội read them. Việt Nam keeps UTC+7 all year (no daylight saving since
//! 1975), so a fixed offset is exact for Asia/Ho_Chi_Minh and needs no time-zone database.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use crate::i18n::Lang;

pub fn vietnam_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// Today's date in Hà Nội.
pub fn today_in_vietnam() -> NaiveDate {
    Utc::now().with_timezone(&vietnam_offset()).date_naive()
}

/// `01/12/2026` in Vietnamese, `1 Dec 2026` in English.
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => date.format("%d/%m/%Y").to_string(),
        Lang::En => date.format("%-d %b %Y").to_string(),
    }
}

/// A moment shown in Hà Nội time: `20:05 01/12/2026` / `1 Dec 2026, 20:05`.
pub fn format_datetime(at: DateTime<Utc>, lang: Lang) -> String {
    let local = at.with_timezone(&vietnam_offset());
    match lang {
        Lang::Vi => local.format("%H:%M %d/%m/%Y").to_string(),
        Lang::En => local.format("%-d %b %Y, %H:%M").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_in_hanoi_time() {
        // 17:30 UTC on 30 Nov is 00:30 on 1 Dec in Hà Nội.
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 17, 30, 0).unwrap();
        assert_eq!(format_datetime(at, Lang::Vi), "00:30 01/12/2026");
        assert_eq!(format_datetime(at, Lang::En), "1 Dec 2026, 00:30");
        let d = NaiveDate::from_ymd_opt(2027, 3, 5).unwrap();
        assert_eq!(format_date(d, Lang::Vi), "05/03/2027");
        assert_eq!(format_date(d, Lang::En), "5 Mar 2027");
    }
}
