//! Variable substitution (`$VAR`, `${VAR:-default}`, …) as compose-go's `template` package
//! does it, applied to every string value of the file before the model is read.
//!
//! compose-go matches `\$(?i:(\$)|([_a-z][_a-z0-9]*)|{(?:([_a-z][_a-z0-9]*(?::?[-+?](.*))?)}|()))`
//! left to right; the braced form's `(.*)` is greedy, so `${A:-x}${B}` is matched whole and
//! split again at the first closing brace. This module follows that algorithm step by step.

use std::collections::BTreeMap;

use super::yaml::{Kind, Node, Value, resolve_plain};

/// Why a template could not be substituted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TemplateError {
    /// `${` not followed by a valid expression; carries the template text compose prints.
    Invalid(String),
    /// `${VAR:?reason}` / `${VAR?reason}` with the variable missing.
    Required { variable: String, reason: String },
}

/// The result of substituting one string.
pub(crate) struct Substituted {
    pub(crate) value: String,
    /// Variables looked up without a default and not set, in order of use.
    pub(crate) unset: Vec<String>,
}

/// Substitutes every variable of `template` from `env`.
pub(crate) fn substitute(
    template: &str,
    env: &BTreeMap<String, String>,
) -> Result<Substituted, TemplateError> {
    let mut unset = Vec::new();
    let value = substitute_inner(template, env, &mut unset, 0)?;
    Ok(Substituted { value, unset })
}

