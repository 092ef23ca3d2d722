// The slideshow of a photo's page: the left and right arrow keys follow the "previous" and
// "next" links (which work without this script), unless a field or a control has the focus.
(function () {
  "use strict";
  var page = document.querySelector("[data-slideshow]");
  if (!page) { return; }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, button, [contenteditable]")) { return; }
    var link = null;
    if (event.key === "ArrowLeft") { link = page.querySelector("[data-slideshow-previous]"); }
    if (event.key === "ArrowRight") { link = page.querySelector("[data-slideshow-next]"); }
    if (link) {
      event.preventDefault();
      window.location.assign(link.href);
    }
  });
})();
