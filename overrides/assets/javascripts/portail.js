/*
 * Portail C2i2e — the scripts every page needs, in one file (one request for the first-load weight
 * budget); those only some pages need are apart (positionnement.js, formulaires.js), loaded by those
 * pages alone (overrides/main.html). Four independent parts, each setting its listeners once on the
 * document and its DOM again on each page (Material's document$, in MkDocs' Material and Zensical),
 * so that they survive the instant navigation:
 *
 *   1. the navigation with the keyboard and a screen reader: the header's Menu button, every
 *      section toggle a named button with its state, each navigation landmark named, in the drawer
 *      (below 1220 px) only the panel on screen focusable, Escape and « Fermer le menu » closing it,
 *      the palette toggle working with Space (WCAG 2.1.1, 2.1.2, 2.4.3, 4.1.2, 1.3.1);
 *   2. « Recherche », the portal's search: what opens and closes it, and the single-key shortcuts,
 *      off until the person turns them on (the part that searches, recherche.js, is fetched when
 *      the box first opens);
 *   3. the focus never hidden under the sticky header (WCAG 2.4.11);
 *   4. a table wider than the screen reachable with the keyboard (WCAG 2.1.1).
 */

/* Tab and Shift+Tab go round the reachable controls of what is open over the page (the drawer, the
   search box): past the last one the focus would leave for the browser's own controls, the page
   behind being inert (WCAG 2.4.3). Shared by parts 1 and 2. */
function goRound(container, event) {
  var stops = Array.prototype.filter.call(
    container.querySelectorAll('a[href], button, input, select, textarea, [tabindex="0"]'),
    function (element) {
      return element.tabIndex >= 0 && element.getClientRects().length > 0 && !element.closest("[inert]");
    });
  if (!stops.length) {
    return;
  }
  var first = stops[0];
  var last = stops[stops.length - 1];
  if (!event.shiftKey && event.target === last) {
    event.preventDefault();
    first.focus();
  } else if (event.shiftKey && event.target === first) {
    event.preventDefault();
    last.focus();
  }
}

