//! Quizzes written inside a paper as ```` ```quiz ```` fenced blocks: the question model, its
//! TOML format, grading, content checks and the learner's Leitner review schedule.
//!
//! A block holds one or more `[[questions]]` (the shape follows `mdbook-quiz-schema`; keys are
//! snake_case). Every question has an `id` unique across the content, a `type`, a markdown
//! `prompt` (Korean; `prompt_en` optional) and an `explanation` of the right answer
//! (`explanation_en` optional); what else it needs depends on its type:
//!
//! ```toml
//! [[questions]]
//! id = "p14-image-vs-container"       # letters, digits, '-', '_', '.'
//! type = "choice"                     # choice | short | order | match | predict
//! prompt = "이미지와 컨테이너의 관계로 옳은 것은?"
//! explanation = "이미지는 읽기 전용 템플릿이고, 컨테이너는 그 위에 쓰기 계층을 얹어 실행한 것입니다."
//! answer = [0]                        # indices of the right options: [0] or [0, 2] (or 0)
//! shuffle = true                      # default; the order is a function of a seed
//! options = [
//!   "이미지는 불변 템플릿이고 컨테이너는 그 실행 인스턴스다",         # a right option: text alone
//!   { text = "컨테이너를 지우면 이미지도 지워진다", why = "이미지는 남습니다." },  # wrong: `why` required
//!   # every table form takes English too: text_en, why_en (optional)
//! ]
//!
//! [[questions]]
//! id = "p14-list-all"
//! type = "short"
//! prompt = "멈춘 컨테이너까지 모두 보려면?"
//! explanation = "`-a`(--all)가 있어야 종료된 컨테이너도 나옵니다."
//! accept = ["docker ps -a", "docker ps --all", "docker container ls -a"]
//! mistakes = [{ answer = "docker ps", why = "실행 중인 컨테이너만 보여줍니다." }]   # optional
//!
//! [[questions]]
//! id = "p14-build-flow"
//! type = "order"
//! prompt = "순서대로 놓으세요."
//! explanation = "Dockerfile을 빌드하면 이미지가, 이미지를 실행하면 컨테이너가 됩니다."
//! items = ["Dockerfile", "docker build → 이미지", "docker run → 컨테이너"]  # the right order
//!
//! [[questions]]
//! id = "p14-terms"
//! type = "match"
//! prompt = "용어와 설명을 짝지으세요."
//! explanation = "…"
//! pairs = [
//!   { term = "Dockerfile", description = "이미지를 만드는 방법", why = "optional" },
//!   { term = "compose.yaml", description = "여러 컨테이너의 관계",
//!     term_en = "compose.yaml", description_en = "How several containers relate" },  # optional
//! ]
//! distractors = ["쿠버네티스 매니페스트"]   # optional descriptions that match no term
//! distractors_en = ["A Kubernetes manifest"]  # optional; one per distractor when given
//!
//! [[questions]]
//! id = "p14-cache-after-edit"
//! type = "predict"
//! target = "cached_steps"             # cached_steps | state_exit | start_order
//! # container = "sleeper"             # state_exit only; default: the newest container
//! prompt = "main.py만 고치고 다시 빌드하면 어떤 단계가 CACHED일까요?"
//! # explanation is optional for predict: the engine writes one from the run when it is left out
//! [questions.scenario]
//! kind = "console"                    # the only kind so far (the default)
//! # project = "myapp"                 # the folder's name (the default); compose names use it
//! files = { "main.py" = "print(1)\n" } # optional: the project folder before the first line
//! setup = ["…", "docker build -t myapp ."]   # context; every line must exit 0
//! run = ["docker build -t myapp ."]   # the lines the question asks about
//! ```
//!
//! A predict question's answer is never written by hand: [`parse_quiz_block`] runs the scenario
//! on a fresh [`Host::new(14)`](crate::host::Host::new) and reads the answer from the engine
//! (`cached_steps`: which steps of the last build were cached, options generated from the build;
//! `state_exit`: `docker inspect` of `container` (default: the newest container);
//! `start_order`: the order `docker compose up` started the services, services of the same
//! dependency tier in any order).
//!
//! Parsing (TOML) happens at build time; everything else here (the model, [`grade`],
//! [`Question::display_order`], [`review`]) is plain data and code the browser runs.
//! The model is externally tagged serde (not `#[serde(tag = "type")]`) because the lesson
//! bundle is postcard, which cannot decode internally tagged enums.

