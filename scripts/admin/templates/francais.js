// The editor's French: Decap's own French locale, completed and corrected by the phrases of
// scripts/admin/francais.yaml (Decap falls back to English for any phrase its locale lacks).
(function () {
  "use strict";
  var ours = {{ phrases|tojson }};

  // A copy of `base` with `over` merged into it, objects key by key (registerLocale replaces a locale whole).
  function merge(base, over) {
    var merged = {};
    Object.keys(base || {}).forEach(function (key) {
      merged[key] = base[key];
    });
    Object.keys(over).forEach(function (key) {
      var value = over[key];
      merged[key] = value && typeof value === "object" ? merge(merged[key], value) : value;
    });
    return merged;
  }

  window.CMS.registerLocale("fr", merge(window.CMS.getLocale("fr"), ours));
})();
