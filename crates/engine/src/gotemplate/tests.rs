use super::*;

fn ok(template: &str, data: &Value) -> String {
    render(template, data).unwrap_or_else(|e| panic!("{template:?} failed: {e}"))
}

fn err(template: &str, data: &Value) -> String {
    match render(template, data) {
        Ok(out) => panic!("{template:?} rendered {out:?}, expected an error"),
        Err(e) => e.message,
    }
}

/// What `docker ps --format` sees.
fn container() -> Value {
    Value::structure(
        "*formatter.ContainerContext",
        [
            ("ID", Value::str("3f4e5d6c7b8a")),
            ("Names", Value::str("web")),
            ("Image", Value::str("nginx:1.27")),
            ("State", Value::str("running")),
            ("Status", Value::str("Up 2 minutes")),
            ("Size", Value::Int(1024)),
        ],
    )
}

/// What `docker inspect -f` sees when it falls back to the decoded JSON.
fn inspect() -> Value {
    Value::map([
        ("Id", Value::str("3f4e5d6c7b8a9")),
        ("Name", Value::str("/web")),
        (
            "State",
            Value::map([
                ("Status", Value::str("running")),
                ("Running", Value::Bool(true)),
                ("Pid", Value::Float(4242.0)),
                ("Health", Value::Null),
            ]),
        ),
        (
            "Config",
            Value::map([
                (
                    "Env",
                    Value::list([Value::str("PATH=/usr/bin"), Value::str("TERM=xterm")]),
                ),
                (
                    "Labels",
                    Value::map([("com.example.team", Value::str("web")), ("a", Value::str("1"))]),
                ),
            ]),
        ),
        (
            "NetworkSettings",
            Value::map([(
                "Networks",
                Value::map([("bridge", Value::map([("IPAddress", Value::str("172.17.0.2"))]))]),
            )]),
        ),
        (
            "Mounts",
            Value::list([
                Value::map([
                    ("Source", Value::str("/data")),
                    ("Destination", Value::str("/var/lib/data")),
                ]),
                Value::map([
                    ("Source", Value::str("/logs")),
                    ("Destination", Value::str("/var/log")),
                ]),
            ]),
        ),
    ])
}

fn letters() -> Value {
    Value::map([
        (
            "L",
            Value::list([Value::str("a"), Value::str("b"), Value::str("c")]),
        ),
        ("M", Value::map([("b", Value::Int(2)), ("a", Value::Int(1))])),
        ("Empty", Value::list([])),
        ("N", Value::Int(7)),
    ])
}

#[test]
fn fields_on_a_struct_and_a_map_print_their_values() {
    assert_eq!(
        ok("{{.Names}} runs {{.Image}}", &container()),
        "web runs nginx:1.27"
    );
    assert_eq!(
        ok("{{.Name}} is {{.State.Status}}", &inspect()),
        "/web is running"
    );
    assert_eq!(ok("{{.Size}}", &container()), "1024");
}

#[test]
fn nested_fields_and_the_root_variable_reach_deep_values() {
    assert_eq!(
        ok("{{.NetworkSettings.Networks.bridge.IPAddress}}", &inspect()),
        "172.17.0.2"
    );
    assert_eq!(
        ok("{{with .State}}{{$.Name}} {{.Status}}{{end}}", &inspect()),
        "/web running"
    );
    assert_eq!(ok("{{.}}", &Value::str("just text")), "just text");
    assert_eq!(ok("{{(index .Mounts 1).Source}}", &inspect()), "/logs");
}

#[test]
fn a_missing_map_key_prints_no_value() {
    assert_eq!(ok("{{.Nope}}", &inspect()), "<no value>");
    assert_eq!(ok("{{.Nope.Deeper}}", &inspect()), "<no value>");
    // A JSON null seen through a map is a nil interface: unwrapped, it is no value at all.
    assert_eq!(ok("{{.State.Health}}", &inspect()), "<no value>");
    // As a function argument it is a nil interface {}.
    assert_eq!(
        ok("{{printf \"%v\" .Nope}} {{json .State.Health}}", &inspect()),
        "<nil> null"
    );
    assert_eq!(ok("{{.}}", &Value::Null), "<no value>");
}

