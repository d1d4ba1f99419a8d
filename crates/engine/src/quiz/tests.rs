//! Unit tests of the quiz engine: parsing with line numbers, grading each type, the seeded
//! shuffle, predict answers computed by the engine, the Leitner schedule and the store.

use super::review::{INTERVALS, calendar_date, day_number};
use super::*;
use crate::host::{Host, State};

/// Parses a block whose TOML starts at line 10 of a paper, failing the test on any error.
fn parse(toml: &str) -> Quiz {
    match parse_quiz_block(toml, 10) {
        Ok(quiz) => quiz,
        Err(e) => panic!("{e}\n{toml}"),
    }
}

/// The single error of a block starting at line 10: (line, message).
fn error(toml: &str) -> (usize, String) {
    let (_, errors) = validate_quiz_block(toml, 10);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    (errors[0].line, errors[0].message.clone())
}

fn only(quiz: &Quiz) -> &Question {
    assert_eq!(quiz.questions.len(), 1);
    &quiz.questions[0]
}

const CHOICE: &str = r#"[[questions]]
id = "image-vs-container"
type = "choice"
prompt = "이미지와 컨테이너의 관계로 옳은 것은?"
prompt_en = "Which is true of images and containers?"
explanation = "이미지는 불변 템플릿, 컨테이너는 그 실행 인스턴스입니다."
answer = [0]
options = [
  "이미지는 불변 템플릿이고 컨테이너는 그 실행 인스턴스다",
  { text = "컨테이너를 지우면 이미지도 지워진다", why = "이미지는 그대로 남습니다." },
  { text = "이미지는 실행 중에 내용이 바뀐다", why = "이미지는 읽기 전용입니다.", why_en = "Images are read-only." },
]
"#;

const MULTI: &str = r#"[[questions]]
id = "layer-makers"
type = "choice"
prompt = "파일시스템 레이어를 만드는 명령어를 모두 고르세요."
explanation = "RUN, COPY, ADD가 레이어를 만듭니다."
answer = [0, 2]
shuffle = false
options = [
  "RUN",
  { text = "CMD", why = "CMD는 메타데이터만 바꿉니다." },
  "COPY",
  { text = "ENV", why = "ENV도 메타데이터입니다." },
]
"#;

const SHORT: &str = r#"[[questions]]
id = "list-all"
type = "short"
prompt = "멈춘 컨테이너까지 모두 보는 명령은?"
explanation = "`-a`가 있어야 종료된 컨테이너도 나옵니다."
accept = ["docker ps -a", "docker container ls -a", "읽기 전용"]
mistakes = [{ answer = "docker ps", why = "실행 중인 컨테이너만 보여줍니다." }]
"#;

const ORDER: &str = r#"[[questions]]
id = "build-flow"
type = "order"
prompt = "순서대로 놓으세요."
explanation = "Dockerfile → 이미지 → 컨테이너."
items = [
  "Dockerfile 작성",
  { text = "docker build로 이미지", why = "이미지는 Dockerfile로 만듭니다." },
  "docker run으로 컨테이너",
  "docker rm",
]
"#;

const MATCH: &str = r#"[[questions]]
id = "terms"
type = "match"
prompt = "짝지으세요."
explanation = "각 파일의 역할입니다."
pairs = [
  { term = "Dockerfile", description = "이미지 하나를 만드는 방법", why = "Dockerfile은 이미지 하나의 레시피입니다." },
  { term = "compose.yaml", description = "여러 컨테이너의 관계" },
  { term = ".dockerignore", description = "빌드 컨텍스트에서 뺄 파일" },
]
distractors = ["쿠버네티스 배포"]
"#;

#[test]
fn a_choice_question_parses_with_its_lines_and_defaults() {
    let quiz = parse(CHOICE);
    let q = only(&quiz);
    assert_eq!(quiz.line, 10);
    assert_eq!(q.line, 10, "the [[questions]] header is the block's first line");
    assert_eq!(q.id, "image-vs-container");
    assert_eq!(
        q.prompt_en.as_deref(),
        Some("Which is true of images and containers?")
    );
    let QuestionKind::MultipleChoice(c) = &q.kind else {
        panic!("{q:?}")
    };
    assert_eq!(c.answer, vec![0]);
    assert!(c.shuffle, "options are shuffled unless the author says otherwise");
    assert!(!q.multiple_select());
    assert!(only(&parse(MULTI)).multiple_select());
    assert_eq!(c.options[2].why_en.as_deref(), Some("Images are read-only."));
}

#[test]
fn choosing_the_right_option_is_correct_and_shows_the_explanation() {
    let quiz = parse(CHOICE);
    let q = only(&quiz);
    let g = grade(q, &Response::Choice(vec![0]));
    assert!(g.correct);
    assert_eq!(g.explanation, q.explanation);
    assert!(g.notes.is_empty());
}

#[test]
fn choosing_a_wrong_option_shows_that_options_explanation() {
    let quiz = parse(CHOICE);
    let g = grade(only(&quiz), &Response::Choice(vec![2]));
    assert!(!g.correct);
    assert_eq!(g.explanation, "이미지는 읽기 전용입니다.");
    assert_eq!(g.explanation_en.as_deref(), Some("Images are read-only."));
    assert_eq!(
        g.partial,
        Partial::Choice(vec![
            OptionMark {
                chosen: false,
                correct: true
            },
            OptionMark {
                chosen: false,
                correct: false
            },
            OptionMark {
                chosen: true,
                correct: false
            },
        ])
    );
}

