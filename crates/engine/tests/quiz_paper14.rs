//! Quizzes inside a paper: an example block for weekly paper #14 with one question of each
//! type parses from the markdown with its real line numbers, `check_paper` / `check_library`
//! report problems as `FILE:LINE: message`, and every paper in content/ checks clean.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]

use engine::markdown::{Block, parse_markdown};
use engine::quiz::{
    PredictTarget, Prediction, QuestionKind, Response, check_library, check_paper, grade, paper_quizzes,
    quiz_fences,
};

/// Part 01 and 02 of paper #14 with the example quiz the paper will carry.
const PAPER: &str = r#"## 📘 [AI] 위클리페이퍼 #14

> **작성일**: 2025년 12월 8일
> **작성자**: 이유노

## 🔹 01. Docker 이미지(Image)와 컨테이너(Container)의 차이를 설명해보세요.

> **Image는 ‘어떻게 실행할지’이고, Container는 ‘실제로 실행된 결과’입니다.**

```quiz
[[questions]]
id = "p14-image-vs-container"
type = "choice"
prompt = "Docker 이미지와 컨테이너에 대한 설명으로 옳은 것을 **모두** 고르세요."
prompt_en = "Pick **every** true statement about images and containers."
explanation = "이미지는 불변(Immutable) 템플릿이고, 컨테이너는 그 이미지 위에 쓰기 가능한 계층을 얹어 실행한 인스턴스입니다. 하나의 이미지로 여러 컨테이너를 만들 수 있습니다."
answer = [0, 2]
options = [
  "이미지는 실행되지 않는 불변 템플릿이다",
  { text = "컨테이너 안에서 파일을 바꾸면 이미지도 바뀐다", why = "바뀐 내용은 컨테이너의 쓰기 계층에만 남고, 이미지는 그대로입니다." },
  "하나의 이미지로 여러 컨테이너를 실행할 수 있다",
  { text = "컨테이너를 삭제하면 그 이미지도 함께 삭제된다", why = "컨테이너를 지워도 이미지는 남습니다. 이미지는 `docker rmi`로 따로 지웁니다." },
]

[[questions]]
id = "p14-list-all-containers"
type = "short"
prompt = "종료된 컨테이너까지 **모두** 보여 주는 명령을 쓰세요."
explanation = "`docker ps`는 실행 중인 컨테이너만 보여 줍니다. `-a`(`--all`)를 붙여야 종료된 컨테이너도 나옵니다."
accept = ["docker ps -a", "docker ps --all", "docker container ls -a", "docker container ls --all"]
mistakes = [
  { answer = "docker ps", why = "실행 중인 컨테이너만 보여 줍니다. 종료된 것까지 보려면 `-a`가 필요합니다." },
  { answer = "docker images", why = "컨테이너가 아니라 이미지 목록입니다." },
]

[[questions]]
id = "p14-build-run-flow"
type = "order"
prompt = "애플리케이션이 실행되기까지의 흐름을 순서대로 놓으세요."
explanation = "Dockerfile을 `docker build`하면 이미지가 되고, 이미지를 `docker run`하면 컨테이너가 됩니다."
items = [
  "Dockerfile 작성",
  { text = "`docker build`로 이미지 생성", why = "이미지는 Dockerfile을 빌드해서 만듭니다." },
  { text = "`docker run`으로 컨테이너 실행", why = "컨테이너는 이미 있는 이미지로부터 만들어집니다." },
]

[[questions]]
id = "p14-image-container-terms"
type = "match"
prompt = "왼쪽 개념과 오른쪽 설명을 짝지으세요."
explanation = "표의 ‘비유’ 행처럼 이미지는 클래스, 컨테이너는 객체(인스턴스)에 해당합니다."
pairs = [
  { term = "Image", description = "정적인 템플릿 (클래스)", why = "이미지는 실행되지 않는 설계도입니다." },
  { term = "Container", description = "동적인 실행 인스턴스 (객체)", why = "컨테이너는 이미지를 실행한 결과입니다." },
  { term = "Dockerfile", description = "이미지를 만드는 방법을 적은 파일" },
]
distractors = ["여러 컨테이너의 실행 관계를 적은 파일"]
```

## 🔹 02. Docker Compose는 어떤 상황에서 유용하며, Dockerfile과 어떤 차이가 있나요?

