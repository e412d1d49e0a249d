/* Copy-link buttons for [data-copy-link] blocks (progressive enhancement).
 *
 * Without JavaScript the block is a labeled, read-only input holding the page's
 * canonical URL and the button stays hidden. With it, the button copies the URL
 * with the Clipboard API, falls back to selecting the input and execCommand("copy"),
 * and as a last resort leaves the link selected for the reader to copy. The result
 * is announced in the block's role="status" region.
 */
(function () {
  "use strict";

  function announce(status, text) {
    // Clear first so the same message is announced again on a second press.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 30);
  }

  function selectAll(input) {
    input.focus();
    input.select();
    input.setSelectionRange(0, input.value.length);
  }

  function legacyCopy(input) {
    selectAll(input);
    try {
      return document.execCommand("copy");
    } catch (err) {
      return false;
    }
  }

  function setUp(box) {
    var input = box.querySelector("input");
    var button = box.querySelector("button");
    var status = box.querySelector("[role=status]");
    if (!input || !button || !status) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var copied = function () {
        announce(status, "Link copied");
      };
      var fallback = function () {
        if (legacyCopy(input)) {
          copied();
        } else {
          selectAll(input);
          announce(status, "The link is selected: press Ctrl+C (Cmd+C on a Mac) to copy it");
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(copied, fallback);
      } else {
        fallback();
      }
    });
  }

  document.querySelectorAll("[data-copy-link]").forEach(setUp);
})();
