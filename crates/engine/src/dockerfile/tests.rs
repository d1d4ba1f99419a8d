//! Unit tests for the Dockerfile parser: errors, directives, heredocs and robustness.

use super::*;

fn parse(source: &str) -> Dockerfile {
    match parse_dockerfile(source) {
        Ok(parsed) => parsed,
        Err(e) => panic!("unexpected error on line {}: {e}", e.line),
    }
}

fn error(source: &str) -> DockerfileError {
    match parse_dockerfile(source) {
        Ok(parsed) => panic!("expected an error, parsed:\n{}", parsed.dump()),
        Err(e) => e,
    }
}

#[test]
fn an_unknown_instruction_is_reported_with_its_line() {
    let e = error("FROM busybox\nRUN true\n\nBADCMD foo\n");
    assert_eq!(e.line, 4);
    assert_eq!(e.kind, ErrorKind::Instruction);
    assert_eq!(e.message, "unknown instruction: BADCMD");
    assert_eq!(
        e.to_string(),
        "dockerfile parse error on line 4: unknown instruction: BADCMD"
    );
}

#[test]
fn an_unknown_instruction_suggests_the_closest_one() {
    let e = error("FROM busybox\nFNTRYPOINT [\"sh\"]\n");
    assert_eq!(
        e.to_string(),
        "dockerfile parse error on line 2: unknown instruction: FNTRYPOINT (did you mean ENTRYPOINT?)"
    );
    let e = error("FROM busybox\nrunn true\n");
    assert_eq!(e.message, "unknown instruction: runn (did you mean run?)");
    let e = error("FROM busybox\nRunn true\n");
    assert_eq!(e.message, "unknown instruction: Runn (did you mean run?)");
}

#[test]
fn an_empty_file_has_no_instructions() {
    let e = error("");
    assert_eq!((e.line, e.to_string().as_str()), (0, "file with no instructions"));
    let e = error("# only a comment\n\n   \n");
    assert_eq!((e.line, e.message.as_str()), (3, "file with no instructions"));
}

#[test]
fn an_invalid_escape_directive_is_rejected() {
    let e = error("# escape=x\nFROM a\n");
    assert_eq!(e.line, 1);
    assert_eq!(e.message, "invalid escape token 'x' does not match ` or \\");
}

#[test]
fn a_repeated_directive_is_rejected() {
    let e = error("# escape=`\n# Escape=\\\nFROM a\n");
    assert_eq!(
        (e.line, e.message.as_str()),
        (2, "only one escape parser directive can be used")
    );
}

#[test]
fn directives_are_recorded_and_stop_at_the_first_other_line() {
    let parsed = parse("# syntax = docker/dockerfile:1\n# check=skip=all\n# escape=`\nFROM a\n");
    let names: Vec<(&str, &str, usize)> = parsed
        .directives
        .iter()
        .map(|d| (d.name.as_str(), d.value.as_str(), d.line))
        .collect();
    assert_eq!(
        names,
        [
            ("syntax", "docker/dockerfile:1", 1),
            ("check", "skip=all", 2),
            ("escape", "`", 3)
        ]
    );
    assert_eq!(parsed.escape, '`');
    let parsed = parse("# hello\n# escape=`\nFROM a\n");
    assert!(parsed.directives.is_empty());
    assert_eq!(parsed.escape, '\\');
}

#[test]
fn an_unterminated_heredoc_is_rejected_at_its_instruction() {
    let e = error("FROM a\nRUN <<EOF\necho hi\n");
    assert_eq!((e.line, e.message.as_str()), (2, "unterminated heredoc"));
}

