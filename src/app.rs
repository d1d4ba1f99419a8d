//! The app shell: preferences, header, and routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::lab::{Lab, Labs};
use crate::pages::home::Home;
use crate::pages::lesson::LessonPage;
use crate::pages::not_found::NotFound;
use crate::{content, links, prefs::Prefs};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Prefs::install());
    // One lab per lesson, owned by the app so it outlives page changes.
    let labs = match content::library() {
        Ok(lessons) => lessons
            .iter()
            .map(|l| (l.slug.as_str(), Lab::new(&l.slug)))
            .collect(),
        Err(_) => Vec::new(),
    };
    provide_context(Labs(labs));
    view! {
        <Router base=links::base()>
            <Header/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/paper/:slug") view=LessonPage/>
                    <Route path=path!("/paper/:slug/:part") view=LessonPage/>
                </Routes>
            </main>
        </Router>
    }
}