/* ======================================================================== 1. Keyboard */

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

  // Each heading's « ¶ » link says what it is and where it leads (RGAA 6.1): its visible sign alone does not.
  function setUpPermalinks() {
    document.querySelectorAll(".md-content a.headerlink:not([aria-label])").forEach(function (link) {
      var heading = link.parentElement;
      var title = heading ? text(heading).replace(/\s*¶$/, "") : "";
      link.setAttribute("aria-label", "¶ Lien vers la section « " + title + " »");
    });
  }

  // The theme's icons are inline SVG. Beside a text they are decorative, hidden from assistive
  // technologies (RGAA 1.2); alone in a link or button, the icon is that control's image, named
  // like the control's title (RGAA 1.1). An icon the page names itself is left as it is.
  function nameIcons() {
    document.querySelectorAll("svg:not([aria-hidden]):not([role])").forEach(function (icon) {
      var control = icon.closest("a, button, label");
      var name = control && !text(control) ? control.getAttribute("aria-label") || control.getAttribute("title") : "";
      if (name) {
        icon.setAttribute("role", "img");
        icon.setAttribute("aria-label", name);
      } else {
        icon.setAttribute("aria-hidden", "true");
      }
      icon.setAttribute("focusable", "false");
    });
  }

  // The theme names its « Précédent » and « Suivant » links « Précédent: Title », which axe finds does
  // not match what they show (RGAA 6.1.5, WCAG 2.5.3): a link that shows its text is named by it; on a
  // phone, where only the arrow shows, the name stays (« Précédent : Title »).
  function nameFooterLinks() {
    document.querySelectorAll(".md-footer__link").forEach(function (link) {
      var title = link.querySelector(".md-footer__title");
      if (title && title.getClientRects().length) {
        link.removeAttribute("aria-label");
      } else {
        link.setAttribute("aria-label", text(link.querySelector(".md-footer__direction")) + " : "
          + text(link.querySelector(".md-ellipsis")));
      }
    });
  }

  window.addEventListener("resize", nameFooterLinks);

  // The palette's radio buttons: until one is chosen none is checked, and Shift+Tab then enters the
  // group on its last button, whose label is hidden (the focus unseen, another theme's name heard).
  // The one drawn, the current choice, is checked: both directions land on it.
  function checkShownPalette() {
    document.querySelectorAll('form[data-md-component="palette"]').forEach(function (form) {
      if (form.querySelector(".md-option:checked")) {
        return;
      }
      Array.prototype.forEach.call(form.querySelectorAll(".md-option"), function (option) {
        var label = option.nextElementSibling;
        if (label && label.matches("label") && !label.hidden) {
          option.checked = true;
        }
      });
    });
  }

  function setUp() {
    checkShownPalette();
    setUpMenuButton();
    setUpToggles();
    updateInert();
    setUpPermalinks();
    nameIcons();
    nameFooterLinks();
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

  // Tab and Shift+Tab go round the open drawer (see goRound).
  function round(event) {
    var sidebar = document.querySelector(SIDEBAR);
    if (sidebar && isOpen() && sidebar.contains(event.target)) {
      goRound(sidebar, event);
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
    } else if (event.key === "Tab") {
      round(event);
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

/* ======================================================================== 2. Search */

/*
  « Recherche » (overrides/partials/recherche.html, index made by scripts/recherche/ with
  Pagefind after the build): what opens and closes it, on every page.

  Nothing of the search is fetched before a student opens it (the button, or « / », « s »,
  « f » once the footer's switch has turned single-key shortcuts on): then the part that searches (assets/javascripts/recherche.js, a
  module: the query, the results, the keys inside the box) and Pagefind's files, out of every
  page's first load (the weight budget). The dialog is a native <dialog> opened with
  showModal(): the rest of the page is inert while it is open (focus stays inside, WCAG 2.4.3),
  Escape closes it, and focus goes back to the button (2.4.3).
  Listeners are set once on the document, so they survive Material's instant navigation.
*/
(function () {
  "use strict";

  var rest = null; // recherche.js (a promise), once the box has opened
  var opener = null;

  function root() {
    return document.querySelector("[data-c2i2e-recherche]");
  }
  function dialog() {
    return document.getElementById("c2i2e-recherche");
  }
  function field() {
    return document.getElementById("c2i2e-recherche-champ");
  }

  /* The part that searches, from this script's own address (assets/javascripts/portail.js): the
     header, and its relative links, stay those of the first page after an instant navigation. */
  var REST = new URL("recherche.js", document.currentScript.src).href;

  function load() {
    if (!rest) {
      rest = import(REST);
      rest.catch(function () {
        rest = null;
        var region = document.querySelector(".c2i2e-recherche__etat");
        if (region) {
          region.textContent = "La recherche n'a pas pu être chargée. Utilisez le plan du site.";
        }
      });
    }
    return rest;
  }

  function open(from) {
    var box = dialog();
    if (!box || box.open) {
      return;
    }
    opener = from || document.querySelector(".c2i2e-recherche__ouvrir");
    box.showModal();
    field().focus();
    field().select();
    load().then(function (module) { module.opened(); }, function () {});
  }

  function close() {
    var box = dialog();
    if (box && box.open) {
      box.close();
    }
  }

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable='true']") !== null;
  }

  // Single-key shortcuts (the theme's n . p , and the search's s f /) act only once the person has
  // turned them on (WCAG 2.1.4): a dictated word or a stray key must not take them elsewhere. Caught
  // first (capture, on window), so that the theme never sees them otherwise.
  var SHORTCUTS = ["n", ".", "p", ",", "s", "f", "/"];
  var SEARCH_KEYS = ["s", "f", "/"];
  var SETTING = "portail.raccourcis";
  var SWITCH = "portail-raccourcis";

  function shortcutsOn() {
    try {
      return window.localStorage.getItem(SETTING) === "oui";
    } catch (error) {
      return false; // storage refused: the default, off
    }
  }

  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || SHORTCUTS.indexOf(event.key) < 0) {
      return;
    }
    if (typing(event.target)) {
      return;
    }
    if (!shortcutsOn()) {
      event.stopImmediatePropagation();
      return;
    }
    if (SEARCH_KEYS.indexOf(event.key) >= 0 && root() && !(dialog() && dialog().open)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      open(document.querySelector(".c2i2e-recherche__ouvrir"));
    }
  }, true);

  // The footer's switch: shown once this script runs (without it there are no shortcuts), checked
  // from the remembered setting on every page, instant navigation included.
  function setUpSwitch() {
    document.querySelectorAll(".c2i2e-recherche__ouvrir").forEach(function (button) {
      if (shortcutsOn()) {
        button.setAttribute("aria-keyshortcuts", "/ s f");
      } else {
        button.removeAttribute("aria-keyshortcuts");
      }
    });
    var box = document.getElementById(SWITCH);
    if (!box) {
      return;
    }
    box.checked = shortcutsOn();
    var holder = box.closest("[hidden]");
    if (holder) {
      holder.removeAttribute("hidden");
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target.id !== SWITCH) {
      return;
    }
    try {
      if (event.target.checked) {
        window.localStorage.setItem(SETTING, "oui");
      } else {
        window.localStorage.removeItem(SETTING);
      }
    } catch (error) {
      event.target.checked = false; // nowhere to remember it: stay off
    }
    setUpSwitch();
  });

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUpSwitch);
  } else {
    document.addEventListener("DOMContentLoaded", setUpSwitch);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest(".c2i2e-recherche__ouvrir")) {
      open(target.closest(".c2i2e-recherche__ouvrir"));
    } else if (target.closest("[data-c2i2e-fermer]")) {
      close();
    } else if (target === dialog()) {
      close(); // a click on the backdrop, around the box
    } else if (target.closest(".c2i2e-recherche__lien")) {
      close(); // the page (or Material's instant navigation) follows the link
    }
  });

  // Typing after a failed load tries again (the part that searches then searches what was typed).
  document.addEventListener("input", function (event) {
    if (event.target === field() && !rest) {
      load().then(function (module) { module.opened(); }, function () {});
    }
  });

  // Enter in the field: never the form's own submission (it would reload the page), even before
  // the part that searches has arrived; then the focus goes to the first result.
  document.addEventListener("submit", function (event) {
    if (event.target.closest(".c2i2e-recherche__formulaire")) {
      event.preventDefault();
      load().then(function (module) { module.first(); }, function () {});
    }
  });

  // Escape in the field closes the box, as its help says: the browser would only empty a search
  // field at the first Escape, and a screen reader would say nothing of it.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target === field() && dialog() && dialog().open) {
      event.preventDefault();
      close();
    } else if (event.key === "Tab" && dialog() && dialog().open && dialog().contains(event.target)) {
      goRound(dialog(), event);
    }
  });

  // Closed by Escape, the button or a result: the focus goes back where the student was.
  document.addEventListener("close", function (event) {
    if (event.target === dialog() && opener && document.contains(opener)) {
      opener.focus();
    }
  }, true);
})();

