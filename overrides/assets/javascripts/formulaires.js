/* Formulaires du portail C2i2e : envoi sans rechargement, erreurs accessibles.

   Amélioration progressive : sans ce script, chaque formulaire est un envoi
   HTML classique (POST puis page de remerciement). Avec lui :
   - les erreurs de saisie sont affichées en français à côté de chaque champ
     (aria-invalid + aria-describedby), et le focus va au premier champ en
     erreur ;
   - l'envoi se fait avec fetch() et « Accept: application/json », comme le
     prévoit Formspree ; le bouton est désactivé pendant l'envoi ; le résultat
     s'affiche dans la zone d'état (aria-live) du formulaire ;
   - en cas d'échec (refus, service indisponible, réseau coupé, délai dépassé),
     tout ce qui a été saisi reste en place.

   Les textes viennent de la page (attribut data-c2i2e-messages, produit par
   scripts/formulaires/messages.py). Les écouteurs sont posés une fois sur
   `document` (délégation) : ils valent pour les pages chargées par la
   navigation instantanée de Material, sans rechargement. */
(function () {
  "use strict";

  /* Loaded by the forms' pages alone (overrides/main.html, for the weight budget), hence again
     each time the instant navigation brings one back: the listeners are set once (else every
     form would be sent twice). */
  if (window.c2i2eFormulaires) return;
  window.c2i2eFormulaires = true;

  var FORM = "form[data-c2i2e-form]";
  var pending = new Map(); // formulaire -> champs refusés par le navigateur, en attente d'affichage

  function texts(form) {
    try {
      return JSON.parse(form.getAttribute("data-c2i2e-messages")) || {};
    } catch (error) {
      return {};
    }
  }

  function join() {
    return Array.prototype.filter.call(arguments, Boolean).join(" ");
  }

  function status(form, text, kind) {
    var region = form.querySelector("[data-c2i2e-status]");
    if (!region) return null;
    region.classList.remove("c2i2e-form__statut--succes", "c2i2e-form__statut--erreur", "c2i2e-form__statut--envoi");
    if (kind) region.classList.add("c2i2e-form__statut--" + kind);
    region.textContent = text || "";
    return region;
  }

  function describedBy(control, id, present) {
    var ids = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (value) {
      return value && value !== id;
    });
    if (present) ids.push(id);
    if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
    else control.removeAttribute("aria-describedby");
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (control) {
      control.removeAttribute("aria-invalid");
      describedBy(control, control.id + "-erreur", false);
    });
    Array.prototype.forEach.call(form.querySelectorAll(".c2i2e-form__erreur"), function (message) {
      message.textContent = "";
      message.hidden = true;
    });
  }

  /* Affiche l'erreur à côté du champ ; renvoie le champ, ou null s'il n'est pas dans la page. */
  function fieldError(form, name, text, prefix) {
    var control = form.elements.namedItem(name);
    if (!control || !control.id) return null;
    var message = document.getElementById(control.id + "-erreur");
    if (!message) return null;
    message.textContent = "";
    var label = document.createElement("span");
    label.className = "c2i2e-form__prefixe";
    label.textContent = prefix || "";
    message.appendChild(label);
    message.appendChild(document.createTextNode(text));
    message.hidden = false;
    control.setAttribute("aria-invalid", "true");
    describedBy(control, message.id, true);
    return control;
  }

  function summary(form, count) {
    var t = texts(form);
    var text = count === 1 ? t.invalidOne : String(t.invalidMany || "").replace("{n}", count);
    status(form, text, "erreur");
  }

  /* Erreurs renvoyées par le service (422...) : à côté des champs, sinon dans la zone d'état. */
  function showErrors(form, errors) {
    var t = texts(form);
    var fields = t.fields || {};
    var forms = t.forms || {};
    var first = null;
    var count = 0;
    var general = [];
    errors.forEach(function (error) {
      var shown = null;
      if (error && error.field) {
        shown = fieldError(form, error.field, fields[error.code] || t.fieldDefault, t.errorPrefix);
      }
      if (shown) {
        count += 1;
        first = first || shown;
      } else if (error && error.field) {
        general.push(fields[error.code] || t.fieldDefault); // the field's name is the service's, not the page's
      } else {
        general.push((error && forms[error.code]) || t.refused);
      }
    });
    if (general.length || !count) {
      status(form, join(t.errorPrefix + (general.join(" ") || t.refused), t.fallback), "erreur");
      return null;
    }
    summary(form, count);
    return first;
  }

  function setSending(form, sending) {
    var button = form.querySelector("[type=submit]");
    if (sending) {
      form.setAttribute("data-c2i2e-sending", "");
      form.setAttribute("aria-busy", "true");
    } else {
      form.removeAttribute("data-c2i2e-sending");
      form.removeAttribute("aria-busy");
    }
    if (button) button.disabled = sending;
  }

  function focus(element) {
    if (element && typeof element.focus === "function") element.focus();
  }

  function send(form) {
    var t = texts(form);
    var timeout = parseInt(form.getAttribute("data-c2i2e-timeout"), 10) || 20000;
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, timeout) : null;
    var body = new FormData(form);

    clearErrors(form);
    setSending(form, true);
    status(form, t.sending, "envoi");

    fetch(form.action, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "omit",
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          return { response: response, answer: answer || {} };
        });
      })
      .then(function (result) {
        var response = result.response;
        var answer = result.answer;
        if (response.ok && (typeof answer.next === "string" || answer.ok === true)) {
          form.reset();
          focus(status(form, t.success, "succes"));
          return;
        }
        if (response.status === 429 || response.status >= 500) {
          focus(status(form, join(t.errorPrefix + t.unavailable, t.kept, t.fallback), "erreur"));
          return;
        }
        if (response.status === 403 && !Array.isArray(answer.errors)) {
          /* Formspree refuse l'envoi sans rechargement (reCAPTCHA) : envoi classique. */
          setSending(form, false);
          HTMLFormElement.prototype.submit.call(form);
          return;
        }
        var errors = Array.isArray(answer.errors) ? answer.errors : [];
        var first = showErrors(form, errors);
        focus(first || form.querySelector("[data-c2i2e-status]"));
      })
      .catch(function (error) {
        var text = error && error.name === "AbortError" ? t.timeout : t.network;
        focus(status(form, join(t.errorPrefix + text, t.kept, t.fallback), "erreur"));
      })
      .then(function () {
        if (timer) window.clearTimeout(timer);
        setSending(form, false);
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches(FORM)) return;
    if (typeof window.fetch !== "function" || typeof FormData !== "function") return; // envoi classique
    event.preventDefault();
    if (form.hasAttribute("data-c2i2e-sending")) return;
    send(form);
  });

  /* Champs refusés par le navigateur (obligatoire vide, adresse mal formée) : au lieu de la
     bulle du navigateur, le même message français que pour une erreur du service. */
  document.addEventListener("invalid", function (event) {
    var control = event.target;
    var form = control && control.form;
    if (!form || !form.matches(FORM)) return;
    event.preventDefault();
    if (!pending.has(form)) {
      pending.set(form, []);
      window.setTimeout(function () {
        var controls = pending.get(form) || [];
        pending.delete(form);
        var t = texts(form);
        var fields = t.fields || {};
        clearErrors(form);
        var first = null;
        controls.forEach(function (item) {
          var code = item.validity.valueMissing ? "REQUIRED_FIELD_EMPTY"
            : item.validity.typeMismatch && item.type === "email" ? "TYPE_EMAIL" : null;
          var shown = fieldError(form, item.name, (code && fields[code]) || t.fieldDefault, t.errorPrefix);
          first = first || shown;
        });
        summary(form, controls.length);
        focus(first);
      }, 0);
    }
    pending.get(form).push(control);
  }, true);
})();
