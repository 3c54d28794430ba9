//! Dates as press releases write them.
//!
//! Releases write dates many ways (`Feb. 10, 2026`, `10 February 2026`, `2026-02-10`,
//! `February 2026`, `March 23, 2022 I`), and often leave the year out (`on February 10`). This
//! module finds them in text and reads them from metadata, validating every day with chrono so
//! `February 30` is never produced.

use chrono::NaiveDate;
use regex::Regex;
use std::fmt;
use std::sync::LazyLock;

/// A calendar date whose day, and possibly year, may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// Four-digit year, if written.
    pub year: Option<i32>,
    /// Month, 1–12.
    pub month: u32,
    /// Day of the month, if written.
    pub day: Option<u32>,
}

impl PartialDate {
    /// A full date.
    pub fn ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day)?;
        Some(PartialDate { year: Some(year), month, day: Some(day) })
    }

    /// Fills a missing year from a reference date: the latest year that does not put the date
    /// after the reference, since releases report what already happened.
    pub fn with_year_from(self, reference: PartialDate) -> PartialDate {
        if self.year.is_some() {
            return self;
        }
        let Some(ref_year) = reference.year else {
            return self;
        };
        let later = (self.month, self.day.unwrap_or(1)) > (reference.month, reference.day.unwrap_or(31));
        PartialDate { year: Some(if later { ref_year - 1 } else { ref_year }), ..self }
    }

    /// `YYYY-MM-DD` or `YYYY-MM`; `None` when the year is unknown.
    pub fn to_iso(self) -> Option<String> {
        let year = self.year?;
        Some(match self.day {
            Some(d) => format!("{year:04}-{:02}-{d:02}", self.month),
            None => format!("{year:04}-{:02}", self.month),
        })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_iso() {
            Some(s) => f.write_str(&s),
            None => write!(f, "????-{:02}-{:02}", self.month, self.day.unwrap_or(0)),
        }
    }
}

/// A date found in text, with its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// The date.
    pub date: PartialDate,
}

// Month names are matched capitalized or in capitals only: lowercase "may" and "march" are
// ordinary words far more often than dates.
const MONTH: &str = r"(?P<mon>(?:Jan|JAN)(?:uary|UARY)?|(?:Feb|FEB)(?:ruary|RUARY)?|(?:Mar|MAR)(?:ch|CH)?|(?:Apr|APR)(?:il|IL)?|May|MAY|(?:Jun|JUN)[eE]?|(?:Jul|JUL)[yY]?|(?:Aug|AUG)(?:ust|UST)?|(?:Sep|SEP)(?:t|T)?(?:ember|EMBER)?|(?:Oct|OCT)(?:ober|OBER)?|(?:Nov|NOV)(?:ember|EMBER)?|(?:Dec|DEC)(?:ember|EMBER)?)";

static DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let month_first =
        format!(r"{MONTH}\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(?P<y1>(?:19|20)\d\d))?");
    let day_first = format!(
        r"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{}\.?,?\s+(?P<y2>(?:19|20)\d\d)",
        MONTH.replace("?P<mon>", "?P<mon2>")
    );
    let month_year = format!(r"{}\.?,?\s+(?P<y3>(?:19|20)\d\d)", MONTH.replace("?P<mon>", "?P<mon3>"));
    let iso = r"(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)";
    // 07/26/2021 (US, month first) and 26.07.2021 (European, day first).
    let numeric = r"(?P<na>\d{1,2})(?P<sep>[/.])(?P<nb>\d{1,2})[/.](?P<ny>(?:19|20)\d\d)";
    Regex::new(&format!(r"\b(?:{iso}|(?:{numeric}|{day_first}|{month_first}|{month_year})\b)"))
        .expect("date pattern is valid")
});

fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_ascii_lowercase();
    const NAMES: [&str; 12] =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    NAMES.iter().position(|m| lower.starts_with(m)).map(|i| i as u32 + 1)
}

