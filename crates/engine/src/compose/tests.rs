//! Tests of the compose loader: one per message and rule, each checking the exact text and line.

use super::*;

const FILE: &str = "/home/learner/myapp/compose.yaml";

fn opts() -> LoadOptions {
    LoadOptions::default()
}

fn with_env(pairs: &[(&str, &str)]) -> LoadOptions {
    let mut o = opts();
    o.env = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    o
}

fn ok(src: &str) -> Loaded {
    match load(src, &opts()) {
        Ok(l) => l,
        Err(e) => panic!("expected the file to load, got: {:?}", e.items),
    }
}

fn errors_with(src: &str, o: &LoadOptions) -> Vec<(usize, String)> {
    match load(src, o) {
        Ok(_) => panic!("expected an error for:\n{src}"),
        Err(e) => e.items.into_iter().map(|d| (d.line, d.message)).collect(),
    }
}

fn errors(src: &str) -> Vec<(usize, String)> {
    errors_with(src, &opts())
}

/// The first error, as the CLI prints it, with its line.
fn first(src: &str) -> (usize, String) {
    errors(src).into_iter().next().unwrap_or_default()
}

fn e(line: usize, message: &str) -> (usize, String) {
    (line, message.to_owned())
}

mod yaml_syntax {
    use super::*;

    #[test]
    fn a_missing_colon_is_reported_at_the_key_with_go_yamls_words() {
        assert_eq!(
            first("services:\n  web:\n    image: nginx\n    ports\n  db:\n    image: redis\n"),
            e(
                4,
                &format!(
                    "failed to parse {FILE}: go-yaml load error in scanner (while scanning a simple key) at \
                     L4.C5-L5.C3: could not find expected ':'"
                )
            )
        );
    }

    #[test]
    fn a_missing_colon_before_a_nested_key_reads_as_one_plain_value() {
        assert_eq!(
            first("services:\n  web:\n    image nginx\n    ports: []\n"),
            e(
                4,
                &format!(
                    "failed to parse {FILE}: go-yaml load error in scanner at L4.C10: mapping values are not \
                     allowed in this context"
                )
            )
        );
    }

    #[test]
    fn a_badly_indented_key_does_not_find_the_expected_key() {
        assert_eq!(
            first("services:\n  web:\n    image: nginx\n   ports: x\n"),
            e(
                4,
                &format!(
                    "failed to parse {FILE}: go-yaml load error in parser (while parsing a block mapping) at \
                     L2.C3-L4.C4: did not find expected key"
                )
            )
        );
    }

    #[test]
    fn a_tab_used_for_indentation_cannot_start_a_token() {
        assert_eq!(
            first("services:\n\tweb:\n    image: nginx\n"),
            e(
                2,
                &format!(
                    "failed to parse {FILE}: go-yaml load error in scanner (while scanning for the next token) at \
                     L2.C1: found character that cannot start any token"
                )
            )
        );
    }

    #[test]
    fn a_colon_inside_a_plain_value_is_not_allowed() {
        assert_eq!(
            first("services:\n  web:\n    image: nginx: latest\n"),
            e(
                3,
                &format!(
                    "failed to parse {FILE}: go-yaml load error in scanner at L3.C17: mapping values are not \
                     allowed in this context"
                )
            )
        );
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end_of_the_stream() {
        assert_eq!(
            first("services:\n  web:\n    image: \"nginx\n"),
            e(
                3,
                &format!(
                    "failed to parse {FILE}: go-yaml load error in scanner (while scanning a quoted scalar) at \
                     L3.C12-L4.C1: found unexpected end of stream"
                )
            )
        );
    }

    #[test]
    fn an_unclosed_flow_sequence_is_reported_from_its_bracket() {
        assert_eq!(
            first("services:\n  web: [a, b\n"),
            e(
                3,
                &format!(
                    "failed to parse {FILE}: go-yaml load error in parser (while parsing a flow sequence) at \
                     L2.C8-L3.C1: did not find expected ',' or ']'"
                )
            )
        );
    }

    #[test]
    fn a_misindented_list_item_is_not_a_key() {
        assert_eq!(
            first("services:\n  web:\n    image: nginx\n  - x\n"),
            e(
                4,
                &format!(
                    "failed to parse {FILE}: go-yaml load error in parser (while parsing a block mapping) at \
                     L2.C3-L4.C3: did not find expected key"
                )
            )
        );
    }

    #[test]
    fn a_character_that_cannot_start_a_token_is_pointed_at() {
        assert_eq!(
            first("services:\n  web:\n    image: @nginx\n"),
            e(
                3,
                &format!(
                    "failed to parse {FILE}: go-yaml load error in scanner (while scanning for the next token) at \
                     L3.C12: found character that cannot start any token"
                )
            )
        );
    }

    #[test]
    fn every_duplicate_key_is_reported_as_the_reset_processor_reports_it() {
        let src = "services:\n  web:\n    image: nginx\n    image: redis\n  db:\n    image: a\n  db:\n    image: b\n";
        assert_eq!(
            errors(src),
            vec![
                e(
                    4,
                    &format!(
                        "failed to parse {FILE}: yaml: construct errors: line 1: line 4: mapping key \"image\" \
                         already defined at line 3"
                    )
                ),
                e(
                    7,
                    &format!(
                        "failed to parse {FILE}: yaml: construct errors: line 1: line 7: mapping key \"db\" \
                         already defined at line 5"
                    )
                ),
            ]
        );
    }

    #[test]
    fn an_unknown_alias_names_its_anchor() {
        assert_eq!(
            first("services:\n  web: *base\n"),
            e(
                2,
                &format!(
                    "failed to parse {FILE}: go-yaml load error in composer at L2.C8: unknown anchor 'base' referenced"
                )
            )
        );
    }

    #[test]
    fn an_anchor_cannot_contain_itself() {
        assert_eq!(
            first("a: &a\n  b: *a\n"),
            e(
                2,
                &format!(
                    "failed to parse {FILE}: yaml: construct errors: line 1: go-yaml load error in composer at \
                     L2.C6: anchor 'a' value contains itself"
                )
            )
        );
    }

    #[test]
    fn a_merge_needs_a_mapping() {
        assert_eq!(
            first("x-base: 1\nservices:\n  web:\n    <<: 1\n    image: a\n"),
            e(
                4,
                &format!(
                    "failed to parse {FILE}: yaml: construct errors: line 1: go-yaml load error in constructor at \
                     L4.C9: map merge requires map or sequence of maps as the value"
                )
            )
        );
    }
}

mod yaml_features {
    use super::*;

