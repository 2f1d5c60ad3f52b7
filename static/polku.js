/* Polku: small enhancements over pages that work without JavaScript.
   - the menu folds behind its button on a phone;
   - focus moves to the error summary after a failed submit;
   - a warning two minutes before an idle session ends, with "Stay signed in" (WCAG 2.2.1);
   - a form sent after its session ended is filled in again from the kept draft;
   - a table wider than the screen scrolls in a labelled box the keyboard reaches;
   - buttons marked data-confirm ask before a destructive action. */
(function () {
  "use strict";

  function foldMenu() {
    var menu = document.querySelector("details.menu");
    var narrow = window.matchMedia("(max-width: 48rem)");
    if (!menu) {
      return;
    }
    if (narrow.matches) {
      menu.removeAttribute("open");
    }
    narrow.addEventListener("change", function (event) {
      menu.open = !event.matches;  /* a wide screen shows the menu, which has no button there */
    });
  }

  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (summary) {
      summary.focus();
      summary.scrollIntoView({block: "start"});
    }
  }

  function watchSession() {
    var end = document.getElementById("session-end");
    var warning = document.getElementById("session-warning");
    var stay = document.getElementById("session-stay");
    if (!end || !warning || !stay) {
      return;
    }
    var warnBefore = Number(end.dataset.warn) * 1000;
    var timer = null;
    function schedule(seconds) {
      window.clearTimeout(timer);
      warning.hidden = true;
      timer = window.setTimeout(function () {
        warning.hidden = false;
        stay.focus();
      }, Math.max(0, seconds * 1000 - warnBefore));
    }
    stay.addEventListener("click", function () {
      fetch(end.dataset.alive, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && data.seconds > 0) {
            schedule(data.seconds);
          } else {
            window.location.reload();
          }
        });
    });
    schedule(Number(end.dataset.seconds));
  }

  function pathOf(address) {
    return new URL(address || window.location.href, window.location.href).pathname;
  }

  /* The form that was sent: its own action, or a button's formaction in it. */
  function sameAction(form, action) {
    if (pathOf(form.getAttribute("action")) === action) {
      return true;
    }
    return Array.prototype.some.call(form.querySelectorAll("[formaction]"), function (button) {
      return pathOf(button.getAttribute("formaction")) === action;
    });
  }

  function fillDraft() {
    var source = document.getElementById("kept-draft");
    if (!source) {
      return;
    }
    var draft = JSON.parse(source.textContent);
    var forms = Array.prototype.slice.call(document.querySelectorAll("main form[method=post]"));
    var form = forms.filter(function (f) { return sameAction(f, draft.action); })[0] || forms[0];
    if (!form) {
      return;
    }
    var touched = {};
    draft.fields.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name !== name || el.type === "hidden") {
          return;
        }
        if (el.type === "checkbox" || el.type === "radio") {
          if (!touched[name]) {
            el.checked = false;
          }
          if (el.value === value) {
            el.checked = true;
          }
        } else if (el.tagName === "SELECT" && el.multiple) {
          Array.prototype.forEach.call(el.options, function (o) {
            if (!touched[name]) {
              o.selected = false;
            }
            if (o.value === value) {
              o.selected = true;
            }
          });
        } else {
          el.value = value;
        }
      });
      touched[name] = true;
    });
  }

  /* A table wider than the screen scrolls in its own box: the keyboard reaches the box, and
     a screen reader hears its name (the table's caption). */
  function labelScrollingTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (box) {
      if (box.scrollWidth <= box.clientWidth || box.hasAttribute("tabindex")) {
        return;
      }
      var caption = box.querySelector("caption");
      box.setAttribute("role", "region");
      box.setAttribute("tabindex", "0");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
    });
  }

  function confirmDestructive() {
    document.addEventListener("submit", function (event) {
      var button = event.submitter;
      var question = button && button.dataset ? button.dataset.confirm : null;
      if (question && !window.confirm(question)) {
        event.preventDefault();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    foldMenu();
    focusErrors();
    watchSession();
    fillDraft();
    labelScrollingTables();
    confirmDestructive();
  });
})();
