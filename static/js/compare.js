/* Compare basket: progressive enhancement of the "Add to compare" links.
 *
 * Without JavaScript each link opens /compare/?c=<that career>. With it, the codes of
 * the last comparison viewed are kept in localStorage and every link adds its career to
 * them, so a comparison can be built while browsing. The server still checks every code.
 */
(function () {
  "use strict";

  var KEY = "careerCompass.compare";
  var CODE = /^\d{2}-\d{4}\.\d{2}$/;

  function valid(code) {
    return typeof code === "string" && CODE.test(code);
  }

  function load() {
    try {
      var codes = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(codes) ? codes.filter(valid) : [];
    } catch (e) {
      return [];
    }
  }

  function save(codes) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(codes));
    } catch (e) {
      /* Storage may be disabled or full: the links keep working without a basket. */
    }
  }

  var page = document.querySelector("[data-compare-codes]");
  if (page) {
    var shown = page.getAttribute("data-compare-codes");
    save(shown ? shown.split(",").filter(valid) : []);
  }

  var basket = load();
  if (!basket.length) {
    return;
  }
  var links = document.querySelectorAll("a[data-compare-code]");
  Array.prototype.forEach.call(links, function (link) {
    var code = link.getAttribute("data-compare-code");
    if (!valid(code)) {
      return;
    }
    /* Past four careers the server keeps the first four and says which it left out. */
    var inBasket = basket.indexOf(code) !== -1;
    var codes = inBasket ? basket : basket.concat([code]);
    if (inBasket && link.classList.contains("compare-link")) {
      link.textContent = "See your comparison";
    }
    var url = new URL(link.href, window.location.href);
    url.search = "?c=" + codes.join(",");
    link.href = url.pathname + url.search;
  });
})();
