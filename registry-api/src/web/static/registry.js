// Live scoring on the visit form. The registry computes everything: this script only sends the
// form as typed to the server (the same preview the API offers) and shows the answer it renders.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-preview]");
  var panel = document.getElementById("live-score");
  if (!form || !panel) {
    return;
  }
  var timer = null;
  var sent = 0;
  function ask() {
    var mine = ++sent;
    fetch(form.getAttribute("data-preview"), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRF-Token": form.elements.csrf.value
      },
      body: new URLSearchParams(new FormData(form))
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        // Only the answer to the latest form contents is shown.
        if (mine === sent) {
          panel.innerHTML = html;
          panel.setAttribute("data-answered", String(mine));
        }
      })
      .catch(function () { /* the server's answer on saving still says it all */ });
  }
  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 250);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  // A form shown again after a refused save: score what it holds at once.
  if (form.elements.visit_date && form.elements.visit_date.value) {
    ask();
  }
});
