//! Checking the content's quizzes like code: every ```` ```quiz ```` block of every paper
//! parses, ids are unique across papers, every question's stated answer grades correct and
//! every predict scenario runs. What `paperlab check DIR` prints.

use std::fmt;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::{Quiz, grade, validate_quiz_block};

/// A problem in a paper's quizzes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckError {
    /// The paper's file name, as given.
    pub file: String,
    /// 1-based line in the paper.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for CheckError {}

/// A ```` ```quiz ```` fenced block found in a paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuizFence {
    /// 1-based line of the opening fence.
    pub fence_line: usize,
    /// 1-based line where the TOML text begins (the line after the fence).
    pub first_line: usize,
    /// The block's text, as the markdown tree has it (a `Block::Code` with `lang` `quiz`).
    pub text: String,
}

/// Every fenced code block whose language is `quiz`, in document order, with its real lines.
/// Found with the same markdown parser and options as [`crate::markdown::parse_markdown`], so
/// the n-th fence here is the n-th `quiz` code block of the lesson's tree, also inside quotes
/// and list items.
pub fn quiz_fences(markdown: &str) -> Vec<QuizFence> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut fences = Vec::new();
    let mut open: Option<QuizFence> = None;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("quiz") =>
            {
                let fence_line = line_at(markdown, range.start);
                open = Some(QuizFence {
                    fence_line,
                    first_line: fence_line + 1,
                    text: String::new(),
                });
            }
            Event::Text(text) => {
                if let Some(fence) = &mut open {
                    fence.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => fences.extend(open.take()),
            _ => {}
        }
    }
    fences
}

/// The 1-based line of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count()
}

/// Every quiz of a paper, and every problem in them (`file` names the paper in the errors).
/// One quiz per fence, in order, so the n-th is the n-th `quiz` code block of the lesson's
/// markdown tree; each holds only the questions that are fine (the build refuses content with
/// errors, so in a shipped bundle that is all of them).
pub fn paper_quizzes(markdown: &str, file: &str) -> (Vec<Quiz>, Vec<CheckError>) {
    let mut quizzes = Vec::new();
    let mut errors = Vec::new();
    let at = |line: usize, message: String| CheckError {
        file: file.to_string(),
        line,
        message,
    };
    for fence in quiz_fences(markdown) {
        let (quiz, problems) = validate_quiz_block(&fence.text, fence.first_line);
        errors.extend(problems.into_iter().map(|e| at(e.line, e.message)));
        for question in &quiz.questions {
            let answer = grade(question, &question.model_response());
            if !answer.correct {
                errors.push(at(
                    question.line,
                    format!(
                        "question `{}`: its own answer does not grade correct",
                        question.id
                    ),
                ));
            }
        }
        quizzes.push(quiz);
    }
    errors.sort_by_key(|e| e.line);
    (quizzes, errors)
}

/// Checks one paper's quizzes: each block parses, ids are unique in the paper, every question
/// has a right answer that grades correct, every predict scenario runs and yields an answer.
pub fn check_paper(markdown: &str, file: &str) -> Vec<CheckError> {
    check_library(&[(file, markdown)])
}

/// Checks every paper (`(file name, markdown)`), and that question ids are unique across all
/// of them. Errors come paper by paper, by line, formatted `FILE:LINE: message`.
pub fn check_library<N: AsRef<str>, T: AsRef<str>>(papers: &[(N, T)]) -> Vec<CheckError> {
    let mut errors = Vec::new();
    // Ids seen so far, with where: (id, file, line).
    let mut seen: Vec<(String, String, usize)> = Vec::new();
    for (name, text) in papers {
        let file = name.as_ref();
        let (quizzes, mut problems) = paper_quizzes(text.as_ref(), file);
        for question in quizzes.iter().flat_map(|q| &q.questions) {
            match seen.iter().find(|(id, _, _)| *id == question.id) {
                Some((_, first_file, first_line)) => problems.push(CheckError {
                    file: file.to_string(),
                    line: question.line,
                    message: format!(
                        "duplicate question id `{}` (first used at {first_file}:{first_line})",
                        question.id
                    ),
                }),
                None => seen.push((question.id.clone(), file.to_string(), question.line)),
            }
        }
        problems.sort_by_key(|e| e.line);
        errors.extend(problems);
    }
    errors
}
