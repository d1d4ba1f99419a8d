//! Go durations (`1m30s`, `500ms`, `2h`), as Compose reads healthcheck times.
//!
//! compose-go decodes durations with `xhit/go-str2duration/v2` `ParseDuration`: Go's
//! `time.ParseDuration` plus the units `d` and `w`, with Go's error texts.

use std::fmt;

const NANOS_PER_MILLI: i64 = 1_000_000;

/// A length of time as Go's `time.Duration` holds it: signed nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GoDuration {
    /// Nanoseconds.
    pub nanos: i64,
}

impl GoDuration {
    /// A duration of whole milliseconds.
    pub const fn from_millis(ms: i64) -> Self {
        GoDuration {
            nanos: ms.saturating_mul(NANOS_PER_MILLI),
        }
    }

    /// Whole milliseconds (truncated toward zero).
    pub const fn as_millis(self) -> i64 {
        self.nanos / NANOS_PER_MILLI
    }
}

/// Parses a duration: grammar `[-+]? ( [0-9]* ( "." [0-9]* )? UNIT )+ | "0"`, with UNIT one of
/// `ns us µs μs ms s m h d w`.
///
/// Errors are Go's: `time: invalid duration "x"`, `time: missing unit in duration "10"`,
/// `time: unknown unit "x" in duration "1x"`.
pub fn parse_duration(s: &str) -> Result<GoDuration, String> {
    let orig = s;
    let invalid = || format!("time: invalid duration {}", quote(orig));
    let mut rest = s;
    let mut neg = false;
    if let Some(c) = rest.chars().next()
        && (c == '-' || c == '+')
    {
        neg = c == '-';
        rest = &rest[1..];
    }
    if rest == "0" {
        return Ok(GoDuration { nanos: 0 });
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let b = rest.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // Integer part.
        let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let mut v: u128 = 0;
        for &d in &b[..int_len] {
            v = v * 10 + u128::from(d - b'0');
            if v > 1u128 << 63 {
                return Err(invalid());
            }
        }
        let pre = int_len > 0;
        rest = &rest[int_len..];
        // Fraction.
        let mut frac: u128 = 0;
        let mut scale: f64 = 1.0;
        let mut post = false;
        if rest.starts_with('.') {
            rest = &rest[1..];
            let fb = rest.as_bytes();
            let frac_len = fb.iter().take_while(|c| c.is_ascii_digit()).count();
            post = frac_len > 0;
            let mut overflow = false;
            for &d in &fb[..frac_len] {
                if overflow {
                    continue;
                }
                if frac > (1u128 << 63) / 10 {
                    overflow = true;
                    continue;
                }
                frac = frac * 10 + u128::from(d - b'0');
                scale *= 10.0;
            }
            rest = &rest[frac_len..];
        }
        if !pre && !post {
            return Err(invalid());
        }
        // Unit.
        let unit_len = rest
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(rest.len());
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", quote(orig)));
        }
        let unit_text = &rest[..unit_len];
        rest = &rest[unit_len..];
        let unit: u128 = match unit_text {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            "d" => 86_400_000_000_000,
            "w" => 604_800_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    quote(unit_text),
                    quote(orig)
                ));
            }
        };
        if v > (1u128 << 63) / unit {
            return Err(invalid());
        }
        v *= unit;
        if frac > 0 {
            v += (frac as f64 * (unit as f64 / scale)) as u128;
            if v > 1u128 << 63 {
                return Err(invalid());
            }
        }
        total += v;
        if total > 1u128 << 63 {
            return Err(invalid());
        }
    }
    if neg {
        return Ok(GoDuration {
            nanos: (total as i128).wrapping_neg() as i64,
        });
    }
    if total > (1u128 << 63) - 1 {
        return Err(invalid());
    }
    Ok(GoDuration { nanos: total as i64 })
}

/// Go's `time.quote`: double quotes, with `"` and `\` escaped.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

impl fmt::Display for GoDuration {
    /// Go's `Duration.String`: `1h0m0s`, `1m30s`, `1.5s`, `500ms`, `0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let neg = self.nanos < 0;
        let u = self.nanos.unsigned_abs();
        let sign = if neg { "-" } else { "" };
        if u < 1_000_000_000 {
            if u == 0 {
                return f.write_str("0s");
            }
            let (unit, div) = if u < 1_000 {
                ("ns", 1)
            } else if u < 1_000_000 {
                ("µs", 1_000)
            } else {
                ("ms", 1_000_000)
            };
            return write!(f, "{sign}{}{unit}", fixed(u, div));
        }
        let secs_part = fixed(u % 60_000_000_000, 1_000_000_000);
        let minutes = u / 60_000_000_000;
        if minutes == 0 {
            return write!(f, "{sign}{secs_part}s");
        }
        let hours = minutes / 60;
        if hours == 0 {
            return write!(f, "{sign}{}m{secs_part}s", minutes % 60);
        }
        write!(f, "{sign}{hours}h{}m{secs_part}s", minutes % 60)
    }
}

/// `value / div` printed with the fraction trimmed of trailing zeros (`1.5`, `2`).
fn fixed(value: u64, div: u64) -> String {
    let whole = value / div;
    let mut frac = value % div;
    if frac == 0 {
        return whole.to_string();
    }
    let mut digits = div.to_string().len() - 1;
    while frac.is_multiple_of(10) {
        frac /= 10;
        digits -= 1;
    }
    format!("{whole}.{frac:0digits$}")
}
