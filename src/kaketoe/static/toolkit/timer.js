/* Session timer for the professional: counts up and says when the recommended length for the
   child's age (appendix 6) is reached and when it is time to close. */
(function () {
  "use strict";
  var box = document.querySelector("[data-timer]");
  if (!box) { return; }
  var clock = box.querySelector("[data-timer-clock]");
  var status = box.querySelector("[data-timer-status]");
  var low = parseInt(box.getAttribute("data-minutes-min"), 10) * 60;
  var high = parseInt(box.getAttribute("data-minutes-max"), 10) * 60;
  var seconds = 0;
  var ticking = null;
  var said = "";

  function show() {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    clock.textContent = minutes + ":" + (rest < 10 ? "0" : "") + rest;
    var state = seconds >= high ? "over" : seconds >= low ? "reached" : "";
    box.classList.toggle("timer--reached", state === "reached");
    box.classList.toggle("timer--over", state === "over");
    if (state !== said) {
      said = state;
      status.textContent = state ? box.getAttribute("data-text-" + state) : "";
    }
  }
  box.querySelector("[data-timer-start]").addEventListener("click", function () {
    if (ticking === null) {
      ticking = window.setInterval(function () { seconds += 1; show(); }, 1000);
    }
  });
  box.querySelector("[data-timer-pause]").addEventListener("click", function () {
    window.clearInterval(ticking);
    ticking = null;
  });
  box.querySelector("[data-timer-reset]").addEventListener("click", function () {
    seconds = 0;
    show();
  });
  show();
})();
