/* Quotient familial et tarifs: small enhancements of a form that works without JavaScript.
   - shows only the QF block matching the option chosen (a block holding an error stays visible);
   - after a submission, moves the focus to the error summary or to the result, so that screen
     readers read it first;
   - reveals the "print the grids" button. */
(function () {
  "use strict";

  function enhance(root) {
    var radios = root.querySelectorAll('input[type="radio"][name$="qf_source"]');
    var panels = root.querySelectorAll("[data-fees-panel]");

    function update() {
      var checked = root.querySelector('input[type="radio"][name$="qf_source"]:checked');
      var value = checked ? checked.value : "known";
      panels.forEach(function (panel) {
        var hasError = panel.querySelector(".mon-enfant-form__field--error") !== null;
        panel.hidden = panel.getAttribute("data-fees-panel") !== value && !hasError;
      });
    }

    radios.forEach(function (radio) {
      radio.addEventListener("change", function () {
        // Errors belong to the previous submission: once the family changes option, follow it.
        panels.forEach(function (panel) {
          panel.querySelectorAll(".mon-enfant-form__field--error").forEach(function (field) {
            field.classList.remove("mon-enfant-form__field--error");
          });
        });
        update();
      });
    });
    update();

    var target = root.querySelector(".mon-enfant-form__error-summary") || root.querySelector("[data-fees-result-title]");
    if (target) {
      // After the load and the browser's own scroll to the form's #fragment, which would reset the focus.
      var focus = function () { window.setTimeout(function () { target.focus(); }, 0); };
      if (document.readyState === "complete") {
        focus();
      } else {
        window.addEventListener("load", focus);
      }
    }
  }

  function ready() {
    document.querySelectorAll("[data-mon-enfant-fees]").forEach(enhance);
    document.querySelectorAll("[data-fees-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