    #[test]
    fn anchors_aliases_and_merge_keys_build_services() {
        let src = "x-common: &common\n  restart: always\n  environment:\n    A: \"1\"\nservices:\n  web:\n    <<: *common\n    image: nginx\n    restart: \"no\"\n  db:\n    <<: [*common]\n    image: postgres\n";
        let p = ok(src).project;
        let web = p
            .service("web")
            .map(|s| (s.restart.clone(), s.environment.clone()));
        assert_eq!(
            web.as_ref().map(|w| w.0.as_deref()),
            Some(Some("no")),
            "explicit keys win over merged ones"
        );
        assert_eq!(
            web.map(|w| w.1.get("A").cloned()),
            Some(Some(Some("1".to_owned())))
        );
        assert_eq!(
            p.service("db").and_then(|s| s.restart.clone()).as_deref(),
            Some("always")
        );
    }

    #[test]
    fn scalars_resolve_as_go_yaml_resolves_them() {
        use super::super::yaml::{Kind, resolve_plain};
        assert_eq!(resolve_plain("8080"), Kind::Int(8080));
        assert_eq!(resolve_plain("0x10"), Kind::Int(16));
        assert_eq!(resolve_plain("017"), Kind::Int(15));
        assert_eq!(resolve_plain("1_000"), Kind::Int(1000));
        assert_eq!(resolve_plain("yes"), Kind::Str);
        assert_eq!(resolve_plain("True"), Kind::Bool(true));
        assert_eq!(resolve_plain("~"), Kind::Null);
        assert_eq!(resolve_plain("8080:80"), Kind::Str);
        assert_eq!(resolve_plain("1e3"), Kind::Float(1000.0));
        assert_eq!(resolve_plain("1e400"), Kind::Str);
        assert_eq!(resolve_plain("3."), Kind::Float(3.0));
    }

    #[test]
    fn a_later_document_is_merged_into_the_first() {
        let p = ok("services:\n  web:\n    image: a\n---\nservices:\n  web:\n    restart: always\n").project;
        let web = p.service("web").map(|s| (s.image.clone(), s.restart.clone()));
        assert_eq!(web, Some((Some("a".to_owned()), Some("always".to_owned()))));
    }

    #[test]
    fn reset_tags_drop_the_entry() {
        let p = ok("services:\n  web:\n    image: a\n    ports: !reset []\n").project;
        assert_eq!(p.service("web").map(|s| s.ports.len()), Some(0));
    }
}

mod robustness {
    use super::*;

    #[test]
    fn nothing_panics_on_truncated_files() {
        let src = "name: demo\nservices:\n  web:\n    image: \"nginx:1.27\"\n    ports:\n      - \"8080:80\"\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n      interval: 5s\nvolumes:\n  data: {}\n";
        for end in 0..=src.len() {
            if src.is_char_boundary(end) {
                let _ = load(&src[..end], &opts());
            }
        }
    }

    #[test]
    fn nothing_panics_on_binary_garbage() {
        // A simple deterministic generator: no randomness source is needed.
        let mut state: u32 = 0x1234_5678;
        let alphabet: Vec<char> = "ab:-[]{}&*!|>'\"%@`#,? \t\n\u{0}\u{7f}é\\$".chars().collect();
        for _ in 0..300 {
            let mut s = String::new();
            for _ in 0..200 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                s.push(alphabet[(state as usize) % alphabet.len()]);
            }
            let _ = load(&s, &opts());
        }
        let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        let _ = load(&String::from_utf8_lossy(&bytes), &opts());
    }

    #[test]
    fn deep_flow_nesting_is_refused_with_a_clear_error() {
        let src = format!("x: {}", "[".repeat(10_000));
        let first = errors(&src).into_iter().next().unwrap_or_default();
        assert_eq!(first.0, 1);
        assert!(
            first.1.contains("nested more than 100 levels deep"),
            "{}",
            first.1
        );
        let blocks = "- ".repeat(10_000);
        let first = errors(&blocks).into_iter().next().unwrap_or_default();
        assert!(
            first.1.contains("nested more than 100 levels deep"),
            "{}",
            first.1
        );
    }

    #[test]
    fn a_billion_laughs_is_stopped_as_excessive_aliasing() {
        let mut src =
            String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = vec![format!("*{prev}"); 9].join(",");
            src.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let first = errors(&src).into_iter().next().unwrap_or_default();
        assert!(
            first.1.ends_with("document contains excessive aliasing"),
            "{}",
            first.1
        );
    }

    #[test]
    fn a_five_megabyte_file_hits_composes_node_visit_limit() {
        let mut src = String::from("services:\n  web:\n    image: nginx\n    environment:\n");
        let mut i = 0;
        while src.len() < 5 * 1024 * 1024 {
            src.push_str(&format!("      VARIABLE_NUMBER_{i:08}: value-{i:08}\n"));
            i += 1;
        }
        assert_eq!(
            first(&src),
            e(
                1,
                &format!(
                    "failed to parse {FILE}: yaml: construct errors: line 1: compose file exceeds maximum node \
                     visit limit (100000)"
                )
            )
        );
    }

    #[test]
    fn an_empty_file_is_an_empty_compose_file() {
        assert_eq!(first(""), e(1, "empty compose file"));
        assert_eq!(first("# only a comment\n"), e(1, "empty compose file"));
        assert_eq!(first("{}\n"), e(1, "empty compose file"));
    }

    #[test]
    fn the_top_level_must_be_a_mapping() {
        assert_eq!(first("- web\n"), e(1, "top-level object must be a mapping"));
    }

    #[test]
    fn keys_must_be_strings() {
        assert_eq!(
            errors("services:\n  web:\n    image: a\n    environment:\n      1: x\n2: y\n"),
            vec![
                e(5, "non-string key in services.web.environment: 1"),
                e(6, "non-string key at top level: 2")
            ]
        );
    }
}