pub mod attach;
mod check;
mod grade;
mod parser;
mod predict;
pub mod review;

use serde::{Deserialize, Serialize};

use crate::host::State;

pub use check::{CheckError, QuizFence, check_library, check_paper, paper_quizzes, quiz_fences};
pub use grade::{
    Grade, Note, OptionMark, PairMark, Partial, Response, compact_answer, exit_code_meaning, grade,
    normalize_answer,
};
pub use parser::{QuizError, parse_quiz_block, validate_quiz_block};
pub use predict::{SCENARIO_SEED, ScenarioError};
pub use review::{Progress, Store, StoreError, migrate};

/// One ```` ```quiz ```` block: its questions in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    /// The markdown line where the block's TOML begins (the line after the fence).
    pub line: usize,
    /// The questions, in order.
    pub questions: Vec<Question>,
}

/// One question as the learner sees it, with everything needed to grade it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable id, unique across the content: the key of the learner's progress.
    pub id: String,
    /// The markdown line of its `[[questions]]` header.
    pub line: usize,
    /// The question, markdown, in Korean.
    pub prompt: String,
    /// The question in English, when the author gave one.
    pub prompt_en: Option<String>,
    /// Why the right answer is right (markdown); shown after answering.
    pub explanation: String,
    /// The explanation in English, when there is one.
    pub explanation_en: Option<String>,
    /// What kind of question it is, with its options and answer.
    pub kind: QuestionKind,
}

/// The kinds of question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuestionKind {
    /// `type = "choice"`: pick one or several options.
    MultipleChoice(MultipleChoice),
    /// `type = "short"`: type a short answer.
    ShortAnswer(ShortAnswer),
    /// `type = "order"`: put items in order.
    Order(Ordering),
    /// `type = "match"`: pair each term with its description.
    Match(Matching),
    /// `type = "predict"`: predict what the simulator does; the answer came from running it.
    Predict(Prediction),
}

/// Options, one or several of them correct.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MultipleChoice {
    /// The options as written (markdown).
    pub options: Vec<ChoiceOption>,
    /// Indices of the correct options, ascending. Empty only for a `cached_steps` prediction
    /// where no step was cached ("none of them" is then the answer).
    pub answer: Vec<usize>,
    /// Whether the options are shown in a seeded random order ([`Question::display_order`]).
    pub shuffle: bool,
}

/// One option of a multiple-choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    /// The option's text (markdown).
    pub text: String,
    /// `text` in English, when the author gave one.
    pub text_en: Option<String>,
    /// Why choosing it is wrong (required for a wrong option), or a note on a right one.
    pub why: Option<String>,
    /// `why` in English.
    pub why_en: Option<String>,
}

/// A typed answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortAnswer {
    /// Accepted answers; the first is the one shown as the model answer. Compared after
    /// [`normalize_answer`], ignoring spacing.
    pub accept: Vec<String>,
    /// Expected wrong answers with the explanation to show for each.
    pub mistakes: Vec<Mistake>,
}

/// A foreseen wrong answer to a short-answer question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mistake {
    /// The wrong answer (compared like accepted answers).
    pub answer: String,
    /// Why it is wrong.
    pub why: String,
    /// `why` in English.
    pub why_en: Option<String>,
}

