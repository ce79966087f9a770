// Shared by the revision page (app.js) and the new-report form (new.js). Plain JavaScript, no build step.
"use strict";

function notice(message, ok) {
  const el = document.getElementById("notice");
  el.textContent = message;
  el.classList.toggle("ok", !!ok);
  el.hidden = false;
  if (ok) setTimeout(() => { if (el.textContent === message) el.hidden = true; }, 4000);
}

function clearNotice() { document.getElementById("notice").hidden = true; }

// Server-sent events over a POST (EventSource can only GET): read the body as it arrives and
// call onEvent(name, data) for every complete event.
async function readEvents(resp, onEvent) {
  const reader = resp.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = (frame.match(/^event: (.*)$/m) || [])[1];
      onEvent(event, JSON.parse((frame.match(/^data: (.*)$/m) || [])[1] || "null"));
    }
  }
}
