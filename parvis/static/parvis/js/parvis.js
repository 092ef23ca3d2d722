// Parvis's one small script. Every page works without it; it only helps.
// After a form comes back with errors, move focus to the summary so screen readers read it.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
});
