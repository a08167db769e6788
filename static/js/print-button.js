// Print buttons: shown only when JavaScript runs (without it they could do nothing) and
// print the page when pressed. Loaded as a module file because the CSP forbids inline
// event handlers. Usage: <button type="button" class="govuk-button" data-app-print hidden>.
for (const button of document.querySelectorAll("[data-app-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
