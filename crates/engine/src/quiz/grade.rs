//! Grading a learner's response: pure functions over the parsed model, no TOML, so the browser
//! grades what the lesson bundle carries.

use serde::{Deserialize, Serialize};

use super::{
    MatchPair, Matching, MultipleChoice, Ordering, PredictTarget, Prediction, Question, QuestionKind,
    ShortAnswer, StateExit,
};
use crate::host::State;

/// What the learner answered. Indices always refer to the model's order (options, items,
/// descriptions as the question holds them), never to the shuffled display positions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    /// The options picked (`choice`, and `predict` with `cached_steps`; empty = "none").
    Choice(Vec<usize>),
    /// The text typed (`short`).
    Short(String),
    /// The items in the learner's order, first to last (`order`, and `start_order`).
    Order(Vec<usize>),
    /// For each term, the description picked for it (`match`); `None` = left unpaired.
    Match(Vec<Option<usize>>),
    /// The state and exit code picked (`predict` with `state_exit`).
    StateExit {
        /// The state picked.
        state: State,
        /// The exit code picked.
        exit: i32,
    },
}

/// How a response went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    /// Whether it is right (a multiple-answer choice needs exactly the right set).
    pub correct: bool,
    /// What to show: the explanation of the wrong option chosen (the first, when several), or
    /// the explanation of the right answer.
    pub explanation: String,
    /// The same in English, when the content has it.
    pub explanation_en: Option<String>,
    /// Item by item, where the question has items.
    pub partial: Partial,
    /// An explanation for each item the learner got wrong that has one, in item order.
    pub notes: Vec<Note>,
}

/// Item-by-item results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Partial {
    /// Nothing item by item (a short answer).
    None,
    /// Per option, in the model's order.
    Choice(Vec<OptionMark>),
    /// Per position of the learner's order: whether the item placed there belongs there.
    Order(Vec<bool>),
    /// Per term, in the model's order.
    Match(Vec<PairMark>),
    /// Which half of a state/exit prediction is right.
    StateExit {
        /// The state is right.
        state: bool,
        /// The exit code is right.
        exit: bool,
    },
    /// The response does not fit the question (wrong kind, index out of range, an order
    /// that is not a permutation): a stale saved answer or a UI bug, never the learner's fault.
    Unfit(String),
}

/// One option of a graded choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionMark {
    /// The learner picked it.
    pub chosen: bool,
    /// It is a correct option.
    pub correct: bool,
}

/// One term of a graded match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairMark {
    /// The description the learner gave it.
    pub chosen: Option<usize>,
    /// Whether that is its description.
    pub right: bool,
}

/// The explanation attached to one item the learner got wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The option, item (model index) or term it is about.
    pub item: usize,
    /// The explanation.
    pub text: String,
    /// In English, when there is one.
    pub text_en: Option<String>,
}

/// Grades a response to a question. Never panics: a response that does not fit the question
/// is graded wrong with [`Partial::Unfit`].
pub fn grade(question: &Question, response: &Response) -> Grade {
    let mut grade = match (&question.kind, response) {
        (QuestionKind::MultipleChoice(c), Response::Choice(picked))
        | (
            QuestionKind::Predict(Prediction {
                target: PredictTarget::CachedSteps(c),
                ..
            }),
            Response::Choice(picked),
        ) => grade_choice(c, picked),
        (QuestionKind::ShortAnswer(s), Response::Short(text)) => grade_short(s, text),
        (QuestionKind::Order(o), Response::Order(order))
        | (
            QuestionKind::Predict(Prediction {
                target: PredictTarget::StartOrder(o),
                ..
            }),
            Response::Order(order),
        ) => grade_order(o, order),
        (QuestionKind::Match(m), Response::Match(chosen)) => grade_match(m, chosen),
        (
            QuestionKind::Predict(Prediction {
                target: PredictTarget::StateExit(s),
                ..
            }),
            Response::StateExit { state, exit },
        ) => grade_state_exit(s, *state, *exit),
        (_, other) => unfit(format!(
            "a {} response does not answer a {} question",
            response_name(other),
            question.type_name()
        )),
    };
    if grade.explanation.is_empty() {
        grade.explanation.clone_from(&question.explanation);
        grade.explanation_en.clone_from(&question.explanation_en);
    }
    grade
}