```quiz
[[questions]]
id = "p14-cache-after-editing-main"
type = "predict"
target = "cached_steps"
prompt = "의존성을 먼저 복사하도록 고친 Dockerfile로 한 번 빌드한 뒤, `main.py`만 고치고 다시 빌드합니다. 두 번째 빌드에서 **CACHED**로 표시될 단계를 모두 고르세요."
prompt_en = "After one build, only `main.py` changes. Which steps of the second build are **CACHED**?"

[questions.scenario]
kind = "console"
setup = [
  "docker build -t myapp .",
  "echo 'print(\"hello again\")' > main.py",
]
run = ["docker build -t myapp ."]

[questions.scenario.files]
"Dockerfile" = """
FROM python:3.10
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "main.py"]
"""
"requirements.txt" = "flask\n"
"main.py" = "print(\"hello\")\n"

[[questions]]
id = "p14-stop-sleeping-container"
type = "predict"
target = "state_exit"
container = "sleeper"
prompt = "`sleep 300`을 실행하는 컨테이너에 `docker stop`을 보냈습니다. 컨테이너의 상태와 종료 코드는?"
explanation = "PID 1로 실행된 `sleep`은 SIGTERM을 무시합니다. `docker stop`은 10초를 기다린 뒤 SIGKILL을 보내므로 종료 코드는 128 + 9 = 137입니다."

[questions.scenario]
setup = ["docker run -d --name sleeper alpine sleep 300"]
run = ["docker stop sleeper"]

[[questions]]
id = "p14-compose-start-order"
type = "predict"
target = "start_order"
prompt = "`docker compose up -d`가 서비스를 **시작하는** 순서대로 놓으세요."

[questions.scenario]
run = ["docker compose up -d"]

[questions.scenario.files]
"compose.yaml" = """
services:
  api:
    image: python:3.10
    command: ["python", "-m", "http.server", "8000"]
    ports:
      - "8000:8000"
    depends_on:
      - redis
  redis:
    image: redis:latest
"""
```
"#;

/// 1-based line of the n-th occurrence (from 0) of `needle` in the paper.
fn line_of(text: &str, needle: &str, n: usize) -> usize {
    let (offset, _) = text.match_indices(needle).nth(n).expect("needle present");
    1 + text[..offset].matches('\n').count()
}

#[test]
fn the_paper_14_example_quiz_parses_with_real_lines() {
    assert_eq!(check_paper(PAPER, "weekly-paper-14.md"), vec![]);
    let (quizzes, errors) = paper_quizzes(PAPER, "weekly-paper-14.md");
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(quizzes.len(), 2);
    assert_eq!(quizzes[0].line, line_of(PAPER, "```quiz", 0) + 1);
    let questions: Vec<_> = quizzes.iter().flat_map(|q| &q.questions).collect();
    let types: Vec<&str> = questions.iter().map(|q| q.type_name()).collect();
    assert_eq!(
        types,
        [
            "choice", "short", "order", "match", "predict", "predict", "predict"
        ]
    );
    for (n, q) in questions.iter().enumerate() {
        assert_eq!(q.line, line_of(PAPER, "[[questions]]", n), "{}", q.id);
        assert!(
            q.prompt.chars().any(|c| ('가'..='힣').contains(&c)),
            "Korean prompt: {}",
            q.id
        );
        assert!(!q.explanation.is_empty(), "{}", q.id);
        assert!(grade(q, &q.model_response()).correct, "{}", q.id);
    }
}

#[test]
fn the_paper_14_quiz_predictions_are_answered_by_the_engine() {
    let (quizzes, _) = paper_quizzes(PAPER, "weekly-paper-14.md");
    for q in quizzes.iter().flat_map(|q| &q.questions) {
        let QuestionKind::Predict(Prediction { scenario, target }) = &q.kind else {
            continue;
        };
        let (host, outcomes) = scenario.play().expect("the scenario runs");
        match target {
            PredictTarget::CachedSteps(choice) => {
                let report = host.last_build().expect("a build");
                let cached: Vec<usize> = (0..report.steps.len())
                    .filter(|&i| report.steps[i].cached)
                    .collect();
                assert_eq!(choice.answer, cached);
                // Copying requirements first keeps pip install cached; `COPY . .` re-runs.
                let ran: Vec<&str> = report
                    .steps
                    .iter()
                    .filter(|s| !s.cached)
                    .map(|s| s.instruction.as_str())
                    .collect();
                assert_eq!(ran, ["COPY . ."]);
            }
            PredictTarget::StateExit(answer) => {
                let c = host
                    .containers()
                    .iter()
                    .find(|c| c.name == answer.container)
                    .expect("container");
                assert_eq!((answer.state, answer.exit), (c.state(), c.exit_code));
                assert_eq!(answer.exit, 137);
            }
            PredictTarget::StartOrder(order) => {
                let up = &outcomes[0].stderr;
                let redis = up.find("Container myapp-redis-1 Started").expect("redis started");
                let api = up.find("Container myapp-api-1 Started").expect("api started");
                assert!(redis < api);
                let items: Vec<&str> = order.items.iter().map(|i| i.text.as_str()).collect();
                assert_eq!(items, ["redis", "api"]);
                assert!(!grade(q, &Response::Order(vec![1, 0])).correct);
            }
        }
    }
}

