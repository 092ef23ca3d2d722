/* A live session's page kept current over its WebSocket (parvis/live/consumers.py).
   Without this script the page works the same, by reloading. Every text it shows comes from
   the page itself (data-say, data-state and the <template> elements): it has none of its own. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-socket]");
  if (!root || !("WebSocket" in window) || !("content" in document.createElement("template"))) {
    return;
  }
  var announcer = document.getElementById("live-announce");
  var questions = document.getElementById("live-questions");
  var queue = document.getElementById("live-queue");
  var empty = document.getElementById("live-empty");
  var byVotes = root.getAttribute("data-live-order") !== "time";
  var delay = 1000;

  function say(key) {
    var source = root.querySelector('[data-say="' + key + '"]');
    if (source && announcer) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = source.textContent; }, 50);
    }
  }

  // A copy of a <template>'s element, its ids and addresses given the question's number.
  function copy(templateId, id) {
    var template = document.getElementById(templateId);
    if (!template) { return null; }
    var node = template.content.firstElementChild.cloneNode(true);
    var nodes = [node].concat(Array.prototype.slice.call(node.querySelectorAll("*")));
    nodes.forEach(function (element) {
      ["id", "for", "aria-describedby", "action", "data-question"].forEach(function (name) {
        var value = element.getAttribute(name);
        if (value === null) { return; }
        value = value.replace(/^question-0(?=-|$)/, "question-" + id)
          .replace(/^answer-0$/, "answer-" + id)
          .replace(/\/questions\/0\//, "/questions/" + id + "/");
        if (name === "data-question") { value = String(id); }
        element.setAttribute(name, value);
      });
    });
    return node;
  }

  function fill(node, attribute, data) {
    Array.prototype.forEach.call(node.querySelectorAll("[" + attribute + "]"), function (element) {
      var key = element.getAttribute(attribute);
      if (Object.prototype.hasOwnProperty.call(data, key)) {
        element.textContent = String(data[key]);
      }
    });
  }

  function questionNode(id) {
    return document.getElementById("question-" + id);
  }

  function addAnswer(item, answer) {
    var list = item.querySelector("[data-answers]");
    var node = copy("live-answer-template", 0);
    if (!list || !node) { return; }
    fill(node, "data-a", answer);
    list.appendChild(node);
  }

  function sortByVotes() {
    if (!questions || !byVotes) { return; }
    var items = Array.prototype.slice.call(questions.children);
    items.sort(function (a, b) {
      return Number(b.getAttribute("data-votes")) - Number(a.getAttribute("data-votes"));
    });
    items.forEach(function (item) { questions.appendChild(item); });
  }

  var handlers = {
    question: function (event) {
      var q = event.question;
      if (!questions || questionNode(q.id)) { return; }
      var node = copy("live-question-template", q.id);
      if (!node) { return; }
      fill(node, "data-q", q);
      node.setAttribute("data-votes", String(q.votes));
      (q.answers || []).forEach(function (answer) { addAnswer(node, answer); });
      if (byVotes) { questions.appendChild(node); sortByVotes(); } else { questions.insertBefore(node, questions.firstChild); }
      if (empty) { empty.hidden = true; }
      say("question");
    },
    answer: function (event) {
      var item = questions && questionNode(event.question);
      if (!item) { return; }
      addAnswer(item, event.answer);
      say("answer");
    },
    votes: function (event) {
      var item = questions && questionNode(event.question);
      if (!item) { return; }
      item.setAttribute("data-votes", String(event.votes));
      fill(item, "data-q", { votes: event.votes });
      sortByVotes();
    },
    state: function (event) {
      var label = root.querySelector('[data-state="' + event.state + '"]');
      var shown = document.getElementById("live-state");
      if (label && shown) { shown.textContent = label.textContent; }
      say("state");
    },
    pending: function (event) {
      var q = event.question;
      if (!queue || questionNode(q.id)) { return; }
      var node = copy("live-pending-template", q.id);
      if (!node) { return; }
      fill(node, "data-q", q);
      queue.appendChild(node);
      if (empty) { empty.hidden = true; }
      say("pending");
    },
    decided: function (event) {
      var item = queue && questionNode(event.question);
      if (item) { item.parentNode.removeChild(item); }
      if (queue && empty && !queue.children.length) { empty.hidden = false; }
    }
  };

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + root.getAttribute("data-live-socket"));
    socket.addEventListener("open", function () {
      delay = 1000;
      root.setAttribute("data-live-connected", "");
    });
    socket.addEventListener("message", function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (error) { return; }
      if (event && handlers[event.kind]) { handlers[event.kind](event); }
    });
    socket.addEventListener("close", function (closing) {
      root.removeAttribute("data-live-connected");
      if (closing.code === 4403 || closing.code === 4404) { return; }
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    });
  }

  connect();
}());
