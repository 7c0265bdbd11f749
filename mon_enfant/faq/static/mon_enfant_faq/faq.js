/* Opens the question a link points to (#slug), on arrival and when the hash changes, and puts the keyboard
   focus on its summary; without this script the server opens it from ?question=slug. */
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.open = true;
      var summary = target.querySelector("summary");
      if (summary) summary.focus();
    }
  }
  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", openTarget);
  else openTarget();
  // On arrival the browser scrolls to the fragment after DOMContentLoaded and moves the focus to the page as it
  // does (the target, a <details>, is not focusable): focus the question's summary again once the page is loaded.
  if (document.readyState !== "complete") window.addEventListener("load", openTarget);
})();
