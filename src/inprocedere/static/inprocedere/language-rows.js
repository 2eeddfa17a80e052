// The language picker's rows (core/language_rows.py): "Add another language" appends an
// empty row from the <template>, "Remove" takes a row away. Without this script the form
// shows the filled rows and two empty ones, which work as plain fields.
(function () {
  "use strict";

  function renumber(picker) {
    picker.querySelectorAll(".language-rows__row").forEach(function (row, n) {
      row.querySelectorAll("label").forEach(function (label) {
        label.textContent = label.textContent.replace(/\s*\d*$/, " " + (n + 1));
      });
    });
  }

  function addRow(picker) {
    var template = picker.querySelector(".language-rows__template");
    var index = parseInt(picker.dataset.next, 10);
    picker.dataset.next = String(index + 1);
    var html = template.innerHTML.replace(/__index__/g, String(index)).replace(/__number__/g, "");
    var list = picker.querySelector(".language-rows__list");
    list.insertAdjacentHTML("beforeend", html);
    var row = list.lastElementChild;
    setUp(picker, row);
    renumber(picker);
    row.querySelector("select").focus();
  }

  function setUp(picker, row) {
    var remove = row.querySelector(".language-rows__remove");
    remove.hidden = false;
    remove.addEventListener("click", function () {
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber(picker);
      if (next) {
        next.querySelector("select").focus();
      } else {
        picker.querySelector(".language-rows__add").focus();
      }
    });
  }

  function init(root) {
    root.querySelectorAll(".language-rows:not([data-ready])").forEach(function (picker) {
      picker.dataset.ready = "1";
      var rows = picker.querySelectorAll(".language-rows__row");
      rows.forEach(function (row) { setUp(picker, row); });
      // With the script, one empty row is enough: more come with the button.
      var empty = Array.prototype.filter.call(rows, function (row) {
        return !row.querySelector("select").value;
      });
      empty.slice(rows.length - empty.length === 0 ? 1 : 0).forEach(function (row) { row.remove(); });
      renumber(picker);
      var add = picker.querySelector(".language-rows__add");
      add.hidden = false;
      add.addEventListener("click", function () { addRow(picker); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
