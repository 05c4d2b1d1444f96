/* budgetbot chat widget: <script src="https://HOST/widget.js" data-title="…" data-color="…" async></script>
 * Everything lives in a Shadow DOM; every text from the server or the visitor is set with textContent. */
(() => {
  "use strict";
  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script || window.__budgetbotWidget) return;
  window.__budgetbotWidget = true;

  const API = new URL("api/ask", script.src).href;
  const TITLE = script.dataset.title || "预算问答";
  const COLOR = CSS.supports("color", script.dataset.color || "") ? script.dataset.color : "#c8102e";
  const KEY = "budgetbot:" + new URL(script.src).host;
  const TTL = 30 * 60 * 1000; // the server forgets a conversation after 30 idle minutes; so do we
  const KEEP = 40; // messages kept in the transcript
  const MAX = 200; // characters per question, as the server allows (nlu.normalize.MAX_CHARS)
  const WELCOME = "您好！我可以回答部门预算公开中的问题，例如“三公”经费、基本支出、项目支出。";
  const STARTERS = ["三公经费是多少", "基本支出预算数", "什么是机关运行经费"];

  const CSS_TEXT = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.bubble { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; width: 60px; height: 60px;
  display: grid; place-items: center; border-radius: 50%; border: none; background: var(--bb-color); cursor: pointer;
  box-shadow: 0 4px 14px rgba(0,0,0,.3); }
.bubble:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.panel { position: fixed; right: 20px; bottom: 92px; z-index: 2147483000; width: 370px; height: min(560px, calc(100vh - 110px));
  display: flex; flex-direction: column; background: #fff; color: #222; border-radius: 12px; overflow: hidden;
  box-shadow: 0 8px 30px rgba(0,0,0,.3); font-size: 15px; line-height: 1.55; }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; gap: 6px; padding: 10px 12px; background: var(--bb-color); color: #fff; }
h2 { flex: 1; margin: 0; font-size: 16px; font-weight: 600; }
header button { background: transparent; border: 1px solid rgba(255,255,255,.6); color: #fff; border-radius: 6px;
  padding: 3px 8px; font-size: 13px; cursor: pointer; }
.log { flex: 1; overflow-y: auto; padding: 12px; background: #f6f7f9; }
.msg { max-width: 88%; margin: 0 0 10px; padding: 8px 11px; border-radius: 10px; white-space: pre-wrap; overflow-wrap: anywhere; }
.me { margin-left: auto; background: var(--bb-color); color: #fff; }
.bot { background: #fff; border: 1px solid #e1e4e8; }
.err { background: #fff4e5; border: 1px solid #f0c36d; }
.text { margin: 0; }
.source { margin: 6px 0 0; font-size: 12px; color: #5f6368; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 12px 0; background: #fff; }
.chips button { border: 1px solid var(--bb-color); color: var(--bb-color); background: #fff; border-radius: 14px;
  padding: 4px 10px; font-size: 13px; cursor: pointer; }
form { display: flex; gap: 8px; padding: 10px 12px; background: #fff; border-top: 1px solid #eee; }
input { flex: 1; min-width: 0; font-size: 16px; padding: 8px 10px; border: 1px solid #c7cbd1; border-radius: 8px; }
form button { border: none; background: var(--bb-color); color: #fff; border-radius: 8px; padding: 0 14px; font-size: 15px; cursor: pointer; }
.msg svg { display: block; margin-top: 8px; max-width: 100%; }
svg text { font-size: 11px; fill: #333; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 480px) {
  .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; }
}`;

  const el = (tag, attrs = {}, text) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const svgEl = (tag, attrs, text) => {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // --- the conversation, kept across the pages of the host site ---
  const load = () => {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) || "null");
      if (saved && Date.now() - saved.at < TTL && Array.isArray(saved.items)) return saved;
    } catch (e) { /* storage disabled or corrupt: start afresh */ }
    return fresh();
  };
  const fresh = () => ({ session: newSession(), items: [], at: Date.now() });
  const newSession = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  const save = () => {
    convo.at = Date.now();
    convo.items = convo.items.slice(-KEEP);
    try { localStorage.setItem(KEY, JSON.stringify(convo)); } catch (e) { /* private mode: keep in memory */ }
  };
  let convo = load();

  // --- the DOM ---
  const host = el("div", { "data-budgetbot": "" });
  const root = host.attachShadow({ mode: "open" });
  if ("adoptedStyleSheets" in root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS_TEXT);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(el("style", {}, CSS_TEXT));
  }
  host.style.setProperty("--bb-color", COLOR);

  const bubble = el("button", { class: "bubble", type: "button", "aria-label": "打开" + TITLE, "aria-expanded": "false", "aria-controls": "bb-panel" });
  const icon = svgEl("svg", { viewBox: "0 0 24 24", width: 28, height: 28, "aria-hidden": "true" });
  icon.append(svgEl("path", { d: "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z", fill: "#fff" }));
  bubble.append(icon);
  const panel = el("section", { class: "panel", id: "bb-panel", role: "dialog", "aria-label": TITLE });
  panel.hidden = true;
  const header = el("header");
  const restart = el("button", { type: "button", class: "new" }, "新对话");
  const close = el("button", { type: "button", class: "close", "aria-label": "关闭" }, "✕");
  header.append(el("h2", {}, TITLE), restart, close);
  const log = el("div", { class: "log", role: "log", "aria-live": "polite", tabindex: "0" });
  const chips = el("div", { class: "chips", role: "group", "aria-label": "推荐问题" });
  const form = el("form");
  const input = el("input", { type: "text", name: "q", maxlength: String(MAX), autocomplete: "off", enterkeyhint: "send", id: "bb-q", placeholder: "请输入您的问题" });
  form.append(el("label", { class: "sr", for: "bb-q" }, "输入问题"), input, el("button", { type: "submit" }, "发送"));
  panel.append(header, log, chips, form);
  root.append(bubble, panel);

  // Where the figures stand, as the other front ends write it: per document, the first place in
  // full (row, column, page), the others by their number (表7, 六（二）).
  const placeText = (s, full) => {
    if (!full) return String(s.place || "").split(" ")[0];
    let text = s.place || "";
    if (s.row && !/^(合计|总计)/.test(s.row)) text += `“${s.row}”`;
    if (s.column && !text.includes(s.column)) text += `“${s.column}”列`;
    if (s.page) text += `（第${s.page}页）`;
    return text;
  };
  const sourceText = (sources) => {
    const byDoc = new Map();
    for (const s of sources) {
      const places = byDoc.get(s.document) || [];
      const text = placeText(s, places.length === 0);
      if (!places.some((p) => p.startsWith(text))) places.push(text);
      byDoc.set(s.document, places);
    }
    return "来源：" + [...byDoc].map(([doc, places]) => `${doc} ${places.join("、")}`).join("；");
  };

  const chart = (c) => {
    const rowH = 22, labelW = 110, barW = 130, top = 18;
    const svg = svgEl("svg", { width: 300, height: top + rowH * c.labels.length, role: "img", "aria-label": c.title });
    svg.append(svgEl("text", { x: 0, y: 12 }, `${c.title}（${c.unit}）`));
    const max = Math.max(...c.values.map(Math.abs), 1e-9);
    c.labels.forEach((label, i) => {
      const y = top + i * rowH;
      const w = Math.max(1, (Math.abs(c.values[i]) / max) * barW);
      svg.append(svgEl("text", { x: 0, y: y + 14 }, label.length > 9 ? label.slice(0, 8) + "…" : label));
      const bar = svgEl("rect", { x: labelW, y: y + 3, width: w, height: 14, rx: 2 });
      bar.style.fill = COLOR;
      svg.append(bar, svgEl("text", { x: labelW + w + 4, y: y + 14 }, Number(c.values[i]).toFixed(2)));
    });
    return svg;
  };

  const render = (item) => {
    const box = el("div", { class: "msg " + item.who });
    box.append(el("p", { class: "text" }, item.text));
    const source = item.who === "bot" && item.sources && item.sources.length ? sourceText(item.sources) : "";
    if (source) box.append(el("p", { class: "source" }, source));
    if (item.chart && Array.isArray(item.chart.labels) && item.chart.labels.length) box.append(chart(item.chart));
    log.append(box);
  };

  const showChips = (list) => {
    chips.replaceChildren(...list.slice(0, 4).map((q) => {
      const chip = el("button", { type: "button" }, q);
      chip.addEventListener("click", () => ask(q));
      return chip;
    }));
  };

  // The last reply's suggestions, else starter questions not asked yet.
  const lastSuggestions = () => {
    const bots = convo.items.filter((i) => i.who === "bot");
    const offered = bots.length ? bots[bots.length - 1].suggestions || [] : [];
    if (offered.length) return offered;
    const asked = new Set(convo.items.filter((i) => i.who === "me").map((i) => i.text));
    return STARTERS.filter((q) => !asked.has(q));
  };

  const redraw = () => {
    log.replaceChildren();
    render({ who: "bot", text: WELCOME });
    convo.items.forEach(render);
    showChips(lastSuggestions());
    log.scrollTop = log.scrollHeight;
  };

  const add = (item) => {
    convo.items.push(item);
    save();
    render(item);
    log.scrollTop = log.scrollHeight;
  };

  let busy = false;
  const ask = async (question) => {
    question = question.trim().slice(0, MAX);
    if (!question || busy) return;
    busy = true;
    add({ who: "me", text: question });
    showChips([]);
    const waiting = el("div", { class: "msg bot wait", "aria-label": "正在回答" }, "…");
    log.append(waiting);
    try {
      const res = await fetch(API, {
        method: "POST", credentials: "omit", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question, session: convo.session }),
      });
      const data = await res.json().catch(() => ({}));
      waiting.remove();
      if (res.ok) {
        add({ who: "bot", text: String(data.answer), sources: data.sources || [], suggestions: data.suggestions || [], chart: data.chart || null });
      } else {
        const wait = res.headers.get("Retry-After");
        add({ who: "err", text: (data.error || "出错了，请稍后再试。") + (wait ? `（${wait}秒后可再问）` : "") });
      }
    } catch (e) {
      waiting.remove();
      add({ who: "err", text: "网络连接失败，请稍后再试。" });
    }
    busy = false;
    showChips(lastSuggestions());
  };

  const setOpen = (open) => {
    panel.hidden = !open;
    bubble.setAttribute("aria-expanded", String(open));
    try { sessionStorage.setItem(KEY + ":open", open ? "1" : ""); } catch (e) { /* ignore */ }
    if (open) { redraw(); input.focus(); } else { bubble.focus(); }
  };

  bubble.addEventListener("click", () => setOpen(panel.hidden));
  close.addEventListener("click", () => setOpen(false));
  panel.addEventListener("keydown", (e) => { if (e.key === "Escape") setOpen(false); });
  restart.addEventListener("click", () => { convo = fresh(); save(); redraw(); input.focus(); });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = input.value;
    input.value = "";
    ask(q);
  });

  const mount = () => {
    document.body.append(host);
    let wasOpen = false;
    try { wasOpen = sessionStorage.getItem(KEY + ":open") === "1"; } catch (e) { /* ignore */ }
    if (wasOpen) { panel.hidden = false; bubble.setAttribute("aria-expanded", "true"); redraw(); }
  };
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
