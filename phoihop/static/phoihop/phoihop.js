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

  // The language of the page, for the few words said from here.
  var vi = (document.documentElement.lang || "vi").indexOf("vi") === 0;

  // <input data-maxlength="300">: how much of the limit is used, said under the field
  // and marked when over. The browser's own maxlength would cut a pasted text silently;
  // the server refuses what is too long and says so.
  function counter(field) {
    var limit = Number(field.getAttribute("data-maxlength"));
    // Always shown, so that nothing moves under the pointer as the field is left; a
    // short code or number needs no counting.
    if (!limit || limit < 20 || field.type === "hidden" || field.type === "password") return;
    // A search or filter box (a form read with GET) needs no counting either.
    if (field.form && (field.form.getAttribute("method") || "get").toLowerCase() === "get") return;
    if (field.hasAttribute("data-counted")) return;
    field.setAttribute("data-counted", "");
    var note = document.createElement("div");
    note.className = "form-text text-end small";
    note.setAttribute("data-length-of", field.name);
    note.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", note);
    function show() {
      var used = field.value.length;
      var over = used > limit;
      note.textContent = used + "/" + limit + (vi ? " ký tự" : " characters") +
        (over ? (vi ? " — dài quá " : " — too long by ") + (used - limit) : "");
      note.classList.toggle("text-danger", over);
      field.classList.toggle("is-invalid", over || field.getAttribute("aria-invalid") === "true");
    }
    field.addEventListener("input", show);
    show();
  }

  // A form that writes: once sent, its buttons are disabled and the one pressed says it
  // is working, so a second click sends nothing (the server's one-time token makes a
  // second copy harmless anyway). A form whose answer is a download (data-download)
  // gets its buttons back when the file arrives.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if (form.hasAttribute("hx-post") || form.hasAttribute("hx-get")) return;
    if (form.getAttribute("data-sending") === "1") { event.preventDefault(); return; }
    form.setAttribute("data-sending", "1");
    var pressed = event.submitter;
    window.setTimeout(function () {  // after the browser has read the pressed button
      form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
      if (pressed && pressed.tagName === "BUTTON") {
        var spinner = document.createElement("span");
        spinner.className = "spinner-border spinner-border-sm ms-1";
        spinner.setAttribute("role", "status");
        spinner.setAttribute("aria-label", vi ? "Đang xử lý" : "Working");
        pressed.appendChild(spinner);
      }
    }, 0);
    if (form.hasAttribute("data-download")) {
      window.setTimeout(function () { release(form); }, 4000);
    }
  });

  function release(form) {
    form.removeAttribute("data-sending");
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = false;
    });
    form.querySelectorAll(".spinner-border").forEach(function (spinner) { spinner.remove(); });
  }
  // Back to a page kept by the browser (the Back button): its forms can be sent again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.querySelectorAll("form[data-sending]").forEach(release);
  });

  // htmx: a refused or failed request says so in place of leaving the page as it was
  // with nothing said. The server's message when it sent one, else the status.
  function htmxError(event) {
    var target = event.detail.target || event.target;
    if (!target || !target.parentNode) return;
    var xhr = event.detail.xhr;
    var text = "";
    if (xhr && xhr.responseText) {
      // Parsed inert: nothing in it runs.
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var said = page.querySelector("[data-error-message]");
      if (said) text = said.textContent.trim();
    }
    if (!text) {
      text = xhr && xhr.status
        ? (vi ? "Không tải được nội dung (mã " + xhr.status + "). Hãy thử lại; nếu vẫn lỗi, hãy tải lại trang."
              : "The content could not be loaded (status " + xhr.status + "). Try again; if it persists, reload the page.")
        : (vi ? "Không kết nối được máy chủ. Hãy kiểm tra mạng rồi thử lại."
              : "The server could not be reached. Check the network and try again.");
    }
    clearHtmxError(target);
    var alert = document.createElement("div");
    alert.className = "alert alert-danger mb-2";
    alert.setAttribute("role", "alert");
    alert.setAttribute("data-htmx-error", "");
    alert.textContent = text;
    target.parentNode.insertBefore(alert, target);
  }
  function clearHtmxError(target) {
    var previous = target && target.previousElementSibling;
    if (previous && previous.hasAttribute("data-htmx-error")) previous.remove();
  }
  document.addEventListener("htmx:responseError", htmxError);
  document.addEventListener("htmx:sendError", htmxError);
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.isConnected) {
      clearHtmxError(target);
    } else {
      document.querySelectorAll("[data-htmx-error]").forEach(function (alert) { alert.remove(); });
    }
  });

  // Text folded as the server folds it (phoihop.domain.text.fold): lower case, marks
  // taken off, đ → d, spaces collapsed; "vien kiem sat an giang" meets "Viện kiểm sát
  // nhân dân tỉnh An Giang".
  function fold(text) {
    return String(text || "").toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "")
      .replace(/đ/g, "d").normalize("NFC").replace(/\s+/g, " ").trim();
  }

  // Searchable pickers (Tom Select, served by the site): every long list (agencies,
  // persons) and every multiple choice is searched as typed, with or without
  // diacritics. A list too long to send with the page (the cases of a meeting's agenda)
  // names the API that searches it: data-picker-source="/api/v1/cases".
  var PICKER_THRESHOLD = 12;
  function picker(select) {
    if (select.tomselect || select.hasAttribute("data-native") || typeof TomSelect === "undefined") return;
    var source = select.getAttribute("data-picker-source");
    if (!source && !select.multiple && select.options.length <= PICKER_THRESHOLD) return;
    var namedEmpty = Array.prototype.some.call(select.options, function (option) {
      return option.value === "" && /[^\s\-—]/.test(option.text);
    });
    var settings = {
      maxOptions: 300,
      // An empty choice that means something ("Tất cả tỉnh") stays a choice; a bare
      // "---" is not shown, and an optional choice is emptied with the clear button.
      allowEmptyOption: namedEmpty,
      plugins: select.multiple ? ["remove_button"] : (select.required || namedEmpty ? [] : ["clear_button"]),
      placeholder: source ? (vi ? "Gõ tên hoặc số vụ án để tìm…" : "Type a case's title or number…")
                          : (vi ? "Gõ để tìm…" : "Type to search…"),
      score: function (search) {
        var words = fold(search).split(" ").filter(Boolean);
        return function (item) {
          if (source) return 1;  // the API found it, by the same folding
          var text = fold(item.text + " " + (item.search || ""));
          return words.every(function (word) { return text.indexOf(word) >= 0; }) ? 1 : 0;
        };
      },
      render: {
        // The short name, and under it the full one it was found by.
        option: function (item, escape) {
          var full = item.search ? '<div class="small text-secondary">' + escape(item.search) + "</div>" : "";
          return "<div>" + escape(item.text) + full + "</div>";
        },
        no_results: function () {
          return '<div class="no-results">' + (vi ? "Không tìm thấy" : "Nothing found") + "</div>";
        },
      },
    };
    if (source) {
      settings.valueField = "value";
      settings.labelField = "text";
      settings.searchField = ["text"];
      settings.shouldLoad = function (query) { return query.trim().length >= 2; };
      settings.load = function (query, callback) {
        var url = source + (source.indexOf("?") >= 0 ? "&" : "?") + "page_size=20&q=" + encodeURIComponent(query);
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (answer) { return answer.ok ? answer.json() : { items: [] }; })
          .then(function (page) {
            callback(page.items.map(function (item) {
              return { value: String(item.id), text: item.title + " (" + (item.national_code || "#" + item.id) + ")" };
            }));
          })
          .catch(function () { callback(); });
      };
    }
    new TomSelect(select, settings);
  }

  function enhance(root) {
    root.querySelectorAll("[data-maxlength]").forEach(counter);
    root.querySelectorAll("select.form-select").forEach(picker);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
})();