#[test]
fn a_multiple_answer_choice_needs_exactly_the_right_set() {
    let quiz = parse(MULTI);
    let q = only(&quiz);
    assert!(
        grade(q, &Response::Choice(vec![2, 0])).correct,
        "order of picks does not matter"
    );
    let subset = grade(q, &Response::Choice(vec![0]));
    assert!(!subset.correct, "missing COPY");
    assert_eq!(
        subset.explanation, q.explanation,
        "no wrong pick: the right answer's explanation"
    );
    let superset = grade(q, &Response::Choice(vec![0, 1, 2]));
    assert!(!superset.correct);
    assert_eq!(superset.explanation, "CMD는 메타데이터만 바꿉니다.");
    assert!(!grade(q, &Response::Choice(vec![])).correct);
}

#[test]
fn a_short_answer_ignores_case_spacing_backticks_and_full_width_forms() {
    let quiz = parse(SHORT);
    let q = only(&quiz);
    for typed in [
        "docker ps -a",
        "  Docker   PS  -A ",
        "`docker ps -a`",
        "ｄｏｃｋｅｒ\u{3000}ｐｓ\u{3000}－ａ",
        "docker\u{200b} ps -a",
        "docker container ls -a",
        "읽기전용",
        " 읽기  전용 ",
    ] {
        assert!(grade(q, &Response::Short(typed.to_string())).correct, "{typed:?}");
    }
    assert_eq!(normalize_answer("  `Docker\u{3000}PS`  "), "docker ps");
}

#[test]
fn a_foreseen_wrong_short_answer_gets_its_own_explanation() {
    let quiz = parse(SHORT);
    let q = only(&quiz);
    let g = grade(q, &Response::Short("DOCKER PS".to_string()));
    assert!(!g.correct);
    assert_eq!(g.explanation, "실행 중인 컨테이너만 보여줍니다.");
    let other = grade(q, &Response::Short("docker images".to_string()));
    assert!(!other.correct);
    assert_eq!(other.explanation, q.explanation);
    assert!(!grade(q, &Response::Short("   ".to_string())).correct);
}

#[test]
fn an_order_graded_right_and_partly_right() {
    let quiz = parse(ORDER);
    let q = only(&quiz);
    assert!(grade(q, &Response::Order(vec![0, 1, 2, 3])).correct);
    let g = grade(q, &Response::Order(vec![0, 2, 1, 3]));
    assert!(!g.correct);
    assert_eq!(g.partial, Partial::Order(vec![true, false, false, true]));
    assert_eq!(
        g.explanation, "이미지는 Dockerfile로 만듭니다.",
        "the misplaced item's note"
    );
    assert_eq!(g.notes.len(), 1, "only item 1 has a note");
    let unfit = grade(q, &Response::Order(vec![0, 0, 1, 2]));
    assert!(matches!(unfit.partial, Partial::Unfit(_)), "{unfit:?}");
}

#[test]
fn a_match_reports_the_wrong_pairs() {
    let quiz = parse(MATCH);
    let q = only(&quiz);
    let QuestionKind::Match(m) = &q.kind else { panic!() };
    assert_eq!(m.descriptions().len(), 4, "three pairs and a distractor");
    assert!(grade(q, &Response::Match(vec![Some(0), Some(1), Some(2)])).correct);
    let g = grade(q, &Response::Match(vec![Some(3), Some(1), None]));
    assert!(!g.correct);
    assert_eq!(
        g.partial,
        Partial::Match(vec![
            PairMark {
                chosen: Some(3),
                right: false
            },
            PairMark {
                chosen: Some(1),
                right: true
            },
            PairMark {
                chosen: None,
                right: false
            },
        ])
    );
    assert_eq!(g.explanation, "Dockerfile은 이미지 하나의 레시피입니다.");
}

#[test]
fn a_response_of_the_wrong_kind_is_unfit_not_a_panic() {
    let quiz = parse(CHOICE);
    let q = only(&quiz);
    for response in [
        Response::Short("x".to_string()),
        Response::Choice(vec![7]),
        Response::Match(vec![]),
        Response::StateExit {
            state: State::Exited,
            exit: 0,
        },
    ] {
        let g = grade(q, &response);
        assert!(!g.correct);
        assert!(matches!(g.partial, Partial::Unfit(_)), "{response:?}");
    }
}

#[test]
fn every_model_response_grades_correct() {
    for block in [CHOICE, MULTI, SHORT, ORDER, MATCH] {
        let quiz = parse(block);
        let q = only(&quiz);
        assert!(grade(q, &q.model_response()).correct, "{}", q.id);
    }
}

#[test]
fn the_shuffle_is_a_deterministic_permutation_per_seed_and_id() {
    let quiz = parse(CHOICE);
    let q = only(&quiz);
    let first = q.display_order(7);
    assert_eq!(first, q.display_order(7), "same seed, same order");
    let mut sorted = first.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, vec![0, 1, 2]);
    let orders: std::collections::BTreeSet<Vec<usize>> = (0..50).map(|s| q.display_order(s)).collect();
    assert!(orders.len() > 1, "seeds give different orders");
    let mut renamed = q.clone();
    renamed.id = "another".to_string();
    assert!(
        (0..50).any(|s| renamed.display_order(s) != q.display_order(s)),
        "the id salts the seed"
    );
    let quiz = parse(MULTI);
    assert_eq!(only(&quiz).display_order(7), vec![0, 1, 2, 3], "shuffle = false");
}

