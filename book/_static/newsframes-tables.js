// Interactive tables for the web book, without any network: click a column header to
// sort, type in the box above a long table to filter its rows. Cell text is read and
// compared with textContent only, never parsed as HTML.
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.cells[index];
    var text = cell ? cell.textContent.trim() : "";
    var number = Number(text.replace(/,/g, ""));
    return text !== "" && !isNaN(number) ? number : text.toLowerCase();
  }
  function makeSortable(table) {
    var head = table.tHead;
    var body = table.tBodies[0];
    if (!head || !body) { return; }
    Array.prototype.forEach.call(head.rows[0].cells, function (th, index) {
      th.style.cursor = "pointer";
      th.title = "Sort by this column";
      th.addEventListener("click", function () {
        var ascending = th.getAttribute("data-nf-sort") !== "asc";
        Array.prototype.forEach.call(head.rows[0].cells, function (other) {
          other.removeAttribute("data-nf-sort");
        });
        th.setAttribute("data-nf-sort", ascending ? "asc" : "desc");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          if (x === y) { return 0; }
          var less = typeof x === typeof y ? x < y : String(x) < String(y);
          return (less ? -1 : 1) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  function addFilter(table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < 10) { return; }
    var box = document.createElement("input");
    box.type = "search";
    box.className = "nf-filter";
    box.placeholder = "Filter rows";
    box.setAttribute("aria-label", "Filter the rows of this table");
    box.addEventListener("input", function () {
      var needle = box.value.toLowerCase();
      Array.prototype.forEach.call(body.rows, function (row) {
        row.style.display = row.textContent.toLowerCase().indexOf(needle) === -1 ? "none" : "";
      });
    });
    table.parentNode.insertBefore(box, table);
  }
  function init() {
    document.querySelectorAll(".nf-table table").forEach(function (table) {
      if (table.classList.contains("nf-kwic")) { return; }
      makeSortable(table);
      addFilter(table);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
