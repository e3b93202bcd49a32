//! Author and committer identities, as `git commit` would choose them: `GIT_AUTHOR_NAME`,
//! `GIT_AUTHOR_EMAIL`, `GIT_AUTHOR_DATE` (and `GIT_COMMITTER_*`) when set, else
//! `author.*`/`committer.*` and `user.*` from git config, and the current time.

use git2::{Config, Signature, Time};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Author,
    Committer,
}

impl Role {
    fn env(self) -> &'static str {
        match self {
            Role::Author => "GIT_AUTHOR",
            Role::Committer => "GIT_COMMITTER",
        }
    }

    fn config(self) -> &'static str {
        match self {
            Role::Author => "author",
            Role::Committer => "committer",
        }
    }
}

/// Who and when, resolved once so every commit of a run uses the same identity.
#[derive(Debug, Clone)]
pub struct Identity {
    pub name: String,
    pub email: String,
    /// A fixed date from the environment, or `None` for "now" at each commit.
    pub date: Option<Time>,
}

impl Identity {
    pub fn resolve(config: &Config, role: Role) -> Result<Identity, String> {
        let prefix = role.env();
        let env = |key: &str| std::env::var(format!("{prefix}_{key}")).ok();
        let config_value = |key: &str| {
            config
                .get_string(&format!("{}.{key}", role.config()))
                .or_else(|_| config.get_string(&format!("user.{key}")))
                .ok()
        };
        let name = env("NAME").or_else(|| config_value("name"));
        let email = env("EMAIL")
            .or_else(|| config_value("email"))
            .or_else(|| std::env::var("EMAIL").ok());
        let (Some(name), Some(email)) = (name, email) else {
            return Err(format!(
                "no {} identity: set user.name and user.email \
                 (git config user.name \"Your Name\"; git config user.email you@example.com) \
                 or {prefix}_NAME / {prefix}_EMAIL",
                role.config()
            ));
        };
        let date = match env("DATE") {
            Some(text) => Some(
                parse_date(&text)
                    .ok_or_else(|| format!("cannot understand {prefix}_DATE={text:?}"))?,
            ),
            None => None,
        };
        Ok(Identity { name, email, date })
    }

    pub fn signature(&self) -> Result<Signature<'static>, String> {
        let result = match &self.date {
            Some(time) => Signature::new(&self.name, &self.email, time),
            None => Signature::now(&self.name, &self.email),
        };
        result.map_err(|e| {
            format!(
                "bad identity {} <{}>: {}",
                self.name,
                self.email,
                e.message()
            )
        })
    }
}

/// Parse the date formats git accepts in `GIT_*_DATE`: git's internal `<seconds> <±hhmm>`
/// (optionally `@`-prefixed), RFC 2822 (`Thu, 07 Apr 2005 22:13:13 +0200`) and ISO 8601
/// (`2005-04-07T22:13:13+02:00`, `2005-04-07 22:13:13 +0200`, `…Z`).
pub fn parse_date(text: &str) -> Option<Time> {
    let text = text.trim();
    if let Some(time) = parse_internal(text) {
        return Some(time);
    }
    parse_iso(text).or_else(|| parse_rfc2822(text))
}

fn parse_internal(text: &str) -> Option<Time> {
    let text = text.strip_prefix('@').unwrap_or(text);
    let mut parts = text.split_whitespace();
    let seconds: i64 = parts.next()?.parse().ok()?;
    let offset = match parts.next() {
        Some(zone) => parse_zone(zone)?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(Time::new(seconds, offset))
}

/// `+0200`, `-05:30`, `Z` → minutes east of UTC.
fn parse_zone(zone: &str) -> Option<i32> {
    if zone == "Z" || zone == "UTC" || zone == "GMT" {
        return Some(0);
    }
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some(sign * (hours * 60 + minutes))
}

fn parse_iso(text: &str) -> Option<Time> {
    // 2005-04-07T22:13:13+02:00 | 2005-04-07 22:13:13 +0200 | 2005-04-07T22:13:13Z
    let (date, rest) = text.split_at(text.find(['T', ' '])?);
    let rest = &rest[1..];
    let mut ymd = date.split('-');
    let year: i64 = ymd.next()?.parse().ok()?;
    let month: u32 = ymd.next()?.parse().ok()?;
    let day: u32 = ymd.next()?.parse().ok()?;
    let rest = rest.trim();
    let zone_at = rest.find(['+', '-', 'Z', ' ']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let offset = match zone.trim() {
        "" => 0,
        zone => parse_zone(zone)?,
    };
    let seconds = clock_seconds(clock)?;
    let local = days_from_civil(year, month, day)? * 86_400 + seconds;
    Some(Time::new(local - i64::from(offset) * 60, offset))
}

fn parse_rfc2822(text: &str) -> Option<Time> {
    // [Thu, ]07 Apr 2005 22:13:13 +0200
    let text = match text.find(',') {
        Some(at) => &text[at + 1..],
        None => text,
    };
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [day, month, year, clock, zone] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = MONTHS
        .iter()
        .position(|m| month.to_ascii_lowercase().starts_with(m))?;
    let offset = parse_zone(zone)?;
    let local = days_from_civil(year.parse().ok()?, month as u32 + 1, day.parse().ok()?)? * 86_400
        + clock_seconds(clock)?;
    Some(Time::new(local - i64::from(offset) * 60, offset))
}

fn clock_seconds(clock: &str) -> Option<i64> {
    let mut hms = clock.split(':');
    let hours: i64 = hms.next()?.parse().ok()?;
    let minutes: i64 = hms.next()?.parse().ok()?;
    let seconds: i64 = match hms.next() {
        // Fractions of a second are dropped.
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    if hours > 23 || minutes > 59 || seconds > 60 {
        return None;
    }
    Some(hours * 3600 + minutes * 60 + seconds)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(text: &str) -> (i64, i32) {
        let time = parse_date(text).unwrap();
        (time.seconds(), time.offset_minutes())
    }

    #[test]
    fn parses_the_formats_git_accepts() {
        // 2005-04-07T22:13:13+02:00 is 1112904793.
        assert_eq!(seconds("1112904793 +0200"), (1_112_904_793, 120));
        assert_eq!(seconds("@1112904793 +0200"), (1_112_904_793, 120));
        assert_eq!(seconds("2005-04-07T22:13:13+02:00"), (1_112_904_793, 120));
        assert_eq!(seconds("2005-04-07 22:13:13 +0200"), (1_112_904_793, 120));
        assert_eq!(seconds("2005-04-07T20:13:13Z"), (1_112_904_793, 0));
        assert_eq!(
            seconds("Thu, 07 Apr 2005 22:13:13 +0200"),
            (1_112_904_793, 120)
        );
        assert_eq!(seconds("2000-03-01T00:00:00-05:30"), (951_888_600, -330));
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("2005-13-07T22:13:13Z").is_none());
    }
}
