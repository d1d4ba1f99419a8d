//! The app shell: preferences, header, and routes.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::Header;
use crate::pages::home::Home;
use crate::pages::lesson::LessonPage;
use crate::pages::not_found::NotFound;
use crate::{links, prefs::Prefs};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Prefs::install());
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