#[test]
fn heredocs_take_their_body_and_terminator_lines() {
    let parsed =
        parse("FROM a\nRUN <<EOF\necho hi\nEOF\nCOPY <<-\"A\" 3<<B /dst/\n\tx $y\n\tA\nz\nB\nCMD x\n");
    let run = &parsed.instructions[1];
    assert_eq!((run.start_line, run.end_line), (2, 4));
    assert_eq!(run.heredocs.len(), 1);
    assert_eq!(run.heredocs[0].name, "EOF");
    assert_eq!(run.heredocs[0].content, "echo hi\n");
    assert!(run.heredocs[0].expand);
    let copy = &parsed.instructions[2];
    assert_eq!((copy.start_line, copy.end_line), (5, 9));
    let docs: Vec<(&str, u64, bool, bool, &str)> = copy
        .heredocs
        .iter()
        .map(|h| {
            (
                h.name.as_str(),
                h.file_descriptor,
                h.expand,
                h.chomp,
                h.content.as_str(),
            )
        })
        .collect();
    assert_eq!(
        docs,
        [("A", 0, false, true, "\tx $y\n"), ("B", 3, true, false, "z\n")]
    );
    assert_eq!(parsed.instructions[3].start_line, 10);
}

#[test]
fn a_json_run_has_no_heredoc() {
    let parsed = parse("FROM a\nRUN [\"cat\", \"<<EOF\"]\nCMD x\n");
    assert!(parsed.instructions[1].heredocs.is_empty());
    assert!(parsed.instructions[1].json);
    assert_eq!(parsed.instructions.len(), 3);
}

#[test]
fn an_onbuild_trigger_can_carry_a_heredoc() {
    let parsed = parse("FROM a\nONBUILD RUN <<EOF\nhi\nEOF\n");
    assert_eq!(parsed.instructions[1].heredocs.len(), 1);
    assert_eq!(parsed.dump(), "(from \"a\")\n(onbuild (run \"<<EOF\"))\n");
}

#[test]
fn a_json_array_with_a_number_is_rejected() {
    let e = error("FROM a\nCMD [\"a\", 1]\n");
    assert_eq!(e.line, 2);
    assert_eq!(
        e.message,
        "when using JSON array syntax, arrays must be comprised of strings only"
    );
}

#[test]
fn invalid_json_falls_back_to_the_shell_form() {
    let parsed = parse("FROM a\nCMD [\"a\", 1\nRUN ['a']\n");
    assert_eq!(
        parsed.dump(),
        "(from \"a\")\n(cmd \"[\\\"a\\\", 1\")\n(run \"['a']\")\n"
    );
}

#[test]
fn env_without_a_value_is_rejected() {
    let e = error("FROM a\nENV PATH\n");
    assert_eq!((e.line, e.message.as_str()), (2, "ENV must have two arguments"));
    let e = error("FROM a\nLABEL a=b c\n");
    assert_eq!(
        e.message,
        "Syntax error - can't find = in \"c\". Must be of the form: name=value"
    );
}

#[test]
fn instructions_record_lines_and_original_text() {
    let parsed = parse("\nFROM a \\\n  AS b\n# c\nRUN x \\\n# comment\n  y\n");
    let spans: Vec<(usize, usize, &str)> = parsed
        .instructions
        .iter()
        .map(|i| (i.start_line, i.end_line, i.original.as_str()))
        .collect();
    assert_eq!(spans, [(2, 3, "FROM a   AS b"), (5, 7, "RUN x   y")]);
    assert_eq!(parsed.instructions[0].written, "FROM");
}

#[test]
fn an_empty_continuation_line_gives_a_warning() {
    let parsed = parse("FROM a\nRUN foo \\\n\nbar\n");
    assert_eq!(parsed.warnings.len(), 1);
    assert_eq!(parsed.warnings[0].line, 4);
    assert_eq!(
        parsed.warnings[0].message,
        "Empty continuation line found in: RUN foo bar"
    );
}

#[test]
fn keywords_are_case_insensitive_and_dumped_lowercase() {
    let parsed = parse("from a\nWorkDir /x\nuSeR me\n");
    assert_eq!(parsed.dump(), "(from \"a\")\n(workdir \"/x\")\n(user \"me\")\n");
}

