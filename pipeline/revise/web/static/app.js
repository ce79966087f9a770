// bigan revision page. Plain JavaScript, no build step, no dependencies.
// Every change sends the draft revision this page shows; the server answers 409 when the draft
// was saved elsewhere in between (another tab, the terminal), and we say so instead of overwriting.
"use strict";

const body = document.body;
const CONFLICT = body.dataset.conflict;
let revision = Number(body.dataset.revision);

// A save that merged in what another process saved meanwhile skips revision numbers: the other
// sections on this page are stale then, so the page is reloaded (nothing is lost: it is all saved).
function merged(r) {
  if (Number(r) > revision + 1) { location.reload(); return true; }
  return false;
}

function setRevision(r) {
  revision = Number(r);
  body.dataset.revision = String(revision);
  document.getElementById("revision").textContent = String(revision);
}

// notice(), clearNotice() and readEvents() come from common.js.

// The whole-draft findings are recomputed by the server on every save: show the fresh panel.
function replaceWhole(html) {
  if (typeof html !== "string") return;
  const old = document.getElementById("draft-findings");
  const tpl = document.createElement("template");
  tpl.innerHTML = html.trim();
  if (old && tpl.content.firstElementChild) old.replaceWith(tpl.content.firstElementChild);
}

function replaceSection(id, html, nav) {
  const old = document.getElementById("sec-" + id);
  const tpl = document.createElement("template");
  tpl.innerHTML = html.trim();
  old.replaceWith(tpl.content.firstElementChild);
  if (nav) {
    const li = document.querySelector(`[data-nav="${CSS.escape(id)}"]`);
    if (li) {
      for (const [cls, n] of [["err", nav.errors], ["warn", nav.warnings], ["ph", nav.placeholders]]) {
        const b = li.querySelector(".b." + cls);
        b.textContent = String(n);
        b.hidden = !n;
      }
    }
  }
}

async function failure(resp) {
  let message = `请求失败（HTTP ${resp.status}）`;
  try {
    const data = await resp.json();
    if (data.error) message = data.error;
  } catch (e) { /* not JSON */ }
  if (resp.status === 409) message = CONFLICT;
  notice(message);
}

async function post(url, payload) {
  const resp = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...payload, revision }),
  });
  if (!resp.ok) { await failure(resp); return null; }
  return resp.json();
}

async function act(sec, action, extra) {
  const id = sec.dataset.id;
  sec.classList.add("busy");
  try {
    const data = await post(`api/sections/${encodeURIComponent(id)}/${action}`, extra || {});
    if (!data || merged(data.revision)) return;
    clearNotice();
    setRevision(data.revision);
    replaceSection(id, data.html, data.nav);
    replaceWhole(data.whole);
    const labels = { accept: "已采纳修改", reject: "已放弃修改", undo: "已撤销", redo: "已重做",
                     edit: "已保存编辑", goto: "已恢复该版本" };
    notice(labels[action] || "已保存", true);
  } finally {
    sec.classList.remove("busy");
  }
}

// Server-sent events over a POST: read the body as it arrives and show tokens as they come.
async function propose(sec, action, instruction) {
  const id = sec.dataset.id;
  const out = sec.querySelector(".stream");
  out.hidden = false;
  out.textContent = "";
  sec.classList.add("busy");
  try {
    const resp = await fetch(`api/sections/${encodeURIComponent(id)}/${action}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ instruction, revision }),
    });
    if (!resp.ok) { out.hidden = true; await failure(resp); return; }
    await readEvents(resp, (event, data) => {
      if (event === "token") out.textContent += data;
      else if (event === "reset") out.textContent = "";  // a cut stream is asked again: drop its text
      else if (event === "done") {
        if (merged(data.revision)) return;
        clearNotice();
        setRevision(data.revision);
        replaceSection(id, data.html, data.nav);
        replaceWhole(data.whole);
        notice(action === "revise" ? "修改稿已生成：请查看对比后采纳或放弃" : "已换范文重写：请查看对比后采纳或放弃", true);
      } else if (event === "error") {
        out.hidden = true;
        notice(data.conflict ? CONFLICT : data.error);
      }
    });
  } catch (e) {
    notice("连接中断：" + e);
  } finally {
    sec.classList.remove("busy");
  }
}

async function showDiff(sec, a, b) {
  const id = sec.dataset.id;
  const resp = await fetch(`api/sections/${encodeURIComponent(id)}/diff?a=${a}&b=${b}`);
  if (!resp.ok) { await failure(resp); return; }
  const data = await resp.json();
  const box = sec.querySelector(".history-diff");
  box.innerHTML = `<p class="muted">第 ${Number(a) + 1} 版 → 第 ${Number(b) + 1} 版：${data.summary}</p>` + data.html;
  box.hidden = false;
}

const sections = document.getElementById("sections");

sections.addEventListener("click", (ev) => {
  const btn = ev.target.closest("button[data-act]");
  if (!btn) return;
  const sec = btn.closest(".sec");
  const action = btn.dataset.act;
  if (action === "edit-open") {
    sec.querySelector("form.edit").hidden = false;
    sec.querySelector("form.edit textarea").focus();
  } else if (action === "edit-cancel") {
    sec.querySelector("form.edit").hidden = true;
  } else if (action === "diff") {
    showDiff(sec, btn.dataset.a, btn.dataset.b);
  } else if (action === "regenerate") {
    propose(sec, "regenerate", "");
  } else if (action === "goto") {
    act(sec, "goto", { index: Number(btn.dataset.index) });
  } else {
    act(sec, action);
  }
});

sections.addEventListener("submit", (ev) => {
  ev.preventDefault();
  const form = ev.target;
  const sec = form.closest(".sec");
  if (form.classList.contains("revise")) {
    const instruction = form.instruction.value.trim();
    if (!instruction) { notice("请先写修改要求"); return; }
    propose(sec, "revise", instruction);
  } else if (form.classList.contains("edit")) {
    act(sec, "edit", { text: form.text.value });
  }
});

// Fact sheet editing: a dialog with the YAML; saving recomposes the sections that use changed facts.
const dialog = document.getElementById("facts-dialog");
document.getElementById("facts-open").addEventListener("click", async () => {
  const resp = await fetch("api/facts");
  if (!resp.ok) { await failure(resp); return; }
  const data = await resp.json();
  document.getElementById("facts-text").value = data.yaml;
  document.getElementById("facts-error").hidden = true;
  dialog.showModal();
});
document.getElementById("facts-cancel").addEventListener("click", () => dialog.close());
document.getElementById("facts-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const error = document.getElementById("facts-error");
  error.hidden = true;
  const button = document.getElementById("facts-save");
  button.disabled = true;
  let data = null;
  try {
    data = await post("api/facts", { yaml: document.getElementById("facts-text").value });
  } finally {
    button.disabled = false;
  }
  if (!data) {  // the notice sits behind the modal dialog: repeat it inside
    error.textContent = document.getElementById("notice").textContent;
    error.hidden = false;
    return;
  }
  dialog.close();
  const changed = data.changed.length ? "已重写：" + data.changed.join("、") : "没有章节需要重写";
  sessionStorage.setItem("bigan-notice", "事实已更新，" + changed);
  location.reload();
});
const pending = sessionStorage.getItem("bigan-notice");
if (pending) { sessionStorage.removeItem("bigan-notice"); notice(pending, true); }