#[test]
fn an_order_question_is_never_shown_in_its_right_order() {
    let quiz = parse(ORDER);
    let q = only(&quiz);
    for seed in 0..200 {
        let shown = q.display_order(seed);
        assert_ne!(shown, vec![0, 1, 2, 3], "seed {seed}");
        assert!(!grade(q, &Response::Order(shown)).correct);
    }
}

#[test]
fn the_model_survives_a_postcard_round_trip() {
    let quiz = parse(
        &[CHOICE, SHORT, ORDER, MATCH]
            .concat()
            .replace("[[questions]]", "\n[[questions]]"),
    );
    let bytes = postcard::to_allocvec(&quiz).expect("encodes");
    let back: Quiz = postcard::from_bytes(&bytes).expect("decodes");
    assert_eq!(back, quiz);
}

// ---- errors, each with its line ---------------------------------------------------------

#[test]
fn an_unknown_type_names_the_type_line() {
    let (line, message) =
        error("[[questions]]\nid = \"a\"\ntype = \"multiple\"\nprompt = \"p\"\nexplanation = \"e\"\n");
    assert_eq!(line, 12);
    assert!(message.contains("unknown question type `multiple`"), "{message}");
}

#[test]
fn a_missing_answer_names_the_question() {
    let toml = "# a comment line\n[[questions]]\nid = \"a\"\ntype = \"choice\"\nprompt = \"p\"\nexplanation = \"e\"\noptions = [\"x\", \"y\"]\n";
    let (line, message) = error(toml);
    assert_eq!(line, 11, "the [[questions]] header");
    assert!(message.contains("missing `answer`"), "{message}");
}

#[test]
fn an_answer_index_out_of_range_names_the_answer_line() {
    let toml = CHOICE.replace("answer = [0]", "answer = [3]");
    let (line, message) = error(&toml);
    assert_eq!(line, 16);
    assert!(
        message.contains("answer index 3 is out of range: there are 3 options (0 to 2)"),
        "{message}"
    );
}

#[test]
fn an_empty_answer_means_no_correct_option() {
    let toml = MULTI.replace("answer = [0, 2]", "answer = []");
    let (_, errors) = validate_quiz_block(&toml, 10);
    assert!(
        errors
            .iter()
            .any(|e| e.line == 15 && e.message.contains("no correct option")),
        "{errors:#?}"
    );
}

#[test]
fn a_duplicate_option_names_the_repeating_line() {
    let toml = MULTI.replace("  \"COPY\",", "  \"run\",");
    let (_, errors) = validate_quiz_block(&toml, 10);
    assert!(
        errors
            .iter()
            .any(|e| e.line == 20 && e.message.contains("option 2 repeats option 0 (`run`)")),
        "{errors:#?}"
    );
}

#[test]
fn a_wrong_option_without_explanation_names_its_line() {
    let toml = CHOICE.replace(
        "{ text = \"컨테이너를 지우면 이미지도 지워진다\", why = \"이미지는 그대로 남습니다.\" }",
        "\"컨테이너를 지우면 이미지도 지워진다\"",
    );
    let (line, message) = error(&toml);
    assert_eq!(line, 19);
    assert!(
        message.contains("option 1 (`컨테이너를 지우면 이미지도 지워진다`) is wrong but has no `why`"),
        "{message}"
    );
}

#[test]
fn an_empty_accepted_list_is_an_error() {
    let toml = SHORT.replace(
        "accept = [\"docker ps -a\", \"docker container ls -a\", \"읽기 전용\"]",
        "accept = []",
    );
    let (line, message) = error(&toml);
    assert_eq!(line, 15);
    assert!(message.contains("`accept` is empty"), "{message}");
}

#[test]
fn a_toml_syntax_error_names_its_line() {
    let (line, message) = error("[[questions]]\nid = \"a\"\ntype = \"short\nprompt = \"p\"\n");
    assert_eq!(line, 12);
    assert!(!message.is_empty());
}