mod interpolation {
    use super::*;

    fn image_with(template: &str, env: &[(&str, &str)]) -> Result<String, Vec<(usize, String)>> {
        let src = format!("services:\n  web:\n    image: \"{template}\"\n");
        match load(&src, &with_env(env)) {
            Ok(l) => Ok(l.project.services[0].image.clone().unwrap_or_default()),
            Err(e) => Err(e.items.into_iter().map(|d| (d.line, d.message)).collect()),
        }
    }

    #[test]
    fn every_substitution_form_follows_compose_go() {
        let env = [("SET", "v"), ("EMPTY", "")];
        let cases = [
            ("$SET", "v"),
            ("${SET}", "v"),
            ("pre-${SET}-post", "pre-v-post"),
            ("${UNSET:-d}", "d"),
            ("${EMPTY:-d}", "d"),
            ("${EMPTY-d}", ""),
            ("${UNSET-d}", "d"),
            ("${SET:+alt}", "alt"),
            ("${EMPTY:+alt}", ""),
            ("${EMPTY+alt}", "alt"),
            ("${UNSET+alt}", ""),
            ("$$SET", "$SET"),
            ("${UNSET:-${SET}}", "v"),
            ("${UNSET:-a}${SET}", "av"),
            ("${SET?no}", "v"),
            ("cost: 5$", "cost: 5$"),
        ];
        for (template, want) in cases {
            assert_eq!(image_with(template, &env), Ok(want.to_owned()), "{template}");
        }
    }

    #[test]
    fn an_unset_variable_becomes_blank_with_a_warning() {
        let loaded = load("services:\n  web:\n    image: \"nginx:${TAG}\"\n", &opts()).ok();
        let warnings: Vec<(usize, String)> = loaded
            .map(|l| l.warnings.into_iter().map(|w| (w.line, w.message)).collect())
            .unwrap_or_default();
        assert_eq!(
            warnings,
            vec![e(
                3,
                "The \"TAG\" variable is not set. Defaulting to a blank string."
            )]
        );
    }

    #[test]
    fn a_required_variable_stops_the_load() {
        assert_eq!(
            image_with("${TAG:?set the tag}", &[]),
            Err(vec![e(
                3,
                "error while interpolating services.web.image: required variable TAG is missing a value: set the tag"
            )])
        );
        assert_eq!(
            image_with("${TAG?}", &[]),
            Err(vec![e(
                3,
                "error while interpolating services.web.image: required variable TAG is missing a value"
            )])
        );
        assert_eq!(
            image_with("${TAG:?empty}", &[("TAG", "")]),
            Err(vec![e(
                3,
                "error while interpolating services.web.image: required variable TAG is missing a value: empty"
            )])
        );
    }

    #[test]
    fn an_invalid_template_shows_the_whole_value() {
        assert_eq!(
            image_with("nginx:${}", &[]),
            Err(vec![e(
                3,
                "invalid interpolation format for services.web.image.\nYou may need to escape any $ with another $.\nnginx:${}"
            )])
        );
    }

    #[test]
    fn list_items_are_named_with_brackets_in_paths() {
        assert_eq!(
            first("services:\n  web:\n    image: a\n    environment:\n      - A=${X:?}\n"),
            e(
                5,
                "error while interpolating services.web.environment.[]: required variable X is missing a value"
            )
        );
    }

    #[test]
    fn typed_fields_are_cast_after_substitution() {
        let p = load(
            "services:\n  web:\n    image: a\n    scale: ${N}\n",
            &with_env(&[("N", "3")]),
        )
        .map(|l| l.project);
        assert_eq!(p.ok().map(|p| p.services[0].scale()), Some(3));
        assert_eq!(
            errors_with(
                "services:\n  web:\n    image: a\n    scale: ${N}\n",
                &with_env(&[("N", "many")])
            ),
            vec![e(
                4,
                "error while interpolating services.web.scale: failed to cast to expected type: strconv.Atoi: parsing \"many\": invalid syntax"
            )]
        );
    }

    #[test]
    fn yaml_1_1_booleans_are_accepted_with_a_warning_where_a_boolean_is_expected() {
        let loaded = ok(
            "services:\n  web:\n    image: a\n    depends_on:\n      db:\n        condition: service_started\n        required: \"no\"\n  db:\n    image: b\n",
        );
        assert!(!loaded.project.services[1].depends_on[0].required);
        let texts: Vec<String> = loaded.warnings.into_iter().map(|w| w.message).collect();
        assert_eq!(
            texts,
            vec!["\"no\" for boolean is not supported by YAML 1.2, please use `false`".to_owned()]
        );
    }
}

mod schema {
    use super::*;

    #[test]
    fn a_misspelled_service_key_is_reported_at_its_line() {
        assert_eq!(
            errors("services:\n  web:\n    imagee: nginx\n"),
            vec![e(
                3,
                &format!("validating {FILE}: services.web additional properties 'imagee' not allowed")
            )]
        );
    }

    #[test]
    fn an_unknown_top_level_key_has_an_empty_path() {
        assert_eq!(
            errors("services:\n  web:\n    image: a\nservice:\n  x: 1\n"),
            vec![e(
                4,
                &format!("validating {FILE}:  additional properties 'service' not allowed")
            )]
        );
    }

    #[test]
    fn several_unknown_keys_of_one_object_share_one_message() {
        let msg =
            format!("validating {FILE}: services.web additional properties 'imagee', 'portz' not allowed");
        assert_eq!(
            errors("services:\n  web:\n    imagee: a\n    portz: []\n"),
            vec![e(3, &msg), e(4, &msg)]
        );
    }

