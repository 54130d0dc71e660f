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
    if (!element) return false;
    var style = getComputedStyle(element);
    var box = element.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" && box.height > 0 && box.width > 0;
  }

  /* What the page shows over the element's first line, if it is not the element itself. */
  function cover(target) {
    var box = target.getClientRects()[0];
    if (!box) return null;
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
    if (visible(header)) bottom = header.getBoundingClientRect().bottom;
    var top = document.querySelector(".md-top");
    if (top) bottom = Math.max(bottom, (parseFloat(getComputedStyle(top).top) || 0) + (top.offsetHeight || 32));
    return bottom;
  }

  function clear(element) {
    var target = element;
    // A visually hidden control (a theme's checkbox or radio) is seen through its label.
    if (!visible(target) && target.id) target = document.querySelector("label[for='" + target.id + "']") || target;
    if (!visible(target) || target.closest(".md-header, .md-top, dialog")) return;
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
      if (position === "fixed" || position === "sticky") return false;
    }
    return true;
  }

  document.addEventListener("focusin", function (event) {
    var element = event.target;
    // After the browser's own scrolling into view, which happens with the focus; not if the focus
    // has moved on meanwhile (a fast Tab).
    requestAnimationFrame(function () {
      if (document.activeElement === element) clear(element);
    });
  });
})();
