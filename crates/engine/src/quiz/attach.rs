//! Quizzes in a lesson's tree: each ```` ```quiz ```` code block is replaced, at build time, by
//! its parsed questions (or its authoring errors, with their lines), and every prediction
//! carries the transcript of its scenario as the engine plays it, so the browser can show
//! what really happened without running anything.

use serde::{Deserialize, Serialize};

use super::{QuestionKind, Quiz, quiz_fences, validate_quiz_block};
use crate::markdown::Block;

/// A quiz block as the lesson carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizBlock {
    /// The questions that parsed.
    pub quiz: Quiz,
    /// Authoring errors: (line in the paper, message). The page shows them where the block is.
    pub errors: Vec<(usize, String)>,
    /// For each prediction (by question id): its scenario's run lines and what the console
    /// printed for each, as the engine played them.
    pub transcripts: Vec<(String, Vec<(String, String)>)>,
}

/// Replaces the quiz code blocks of `blocks` (parsed from `markdown`) by [`Block::Quiz`].
pub fn attach_quizzes(blocks: &mut [Block], markdown: &str) {
    let mut fences = quiz_fences(markdown).into_iter();
    replace(blocks, &mut fences);
}

fn replace(blocks: &mut [Block], fences: &mut impl Iterator<Item = super::QuizFence>) {
    for block in blocks.iter_mut() {
        match block {
            Block::Code { lang: Some(lang), .. } if lang == "quiz" => {
                if let Some(fence) = fences.next() {
                    *block = Block::Quiz(Box::new(quiz_block(&fence.text, fence.first_line)));
                }
            }
            Block::Quote(inner) => replace(inner, fences),
            Block::List { items, .. } => {
                for item in items {
                    replace(item, fences);
                }
            }
            _ => {}
        }
    }
}

/// Parses one block's TOML (its first line in the paper given) and plays its predictions.
pub fn quiz_block(text: &str, first_line: usize) -> QuizBlock {
    let (quiz, problems) = validate_quiz_block(text, first_line);
    let transcripts = quiz
        .questions
        .iter()
        .filter_map(|q| match &q.kind {
            QuestionKind::Predict(p) => {
                let (_, outcomes) = p.scenario.play().ok()?;
                let lines = p
                    .scenario
                    .run
                    .iter()
                    .zip(outcomes)
                    .map(|(line, outcome)| (line.clone(), outcome.terminal_text()))
                    .collect();
                Some((q.id.clone(), lines))
            }
            _ => None,
        })
        .collect();
    QuizBlock {
        quiz,
        errors: problems.into_iter().map(|e| (e.line, e.message)).collect(),
        transcripts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::parse_lesson;

    #[test]
    fn a_quiz_fence_becomes_its_questions_and_a_broken_one_its_errors_with_lines() {
        let md = "# T\n\n## 🔹 01. One\n\ntext\n\n```quiz\n[[questions]]\nid = \"a\"\ntype = \"short\"\nprompt = \"명령은?\"\nexplanation = \"ps\"\naccept = [\"docker ps\"]\n```\n\n```quiz\n[[questions]]\nid = \"b\"\ntype = \"choice\"\nprompt = \"?\"\nexplanation = \"x\"\nanswer = [7]\noptions = [\"a\"]\n```\n";
        let lesson = parse_lesson("t", md);
        let quizzes: Vec<&QuizBlock> = lesson.parts[0]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Quiz(q) => Some(q.as_ref()),
                _ => None,
            })
            .collect();
        assert_eq!(quizzes.len(), 2);
        assert_eq!(quizzes[0].quiz.questions[0].id, "a");
        assert!(quizzes[0].errors.is_empty());
        assert!(quizzes[1].quiz.questions.is_empty());
        assert!(!quizzes[1].errors.is_empty());
        assert!(
            (16..=24).contains(&quizzes[1].errors[0].0),
            "{:?}",
            quizzes[1].errors
        );
    }

    #[test]
    fn a_prediction_carries_the_engines_transcript() {
        let toml = "[[questions]]\nid = \"stop\"\ntype = \"predict\"\ntarget = \"state_exit\"\nprompt = \"?\"\nexplanation = \"x\"\n[questions.scenario]\nsetup = [\"docker run -d --name sleeper alpine sleep 300\"]\nrun = [\"docker stop sleeper\"]\n";
        let block = quiz_block(toml, 10);
        assert!(block.errors.is_empty(), "{:?}", block.errors);
        assert_eq!(block.transcripts.len(), 1);
        let (id, lines) = &block.transcripts[0];
        assert_eq!(id, "stop");
        assert_eq!(
            lines,
            &[("docker stop sleeper".to_string(), "sleeper\n".to_string())]
        );
    }
}