    #[test]
    fn wrong_types_name_the_expected_type() {
        let cases = [
            (
                "    image: a\n    ports: \"80:80\"\n",
                4,
                "services.web.ports must be a array",
            ),
            (
                "    image: a\n    environment: \"A=1\"\n",
                4,
                "services.web.environment must be a mapping",
            ),
            (
                "    image: a\n    environment:\n      A: [1]\n",
                5,
                "services.web.environment.A must be a boolean, null, number or string",
            ),
            (
                "    image: a\n    depends_on: db\n",
                4,
                "services.web.depends_on must be a array",
            ),
            ("    image: [a]\n", 3, "services.web.image must be a string"),
            (
                "    image: a\n    command: {a: b}\n",
                4,
                "services.web.command must be a null",
            ),
            (
                "    image: a\n    scale: 1.5\n",
                4,
                "services.web.scale must be a integer or string",
            ),
            (
                "    image: a\n    healthcheck:\n      interval: 30\n",
                5,
                "services.web.healthcheck.interval must be a string",
            ),
            (
                "    image: a\n    networks: frontend\n",
                4,
                "services.web.networks must be a array",
            ),
            (
                "    image: a\n    volumes: ./data:/data\n",
                4,
                "services.web.volumes must be a array",
            ),
        ];
        for (body, line, message) in cases {
            let src = format!("services:\n  web:\n{body}");
            assert_eq!(
                first(&src),
                e(line, &format!("validating {FILE}: {message}")),
                "{body}"
            );
        }
    }

    #[test]
    fn a_null_service_must_be_a_mapping() {
        assert_eq!(
            first("services:\n  web:\n"),
            e(2, &format!("validating {FILE}: services.web must be a mapping"))
        );
    }

    #[test]
    fn a_depends_on_condition_must_be_known_and_present() {
        assert_eq!(
            first(
                "services:\n  web:\n    image: a\n    depends_on:\n      db:\n        condition: healthy\n  db:\n    image: b\n"
            ),
            e(
                6,
                &format!(
                    "validating {FILE}: services.web.depends_on.db.condition value must be one of 'service_started', \
                     'service_healthy', 'service_completed_successfully'"
                )
            )
        );
        assert_eq!(
            first(
                "services:\n  web:\n    image: a\n    depends_on:\n      db:\n        required: true\n  db:\n    image: b\n"
            ),
            e(
                5,
                &format!("validating {FILE}: services.web.depends_on.db missing property 'condition'")
            )
        );
    }

    #[test]
    fn a_long_volume_without_type_is_reported_as_compose_go_picks_it() {
        // Both oneOf branches fail at the same depth: the first (a string) is the one reported.
        assert_eq!(
            first(
                "services:\n  web:\n    image: a\n    volumes:\n      - source: data\n        target: /data\n"
            ),
            e(
                5,
                &format!("validating {FILE}: services.web.volumes.0 must be a string")
            )
        );
    }

    #[test]
    fn the_most_specific_error_comes_first() {
        let errs = errors(
            "servics: {}\nservices:\n  web:\n    image: a\n    ports:\n      - {target: 80, publishd: 8080}\n",
        );
        assert_eq!(
            errs[0],
            e(
                6,
                &format!(
                    "validating {FILE}: services.web.ports.0 additional properties 'publishd' not allowed"
                )
            )
        );
        assert_eq!(
            errs[1],
            e(
                1,
                &format!("validating {FILE}:  additional properties 'servics' not allowed")
            )
        );
    }

    #[test]
    fn duplicate_list_items_are_refused() {
        assert_eq!(
            first("services:\n  web:\n    image: a\n    ports:\n      - \"80:80\"\n      - \"80:80\"\n"),
            e(
                6,
                &format!("validating {FILE}: services.web.ports items at 0 and 1 are equal")
            )
        );
    }

    #[test]
    fn a_service_name_must_match_the_resource_pattern() {
        assert_eq!(
            first("services:\n  my web:\n    image: a\n"),
            e(
                2,
                &format!("validating {FILE}: services additional properties 'my web' not allowed")
            )
        );
    }

    #[test]
    fn unmodelled_spec_keys_are_accepted() {
        let loaded = ok(
            "services:\n  web:\n    image: a\n    logging:\n      driver: json-file\n    ulimits:\n      nofile: 1024\n    secrets: [s]\n    x-note: hi\nsecrets:\n  s:\n    file: ./s.txt\nx-anything: 1\n",
        );
        assert_eq!(loaded.project.services.len(), 1);
    }

    #[test]
    fn the_version_key_is_obsolete() {
        let w: Vec<(usize, String)> = ok("version: \"3.8\"\nservices:\n  web:\n    image: a\n")
            .warnings
            .into_iter()
            .map(|w| (w.line, w.message))
            .collect();
        assert_eq!(
            w,
            vec![e(
                1,
                &format!(
                    "{FILE}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid \
                     potential confusion"
                )
            )]
        );
    }
}

mod model {
    use super::*;

    fn web(body: &str) -> Service {
        let src = format!("services:\n  web:\n    image: nginx\n{body}");
        ok(&src)
            .project
            .services
            .into_iter()
            .find(|s| s.name == "web")
            .unwrap_or_else(|| panic!("no web"))
    }

    fn port(
        target: u16,
        published: Option<&str>,
        host_ip: Option<&str>,
        protocol: &str,
        line: usize,
    ) -> PortMapping {
        PortMapping {
            target,
            published: published.map(str::to_owned),
            host_ip: host_ip.map(str::to_owned),
            protocol: protocol.to_owned(),
            mode: "ingress".to_owned(),
            name: None,
            app_protocol: None,
            line,
        }
    }

    #[test]
    fn short_ports_expand_like_nat_parse_port_specs() {
        let cases: Vec<(&str, Vec<PortMapping>)> = vec![
            ("80", vec![port(80, None, None, "tcp", 1)]),
            ("8080:80", vec![port(80, Some("8080"), None, "tcp", 1)]),
            (
                "127.0.0.1:8080:80/udp",
                vec![port(80, Some("8080"), Some("127.0.0.1"), "udp", 1)],
            ),
            (
                "8000-8001:80-81",
                vec![
                    port(80, Some("8000"), None, "tcp", 1),
                    port(81, Some("8001"), None, "tcp", 1),
                ],
            ),
            ("8000-8010:80", vec![port(80, Some("8000-8010"), None, "tcp", 1)]),
            ("[::1]:80:80", vec![port(80, Some("80"), Some("::1"), "tcp", 1)]),
            (
                "9999-10000",
                vec![
                    port(10000, None, None, "tcp", 1),
                    port(9999, None, None, "tcp", 1),
                ],
            ),
        ];
        for (spec, want) in cases {
            assert_eq!(parse_port_spec(spec, 1), Ok(want), "{spec}");
        }
    }

