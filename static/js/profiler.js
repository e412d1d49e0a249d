/* Interest profiler: keeps the "n of 60 answered" count and the progress bar current
 * while answering (progressive enhancement).
 *
 * Without JavaScript the count is the one the server wrote when the page was sent; the
 * answers still travel in the form either way, so nothing here is needed to finish.
 */
(function () {
  "use strict";

  function init(form) {
    var hidden = form.querySelector("input[name=a]");
    var progress = form.querySelector("progress");
    var count = form.querySelector(".profiler-count");
    if (!hidden || !progress || !count) {
      return;
    }
    var total = Number(progress.getAttribute("max"));
    var onPage = form.querySelectorAll(".profiler-item").length;
    var before = 0;
    var page = Number(form.querySelector("input[name=p]").value);
    var first = (page - 1) * onPage;
    // Answers kept from other pages: everything in the hidden field outside this page.
    for (var i = 0; i < hidden.value.length; i += 1) {
      if (hidden.value[i] !== "-" && (i < first || i >= first + onPage)) {
        before += 1;
      }
    }
    function update() {
      var answered = before + form.querySelectorAll("input[type=radio]:checked").length;
      progress.value = answered;
      count.textContent = "(" + answered + " of " + total + " answered)";
    }
    form.addEventListener("change", update);
    update();
  }

  document.querySelectorAll("form.profiler").forEach(init);
})();
