// Decap's list widget, registered again around its own control: the bar of each item has an icon
// « replier », a drag handle and an icon « supprimer » with no accessible name, and the handle's
// description comes from its drag library in English. This wrapper names them after the item, in French,
// and tells whether the item is folded.
(function () {
  "use strict";
  var h = window.h;
  var original = window.CMS.getWidget("list");
  var INSTRUCTIONS = "Pour déplacer l'élément, appuyez sur Espace, puis sur les flèches haut et bas ; appuyez de " +
    "nouveau sur Espace pour le déposer à sa nouvelle place, ou sur Échap pour annuler.";

  function setAttribute(element, name, value) {
    if (element && element.getAttribute(name) !== value) {
      element.setAttribute(name, value);
    }
  }

  // Each item's bar, named after its item (its summary, else its place in its list). Everything is read
  // before anything is written: a write between two reads of style would lay the whole form out again.
  function name() {
    var counts = new Map();
    var found = [];
    document.querySelectorAll('[class*="ListItemTopBar"]').forEach(function (bar) {
      var list = bar.closest("[data-liste]");
      if (!list) {
        return;
      }
      var index = (counts.get(list) || 0) + 1;
      counts.set(list, index);
      var summary = bar.nextElementSibling && /NestedObjectLabel/.test(bar.nextElementSibling.className) ?
        bar.nextElementSibling : null;
      var text = summary ? summary.textContent.trim() : "";
      if (/^No \S+$/.test(text)) {
        text = ""; // Decap's summary of an item with no value yet, in English (« No nom »)
      }
      found.push({
        bar: bar,
        item: text ? "« " + text + " »" : "l'élément " + index + " de « " + list.getAttribute("data-liste") + " »",
        collapsed: summary !== null && window.getComputedStyle(summary).display !== "none",
      });
    });
    found.forEach(function (each) {
      var bar = each.bar;
      if (bar.firstElementChild && bar.firstElementChild.tagName === "BUTTON") {
        setAttribute(bar.firstElementChild, "aria-label", (each.collapsed ? "Déplier " : "Replier ") + each.item);
        setAttribute(bar.firstElementChild, "aria-expanded", each.collapsed ? "false" : "true");
      }
      if (bar.lastElementChild && bar.lastElementChild.tagName === "BUTTON") {
        setAttribute(bar.lastElementChild, "aria-label", "Supprimer " + each.item);
      }
      bar.querySelectorAll('[role="button"]:not(button)').forEach(function (handle) {
        setAttribute(handle, "aria-label", "Déplacer " + each.item);
        setAttribute(handle, "aria-roledescription", "poignée de déplacement");
        var description = document.getElementById(handle.getAttribute("aria-describedby") || "");
        if (description && description.textContent !== INSTRUCTIONS) {
          description.textContent = INSTRUCTIONS;
        }
      });
    });
  }

  // One pass names them all once the page is still: after a list renders, and after a click or a key
  // (an item folded or unfolded, moved or removed, which does not always render the list again).
  var timer = null;
  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(name, 100);
  }
  document.addEventListener("click", later, true);
  document.addEventListener("keyup", later, true);

  var NamedList = window.createClass({
    componentDidMount: later,
    componentDidUpdate: later,
    // Decap validates the list (and asks whether to render it again) through the control itself.
    getWrappedInstance: function () {
      return this.control;
    },
    keep: function (control) {
      this.control = control;
    },
    render: function () {
      var props = Object.assign({}, this.props, { ref: this.keep });
      var label = this.props.field.get("label") || this.props.field.get("name");
      return h("div", { "data-liste": label }, h(original.control, props));
    },
  });

  window.CMS.registerWidget("list", NamedList, original.preview, original.schema);
})();