#[test]
fn an_unknown_key_names_its_line() {
    let toml = SHORT.replace("prompt = ", "promt = ");
    let (_, errors) = validate_quiz_block(&toml, 10);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].line, 13);
    assert!(
        errors[0].message.contains("unknown field `promt`"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_value_of_the_wrong_type_is_explained_without_rust_names() {
    let toml = STATE_EXIT.replace(
        "[questions.scenario]\nsetup = [\"docker run -d --name sleeper alpine sleep 300\"]\nrun = [\"docker stop sleeper\"]\n",
        "scenario = 5\n",
    );
    let (line, message) = error(&toml);
    assert_eq!(line, 18);
    assert_eq!(message, "invalid type: integer `5`, expected a table");
    let (_, message) = error(&CHOICE.replace("answer = [0]", "answer = [\"0\"]"));
    assert_eq!(message, "invalid type: string \"0\", expected an integer");
}

#[test]
fn a_key_of_another_type_is_reported() {
    let toml = SHORT.replace("mistakes = ", "answer = [0]\nmistakes = ");
    let (line, message) = error(&toml);
    assert_eq!(line, 16);
    assert!(
        message.contains("`answer` does not belong in a `short` question"),
        "{message}"
    );
}

#[test]
fn a_missing_explanation_and_a_bad_id_are_both_reported() {
    let toml =
        "[[questions]]\nid = \"has space\"\ntype = \"order\"\nprompt = \"p\"\nitems = [\"a\", \"b\"]\n";
    let (_, errors) = validate_quiz_block(toml, 1);
    let lines: Vec<(usize, bool)> = errors
        .iter()
        .map(|e| {
            (
                e.line,
                e.message.contains("explanation") || e.message.contains("may only use"),
            )
        })
        .collect();
    assert_eq!(lines, vec![(2, true), (1, true)], "{errors:#?}");
}

#[test]
fn one_bad_question_does_not_hide_the_good_ones() {
    let toml = format!("{CHOICE}\n{}\n{SHORT}", ORDER.replace("items = [", "itemz = ["));
    let (quiz, errors) = validate_quiz_block(&toml, 1);
    let ids: Vec<&str> = quiz.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, vec!["image-vs-container", "list-all"]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

#[test]
fn a_duplicate_id_in_one_block_is_reported_once() {
    let toml = format!(
        "{CHOICE}\n{}",
        SHORT.replace("id = \"list-all\"", "id = \"image-vs-container\"")
    );
    let (quiz, errors) = validate_quiz_block(&toml, 1);
    assert_eq!(quiz.questions.len(), 1);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0]
            .message
            .contains("duplicate question id `image-vs-container` (first used at line 2)")
    );
}

#[test]
fn malformed_text_never_panics() {
    let all = [CHOICE, MULTI, SHORT, ORDER, MATCH].concat();
    let mut cut = 0;
    for (i, _) in all.char_indices() {
        let (_, errors) = validate_quiz_block(&all[..i], 3);
        cut += usize::from(!errors.is_empty());
        for e in &errors {
            assert!(e.line >= 3 && !e.message.is_empty());
        }
    }
    assert!(cut > 0);
    for garbage in [
        "",
        "questions = 3",
        "[[questions]]",
        "questions = [1, 2]",
        "x = 1",
        "\u{0}\u{ffff}",
        "questions = []",
        "[[questions]]\nid = \"a\"\ntype = \"predict\"\nprompt = \"p\"\ntarget = \"start_order\"\nscenario = 5",
        "[[questions]]\nid = \"a\"\ntype = \"match\"\nprompt = \"p\"\nexplanation = \"e\"\npairs = [{ term = \"x\" }, 3]",
        "[[questions]]\nid = \"a\"\ntype = \"predict\"\nprompt = \"p\"\ntarget = \"cached_steps\"\n[questions.scenario]\nrun = [\"docker build .\"]",
    ] {
        let (quiz, errors) = validate_quiz_block(garbage, 1);
        assert!(quiz.questions.is_empty());
        assert!(!errors.is_empty(), "{garbage:?}");
    }
}

// ---- English texts of options, items, pairs and distractors --------------------------

const CHOICE_EN: &str = r#"[[questions]]
id = "choice-en"
type = "choice"
prompt = "옳은 것은?"
prompt_en = "Which is true?"
explanation = "이미지는 불변입니다."
answer = [0, 3]
options = [
  { text = "이미지는 불변이다", text_en = "An image is immutable" },
  { text = "이미지는 실행 중에 바뀐다", text_en = " An image changes while it runs ", why = "읽기 전용입니다.", why_en = "It is read-only." },
  { text = "컨테이너는 이미지를 지운다", why = "지우지 않습니다." },
  "RUN",
]
"#;

const ORDER_EN: &str = r#"[[questions]]
id = "order-en"
type = "order"
prompt = "순서대로 놓으세요."
explanation = "Dockerfile → 이미지 → 컨테이너."
items = [
  { text = "Dockerfile 작성", text_en = "Write the Dockerfile" },
  { text = "docker build로 이미지", text_en = "Build an image with docker build", why = "이미지는 Dockerfile로 만듭니다." },
  "docker run",
]
"#;

const MATCH_EN: &str = r#"[[questions]]
id = "match-en"
type = "match"
prompt = "짝지으세요."
explanation = "각 파일의 역할입니다."
pairs = [
  { term = "Dockerfile", term_en = "Dockerfile", description = "이미지 하나를 만드는 방법", description_en = "How to build one image" },
  { term = "빌드 컨텍스트", term_en = "Build context", description = "빌드에 보내는 폴더" },
  { term = ".dockerignore", description = "빌드 컨텍스트에서 뺄 파일", description_en = "Files to leave out of the build context" },
]
distractors = ["쿠버네티스 배포", "이미지 태그"]
distractors_en = ["A Kubernetes deployment", "An image tag"]
"#;

#[test]
fn a_choice_option_takes_english_text_and_a_plain_string_stays_korean_only() {
    let quiz = parse(CHOICE_EN);
    let QuestionKind::MultipleChoice(c) = &only(&quiz).kind else {
        panic!()
    };
    let texts: Vec<(&str, Option<&str>)> = c
        .options
        .iter()
        .map(|o| (o.text.as_str(), o.text_en.as_deref()))
        .collect();
    assert_eq!(
        texts,
        vec![
            ("이미지는 불변이다", Some("An image is immutable")),
            (
                "이미지는 실행 중에 바뀐다",
                Some("An image changes while it runs")
            ),
            ("컨테이너는 이미지를 지운다", None),
            ("RUN", None),
        ]
    );
    assert_eq!(c.options[1].why_en.as_deref(), Some("It is read-only."));
}

#[test]
fn an_order_item_takes_english_text() {
    let quiz = parse(ORDER_EN);
    let QuestionKind::Order(o) = &only(&quiz).kind else {
        panic!()
    };
    let texts: Vec<Option<&str>> = o.items.iter().map(|i| i.text_en.as_deref()).collect();
    assert_eq!(
        texts,
        vec![
            Some("Write the Dockerfile"),
            Some("Build an image with docker build"),
            None
        ]
    );
    assert_eq!(o.items[2].text, "docker run");
}

#[test]
fn a_match_pair_and_its_distractors_take_english() {
    let quiz = parse(MATCH_EN);
    let q = only(&quiz);
    let QuestionKind::Match(m) = &q.kind else { panic!() };
    assert_eq!(m.pairs[1].term_en.as_deref(), Some("Build context"));
    assert_eq!(m.pairs[2].term_en, None);
    assert_eq!(
        m.pairs[0].description_en.as_deref(),
        Some("How to build one image")
    );
    assert_eq!(m.pairs[1].description_en, None);
    assert_eq!(m.distractors_en, vec!["A Kubernetes deployment", "An image tag"]);
    assert_eq!(
        m.descriptions_in(true),
        vec![
            "How to build one image",
            "빌드에 보내는 폴더",
            "Files to leave out of the build context",
            "A Kubernetes deployment",
            "An image tag",
        ],
        "English where given, Korean otherwise, in the order of descriptions()"
    );
    assert_eq!(m.descriptions_in(false), m.descriptions());
    assert!(grade(q, &q.model_response()).correct);
}

#[test]
fn without_distractors_en_the_distractors_stay_korean_in_english() {
    let quiz = parse(MATCH);
    let QuestionKind::Match(m) = &only(&quiz).kind else {
        panic!()
    };
    assert!(m.distractors_en.is_empty());
    assert_eq!(m.descriptions_in(true), m.descriptions());
}

#[test]
fn distractors_en_of_another_length_names_its_line() {
    let toml = MATCH_EN.replace(
        "distractors_en = [\"A Kubernetes deployment\", \"An image tag\"]",
        "distractors_en = [\"A Kubernetes deployment\"]",
    );
    let (line, message) = error(&toml);
    assert_eq!(line, 21, "the distractors_en line");
    assert!(
        message.contains("`distractors_en` has 1 entry while `distractors` has 2"),
        "{message}"
    );
    let toml = MATCH.replace(
        "distractors = [\"쿠버네티스 배포\"]",
        "distractors = [\"쿠버네티스 배포\"]\ndistractors_en = [\"A\", \"B\"]",
    );
    let (line, message) = error(&toml);
    assert_eq!(line, 21);
    assert!(
        message.contains("`distractors_en` has 2 entries while `distractors` has 1"),
        "{message}"
    );
}

#[test]
fn distractors_en_does_not_belong_outside_a_match() {
    let toml = CHOICE.replace("answer = [0]", "answer = [0]\ndistractors_en = [\"x\"]");
    let (line, message) = error(&toml);
    assert_eq!(line, 17);
    assert!(
        message.contains("`distractors_en` does not belong in a `choice` question"),
        "{message}"
    );
}

#[test]
fn an_empty_english_text_names_its_line() {
    let toml = ORDER_EN.replace("text_en = \"Write the Dockerfile\"", "text_en = \" \"");
    let (line, message) = error(&toml);
    assert_eq!(line, 16);
    assert!(message.contains("`text_en` is empty"), "{message}");
    let toml = MATCH_EN.replace("term_en = \"Build context\"", "term_en = \"\"");
    let (line, message) = error(&toml);
    assert_eq!(line, 17);
    assert!(message.contains("`term_en` is empty"), "{message}");
    let toml = MATCH_EN.replace("\"An image tag\"", "\"\"");
    let (line, message) = error(&toml);
    assert_eq!(line, 21);
    assert!(message.contains("`distractors_en` is empty"), "{message}");
}

#[test]
fn english_texts_that_repeat_are_reported_like_korean_ones() {
    let toml = CHOICE_EN.replace(
        "text_en = \" An image changes while it runs \"",
        "text_en = \"an image is  immutable\"",
    );
    let (line, message) = error(&toml);
    assert_eq!(line, 19);
    assert!(
        message.contains("English option 1 repeats English option 0"),
        "{message}"
    );
    let toml = MATCH_EN.replace("\"An image tag\"", "\"How to build one image\"");
    let (line, message) = error(&toml);
    assert_eq!(line, 20);
    assert!(
        message.contains("English description 4 repeats English description 0"),
        "{message}"
    );
}

#[test]
fn english_texts_survive_a_postcard_round_trip() {
    let quiz = parse(
        &[CHOICE_EN, ORDER_EN, MATCH_EN]
            .concat()
            .replace("[[questions]]", "\n[[questions]]"),
    );
    let bytes = postcard::to_allocvec(&quiz).expect("encodes");
    let back: Quiz = postcard::from_bytes(&bytes).expect("decodes");
    assert_eq!(back, quiz);
}

// ---- predict: the engine computes the answer --------------------------------------------

/// The paper's mistake: `COPY . /app` before `pip install`, so editing main.py re-runs the
/// install. Setup builds once and edits main.py; the run builds again.
const CACHED_STEPS: &str = r#"[[questions]]
id = "cache-after-edit"
type = "predict"
target = "cached_steps"
prompt = "main.py만 고친 뒤 다시 빌드하면 어떤 단계가 CACHED일까요?"

[questions.scenario]
kind = "console"
files = { "requirements.txt" = "flask\n", "main.py" = "print(1)\n" }
setup = [
  "printf 'FROM python:3.10\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . /app\nRUN python -m compileall .\nCMD [\"python\", \"main.py\"]\n' > Dockerfile",
  "docker build -t myapp .",
  "echo 'print(2)' > main.py",
]
run = ["docker build -t myapp ."]
"#;

fn replay(scenario: &Scenario) -> Host {
    let mut host = Host::new(14).with_files(&scenario.project, scenario.files.iter().cloned());
    for line in scenario.setup.iter().chain(&scenario.run) {
        host.run(line);
    }
    host
}

#[test]
fn cached_steps_are_the_ones_the_engine_reports_cached() {
    let quiz = parse(CACHED_STEPS);
    let q = only(&quiz);
    let QuestionKind::Predict(Prediction {
        scenario,
        target: PredictTarget::CachedSteps(choice),
    }) = &q.kind
    else {
        panic!("{q:?}")
    };
    // The options are the final build's steps, in order, never shuffled.
    let report = replay(scenario).last_build().cloned().expect("a build ran");
    let texts: Vec<String> = report
        .steps
        .iter()
        .map(|s| format!("[{}] {}", s.label, s.instruction))
        .collect();
    let options: Vec<&str> = choice.options.iter().map(|o| o.text.as_str()).collect();
    assert_eq!(options, texts);
    assert!(!choice.shuffle);
    assert!(q.multiple_select());
    assert_eq!(q.display_order(99), (0..texts.len()).collect::<Vec<_>>());
    // The answer is what the engine reports as cached …
    let engine: Vec<usize> = report
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.cached)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(choice.answer, engine);
    // … which is everything before `COPY . /app`; it and every later step ran again.
    let cached: Vec<&str> = choice
        .answer
        .iter()
        .map(|&i| report.steps[i].instruction.as_str())
        .collect();
    assert_eq!(
        cached,
        vec![
            "WORKDIR /app",
            "COPY requirements.txt .",
            "RUN pip install -r requirements.txt"
        ]
    );
    let copy = report
        .steps
        .iter()
        .position(|s| s.instruction == "COPY . /app")
        .expect("COPY . /app");
    assert!(report.steps[copy..].iter().all(|s| !s.cached));
    // Each option explains itself from the engine's reason; picking a ran step as cached shows it.
    let g = grade(q, &Response::Choice((0..texts.len()).collect()));
    assert!(!g.correct);
    assert!(g.explanation.contains("main.py"), "{}", g.explanation);
    assert!(grade(q, &q.model_response()).correct);
    assert!(
        q.explanation.contains("COPY . /app"),
        "generated explanation: {}",
        q.explanation
    );
    assert!(q.explanation_en.is_some());
}