#[test]
fn strings_are_quoted_like_go() {
    assert_eq!(go_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    assert_eq!(go_quote("\u{0}\u{7f}\t"), "\"\\x00\\x7f\\t\"");
    assert_eq!(go_quote("♥ é"), "\"♥ é\"");
    assert_eq!(
        go_quote("\u{a0}\u{feff}\u{10ffff}"),
        "\"\\u00a0\\ufeff\\U0010ffff\""
    );
}

#[test]
fn a_line_over_64_kib_is_rejected() {
    let source = format!("FROM a\nRUN {}\n", "x".repeat(70_000));
    let e = error(&source);
    assert_eq!(
        e.message,
        "dockerfile line greater than max allowed size of 65535"
    );
}

/// A tiny deterministic generator, so the robustness tests need no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn malformed_and_random_input_never_panics() {
    let pieces = [
        "FROM",
        "RUN",
        "CMD",
        "ENV",
        "LABEL",
        "ARG",
        "COPY",
        "ADD",
        "ONBUILD",
        "HEALTHCHECK",
        "EXPOSE",
        "SHELL",
        "USER",
        "bad",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\\",
        "`",
        "\\\n",
        "#",
        "# escape=`\n",
        "# syntax=x\n",
        "\"",
        "'",
        "=",
        "[",
        "]",
        ",",
        "{",
        "}",
        "\"a\"",
        "1",
        "-",
        "--",
        "--flag=\"x y\"",
        "<<",
        "<<EOF",
        "<<-'E'",
        "EOF\n",
        "\tE\n",
        "\\u",
        "\\ud800",
        "é",
        "♥",
        "\u{feff}",
        "\u{0}",
        "null",
        "true",
        ":",
        "${x:-y}",
        "$",
        "<",
        "2<<X",
        "X\n",
    ];
    let mut rng = Lcg(0x5eed);
    for _ in 0..20_000 {
        let len = rng.next() % 40;
        let mut source = String::new();
        for _ in 0..len {
            source.push_str(pieces[rng.next() % pieces.len()]);
        }
        if let Ok(parsed) = parse_dockerfile(&source) {
            let _ = parsed.dump();
        }
    }
    // Deeper than Go's JSON nesting limit (10000): not JSON, so the shell form.
    let deep = format!(
        "FROM a\nCMD [\"a\", {}{}]\n",
        "[".repeat(30_000),
        "]".repeat(30_000)
    );
    assert!(!parse(&deep).instructions[1].json);
    // Within the limit: valid JSON, but not an array of strings.
    let nested = format!(
        "FROM a\nCMD [\"a\", {}{}]\n",
        "[".repeat(9_999),
        "]".repeat(9_999)
    );
    assert_eq!(error(&nested).message, NOT_STRINGS);
    let too_deep = format!(
        "FROM a\nCMD [\"a\", {}{}]\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(!parse(&too_deep).instructions[1].json);
}

#[test]
fn a_five_megabyte_dockerfile_parses() {
    let block = "RUN apt-get update && \\\n    apt-get install -y curl # trailing\n\
                 ENV A=1 B=\"two words\" C=three\\ four\n\
                 COPY --chown=me:me [\"a b\", \"/dst/\"]\n\
                 # a comment line\n\
                 RUN <<EOF\necho hi\nEOF\n\
                 LABEL version=\"1.0\" description='x y z'\n";
    let mut source = String::from("# syntax=docker/dockerfile:1\nFROM alpine\n");
    while source.len() < 5 * 1024 * 1024 {
        source.push_str(block);
    }
    // Timing is measured outside the tests (no wall clock here): this only has to finish.
    let parsed = parse(&source);
    assert!(parsed.instructions.len() > 100_000);
    assert_eq!(parsed.instructions[1].end_line, 4);
}
