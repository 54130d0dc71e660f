/*
 * Portail C2i2e — the navigation with the keyboard and a screen reader.
 *
 * 1. The header's « Menu » label (Material's hidden #__drawer checkbox) holds a
 *    focusable button named « Menu » that says whether the menu is open and
 *    works with Enter and Space (WCAG 2.1.1, 4.1.2).
 * 2. Every section toggle of the navigation (a <label> for a hidden checkbox)
 *    is a button with its section's name and its state, activated by Enter
 *    and Space; every navigation landmark is named by its own panel's title,
 *    which stays in the accessibility tree when the drawer opens a sub-panel
 *    (WCAG 4.1.2, 1.3.1).
 * 3. In the drawer (below 1220 px), only the panel on screen can receive the
 *    focus: the panels behind or beside it, and the page behind the overlay,
 *    are inert while the menu is open (WCAG 2.1.1, 2.4.3, 2.4.7). Opening it
 *    moves the focus to the current panel; each sub-panel's back control is a
 *    named button; Escape and « Fermer le menu » close it and give the focus
 *    back to the Menu button (WCAG 2.1.2, 2.4.3).
 * 4. The palette toggle (light, dark, automatic) works with Space as with Enter.
 *
 * Listeners are set once on the document and the DOM is set up again on each
 * page (Material's document$, in both MkDocs' Material and Zensical), so it
 * survives the instant navigation. The mouse keeps Material's own behaviour.
 */