#[test]
fn copying_requirements_first_is_what_keeps_pip_install_cached() {
    // The same edit against the paper's original Dockerfile (COPY . first): nothing after FROM
    // is cached, and "none" is a legitimate answer.
    let toml = CACHED_STEPS.replace(
        r"WORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . /app\nRUN python -m compileall .\n",
        r"COPY . /app\nWORKDIR /app\nRUN pip install -r requirements.txt\n",
    );
    let quiz = parse(&toml);
    let q = only(&quiz);
    let QuestionKind::Predict(Prediction {
        scenario,
        target: PredictTarget::CachedSteps(choice),
    }) = &q.kind
    else {
        panic!()
    };
    let report = replay(scenario).last_build().cloned().expect("a build ran");
    assert!(report.steps.iter().all(|s| !s.cached), "{report:?}");
    assert!(choice.answer.is_empty());
    assert!(grade(q, &Response::Choice(vec![])).correct);
    assert!(!grade(q, &Response::Choice(vec![1])).correct);
}

const STATE_EXIT: &str = r#"[[questions]]
id = "stop-sleep"
type = "predict"
target = "state_exit"
container = "sleeper"
prompt = "`docker stop sleeper` 뒤 컨테이너의 상태와 종료 코드는?"
explanation = "sleep은 PID 1로서 SIGTERM을 무시하므로 10초 뒤 SIGKILL로 종료됩니다 (128 + 9 = 137)."