#[test]
fn a_missing_struct_field_is_an_execution_error() {
    assert_eq!(
        err("{{.Foo}}", &container()),
        "template: :1:2: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext"
    );
    assert_eq!(
        err("ID\t{{.ID}}\n  {{.Foo}}", &container()),
        "template: :2:4: executing \"\" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext"
    );
}

#[test]
fn a_field_of_a_string_or_number_is_an_error_naming_the_go_type() {
    assert_eq!(
        err("{{.State.Foo}}", &container()),
        "template: :1:8: executing \"\" at <.State.Foo>: can't evaluate field Foo in type string"
    );
    assert_eq!(
        err("{{.Size.Foo}}", &container()),
        "template: :1:7: executing \"\" at <.Size.Foo>: can't evaluate field Foo in type int"
    );
}

#[test]
fn a_field_of_a_decoded_json_value_is_an_error_in_type_interface() {
    assert_eq!(
        err("{{.Name.Foo}}", &inspect()),
        "template: :1:7: executing \"\" at <.Name.Foo>: can't evaluate field Foo in type interface {}"
    );
    assert_eq!(
        err("{{.State.Health.Status}}", &inspect()),
        "template: :1:8: executing \"\" at <.State.Health.Status>: nil pointer evaluating interface {}.Status"
    );
}

#[test]
fn values_print_like_go_fmt_v() {
    let data = Value::map([
        (
            "L",
            Value::list([Value::str("a"), Value::Int(1), Value::Bool(true), Value::Null]),
        ),
        ("M", Value::map([("b", Value::Int(2)), ("a", Value::str("x"))])),
        (
            "S",
            Value::structure("main.S", [("Name", Value::str("n")), ("Port", Value::Int(80))]),
        ),
        (
            "Nested",
            Value::list([Value::map([("k", Value::list([Value::Int(1)]))])]),
        ),
    ]);
    assert_eq!(ok("{{.L}}", &data), "[a 1 true <nil>]");
    assert_eq!(ok("{{.M}}", &data), "map[a:x b:2]");
    assert_eq!(ok("{{.S}}", &data), "{n 80}");
    assert_eq!(ok("{{.Nested}}", &data), "[map[k:[1]]]");
    assert_eq!(ok("{{printf \"%+v\" .S}}", &data), "{Name:n Port:80}");
    let with_nil = Value::structure("*types.State", [("Health", Value::Null)]);
    assert_eq!(ok("{{.Health}}", &with_nil), "<nil>");
}