/* ======================================================================== 3. Focus */

/*
  Focus never hidden (WCAG 2.4.11 Focus Not Obscured).

  When an element receives the focus, the browser scrolls it into view, but knows nothing of
  what the theme keeps on top of the page: the sticky header (taller on a phone, where its
  title wraps), the « Retour en haut de la page » button that appears under it as soon as the
  page scrolls up (which moving backwards with Shift+Tab does), and in the side navigation
  the sticky title of each panel. After each focus, if one of them covers the focused element,
  the page (or the navigation's own scroll area) scrolls just enough to bring it clear.
  A bottom bar of a page (Mon positionnement's summary) keeps its own room with
  scroll-padding-bottom, in portail.css.
*/
(function () {
  "use strict";

  var GAP = 8; // px between the element and what sits above it

  function visible(element) {
    if (!element) {
      return false;
    }
    var style = getComputedStyle(element);
    var box = element.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" && box.height > 0 && box.width > 0;
  }

  /* What the page shows over the element's first line, if it is not the element itself. */
  function cover(target) {
    var box = target.getClientRects()[0];
    if (!box) {
      return null;
    }
    var x = Math.min(Math.max(box.left + Math.min(box.width, 48) / 2, 0), window.innerWidth - 1);
    var y = Math.min(Math.max(box.top + Math.min(box.height, 16) / 2, 0), window.innerHeight - 1);
    var hit = document.elementFromPoint(x, y);
    return hit && hit !== target && !target.contains(hit) ? hit : null;
  }

  /* The lowest point of the header and of the « Retour en haut » button, which shows while
     scrolling up: counted even when hidden, so that it cannot appear over the element once the
     page has scrolled. */
  function coveredUntil() {
    var bottom = 0;
    var header = document.querySelector(".md-header");
    if (visible(header)) {
      bottom = header.getBoundingClientRect().bottom;
    }
    var top = document.querySelector(".md-top");
    if (top) {
      bottom = Math.max(bottom, (parseFloat(getComputedStyle(top).top) || 0) + (top.offsetHeight || 32));
    }
    return bottom;
  }

  function clear(element) {
    var target = element;
    // A visually hidden control (a theme's checkbox or radio) is seen through its label.
    if (!visible(target) && target.id) {
      target = document.querySelector("label[for='" + target.id + "']") || target;
    }
    if (!visible(target) || target.closest(".md-header, .md-top, dialog")) {
      return;
    }
    var hit = cover(target);
    var title = hit && hit.closest(".md-nav__title");
    var area = target.closest(".md-sidebar__scrollwrap");
    if (title && area) {
      // The navigation panel's sticky title: scroll the panel, not the page.
      var under = title.getBoundingClientRect().bottom;
      area.scrollBy({ top: target.getBoundingClientRect().top - under - GAP, behavior: "instant" });
    } else if (scrollsWithPage(target) && target.getBoundingClientRect().top < coveredUntil() + GAP
               || hit && hit.closest(".md-header, .md-top")) {
      window.scrollBy({ top: target.getBoundingClientRect().top - coveredUntil() - GAP, behavior: "instant" });
    }
  }

  /* Whether scrolling the page moves the element (not so in a sticky side navigation or a fixed panel). */
  function scrollsWithPage(element) {
    for (var node = element; node && node !== document.body; node = node.parentElement) {
      var position = getComputedStyle(node).position;
      if (position === "fixed" || position === "sticky") {
        return false;
      }
    }
    return true;
  }

  document.addEventListener("focusin", function (event) {
    var element = event.target;
    // After the browser's own scrolling into view, which happens with the focus; not if the focus
    // has moved on meanwhile (a fast Tab).
    requestAnimationFrame(function () {
      if (document.activeElement === element) {
        clear(element);
      }
    });
  });
})();

