/* The career page's contents and its <details> (progressive enhancement).
 *
 * Without JavaScript the contents is a closed "Jump to a section" menu and every long
 * list opens with its own summary. With it: on wide screens the contents stays open
 * beside the text; on phones the menu closes once a section is chosen; and a link to
 * anything inside a closed <details> (a section's anchor, or #tasks-more) opens it first
 * so the reader lands on what they asked for.
 */
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 64rem)");

  function placeMenu(menu) {
    menu.open = WIDE.matches;
  }

  function openTo(hash) {
    if (!hash || hash.length < 2) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) {
      return;
    }
    var fold = target.querySelector(":scope > details.section-fold");
    if (fold) {
      fold.open = true;
    }
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") {
        node.open = true;
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var menu = document.querySelector("[data-contents]");
    if (menu) {
      placeMenu(menu);
      WIDE.addEventListener("change", function () {
        placeMenu(menu);
      });
      menu.addEventListener("click", function (event) {
        if (event.target.closest("a") && !WIDE.matches) {
          menu.open = false;
        }
      });
    }
    openTo(window.location.hash);
    window.addEventListener("hashchange", function () {
      openTo(window.location.hash);
    });
  });
})();
