// The GOV.UK timeout warning (the pattern hmrc-frontend's timeout dialog implements), small and
// without dependencies. Markup: templates/includes/timeout_warning.html, on signed-in pages only.
//
// Two minutes before the idle limit a modal dialog opens: "Stay signed in" asks the server to
// restart the limit (a POST to the keep-alive address), "Sign out" signs out, Escape is "Stay
// signed in". Focus stays inside the dialog while it is open and goes back where it was after.
// A screen reader hears the dialog's title and text when it opens, then the time left every
// 30 seconds (the visible countdown changes every second and is hidden from screen readers).
// If nobody answers, a question page is sent with action=timeout (the server saves the answers
// as a draft, then signs out); any other page posts to the timed-out address. Both lead to the
// sign-in page, which brings the person back here.
//
// Times are measured with Date.now(), not by counting ticks: a phone that sleeps stops timers.

const WARNING_SECONDS = 120;
// Act a little before the server would, so the saving request still finds the session.
const MARGIN_SECONDS = 10;

const dialog = document.querySelector("[data-timeout-dialog]");
if (dialog && typeof dialog.showModal === "function") {
  setUp(dialog);
}

function setUp(dialog) {
  const limit = Number(dialog.dataset.timeoutSeconds) || 1800;
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announce = dialog.querySelector("[data-timeout-announce]");
  const stayButton = dialog.querySelector("[data-timeout-stay]");
  const keepForm = dialog.querySelector("[data-timeout-keep]");
  const token = keepForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  const saveForm = document.querySelector("form[data-timeout-save]");
  const savedNote = dialog.querySelector("[data-timeout-saved]");
  if (savedNote && saveForm) savedNote.hidden = false;

  let signOutAt = Date.now() + limit * 1000;
  let returnFocus = null;
  let lastAnnounced = null;
  let finished = false;

  function secondsLeft() {
    return Math.max(0, Math.ceil((signOutAt - Date.now()) / 1000));
  }

  // The words come from the page, translated there ({% translate %}).
  const text = dialog.dataset;

  function words(seconds) {
    if (seconds > 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} ${text.textMinutes}`;
    }
    if (seconds === 60) return text.textMinute;
    return seconds === 1 ? text.textSecond : `${seconds} ${text.textSeconds}`;
  }

  function open() {
    returnFocus = document.activeElement;
    dialog.showModal();
    stayButton.focus();
    lastAnnounced = null;
    update();
  }

  function close() {
    if (dialog.open) dialog.close();
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
  }

  function update() {
    const left = secondsLeft();
    countdown.textContent = words(left);
    const bucket = Math.ceil(left / 30);
    if (bucket !== lastAnnounced) {
      lastAnnounced = bucket;
      announce.textContent = `${text.textAnnounce} ${words(left)}.`;
    }
  }

  async function stay() {
    try {
      const response = await fetch(dialog.dataset.keepAliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token, Accept: "application/json" },
      });
      if (response.redirected || !response.ok) {
        // Already signed out (sent to the sign-in page): go there the usual way.
        timedOut();
        return;
      }
      const data = await response.json();
      signOutAt = Date.now() + limit * 1000;
      const time = document.querySelector("[data-timeout-time]");
      if (time && data.signs_out_at) time.textContent = data.signs_out_at;
      close();
    } catch (error) {
      // No connection: the plain form does the same and comes back to this page.
      keepForm.submit();
    }
  }

  function timedOut() {
    if (finished) return;
    finished = true;
    if (saveForm) {
      const action = document.createElement("input");
      action.type = "hidden";
      action.name = "action";
      action.value = "timeout";
      saveForm.appendChild(action);
      saveForm.submit();
      return;
    }
    const form = document.createElement("form");
    form.method = "post";
    form.action = dialog.dataset.timedOutUrl;
    for (const [name, value] of [
      ["csrfmiddlewaretoken", token],
      ["next", window.location.pathname + window.location.search],
    ]) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
    document.body.appendChild(form);
    form.submit();
  }

  function focusables() {
    return Array.from(
      dialog.querySelectorAll("button, [href], input:not([type=hidden]), [tabindex]:not([tabindex='-1'])"),
    ).filter((element) => !element.disabled && !element.hidden);
  }

  keepForm.addEventListener("submit", (event) => {
    event.preventDefault();
    stay();
  });

  // Escape means "Stay signed in" (the browser would otherwise just close the dialog).
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    stay();
  });

  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const items = focusables();
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    } else if (!dialog.contains(document.activeElement)) {
      event.preventDefault();
      first.focus();
    }
  });

  window.setInterval(() => {
    if (finished) return;
    const left = secondsLeft();
    if (left <= MARGIN_SECONDS) {
      timedOut();
    } else if (left <= WARNING_SECONDS && !dialog.open) {
      open();
    } else if (dialog.open) {
      update();
    }
  }, 1000);
}
