// Progressive enhancement only; every page works without it (CSP: script-src 'self').
// A second click on a submit button would post twice: disable it once the form is sent.
document.addEventListener("submit", function (event) {
  var buttons = event.target.querySelectorAll("button[type=submit]");
  window.setTimeout(function () {
    buttons.forEach(function (b) { b.disabled = true; });
  }, 0);
});
