// Parvis back office: names for the search-as-you-type lists and filter icons of Django's admin.
// Select2 labels its combobox with the text of the current choice only, so an empty choice
// has no name at all; each one gets the field's own label first. Without JavaScript the
// field is a plain <select> with its <label>, which needs nothing.
"use strict";
(() => {
  let labels = 0;

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const container = select.nextElementSibling;
      const label = select.id ? document.querySelector(`label[for="${CSS.escape(select.id)}"]`) : null;
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      if (!label.id) {
        labels += 1;
        label.id = `backoffice-label-${labels}`;
      }
      container.querySelectorAll(".select2-selection, .select2-selection__rendered").forEach((el) => {
        const others = (el.getAttribute("aria-labelledby") || "").split(" ").filter((id) => id && id !== label.id);
        el.setAttribute("aria-labelledby", [label.id, ...others].join(" "));
      });
    });
  }

  // The filter boxes of a many-to-many field (`filter_horizontal`) carry a magnifier icon:
  // a <span> with an aria-label, which ARIA forbids on an element without a role. The
  // icon is a picture named by its label.
  function nameFilterIcons(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }

  // Django sets Select2 up some time after the document is ready (jQuery runs its ready
  // handlers asynchronously), and again for each row added to an inline formset: watch for
  // new elements rather than guess when. Only attributes are changed here, which does not
  // wake the observer again.
  document.addEventListener("DOMContentLoaded", () => {
    nameAutocompletes(document);
    nameFilterIcons(document);
    new MutationObserver(() => {
      nameAutocompletes(document);
      nameFilterIcons(document);
    }).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