[questions.scenario]
setup = ["docker run -d --name sleeper alpine sleep 300"]
run = ["docker stop sleeper"]
"#;

#[test]
fn state_and_exit_code_come_from_the_engine() {
    let quiz = parse(STATE_EXIT);
    let q = only(&quiz);
    let QuestionKind::Predict(Prediction {
        scenario,
        target: PredictTarget::StateExit(answer),
    }) = &q.kind
    else {
        panic!("{q:?}")
    };
    let host = replay(scenario);
    let c = host
        .containers()
        .iter()
        .find(|c| c.name == "sleeper")
        .expect("sleeper exists");
    assert_eq!((answer.state, answer.exit), (c.state(), c.exit_code));
    assert_eq!(
        (answer.state, answer.exit),
        (State::Exited, 137),
        "SIGKILL after the grace period"
    );
    assert!(answer.states.contains(&answer.state));
    assert!(answer.exit_codes.contains(&answer.exit));
    assert!(answer.exit_codes.windows(2).all(|w| w[0] < w[1]));

    assert!(
        grade(
            q,
            &Response::StateExit {
                state: State::Exited,
                exit: 137
            }
        )
        .correct
    );
    let g = grade(
        q,
        &Response::StateExit {
            state: State::Exited,
            exit: 143,
        },
    );
    assert!(!g.correct);
    assert_eq!(
        g.partial,
        Partial::StateExit {
            state: true,
            exit: false
        }
    );
    assert!(g.explanation.contains("SIGTERM"), "{}", g.explanation);
    assert_eq!(
        q.explanation_en, None,
        "an authored explanation replaces the generated one"
    );
}

