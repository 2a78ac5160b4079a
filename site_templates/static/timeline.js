// Filter and search the timeline; the state lives in the query string (?q=...&source=...).
// Without this script every event is listed and the form stays hidden.
(function () {
  "use strict";
  var form = document.getElementById("filter");
  var timeline = document.getElementById("timeline");
  if (!form || !timeline || !window.URLSearchParams) {
    return;
  }
  var query = form.elements.q;
  var source = form.elements.source;
  var status = document.getElementById("filter-status");
  var none = document.getElementById("no-results");
  var items = Array.prototype.slice.call(timeline.querySelectorAll("li.event"));
  var runs = Array.prototype.slice.call(timeline.querySelectorAll(".run"));
  var periods = Array.prototype.slice.call(timeline.querySelectorAll(".period"));

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var haystacks = items.map(function (item) {
    return fold(item.getAttribute("data-search") || item.textContent);
  });

  function fromUrl() {
    var params = new URLSearchParams(window.location.search);
    query.value = params.get("q") || "";
    var wanted = params.get("source") || "";
    var known = Array.prototype.some.call(source.options, function (option) {
      return option.value === wanted;
    });
    source.value = known ? wanted : "";
  }

  function toUrl() {
    var params = new URLSearchParams();
    if (query.value.trim()) {
      params.set("q", query.value.trim());
    }
    if (source.value) {
      params.set("source", source.value);
    }
    var search = params.toString();
    var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function hideEmpty(containers) {
    containers.forEach(function (container) {
      container.hidden = !container.querySelector("li.event:not([hidden])");
    });
  }

  function apply() {
    var terms = fold(query.value).split(/\s+/).filter(Boolean);
    var wanted = source.value;
    var shown = 0;
    items.forEach(function (item, index) {
      var sources = (item.getAttribute("data-sources") || "").split(" ");
      var match = (!wanted || sources.indexOf(wanted) !== -1) &&
        terms.every(function (term) { return haystacks[index].indexOf(term) !== -1; });
      item.hidden = !match;
      if (match) {
        shown += 1;
      }
    });
    hideEmpty(runs);
    hideEmpty(periods);
    var filtered = terms.length > 0 || wanted !== "";
    status.textContent = filtered
      ? shown + " of " + items.length + " events shown"
      : items.length + " events";
    none.hidden = shown > 0;
  }

  form.addEventListener("input", function () {
    apply();
    toUrl();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
    toUrl();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      apply();
      toUrl();
    }, 0);
  });
  window.addEventListener("popstate", function () {
    fromUrl();
    apply();
  });

  fromUrl();
  apply();
  form.hidden = false;
}());
