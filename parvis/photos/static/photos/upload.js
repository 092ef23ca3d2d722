// The bulk uploader: one request per file (each under the request size limit), a progress
// bar for the whole and one per file, and what became of each file. Without this script the
// form sends every file at once. Its words come from the form's data-text-* attributes.
(function () {
  "use strict";
  var form = document.querySelector("[data-photo-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var input = form.querySelector("input[type=file]");
  var box = form.querySelector("[data-upload-progress]");
  var total = form.querySelector("[data-upload-total]");
  var status = form.querySelector("[data-upload-status]");
  var list = form.querySelector("[data-upload-list]");
  var button = form.querySelector("input[type=submit]");

  function text(name) { return form.getAttribute("data-text-" + name) || ""; }

  function row(file) {
    var item = document.createElement("li");
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var label = document.createElement("span");
    label.textContent = file.name + ": " + text("waiting");
    item.appendChild(bar);
    item.appendChild(label);
    list.appendChild(item);
    return { item: item, bar: bar, label: label };
  }

  function send(file, line, done) {
    var data = new FormData(form);
    data.delete(input.name);
    data.append(input.name, file, file.name);
    var request = new XMLHttpRequest();
    request.open("POST", window.location.href);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { line.bar.value = Math.round(100 * event.loaded / event.total); }
    });
    request.addEventListener("load", function () {
      var message = text("failed");
      var ok = false;
      try {
        var answer = JSON.parse(request.responseText);
        if (answer.results && answer.results.length) {
          message = answer.results[0].message;
          ok = answer.results[0].ok;
        } else if (answer.error) {
          message = answer.error;
        } else if (answer.errors) {
          message = Object.keys(answer.errors).map(function (k) { return answer.errors[k].join(" "); }).join(" ");
        }
      } catch (error) { /* not JSON: the connection or the server failed */ }
      line.bar.value = 100;
      line.label.textContent = file.name + ": " + message;
      line.item.className = ok ? "success" : "errornote";
      line.item.setAttribute("data-upload-result", ok ? "ok" : "failed");
      done(ok);
    });
    request.addEventListener("error", function () {
      line.label.textContent = file.name + ": " + text("failed");
      line.item.className = "errornote";
      line.item.setAttribute("data-upload-result", "failed");
      done(false);
    });
    line.label.textContent = file.name + ": " + text("sending");
    request.send(data);
  }

  form.addEventListener("submit", function (event) {
    var files = Array.prototype.slice.call(input.files || []);
    if (!files.length) { return; } // the server says what is missing
    event.preventDefault();
    button.disabled = true;
    box.hidden = false;
    list.textContent = "";
    total.value = 0;
    total.max = files.length;
    var lines = files.map(row);
    var index = 0;
    function next() {
      if (index >= files.length) {
        status.textContent = text("done");
        box.setAttribute("data-upload-finished", "");
        button.disabled = false;
        input.value = "";
        return;
      }
      var i = index;
      index += 1;
      send(files[i], lines[i], function () { total.value = i + 1; next(); });
    }
    next();
  });
})();
