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

  window.addEventListener("error", function (e) {
    // Only failures of the app itself: a broken image in a paper is not a crash.
    if (e.error || (e.message && /wasm|WebAssembly|unreachable/i.test(e.message))) fail(e.message);
  });
  window.addEventListener("unhandledrejection", function (e) {
    fail(e.reason && (e.reason.stack || e.reason.message) || e.reason);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", translate);
  else translate();
})();