    #[test]
    fn bad_ports_fail_with_nats_messages() {
        let cases = [
            ("80/xyz", "invalid proto: xyz"),
            ("8080:", "no port specified: 8080:<empty>"),
            ("300.0.0.1:80:80", "invalid IP address: 300.0.0.1"),
            ("8080:abc", "invalid containerPort: abc"),
            ("x:80", "invalid hostPort: x"),
            ("70000", "invalid containerPort: 70000"),
            (
                "8000-8002:80-81",
                "invalid ranges specified for container and host Ports: 80-81 and 8000-8002",
            ),
        ];
        for (spec, message) in cases {
            assert_eq!(parse_port_spec(spec, 1), Err(message.to_owned()), "{spec}");
        }
    }

    #[test]
    fn a_bad_port_in_a_file_is_reported_at_its_line() {
        assert_eq!(
            first("services:\n  web:\n    image: a\n    ports:\n      - \"80\"\n      - \"80/xyz\"\n"),
            e(6, "invalid proto: xyz")
        );
    }

    #[test]
    fn long_ports_keep_their_fields() {
        let s = web(
            "    ports:\n      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n        name: http\n        app_protocol: http\n",
        );
        assert_eq!(
            s.ports,
            vec![PortMapping {
                target: 80,
                published: Some("8080".to_owned()),
                host_ip: Some("127.0.0.1".to_owned()),
                protocol: "tcp".to_owned(),
                mode: "ingress".to_owned(),
                name: Some("http".to_owned()),
                app_protocol: Some("http".to_owned()),
                line: 5,
            }]
        );
    }

