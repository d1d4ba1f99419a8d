//! Command-line flags the way the docker CLI (cobra/pflag) reads them: `--name web`,
//! `--name=web`, `-d`, clusters like `-dit` and `-p8080:80`, and `--` to end flags.

/// A flag a command accepts.
pub struct FlagSpec {
    /// Long name without dashes (`name`).
    pub long: &'static str,
    /// One-letter short name, if any.
    pub short: Option<char>,
    /// Whether it takes a value.
    pub takes_value: bool,
}

/// Shorthand for a table of specs.
pub const fn flag(long: &'static str, short: Option<char>, takes_value: bool) -> FlagSpec {
    FlagSpec {
        long,
        short,
        takes_value,
    }
}

/// Parsed flags: (long name, value) in order given; bool flags have value `"true"`.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Flags in the order given.
    pub flags: Vec<(&'static str, String)>,
    /// Positional arguments.
    pub args: Vec<String>,
}

impl Parsed {
    /// Whether a bool flag was given (and not `=false`).
    pub fn has(&self, long: &str) -> bool {
        self.flags.iter().any(|(k, v)| *k == long && v != "false")
    }

    /// The last value of a flag.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(k, _)| *k == long)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeatable flag.
    pub fn values(&self, long: &str) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|(k, _)| *k == long)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Parses `args`. With `interspersed = false` the first positional argument ends the flags
/// (`docker run IMAGE CMD --flags-of-cmd`). Errors are pflag's wording.
pub fn parse(args: &[String], specs: &[FlagSpec], interspersed: bool) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if arg == "--" {
            parsed.args.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(spec) = specs.iter().find(|s| s.long == name) else {
                return Err(format!("unknown flag: --{name}"));
            };
            let value = if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None => {
                        let Some(v) = args.get(i) else {
                            return Err(format!("flag needs an argument: --{name}"));
                        };
                        i += 1;
                        v.clone()
                    }
                }
            } else {
                inline.unwrap_or_else(|| "true".to_string())
            };
            parsed.flags.push((spec.long, value));
        } else if arg.len() > 1 && arg.starts_with('-') && !arg.starts_with("--") {
            let cluster: Vec<char> = arg.chars().skip(1).collect();
            let mut k = 0;
            while k < cluster.len() {
                let c = cluster[k];
                let Some(spec) = specs.iter().find(|s| s.short == Some(c)) else {
                    return Err(format!("unknown shorthand flag: '{c}' in {arg}"));
                };
                k += 1;
                if spec.takes_value {
                    let rest: String = cluster[k..].iter().collect();
                    let value = if !rest.is_empty() {
                        rest.strip_prefix('=').unwrap_or(&rest).to_string()
                    } else if let Some(v) = args.get(i) {
                        i += 1;
                        v.clone()
                    } else {
                        return Err(format!("flag needs an argument: '{c}' in -{c}"));
                    };
                    parsed.flags.push((spec.long, value));
                    break;
                }
                parsed.flags.push((spec.long, "true".to_string()));
            }
        } else {
            parsed.args.push(arg.clone());
            if !interspersed {
                parsed.args.extend(args[i..].iter().cloned());
                break;
            }
        }
    }
    Ok(parsed)
}
