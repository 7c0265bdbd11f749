/*
 * Street autocomplete for the "Trouver mon école" form (progressive enhancement).
 *
 * Without this file the form is a plain text field and works. With it, the address field becomes an
 * ARIA 1.2 combobox with a list popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/): suggestions
 * come from the JSON API (data-streets-url), ArrowDown/ArrowUp move through them, Enter picks one,
 * Escape closes the list, and a polite live region says how many streets are proposed. The house number
 * typed before the street ("34 bis ") is kept in front of the chosen street.
 *
 * Messages come from data-* attributes written by the template (translated there); nothing inline, so a
 * strict Content-Security-Policy (script-src 'self') holds.
 */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var MIN_LENGTH = 2;

  function message(form, name, count) {
    var text = form.getAttribute("data-message-" + name) || "";
    return text.replace("%(count)s", String(count));
  }

  function Combobox(form, input) {
    this.form = form;
    this.input = input;
    this.url = form.getAttribute("data-streets-url");
    this.commune = form.getAttribute("data-commune") || "";
    this.communeField = form.querySelector("select[name=commune]");
    this.options = [];
    this.active = -1;
    this.houseNumber = "";
    this.cache = {};
    this.timer = null;
    this.controller = null;
    this.lastAnnounced = "";
    this.build();
  }

  Combobox.prototype.build = function () {
    var input = this.input;
    var listId = input.id + "-suggestions-list";

    var wrapper = document.createElement("div");
    wrapper.className = "mon-enfant-combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    this.listbox = document.createElement("ul");
    this.listbox.id = listId;
    this.listbox.className = "mon-enfant-combobox__listbox";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", message(this.form, "listbox", 0));
    this.listbox.hidden = true;
    wrapper.appendChild(this.listbox);

    this.live = document.createElement("div");
    this.live.className = "mon-enfant__sr-only";
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");
    wrapper.appendChild(this.live);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    // The browser's own address autofill would cover the list.
    input.setAttribute("autocomplete", "off");

    input.addEventListener("input", this.onInput.bind(this));
    input.addEventListener("keydown", this.onKeyDown.bind(this));
    input.addEventListener("blur", this.close.bind(this));
    this.listbox.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the field
    });
    this.listbox.addEventListener("click", this.onClick.bind(this));
  };

  Combobox.prototype.communeCode = function () {
    return this.communeField ? this.communeField.value : this.commune;
  };

  // The level and school year chosen in the form: only the streets their carte scolaire serves are
  // proposed (a street of the collège map alone would answer "no sector" for an école).
  Combobox.prototype.fieldValue = function (name) {
    var field = this.form.elements[name];
    return field && field.value ? field.value : "";
  };

  Combobox.prototype.onInput = function () {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.fetch(); }, DELAY_MS);
  };

  Combobox.prototype.fetch = function () {
    var query = this.input.value;
    var commune = this.communeCode();
    if (!commune || query.trim().length < MIN_LENGTH) {
      this.show({ house_number: "", streets: [] }, false);
      return;
    }
    var level = this.fieldValue("level");
    var schoolYear = this.fieldValue("school_year");
    var key = [commune, level, schoolYear, query].join("\u0000");
    if (this.cache[key]) {
      this.show(this.cache[key], true);
      return;
    }
    if (this.controller) {
      this.controller.abort();
    }
    this.controller = window.AbortController ? new AbortController() : null;
    var self = this;
    var params = new URLSearchParams({ commune: commune, q: query });
    if (level) {
      params.set("level", level);
      if (schoolYear) {
        params.set("school_year", schoolYear);
      }
    }
    window.fetch(this.url + "?" + params.toString(), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      signal: this.controller ? this.controller.signal : undefined
    }).then(function (response) {
      return response.ok ? response.json() : { house_number: "", streets: [] };
    }).then(function (data) {
      self.cache[key] = data;
      // An answer to an older text is dropped: the field has changed since.
      if (self.input.value === query) {
        self.show(data, true);
      }
    }).catch(function () { /* aborted or offline: the plain field still works */ });
  };

  Combobox.prototype.show = function (data, announce) {
    var self = this;
    this.houseNumber = data.house_number || "";
    this.options = data.streets || [];
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.listbox.textContent = "";
    this.options.forEach(function (label, index) {
      var option = document.createElement("li");
      option.id = self.listbox.id + "-" + index;
      option.className = "mon-enfant-combobox__option";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(index));
      option.textContent = label;
      self.listbox.appendChild(option);
    });
    if (this.options.length && document.activeElement === this.input) {
      this.open();
    } else {
      this.close();
    }
    if (announce) {
      var text = this.options.length === 0 ? message(this.form, "none", 0)
        : message(this.form, this.options.length === 1 ? "one" : "many", this.options.length);
      // Same text twice in a row is not re-read by screen readers: only announce changes.
      if (text !== this.lastAnnounced) {
        this.live.textContent = text;
        this.lastAnnounced = text;
      }
    }
  };

  Combobox.prototype.open = function () {
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Combobox.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.setActive(-1);
  };

  Combobox.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Combobox.prototype.setActive = function (index) {
    var previous = this.listbox.querySelector("[aria-selected=true]");
    if (previous) {
      previous.setAttribute("aria-selected", "false");
    }
    this.active = index;
    if (index < 0) {
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    var option = this.listbox.children[index];
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    if (option.scrollIntoView) {
      option.scrollIntoView({ block: "nearest" });
    }
  };

  Combobox.prototype.move = function (step) {
    if (!this.options.length) {
      return;
    }
    if (!this.isOpen()) {
      this.open();
      this.setActive(step > 0 ? 0 : this.options.length - 1);
      return;
    }
    var next = this.active + step;
    if (next < 0) {
      next = this.options.length - 1;
    } else if (next >= this.options.length) {
      next = 0;
    }
    this.setActive(next);
  };

  Combobox.prototype.choose = function (index) {
    var label = this.options[index];
    if (label === undefined) {
      return;
    }
    this.input.value = (this.houseNumber ? this.houseNumber + " " : "") + label;
    this.close();
    this.input.focus();
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
    this.live.textContent = message(this.form, "chosen", 0).replace("%(street)s", label);
    this.lastAnnounced = "";
  };

  Combobox.prototype.onKeyDown = function (event) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        this.move(1);
        break;
      case "ArrowUp":
        event.preventDefault();
        this.move(-1);
        break;
      case "Enter":
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault(); // pick the street; the next Enter submits the form
          this.choose(this.active);
        } else {
          this.close();
        }
        break;
      case "Escape":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Combobox.prototype.onClick = function (event) {
    var option = event.target.closest("[role=option]");
    if (option) {
      this.choose(Number(option.getAttribute("data-index")));
    }
  };

  function enhance(form) {
    if (form.hasAttribute("data-street-autocomplete-ready")) {
      return; // the script is referenced once per block: enhance each form once
    }
    var input = form.querySelector("input[name=address]");
    if (!input || !input.id || !form.getAttribute("data-streets-url") || !window.fetch || !window.URLSearchParams) {
      return;
    }
    form.setAttribute("data-street-autocomplete-ready", "");
    form.streetCombobox = new Combobox(form, input);
  }

  function enhanceAll() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-street-autocomplete]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
}());
