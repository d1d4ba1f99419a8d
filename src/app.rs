//! The app shell: preferences, header, and routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::pages::home::Home;
use crate::pages::lesson::LessonPage;
use crate::pages::not_found::NotFound;
use crate::pages::progress::ProgressPage;
use crate::progress::QuizProgress;
use crate::{links, prefs::Prefs};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Prefs::install());
    let progress = QuizProgress::install();
    view! {
        <Router base=links::base()>
            <Header/>
            <Notice progress=progress/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/paper/:slug") view=LessonPage/>
                    <Route path=path!("/paper/:slug/:part") view=LessonPage/>
                    <Route path=path!("/progress") view=ProgressPage/>
                </Routes>
            </main>
        </Router>
    }
}

/// A message about the learner's saved progress (set aside, imported), until dismissed.
#[component]
fn Notice(progress: QuizProgress) -> impl IntoView {
    move || {
        progress.notice.get().map(|message| {
            view! {
                <div class="notice" role="status" data-testid="notice">
                    <p>{message}</p>
                    <button type="button" class="tool-button" on:click=move |_| progress.notice.set(None)>
                        {crate::i18n::tr(|u| u.dismiss)}
                    </button>
                </div>
            }
        })
    }
}
