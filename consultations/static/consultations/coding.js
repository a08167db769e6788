// Keyboard shortcuts and focus for the coding queue (a module: the CSP allows no inline
// script). The queue works without this file: every action is a plain form post.
//
//   1-9, 0, then letters  apply the code showing that key
//   e                     use the answer as an example quote
//   x                     no code fits
//   m                     write a memo (Escape leaves the memo box)
//   s                     skip this answer
//   Enter                 save and go to the next answer
//   ?                     show or hide this list

const TEXT_TYPES = new Set(["text", "search", "email", "number", "tel", "url", "password"]);

function isTyping(element) {
  if (!element) return false;
  if (element.isContentEditable) return true;
  if (element.tagName === "TEXTAREA" || element.tagName === "SELECT") return true;
  return element.tagName === "INPUT" && TEXT_TYPES.has(element.type);
}

function announce(text) {
  const status = document.getElementById("coding-status");
  if (status) {
    status.textContent = "";
    // A fresh text node makes screen readers read the message again.
    window.setTimeout(() => { status.textContent = text; }, 50);
  }
}

document.addEventListener("keydown", (event) => {
  const form = document.getElementById("coding-form");
  if (!form || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (event.key === "Escape" && isTyping(target)) {
    target.blur();
    document.getElementById("coding-answer-heading")?.focus();
    return;
  }
  if (isTyping(target)) return;
  if (event.key === "Enter") {
    if (target && (target.tagName === "BUTTON" || target.tagName === "A")) return;
    event.preventDefault();
    form.requestSubmit(form.querySelector('button[value="save"]'));
    return;
  }
  if (event.key === "?") {
    const help = document.getElementById("coding-help");
    if (help) help.open = !help.open;
    event.preventDefault();
    return;
  }
  const key = event.key.toLowerCase();
  const actions = {
    s: () => form.requestSubmit(form.querySelector('button[value="skip"]')),
    m: () => document.getElementById("memo")?.focus(),
    e: () => document.getElementById("exemplar")?.click(),
    x: () => document.getElementById("code-none")?.click(),
  };
  if (actions[key]) {
    event.preventDefault();
    actions[key]();
    return;
  }
  const input = form.querySelector(`[data-shortcut="${CSS.escape(key)}"]`);
  if (input) {
    event.preventDefault();
    input.click();
    const label = form.querySelector(`label[for="${input.id}"]`);
    announce(`${label ? label.textContent.trim() : key}: ${input.checked ? "chosen" : "not chosen"}`);
  }
});

// After htmx swaps in the next answer, put focus on it so keyboard and screen reader users
// carry on from the right place, and say what happened.
document.body.addEventListener("htmx:afterSettle", () => {
  const heading =
    document.getElementById("coding-answer-heading") ||
    document.getElementById("coding-done-heading");
  if (!heading) return;
  heading.focus();
  const notice = document.getElementById("coding-notice");
  const answer = document.getElementById("coding-answer");
  announce([notice?.textContent, answer ? `Next answer: ${answer.textContent}` : heading.textContent]
    .filter(Boolean).join(" "));
});
