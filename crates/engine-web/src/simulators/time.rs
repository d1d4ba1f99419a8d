//! Time control for the lab's virtual clock: play / pause / step / speed, undo and reset.

use leptos::prelude::*;

use crate::i18n::tr;
use crate::lab::Lab;

/// The clock bar.
#[component]
pub fn TimeControls(lab: Lab) -> impl IntoView {
    let playing = RwSignal::new(false);
    let speed = RwSignal::new(1.0_f64);
    let handle = StoredValue::new(None::<IntervalHandle>);

    // 10 ticks a second while playing; each tick moves the clock by speed × 0.1 s.
    Effect::new(move |_| {
        if let Some(h) = handle.get_value() {
            h.clear();
            handle.set_value(None);
        }
        if playing.get() {
            let step = speed.get() * 0.1;
            let h =
                set_interval_with_handle(move || lab.advance(step), std::time::Duration::from_millis(100))
                    .ok();
            handle.set_value(h);
        }
    });
    on_cleanup(move || {
        if let Some(h) = handle.get_value() {
            h.clear();
        }
    });

    let clock = move || {
        let ms = lab.snapshot.with(|s| s.elapsed_ms);
        format!("T+{}:{:02}.{}", ms / 60_000, ms / 1000 % 60, ms / 100 % 10)
    };
    view! {
        <div class="time-controls" role="group" aria-label=tr(|u| u.time_label)>
            <span class="clock" data-testid="clock" title=tr(|u| u.clock_help)>{clock}</span>
            <button type="button" class="tool-button" data-testid="play"
                aria-pressed=move || playing.get().to_string()
                on:click=move |_| playing.update(|p| *p = !*p)>
                {move || if playing.get() { "⏸" } else { "▶" }}
            </button>
            <button type="button" class="tool-button" data-testid="step" title=tr(|u| u.step_help)
                on:click=move |_| lab.advance(1.0)>"+1s"</button>
            <button type="button" class="tool-button" title=tr(|u| u.step_help)
                on:click=move |_| lab.advance(10.0)>"+10s"</button>
            <select class="speed" aria-label=tr(|u| u.speed_label)
                on:change=move |ev| speed.set(event_target_value(&ev).parse().unwrap_or(1.0))>
                <option value="1">"1×"</option>
                <option value="2">"2×"</option>
                <option value="5">"5×"</option>
                <option value="10">"10×"</option>
            </select>
            <span class="spacer"></span>
            <button type="button" class="tool-button" data-testid="undo"
                disabled=move || lab.journal.with(Vec::is_empty)
                on:click=move |_| lab.undo()>{tr(|u| u.undo)}</button>
            <button type="button" class="tool-button" data-testid="reset"
                on:click=move |_| { playing.set(false); lab.reset(); }>{tr(|u| u.reset)}</button>
        </div>
    }
}