#[test]
fn floats_print_like_go_v() {
    let cases = [
        (1.5, "1.5"),
        (3.0, "3"),
        (-2.5, "-2.5"),
        (0.0, "0"),
        (123456.0, "123456"),
        (1e6, "1e+06"),
        (1234567.0, "1.234567e+06"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (1e21, "1e+21"),
        (0.1 + 0.2, "0.30000000000000004"),
    ];
    for (f, want) in cases {
        assert_eq!(ok("{{.}}", &Value::Float(f)), want, "{f}");
    }
    assert_eq!(ok("{{.State.Pid}}", &inspect()), "4242");
}

#[test]
fn json_sorts_map_keys_and_keeps_struct_field_order() {
    let map = Value::map([
        ("b", Value::Int(1)),
        ("a", Value::list([Value::Bool(true), Value::Null])),
    ]);
    assert_eq!(ok("{{json .}}", &map), r#"{"a":[true,null],"b":1}"#);
    let st = Value::structure("T", [("Z", Value::Int(1)), ("A", Value::str("x"))]);
    assert_eq!(ok("{{json .}}", &st), r#"{"Z":1,"A":"x"}"#);
    assert_eq!(
        ok("{{json .Config.Labels}}", &inspect()),
        r#"{"a":"1","com.example.team":"web"}"#
    );
    assert_eq!(to_json(&Value::list([])), "[]");
}

#[test]
fn json_escapes_strings_like_docker_without_html_escaping() {
    let s = Value::str("<a&b>\"\\\n\t\u{1}\u{8}\u{2028}é");
    assert_eq!(to_json(&s), r#""<a&b>\"\\\n\t\u0001\b\u2028é""#);
    assert_eq!(ok("{{json .}}", &s), to_json(&s));
}

#[test]
fn json_formats_numbers_like_encoding_json() {
    let cases = [
        (Value::Float(3.0), "3"),
        (Value::Float(1.5), "1.5"),
        (Value::Float(1e20), "100000000000000000000"),
        (Value::Float(1e21), "1e+21"),
        (Value::Float(0.000001), "0.000001"),
        (Value::Float(1e-7), "1e-7"),
        (Value::Float(-0.5), "-0.5"),
        (Value::Int(-4), "-4"),
        (Value::Float(f64::NAN), ""),
    ];
    for (v, want) in cases {
        assert_eq!(to_json(&v), want, "{v:?}");
    }
}

#[test]
fn len_counts_bytes_elements_and_keys() {
    assert_eq!(ok("{{len .}}", &Value::str("héllo")), "6");
    assert_eq!(ok("{{len .L}} {{len .M}} {{len .Empty}}", &letters()), "3 2 0");
    assert_eq!(ok("{{.Image | len}}", &container()), "10");
}

#[test]
fn len_of_a_number_is_an_execution_error() {
    assert_eq!(
        err("{{len .N}}", &letters()),
        "template: :1:2: executing \"\" at <len .N>: error calling len: len of type int"
    );
    assert_eq!(
        err("{{len .}}", &container()),
        "template: :1:2: executing \"\" at <len .>: error calling len: len of type formatter.ContainerContext"
    );
}

#[test]
fn index_reads_lists_by_position_and_maps_by_key() {
    assert_eq!(ok("{{index .L 1}}", &letters()), "b");
    assert_eq!(ok("{{index .M \"a\"}}", &letters()), "1");
    assert_eq!(ok("{{index .M \"zz\"}}", &letters()), "<no value>");
    assert_eq!(
        ok("{{index .Config.Labels \"com.example.team\"}}", &inspect()),
        "web"
    );
    assert_eq!(ok("{{index \"abc\" 0}}", &letters()), "97");
    assert_eq!(
        err("{{index .L 5}}", &letters()),
        "template: :1:2: executing \"\" at <index .L 5>: error calling index: index out of range: 5"
    );
    assert_eq!(
        err("{{index .L \"x\"}}", &letters()),
        "template: :1:2: executing \"\" at <index .L \"x\">: error calling index: cannot index slice/array with type string"
    );
}

#[test]
fn split_and_join_convert_between_strings_and_lists() {
    assert_eq!(ok("{{split \"a,b,c\" \",\"}}", &letters()), "[a b c]");
    assert_eq!(ok("{{join (split \"a,b,c\" \",\") \"|\"}}", &letters()), "a|b|c");
    assert_eq!(
        ok("{{join .Config.Env \" \"}}", &inspect()),
        "PATH=/usr/bin TERM=xterm"
    );
    assert_eq!(ok("{{len (split \"héj\" \"\")}}", &letters()), "3");
}

#[test]
fn upper_lower_and_title_change_case() {
    assert_eq!(
        ok(
            "{{upper .Names}} {{lower \"ÀB\"}} {{title \"hello wide-world\"}}",
            &container()
        ),
        "WEB àb Hello Wide-World"
    );
}

#[test]
fn pad_adds_spaces_only_around_non_empty_strings() {
    assert_eq!(
        ok("[{{pad \"x\" 2 3}}][{{pad \"\" 2 3}}]", &letters()),
        "[  x   ][]"
    );
    assert_eq!(
        err("{{pad \"x\" -1 0}}", &letters()),
        "template: :1:2: executing \"\" at <pad \"x\" -1 0>: error calling pad: strings: negative Repeat count"
    );
}

#[test]
fn truncate_cuts_to_at_most_n_bytes() {
    assert_eq!(
        ok(
            "{{truncate .ID 4}}|{{truncate \"ab\" 5}}|{{truncate \"ab\" 2}}",
            &container()
        ),
        "3f4e|ab|ab"
    );
}

#[test]
fn printf_formats_like_go_fmt() {
    let d = letters();
    assert_eq!(
        ok(r#"{{printf "%s|%d|%v|%q|%%" "a" 42 1.5 "q\"x"}}"#, &d),
        r#"a|42|1.5|"q\"x"|%"#
    );
    assert_eq!(
        ok(
            r#"{{printf "%-6s|%6s|%05d|%.2f|%x|%t" "ab" "cd" 42 3.14159 255 true}}"#,
            &d
        ),
        "ab    |    cd|00042|3.14|ff|true"
    );
    assert_eq!(
        ok(
            r#"{{printf "%e|%g|%8.3f|%+d" 1234.5678 0.000012 -3.14159 5}}"#,
            &d
        ),
        "1.234568e+03|1.2e-05|  -3.142|+5"
    );
    assert_eq!(ok(r#"{{printf "%d" "x"}}"#, &d), "%!d(string=x)");
    assert_eq!(ok(r#"{{printf "%d %d" 1}}"#, &d), "1 %!d(MISSING)");
    assert_eq!(ok(r#"{{printf "%d" 1 "two"}}"#, &d), "1%!(EXTRA string=two)");
    assert_eq!(
        ok(
            r#"{{printf "%s" .L}}|{{printf "%v" .M}}|{{printf "%5.1s|" "xyz"}}"#,
            &d
        ),
        "[a b c]|map[a:1 b:2]|    x|"
    );
    assert_eq!(
        ok(r#"{{printf "%s" nil}}|{{printf "abc%"}}|{{printf "%!"}}"#, &d),
        "%!s(<nil>)|abc%!(NOVERB)|%!!(MISSING)"
    );
}

#[test]
fn print_and_println_space_operands_like_go() {
    assert_eq!(ok(r#"{{print "a" "b" 1 2 "c"}}"#, &letters()), "ab1 2c");
    assert_eq!(ok(r#"{{println "a" 1}}"#, &letters()), "a 1\n");
}

#[test]
fn pipelines_pass_the_value_as_the_last_argument() {
    assert_eq!(ok("{{.Names | upper}}", &container()), "WEB");
    assert_eq!(ok("{{.Names | printf \"%s-%s\" \"x\"}}", &container()), "x-web");
    assert_eq!(ok("{{.Names | upper | printf \"<%s>\"}}", &container()), "<WEB>");
}

#[test]
fn if_else_if_else_chooses_one_branch() {
    let t = "{{if eq .State \"exited\"}}down{{else if eq .State \"running\"}}up{{else}}?{{end}}";
    assert_eq!(ok(t, &container()), "up");
    assert_eq!(ok("{{if .Nope}}yes{{else}}no{{end}}", &inspect()), "no");
    assert_eq!(
        ok("{{with .Nope}}x{{else with .Name}}{{.}}{{end}}", &inspect()),
        "/web"
    );
}

#[test]
fn truthiness_follows_go() {
    let falsy = [
        Value::Null,
        Value::Bool(false),
        Value::Int(0),
        Value::Float(0.0),
        Value::str(""),
        Value::list([]),
        Value::map::<String>([]),
    ];
    for v in falsy {
        assert_eq!(ok("{{if .}}T{{else}}F{{end}}", &v), "F", "{v:?}");
    }
    let truthy = [
        Value::Bool(true),
        Value::Int(-1),
        Value::str("0"),
        Value::list([Value::Null]),
        container(),
    ];
    for v in truthy {
        assert_eq!(ok("{{if .}}T{{else}}F{{end}}", &v), "T", "{v:?}");
    }
}

#[test]
fn range_visits_lists_in_order_and_maps_by_sorted_key() {
    let d = letters();
    assert_eq!(ok("{{range .L}}[{{.}}]{{end}}", &d), "[a][b][c]");
    assert_eq!(
        ok("{{range $i, $e := .L}}{{$i}}={{$e}} {{end}}", &d),
        "0=a 1=b 2=c "
    );
    assert_eq!(ok("{{range $k, $v := .M}}{{$k}}:{{$v}},{{end}}", &d), "a:1,b:2,");
    assert_eq!(ok("{{range $e := .L}}{{$e}}{{end}}", &d), "abc");
    assert_eq!(
        ok(
            "{{range .Empty}}x{{else}}none{{end}}|{{range .Nope}}x{{else}}none{{end}}",
            &d
        ),
        "none|none"
    );
    assert_eq!(
        ok(
            "{{range .Mounts}}{{.Source}}:{{.Destination}} {{end}}",
            &inspect()
        ),
        "/data:/var/lib/data /logs:/var/log "
    );
    assert_eq!(ok("{{range 3}}{{.}}{{end}}", &d), "012");
}

#[test]
fn break_and_continue_leave_or_skip_a_range_iteration() {
    let d = letters();
    assert_eq!(
        ok("{{range .L}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", &d),
        "a"
    );
    assert_eq!(
        ok("{{range .L}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", &d),
        "ac"
    );
    assert_eq!(err("{{break}}", &d), "template: :1: {{break}} outside {{range}}");
}

#[test]
fn range_over_a_string_is_an_execution_error() {
    assert_eq!(
        err("{{range .Names}}{{end}}", &container()),
        "template: :1:8: executing \"\" at <.Names>: range can't iterate over web"
    );
}

#[test]
fn with_sets_dot_and_has_an_else() {
    assert_eq!(ok("{{with .State}}{{.Status}}{{end}}", &inspect()), "running");
    assert_eq!(ok("{{with .Nope}}x{{else}}none{{end}}", &inspect()), "none");
    assert_eq!(ok("{{with $x := .Name}}{{$x}}{{end}}", &inspect()), "/web");
}

#[test]
fn variables_are_declared_assigned_and_scoped_to_their_block() {
    let d = letters();
    assert_eq!(ok("{{$x := \"a\"}}{{$x}}{{$x = \"b\"}}{{$x}}", &d), "ab");
    assert_eq!(ok("{{$n := 0}}{{range .L}}{{$n = .}}{{end}}{{$n}}", &d), "c");
    assert_eq!(
        err("{{if true}}{{$y := 1}}{{end}}{{$y}}", &d),
        "template: :1: undefined variable \"$y\""
    );
}

#[test]
fn trim_markers_remove_adjacent_whitespace() {
    let d = Value::map([("X", Value::str("!"))]);
    assert_eq!(ok("a  \n {{- .X -}} \n\t b", &d), "a!b");
    assert_eq!(ok("a {{- .X}} b", &d), "a! b");
    assert_eq!(ok("{{-3}} {{3 -}}  x", &d), "-3 3x");
    assert_eq!(
        ok(
            "{{range .}}\n  {{- . -}}\n{{end}}",
            &Value::list([Value::Int(1), Value::Int(2)])
        ),
        "12"
    );
}

#[test]
fn comments_print_nothing() {
    let d = letters();
    assert_eq!(ok("a{{/* hi */}}b", &d), "ab");
    assert_eq!(ok("a {{- /* multi\nline */ -}} b", &d), "ab");
    assert_eq!(err("a{{/* hi", &d), "template: :1: unclosed comment");
    assert_eq!(
        err("a{{/* hi */ .X}}", &d),
        "template: :1: comment ends before closing delimiter"
    );
}

#[test]
fn string_number_and_bool_literals_follow_go_syntax() {
    let d = letters();
    assert_eq!(
        ok(
            r#"{{"a\tb\u00e9\x41"}}|{{`raw\n`}}|{{'a'}}|{{0x1F}}|{{1e3}}|{{true}}"#,
            &d
        ),
        "a\tbéA|raw\\n|97|31|1000|true"
    );
    assert_eq!(err(r#"{{"\q"}}"#, &d), "template: :1: invalid syntax");
    assert_eq!(err("{{08}}", &d), "template: :1: integer overflow: \"08\"");
}

#[test]
fn comparisons_and_logic_return_go_values() {
    let d = letters();
    let t = r#"{{eq 1 1}} {{ne "a" "b"}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}} {{eq .N 3 7}} {{eq .Nope "x"}}"#;
    assert_eq!(ok(t, &d), "true true true true true false true false");
    assert_eq!(
        ok(
            r#"{{and 1 0}} {{or 0 "x"}} {{not 0}} {{and .N .L}} {{or .Nope .Empty}}"#,
            &d
        ),
        "0 x true [a b c] []"
    );
    assert_eq!(
        err(r#"{{eq 1 "a"}}"#, &d),
        "template: :1:2: executing \"\" at <eq 1 \"a\">: error calling eq: incompatible types for comparison: int and string"
    );
    assert_eq!(
        err("{{lt true false}}", &d),
        "template: :1:2: executing \"\" at <lt true false>: error calling lt: invalid type for comparison"
    );
}

#[test]
fn an_unknown_function_is_a_parse_error() {
    assert_eq!(
        err("{{foo}}", &container()),
        "template: :1: function \"foo\" not defined"
    );
    assert_eq!(
        err("line one\n{{.Names | shout}}", &container()),
        "template: :2: function \"shout\" not defined"
    );
}

#[test]
fn an_unclosed_action_is_a_parse_error() {
    assert_eq!(err("{{.Names", &container()), "template: :1: unclosed action");
    assert_eq!(
        err("{{.Names\n", &container()),
        "template: :2: unclosed action started at :1"
    );
    assert_eq!(
        err("{{(.Names}}", &container()),
        "template: :1: unclosed left paren"
    );
}

#[test]
fn an_unexpected_end_or_else_is_a_parse_error() {
    assert_eq!(err("{{end}}", &container()), "template: :1: unexpected {{end}}");
    assert_eq!(
        err("a\n{{else}}", &container()),
        "template: :2: unexpected {{else}}"
    );
    assert_eq!(
        err("{{if 1}}{{else}}{{else}}{{end}}", &container()),
        "template: :1: expected end; found {{else}}"
    );
}

#[test]
fn a_missing_end_is_an_unexpected_eof() {
    assert_eq!(
        err("{{if .Names}}yes", &container()),
        "template: :1: unexpected EOF"
    );
    assert_eq!(
        err("{{range .Names}}\n", &container()),
        "template: :2: unexpected EOF"
    );
}

#[test]
fn other_syntax_errors_use_go_wording() {
    let d = container();
    assert_eq!(err("{{}}", &d), "template: :1: missing value for command");
    assert_eq!(err("{{if}}{{end}}", &d), "template: :1: missing value for if");
    assert_eq!(
        err("{{.Names | 3}}", &d),
        "template: :1: non executable command in pipeline stage 2"
    );
    assert_eq!(err("{{$x}}", &d), "template: :1: undefined variable \"$x\"");
    assert_eq!(err("{{.Names.}}", &d), "template: :1: unexpected <.> in operand");
    assert_eq!(err("{{.Names-x}}", &d), "template: :1: bad character U+002D '-'");
    assert_eq!(err("{{\"abc}}", &d), "template: :1: unterminated quoted string");
    assert_eq!(
        err("{{\"x\".Foo}}", &d),
        "template: :1: unexpected . after term \"\\\"x\\\"\""
    );
    assert_eq!(
        err("{{range $i, $j, $k := .}}{{end}}", &d),
        "template: :1: too many declarations in range"
    );
}

#[test]
fn the_wrong_number_of_args_is_an_execution_error() {
    let d = container();
    assert_eq!(
        err("{{len}}", &d),
        "template: :1:2: executing \"\" at <len>: wrong number of args for len: want 1 got 0"
    );
    assert_eq!(
        err("{{.Names | upper \"b\"}}", &d),
        "template: :1:11: executing \"\" at <upper>: wrong number of args for upper: want 1 got 2"
    );
    assert_eq!(
        err("{{and}}", &d),
        "template: :1:2: executing \"\" at <and>: wrong number of args for and: want at least 1 got 0"
    );
}

#[test]
fn an_argument_of_the_wrong_type_is_an_execution_error() {
    let d = container();
    assert_eq!(
        err("{{upper 3}}", &d),
        "template: :1:8: executing \"\" at <3>: expected string; found 3"
    );
    assert_eq!(
        err("{{upper .Size}}", &d),
        "template: :1:8: executing \"\" at <.Size>: wrong type for value; expected string; got int"
    );
    assert_eq!(
        err("{{truncate .Names \"3\"}}", &d),
        "template: :1:18: executing \"\" at <\"3\">: expected integer; found \"3\""
    );
    assert_eq!(
        err("{{.Names 1}}", &d),
        "template: :1:2: executing \"\" at <.Names>: Names has arguments but cannot be invoked as function"
    );
}

#[test]
fn a_docker_ps_table_format_prints_one_row() {
    let t = "{{.ID}}\t{{.Image}}\t{{.Status}}\t{{.Names}}";
    assert_eq!(ok(t, &container()), "3f4e5d6c7b8a\tnginx:1.27\tUp 2 minutes\tweb");
    assert_eq!(
        ok("{{json .}}", &container()),
        r#"{"ID":"3f4e5d6c7b8a","Names":"web","Image":"nginx:1.27","State":"running","Status":"Up 2 minutes","Size":1024}"#
    );
}

#[test]
fn a_docker_inspect_format_reads_the_decoded_json() {
    let t =
        "{{.Name}} {{.State.Pid}} {{.State.Running}} {{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}";
    assert_eq!(ok(t, &inspect()), "/web 4242 true a=1;com.example.team=web;");
    assert_eq!(
        ok(
            "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
            &inspect()
        ),
        "172.17.0.2"
    );
}

#[test]
fn errors_display_their_message() {
    let e = render("{{end}}", &Value::Null).unwrap_err();
    assert_eq!(e.to_string(), e.message);
    let boxed: Box<dyn std::error::Error> = Box::new(e.clone());
    assert_eq!(boxed.to_string(), "template: :1: unexpected {{end}}");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let blocks = format!("{}{}", "{{if .}}".repeat(1000), "{{end}}".repeat(1000));
    assert!(err(&blocks, &container()).contains("nesting depth"));
    let parens = format!("{{{{{}.Names{}}}}}", "(".repeat(1000), ")".repeat(1000));
    assert_eq!(
        err(&parens, &container()),
        "template: :1: max expression depth exceeded"
    );
    let fine = format!("{}x{}", "{{with .}}".repeat(60), "{{end}}".repeat(60));
    assert_eq!(ok(&fine, &container()), "x");
    let deep_parens = format!("{{{{{}.Names{}}}}}", "(".repeat(60), ")".repeat(60));
    assert_eq!(ok(&deep_parens, &container()), "web");
}

#[test]
fn runaway_templates_stop_with_an_error() {
    assert!(err("{{range 100000000000}}{{end}}", &Value::Null).contains("too slow"));
    assert!(err("{{pad \"x\" 100000000 0}}", &Value::Null).contains("Repeat output length overflow"));
    assert_eq!(
        ok("{{printf \"%100000000d|\" 1}}", &Value::Null),
        "%!(NOVERB)%!(EXTRA int=1)"
    );
}

#[test]
fn rendering_is_fast_enough_for_a_table_of_a_hundred_rows() {
    let rows: Vec<Value> = (0..100).map(|_| container()).collect();
    let t = "{{range .}}{{.ID}}\t{{.Image}}\t{{.Status | upper}}\t{{pad .Names 1 1}}\n{{end}}";
    let out = ok(t, &Value::List(rows));
    assert_eq!(out.lines().count(), 100);
}

const PIECES: &[&str] = &[
    "{{",
    "}}",
    "{{- ",
    " -}}",
    "{{/*",
    "*/}}",
    ".",
    ".Names",
    ".State.Pid",
    ".Config",
    "$",
    "$x",
    " := ",
    " = ",
    "|",
    "(",
    ")",
    "\"",
    "\"s\"",
    "`",
    "'a'",
    "'",
    "if ",
    "else",
    "else if ",
    "end",
    "range ",
    "with ",
    "break",
    "continue",
    " ",
    "\n",
    "\t",
    "len",
    "index",
    "printf",
    "\"%d%s%v%-5q%!\"",
    "json",
    "split",
    "join",
    "pad",
    "truncate",
    "eq",
    "lt",
    "and",
    "or",
    "not",
    "slice",
    "call",
    "html",
    "urlquery",
    "1",
    "-1",
    "1.5",
    "0x",
    "1e",
    "99999999999999999999",
    "nil",
    "true",
    ",",
    "é",
    "\\",
    "%",
    "define",
    "template",
    "block",
    "-",
    ":",
    "=",
    "}",
    "{",
    "\u{0}",
    "\u{2028}",
];

#[test]
fn malformed_and_random_templates_never_panic() {
    let fixed = [
        "",
        "{{",
        "}}",
        "{{}}",
        "{{{",
        "{{-}}",
        "{{- -}}",
        "{{ - }}",
        "{{.",
        "{{$",
        "{{$x :",
        "{{$x := }}",
        "{{(",
        "{{)}}",
        "{{((.))}}",
        "{{\"}}",
        "{{`}}",
        "{{'}}",
        "{{''}}",
        "{{'ab'}}",
        "{{1.2.3}}",
        "{{.1a}}",
        "{{..}}",
        "{{.$}}",
        "{{if}}",
        "{{if .}}",
        "{{else}}",
        "{{end}}",
        "{{range $i, := .}}{{end}}",
        "{{with $x, $y := .}}{{end}}",
        "{{printf}}",
        "{{printf 1}}",
        "{{printf \"%*d\" \"x\" 1}}",
        "{{printf \"%.*f\" -1 1.0}}",
        "{{index}}",
        "{{index nil 1}}",
        "{{index . nil}}",
        "{{slice . 1 2 3 4}}",
        "{{len nil}}",
        "{{not}}",
        "{{eq}}",
        "{{eq .}}",
        "{{ne 1 2 3}}",
        "{{call .Names}}",
        "{{call nil}}",
        "{{nil}}",
        "{{.Names nil}}",
        "{{(nil).X}}",
        "{{$.X.Y.Z}}",
        "{{template \"x\"}}",
        "{{define \"x\"}}{{end}}",
        "{{block \"x\" .}}{{end}}",
        "{{1i}}",
        "{{1+2i}}",
        "{{0x1p-2}}",
        "{{\"\\xff\"}}",
        "{{'\\U0010ffff'}}",
        "{{'\\ud800'}}",
        "{{truncate \"é\" 1}}",
        "{{slice \"é\" 0 1}}",
        "{{range -5}}x{{else}}y{{end}}",
        "{{range $i, $e := 3}}{{end}}",
        "{{json 1e400}}",
        "{{printf \"%c%U%q\" -1 -1 -1}}",
        "{{printf \"%.1000e\" 1.0}}",
        "{{printf \"%x %X %o %b %O\" -255 255 8 5 8}}",
        "{{.Names | .ID}}",
        "{{$x := 1}}{{$x.Foo}}",
        "{{(index .Mounts 0).Nope.Deeper}}",
        "{{.Config.Env.Foo}}",
        "{{\u{1}}}",
        "{{ü}}",
    ];
    for data in [container(), inspect(), Value::Null, letters()] {
        for t in fixed {
            let _ = render(t, &data);
        }
    }
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let data = [container(), inspect()];
    for round in 0..4000 {
        let len = (next() % 16) as usize;
        let t: String = (0..len)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let _ = render(&t, &data[round % 2]);
        // Byte-level noise, cut at a character boundary.
        let mut noisy = t.clone();
        if !noisy.is_empty() {
            let cut = (next() as usize) % noisy.len();
            if noisy.is_char_boundary(cut) {
                noisy.truncate(cut);
            }
        }
        let _ = render(&format!("{{{{{noisy}"), &data[round % 2]);
    }
}