#[test]
fn state_exit_defaults_to_the_newest_container_and_reads_a_failing_run() {
    let toml = r#"[[questions]]
id = "exit-3"
type = "predict"
target = "state_exit"
prompt = "종료 코드는?"
[questions.scenario]
run = ["docker run --name quick alpine sh -c 'exit 3'"]
"#;
    let quiz = parse(toml);
    let q = only(&quiz);
    let QuestionKind::Predict(Prediction {
        scenario,
        target: PredictTarget::StateExit(answer),
    }) = &q.kind
    else {
        panic!()
    };
    let host = replay(scenario);
    let newest = host.containers().last().expect("a container");
    assert_eq!(answer.container, newest.name);
    assert_eq!((answer.state, answer.exit), (newest.state(), newest.exit_code));
    assert_eq!(answer.exit, 3);
    assert!(q.explanation.contains("quick"), "{}", q.explanation);
}

const START_ORDER: &str = r#"[[questions]]
id = "compose-order"
type = "predict"
target = "start_order"
prompt = "`docker compose up -d`가 서비스를 시작하는 순서는?"

[questions.scenario]
run = ["docker compose up -d"]

[questions.scenario.files]
"compose.yaml" = """
services:
  web:
    image: nginx
    depends_on:
      - api
  api:
    image: python:3.10
    command: ["python", "-m", "http.server"]
    depends_on:
      - db
      - cache
  db:
    image: postgres
    environment:
      POSTGRES_PASSWORD: example
  cache:
    image: redis
"""
"#;

#[test]
fn start_order_follows_what_compose_up_printed_with_tiers_as_ties() {
    let quiz = parse(START_ORDER);
    let q = only(&quiz);
    let QuestionKind::Predict(Prediction {
        scenario,
        target: PredictTarget::StartOrder(order),
    }) = &q.kind
    else {
        panic!("{q:?}")
    };
    let mut host = Host::new(14).with_files(&scenario.project, scenario.files.iter().cloned());
    let up = host.run("docker compose up -d");
    let started: Vec<String> = up
        .stderr
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            l.strip_prefix("Container myapp-")?
                .strip_suffix("-1 Started")
                .map(str::to_string)
        })
        .collect();
    let items: Vec<&str> = order.items.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(items, started, "items in the order the engine started them");
    let tiers = host.compose_view().expect("a compose file").tiers;
    for (item, rank) in items.iter().zip(&order.ranks) {
        assert!(
            tiers[*rank].iter().any(|s| s == item),
            "{item} is in tier {rank}: {tiers:?}"
        );
    }
    assert_eq!(
        order.ranks.iter().filter(|&&r| r == 0).count(),
        2,
        "db and cache start together"
    );

    // Either order of the first tier is right; web before api is not.
    let pos = |name: &str| items.iter().position(|i| *i == name).expect("started");
    let (db, cache, api, web) = (pos("db"), pos("cache"), pos("api"), pos("web"));
    assert!(grade(q, &Response::Order(vec![db, cache, api, web])).correct);
    assert!(grade(q, &Response::Order(vec![cache, db, api, web])).correct);
    let g = grade(q, &Response::Order(vec![db, cache, web, api]));
    assert_eq!(g.partial, Partial::Order(vec![true, true, false, false]));
    assert!(g.notes.iter().any(|n| n.text.contains("`api`")), "{g:?}");
    for seed in 0..20 {
        assert!(!grade(q, &Response::Order(q.display_order(seed))).correct);
    }
}

#[test]
fn a_failing_setup_line_names_its_markdown_line() {
    let toml = STATE_EXIT.replace(
        "setup = [\"docker run -d --name sleeper alpine sleep 300\"]",
        "setup = [\n  \"docker run -d --name sleeper alpine sleep 300\",\n  \"docker bild .\",\n]",
    );
    let (line, message) = error(&toml);
    assert_eq!(line, 21);
    assert!(message.contains("`docker bild .` failed with exit"), "{message}");
}

#[test]
fn a_predict_scenario_that_gives_no_answer_is_an_error() {
    let not_a_build =
        CACHED_STEPS.replace("run = [\"docker build -t myapp .\"]", "run = [\"docker images\"]");
    let (line, message) = error(&not_a_build);
    assert_eq!(line, 24);
    assert!(message.contains("must be `docker build"), "{message}");

    let missing = STATE_EXIT.replace("container = \"sleeper\"", "container = \"nobody\"");
    let (line, message) = error(&missing);
    assert_eq!(line, 10, "the question as a whole");
    assert!(message.contains("no container `nobody`"), "{message}");

    let flat = START_ORDER
        .replace("    depends_on:\n      - api\n", "")
        .replace("    depends_on:\n      - db\n      - cache\n", "");
    let (_, message) = error(&flat);
    assert!(message.contains("no order to predict"), "{message}");

    let unknown = STATE_EXIT.replace("state_exit", "logs");
    let (line, message) = error(&unknown);
    assert_eq!(line, 13);
    assert!(message.contains("unknown predict target `logs`"), "{message}");
}

// ---- Leitner review ---------------------------------------------------------------------