/// A match of compose-go's pattern at a `$`.
enum Match<'t> {
    Escaped,
    Named(&'t str),
    /// The whole matched text of a braced expression (from `$` to its closing brace).
    Braced(&'t str),
    Invalid,
}

fn is_name_start(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphabetic()
}

fn is_name_char(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphanumeric()
}

/// Tries the pattern at byte `i` (where `s[i] == '$'`); returns the match and its end.
fn match_at(s: &str, i: usize) -> Option<(Match<'_>, usize)> {
    let b = s.as_bytes();
    let next = *b.get(i + 1)?;
    if next == b'$' {
        return Some((Match::Escaped, i + 2));
    }
    if is_name_start(next) {
        let mut j = i + 2;
        while j < b.len() && is_name_char(b[j]) {
            j += 1;
        }
        return Some((Match::Named(&s[i + 1..j]), j));
    }
    if next != b'{' {
        return None;
    }
    // Braced: a name, then optionally `:?[-+?]` and anything up to the last `}` on the line.
    let mut j = i + 2;
    if j < b.len() && is_name_start(b[j]) {
        j += 1;
        while j < b.len() && is_name_char(b[j]) {
            j += 1;
        }
        let mut k = j;
        if k < b.len() && b[k] == b':' {
            k += 1;
        }
        if k < b.len() && matches!(b[k], b'-' | b'+' | b'?') {
            let line_end = s[k..].find('\n').map_or(s.len(), |n| k + n);
            if let Some(close) = s[k + 1..line_end].rfind('}') {
                let end = k + 1 + close + 1;
                return Some((Match::Braced(&s[i..end]), end));
            }
        }
        if j < b.len() && b[j] == b'}' {
            return Some((Match::Braced(&s[i..=j]), j + 1));
        }
    }
    // The `invalid` alternative: `${` followed by nothing usable.
    Some((Match::Invalid, i + 2))
}

fn substitute_inner(
    template: &str,
    env: &BTreeMap<String, String>,
    unset: &mut Vec<String>,
    depth: usize,
) -> Result<String, TemplateError> {
    if depth > 64 {
        return Err(TemplateError::Invalid(template.to_owned()));
    }
    let mut out = String::with_capacity(template.len());
    let mut first_error: Option<TemplateError> = None;
    let mut i = 0;
    let mut copied = 0;
    while let Some(off) = template[i..].find('$') {
        let at = i + off;
        let Some((m, end)) = match_at(template, at) else {
            i = at + 1;
            continue;
        };
        out.push_str(&template[copied..at]);
        let replacement = match m {
            Match::Escaped => Ok("$".to_owned()),
            Match::Named(name) => Ok(lookup(name, env, unset)),
            Match::Braced(text) => replace_braced(text, env, unset, depth),
            Match::Invalid => Err(TemplateError::Invalid(String::new())),
        };
        match replacement {
            Ok(r) => out.push_str(&r),
            Err(e) => {
                if first_error.is_none() {
                    first_error = Some(e);
                }
            }
        }
        i = end;
        copied = end;
    }
    out.push_str(&template[copied..]);
    match first_error {
        // An invalid template reports the whole string being substituted.
        Some(TemplateError::Invalid(t)) if t.is_empty() => Err(TemplateError::Invalid(template.to_owned())),
        Some(e) => Err(e),
        None => Ok(out),
    }
}

fn lookup(name: &str, env: &BTreeMap<String, String>, unset: &mut Vec<String>) -> String {
    match env.get(name) {
        Some(v) => v.clone(),
        None => {
            unset.push(name.to_owned());
            String::new()
        }
    }
}

/// The operators in compose-go's order of preference for equal positions.
const OPERATORS: [&str; 6] = [":?", "?", ":-", "-", ":+", "+"];

fn replace_braced(
    text: &str,
    env: &BTreeMap<String, String>,
    unset: &mut Vec<String>,
    depth: usize,
) -> Result<String, TemplateError> {
    // The operator that appears first anywhere in the matched text decides the function.
    let op = OPERATORS
        .iter()
        .filter_map(|op| text.find(op).map(|idx| (idx, *op)))
        .min_by_key(|(idx, _)| *idx)
        .map(|(_, op)| op);
    // Split at the first closing brace (braces nest after a `{`).
    let (head, rest) = match first_closing_brace(text) {
        Some(idx) => (&text[..=idx], &text[idx + 1..]),
        None => (text, ""),
    };
    // `${` + substitution + `}`
    let substitution = head.get(2..head.len().saturating_sub(1)).unwrap_or("");
    if let Some(op) = op
        && let Some((name, arg)) = substitution.split_once(op)
    {
        let value = env.get(name);
        let applied = match op {
            ":?" | "?" => {
                let ok = match value {
                    Some(v) => op == "?" || !v.is_empty(),
                    None => false,
                };
                if !ok {
                    let reason = substitute_inner(arg, env, unset, depth + 1)?;
                    return Err(TemplateError::Required {
                        variable: name.to_owned(),
                        reason,
                    });
                }
                value.cloned().unwrap_or_default()
            }
            ":-" | "-" => match value {
                Some(v) if op == "-" || !v.is_empty() => v.clone(),
                _ => substitute_inner(arg, env, unset, depth + 1)?,
            },
            _ => match value {
                Some(v) if op == "+" || !v.is_empty() => substitute_inner(arg, env, unset, depth + 1)?,
                Some(v) => v.clone(),
                None => String::new(),
            },
        };
        let tail = substitute_inner(rest, env, unset, depth + 1)?;
        return Ok(applied + &tail);
    }
    Ok(lookup(substitution, env, unset))
}

/// compose-go's `getFirstBraceClosingIndex`.
fn first_closing_brace(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut open = 0i32;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'}' {
            open -= 1;
            if open == 0 {
                return Some(i);
            }
        }
        if b[i] == b'{' {
            open += 1;
            i += 1;
        }
        i += 1;
    }
    None
}