#[test]
fn a_broken_quiz_block_is_reported_at_its_file_line_and_the_next_block_still_parses() {
    let broken = PAPER.replacen("type = \"choice\"", "type = \"choise\"", 1);
    let errors = check_paper(&broken, "weekly-paper-14.md");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let line = line_of(&broken, "type = \"choise\"", 0);
    assert_eq!(
        errors[0].to_string(),
        format!(
            "weekly-paper-14.md:{line}: unknown question type `choise`; expected one of choice, short, order, match, predict"
        )
    );
    let (quizzes, _) = paper_quizzes(&broken, "weekly-paper-14.md");
    assert_eq!(quizzes[0].questions.len(), 3, "the other questions of the block");
    assert_eq!(quizzes[1].questions.len(), 3, "the next block");

    let unparsable = PAPER.replacen("answer = [0, 2]", "answer = [0, 2", 1);
    let errors = check_paper(&unparsable, "p.md");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].line >= line_of(&unparsable, "answer = [0, 2", 0),
        "{}",
        errors[0]
    );
    assert_eq!(paper_quizzes(&unparsable, "p.md").0[1].questions.len(), 3);
}

#[test]
fn quiz_ids_must_be_unique_across_papers() {
    let other = "# 15\n\n```quiz\n[[questions]]\nid = \"p14-list-all-containers\"\ntype = \"short\"\nprompt = \"?\"\nexplanation = \"!\"\naccept = [\"x\"]\n```\n";
    let errors = check_library(&[("weekly-paper-14.md", PAPER), ("weekly-paper-15.md", other)]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let first = line_of(PAPER, "[[questions]]", 1);
    assert_eq!(
        errors[0].to_string(),
        format!(
            "weekly-paper-15.md:4: duplicate question id `p14-list-all-containers` (first used at weekly-paper-14.md:{first})"
        )
    );
}

#[test]
fn quiz_fences_are_the_quiz_code_blocks_of_the_lesson_tree() {
    let text = format!(
        "{PAPER}\n````markdown\n```quiz\nnot = \"a quiz\"\n```\n````\n\n> ```quiz\n> [[questions]]\n> id = \"q\"\n> ```\n"
    );
    let fences = quiz_fences(&text);
    let mut tree = Vec::new();
    collect_quiz_code(&parse_markdown(&text), &mut tree);
    let fence_texts: Vec<&str> = fences.iter().map(|f| f.text.trim_end()).collect();
    assert_eq!(fence_texts, tree.iter().map(|t| t.trim_end()).collect::<Vec<_>>());
    assert_eq!(
        fences.len(),
        3,
        "two in the paper, one in a quote; none inside the markdown example"
    );
    let quoted = &fences[2];
    assert_eq!(quoted.fence_line, line_of(&text, "> ```quiz", 0));
    assert_eq!(quoted.text, "[[questions]]\nid = \"q\"\n");
}

fn collect_quiz_code(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Code {
                lang: Some(lang),
                text,
            } if lang == "quiz" => out.push(text.clone()),
            Block::Quote(inner) => collect_quiz_code(inner, out),
            Block::List { items, .. } => items.iter().for_each(|item| collect_quiz_code(item, out)),
            _ => {}
        }
    }
}

#[test]
fn every_quiz_in_content_checks_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let mut papers = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("content/ exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = path.file_name().expect("name").to_string_lossy().into_owned();
            papers.push((name, std::fs::read_to_string(&path).expect("readable")));
        }
    }
    assert!(!papers.is_empty());
    let errors = check_library(&papers);
    assert!(
        errors.is_empty(),
        "{}",
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}