#[test]
fn right_answers_climb_the_boxes_with_doubling_intervals() {
    let mut store = Store::new();
    let mut today = day_number(2025, 12, 8).expect("a real date");
    let mut seen = Vec::new();
    for _ in 0..6 {
        let p = store.record("q", true, today);
        seen.push((p.r#box, p.due - today));
        today = p.due;
    }
    assert_eq!(seen, vec![(2, 2), (3, 4), (4, 8), (5, 16), (5, 16), (5, 16)]);
    assert_eq!(INTERVALS, [1, 2, 4, 8, 16]);
}

#[test]
fn a_wrong_answer_goes_back_to_box_one_due_tomorrow() {
    let mut store = Store::new();
    let today = 20_000;
    store.record("q", true, today);
    store.record("q", true, today + 2);
    let p = store.record("q", false, today + 6);
    assert_eq!((p.r#box, p.due, p.last_correct), (1, today + 7, false));
    let first = store.record("new", false, today);
    assert_eq!((first.r#box, first.due), (1, today + 1));
}

#[test]
fn answering_early_does_not_move_a_question_up() {
    let mut store = Store::new();
    let p = store.record("q", true, 100);
    let again = store.record("q", true, 101);
    assert_eq!((again.r#box, again.due), (p.r#box, p.due));
    assert_eq!(again.last_review, Some(101));
}

#[test]
fn due_today_lists_overdue_first_then_by_id() {
    let mut store = Store::new();
    store.record("b", false, 10); // due 11
    store.record("a", false, 10); // due 11
    store.record("c", false, 8); // due 9
    store.record("d", true, 10); // due 12
    assert_eq!(store.due_today(8), Vec::<String>::new());
    assert_eq!(store.due_today(10), vec!["c"]);
    assert_eq!(store.due_today(11), vec!["c", "a", "b"]);
    assert_eq!(store.due_today(12), vec!["c", "a", "b", "d"]);
}

#[test]
fn day_numbers_are_calendar_dates() {
    assert_eq!(day_number(1970, 1, 1), Some(0));
    assert_eq!(day_number(2000, 3, 1), Some(11_017));
    assert_eq!(day_number(2024, 2, 29).map(calendar_date), Some((2024, 2, 29)));
    assert_eq!(day_number(2025, 2, 29), None);
    assert_eq!(day_number(2025, 13, 1), None);
    for day in -1000..30_000 {
        let (y, m, d) = calendar_date(day);
        assert_eq!(day_number(y, m, d), Some(day));
    }
    let paper = day_number(2025, 12, 8).expect("date");
    assert_eq!(day_number(2025, 12, 9), Some(paper + 1));
    assert_eq!(day_number(2026, 1, 1), Some(paper + 24));
}

#[test]
fn the_store_round_trips_through_its_text() {
    let mut store = Store::new();
    store.record("p14-a", true, 20_430);
    store.record("p14-b", false, 20_430);
    store.record("odd id %#\n한", true, 20_431);
    let text = store.to_text();
    assert_eq!(text.lines().next(), Some("paperlab-review 1"));
    assert!(text.contains("\np14-a 2 20432 1 20430\n"), "{text}");
    assert!(
        text.contains("odd%20id%20%25%23%0A%ED%95%9C 2 20433 1 20431"),
        "one word per id: {text}"
    );
    assert_eq!(migrate(&text), Ok(store.clone()));
    let commented = text.replace(
        "paperlab-review 1\n",
        "\npaperlab-review 1\r\n# saved by hand\n\n",
    );
    assert_eq!(migrate(&commented), Ok(store));
    let empty = Store::new();
    assert_eq!(migrate(&empty.to_text()), Ok(empty));
}

#[test]
fn a_version_zero_map_is_upgraded() {
    let store = migrate(r#" {"p14-a": true, "p14-b" :false, "p\u00e9\"q": true} "#).expect("v0 migrates");
    assert_eq!(store.schema_version, 1);
    let a = store.get("p14-a").expect("a");
    assert_eq!((a.r#box, a.last_correct, a.last_review), (2, true, None));
    assert_eq!(store.get("p14-b").map(|b| b.r#box), Some(1));
    assert!(store.get("p\u{e9}\"q").is_some());
    assert_eq!(store.due_today(0).len(), 3, "no dates: everything is due at once");
    assert_eq!(migrate("{}"), Ok(Store::new()));
    // And it is saved in the current version from then on.
    assert_eq!(migrate(&store.to_text()), Ok(store));
}

#[test]
fn garbage_is_rejected_with_a_reason() {
    let cases = [
        ("", "the text is empty"),
        ("   \n ", "the text is empty"),
        ("hello", "starts with `hello`"),
        ("[1, 2]", "starts with `[1, 2]`"),
        ("{not json", "expected `\"` at byte 1, found `n`"),
        (r#"{"a": 3}"#, "expected `true` or `false`"),
        (r#"{"a": true"#, "expected `,` or `}`, the text ends"),
        (r#"{"a": true} x"#, "expected the end of the text"),
        (r#"{"a: true}"#, "a string is never closed"),
        (r#"{"a" true}"#, "expected `:` at byte 5, found `t`"),
        ("paperlab-review 9\n", "version 9, newer"),
        ("paperlab-review x\n", "bad version `x`"),
        ("paperlab-review 0\n", "unknown version 0"),
        ("paperlab-review 1\na 9 1 1 -\n", "line 2: `a` is in box `9`"),
        (
            "paperlab-review 1\na 1 1 1\n",
            "expected `id box due last reviewed`",
        ),
        ("paperlab-review 1\na 1 soon 1 -\n", "`soon` is not a day number"),
        ("paperlab-review 1\na 1 1 yes -\n", "neither 1 nor 0"),
        ("paperlab-review 1\na%zz 1 1 1 -\n", "bad id"),
        (
            "paperlab-review 1\na 1 1 1 -\n\na 2 1 1 -\n",
            "line 4: `a` appears twice",
        ),
        ("\u{0}\u{ffff}", "not a review store"),
    ];
    for (text, expected) in cases {
        match migrate(text) {
            Ok(store) => panic!("{text:?} was accepted: {store:?}"),
            Err(e) => assert!(e.to_string().contains(expected), "{text:?}: {e}"),
        }
    }
}