/// A problem found while interpolating, with the node it concerns.
pub(crate) struct InterpolationIssue {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

/// What interpolating a whole file produced.
#[derive(Default)]
pub(crate) struct Interpolated {
    pub(crate) errors: Vec<InterpolationIssue>,
    pub(crate) warnings: Vec<InterpolationIssue>,
}

/// How a value at a given path is converted after substitution (compose-go
/// `interpolateTypeCastMapping`).
#[derive(Clone, Copy)]
enum Cast {
    Int,
    Int64,
    Float,
    Bool,
}

/// compose-go's cast table; `*` matches one key, `[]` one list item.
const CASTS: &[(&[&str], Cast)] = &[
    (&["services", "*", "cpu_count"], Cast::Int64),
    (&["services", "*", "cpu_percent"], Cast::Float),
    (&["services", "*", "cpu_period"], Cast::Int64),
    (&["services", "*", "cpu_quota"], Cast::Int64),
    (&["services", "*", "cpu_rt_period"], Cast::Int64),
    (&["services", "*", "cpu_rt_runtime"], Cast::Int64),
    (&["services", "*", "cpus"], Cast::Float),
    (&["services", "*", "cpu_shares"], Cast::Int64),
    (&["services", "*", "init"], Cast::Bool),
    (&["services", "*", "depends_on", "*", "required"], Cast::Bool),
    (&["services", "*", "depends_on", "*", "restart"], Cast::Bool),
    (&["services", "*", "deploy", "replicas"], Cast::Int),
    (
        &["services", "*", "deploy", "update_config", "parallelism"],
        Cast::Int,
    ),
    (
        &["services", "*", "deploy", "update_config", "max_failure_ratio"],
        Cast::Float,
    ),
    (
        &["services", "*", "deploy", "rollback_config", "parallelism"],
        Cast::Int,
    ),
    (
        &["services", "*", "deploy", "rollback_config", "max_failure_ratio"],
        Cast::Float,
    ),
    (
        &["services", "*", "deploy", "restart_policy", "max_attempts"],
        Cast::Int,
    ),
    (
        &["services", "*", "deploy", "placement", "max_replicas_per_node"],
        Cast::Int,
    ),
    (&["services", "*", "healthcheck", "retries"], Cast::Int),
    (&["services", "*", "healthcheck", "disable"], Cast::Bool),
    (&["services", "*", "oom_kill_disable"], Cast::Bool),
    (&["services", "*", "oom_score_adj"], Cast::Int64),
    (&["services", "*", "pids_limit"], Cast::Int64),
    (&["services", "*", "ports", "[]", "target"], Cast::Int),
    (&["services", "*", "privileged"], Cast::Bool),
    (&["services", "*", "read_only"], Cast::Bool),
    (&["services", "*", "scale"], Cast::Int),
    (&["services", "*", "stdin_open"], Cast::Bool),
    (&["services", "*", "tty"], Cast::Bool),
    (&["services", "*", "ulimits", "*"], Cast::Int),
    (&["services", "*", "ulimits", "*", "hard"], Cast::Int),
    (&["services", "*", "ulimits", "*", "soft"], Cast::Int),
    (&["services", "*", "volumes", "[]", "read_only"], Cast::Bool),
    (
        &["services", "*", "volumes", "[]", "volume", "nocopy"],
        Cast::Bool,
    ),
    (&["networks", "*", "external"], Cast::Bool),
    (&["networks", "*", "internal"], Cast::Bool),
    (&["networks", "*", "attachable"], Cast::Bool),
    (&["networks", "*", "enable_ipv4"], Cast::Bool),
    (&["networks", "*", "enable_ipv6"], Cast::Bool),
    (&["volumes", "*", "external"], Cast::Bool),
    (&["secrets", "*", "external"], Cast::Bool),
    (&["configs", "*", "external"], Cast::Bool),
];

fn cast_for(path: &[String]) -> Option<Cast> {
    CASTS.iter().find_map(|(pattern, cast)| {
        (pattern.len() == path.len()
            && pattern
                .iter()
                .zip(path)
                .all(|(p, s)| *p == "*" || *p == s.as_str()))
        .then_some(*cast)
    })
}

/// Interpolates every string value under the top-level mapping, in document order.
pub(crate) fn interpolate(root: &mut Node, env: &BTreeMap<String, String>) -> Interpolated {
    let mut result = Interpolated::default();
    let mut path = Vec::new();
    walk(root, &mut path, env, &mut result);
    result
}

fn walk(node: &mut Node, path: &mut Vec<String>, env: &BTreeMap<String, String>, out: &mut Interpolated) {
    let (line, column) = (node.line, node.column);
    match &mut node.value {
        Value::Map(pairs) => {
            for (key, value) in pairs.iter_mut() {
                path.push(key.as_scalar().map(|s| s.text.clone()).unwrap_or_default());
                walk(value, path, env, out);
                path.pop();
            }
        }
        Value::Seq(items) => {
            for item in items.iter_mut() {
                path.push("[]".to_owned());
                walk(item, path, env, out);
                path.pop();
            }
        }
        Value::Scalar(scalar) => {
            if scalar.kind != Kind::Str {
                return;
            }
            let dotted = path.join(".");
            match substitute(&scalar.text, env) {
                Err(TemplateError::Invalid(template)) => out.errors.push(InterpolationIssue {
                    line,
                    column,
                    message: format!(
                        "invalid interpolation format for {dotted}.\nYou may need to escape any $ with another $.\n{template}"
                    ),
                }),
                Err(TemplateError::Required { variable, reason }) => {
                    let text = if reason.is_empty() {
                        format!("required variable {variable} is missing a value")
                    } else {
                        format!("required variable {variable} is missing a value: {reason}")
                    };
                    out.errors.push(InterpolationIssue {
                        line,
                        column,
                        message: format!("error while interpolating {dotted}: {text}"),
                    });
                }
                Ok(done) => {
                    for name in done.unset {
                        out.warnings.push(InterpolationIssue {
                            line,
                            column,
                            message: format!("The {} variable is not set. Defaulting to a blank string.", super::yaml::go_quote(&name)),
                        });
                    }
                    scalar.text = done.value;
                    if let Some(cast) = cast_for(path) {
                        match apply_cast(cast, &scalar.text) {
                            Ok((kind, warning)) => {
                                scalar.kind = kind;
                                if let Some(w) = warning {
                                    out.warnings.push(InterpolationIssue { line, column, message: w });
                                }
                            }
                            Err(e) => out.errors.push(InterpolationIssue {
                                line,
                                column,
                                message: format!(
                                    "error while interpolating {dotted}: failed to cast to expected type: {e}"
                                ),
                            }),
                        }
                    }
                }
            }
        }
    }
}

/// compose-go's `toInt`, `toInt64`, `toFloat`, `toBoolean`, with Go's error texts.
fn apply_cast(cast: Cast, value: &str) -> Result<(Kind, Option<String>), String> {
    let quoted = super::yaml::go_quote(value);
    match cast {
        Cast::Int | Cast::Int64 => {
            let func = if matches!(cast, Cast::Int) {
                "strconv.Atoi"
            } else {
                "strconv.ParseInt"
            };
            let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("{func}: parsing {quoted}: invalid syntax"));
            }
            match value.parse::<i64>() {
                Ok(i) => Ok((Kind::Int(i128::from(i)), None)),
                Err(_) => Err(format!("{func}: parsing {quoted}: value out of range")),
            }
        }
        Cast::Float => match resolve_plain(value) {
            Kind::Int(i) => Ok((Kind::Float(i as f64), None)),
            Kind::Float(f) => Ok((Kind::Float(f), None)),
            _ => Err(format!("strconv.ParseFloat: parsing {quoted}: invalid syntax")),
        },
        Cast::Bool => match value.to_lowercase().as_str() {
            "true" => Ok((Kind::Bool(true), None)),
            "false" => Ok((Kind::Bool(false), None)),
            "y" | "yes" | "on" => Ok((
                Kind::Bool(true),
                Some(format!(
                    "{quoted} for boolean is not supported by YAML 1.2, please use `true`"
                )),
            )),
            "n" | "no" | "off" => Ok((
                Kind::Bool(false),
                Some(format!(
                    "{quoted} for boolean is not supported by YAML 1.2, please use `false`"
                )),
            )),
            _ => Err(format!("invalid boolean: {value}")),
        },
    }
}
