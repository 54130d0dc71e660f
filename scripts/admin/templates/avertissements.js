// Before a save, asks the person to confirm each value that an `x-avertissement` of the schemas flags
// (a personal-looking address, a mobile number): a warning to confirm, never a refusal. The rules come
// from avertissements.json, generated from the schemas beside the editor's configuration, with the values
// that the site already publishes (confirmed at an earlier save): those are not asked again.
(function () {
  "use strict";
  // Read at each save: after a rebuild, a value confirmed and published is no longer asked about.
  function load() {
    return fetch("avertissements.json", { credentials: "same-origin", cache: "no-cache" }).then(function (response) {
      if (!response.ok) {
        throw new Error("avertissements.json : " + response.status);
      }
      return response.json();
    });
  }

  // Each value at `path` (a list's items as « * »), with the names of the items it sits in.
  function valuesAt(value, path, names, found) {
    if (value === null || value === undefined) {
      return found;
    }
    if (path.length === 0) {
      found.push({ value: value, names: names });
    } else if (path[0] === "*") {
      if (Array.isArray(value)) {
        value.forEach(function (item) {
          var name = item && typeof item === "object" && (item.nom || item.titre || item.id);
          valuesAt(item, path.slice(1), typeof name === "string" ? names.concat([name]) : names, found);
        });
      }
    } else if (typeof value === "object" && !Array.isArray(value)) {
      valuesAt(value[path[0]], path.slice(1), names, found);
    }
    return found;
  }

  function findings(collection, data, all) {
    var found = [];
    (all[collection] || []).forEach(function (rule) {
      var pattern = new RegExp(rule.pattern);
      valuesAt(data, rule.path, [], []).forEach(function (place) {
        if (typeof place.value === "string" && pattern.test(place.value) && rule.published.indexOf(place.value) < 0) {
          var where = rule.labels[rule.labels.length - 1] + (place.names.length ? " (" + place.names.join(", ") + ")" : "");
          found.push("« " + where + " » : « " + place.value + " »\n" + rule.message + ".");
        }
      });
    });
    return found;
  }

  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      return load().then(function (all) {
        var found = findings(event.entry.get("collection"), event.entry.get("data").toJS(), all);
        if (found.length === 0) {
          return undefined; // the data saved as it is
        }
        var question = "Avant d'enregistrer, vérifiez " + (found.length > 1 ? "ces valeurs, qui seront publiées" :
          "cette valeur, qui sera publiée") + " sur le portail :\n\n" + found.join("\n\n") +
          "\n\nEnregistrer quand même ? « OK » enregistre ; « Annuler » revient au formulaire sans rien enregistrer.";
        if (!window.confirm(question)) {
          throw new Error("enregistrement annulé ; corrigez la valeur signalée, ou enregistrez de nouveau et confirmez");
        }
        return undefined;
      });
    },
  });
})();