/// Items to put in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ordering {
    /// The items in a right order.
    pub items: Vec<OrderItem>,
    /// Each item's rank; items of equal rank may come in either order (the services of one
    /// compose start tier). For an authored `order` question the ranks are 0, 1, 2, …
    pub ranks: Vec<usize>,
}

/// One item to order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItem {
    /// The item's text (markdown).
    pub text: String,
    /// `text` in English, when the author gave one.
    pub text_en: Option<String>,
    /// Shown when the learner puts it in a wrong place.
    pub why: Option<String>,
    /// `why` in English.
    pub why_en: Option<String>,
}

/// Terms to pair with descriptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matching {
    /// The right pairs, in the order written.
    pub pairs: Vec<MatchPair>,
    /// Descriptions that belong to no term.
    pub distractors: Vec<String>,
    /// The distractors in English: empty, or one per distractor in the same order.
    pub distractors_en: Vec<String>,
}

impl Matching {
    /// Every description the learner picks from: the pairs' descriptions (index = the pair's
    /// index), then the distractors.
    pub fn descriptions(&self) -> Vec<&str> {
        self.pairs
            .iter()
            .map(|p| p.description.as_str())
            .chain(self.distractors.iter().map(String::as_str))
            .collect()
    }

    /// [`Matching::descriptions`] in the learner's language: with `english`, each description's
    /// English where the author gave one (its Korean otherwise); the same order and indices.
    pub fn descriptions_in(&self, english: bool) -> Vec<&str> {
        if !english {
            return self.descriptions();
        }
        self.pairs
            .iter()
            .map(|p| p.description_en.as_deref().unwrap_or(&p.description))
            .chain(
                self.distractors
                    .iter()
                    .enumerate()
                    .map(|(i, d)| self.distractors_en.get(i).unwrap_or(d).as_str()),
            )
            .collect()
    }
}

/// A term and its description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchPair {
    /// The term (markdown).
    pub term: String,
    /// `term` in English, when the author gave one.
    pub term_en: Option<String>,
    /// Its description (markdown).
    pub description: String,
    /// `description` in English, when the author gave one.
    pub description_en: Option<String>,
    /// Shown when the learner pairs the term wrongly.
    pub why: Option<String>,
    /// `why` in English.
    pub why_en: Option<String>,
}

/// A simulator scenario and what the learner predicts about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prediction {
    /// What runs.
    pub scenario: Scenario,
    /// What is asked, with the answer the engine computed.
    pub target: PredictTarget,
}

/// A console scenario on a fresh host: files, then setup lines, then the lines asked about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// The project folder's name (`myapp` unless given).
    pub project: String,
    /// Files in the project folder before the first line: (name, content).
    pub files: Vec<(String, String)>,
    /// Lines that set the scene (shown to the learner as what already happened).
    pub setup: Vec<String>,
    /// The lines whose outcome the learner predicts.
    pub run: Vec<String>,
}

/// What a prediction asks, with the engine's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PredictTarget {
    /// Which steps of the last `docker build` come from the cache: the options are the
    /// build's steps in order (never shuffled), each with the engine's reason as `why`.
    CachedSteps(MultipleChoice),
    /// The state and exit code of a container after the run.
    StateExit(StateExit),
    /// The order `docker compose up` starts the services.
    StartOrder(Ordering),
}

/// The answer to a `state_exit` prediction and the choices offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateExit {
    /// The container asked about (its name).
    pub container: String,
    /// Its state after the run.
    pub state: State,
    /// Its exit code after the run (`docker inspect`'s `.State.ExitCode`; 0 while running).
    pub exit: i32,
    /// States to choose from (the answer among them).
    pub states: Vec<State>,
    /// Exit codes to choose from, ascending (the answer among them).
    pub exit_codes: Vec<i32>,
}

