/*
  « Recherche » (overrides/partials/recherche.html, index made by scripts/recherche/ with
  Pagefind after the build).

  Nothing of the search is fetched before a student opens it (the button, or « / », « s »,
  « f » as in Material): then Pagefind's script, its French WebAssembly and only the index
  fragments each query needs. The dialog is a native <dialog> opened with showModal(): the
  rest of the page is inert while it is open (focus stays inside, WCAG 2.4.3), Escape closes
  it, and focus goes back to the button (2.4.3). The number of results is announced in a live
  region (4.1.3); the arrow keys move between the field and the results (2.1.1).
  Listeners are set once on the document, so they survive Material's instant navigation.
*/
(function () {
  "use strict";

  var PAGE_SIZE = 10; // results shown at a time; a button shows the next ones
  /* Pagefind finds the pages that have every word typed. A question typed as it is spoken
     (« combien de compétences faut-il ») has words no page needs to have: when the whole
     query finds nothing, the same query without these small words is tried. */
  var SMALL_WORDS = ("a au aux avec ce ces combien comment dans de des du elle en est et faut il ils " +
    "je la le les leur mon ma mes ne nous on ou où par pas pour quand que quel quelle quels quelles " +
    "qui quoi sa se ses si son sur ta te tes ton tu un une vos votre vous y").split(" ");
  var pagefind = null; // the loaded module (a promise), once opened
  var opener = null;
  var generation = 0; // the latest query: older answers are dropped

  function root() { return document.querySelector("[data-c2i2e-recherche]"); }
  function dialog() { return document.getElementById("c2i2e-recherche"); }
  function field() { return document.getElementById("c2i2e-recherche-champ"); }
  function status() { return document.querySelector(".c2i2e-recherche__etat"); }
  function list() { return document.getElementById("c2i2e-recherche-resultats"); }

  /* Pagefind's bundle, from this script's own address (assets/javascripts/recherche.js): the
     header, and its relative links, stay those of the first page after an instant navigation. */
  var BUNDLE = new URL("../../pagefind/pagefind.js", document.currentScript.src).href;

  function load() {
    if (!pagefind) {
      pagefind = import(BUNDLE).then(function (module) {
        // No worker: one script less to fetch, and the index is small enough for the page itself.
        return module.options({ noWorker: true, excerptLength: 24 }).then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function open(from) {
    var box = dialog();
    if (!box || box.open) return;
    opener = from || document.querySelector(".c2i2e-recherche__ouvrir");
    box.showModal();
    field().focus();
    field().select();
    load().catch(function () { say("La recherche n'a pas pu être chargée. Utilisez le plan du site."); });
  }

  function close() {
    var box = dialog();
    if (box && box.open) box.close();
  }

  function say(text) {
    var region = status();
    if (region) region.textContent = text;
  }

  function announce(count, query) {
    var quoted = "« " + query + " »";
    if (count === 0) return "Aucun résultat pour " + quoted;
    return count + (count === 1 ? " résultat pour " : " résultats pour ") + quoted;
  }

  /* Pagefind's excerpts are escaped text with <mark> around the words found: rebuilt as nodes,
     never inserted as HTML. */
  function excerpt(html) {
    var paragraph = document.createElement("p");
    paragraph.className = "c2i2e-recherche__extrait";
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  /* The section where the words matter most: the sub-result with the most weight, unless it is
     the page's top (then the page itself is the place). */
  function section(data) {
    var best = null;
    (data.sub_results || []).forEach(function (sub) {
      var weight = (sub.weighted_locations || []).reduce(function (sum, location) { return sum + location.weight; }, 0);
      if (!best || weight > best.weight) best = { sub: sub, weight: weight };
    });
    return best && best.sub.url !== data.url && best.sub.title !== data.meta.title ? best.sub : null;
  }

  function item(data) {
    var sub = section(data);
    var entry = document.createElement("li");
    entry.className = "c2i2e-recherche__resultat";
    var link = document.createElement("a");
    link.href = sub ? sub.url : data.url;
    link.className = "c2i2e-recherche__lien";
    var title = document.createElement("span");
    title.className = "c2i2e-recherche__page";
    title.textContent = data.meta.title || data.url;
    link.appendChild(title);
    if (sub) {
      var where = document.createElement("span");
      where.className = "c2i2e-recherche__section";
      where.textContent = sub.title;
      link.appendChild(document.createTextNode(" — "));
      link.appendChild(where);
    }
    entry.appendChild(link);
    entry.appendChild(excerpt(sub ? sub.excerpt : data.excerpt));
    return entry;
  }

  function search(query) {
    var mine = ++generation;
    var text = query.trim();
    if (!text) {
      list().replaceChildren();
      say("");
      return;
    }
    load().then(function (module) {
      return module.debouncedSearch(text, {}, 120).then(function (found) {
        if (found === null || found.results.length || mine !== generation) return found;
        var words = text.toLowerCase().split(/[\s'’-]+/).filter(function (word) {
          return word && SMALL_WORDS.indexOf(word) < 0;
        });
        return words.length ? module.search(words.join(" ")) : found;
      });
    }).then(function (found) {
      if (found === null || mine !== generation) return null; // a newer query is under way
      list().replaceChildren();
      return show(found.results, 0, mine).then(function () {
        if (mine === generation) say(announce(found.results.length, text));
      });
    }).catch(function () {
      say("La recherche n'a pas pu être faite. Utilisez le plan du site.");
    });
  }

  /* Results `start` to `start + PAGE_SIZE`, then a button for the next ones: every result can be
     reached, and only the fragments of those shown are fetched. */
  function show(results, start, mine) {
    var slice = results.slice(start, start + PAGE_SIZE);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (pages) {
      if (mine !== generation) return null;
      var more = list().querySelector(".c2i2e-recherche__plus");
      if (more) more.remove();
      var entries = pages.map(item);
      entries.forEach(function (entry) { list().appendChild(entry); });
      var rest = results.length - start - slice.length;
      if (rest > 0) {
        var holder = document.createElement("li");
        holder.className = "c2i2e-recherche__plus";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "c2i2e-recherche__suite";
        button.textContent = "Afficher " + Math.min(rest, PAGE_SIZE) + " résultats de plus (" + rest + " restants)";
        button.addEventListener("click", function () {
          show(results, start + PAGE_SIZE, mine).then(function (added) {
            if (added && added[0]) added[0].querySelector("a").focus();
          });
        });
        holder.appendChild(button);
        list().appendChild(holder);
      }
      return entries;
    });
  }

  function links() { return Array.prototype.slice.call(list().querySelectorAll("a, button")); }

  /* Arrow keys: from the field to the results, between them, and back up to the field. */
  function arrows(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    if (!all.length) return;
    var index = all.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? index + 1 : index - 1;
    event.preventDefault();
    if (next < 0) field().focus();
    else all[Math.min(next, all.length - 1)].focus();
  }

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable='true']") !== null;
  }

  // Material's shortcuts, caught first (capture, on window) so that the theme does not act on them.
  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (!root() || (dialog() && dialog().open)) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      event.stopImmediatePropagation();
      open(document.querySelector(".c2i2e-recherche__ouvrir"));
    }
  }, true);

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

  document.addEventListener("input", function (event) {
    if (event.target === field()) search(event.target.value);
  });

  /* Tab and Shift+Tab go round inside the open dialog: the page behind is inert, and the focus
     would otherwise leave for the browser's own controls (WCAG 2.4.3). */
  function round(event) {
    if (event.key !== "Tab") return;
    var stops = Array.prototype.slice.call(dialog().querySelectorAll("button, input, a[href]"))
      .filter(function (element) { return element.getClientRects().length > 0; });
    var first = stops[0], last = stops[stops.length - 1];
    if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    } else if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (dialog() && dialog().open && dialog().contains(event.target)) {
      arrows(event);
      round(event);
    }
  });

  document.addEventListener("submit", function (event) {
    if (event.target.closest(".c2i2e-recherche__formulaire")) {
      event.preventDefault();
      var first = links()[0];
      if (first) first.focus();
    }
  });

  // Closed by Escape, the button or a result: the focus goes back where the student was.
  document.addEventListener("close", function (event) {
    if (event.target === dialog() && opener && document.contains(opener)) opener.focus();
  }, true);
})();