fn response_name(response: &Response) -> &'static str {
    match response {
        Response::Choice(_) => "choice",
        Response::Short(_) => "short",
        Response::Order(_) => "order",
        Response::Match(_) => "match",
        Response::StateExit { .. } => "state/exit",
    }
}

/// A grade with no explanation yet ([`grade`] fills in the question's).
fn verdict(correct: bool, partial: Partial) -> Grade {
    Grade {
        correct,
        explanation: String::new(),
        explanation_en: None,
        partial,
        notes: Vec::new(),
    }
}

fn unfit(message: String) -> Grade {
    verdict(false, Partial::Unfit(message))
}

/// Uses the first note as the explanation of a wrong answer.
fn explain_with_first_note(grade: &mut Grade) {
    if !grade.correct
        && let Some(note) = grade.notes.first()
    {
        grade.explanation.clone_from(&note.text);
        grade.explanation_en.clone_from(&note.text_en);
    }
}

fn grade_choice(choice: &MultipleChoice, picked: &[usize]) -> Grade {
    let n = choice.options.len();
    if let Some(bad) = picked.iter().find(|&&i| i >= n) {
        return unfit(format!("option {bad} does not exist (there are {n})"));
    }
    let marks: Vec<OptionMark> = (0..n)
        .map(|i| OptionMark {
            chosen: picked.contains(&i),
            correct: choice.answer.contains(&i),
        })
        .collect();
    let correct = marks.iter().all(|m| m.chosen == m.correct);
    let mut grade = verdict(correct, Partial::Choice(marks.clone()));
    // Wrong picks first: the explanation shown is the one for the wrong option chosen.
    let wrong_picks = marks.iter().enumerate().filter(|(_, m)| m.chosen && !m.correct);
    let missed = marks.iter().enumerate().filter(|(_, m)| !m.chosen && m.correct);
    for (i, _) in wrong_picks.chain(missed) {
        let option = &choice.options[i];
        if let Some(why) = &option.why {
            grade.notes.push(Note {
                item: i,
                text: why.clone(),
                text_en: option.why_en.clone(),
            });
        }
    }
    explain_with_first_note(&mut grade);
    grade.notes.sort_by_key(|n| n.item);
    grade
}

