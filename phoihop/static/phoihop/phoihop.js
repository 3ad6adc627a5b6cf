// Behaviour the templates ask for with data attributes. The Content-Security-Policy
// refuses inline scripts and event handlers (onchange="…") and style attributes, so
// what they did is done here, from a file the site serves.
(function () {
  "use strict";

  // <select data-submit-on-change>: choosing an option submits its form (a
  // <noscript> button does it without JavaScript).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change") && field.form) {
      field.form.requestSubmit();
    }
  });

  // data-bar-percent="42": a progress bar's width. Setting it through the style object
  // is allowed; a style attribute in the markup is not.
  function sizeBars(root) {
    root.querySelectorAll("[data-bar-percent]").forEach(function (bar) {
      var percent = Number(bar.getAttribute("data-bar-percent"));
      if (!isNaN(percent)) bar.style.width = Math.max(0, Math.min(100, percent)) + "%";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  } else {
    sizeBars(document);
  }
  // Content htmx swaps in gets the same treatment.
  document.addEventListener("htmx:load", function (event) { sizeBars(event.target); });
})();
