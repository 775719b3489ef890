// jxc web: charts drawn by vega-embed, one more item row, and the stocktake's scanner field.
// Everything here is a convenience: every form also works without scripts.
"use strict";

function drawCharts() {
  if (typeof window.vegaEmbed !== "function") return;
  document.querySelectorAll(".vega[data-spec]").forEach(function (el) {
    var spec = JSON.parse(el.dataset.spec);
    spec.width = "container";              // as wide as the page: a phone or a desktop
    spec.autosize = {type: "fit", contains: "padding"};
    window.vegaEmbed(el, spec, {actions: false, renderer: "svg"}).then(function () {
      el.dataset.drawn = "1";
    }).catch(function (err) { el.textContent = "The chart could not be drawn: " + err; });
  });
}

function renumber(row, k) {
  row.querySelectorAll("input").forEach(function (input) {
    input.name = input.name.replace(/_\d+$/, "_" + k);
    input.value = "";
  });
  row.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
  var name = row.querySelector(".name");
  if (name) name.textContent = "";
}

function addRow(tbody) {
  var rows = tbody.querySelectorAll("tr.line");
  var last = rows[rows.length - 1];
  var k = 0;
  rows.forEach(function (r) {
    var m = r.querySelector("input").name.match(/_(\d+)$/);
    if (m) k = Math.max(k, Number(m[1]) + 1);
  });
  var row = last.cloneNode(true);
  renumber(row, k);
  tbody.appendChild(row);
  return row;
}

function lineButtons() {
  document.querySelectorAll("button.add-line").forEach(function (b) {
    b.addEventListener("click", function () {
      var row = addRow(document.getElementById(b.dataset.target).tBodies[0]);
      row.querySelector("input").focus();
    });
  });
  document.addEventListener("click", function (ev) {
    if (!ev.target.classList.contains("remove")) return;
    var row = ev.target.closest("tr");
    row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
    var name = row.querySelector(".name");
    if (name) name.textContent = "";
  });
}

// The stocktake page: a scanner types a code and Enter; the code's row gets the quantity
// (1 unless typed first), the same item scanned again adds to it; the list is the form.
function stocktake() {
  var code = document.getElementById("scan-code");
  if (!code) return;
  var qty = document.getElementById("scan-qty");
  var error = document.getElementById("scan-error");
  var tbody = document.getElementById("lines").tBodies[0];

  function rowOf(sku) {
    var found = null, empty = null;
    tbody.querySelectorAll("tr.line").forEach(function (r) {
      var item = r.querySelector("input[name^=item_]");
      if (item.value === sku && !found) found = r;
      if (!item.value && !empty) empty = r;
    });
    return found || empty || addRow(tbody);
  }

  function add() {
    var text = code.value.trim();
    if (!text) return;
    var n = Number(qty.value || "1");
    fetch("/lookup?code=" + encodeURIComponent(text), {credentials: "same-origin"})
      .then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); })
      .then(function (res) {
        if (!res[0]) { error.textContent = res[1].error; error.hidden = false; code.select(); return; }
        error.hidden = true;
        var row = rowOf(res[1].sku);
        var item = row.querySelector("input[name^=item_]");
        var count = row.querySelector("input[name^=qty_]");
        var had = item.value === res[1].sku ? Number(count.value || "0") : 0;
        item.value = res[1].sku;
        count.value = String(had + n);
        var name = row.querySelector(".name");
        if (name) name.textContent = " " + res[1].name;
        row.classList.add("just");
        setTimeout(function () { row.classList.remove("just"); }, 600);
        code.value = "";
        qty.value = "1";
        code.focus();
      });
  }

  code.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); add(); }
  });
  qty.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); code.focus(); }
  });
  document.getElementById("scan-add").addEventListener("click", add);
  code.focus();
}

document.addEventListener("DOMContentLoaded", function () {
  drawCharts();
  lineButtons();
  stocktake();
});