/// The canonical form of a typed answer: full-width ASCII folded to ASCII (`ｄｏｃｋｅｒ`),
/// zero-width characters dropped, every run of whitespace (the ideographic space U+3000
/// included) made one space, trimmed, surrounding backticks removed, lower-cased.
pub fn normalize_answer(text: &str) -> String {
    let folded: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'))
        .map(|c| match c {
            // Full-width forms of ASCII `!`..`~` sit 0xFEE0 above it.
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect();
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_matches('`').trim().to_lowercase()
}

/// [`normalize_answer`] with all spacing removed: what short answers are compared by, since
/// Korean spacing varies from writer to writer (`읽기 전용` = `읽기전용`).
pub fn compact_answer(text: &str) -> String {
    normalize_answer(text).split_whitespace().collect()
}

fn grade_short(short: &ShortAnswer, text: &str) -> Grade {
    let given = compact_answer(text);
    let correct = !given.is_empty() && short.accept.iter().any(|a| compact_answer(a) == given);
    let mut grade = verdict(correct, Partial::None);
    if !correct
        && let Some((i, mistake)) = short
            .mistakes
            .iter()
            .enumerate()
            .find(|(_, m)| compact_answer(&m.answer) == given)
    {
        grade.notes.push(Note {
            item: i,
            text: mistake.why.clone(),
            text_en: mistake.why_en.clone(),
        });
    }
    explain_with_first_note(&mut grade);
    grade
}

fn grade_order(ordering: &Ordering, order: &[usize]) -> Grade {
    let n = ordering.items.len();
    let mut seen = vec![false; n];
    let is_permutation = order.len() == n
        && order
            .iter()
            .all(|&i| i < n && !std::mem::replace(&mut seen[i], true));
    if !is_permutation {
        return unfit(format!(
            "an order must place each of the {n} items once, got {order:?}"
        ));
    }
    // The rank that belongs at each position is the rank of the position in a right order.
    let mut wanted: Vec<usize> = ordering.ranks.clone();
    wanted.sort_unstable();
    let rank = |i: usize| ordering.ranks.get(i).copied().unwrap_or(i);
    let positions: Vec<bool> = order
        .iter()
        .zip(&wanted)
        .map(|(&item, &want)| rank(item) == want)
        .collect();
    let correct = positions.iter().all(|&p| p);
    let mut grade = verdict(correct, Partial::Order(positions.clone()));
    let mut misplaced: Vec<usize> = order
        .iter()
        .zip(&positions)
        .filter(|(_, right)| !**right)
        .map(|(&item, _)| item)
        .collect();
    misplaced.sort_unstable();
    for item in misplaced {
        let entry = &ordering.items[item];
        if let Some(why) = &entry.why {
            grade.notes.push(Note {
                item,
                text: why.clone(),
                text_en: entry.why_en.clone(),
            });
        }
    }
    explain_with_first_note(&mut grade);
    grade
}

fn grade_match(matching: &Matching, chosen: &[Option<usize>]) -> Grade {
    let terms = matching.pairs.len();
    let descriptions = terms + matching.distractors.len();
    if chosen.len() != terms {
        return unfit(format!(
            "a match answer needs one entry per term ({terms}), got {}",
            chosen.len()
        ));
    }
    if let Some(bad) = chosen.iter().flatten().find(|&&d| d >= descriptions) {
        return unfit(format!(
            "description {bad} does not exist (there are {descriptions})"
        ));
    }
    let marks: Vec<PairMark> = chosen
        .iter()
        .enumerate()
        .map(|(term, &chosen)| PairMark {
            chosen,
            right: chosen == Some(term),
        })
        .collect();
    let correct = marks.iter().all(|m| m.right);
    let mut grade = verdict(correct, Partial::Match(marks.clone()));
    for (term, mark) in marks.iter().enumerate() {
        let MatchPair { why, why_en, .. } = &matching.pairs[term];
        if !mark.right
            && let Some(why) = why
        {
            grade.notes.push(Note {
                item: term,
                text: why.clone(),
                text_en: why_en.clone(),
            });
        }
    }
    explain_with_first_note(&mut grade);
    grade
}

fn grade_state_exit(answer: &StateExit, state: State, exit: i32) -> Grade {
    let state_right = state == answer.state;
    let exit_right = exit == answer.exit;
    let mut grade = verdict(
        state_right && exit_right,
        Partial::StateExit {
            state: state_right,
            exit: exit_right,
        },
    );
    if !exit_right {
        let (ko, en) = exit_code_meaning(exit);
        let (right_ko, right_en) = exit_code_meaning(answer.exit);
        grade.notes.push(Note {
            item: 0,
            text: format!(
                "종료 코드 {exit}: {ko}. 이 컨테이너의 종료 코드는 {}: {right_ko}.",
                answer.exit
            ),
            text_en: Some(format!(
                "Exit code {exit} would mean {en}. This container's is {}: {right_en}.",
                answer.exit
            )),
        });
    }
    grade
}

/// What an exit code says, in Korean and English (`137` → killed by SIGKILL, 128 + 9).
pub fn exit_code_meaning(code: i32) -> (String, String) {
    let signal = |n: i32| {
        let name = match n {
            1 => "SIGHUP",
            2 => "SIGINT",
            3 => "SIGQUIT",
            6 => "SIGABRT",
            9 => "SIGKILL",
            15 => "SIGTERM",
            _ => "",
        };
        let name = if name.is_empty() {
            format!("{n}")
        } else {
            format!("{name}({n})")
        };
        (
            format!("시그널 {name}로 종료됨 (128 + {n})"),
            format!("killed by signal {name}: 128 + {n}"),
        )
    };
    match code {
        0 => ("정상 종료".to_string(), "a normal exit".to_string()),
        1 => ("일반 오류로 종료".to_string(), "a general error".to_string()),
        2 => (
            "잘못된 사용(셸 문법 오류 등)".to_string(),
            "misuse (a shell syntax error, …)".to_string(),
        ),
        125 => (
            "docker 명령 자체의 실패".to_string(),
            "docker itself failed".to_string(),
        ),
        126 => (
            "명령을 실행할 수 없음".to_string(),
            "the command cannot be executed".to_string(),
        ),
        127 => ("명령을 찾을 수 없음".to_string(), "command not found".to_string()),
        129..=192 => signal(code - 128),
        _ => (
            "프로그램이 정한 종료 코드".to_string(),
            "the program's own exit status".to_string(),
        ),
    }
}
