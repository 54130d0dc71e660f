// Decap shows each field's hint (the expected format, a warning) and its error messages beside the field
// without tying them to it: a screen reader entering the field says neither. This ties them with
// aria-describedby, keeping the descriptions the field already has.
(function () {
  "use strict";
  var MARK = "data-aide-de";

  function describe(field, ids) {
    var own = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      var element = id && document.getElementById(id);
      return id && !(element && element.hasAttribute(MARK));
    });
    var value = own.concat(ids).join(" ");
    if (value && field.getAttribute("aria-describedby") !== value) {
      field.setAttribute("aria-describedby", value);
    }
  }

  function link() {
    document.querySelectorAll('[class*="ControlContainer"]').forEach(function (container) {
      var label = container.querySelector(':scope > [class*="ControlTopbar"] label[for]');
      var field = label && document.getElementById(label.getAttribute("for"));
      if (!field) {
        return;
      }
      var ids = [];
      var parts = [container.querySelector(':scope > [class*="ControlTopbar"] > [class*="ControlErrorsList"]'),
                   container.querySelector(':scope > [class*="ControlHint"]')];
      parts.forEach(function (part, index) {
        if (part) {
          var id = label.getAttribute("for") + (index ? "-aide" : "-erreurs");
          if (part.id !== id) {
            part.id = id;
            part.setAttribute(MARK, label.getAttribute("for"));
          }
          ids.push(id);
        }
      });
      describe(field, ids);
    });
  }

  // Fields, hints and errors come and go as the form renders: one pass once the page is still.
  var timer = null;
  new MutationObserver(function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(link, 100);
  }).observe(document.body, { childList: true, subtree: true });
})();
