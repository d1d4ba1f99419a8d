//! Every user-interface string, in Korean (the default) and English, in one place.
//!
//! Papers themselves are not translated: they are the study group's own text.

use engine::Simulator;
use leptos::prelude::Get;

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 한국어, the default.
    Ko,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag, as stored and as set on `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    /// The language for a stored code; Korean for anything else.
    pub fn from_code(code: &str) -> Lang {
        if code == "en" { Lang::En } else { Lang::Ko }
    }

    /// The other language (what the toggle switches to).
    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }

    /// All strings in this language.
    pub fn ui(self) -> &'static Ui {
        match self {
            Lang::Ko => &KO,
            Lang::En => &EN,
        }
    }
}

/// The strings of the interface. A missing translation is a compile error.
pub struct Ui {
    /// Whether these are the Korean strings (for texts built from parts).
    pub korean: bool,
    /// Tagline under the brand on the home page.
    pub tagline: &'static str,
    /// Home page heading above the paper list.
    pub papers: &'static str,
    /// Link to the home page.
    pub home: &'static str,
    /// Label of the language toggle, naming the language it switches *to*.
    pub switch_lang: &'static str,
    /// Accessible name of the language toggle.
    pub switch_lang_label: &'static str,
    /// Theme toggle: following the system.
    pub theme_system: &'static str,
    /// Theme toggle: light.
    pub theme_light: &'static str,
    /// Theme toggle: dark.
    pub theme_dark: &'static str,
    /// Accessible name of the theme toggle.
    pub theme_label: &'static str,
    /// Metadata label: date written.
    pub date: &'static str,
    /// Metadata label: author.
    pub author: &'static str,
    /// Table of contents heading.
    pub contents: &'static str,
    /// "Section" before a number, e.g. "Section 01".
    pub section: &'static str,
    /// Name of the closing summary part.
    pub summary: &'static str,
    /// Previous-part link.
    pub previous: &'static str,
    /// Next-part link.
    pub next: &'static str,
    /// Accessible name of the previous / next navigation.
    pub pager: &'static str,
    /// Start-reading button on a paper card.
    pub start: &'static str,
    /// "N sections", with `{n}` standing for the number.
    pub sections_count: &'static str,
    /// Heading of the simulator panel.
    pub simulators: &'static str,
    /// Placeholder note under a simulator's name.
    pub coming_soon: &'static str,
    /// Not-found page title.
    pub not_found: &'static str,
    /// Not-found page text.
    pub not_found_text: &'static str,
    /// Skip link for keyboard users.
    pub skip_to_content: &'static str,
    /// Label of a code block's copy button.
    pub copy: &'static str,
    /// Shown after copying.
    pub copied: &'static str,
    /// Shown in place of a link whose target was removed for safety.
    pub unsafe_link: &'static str,
    /// Heading above raw HTML that is shown as text.
    pub raw_html: &'static str,
    /// The content index failed to load (an authoring error).
    pub content_error: &'static str,
    /// Hint shown at the top of the console.
    pub console_hint: &'static str,
    /// Accessible name of the console input.
    pub console_label: &'static str,
    /// Accessible name of the time controls.
    pub time_label: &'static str,
    /// Tooltip of the clock.
    pub clock_help: &'static str,
    /// Tooltip of the step buttons.
    pub step_help: &'static str,
    /// Accessible name of the speed menu.
    pub speed_label: &'static str,
    /// Undo button.
    pub undo: &'static str,
    /// Reset button.
    pub reset: &'static str,
    /// Label of the image menu.
    pub image_label: &'static str,
    /// Tooltip of the run-three-times button.
    pub three_help: &'static str,
    /// Shown when there are no containers.
    pub no_containers: &'static str,
    /// Why a button that would change nothing is disabled.
    pub no_change: &'static str,
    /// Heading of a container's writable layer.
    pub writable_layer: &'static str,
    /// Title of the state diagram.
    pub diagram_title: &'static str,
    /// "N layers": (one, many), `{n}` standing for the number.
    pub layers_count: (&'static str, &'static str),
    /// Shown while the simulator engine is fetched.
    pub engine_loading: &'static str,
    /// Shown when the simulator engine cannot be fetched.
    pub engine_failed: &'static str,
    /// A build step taken from the cache.
    pub cached: &'static str,
    /// A build step that ran.
    pub rerun: &'static str,
    /// The hint when the whole context is copied before dependencies are installed.
    pub cache_hint: &'static str,
    /// Heading of the rebuild cost comparison ({file} = the edited file).
    pub cost_title: &'static str,
    /// The current Dockerfile's cost.
    pub cost_now: &'static str,
    /// The reordered Dockerfile's cost.
    pub cost_reordered: &'static str,
    /// Number of steps ({n}).
    pub cost_steps: &'static str,
    /// Button applying the reordered Dockerfile.
    pub cost_apply: &'static str,
    /// Heading of the two-images comparison.
    pub compare_title: &'static str,
    /// Label of a layer both images use.
    pub shared: &'static str,
    /// The disk figure ({sum} stored twice, {disk} really, {shared} stored once).
    pub compare_disk: &'static str,
    /// "container {name}: writable layer".
    pub writable_of: &'static str,
    /// An empty writable layer.
    pub writable_empty: &'static str,
    /// Button running a container from the image.
    pub run_box: &'static str,
    /// Buttons writing to the container: new file, change an image file, delete one.
    pub layer_actions: [&'static str; 3],
    /// The image part of the stack.
    pub readonly_layers: &'static str,
    /// The compose view's filter group, and its three filters.
    pub compose_show: &'static str,
    /// Filter: published ports.
    pub compose_ports: &'static str,
    /// Filter: networks.
    pub compose_networks: &'static str,
    /// Filter: volumes.
    pub compose_volumes: &'static str,
    /// A service with no containers yet.
    pub compose_not_created: &'static str,
    /// Running but its healthcheck has not passed.
    pub compose_not_ready: &'static str,
    /// Screen-reader words for nodes.
    pub compose_network: &'static str,
    /// A volume node.
    pub compose_volume: &'static str,
    /// "built from".
    pub compose_built: &'static str,
    /// "depends on".
    pub compose_depends: &'static str,
    /// The graph's label.
    pub compose_graph_label: &'static str,
    /// Under the graph.
    pub compose_legend: &'static str,
    /// A container chip's tooltip.
    pub compose_show_card: &'static str,
    /// A quiz block's heading.
    pub quiz_title: &'static str,
    /// The block's score ({right}, {answered}, {n}).
    pub quiz_summary: &'static str,
    /// Heading of a malformed quiz block's errors.
    pub quiz_authoring: &'static str,
    /// Shows only the questions last answered wrong.
    pub quiz_retry_missed: &'static str,
    /// Shows every question again.
    pub quiz_show_all: &'static str,
    /// A right answer.
    pub quiz_right: &'static str,
    /// A wrong answer.
    pub quiz_wrong: &'static str,
    /// Caption of a prediction's replay.
    pub quiz_transcript: &'static str,
    /// Tries one question again.
    pub quiz_retry: &'static str,
    /// A question answered right before.
    pub quiz_was_right: &'static str,
    /// A question answered wrong before.
    pub quiz_was_wrong: &'static str,
    /// Submits an answer.
    pub quiz_check: &'static str,
    /// Hint for multiple answers.
    pub quiz_pick_all: &'static str,
    /// Label of a short-answer box.
    pub quiz_your_answer: &'static str,
    /// Label: the container's state.
    pub quiz_state: &'static str,
    /// Label: the exit code.
    pub quiz_exit_code: &'static str,
    /// The progress page's title.
    pub progress_title: &'static str,
    /// The header link to it.
    pub progress_nav: &'static str,
    /// A section's figures ({answered}, {right}, {n}).
    pub progress_figures: &'static str,
    /// Resets a section.
    pub progress_reset: &'static str,
    /// The review queue's heading.
    pub review_title: &'static str,
    /// How the queue works.
    pub review_hint: &'static str,
    /// An empty queue.
    pub review_empty: &'static str,
    /// Export/import heading.
    pub carry_title: &'static str,
    /// What export/import do.
    pub carry_hint: &'static str,
    /// Export button.
    pub export: &'static str,
    /// Import button.
    pub import: &'static str,
    /// After an import ({n}).
    pub import_done: &'static str,
    /// An import that failed.
    pub import_failed: &'static str,
    /// A corrupt store was set aside.
    pub store_set_aside: &'static str,
    /// Closes a notice.
    pub dismiss: &'static str,
    /// Cached-steps hint.
    pub quiz_none_cached: &'static str,
    /// Lines already run in a scenario.
    pub quiz_setup: &'static str,
    /// The lines asked about.
    pub quiz_then: &'static str,
    /// Heading of the questions coming back next.
    pub review_next: &'static str,
    /// While a lesson's text is fetched.
    pub lesson_loading: &'static str,
    /// When a lesson's text cannot be fetched.
    pub lesson_failed: &'static str,
    /// Filter: shrink the graph to the panel.
    pub compose_fit: &'static str,
    /// Rows left out of a long list ({n}).
    pub more_rows: &'static str,
    /// A build's totals ({n} steps, {cached}, {ran}).
    pub build_summary: &'static str,
    /// Heading of the local images list.
    pub images_heading: &'static str,
    /// Simulator names, in the order of `Simulator::ALL`.
    pub sim_names: [&'static str; 4],
    /// What each simulator lets the learner do, in the order of `Simulator::ALL`.
    pub sim_blurbs: [&'static str; 4],
}

impl Ui {
    /// A simulator's display name.
    pub fn simulator_name(&self, sim: Simulator) -> &'static str {
        self.sim_names[sim_index(sim)]
    }

    /// Why a build step ran, in this language.
    pub fn miss_reason(&self, reason: &engine::host::MissReason) -> String {
        use engine::host::MissReason as M;
        match (reason, self.korean) {
            (M::NoCache, _) => "--no-cache".to_string(),
            (M::FirstBuild, true) => "처음 빌드하는 단계".to_string(),
            (M::InstructionChanged, true) => "명령이 바뀜".to_string(),
            (M::EarlierStep, true) => "앞 단계가 바뀜".to_string(),
            (M::FilesChanged(names, 0), true) => format!("{} 변경됨", names.join(", ")),
            (M::FilesChanged(names, more), true) => format!("{} 외 {more}개 변경됨", names.join(", ")),
            (M::BuildArgs(names), true) => format!("build-arg {} 값이 바뀜", names.join(", ")),
            (M::NotInCache, true) => "빌드 캐시에 없음".to_string(),
            (other, false) => other.to_string(),
        }
    }

    /// "3 layers" / "레이어 3개".
    pub fn layers(&self, n: usize) -> String {
        let template = if n == 1 {
            self.layers_count.0
        } else {
            self.layers_count.1
        };
        template.replace("{n}", &n.to_string())
    }

    /// What the simulator will let the learner do.
    pub fn simulator_blurb(&self, sim: Simulator) -> &'static str {
        self.sim_blurbs[sim_index(sim)]
    }
}

fn sim_index(sim: Simulator) -> usize {
    Simulator::ALL.iter().position(|s| *s == sim).unwrap_or(0)
}

/// 한국어.
pub static KO: Ui = Ui {
    korean: true,
    tagline: "스터디 위클리페이퍼를 브라우저 속 시뮬레이터와 함께 읽는 인터랙티브 레슨",
    papers: "위클리페이퍼",
    home: "홈",
    switch_lang: "English",
    switch_lang_label: "Switch to English",
    theme_system: "시스템",
    theme_light: "라이트",
    theme_dark: "다크",
    theme_label: "테마 바꾸기",
    date: "작성일",
    author: "작성자",
    contents: "목차",
    section: "섹션",
    summary: "요약",
    previous: "이전",
    next: "다음",
    pager: "이전·다음 섹션",
    start: "읽기 시작",
    sections_count: "섹션 {n}개",
    simulators: "시뮬레이터",
    coming_soon: "준비 중 — 이 자리에 실습 시뮬레이터가 들어옵니다.",
    not_found: "페이지를 찾을 수 없습니다",
    not_found_text: "주소가 바뀌었거나 없는 페이퍼입니다.",
    skip_to_content: "본문으로 건너뛰기",
    copy: "복사",
    copied: "복사됨",
    unsafe_link: "안전하지 않은 링크라 주소를 뺐습니다",
    raw_html: "HTML (실행되지 않음)",
    content_error: "콘텐츠를 불러오지 못했습니다",
    console_hint: "docker 명령을 입력해 보세요 (예: docker run -d --name web nginx). help: 도움말, ↑/↓: 이전 명령, Tab: 자동 완성.",
    console_label: "docker 콘솔 명령 입력",
    time_label: "가상 시계",
    clock_help: "시뮬레이터 안의 시간입니다. 멈춰 있다가 sleep, 재생, +1s로만 흐릅니다.",
    step_help: "가상 시계를 앞으로",
    speed_label: "재생 속도",
    undo: "되돌리기",
    reset: "초기화",
    image_label: "이미지",
    three_help: "같은 이미지로 컨테이너 3개 실행 (클래스 하나, 인스턴스 셋)",
    no_containers: "컨테이너가 없습니다. 이미지를 골라 docker run -d 를 눌러 보세요.",
    no_change: "지금은 아무것도 바뀌지 않습니다 (docker는 이름만 출력하고 끝냅니다).",
    writable_layer: "쓰기 레이어",
    diagram_title: "컨테이너 상태 7가지와 그 사이를 잇는 명령",
    layers_count: ("레이어 {n}개", "레이어 {n}개"),
    engine_loading: "시뮬레이터를 불러오는 중…",
    engine_failed: "시뮬레이터를 불러오지 못했습니다. 새로고침해 보세요.",
    cached: "CACHED",
    rerun: "다시 실행",
    cache_hint: "COPY . 가 의존성 설치보다 앞에 있어서, 소스 파일 하나만 바뀌어도 pip install이 다시 실행됩니다. COPY requirements.txt 와 RUN pip install 을 COPY . 위로 올리면 캐시가 유지됩니다.",
    cost_title: "{file} 하나만 고친 뒤 다시 빌드하면",
    cost_now: "지금 순서",
    cost_reordered: "설치를 COPY . 위로",
    cost_steps: "{n}단계 다시 실행",
    cost_apply: "바꾼 순서 적용",
    compare_title: "두 이미지 나란히: 같은 베이스 레이어는 공유됩니다",
    shared: "공유",
    compare_disk: "따로 저장하면 {sum}, 실제 디스크에는 {disk} (공유 레이어 {shared}는 한 번만 저장)",
    writable_of: "컨테이너 {name}의 쓰기 가능한 레이어",
    writable_empty: "비어 있음: 컨테이너가 아직 아무것도 쓰지 않았습니다",
    run_box: "이 이미지로 컨테이너 실행",
    layer_actions: [
        "새 파일 쓰기",
        "이미지 파일 고치기 (copy-up)",
        "이미지 파일 지우기 (whiteout)",
    ],
    readonly_layers: "읽기 전용 이미지 레이어",
    compose_show: "그래프에 표시",
    compose_ports: "포트",
    compose_networks: "네트워크",
    compose_volumes: "볼륨",
    compose_not_created: "아직 컨테이너 없음",
    compose_not_ready: "실행 중이지만 아직 준비 안 됨 (health: starting)",
    compose_network: "네트워크",
    compose_volume: "볼륨",
    compose_built: "빌드해서 만드는 이미지",
    compose_depends: "의존",
    compose_graph_label: "compose.yaml의 서비스 그래프: 위쪽 서비스가 먼저 시작됩니다",
    compose_legend: "화살표는 depends_on: 위에 있는 서비스가 먼저 시작되고, 화살표 위 글자는 기다리는 조건입니다 (started = 실행되면 바로, healthy = healthcheck 통과까지). 진행 상황은 엔진의 가상 시계대로 다시 재생됩니다. 콘솔의 진행 줄은 docker compose의 plain 출력 형식이며, 터미널의 ✔ 표시 화면은 흉내 내지 않습니다 (정확한 모양 미확인).",
    compose_show_card: "생명주기 보기에서 이 컨테이너 보기",
    quiz_title: "퀴즈",
    quiz_summary: "{n}문항 중 {answered}문항 풂 · 맞힘 {right}",
    quiz_authoring: "퀴즈 작성 오류 (이 블록을 고쳐 주세요)",
    quiz_retry_missed: "틀린 문항만 다시 풀기",
    quiz_show_all: "모든 문항 보기",
    quiz_right: "✓ 정답입니다",
    quiz_wrong: "✗ 아쉽지만 틀렸습니다",
    quiz_transcript: "시뮬레이터가 실제로 실행한 결과",
    quiz_retry: "다시 풀기",
    quiz_was_right: "지난번: 맞힘",
    quiz_was_wrong: "지난번: 틀림",
    quiz_check: "답 확인",
    quiz_pick_all: "맞는 것을 모두 고르세요.",
    quiz_your_answer: "답",
    quiz_state: "상태",
    quiz_exit_code: "종료 코드",
    progress_title: "학습 기록",
    progress_nav: "학습 기록",
    progress_figures: "{n}문항 중 {answered}문항 풂 · 맞힘 {right}",
    progress_reset: "이 섹션 기록 지우기",
    review_title: "오늘 복습할 문항",
    review_hint: "맞히면 다음 복습까지 1 → 2 → 4 → 8 → 16일로 늘어나고, 틀리면 다음 날 다시 나옵니다 (Leitner 상자).",
    review_empty: "오늘 복습할 문항이 없습니다.",
    carry_title: "다른 기기로 옮기기",
    carry_hint: "기록을 파일로 내보내고, 다른 기기에서 그 파일을 가져오세요. 문항마다 더 최근 기록이 남습니다.",
    export: "내보내기",
    import: "가져오기",
    import_done: "{n}개 문항의 기록을 가져왔습니다.",
    import_failed: "가져오지 못했습니다:",
    store_set_aside: "저장된 학습 기록을 읽을 수 없어 따로 보관하고 새로 시작합니다:",
    dismiss: "닫기",
    quiz_none_cached: "(CACHED가 하나도 없다면 아무것도 고르지 마세요.)",
    quiz_setup: "이미 실행한 명령",
    quiz_then: "이제 실행할 명령 (결과를 예측해 보세요)",
    review_next: "다음에 다시 나올 문항",
    lesson_loading: "레슨을 불러오는 중…",
    lesson_failed: "레슨 본문을 불러오지 못했습니다. 새로고침해 보세요.",
    compose_fit: "한눈에 (축소)",
    more_rows: "⋯ {n}개 더",
    build_summary: "{n}단계: CACHED {cached}, 다시 실행 {ran}",
    images_heading: "이미지 (읽기 전용 — 컨테이너가 바꾸지 못함)",
    sim_names: [
        "이미지 레이어",
        "컨테이너 생명주기",
        "Compose 서비스 그래프",
        "Kubernetes 클러스터",
    ],
    sim_blurbs: [
        "Dockerfile이 읽기 전용 레이어로 쌓이는 모습, 다시 빌드할 때 캐시(CACHED)가 쓰이는 이유, 컨테이너가 얹는 얇은 쓰기 레이어를 직접 봅니다.",
        "버튼과 docker 콘솔로 컨테이너를 created → running → paused → exited → removed 상태로 움직여 봅니다.",
        "compose.yaml이 서비스 그래프가 되고, up / down이 순서대로 진행되는 모습을 봅니다.",
        "Pod, Node, Deployment, Service가 어떻게 맞물려 컨테이너를 운영하는지 봅니다.",
    ],
};

/// English.
pub static EN: Ui = Ui {
    korean: false,
    tagline: "Study-group weekly papers as interactive lessons, with simulators in the browser",
    papers: "Weekly papers",
    home: "Home",
    switch_lang: "한국어",
    switch_lang_label: "한국어로 보기",
    theme_system: "System",
    theme_light: "Light",
    theme_dark: "Dark",
    theme_label: "Change theme",
    date: "Date",
    author: "Author",
    contents: "Contents",
    section: "Section",
    summary: "Summary",
    previous: "Previous",
    next: "Next",
    pager: "Previous and next sections",
    start: "Start reading",
    sections_count: "{n} sections",
    simulators: "Simulators",
    coming_soon: "Coming soon — a hands-on simulator goes here.",
    not_found: "Page not found",
    not_found_text: "The address changed, or there is no such paper.",
    skip_to_content: "Skip to content",
    copy: "Copy",
    copied: "Copied",
    unsafe_link: "unsafe link target removed",
    raw_html: "HTML (not run)",
    content_error: "The content could not be loaded",
    console_hint: "Type docker commands (e.g. docker run -d --name web nginx). help: help, ↑/↓: history, Tab: completion.",
    console_label: "docker console command",
    time_label: "Virtual clock",
    clock_help: "Time inside the simulator. It stands still until sleep, play or +1s moves it.",
    step_help: "Move the virtual clock forward",
    speed_label: "Playback speed",
    undo: "Undo",
    reset: "Reset",
    image_label: "Image",
    three_help: "Run three containers from one image (one class, three instances)",
    no_containers: "No containers yet. Pick an image and press docker run -d.",
    no_change: "Changes nothing now (docker would just print the name).",
    writable_layer: "Writable layer",
    diagram_title: "The seven container states and the commands between them",
    layers_count: ("{n} layer", "{n} layers"),
    engine_loading: "Loading the simulator…",
    engine_failed: "The simulator could not be loaded. Try reloading.",
    cached: "CACHED",
    rerun: "re-run",
    cache_hint: "COPY . comes before the dependency install, so any source edit re-runs pip install. Move COPY requirements.txt and RUN pip install above COPY . to keep the cache.",
    cost_title: "After editing only {file}, a rebuild",
    cost_now: "As it is",
    cost_reordered: "Install above COPY .",
    cost_steps: "re-runs {n} steps",
    cost_apply: "Apply the better order",
    compare_title: "Two images side by side: a shared base is shared",
    shared: "shared",
    compare_disk: "Stored separately {sum}; on disk {disk} (the shared {shared} is stored once)",
    writable_of: "Container {name}: writable layer",
    writable_empty: "Empty: the container has not written anything yet",
    run_box: "Run a container from this image",
    layer_actions: [
        "Write a new file",
        "Change an image file (copy-up)",
        "Delete an image file (whiteout)",
    ],
    readonly_layers: "Read-only image layers",
    compose_show: "Show in the graph",
    compose_ports: "ports",
    compose_networks: "networks",
    compose_volumes: "volumes",
    compose_not_created: "no containers yet",
    compose_not_ready: "running, not ready yet (health: starting)",
    compose_network: "network",
    compose_volume: "volume",
    compose_built: "image built from",
    compose_depends: "depends on",
    compose_graph_label: "The service graph of compose.yaml: services higher up start first",
    compose_legend: "Arrows are depends_on: the service above starts first, and the word on the arrow is what the one below waits for (started = as soon as it runs, healthy = until its healthcheck passes). Progress replays on the engine's virtual clock. The console prints Compose's plain progress lines; the terminal's ✔ display is not imitated (its exact layout is unconfirmed).",
    compose_show_card: "Show this container in the lifecycle view",
    quiz_title: "Quiz",
    quiz_summary: "{answered} of {n} answered · {right} right",
    quiz_authoring: "Quiz authoring error (fix this block)",
    quiz_retry_missed: "Retry only the missed ones",
    quiz_show_all: "Show every question",
    quiz_right: "✓ Right",
    quiz_wrong: "✗ Not quite",
    quiz_transcript: "What the simulator actually did",
    quiz_retry: "Try again",
    quiz_was_right: "last time: right",
    quiz_was_wrong: "last time: wrong",
    quiz_check: "Check",
    quiz_pick_all: "Pick every one that applies.",
    quiz_your_answer: "Your answer",
    quiz_state: "State",
    quiz_exit_code: "Exit code",
    progress_title: "Your progress",
    progress_nav: "Progress",
    progress_figures: "{answered} of {n} answered · {right} right",
    progress_reset: "Reset this section",
    review_title: "Due for review today",
    review_hint: "A right answer moves a question to a later box (1 → 2 → 4 → 8 → 16 days); a wrong one brings it back tomorrow (Leitner boxes).",
    review_empty: "Nothing is due today.",
    carry_title: "Take it to another device",
    carry_hint: "Export your progress to a file and import it on the other device; for each question the newer record is kept.",
    export: "Export",
    import: "Import",
    import_done: "Imported the progress of {n} questions.",
    import_failed: "Could not import:",
    store_set_aside: "Your saved progress could not be read; it was kept aside and a fresh record started:",
    dismiss: "Dismiss",
    quiz_none_cached: "(If none is CACHED, pick nothing.)",
    quiz_setup: "Already run",
    quiz_then: "Now this runs (predict what happens)",
    review_next: "Coming back next",
    lesson_loading: "Loading the lesson…",
    lesson_failed: "The lesson's text could not be loaded. Try reloading.",
    compose_fit: "fit to panel",
    more_rows: "⋯ {n} more",
    build_summary: "{n} steps: {cached} CACHED, {ran} re-run",
    images_heading: "Images (read-only — containers never change them)",
    sim_names: [
        "Image layers",
        "Container lifecycle",
        "Compose service graph",
        "Kubernetes cluster",
    ],
    sim_blurbs: [
        "Watch a Dockerfile become a stack of read-only layers, see why a rebuild is CACHED or re-run, and the thin writable layer a container adds.",
        "Drive containers through created → running → paused → exited → removed with buttons and a docker console.",
        "A compose.yaml becomes a service graph; watch up / down play out in order.",
        "See how Pods, Nodes, Deployments and Services fit together to run containers.",
    ],
};

/// A UI string that follows the language toggle: `{tr(|ui| ui.home)}`.
///
/// Every call returns the same closure type, so the views share one compiled copy of the
/// reactive text code instead of one per string (this keeps the wasm small).
pub fn tr(pick: fn(&Ui) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = crate::prefs::use_prefs().lang;
    move || pick(lang.get().ui())
}
