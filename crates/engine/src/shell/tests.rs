use super::*;

fn words(line: &str) -> Vec<String> {
    split_line(line).expect("splits").words
}

#[test]
fn whitespace_separates_words() {
    assert_eq!(words("  docker   ps\t-a "), ["docker", "ps", "-a"]);
}

#[test]
fn quotes_keep_spaces_and_are_removed() {
    assert_eq!(
        words(r#"docker run --name "my web" alpine sh -c 'echo "hi there"; exit 3'"#),
        [
            "docker",
            "run",
            "--name",
            "my web",
            "alpine",
            "sh",
            "-c",
            r#"echo "hi there"; exit 3"#
        ]
    );
    assert_eq!(
        words(r#"echo "a\"b" 'c\d' e\ f"#),
        ["echo", "a\"b", "c\\d", "e f"]
    );
    assert_eq!(words(r#"echo """#), ["echo", ""]);
}

#[test]
fn go_templates_survive_quoting() {
    assert_eq!(
        words("docker ps --format 'table {{.Names}}\\t{{.Status}}'"),
        ["docker", "ps", "--format", "table {{.Names}}\\t{{.Status}}"]
    );
}

#[test]
fn redirections_are_split_off() {
    let line = split_line("echo hello world > notes.txt").expect("splits");
    assert_eq!(line.words, ["echo", "hello", "world"]);
    assert_eq!(
        line.redirect,
        Some(Redirect {
            file: "notes.txt".into(),
            append: false
        })
    );
    let line = split_line("echo more>>notes.txt").expect("splits");
    assert_eq!(line.words, ["echo", "more"]);
    assert_eq!(
        line.redirect,
        Some(Redirect {
            file: "notes.txt".into(),
            append: true
        })
    );
    assert_eq!(words("echo 'a > b'"), ["echo", "a > b"]);
}

#[test]
fn comments_end_the_line_but_not_inside_words() {
    assert_eq!(words("docker ps # list"), ["docker", "ps"]);
    assert_eq!(words("echo a#b"), ["echo", "a#b"]);
}

#[test]
fn broken_lines_are_errors_not_panics() {
    assert_eq!(split_line("echo 'oops"), Err(ShellError::UnterminatedQuote('\'')));
    assert_eq!(split_line("echo \"oops"), Err(ShellError::UnterminatedQuote('"')));
    assert_eq!(split_line("echo >"), Err(ShellError::MissingRedirectTarget));
    assert_eq!(
        split_line("echo \\").expect("trailing backslash").words,
        ["echo", ""]
    );
}
