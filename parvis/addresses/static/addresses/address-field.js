// Address suggestions: fills the <datalist> of each address field from the addresses'
// search (its URL is the field's data-address-search) as the person types. Without this
// script the field still works: the server resolves the typed address when the form is sent.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-address-search]")) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) {
      continue;
    }
    let timer = null;
    let pending = null;
    const suggest = async (text) => {
      if (pending) {
        pending.abort();
      }
      pending = new AbortController();
      const url = new URL(input.dataset.addressSearch, window.location.href);
      url.searchParams.set("q", text);
      try {
        const response = await fetch(url, {
          signal: pending.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) {
          return;
        }
        const data = await response.json();
        list.replaceChildren(
          ...data.results.map((result) => {
            const option = document.createElement("option");
            option.value = result.label;
            if (result.neighbourhood) {
              option.textContent = result.neighbourhood.name;
            }
            return option;
          }),
        );
      } catch (error) {
        if (error.name !== "AbortError") {
          list.replaceChildren();
        }
      }
    };
    input.addEventListener("input", () => {
      window.clearTimeout(timer);
      const text = input.value.trim();
      if (text.length < 2) {
        list.replaceChildren();
        return;
      }
      timer = window.setTimeout(() => suggest(text), 200);
    });
  }
});