    #[test]
    fn short_volumes_are_binds_or_named_volumes() {
        let s = ok("services:\n  web:\n    image: a\n    volumes:\n      - ./site:/usr/share/nginx/html:ro\n      - data:/data/\n      - /cache\nvolumes:\n  data:\n")
            .project
            .services
            .remove(0);
        let kinds: Vec<(MountKind, &str, &str, bool)> = s
            .volumes
            .iter()
            .map(|m| (m.kind, m.source.as_str(), m.target.as_str(), m.read_only))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (
                    MountKind::Bind,
                    "/home/learner/myapp/site",
                    "/usr/share/nginx/html",
                    true
                ),
                (MountKind::Volume, "data", "/data", false),
                (MountKind::Volume, "", "/cache", false),
            ]
        );
    }

    #[test]
    fn bad_volume_specs_fail_with_compose_gos_messages() {
        assert_eq!(
            parse_volume_spec("data:/x:ro:z", 1).err().as_deref(),
            Some("invalid spec: data:/x:ro:z: too many colons")
        );
        assert_eq!(
            parse_volume_spec("data::/x", 1).err().as_deref(),
            Some("invalid spec: data::/x: empty section between colons")
        );
        assert_eq!(
            parse_volume_spec("", 1).err().as_deref(),
            Some("invalid empty volume spec")
        );
    }

    #[test]
    fn long_volumes_keep_type_source_target_and_read_only() {
        let s = web(
            "    volumes:\n      - type: bind\n        source: ./conf\n        target: /etc/app\n        read_only: true\n",
        );
        let m = &s.volumes[0];
        assert_eq!(
            (m.kind, m.source.as_str(), m.target.as_str(), m.read_only, m.line),
            (MountKind::Bind, "/home/learner/myapp/conf", "/etc/app", true, 5)
        );
    }

    #[test]
    fn a_service_without_networks_joins_the_default_network() {
        let p = ok("services:\n  web:\n    image: a\n").project;
        assert_eq!(
            p.services[0]
                .networks
                .iter()
                .map(|n| n.name.as_str())
                .collect::<Vec<_>>(),
            vec!["default"]
        );
        assert_eq!(
            p.networks
                .iter()
                .map(|n| (n.key.as_str(), n.name.as_str(), n.implicit))
                .collect::<Vec<_>>(),
            vec![("default", "myapp_default", true)]
        );
    }

    #[test]
    fn network_mode_leaves_networks_empty() {
        let p = ok("services:\n  web:\n    image: a\n    network_mode: host\n").project;
        assert!(p.services[0].networks.is_empty());
        assert!(p.networks.is_empty());
    }

    #[test]
    fn top_level_resources_are_named_after_the_project() {
        let p = ok("services:\n  web:\n    image: a\n    networks: [front]\nnetworks:\n  front:\n  shared:\n    external: true\n  custom:\n    name: my-net\nvolumes:\n  data:\n  old:\n    external: true\n").project;
        let nets: Vec<(&str, &str, bool)> = p
            .networks
            .iter()
            .map(|n| (n.key.as_str(), n.name.as_str(), n.external))
            .collect();
        assert_eq!(
            nets,
            vec![
                ("custom", "my-net", false),
                ("front", "myapp_front", false),
                ("shared", "shared", true)
            ]
        );
        let vols: Vec<(&str, &str)> = p
            .volumes
            .iter()
            .map(|v| (v.key.as_str(), v.name.as_str()))
            .collect();
        assert_eq!(vols, vec![("data", "myapp_data"), ("old", "old")]);
    }

    #[test]
    fn depends_on_short_and_long_forms_get_compose_defaults() {
        let p = ok("services:\n  a:\n    image: x\n    depends_on: [c, b]\n  b:\n    image: x\n    depends_on:\n      c:\n        condition: service_healthy\n        restart: true\n      d:\n        condition: service_completed_successfully\n        required: false\n  c:\n    image: x\n  d:\n    image: x\n").project;
        let a = &p.services[0].depends_on;
        assert_eq!(
            a.iter()
                .map(|d| (d.service.as_str(), d.condition, d.required, d.restart, d.line))
                .collect::<Vec<_>>(),
            vec![
                ("b", Condition::Started, true, false, 4),
                ("c", Condition::Started, true, false, 4)
            ]
        );
        let b = &p.services[1].depends_on;
        assert_eq!(
            b.iter()
                .map(|d| (d.service.as_str(), d.condition, d.required, d.restart, d.line))
                .collect::<Vec<_>>(),
            vec![
                ("c", Condition::Healthy, true, true, 8),
                ("d", Condition::CompletedSuccessfully, false, false, 11)
            ]
        );
    }

    #[test]
    fn links_and_shared_namespaces_add_dependencies() {
        let p = ok("services:\n  a:\n    image: x\n    links: [\"b:alias\"]\n    network_mode: service:c\n  b:\n    image: x\n  c:\n    image: x\n").project;
        let deps: Vec<(&str, bool)> = p.services[0]
            .depends_on
            .iter()
            .map(|d| (d.service.as_str(), d.restart))
            .collect();
        assert_eq!(deps, vec![("b", true), ("c", true)]);
    }

    #[test]
    fn healthchecks_read_tests_and_go_durations() {
        let s = web(
            "    healthcheck:\n      test: curl -f http://localhost\n      interval: 1m30s\n      timeout: 500ms\n      start_period: 2s\n",
        );
        let hc = s.healthcheck.unwrap_or_else(|| panic!("no healthcheck"));
        assert_eq!(
            hc.test,
            Some(vec![
                "CMD-SHELL".to_owned(),
                "curl -f http://localhost".to_owned()
            ])
        );
        assert_eq!(
            (
                hc.effective_interval_ms(),
                hc.effective_timeout_ms(),
                hc.effective_retries(),
                hc.effective_start_period_ms()
            ),
            (90_000, 500, 3, 2_000)
        );
        let defaults = web("    healthcheck:\n      test: [\"CMD\", \"true\"]\n")
            .healthcheck
            .unwrap_or_else(|| panic!("no healthcheck"));
        assert_eq!(
            (
                defaults.effective_interval_ms(),
                defaults.effective_timeout_ms(),
                defaults.effective_retries(),
                defaults.effective_start_period_ms()
            ),
            (30_000, 30_000, 3, 0)
        );
        assert!(
            web("    healthcheck:\n      disable: true\n")
                .healthcheck
                .is_some_and(|h| h.is_disabled())
        );
    }

    #[test]
    fn a_bad_duration_fails_with_mapstructures_frame_and_gos_text() {
        assert_eq!(
            first(
                "services:\n  web:\n    image: a\n    healthcheck:\n      interval: 10\n      timeout: 5x\n"
            ),
            e(
                5,
                &format!("validating {FILE}: services.web.healthcheck.interval must be a string")
            )
        );
        assert_eq!(
            errors(
                "services:\n  web:\n    image: a\n    healthcheck:\n      interval: \"10\"\n      timeout: 5x\n"
            ),
            vec![
                e(
                    5,
                    "decoding failed due to the following error(s):\n\n'services[web].healthcheck.interval' time: missing unit in duration \"10\""
                ),
                e(
                    6,
                    "decoding failed due to the following error(s):\n\n'services[web].healthcheck.timeout' time: unknown unit \"x\" in duration \"5x\""
                ),
            ]
        );
    }

    #[test]
    fn go_durations_parse_and_print_like_go() {
        let cases = [
            ("1m30s", 90_000),
            ("500ms", 500),
            ("1.5s", 1_500),
            ("2h", 7_200_000),
            ("1d", 86_400_000),
            ("0", 0),
        ];
        for (text, ms) in cases {
            assert_eq!(parse_duration(text).map(GoDuration::as_millis), Ok(ms), "{text}");
        }
        assert_eq!(
            parse_duration("").err().as_deref(),
            Some("time: invalid duration \"\"")
        );
        assert_eq!(
            parse_duration("abc").err().as_deref(),
            Some("time: invalid duration \"abc\"")
        );
        let printed: Vec<String> = [90_000, 500, 1_500, 3_600_000, 30_000, 0]
            .iter()
            .map(|&ms| GoDuration::from_millis(ms).to_string())
            .collect();
        assert_eq!(printed, vec!["1m30s", "500ms", "1.5s", "1h0m0s", "30s", "0s"]);
    }

    #[test]
    fn environment_takes_values_from_the_loaders_environment() {
        let src = "services:\n  web:\n    image: a\n    environment:\n      - A=1\n      - FROM_SHELL\n      - MISSING\n      - B=x=y\n";
        let s = load(src, &with_env(&[("FROM_SHELL", "s")])).map(|l| l.project.services[0].clone());
        let env = s.map(|s| (s.environment.clone(), s.container_env())).ok();
        let (all, container) = env.unwrap_or_default();
        assert_eq!(all.get("FROM_SHELL"), Some(&Some("s".to_owned())));
        assert_eq!(all.get("MISSING"), Some(&None));
        assert_eq!(all.get("B"), Some(&Some("x=y".to_owned())));
        assert_eq!(container.keys().collect::<Vec<_>>(), vec!["A", "B", "FROM_SHELL"]);
    }

    #[test]
    fn commands_keep_both_forms() {
        assert_eq!(
            web("    command: npm run 'dev server'\n")
                .command
                .map(|c| c.argv()),
            Some(vec!["npm".to_owned(), "run".to_owned(), "dev server".to_owned()])
        );
        assert_eq!(
            web("    entrypoint: [\"/bin/sh\", \"-c\"]\n").entrypoint,
            Some(Command::Exec(vec!["/bin/sh".to_owned(), "-c".to_owned()]))
        );
        assert_eq!(
            web("    command: echo hi\n").command,
            Some(Command::Shell("echo hi".to_owned()))
        );
    }

    #[test]
    fn build_strings_and_maps_get_an_absolute_context() {
        let src = "services:\n  a:\n    build: ./app\n  b:\n    build:\n      context: api\n      dockerfile: Dockerfile.dev\n      args:\n        - VERSION=1\n      target: dev\n";
        let p = ok(src).project;
        let a = p.services[0].build.clone().unwrap_or_else(|| panic!("no build"));
        assert_eq!(
            (a.context.as_str(), a.dockerfile.as_deref()),
            ("/home/learner/myapp/app", Some("Dockerfile"))
        );
        let b = p.services[1].build.clone().unwrap_or_else(|| panic!("no build"));
        assert_eq!(
            (b.context.as_str(), b.dockerfile.as_deref(), b.target.as_deref()),
            ("/home/learner/myapp/api", Some("Dockerfile.dev"), Some("dev"))
        );
        assert_eq!(b.args.get("VERSION"), Some(&Some("1".to_owned())));
    }

    #[test]
    fn other_service_fields_are_read() {
        let s = web(
            "    container_name: site\n    working_dir: /app\n    restart: unless-stopped\n    labels:\n      a: b\n    env_file: .env\n    expose: [3000, \"3001\"]\n    deploy:\n      replicas: 1\n",
        );
        assert_eq!(s.container_name.as_deref(), Some("site"));
        assert_eq!(s.working_dir.as_deref(), Some("/app"));
        assert_eq!(s.restart.as_deref(), Some("unless-stopped"));
        assert_eq!(s.labels.get("a").map(String::as_str), Some("b"));
        assert_eq!(s.env_file, vec![".env".to_owned()]);
        assert_eq!(s.expose, vec!["3000".to_owned(), "3001".to_owned()]);
        assert_eq!((s.replicas, s.scale()), (Some(1), 1));
        assert_eq!(s.line, 2);
    }
}

