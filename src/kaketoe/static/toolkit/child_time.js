/* Tuki's sun in child mode: moves along the path at the top of the page while the page stays
   open, and shows the gentle word about a break once the length for the child's age has passed.
   The server renders the same state on every page (templatetags/child_time.py, rules.time_step),
   so without JavaScript the sun simply moves from page to page. No numbers are shown. */
(function () {
  "use strict";
  var box = document.querySelector("[data-kid-time]");
  if (!box) { return; }
  var note = document.querySelector("[data-kid-break]");
  var steps = parseInt(box.getAttribute("data-steps"), 10);
  var started = parseInt(box.getAttribute("data-started"), 10);
  var length = parseInt(box.getAttribute("data-length"), 10) * 1000;
  // The server's clock decides (the tablet's may be wrong): keep the difference.
  var skew = parseInt(box.getAttribute("data-now"), 10) - Date.now();

  function show() {
    var elapsed = Date.now() + skew - started;
    var step = Math.max(0, Math.min(steps, Math.floor(elapsed / length * steps)));
    box.className = box.className.replace(/\bkid-time--s\d+\b/, "kid-time--s" + step);
    if (elapsed >= length) {
      box.classList.add("kid-time--done");
      if (note && !note.textContent) { note.textContent = note.getAttribute("data-text"); }
    }
  }
  show();
  window.setInterval(show, 10000);
})();
