//! Text shapes the docker CLI prints: durations, sizes, tables, quoting, timestamps.

/// go-units `HumanDuration`, as in `Up 5 seconds` and `Exited (0) 3 minutes ago`
/// (moby vendor/github.com/docker/go-units/duration.go).
pub fn human_duration(ms: u64) -> String {
    let seconds = ms / 1000;
    let minutes = seconds / 60;
    // Hours are rounded: int(d.Hours() + 0.5).
    let hours = (ms as f64 / 3_600_000.0 + 0.5) as u64;
    if seconds < 1 {
        "Less than a second".to_string()
    } else if seconds == 1 {
        "1 second".to_string()
    } else if seconds < 60 {
        format!("{seconds} seconds")
    } else if minutes == 1 {
        "About a minute".to_string()
    } else if minutes < 60 {
        format!("{minutes} minutes")
    } else if hours == 1 {
        "About an hour".to_string()
    } else if hours < 48 {
        format!("{hours} hours")
    } else if hours < 24 * 7 * 2 {
        format!("{} days", hours / 24)
    } else if hours < 24 * 30 * 2 {
        format!("{} weeks", hours / 24 / 7)
    } else if hours < 24 * 365 * 2 {
        format!("{} months", hours / 24 / 30)
    } else {
        format!("{} years", hours / 24 / 365)
    }
}

/// go-units `HumanSizeWithPrecision(size, 3)`: decimal units, three significant digits
/// (`10.1kB`, `8.31MB`, `192MB`, `1.02GB`).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{}{}", significant(value, 3), UNITS[unit])
}

/// Go's `%.3g` for the magnitudes sizes have: three significant digits, no trailing zeros.
fn significant(value: f64, digits: i32) -> String {
    if value == 0.0 {
        return "0".to_string();
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = (digits - 1 - magnitude).max(0) as usize;
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Go's `text/tabwriter` as the docker CLI configures it: minimum cell width 10, padding 3,
/// spaces (`tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`, docker/cli formatter.go). Cells are
/// separated by `\t`; the last cell of a line is not padded.
pub fn tabulate(text: &str) -> String {
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; columns];
    for row in &rows {
        for (i, cell) in row.iter().enumerate().take(row.len().saturating_sub(1)) {
            widths[i] = widths[i].max(cell.chars().count() + 3).max(10);
        }
    }
    let mut out = String::new();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i].saturating_sub(cell.chars().count());
                out.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push('\n');
    }
    out
}

/// Go's `strconv.Quote` for the text docker prints (`"nginx -g 'daemon of…"`).
pub fn go_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// docker/cli `formatter.Ellipsis`: at most `max` characters, the last one `…` when cut.
pub fn ellipsis(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// 64 hex digits from a splitmix64 generator whose state is `state` (advanced in place):
/// the host's seeded container IDs and the catalogue's stable image IDs both come from here.
pub fn splitmix_hex(state: &mut u64) -> String {
    let mut out = String::with_capacity(64);
    for _ in 0..4 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        out.push_str(&format!("{:016x}", z ^ (z >> 31)));
    }
    out
}

/// The virtual clock's epoch: 2025-12-08 09:00:00 UTC (paper #14's date), in ms since 1970.
pub const EPOCH_MS: u64 = 1_765_184_400_000;

/// RFC 3339 with nanoseconds as Go prints `time.Time` in JSON (`2025-12-08T09:00:05.25Z`,
/// trailing zeros of the fraction dropped).
pub fn rfc3339(ms_since_1970: u64) -> String {
    let secs = ms_since_1970 / 1000;
    let frac = ms_since_1970 % 1000;
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    let base = format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    );
    if frac == 0 {
        format!("{base}Z")
    } else {
        let digits = format!("{frac:03}");
        format!("{base}.{}Z", digits.trim_end_matches('0'))
    }
}

/// A moment on the virtual clock broken into calendar fields (UTC), for log timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    /// Year.
    pub year: i64,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
    /// 0–23.
    pub hour: u64,
    /// 0–59.
    pub minute: u64,
    /// 0–59.
    pub second: u64,
    /// 0–999.
    pub milli: u64,
}

impl DateTime {
    /// The calendar fields of a time in ms since 1970.
    pub fn from_ms(ms_since_1970: u64) -> DateTime {
        let secs = ms_since_1970 / 1000;
        let (year, month, day) = civil_from_days((secs / 86_400) as i64);
        let rem = secs % 86_400;
        DateTime {
            year,
            month,
            day,
            hour: rem / 3600,
            minute: rem % 3600 / 60,
            second: rem % 60,
            milli: ms_since_1970 % 1000,
        }
    }

    /// The English month abbreviation (`Dec`).
    pub fn month_abbrev(&self) -> &'static str {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        NAMES
            .get(self.month.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("Jan")
    }
}

/// Howard Hinnant's days → (year, month, day) for the proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_docker_ps() {
        let cases = [
            (400, "Less than a second"),
            (1_000, "1 second"),
            (5_999, "5 seconds"),
            (59_000, "59 seconds"),
            (60_000, "About a minute"),
            (119_000, "About a minute"),
            (120_000, "2 minutes"),
            (3_599_000, "59 minutes"),
            (3_600_000, "About an hour"),
            (5_400_000, "2 hours"),
            (47 * 3_600_000, "47 hours"),
            (3 * 86_400_000, "3 days"),
            (15 * 86_400_000, "2 weeks"),
            (90 * 86_400_000, "3 months"),
            (800 * 86_400_000, "2 years"),
        ];
        for (ms, text) in cases {
            assert_eq!(human_duration(ms), text, "{ms} ms");
        }
    }

    #[test]
    fn sizes_have_three_significant_digits() {
        assert_eq!(human_size(10_072), "10.1kB");
        assert_eq!(human_size(8_310_000), "8.31MB");
        assert_eq!(human_size(192_000_000), "192MB");
        assert_eq!(human_size(1_020_000_000), "1.02GB");
        assert_eq!(human_size(0), "0B");
        assert_eq!(human_size(999), "999B");
        assert_eq!(human_size(4_000_000), "4MB");
    }

    #[test]
    fn tables_pad_to_the_widest_cell_plus_three() {
        let table = tabulate("CONTAINER ID\tNAMES\nabc\tweb\n");
        assert_eq!(table, "CONTAINER ID   NAMES\nabc            web\n");
        assert_eq!(tabulate("A\tB\n"), "A         B\n", "minimum width 10");
    }

    #[test]
    fn commands_are_cut_then_quoted() {
        assert_eq!(
            go_quote(&ellipsis("/docker-entrypoint.sh nginx -g 'daemon off;'", 20)),
            "\"/docker-entrypoint.…\""
        );
        assert_eq!(go_quote("echo \"hi\""), "\"echo \\\"hi\\\"\"");
    }

    #[test]
    fn timestamps_are_rfc3339_from_the_epoch() {
        assert_eq!(rfc3339(EPOCH_MS), "2025-12-08T09:00:00Z");
        assert_eq!(rfc3339(EPOCH_MS + 5_250), "2025-12-08T09:00:05.25Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
