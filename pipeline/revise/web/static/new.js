// The new-report form: sub-sections added and removed here, the whole form posted as JSON, the
// drafting progress read from the server-sent events, then the revision page opened on the draft.
// notice(), clearNotice() and readEvents() come from common.js.
"use strict";

const form = document.getElementById("new-form");
const progress = document.getElementById("progress");
const subTemplate = document.getElementById("sub-template");

// Another genre is another outline: the server renders its sections.
document.getElementById("genre").addEventListener("change", (ev) => {
  location.href = "new?genre=" + encodeURIComponent(ev.target.value);
});

function addSub(fieldset) {
  const node = subTemplate.content.firstElementChild.cloneNode(true);
  fieldset.querySelector(".subs").appendChild(node);
  node.querySelector(".sub-heading").focus();
}

// A marked field is unmarked as soon as the writer changes it.
form.addEventListener("input", (ev) => {
  const marked = ev.target.closest(".invalid");
  if (marked) { marked.classList.remove("invalid"); clearNotice(); }
});

form.addEventListener("click", (ev) => {
  const add = ev.target.closest(".add-sub");
  if (add) { addSub(add.closest("fieldset")); return; }
  const remove = ev.target.closest(".remove-sub");
  if (remove) remove.closest(".sub").remove();
});

// The JSON the server reads (form.sheet_from_web); sub-section fields get the names errors use.
function collect() {
  const header = {};
  for (const el of form.querySelectorAll("[data-field^='header.'] input, [data-field^='header.'] select")) {
    header[el.name] = el.value;
  }
  const sections = {};
  for (const fs of form.querySelectorAll("fieldset[data-section]")) {
    const id = fs.dataset.section;
    const subsections = [...fs.querySelectorAll(".sub")].map((sub, k) => {
      const heading = sub.querySelector(".sub-heading");
      const facts = sub.querySelector(".sub-facts");
      heading.dataset.field = `sections.${id}.sub.${k}.heading`;
      facts.dataset.field = `sections.${id}.sub.${k}.facts`;
      return { heading: heading.value, facts: facts.value };
    });
    sections[id] = { facts: fs.querySelector("textarea.facts").value, subsections };
  }
  return { genre: form.genre.value, header, sections };
}

function markField(field) {
  for (const el of form.querySelectorAll(".invalid")) el.classList.remove("invalid");
  if (!field) return;
  let el = form.querySelector(`[data-field="${CSS.escape(field)}"]`);
  if (!el && field.startsWith("sections.")) {  // an error about a section as a whole
    el = form.querySelector(`fieldset[data-section="${CSS.escape(field.split(".")[1] || "")}"]`);
  }
  if (!el) return;
  el.classList.add("invalid");
  el.scrollIntoView({ block: "center" });
  const input = el.matches("input, textarea, select") ? el : el.querySelector("input, textarea, select");
  if (input) input.focus();
}

function step(text, cls, id) {
  const li = document.createElement("li");
  li.textContent = text;
  li.className = cls;
  if (id) li.dataset.id = id;
  progress.appendChild(li);
  return li;
}

function finishStep(id, cls, text) {
  const li = progress.querySelector(`li[data-id="${CSS.escape(id)}"]`) || step("", "", id);
  li.className = cls;
  li.textContent = text;
}

form.addEventListener("submit", async (ev) => {
  ev.preventDefault();
  clearNotice();
  markField(null);
  const button = document.getElementById("create");
  button.disabled = true;
  progress.replaceChildren();
  try {
    const resp = await fetch("api/new", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(collect()),
    });
    if (!resp.ok) {
      let data = {};
      try { data = await resp.json(); } catch (e) { /* not JSON */ }
      notice(data.error || `请求失败（HTTP ${resp.status}）`);
      markField(data.field);
      return;
    }
    progress.hidden = false;
    const headings = {};
    await readEvents(resp, (event, data) => {
      if (event === "saved") step("已保存事实清单：" + data.files.join("、"), "done");
      else if (event === "start") {
        headings[data.id] = data.heading || data.id;
        step("起草中：" + headings[data.id], "busy", data.id);
      } else if (event === "done") finishStep(data.id, "done", `✓ ${headings[data.id] || data.id}（${data.chars} 字）`);
      else if (event === "failed") finishStep(data.id, "failed", `✗ ${headings[data.id] || data.id}：${data.error}`);
      else if (event === "warning") step("注意：" + data.message, "warn");
      else if (event === "error") notice(data.error);
      else if (event === "finished") {
        sessionStorage.setItem("bigan-notice", "新报告已起草：" + data.draft);
        location.href = data.url;
      }
    });
  } catch (e) {
    notice("连接中断：" + e);
  } finally {
    button.disabled = false;
  }
});
