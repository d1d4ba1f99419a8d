// Runs before the wasm loads: applies the stored language and theme (no flash of the wrong
// ones), and shows the error panel when the app fails to load or crashes, never a blank page.
(function () {
  var root = document.documentElement;
  var lang = "ko";
  try {
    var theme = localStorage.getItem("paperlab.theme");
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
    if (localStorage.getItem("paperlab.lang") === "en") lang = "en";
  } catch (e) { /* storage disabled: defaults */ }
  root.setAttribute("lang", lang);

  function translate() {
    var nodes = document.querySelectorAll("[data-" + lang + "]");
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = nodes[i].getAttribute("data-" + lang);
  }

  function fail(detail) {
    var panel = document.getElementById("boot-error");
    if (!panel || !panel.hidden) return;
    var boot = document.getElementById("boot");
    if (boot) boot.remove();
    var pre = document.getElementById("boot-error-detail");
    if (pre && !pre.textContent) pre.textContent = String(detail || "unknown error");
    panel.hidden = false;
  }

  // While #boot is on screen the app has not started: any error means it failed to load.
  // After that, only a dead wasm instance is fatal (a Rust panic also fills the panel from
  // its hook); a refused clipboard write or a failing browser extension is not.
  function booting() { return !!document.getElementById("boot"); }
  window.addEventListener("error", function (e) {
    var wasmDied = typeof WebAssembly !== "undefined" && e.error instanceof WebAssembly.RuntimeError;
    if (wasmDied || booting()) fail(e.error && e.error.stack || e.message);
  });
  window.addEventListener("unhandledrejection", function (e) {
    if (booting()) fail(e.reason && (e.reason.stack || e.reason.message) || e.reason);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", translate);
  else translate();
})();
