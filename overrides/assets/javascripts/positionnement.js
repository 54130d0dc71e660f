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

  /* Loaded by its page alone (overrides/main.html, for the weight budget), hence again each time
     the instant navigation brings the page back: it subscribes once, and document$ then sets up
     every later visit. */
  if (window.c2i2ePositionnement) return;
  window.c2i2ePositionnement = true;

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

  /* The same plan as scripts/referentiel/certification.py `plan`: the domains over the
     limit first, then what the minimum still needs, among the other domains. */
  function plan(form, rule) {
    var messages = rule.messages;
    var steps = [];
    var others = [];
    var planned = 0;
    var count = 0;
    domainsOf(form).forEach(function (domain) {
      var missing = domain.boxes.filter(function (box) { return !box.checked; });
      count += domain.boxes.length - missing.length;
      if (missing.length > rule.max_par_domaine) {
        var reste = missing.length - rule.max_par_domaine;
        planned += reste;
        steps.push({ texte: fill(messages.plan_domaine, { domaine: domain.code, reste: reste }), reste: reste,
          boxes: missing });
      } else {
        others = others.concat(missing);
      }
    });
    var needed = rule.minimum - count - planned;
    if (needed > 0) {
      var key = steps.length === 0 ? "plan_minimum" : others.length ? "plan_minimum_ensuite" : "plan_minimum_ci_dessus";
      steps.push({ texte: fill(messages[key], { minimum: rule.minimum, reste: needed }), reste: needed, boxes: others });
    }
    return steps;
  }

  /* A competency's name and links, read from its line of the checklist. */
  function competencyOf(form, box) {
    var item = box.closest("li");
    var model = item.querySelector('a[href*="modeles/"]');
    var sheet = Array.prototype.filter.call(item.querySelectorAll("a"), function (a) { return a !== model; })[0];
    return {
      code: box.value,
      label: form.querySelector('label[for="' + box.id + '"]').textContent.replace(/\s+/g, " ").trim(),
      sheet: sheet.href,
      model: model.href
    };
  }

  function showPlan(form, steps, texts) {
    var title = document.createElement("p");
    title.className = "c2i2e-verdict__titre c2i2e-plan__titre";
    title.textContent = texts.plan_titre;
    var list = document.createElement("ol");
    list.className = "c2i2e-plan";
    steps.forEach(function (step) {
      var item = document.createElement("li");
      item.appendChild(document.createTextNode(step.texte));
      if (step.boxes.length) {
        var codes = document.createElement("ul");
        step.boxes.forEach(function (box) {
          var competency = competencyOf(form, box);
          var line = document.createElement("li");
          var sheet = document.createElement("a");
          sheet.href = competency.sheet;
          sheet.textContent = competency.label;
          var model = document.createElement("a");
          model.href = competency.model;
          model.textContent = fill(texts.plan_modele, { code: competency.code });
          line.append(sheet, texts.resume_tiret, model);
          codes.appendChild(line);
        });
        item.appendChild(codes);
      }
      list.appendChild(item);
    });
    return [title, list];
  }

  function show(element, verdict, texts, steps, form) {
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
    element.replaceChildren.apply(element, [title, list].concat(steps.length ? showPlan(form, steps, texts) : []));
    element.setAttribute("data-eligible", verdict.eligible ? "true" : "false");
  }

  /* The bar's one line: « 21 / 28 — il en manque 2 ; B.3 : 3 non validées ». */
  function shortSummary(verdict, rule, texts, face) {
    var total = 0;
    var over = [];
    Object.keys(verdict.not_validated_by_domain).forEach(function (code) {
      var missing = verdict.not_validated_by_domain[code];
      if (missing > rule.max_par_domaine) {
        over.push({ domaine: code, non_validees: missing });
      }
    });
    total = verdict.validated + Object.keys(verdict.not_validated_by_domain).reduce(function (sum, code) {
      return sum + verdict.not_validated_by_domain[code];
    }, 0);
    var parts = [];
    if (verdict.eligible) {
      parts.push(texts.resume_oui);
    } else {
      if (verdict.validated < rule.minimum) {
        parts.push(fill(texts.resume_manque, { reste: rule.minimum - verdict.validated }));
      }
      if (over.length === 1) {
        parts.push(fill(texts.resume_domaine, over[0]));
      } else if (over.length > 1) {
        parts.push(fill(texts.resume_domaines, { nombre: over.length, max_par_domaine: rule.max_par_domaine }));
      }
      if (!face) {
        parts.push(texts.resume_face);
      }
    }
    return fill(texts.resume, { validees: verdict.validated, total: total }) + texts.resume_tiret +
      parts.join(texts.resume_separateur);
  }

  /* Each domain's count, meter and rule state, and its fold button (made once). */
  function showDomains(form, rule, texts) {
    domainsOf(form).forEach(function (domain) {
      var fieldset = form.querySelector('fieldset[data-domaine="' + domain.code + '"]');
      var id = "c2i2e-" + domain.code.toLowerCase().replace(/\W+/g, "-");
      var state = fieldset.querySelector(".c2i2e-domaine__etat");
      if (!state) {
        var list = fieldset.querySelector("ul");
        list.id = id + "-liste";
        state = document.createElement("div");
        state.className = "c2i2e-domaine__etat";
        var text = document.createElement("span");
        text.className = "c2i2e-domaine__compte";
        text.id = id + "-compte";
        var meter = document.createElement("meter");
        meter.min = 0;
        meter.max = domain.boxes.length;
        meter.low = domain.boxes.length - rule.max_par_domaine;
        meter.high = domain.boxes.length;
        meter.optimum = domain.boxes.length;
        meter.setAttribute("aria-labelledby", id + "-compte");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "c2i2e-domaine__replier";
        button.setAttribute("aria-controls", list.id);
        button.setAttribute("aria-expanded", "true");
        button.textContent = fill(texts.replier, { domaine: domain.code });
        button.addEventListener("click", function () {
          var open = list.hidden;
          list.hidden = !open;
          button.setAttribute("aria-expanded", open ? "true" : "false");
          button.textContent = fill(open ? texts.replier : texts.deplier, { domaine: domain.code });
        });
        state.append(text, meter, button);
        fieldset.querySelector("legend").after(state);
      }
      var validated = domain.boxes.filter(function (box) { return box.checked; }).length;
      var missing = domain.boxes.length - validated;
      var values = { validees: validated, total: domain.boxes.length, non_validees: missing,
        max_par_domaine: rule.max_par_domaine };
      var ok = missing <= rule.max_par_domaine;
      state.querySelector(".c2i2e-domaine__compte").textContent = fill(texts.domaine_compte, values) +
        texts.resume_tiret + fill(ok ? texts.domaine_ok : texts.domaine_ko, values);
      state.querySelector("meter").value = validated;
      fieldset.setAttribute("data-etat", ok ? "ok" : "ko");
    });
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
  function summary(form, verdict, rule, texts) {
    var date = new Date().toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
    var face = form.querySelector('input[name="face-a-face"]');
    var lines = ["# " + texts.bilan_titre, "", fill(texts.bilan_date, { date: date }), "",
      "## " + texts.bilan_verdict + " : " + (verdict.eligible ? texts.titre_oui : texts.titre_non), ""];
    verdict.reasons.forEach(function (reason) { lines.push("- " + reason); });
    var steps = plan(form, rule);
    if (steps.length) {
      lines.push("", "## " + texts.plan_titre, "");
      steps.forEach(function (step, index) {
        lines.push((index + 1) + ". " + step.texte);
        step.boxes.forEach(function (box) {
          var competency = competencyOf(form, box);
          lines.push("    - [" + competency.label + "](" + competency.sheet + ")" + texts.resume_tiret + "[" +
            fill(texts.plan_modele, { code: competency.code }) + "](" + competency.model + ")");
        });
      });
    }
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
    var bar = form.querySelector("[data-c2i2e-resume]");
    var barText = form.querySelector("[data-c2i2e-resume-texte]");
    var announcement = form.querySelector("[data-c2i2e-annonce]");
    var before = null;

    /* `announce`: after a tick, one short sentence for screen readers (the new count, and the
       verdict when it changed); the full verdict is read on demand (« Voir le bilan complet »). */
    function update(remember, announce) {
      var verdict = evaluate(form, rule);
      var face = form.querySelector('input[name="face-a-face"]').checked;
      show(verdictElement, verdict, texts, plan(form, rule), form);
      showDomains(form, rule, texts);
      barText.textContent = shortSummary(verdict, rule, texts, face);
      if (announce) {
        var total = Object.keys(verdict.not_validated_by_domain).reduce(function (sum, code) {
          return sum + verdict.not_validated_by_domain[code];
        }, verdict.validated);
        var sentence = fill(texts.annonce, {
          validees: fill(rule.messages[verdict.validated > 1 ? "validees_plusieurs" : "validees_une"],
            { count: verdict.validated }),
          total: total
        });
        if (before !== null && before !== verdict.eligible) {
          sentence = fill(texts.annonce_changement, { annonce: sentence,
            titre: verdict.eligible ? texts.titre_oui : texts.titre_non });
        }
        announcement.textContent = sentence;
      }
      before = verdict.eligible;
      if (remember && !save(stateOf(form))) {
        storageNote.hidden = false;
      }
    }

    restore(form, load());
    update(false, false);
    bar.hidden = false;
    /* « Voir le bilan complet »: the verdict's top, below Material's sticky header, gets the focus. */
    form.querySelector("[data-c2i2e-voir]").addEventListener("click", function () {
      var header = document.querySelector(".md-header");
      var offset = header ? header.getBoundingClientRect().bottom : 0;
      verdictElement.focus({ preventScroll: true });
      window.scrollTo(0, window.scrollY + verdictElement.getBoundingClientRect().top - offset - 8);
    });
    form.addEventListener("change", function () { update(true, true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    /* « Tout effacer » is a reset button (it clears the boxes even without
       JavaScript); the boxes are cleared after the event, hence the delay. */
    form.addEventListener("reset", function () {
      window.setTimeout(function () {
        save(null);
        update(false, true);
      }, 0);
    });
    var downloadButton = form.querySelector("[data-c2i2e-telecharger]");
    downloadButton.addEventListener("click", function () {
      download(texts.fichier, summary(form, evaluate(form, rule), rule, texts));
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