mod project_name {
    use super::*;

    fn name_of(src: &str, o: &LoadOptions) -> String {
        load(src, o)
            .map(|l| l.project.name)
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    const SRC: &str = "name: From File\nservices:\n  web:\n    image: a\n";

    #[test]
    fn the_flag_wins_then_the_environment_then_the_file_then_the_directory() {
        let mut o = with_env(&[("COMPOSE_PROJECT_NAME", "fromenv")]);
        o.project_name = Some("fromflag".to_owned());
        assert_eq!(name_of(SRC, &o), "fromflag");
        o.project_name = None;
        assert_eq!(name_of(SRC, &o), "fromenv");
        assert_eq!(name_of(SRC, &opts()), "fromfile");
        assert_eq!(
            name_of(
                "services:\n  web:\n    image: a\n",
                &LoadOptions::new("/home/learner/My_App.v2")
            ),
            "my_appv2"
        );
    }

    #[test]
    fn an_explicit_invalid_name_is_refused() {
        let mut o = opts();
        o.project_name = Some("My App".to_owned());
        assert_eq!(
            errors_with(SRC, &o),
            vec![e(
                0,
                "invalid project name \"My App\": must consist only of lowercase alphanumeric characters, hyphens, \
                 and underscores as well as start with a letter or number"
            )]
        );
    }

    #[test]
    fn a_name_that_normalizes_to_nothing_is_refused() {
        assert_eq!(
            errors_with(
                "services:\n  web:\n    image: a\n",
                &LoadOptions::new("/home/learner/__")
            ),
            vec![e(0, "project name must not be empty")]
        );
    }
}

mod profiles {
    use super::*;

    const SRC: &str = "services:\n  web:\n    image: a\n  debug:\n    image: b\n    profiles: [dev]\n  tools:\n    image: c\n    profiles: [ops, dev]\n";

    fn enabled(o: &LoadOptions) -> (Vec<String>, Vec<String>) {
        let p = load(SRC, o).map(|l| l.project).unwrap_or_else(|e| panic!("{e}"));
        (
            p.services.into_iter().map(|s| s.name).collect(),
            p.disabled_services.into_iter().map(|s| s.name).collect(),
        )
    }

    #[test]
    fn services_with_profiles_wait_for_one_to_be_active() {
        assert_eq!(
            enabled(&opts()),
            (
                vec!["web".to_owned()],
                vec!["debug".to_owned(), "tools".to_owned()]
            )
        );
        let mut o = opts();
        o.profiles = vec!["ops".to_owned()];
        assert_eq!(
            enabled(&o),
            (
                vec!["tools".to_owned(), "web".to_owned()],
                vec!["debug".to_owned()]
            )
        );
        assert_eq!(
            enabled(&with_env(&[("COMPOSE_PROFILES", "dev")])).0,
            vec!["debug", "tools", "web"]
        );
        o.profiles = vec!["*".to_owned()];
        assert_eq!(enabled(&o).0, vec!["debug", "tools", "web"]);
    }

    #[test]
    fn a_disabled_service_is_not_validated() {
        assert!(
            load(
                "services:\n  web:\n    image: a\n  broken:\n    profiles: [x]\n",
                &opts()
            )
            .is_ok()
        );
    }

    #[test]
    fn depending_on_a_disabled_service_is_undefined_unless_optional() {
        let src = "services:\n  web:\n    image: a\n    depends_on: [debug]\n  debug:\n    image: b\n    profiles: [dev]\n";
        assert_eq!(
            first(src),
            e(
                4,
                "service \"web\" depends on undefined service \"debug\": invalid compose project"
            )
        );
        let optional = "services:\n  web:\n    image: a\n    depends_on:\n      debug:\n        condition: service_started\n        required: false\n  debug:\n    image: b\n    profiles: [dev]\n";
        assert!(load(optional, &opts()).is_ok());
    }
}

mod consistency {
    use super::*;

