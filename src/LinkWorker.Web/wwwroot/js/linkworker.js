// Progressive enhancement only: every page works without this script.
(function () {
  "use strict";
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }

  // After a refused submit, the error summary takes the focus so that a screen reader reads it first.
  var summary = document.querySelector(".lw-error-summary");
  if (summary) {
    summary.focus();
  }

  // The CPR number's format and date, checked as it is typed (the server checks again with the same rule).
  function cprProblem(value, input) {
    value = value.trim();
    var digits = /^\d{6}-\d{4}$/.test(value) ? value.replace("-", "") : value;
    if (digits.length === 0) return null;
    if (!/^\d{10}$/.test(digits)) return input.dataset.msgFormat;
    var day = +digits.slice(0, 2), month = +digits.slice(2, 4), year = +digits.slice(4, 6), seventh = +digits[6];
    // The century from the 7th digit (CPR rules).
    var century = seventh <= 3 ? 1900 : (seventh === 4 || seventh === 9) ? (year <= 36 ? 2000 : 1900) : (year <= 57 ? 2000 : 1800);
    var date = new Date(Date.UTC(century + year, month - 1, day));
    if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return input.dataset.msgDate;
    return null;
  }

  document.querySelectorAll("input[data-cpr-check]").forEach(function (input) {
    var group = input.closest(".form-group");
    var message = document.createElement("span");
    message.className = "form-error-message";
    message.id = input.id + "-live-error";
    message.hidden = true;
    input.parentNode.insertBefore(message, input);
    function check() {
      var problem = cprProblem(input.value, input);
      message.hidden = !problem;
      message.textContent = problem || "";
      group.classList.toggle("form-error", !!problem || !!group.querySelector(".form-error-message:not([hidden]):not(#" + message.id + ")"));
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== message.id; });
      if (problem) described.push(message.id);
      input.setAttribute("aria-describedby", described.join(" "));
      input.setAttribute("aria-invalid", problem ? "true" : "false");
    }
    input.addEventListener("blur", check);
    input.addEventListener("input", function () { if (!message.hidden) check(); });
  });

  // T-ILS: the total and its category as soon as the three answers are given (default cut-offs 5 and 7).
  document.querySelectorAll("form[data-tils]").forEach(function (form) {
    var output = form.querySelector("output");
    function update() {
      var keys = ["lackCompanionship", "feelLeftOut", "feelIsolated"], total = 0;
      for (var i = 0; i < keys.length; i++) {
        var checked = form.querySelector("input[name='" + keys[i] + "']:checked");
        if (!checked) { output.textContent = ""; return; }
        total += +checked.value;
      }
      var category = total >= 7 ? form.dataset.catSevere : total >= 5 ? form.dataset.catModerate : form.dataset.catNone;
      output.textContent = form.dataset.msgTotal.replace("{0}", total).replace("{1}", category);
    }
    form.addEventListener("change", update);
    update();
  });
  // A print button where the page offers one (the access record): without the script, the browser's own print works.
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
