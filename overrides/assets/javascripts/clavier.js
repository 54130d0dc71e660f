/*
 * Portail C2i2e — le bouton « Menu » de l'en-tête au clavier.
 *
 * Sur un petit écran (ou un grand écran zoomé), la navigation est dans un menu
 * latéral que Material ouvre avec une case à cocher cachée (#__drawer) et son
 * <label> dans l'en-tête : ce label n'est pas atteignable par Tab et ne réagit
 * pas à Entrée ni à Espace. On place dans le label un bouton (role="button") :
 * focusable, nommé « Menu », qui dit si le menu est ouvert et s'active au
 * clavier ; Échap referme le menu et rend le focus au bouton. Le clic de la
 * souris reste celui du label. Fonctionne avec la navigation instantanée de
 * Material (document$ et délégation d'événements sur le document).
 */
(function () {
  "use strict";

  var LABEL = 'label.md-header__button[for="__drawer"]';
  var BUTTON = ".portail-menu";

  function drawer() {
    return document.getElementById("__drawer");
  }

  function setUp() {
    var open = drawer() && drawer().checked ? "true" : "false";
    document.querySelectorAll(LABEL).forEach(function (label) {
      var button = label.querySelector(BUTTON);
      if (!button) {
        button = document.createElement("span");
        button.className = "portail-menu";
        button.setAttribute("role", "button");
        button.setAttribute("tabindex", "0");
        button.setAttribute("aria-label", "Menu");
        while (label.firstChild) {
          button.appendChild(label.firstChild);
        }
        label.appendChild(button);
      }
      button.setAttribute("aria-expanded", open);
    });
  }

  function firstLink() {
    return document.querySelector(".md-sidebar--primary a[href]");
  }

  document.addEventListener("keydown", function (event) {
    var toggle = drawer();
    if (!toggle) {
      return;
    }
    var button = event.target.closest && event.target.closest(BUTTON);
    if (button && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      toggle.click();
      if (toggle.checked && firstLink()) {
        firstLink().focus();
      }
    } else if (event.key === "Escape" && toggle.checked) {
      toggle.click();
      var target = document.querySelector(BUTTON);
      if (target) {
        target.focus();
      }
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__drawer") {
      setUp();
    }
  });

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
