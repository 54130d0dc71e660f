/*
  « Mon positionnement » (/positionnement/, made by
  scripts/positionnement/): the live verdict of the certification rule,
  the memory of the ticks in this browser (localStorage), « Tout effacer »,
  the download of the summary as a Markdown file and the print button.

  One rule, one wording: the numbers and every sentence of the verdict come
  from the form's JSON attribute (data-regle), generated from scripts/referentiel/certification.py;
  the domains and their competencies come from the page's fieldsets. This
  script only counts. A browser test checks that it gives the same verdict and
  the same reasons as the Python rule on shared test vectors.

  Works with Material's instant navigation: `document$` emits for every page
  shown, and everything below is bound to that page's own elements.
*/
(function () {
  "use strict";

  var STORAGE_KEY = "c2i2e-positionnement";

  /* "{name}" placeholders, filled the way Python's str.format fills them. */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function domainsOf(form) {
    return Array.prototype.map.call(form.querySelectorAll("fieldset[data-domaine]"), function (fieldset) {
      return {
        code: fieldset.getAttribute("data-domaine"),
        title: fieldset.querySelector("legend").textContent.trim(),
        boxes: Array.prototype.slice.call(fieldset.querySelectorAll('input[name="competence"]'))
      };
    });
  }

  /* The same rule as scripts/referentiel/certification.py `evaluate`, on the ticked boxes. */
  function evaluate(form, rule) {
    var messages = rule.messages;
    var domains = domainsOf(form);
    var total = 0;
    var count = 0;
    var notValidated = {};
    var over = [];
    domains.forEach(function (domain) {
      var missing = domain.boxes.filter(function (box) { return !box.checked; })
        .map(function (box) { return box.value; });
      total += domain.boxes.length;
      count += domain.boxes.length - missing.length;
      notValidated[domain.code] = missing.length;
      if (missing.length > rule.max_par_domaine) {
        over.push({ code: domain.code, missing: missing });
      }
    });
    var face = form.querySelector('input[name="face-a-face"]').checked;
    var eligible = count >= rule.minimum && over.length === 0 && face;
    var common = {
      validees: fill(messages[count > 1 ? "validees_plusieurs" : "validees_une"], { count: count }),
      total: total,
      minimum: rule.minimum,
      max_par_domaine: rule.max_par_domaine
    };
    var reasons = [];
    if (eligible) {
      reasons.push(fill(messages.eligible, common));
    } else {
      if (count < rule.minimum) {
        reasons.push(fill(messages.trop_peu, Object.assign({ reste: rule.minimum - count }, common)));
      } else {
        reasons.push(fill(messages.assez, common));
      }
      over.forEach(function (domain) {
        reasons.push(fill(messages.domaine, Object.assign({
          domaine: domain.code,
          non_validees: domain.missing.length,
          codes: domain.missing.join(", "),
          reste: domain.missing.length - rule.max_par_domaine
        }, common)));
      });
      if (!face) {
        reasons.push(fill(messages.face_a_face, common));
      }
    }
    return { eligible: eligible, validated: count, not_validated_by_domain: notValidated, reasons: reasons };
  }

  function show(element, verdict, texts) {
    var title = document.createElement("p");
    title.className = "c2i2e-verdict__titre";
    title.textContent = verdict.eligible ? texts.titre_oui : texts.titre_non;
    var list = document.createElement("ul");
    list.className = "c2i2e-verdict__raisons";
    verdict.reasons.forEach(function (reason) {
      var item = document.createElement("li");
      item.textContent = reason;
      list.appendChild(item);
    });
    element.replaceChildren(title, list);
    element.setAttribute("data-eligible", verdict.eligible ? "true" : "false");
  }

  /* localStorage may be missing or refuse (private browsing, blocked storage). */
  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
    } catch (error) {
      return null;
    }
  }

  function save(state) {
    try {
      if (state) {
        window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
      } else {
        window.localStorage.removeItem(STORAGE_KEY);
      }
      return true;
    } catch (error) {
      return false;
    }
  }

  function stateOf(form) {
    return {
      competences: Array.prototype.filter.call(form.querySelectorAll('input[name="competence"]'),
        function (box) { return box.checked; }).map(function (box) { return box.value; }),
      face_a_face: form.querySelector('input[name="face-a-face"]').checked
    };
  }

  function restore(form, state) {
    if (!state || !Array.isArray(state.competences)) {
      return;
    }
    Array.prototype.forEach.call(form.querySelectorAll('input[name="competence"]'), function (box) {
      box.checked = state.competences.indexOf(box.value) !== -1;
    });
    form.querySelector('input[name="face-a-face"]').checked = state.face_a_face === true;
  }

  /* The summary as Markdown: what the candidate ticked, and the verdict. */
  function summary(form, verdict, texts) {
    var date = new Date().toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
    var face = form.querySelector('input[name="face-a-face"]');
    var lines = ["# " + texts.bilan_titre, "", fill(texts.bilan_date, { date: date }), "",
      "## " + texts.bilan_verdict + " : " + (verdict.eligible ? texts.titre_oui : texts.titre_non), ""];
    verdict.reasons.forEach(function (reason) { lines.push("- " + reason); });
    domainsOf(form).forEach(function (domain) {
      lines.push("", "## " + domain.title, "");
      domain.boxes.forEach(function (box) {
        var label = form.querySelector('label[for="' + box.id + '"]');
        lines.push("- [" + (box.checked ? "x" : " ") + "] " + label.textContent.replace(/\s+/g, " ").trim());
      });
    });
    var faceSet = face.closest("fieldset");
    lines.push("", "## " + faceSet.querySelector("legend").textContent.trim(), "",
      "- [" + (face.checked ? "x" : " ") + "] " +
      form.querySelector('label[for="' + face.id + '"]').textContent.replace(/\s+/g, " ").trim(), "");
    return lines.join("\n");
  }

  function download(name, text) {
    var url = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function setUp(form) {
    if (form.hasAttribute("data-c2i2e-pret")) {
      return;
    }
    var config = JSON.parse(form.getAttribute("data-regle"));
    form.setAttribute("data-c2i2e-pret", "");
    var rule = config.regle;
    var texts = config.textes;
    var verdictElement = form.querySelector("[data-c2i2e-verdict]");
    var storageNote = form.querySelector("[data-c2i2e-stockage]");

    function update(remember) {
      show(verdictElement, evaluate(form, rule), texts);
      if (remember && !save(stateOf(form))) {
        storageNote.hidden = false;
      }
    }

    restore(form, load());
    update(false);
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    /* « Tout effacer » is a reset button (it clears the boxes even without
       JavaScript); the boxes are cleared after the event, hence the delay. */
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        save(null);
        update(false);
      }, 0);
    });
    var downloadButton = form.querySelector("[data-c2i2e-telecharger]");
    downloadButton.addEventListener("click", function () {
      download(texts.fichier, summary(form, evaluate(form, rule), texts));
    });
    var printButton = form.querySelector("[data-c2i2e-imprimer]");
    printButton.addEventListener("click", function () { window.print(); });
    downloadButton.hidden = false;
    printButton.hidden = false;
  }

  function start() {
    var form = document.querySelector("[data-c2i2e-positionnement]");
    if (form) {
      setUp(form);
    }
  }

  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