/* ======================================================================== 4. Wide tables */

/*
  A table wider than the screen scrolls inside its frame (Material's .md-typeset__scrollwrap): that
  frame then takes the focus, so that the arrow keys scroll it, and is a region named after the
  table's headers (WCAG 2.1.1). Re-checked when the width changes.
*/
(function () {
  "use strict";

  var FRAME = ".md-typeset__scrollwrap";

  function name(frame) {
    var caption = frame.querySelector("caption");
    var headers = Array.prototype.map.call(frame.querySelectorAll("thead th"), function (cell) {
      return cell.textContent.replace(/\s+/g, " ").trim();
    }).filter(Boolean);
    var what = caption ? caption.textContent.replace(/\s+/g, " ").trim() : headers.join(", ");
    return "Tableau" + (what ? " : " + what : "") + " (défilement horizontal)";
  }

  function setUp() {
    document.querySelectorAll(FRAME).forEach(function (frame) {
      if (frame.scrollWidth > frame.clientWidth + 1) {
        frame.setAttribute("tabindex", "0");
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", name(frame));
      } else if (frame.hasAttribute("tabindex")) {
        frame.removeAttribute("tabindex");
        frame.removeAttribute("role");
        frame.removeAttribute("aria-label");
      }
    });
  }

  var pending = null;
  window.addEventListener("resize", function () {
    window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(setUp);
  });

  if (typeof document$ !== "undefined") {
    document$.subscribe(function () {
      window.requestAnimationFrame(setUp);
    });
  } else {
    document.addEventListener("DOMContentLoaded", setUp);
  }
})();