/// Every date written in `text`, in order.
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    DATE_RE
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            let date = if let Some(y) = c.name("ny") {
                let (a, b): (u32, u32) = (c["na"].parse().ok()?, c["nb"].parse().ok()?);
                let (month, day) = match &c["sep"] {
                    "/" if a <= 12 => (a, b),
                    _ => (b, a),
                };
                PartialDate::ymd(y.as_str().parse().ok()?, month, day)?
            } else if let Some(y) = c.name("iy") {
                PartialDate::ymd(y.as_str().parse().ok()?, c["im"].parse().ok()?, c["id"].parse().ok()?)?
            } else if let Some(mon) = c.name("mon2") {
                PartialDate::ymd(c["y2"].parse().ok()?, month_number(mon.as_str())?, c["d2"].parse().ok()?)?
            } else if let Some(mon) = c.name("mon") {
                let month = month_number(mon.as_str())?;
                let day: u32 = c["d1"].parse().ok()?;
                match c.name("y1") {
                    Some(y) => PartialDate::ymd(y.as_str().parse().ok()?, month, day)?,
                    None => {
                        // Validate against a leap year so `February 29` survives without a year.
                        NaiveDate::from_ymd_opt(2024, month, day)?;
                        PartialDate { year: None, month, day: Some(day) }
                    }
                }
            } else {
                let month = month_number(c.name("mon3")?.as_str())?;
                PartialDate { year: Some(c["y3"].parse().ok()?), month, day: None }
            };
            Some(DateMatch { start: m.start(), end: m.end(), date })
        })
        .collect()
}

/// Reads a date from a metadata value: ISO 8601 / RFC 3339 (`2026-02-10T08:00:00Z`),
/// RFC 2822 (`Tue, 10 Feb 2026 08:00:00 GMT`) or any form [`find_dates`] knows.
pub fn parse_date(value: &str) -> Option<PartialDate> {
    let value = value.trim();
    if let Some(d) = value.get(..10).and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()) {
        use chrono::Datelike;
        return PartialDate::ymd(d.year(), d.month(), d.day());
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(value) {
        use chrono::Datelike;
        return PartialDate::ymd(dt.year(), dt.month(), dt.day());
    }
    if let Some((y, m)) = value.split_once('-').filter(|(y, m)| y.len() == 4 && m.len() == 2) {
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        return (1..=12).contains(&month).then_some(PartialDate { year: Some(year), month, day: None });
    }
    find_dates(value).into_iter().map(|m| m.date).find(|d| d.year.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Vec<String> {
        find_dates(text).into_iter().map(|m| m.date.to_string()).collect()
    }

    #[test]
    fn finds_the_ways_releases_write_dates() {
        assert_eq!(iso("SHANGHAI, Feb. 10, 2026 /PRNewswire/"), ["2026-02-10"]);
        assert_eq!(iso("China I March 23, 2022 I CARsgen"), ["2022-03-23"]);
        assert_eq!(iso("on 5 September 2024 the"), ["2024-09-05"]);
        assert_eq!(iso("Sept. 5, 2024"), ["2024-09-05"]);
        assert_eq!(iso("published 2023-04-04T10:12"), ["2023-04-04"]);
        assert_eq!(iso("February 2026 — Global Biotech News"), ["2026-02"]);
        assert_eq!(iso("JANUARY 7, 2025"), ["2025-01-07"]);
        assert_eq!(iso("dosed on February 10."), ["????-02-10"]);
        assert_eq!(iso("announcement | 07/26/2021 06:12 am"), ["2021-07-26"]);
        assert_eq!(iso("Stand: 05.10.2021"), ["2021-10-05"]);
        assert!(iso("ratio 13/14/2021").is_empty());
    }

    #[test]
    fn ordinary_words_and_impossible_days_are_not_dates() {
        assert!(iso("results may 10 times exceed").is_empty());
        assert!(iso("February 30, 2026").is_empty());
        assert!(iso("the march 2026 of progress").is_empty());
    }

    #[test]
    fn missing_year_comes_from_the_reference() {
        let reference = PartialDate::ymd(2026, 2, 12).unwrap();
        let d = find_dates("on February 10")[0].date.with_year_from(reference);
        assert_eq!(d.to_iso().unwrap(), "2026-02-10");
        let d = find_dates("on December 30")[0].date.with_year_from(reference);
        assert_eq!(d.to_iso().unwrap(), "2025-12-30");
    }

    #[test]
    fn metadata_dates() {
        assert_eq!(parse_date("2023-04-04T10:12:00+00:00").unwrap().to_string(), "2023-04-04");
        assert_eq!(parse_date("Tue, 10 Feb 2026 08:00:00 GMT").unwrap().to_string(), "2026-02-10");
        assert_eq!(parse_date("March 23, 2022").unwrap().to_string(), "2022-03-23");
        assert_eq!(parse_date("2026-02").unwrap().to_string(), "2026-02");
        assert_eq!(parse_date("2026-13"), None);
        assert_eq!(parse_date("soon"), None);
    }
}