    #[test]
    fn every_check_has_compose_gos_message_and_the_offending_line() {
        let cases: Vec<(&str, (usize, &str))> = vec![
            (
                "services:\n  web:\n    restart: always\n",
                (
                    2,
                    "service \"web\" has neither an image nor a build context specified: invalid compose project",
                ),
            ),
            (
                "services:\n  web:\n    image: a\n    depends_on: [db]\n",
                (
                    4,
                    "service \"web\" depends on undefined service \"db\": invalid compose project",
                ),
            ),
            (
                "services:\n  web:\n    image: a\n    volumes:\n      - data:/data\n",
                (
                    5,
                    "service \"web\" refers to undefined volume data: invalid compose project",
                ),
            ),
            (
                "services:\n  web:\n    image: a\n    networks:\n      - front\n",
                (
                    5,
                    "service \"web\" refers to undefined network front: invalid compose project",
                ),
            ),
            (
                "services:\n  web:\n    image: a\n    network_mode: host\n    networks: [front]\nnetworks:\n  front:\n",
                (
                    5,
                    "service web declares mutually exclusive `network_mode` and `networks`: invalid compose project",
                ),
            ),
            (
                "services:\n  web:\n    image: a\n    healthcheck:\n      test: [\"curl\", \"x\"]\n",
                (
                    4,
                    "healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"",
                ),
            ),
            (
                "services:\n  web:\n    image: a\n    scale: 2\n    deploy:\n      replicas: 3\n",
                (
                    2,
                    "services.web: can't set distinct values on 'scale' and 'deploy.replicas': invalid compose project",
                ),
            ),
            (
                "services:\n  web:\n    image: a\n    scale: -1\n",
                (2, "services.web.scale: must be greater than or equal to 0"),
            ),
            (
                "services:\n  web:\n    image: a\n    deploy:\n      replicas: -2\n",
                (
                    2,
                    "services.web.deploy.replicas: must be greater than or equal to 0",
                ),
            ),
            (
                "services:\n  web:\n    image: a\n    container_name: site\n    deploy:\n      replicas: 2\n",
                (
                    2,
                    "services.deploy.replicas: can't set container_name and web as container name must be unique: invalid compose project",
                ),
            ),
            (
                "services:\n  web:\n    image: a\n    container_name: site\n    scale: 2\n",
                (
                    2,
                    "services.scale: can't set container_name and web as container name must be unique: invalid compose project",
                ),
            ),
            (
                "services:\n  web:\n    image: a\n    volumes:\n      - ./a:/data\n      - ./b:/data/\n",
                (
                    6,
                    "services.web.volumes[1]: target /data already mounted as services.web.volumes[0]",
                ),
            ),
            (
                "services:\n  web:\n    image: a\n    secrets: [token]\n",
                (
                    4,
                    "service \"web\" refers to undefined secret token: invalid compose project",
                ),
            ),
        ];
        for (src, (line, message)) in cases {
            assert_eq!(first(src), e(line, message), "{src}");
        }
    }

    #[test]
    fn all_problems_are_collected_services_alphabetically_cycle_last() {
        let src = "services:\n  b:\n    image: x\n    depends_on: [a, ghost]\n  a:\n    depends_on: [b]\n";
        assert_eq!(
            errors(src),
            vec![
                e(
                    5,
                    "service \"a\" has neither an image nor a build context specified: invalid compose project"
                ),
                e(
                    4,
                    "service \"b\" depends on undefined service \"ghost\": invalid compose project"
                ),
                e(4, "dependency cycle detected: a -> b -> a"),
            ]
        );
    }

    #[test]
    fn cycles_are_found_in_name_order() {
        let src = "services:\n  service3:\n    image: x\n    depends_on: [service1]\n  service1:\n    image: x\n    depends_on: [service2]\n  service2:\n    image: x\n    depends_on: [service3]\n";
        assert_eq!(
            errors(src),
            vec![e(
                4,
                "dependency cycle detected: service1 -> service2 -> service3 -> service1"
            )]
        );
        let own = "services:\n  service1:\n    image: x\n    depends_on: [service1]\n";
        assert_eq!(
            errors(own),
            vec![e(4, "dependency cycle detected: service1 -> service1")]
        );
    }
}

mod ordering {
    use super::*;

    const SRC: &str = "services:\n  proxy:\n    image: nginx\n    depends_on: [api, web]\n  api:\n    image: api\n    depends_on: [db, cache]\n  web:\n    image: web\n  db:\n    image: postgres\n  cache:\n    image: redis\n";

    #[test]
    fn up_starts_leaves_first_in_name_order() {
        let tiers = ok(SRC).project.start_tiers();
        assert_eq!(
            tiers,
            vec![vec!["cache", "db", "web"], vec!["api"], vec!["proxy"]]
        );
    }

    #[test]
    fn down_stops_dependents_first() {
        let tiers = ok(SRC).project.stop_tiers();
        assert_eq!(
            tiers,
            vec![vec!["proxy"], vec!["api", "web"], vec!["cache", "db"]]
        );
    }
}

mod config_output {
    use super::*;

    #[test]
    fn config_prints_the_normalized_model_like_compose() {
        let src = "services:\n  web:\n    build: .\n    ports:\n      - \"8000:5000\"\n    depends_on:\n      - redis\n    environment:\n      FLASK_DEBUG: \"true\"\n    volumes:\n      - ./app:/code\n      - cache:/cache:ro\n    profiles: [web]\n  redis:\n    image: \"redis:alpine\"\n    command: redis-server --save 60 1\n    healthcheck:\n      test: redis-cli ping\n      interval: 10s\nvolumes:\n  cache:\n";
        let mut o = opts();
        o.profiles = vec!["web".to_owned()];
        let printed = load(src, &o)
            .map(|l| l.project.to_config_yaml())
            .unwrap_or_else(|e| panic!("{e}"));
        let expected = "name: myapp
services:
  redis:
    command:
      - redis-server
      - --save
      - \"60\"
      - \"1\"
    healthcheck:
      test:
        - CMD-SHELL
        - redis-cli ping
      interval: 10s
    image: redis:alpine
    networks:
      default: null
  web:
    profiles:
      - web
    build:
      context: /home/learner/myapp
      dockerfile: Dockerfile
    depends_on:
      redis:
        condition: service_started
        required: true
    environment:
      FLASK_DEBUG: \"true\"
    networks:
      default: null
    ports:
      - mode: ingress
        target: 5000
        published: \"8000\"
        protocol: tcp
    volumes:
      - type: bind
        source: /home/learner/myapp/app
        target: /code
        bind: {}
      - type: volume
        source: cache
        target: /cache
        read_only: true
        volume: {}
networks:
  default:
    name: myapp_default
volumes:
  cache:
    name: myapp_cache
";
        assert_eq!(printed, expected);
    }

    #[test]
    fn strings_are_quoted_as_go_yaml_quotes_them() {
        let p = ok("services:\n  web:\n    image: a\n    environment:\n      A: \"yes\"\n      B: \"a: b\"\n      C: \"1:30\"\n      D: \"#x\"\n      E: \"it's\"\n      F: \"\"\n      G: \"line1\\nline2\"\n      H:\n").project;
        let printed = p.to_config_yaml();
        let env_block = printed.split("environment:\n").nth(1).unwrap_or_default();
        let expected = "      A: 'yes'\n      B: 'a: b'\n      C: '1:30'\n      D: '#x'\n      E: it's\n      F: \"\"\n      G: |-\n        line1\n        line2\n      H: null\n";
        assert!(env_block.starts_with(expected), "{env_block}");
    }
}
