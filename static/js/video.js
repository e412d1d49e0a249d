// Career video: the page shows a poster that links to the video file, so it works without
// JavaScript. With it, pressing the poster swaps in a player; nothing is fetched before.
(function () {
  "use strict";
  document.querySelectorAll("a.video-play[data-video-src]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) {
        return; // opening in a new tab keeps the plain link
      }
      event.preventDefault();
      var video = document.createElement("video");
      video.className = "video";
      video.controls = true;
      video.preload = "auto";
      video.setAttribute("playsinline", "");
      if (link.dataset.videoPoster) {
        video.poster = link.dataset.videoPoster;
      }
      video.src = link.dataset.videoSrc;
      var label = link.querySelector(".video-label");
      video.setAttribute("aria-label", label ? label.textContent : "Career video");
      var fallback = document.createElement("a");
      fallback.href = link.href;
      fallback.textContent = "Open the video file";
      video.appendChild(fallback);
      link.replaceWith(video);
      video.focus();
      var played = video.play();
      if (played && played.catch) {
        played.catch(function () {}); // the browser refused autoplay: the controls remain
      }
    });
  });
})();
