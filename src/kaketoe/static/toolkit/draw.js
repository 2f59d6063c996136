/* The drawing canvas of the toolkit (child mode): pointer events for finger, pen and mouse.
   On submit the drawing goes to the server as a PNG data URL in the hidden "drawing" field;
   the server checks it is a PNG of at most 1 MB. No inline script: CSP script-src 'self'. */
(function () {
  "use strict";
  var box = document.querySelector("[data-draw]");
  if (!box) { return; }
  var canvas = box.querySelector("canvas");
  var field = box.querySelector("input[name=drawing]");
  var form = box.closest("form");
  var context = canvas.getContext("2d");
  var colour = "#2b2b2b";
  var drawing = false;
  var touched = false;
  var last = null;

  function blank() {
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
  }
  function point(event) {
    var rect = canvas.getBoundingClientRect();
    return {
      x: (event.clientX - rect.left) * (canvas.width / rect.width),
      y: (event.clientY - rect.top) * (canvas.height / rect.height)
    };
  }
  function line(from, to) {
    context.strokeStyle = colour;
    context.lineWidth = 8;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
  }

  blank();
  canvas.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    drawing = true;
    touched = true;
    last = point(event);
    line(last, { x: last.x + 0.1, y: last.y + 0.1 });
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!drawing) { return; }
    var next = point(event);
    line(last, next);
    last = next;
  });
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
    canvas.addEventListener(name, function () { drawing = false; });
  });

  box.querySelectorAll("[data-colour]").forEach(function (button) {
    button.addEventListener("click", function () {
      colour = button.getAttribute("data-colour");
      box.querySelectorAll("[data-colour]").forEach(function (other) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
    });
  });
  box.querySelector("[data-clear]").addEventListener("click", function () {
    blank();
    touched = false;
  });
  form.addEventListener("submit", function () {
    field.value = touched ? canvas.toDataURL("image/png") : "";
  });
})();