impl Question {
    /// The response that answers this question right (for "show the answer" and for checking
    /// that every stated answer grades correct).
    pub fn model_response(&self) -> Response {
        match &self.kind {
            QuestionKind::MultipleChoice(c)
            | QuestionKind::Predict(Prediction {
                target: PredictTarget::CachedSteps(c),
                ..
            }) => Response::Choice(c.answer.clone()),
            QuestionKind::ShortAnswer(s) => Response::Short(s.accept.first().cloned().unwrap_or_default()),
            QuestionKind::Order(o)
            | QuestionKind::Predict(Prediction {
                target: PredictTarget::StartOrder(o),
                ..
            }) => Response::Order((0..o.items.len()).collect()),
            QuestionKind::Match(m) => Response::Match((0..m.pairs.len()).map(Some).collect()),
            QuestionKind::Predict(Prediction {
                target: PredictTarget::StateExit(s),
                ..
            }) => Response::StateExit {
                state: s.state,
                exit: s.exit,
            },
        }
    }

    /// The order to show this question's options in, as indices into what the model holds:
    /// options of a shuffled choice, items of an order question (never already in a right
    /// order), descriptions of a match question ([`Matching::descriptions`]). Identity for an
    /// unshuffled choice and for build steps; empty for short answers and `state_exit`.
    ///
    /// Deterministic: the same `seed` and question id give the same order, and different ids
    /// give different orders for one seed.
    pub fn display_order(&self, seed: u64) -> Vec<usize> {
        let mut rng = seed ^ fnv1a(self.id.as_bytes());
        match &self.kind {
            QuestionKind::MultipleChoice(c) if c.shuffle => shuffled(c.options.len(), &mut rng),
            QuestionKind::MultipleChoice(c)
            | QuestionKind::Predict(Prediction {
                target: PredictTarget::CachedSteps(c),
                ..
            }) => (0..c.options.len()).collect(),
            QuestionKind::Order(o)
            | QuestionKind::Predict(Prediction {
                target: PredictTarget::StartOrder(o),
                ..
            }) => not_already_right(shuffled(o.items.len(), &mut rng), &o.ranks),
            QuestionKind::Match(m) => shuffled(m.pairs.len() + m.distractors.len(), &mut rng),
            QuestionKind::ShortAnswer(_)
            | QuestionKind::Predict(Prediction {
                target: PredictTarget::StateExit(_),
                ..
            }) => Vec::new(),
        }
    }

    /// Whether the options take several picks (checkboxes) rather than one (radio buttons): a
    /// choice with more than one correct option, and every `cached_steps` prediction (how many
    /// steps are cached is part of what the learner predicts).
    pub fn multiple_select(&self) -> bool {
        match &self.kind {
            QuestionKind::MultipleChoice(c) => c.answer.len() != 1,
            QuestionKind::Predict(Prediction {
                target: PredictTarget::CachedSteps(_),
                ..
            }) => true,
            _ => false,
        }
    }

    /// The `type` word the question was written with (`choice`, `predict`, …).
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            QuestionKind::MultipleChoice(_) => "choice",
            QuestionKind::ShortAnswer(_) => "short",
            QuestionKind::Order(_) => "order",
            QuestionKind::Match(_) => "match",
            QuestionKind::Predict(_) => "predict",
        }
    }
}

/// A permutation of `0..n` (Fisher–Yates over splitmix64).
fn shuffled(n: usize, rng: &mut u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (splitmix64(rng) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// Rotates `order` until it is not a right order for `ranks` (showing the answer as the
/// starting position would give it away). Reversed when no rotation will do.
fn not_already_right(mut order: Vec<usize>, ranks: &[usize]) -> Vec<usize> {
    let right = |order: &[usize]| {
        order
            .windows(2)
            .all(|w| ranks.get(w[0]).copied().unwrap_or(0) <= ranks.get(w[1]).copied().unwrap_or(0))
    };
    for _ in 0..order.len() {
        if !right(&order) {
            return order;
        }
        order.rotate_left(1);
    }
    if right(&order) {
        order.reverse();
    }
    order
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