(function () {
  "use strict";

  var MENU_LABEL = 'label.md-header__button[for="__drawer"]';
  var BUTTON = ".portail-menu";
  var CLOSE = ".portail-menu-fermer";
  var SIDEBAR = ".md-sidebar--primary";
  // Material's drawer breakpoint (its own media query, 76.25em = 1220 px).
  var DRAWER = window.matchMedia("screen and (max-width: 76.234375em)");
  var MARK = "data-portail-inert";

  function drawer() {
    return document.getElementById("__drawer");
  }

  function isOpen() {
    return !!(drawer() && drawer().checked && DRAWER.matches);
  }

  function text(node) {
    return (node ? node.textContent : "").replace(/\s+/g, " ").trim();
  }

  // The checkbox a navigation label toggles (its `for`), inside the primary sidebar.
  function toggleOf(label) {
    var id = label.getAttribute("for");
    return id ? document.getElementById(id) : null;
  }

  // A section's name: its label's text, or (an icon-only toggle beside an index
  // page's link) the link's text.
  function sectionName(label) {
    var name = text(label);
    if (!name && label.parentElement) {
      name = text(label.parentElement.querySelector("a.md-nav__link"));
    }
    return name;
  }

  /* ---- 1. The Menu button ---------------------------------------------- */

  function setUpMenuButton() {
    var open = drawer() && drawer().checked ? "true" : "false";
    document.querySelectorAll(MENU_LABEL).forEach(function (label) {
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
    var sidebar = document.querySelector(SIDEBAR);
    if (sidebar && !sidebar.querySelector(CLOSE)) {
      var close = document.createElement("button");
      close.type = "button";
      close.className = "portail-menu-fermer md-icon";
      close.setAttribute("aria-label", "Fermer le menu");
      close.setAttribute("title", "Fermer le menu");
      close.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
        + '<path d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"/></svg>';
      sidebar.insertBefore(close, sidebar.firstChild);
    }
  }

  /* ---- 2. Section toggles: buttons with a name and a state -------------- */

  function setUpToggles() {
    var sidebar = document.querySelector(SIDEBAR);
    if (!sidebar) {
      return;
    }
    var inDrawer = DRAWER.matches;
    sidebar.querySelectorAll("label.md-nav__link[for]").forEach(function (label) {
      var toggle = toggleOf(label);
      if (!toggle) {
        return;
      }
      // Material leaves the sections' labels out of the Tab order on a wide screen (they are
      // headings there); in the drawer, every section opens a panel and must be reachable.
      if (!label.hasAttribute("data-portail-tabindex")) {
        label.setAttribute("data-portail-tabindex", label.getAttribute("tabindex") || "");
      }
      // An icon-only toggle (beside its section's index link) is named after the section; the
      // section's panel, which Material labels with this toggle (aria-labelledby), is named too.
      if (!text(label)) {
        label.setAttribute("aria-label", "Sous-menu : " + sectionName(label));
      }
      var interactive = inDrawer || label.getAttribute("data-portail-tabindex") === "0";
      if (interactive) {
        label.setAttribute("role", "button");
        label.setAttribute("tabindex", "0");
        label.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
      } else {
        label.removeAttribute("role");
        label.removeAttribute("aria-expanded");
        label.removeAttribute("tabindex");
      }
    });
    // Each panel's title is its back control in the drawer: a named button there.
    sidebar.querySelectorAll("label.md-nav__title[for]").forEach(function (title) {
      var back = title.getAttribute("for") !== "__drawer";
      if (inDrawer && back) {
        title.setAttribute("role", "button");
        title.setAttribute("tabindex", "0");
        title.setAttribute("aria-label", text(title) + " : revenir au menu précédent");
      } else {
        title.removeAttribute("role");
        title.removeAttribute("tabindex");
        title.removeAttribute("aria-label");
      }
    });
    // Every panel is a navigation landmark named by its own title. Material names a sub-panel by
    // its section's toggle (aria-labelledby), but in the drawer that toggle is inert behind the
    // opened panel, and a name taken from an inert element is dropped: the landmark would lose it.
    sidebar.querySelectorAll("nav.md-nav").forEach(function (nav) {
      var title = nav.querySelector(":scope > label.md-nav__title");
      var by = nav.getAttribute("aria-labelledby");
      var toggle = by && document.getElementById(by);
      var name = text(title) || (toggle ? sectionName(toggle) : "");
      if (by && name) {
        nav.removeAttribute("aria-labelledby");
        nav.setAttribute("aria-label", name);
      } else if (!nav.getAttribute("aria-label") && !by) {
        nav.setAttribute("aria-label", name || "Navigation");
      }
    });
  }

  /* ---- 3. The open drawer: only its visible panel is reachable ----------- */

  // The panel on screen: the deepest one whose toggle is checked, from the top level down.
  function currentPanel(sidebar) {
    var panel = sidebar.querySelector("nav.md-nav--primary");
    while (panel) {
      var next = null;
      var items = panel.querySelectorAll(":scope > ul > li");
      for (var i = 0; i < items.length && !next; i++) {
        var toggle = items[i].querySelector(":scope > input.md-nav__toggle");
        var child = items[i].querySelector(":scope > nav.md-nav");
        if (toggle && toggle.checked && child) {
          next = child;
        }
      }
      if (!next) {
        return panel;
      }
      panel = next;
    }
    return null;
  }

  function mark(element) {
    if (!element.inert && !element.matches(CLOSE)) {
      element.inert = true;
      element.setAttribute(MARK, "");
    }
  }

  function updateInert() {
    document.querySelectorAll("[" + MARK + "]").forEach(function (element) {
      element.inert = false;
      element.removeAttribute(MARK);
    });
    var sidebar = document.querySelector(SIDEBAR);
    if (!sidebar || !isOpen()) {
      return null;
    }
    var panel = currentPanel(sidebar);
    if (!panel) {
      return null;
    }
    // The closed panels inside it…
    panel.querySelectorAll("nav.md-nav").forEach(mark);
    // …and everything beside it, up to the page's body (the page behind the overlay).
    for (var node = panel; node && node !== document.body; node = node.parentElement) {
      var parent = node.parentElement;
      if (!parent) {
        break;
      }
      for (var i = 0; i < parent.children.length; i++) {
        var sibling = parent.children[i];
        if (sibling !== node && !sibling.matches("input, script, style")) {
          mark(sibling);
        }
      }
    }
    return panel;
  }

  // The first thing to focus in a panel: its back control when just opened, else the current
  // page's entry, else its first control (only what is displayed: Material hides some).
  function focusIn(panel, preferBack) {
    if (!panel) {
      return;
    }
    var shown = function (selector) {
      return Array.prototype.filter.call(panel.querySelectorAll(selector), function (element) {
        return element.getClientRects().length > 0 && !element.closest("[inert]");
      })[0];
    };
    var item = ":scope > ul > li > ";
    var back = shown(':scope > label.md-nav__title[tabindex="0"]');
    var active = shown(item + ".md-nav__link--active, " + item + ".md-nav__container > .md-nav__link--active");
    var first = shown(item + "a[href], " + item + 'label[tabindex="0"], ' + item + ".md-nav__container > *");
    var target = (preferBack && back) || active || first || back;
    if (target) {
      target.focus();
    }
  }

  function setUp() {
    setUpMenuButton();
    setUpToggles();
    updateInert();
  }

  function activate(control) {
    if (control.matches(BUTTON)) {
      drawer().click();
      if (isOpen()) {
        focusIn(updateInert(), false);
      }
      return;
    }
    var toggle = toggleOf(control);
    if (!toggle) {
      return;
    }
    var opening = !toggle.checked;
    var back = control.matches("label.md-nav__title");
    // The label's own click: the checkbox changes and Material updates the panel's state.
    control.click();
    if (!isOpen()) {
      return;
    }
    var panel = updateInert();
    if (back) {
      // Back: the focus returns to the toggle of the panel just left.
      var left = document.querySelector(SIDEBAR + ' label.md-nav__link[for="' + toggle.id + '"]');
      if (left && !left.closest("[inert]")) {
        left.focus();
      } else {
        focusIn(panel, false);
      }
    } else if (opening) {
      focusIn(panel, true);
    }
  }

  function closeMenu() {
    if (drawer() && drawer().checked) {
      drawer().click();
    }
    var target = document.querySelector(BUTTON);
    if (target) {
      target.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (!drawer() || !event.target.closest) {
      return;
    }
    // The palette toggle (Material's hidden radio button, drawn by its label): Material switches
    // on Enter only; Space, a button's other key, does the same (WCAG 2.1.1).
    if (event.key === " " && event.target.matches(".md-option")) {
      var next = event.target.nextElementSibling;
      if (next && next.matches("label")) {
        event.preventDefault();
        next.click();
        var chosen = document.getElementById(next.htmlFor);
        if (chosen) {
          chosen.focus();
        }
      }
      return;
    }
    var control = event.target.closest(BUTTON + ", " + SIDEBAR + ' label[role="button"]');
    if (control && (event.key === "Enter" || event.key === " ")) {
      // Material clicks a focused label on Enter too (on window): the portal handles it alone.
      event.preventDefault();
      event.stopPropagation();
      activate(control);
    } else if (event.key === "Escape" && drawer().checked) {
      closeMenu();
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(CLOSE)) {
      closeMenu();
    }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && (target.id === "__drawer" || target.matches(SIDEBAR + " .md-nav__toggle"))) {
      setUp();
    }
  });

  DRAWER.addEventListener("change", setUp);

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
