/*
  « Recherche », the part that searches (overrides/partials/recherche.html, index made by
  scripts/recherche/ with Pagefind after the build): the query, the results, the keys inside
  the box. What opens and closes the box is in portail.js (part 2), on every page; this
  module is fetched only when the box first opens, along with Pagefind's own files (then
  its French WebAssembly and only the index fragments each query needs): none of it weighs
  on a page's first load (the weight budget, scripts/tools/bench.py).

  The number of results is announced in a live region (WCAG 4.1.3); the arrow keys move
  between the field and the results (2.1.1); Tab and Shift+Tab stay inside the open box
  (2.4.3, portail.js). Listeners are set once on the document (a module runs once), so they survive
  Material's instant navigation.
*/

var PAGE_SIZE = 10; // results shown at a time; a button shows the next ones
/* Pagefind finds the pages that have every word typed. A question typed as it is spoken
   (« combien de compétences faut-il ») has words no page needs to have: when the whole
   query finds nothing, the same query without these small words is tried. */
var SMALL_WORDS = ("a au aux avec ce ces combien comment dans de des du elle en est et faut il ils " +
  "je la le les leur mon ma mes ne nous on ou où par pas pour quand que quel quelle quels quelles " +
  "qui quoi sa se ses si son sur ta te tes ton tu un une vos votre vous y").split(" ");
var pagefind = null; // the loaded module (a promise)
var generation = 0; // the latest query: older answers are dropped

function dialog() { return document.getElementById("c2i2e-recherche"); }
function field() { return document.getElementById("c2i2e-recherche-champ"); }
function status() { return document.querySelector(".c2i2e-recherche__etat"); }
function list() { return document.getElementById("c2i2e-recherche-resultats"); }

/* Pagefind's bundle, from this module's own address (assets/javascripts/recherche.js). */
var BUNDLE = new URL("../../pagefind/pagefind.js", import.meta.url).href;

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

document.addEventListener("input", function (event) {
  if (event.target === field()) search(event.target.value);
});

document.addEventListener("keydown", function (event) {
  if (dialog() && dialog().open && dialog().contains(event.target)) {
    arrows(event);
  }
});

/* Each time the box opens (portail.js): Pagefind is loaded, or loaded again after a failure; what
   was typed before this module arrived is searched. */
export function opened() {
  load().catch(function () { say("La recherche n'a pas pu être chargée. Utilisez le plan du site."); });
  if (!generation && field() && field().value.trim()) search(field().value);
}

/* Enter in the field (portail.js stops the form's submission): the focus goes to the first result. */
export function first() {
  var link = links()[0];
  if (link) link.focus();
}
