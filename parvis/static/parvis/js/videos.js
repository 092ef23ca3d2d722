/* Click-to-load players (parvis/videos): a video kept on another site shows its poster,
   stored by Parvis, and a button; the provider's player (an iframe) is inserted only when
   the visitor presses it, so nothing is asked of the provider before. Without this script
   the page offers a link to the video on the provider's site. No text of its own: the
   iframe's title is the video's, from the page. */
(function () {
  "use strict";
  document.querySelectorAll("[data-video-embed]").forEach(function (figure) {
    var button = figure.querySelector("button[data-embed-src]");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = button.getAttribute("data-embed-src");
      frame.title = button.getAttribute("data-embed-title");
      frame.width = "1280";
      frame.height = "720";
      frame.className = "video-embed__frame";
      frame.setAttribute("allow", "fullscreen; picture-in-picture");
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      var poster = figure.querySelector(".video-embed__poster");
      if (poster) { poster.remove(); }
      button.replaceWith(frame);
      frame.focus();
    });
  });
})();
